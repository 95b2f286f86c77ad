"""IFM reference data in data/ifm: plans, ZIP codes, providers, texts (clients and addresses are declared
lookups in data/programs/ifm_enrollment.toml)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.kernel.config import DATA_DIR

IFM = DATA_DIR / "ifm"


def _load(name: str) -> dict[str, Any]:
    return json.loads((IFM / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Plan:
    id: str
    kind: str
    """medical or dental."""
    state: str
    name: str
    metal: str
    network: str
    exchange: str
    """on (the exchange enrolls) or off (this wizard enrolls)."""
    tobacco_factor: float
    rates_21: dict[str, float]
    """Monthly rate at age 21 per rating area."""

    @property
    def on_exchange(self) -> bool:
        return self.exchange == "on"

    def rate_21(self, rating_area: str) -> float:
        return self.rates_21.get(rating_area) or next(iter(self.rates_21.values()))


@dataclass(frozen=True)
class Place:
    zip: str
    state: str
    city: str
    county: str
    rating_area: str


@dataclass(frozen=True)
class Provider:
    group: str
    name: str
    state: str
    city: str
    networks: tuple[str, ...]
    accepting: bool


@cache
def plans() -> dict[str, Plan]:
    found = {}
    for raw in _load("plans.json")["plans"]:
        plan = Plan(**{**raw, "rates_21": dict(raw["rates_21"])})
        found[plan.id] = plan
    return found


def plan(plan_id: str | None) -> Plan | None:
    return plans().get(plan_id or "")


def plans_for(state: str, kind: str | None = None) -> list[Plan]:
    return [p for p in plans().values() if p.state == state and (kind is None or p.kind == kind)]


@cache
def _zips() -> dict[str, list[str]]:
    return _load("zips.json")["zips"]  # type: ignore[no-any-return]


def place(zip_code: str) -> Place | None:
    """County and rating area of a ZIP in IL, MT, NM, OK or TX."""
    row = _zips().get(zip_code.strip()[:5])
    return Place(zip_code.strip()[:5], *row) if row else None


def counties(state: str) -> list[str]:
    return sorted({row[2] for row in _zips().values() if row[0] == state})


@cache
def providers() -> tuple[Provider, ...]:
    return tuple(
        Provider(p["group"], p["name"], p["state"], p["city"], tuple(p["networks"]), p["accepting"])
        for p in _load("providers.json")["providers"]
    )


def find_providers(state: str, network: str, query: str = "") -> list[Provider]:
    words = query.lower().split()
    return [p for p in providers() if p.state == state and network in p.networks
            and all(w in f"{p.name} {p.city} {p.group}".lower() for w in words)]
