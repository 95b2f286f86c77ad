"""Shared by the attack tests: the secrets the system issues, and what staff can see of them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from core.desk import staff
from core.kernel.clock import UNAMBIGUOUS, IdSource
from core.kernel.config import DATA_DIR
from core.kernel.context import AppContext
from core.kernel.events import Actor
from core.onboarding.demo import IN_REVIEW, READY

SECRET_MIN_LENGTH = 8
"""Temporary passwords, one-time codes, code verifiers, tickets and device tokens are 8 or more
characters; shorter tokens are selectors and report references, which are not secret."""


@dataclass
class RecordingIds:
    """The context's id source, noting every secret-sized token it hands out."""

    inner: IdSource
    issued: list[str] = field(default_factory=list)

    def token(self, length: int, alphabet: str = UNAMBIGUOUS) -> str:
        value = self.inner.token(length, alphabet)
        if length >= SECRET_MIN_LENGTH:
            self.issued.append(value)
        return value

    def digits(self, length: int) -> str:
        return self.inner.digits(length)


def record_secrets(ctx: AppContext) -> RecordingIds:
    """From now on every secret the services issue on this context is noted."""
    recording = RecordingIds(ctx.ids)
    ctx.ids = recording
    return recording


def demo_secrets() -> list[str]:
    """The secrets the demo seed hands out: invitation codes and HCSC temporary passwords."""
    roster = json.loads((DATA_DIR / "demo" / "roster.json").read_text(encoding="utf-8"))
    codes = [p["code"] for p in roster["producers"] + roster.get("econtracting", [])]
    # The verifier (after the dash) is the secret part of an invitation code.
    return codes + [c.partition("-")[2] for c in codes] + [READY.password, IN_REVIEW.password]


def staff_view(ctx: AppContext, actor: Actor, account_id: int | None = None) -> str:
    """Every subject and body the staff outbox shows: one account's, and everyone's."""
    shown = staff.mailbox(ctx, actor, limit=1000)
    if account_id is not None:
        shown += staff.mailbox(ctx, actor, account_id=account_id, limit=1000)
    return "\n".join(f"{m.to_address}\n{m.subject}\n{m.body}" for m in shown)


def leaked(secrets: list[str], text: str) -> list[str]:
    """The secrets that can be read in the text (codes are typed case-insensitively)."""
    upper = text.upper()
    return [s for s in secrets if s.upper() in upper]
