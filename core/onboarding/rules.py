"""HCSC onboarding rules (seed 001): appointment fees and E&O minimums (money, P.O. boxes and names are in core.forms.values)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.forms.values import (
    _data,
    format_money,
    is_po_box,
    name_matches,
    normalise_name,
    parse_money,
)
from core.forms.values import state_minimum as _state_minimum

__all__ = ["format_money", "is_po_box", "name_matches", "normalise_name", "parse_money"]

FEES_FILE = "hcsc_onboarding/appointment_fees.json"
MINIMUMS_FILE = "hcsc_onboarding/eo_minimums.json"

def state_minimum(states: list[str], relative: str = MINIMUMS_FILE) -> Decimal:
    """The highest E&O minimum among the states chosen (data/hcsc_onboarding); 0 when none is chosen yet."""
    return _state_minimum(states, relative)


@dataclass(frozen=True)
class FeeLine:
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Fees:
    """Appointment fees for the states chosen, deducted from the first commissions."""

    lines: tuple[FeeLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


def state_fee(state: str) -> Decimal:
    return Decimal(str(_data(FEES_FILE)["fees"].get(state, 0)))


def hmo_fee() -> Decimal:
    return Decimal(str(_data(FEES_FILE)["bluelincs_hmo"]["fee"]))


def no_appointment(state: str) -> str:
    """Why no appointment is filed in `state` (seed 001: Illinois), in the seed's words; "" where one is."""
    return str(_data(FEES_FILE).get("no_appointment", {}).get("states", {}).get(state, ""))


def appointed_states(states: list[str]) -> list[str]:
    """The states chosen in which an appointment is filed."""
    return [s for s in states if not no_appointment(s)]


def appointment_fees(states: list[str], bluelincs_hmo: str = "No") -> Fees:
    """One line per state chosen that needs an appointment, plus BlueLincs HMO when Oklahoma is chosen with Yes."""
    from core.forms.states import STATES

    lines = [FeeLine(f"{STATES.name(s)} appointment", state_fee(s)) for s in appointed_states(states)]
    hmo = _data(FEES_FILE)["bluelincs_hmo"]
    if hmo["state"] in states and bluelincs_hmo == "Yes":
        lines.append(FeeLine("BlueLincs HMO appointment (Oklahoma)", hmo_fee()))
    return Fees(tuple(lines))
