"""US state codes and names (USPS)."""

from __future__ import annotations

import json
from functools import cache

from core.kernel.config import DATA_DIR


@cache
def _states() -> dict[str, str]:
    return json.loads((DATA_DIR / "states.json").read_text(encoding="utf-8"))["states"]


class _States:
    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.upper() in _states()

    def name(self, code: str) -> str:
        return _states().get(code.upper(), code)

    def codes(self) -> list[str]:
        return list(_states())


STATES = _States()
