"""The NIPR Producer Database (PDB) behind an interface, for any program whose declaration names one.

A declaration says `producer_database = "<provider>"` in its [settings]; the provider "local" reads
the sample set in data/pdb/*.json. The real PDB is a paid network service (domain-rules.md): a
gateway to it would implement `ProducerDatabase` and register itself in `PROVIDERS`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from core.forms.identifiers import digits_only
from core.kernel.config import DATA_DIR

if TYPE_CHECKING:
    from collections.abc import Callable

    from core.packets.program import Program

HEALTH_LINE = "Accident & Health or Sickness"
"""The line of authority health plans need in a state (domain-rules.md, NIPR Producer Database)."""


@dataclass(frozen=True)
class PdbAddress:
    line1: str
    line2: str
    city: str
    state: str
    zip: str


@dataclass(frozen=True)
class PdbLicense:
    state: str
    number: str
    license_class: str
    resident: bool
    status: str
    issue_date: str
    expiration_date: str
    lines: tuple[str, ...]

    def active_on(self, today: date) -> bool:
        """Active status and not past its expiration date."""
        expires = _date(self.expiration_date)
        return self.status == "Active" and (expires is None or expires >= today)


@dataclass(frozen=True)
class PdbAppointment:
    company: str
    state: str
    line: str
    effective_date: str
    status: str
    termination_date: str
    termination_reason: str


@dataclass(frozen=True)
class PdbRecord:
    """One producer's PDB report."""

    npn: str
    ssn: str
    first_name: str
    middle_name: str
    last_name: str
    birth_date: str
    resident_state: str
    email: str
    phones: dict[str, str]
    addresses: dict[str, PdbAddress]
    licenses: tuple[PdbLicense, ...]
    appointments: tuple[PdbAppointment, ...]

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    def active_states(self, today: date) -> list[str]:
        return [lic.state for lic in self.licenses if lic.active_on(today)]

    def license(self, state: str) -> PdbLicense | None:
        return next((lic for lic in self.licenses if lic.state == state), None)

    def health_states(self, today: date) -> list[str]:
        """States where health plans may be sold: an active license holding the Accident & Health line."""
        return [lic.state for lic in self.licenses if lic.active_on(today) and HEALTH_LINE in lic.lines]

    def health_problem(self, state: str, today: date) -> str | None:
        """Why health plans can't be sold in a state (None when they can), in words a producer reads."""
        licenses = [lic for lic in self.licenses if lic.state == state]
        if not any(lic.active_on(today) for lic in licenses):
            return "no active license in the PDB"
        if state not in self.health_states(today):
            return f"the PDB shows no active {HEALTH_LINE} line of authority, which health plans need"
        return None

    @property
    def active_appointments(self) -> tuple[PdbAppointment, ...]:
        return tuple(a for a in self.appointments if a.status == "Active")


class ProducerDatabase(Protocol):
    """What Packetdesk asks of the PDB."""

    def by_ssn(self, ssn: str) -> PdbRecord | None:
        """The report for an SSN (any format), or None when the PDB does not know it."""
        ...

    def by_npn(self, npn: str) -> PdbRecord | None:
        """The report for a National Producer Number, or None."""
        ...


def _date(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%m/%d/%Y").date()
    except ValueError:
        return None


def _record(raw: dict[str, Any]) -> PdbRecord:
    return PdbRecord(
        npn=raw["npn"],
        ssn=digits_only(raw["ssn"]),
        first_name=raw["first_name"],
        middle_name=raw.get("middle_name", ""),
        last_name=raw["last_name"],
        birth_date=raw["birth_date"],
        resident_state=raw["resident_state"],
        email=raw.get("email", ""),
        phones=dict(raw.get("phones", {})),
        addresses={kind: PdbAddress(**value) for kind, value in raw.get("addresses", {}).items()},
        licenses=tuple(
            PdbLicense(
                state=lic["state"], number=lic["number"], license_class=lic.get("class", ""),
                resident=lic.get("resident", False), status=lic["status"], issue_date=lic.get("issue_date", ""),
                expiration_date=lic.get("expiration_date", ""),
                lines=tuple(line["line"] for line in lic.get("lines_of_authority", [])),
            )
            for lic in raw.get("licenses", [])
        ),
        appointments=tuple(
            PdbAppointment(
                company=a["company"], state=a["state"], line=a.get("line", ""), effective_date=a.get("effective_date", ""),
                status=a.get("status", ""), termination_date=a.get("termination_date", ""),
                termination_reason=a.get("termination_reason", ""),
            )
            for a in raw.get("appointments", [])
        ),
    )


class LocalPdb:
    """The PDB sample set in data/pdb/*.json, indexed by SSN and NPN."""

    def __init__(self, folder: Path) -> None:
        records = [
            _record(raw)
            for path in sorted(folder.glob("*.json"))
            for raw in json.loads(path.read_text(encoding="utf-8"))["producers"]
        ]
        self._by_ssn = {r.ssn: r for r in records}
        self._by_npn = {r.npn: r for r in records}

    def by_ssn(self, ssn: str) -> PdbRecord | None:
        return self._by_ssn.get(digits_only(ssn))

    def by_npn(self, npn: str) -> PdbRecord | None:
        return self._by_npn.get((npn or "").strip())

    def __len__(self) -> int:
        return len(self._by_npn)


@cache
def local_pdb() -> LocalPdb:
    """The local PDB, read once per process."""
    return LocalPdb(DATA_DIR / "pdb")


PROVIDERS: dict[str, Callable[[], ProducerDatabase]] = {"local": local_pdb}
"""Producer databases by the name a declaration gives them."""


def producer_database(prog: Program) -> ProducerDatabase:
    """The producer database the program's declaration names (settings.producer_database)."""
    name = str(prog.settings.get("producer_database", ""))
    if name not in PROVIDERS:
        raise KeyError(f"{prog.id} names no known producer database ({name!r})")
    return PROVIDERS[name]()


def pdb_values(record: PdbRecord) -> dict[str, str]:
    """The PDB report flattened for `source = "pdb.<name>"` prefills."""
    business = record.addresses.get("business")
    values = {
        "first_name": record.first_name, "middle_name": record.middle_name, "last_name": record.last_name,
        "npn": record.npn, "email": record.email, "resident_state": record.resident_state,
        "phone_business": record.phones.get("business", ""), "phone_residence": record.phones.get("residence", ""),
    }
    if business is not None:
        values.update(business_line1=business.line1, business_line2=business.line2, business_city=business.city,
                      business_state=business.state, business_zip=business.zip)
    return values


def prefill(prog: Program, answers: dict[str, dict[str, Any]], record: PdbRecord) -> None:
    """Fill the empty fields declared with `source = "pdb.<name>"` from the report."""
    values = pdb_values(record)
    for step in prog.steps:
        for spec in step.fields:
            if spec.source.startswith("pdb.") and not answers.get(step.id, {}).get(spec.name):
                answers.setdefault(step.id, {})[spec.name] = values.get(spec.source.removeprefix("pdb."), "")
