"""Reading a campaign roster (CSV) and checking every row against the program's declaration.

Nothing here writes: `check` returns each good row as a RosterEntry and each bad row with its line
number and the reasons, so the admin sees the whole file's problems at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from core.forms.fields import EMAIL
from core.forms.identifiers import digits_only, tin_problem
from core.forms.states import STATES
from core.packets.invitations import RosterEntry, default_tin_kind, entity_problems
from core.packets.program import INDIVIDUAL, Program

COLUMNS = ("first_name", "last_name", "tin", "tin_kind", "npn", "email", "business_phone", "resident_phone",
           "address1", "address2", "city", "state", "postal_code", "title", "states", "agency", "entity_type")
"""The roster's columns (README, "Recontracting campaigns"); a header row names them, in any order."""
REQUIRED_COLUMNS = ("first_name", "last_name", "tin", "email", "states")

Progress = Callable[[int, int], None]
"""Called with (done, total) as a long file is worked through: the CLI draws a bar, core draws nothing."""


@dataclass(frozen=True)
class RosterRow:
    line: int
    entry: RosterEntry
    agency: str
    tin_digits: str


@dataclass(frozen=True)
class BadRow:
    line: int
    reasons: tuple[str, ...]
    who: str
    """The name on the row (never the TIN), so the admin can find it."""


@dataclass
class RosterCheck:
    good: list[RosterRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    """Problems with the file itself (missing columns, not a CSV): nothing can be imported."""
    rows: int = 0

    @property
    def clean(self) -> bool:
        return not self.bad and not self.file_problems


def _split_states(text: str) -> list[str]:
    return [s.strip().upper() for s in text.replace(";", ",").replace(" ", ",").split(",") if s.strip()]


def _entity(values: dict[str, str]) -> str:
    return (values.get("entity_type") or INDIVIDUAL).lower()


def _tin_kind(values: dict[str, str], prog: Program) -> str:
    """The row's tin_kind, or its entity type's default (an agency's EIN, else SSN)."""
    return (values.get("tin_kind") or default_tin_kind(prog, _entity(values))).upper()


def row_problems(values: dict[str, str], prog: Program) -> list[str]:
    """Why one row cannot be imported ([] when it can)."""
    problems = []
    if not values.get("first_name") or not values.get("last_name"):
        problems.append("first and last name are required")
    kind = _tin_kind(values, prog)
    # An agency row: entity_type agency, the agency's name in `agency`, its EIN in `tin`, the principal's name.
    entity = entity_problems(prog, _entity(values), kind, {"agency_name": values.get("agency", "")})
    for name, message in entity.items():
        if name == "agency_name":
            problems.append(f"an {_entity(values)} row needs the agency's name in the agency column")
        elif name == "entity_type":
            problems.append(f"entity_type must be one of {', '.join(prog.entity_types)}, not {_entity(values)!r}")
        elif kind in ("SSN", "EIN"):
            problems.append(f"{message.rstrip('.')} (tin_kind {kind})")
    if kind not in ("SSN", "EIN"):
        problems.append(f"tin_kind must be SSN or EIN, not {kind!r}")
    elif not values.get("tin"):
        problems.append("SSN or TIN is missing")
    else:
        problem = tin_problem(values["tin"], kind)
        if problem:
            problems.append(f"bad {kind}: {problem}")
    email = values.get("email", "")
    if not email:
        problems.append("email is missing")
    elif not EMAIL.match(email):
        problems.append("email is not an address like name@example.com")
    npn = values.get("npn", "")
    if npn and (not npn.isdigit() or len(npn) > 10):
        problems.append("NPN must be up to 10 digits")
    states = _split_states(values.get("states", ""))
    allowed = tuple(prog.campaign.get("states", ())) or tuple(STATES.codes())
    if not states:
        problems.append("no contracted state")
    for state in states:
        if state not in STATES:
            problems.append(f"unknown state {state!r}")
        elif state not in allowed:
            problems.append(f"state {state} is not in {prog.title} ({', '.join(allowed)})")
    if values.get("state") and values["state"].upper() not in STATES:
        problems.append(f"unknown address state {values['state']!r}")
    for column in ("business_phone", "resident_phone"):
        if values.get(column) and len(digits_only(values[column])) != 10:
            problems.append(f"{column.replace('_', ' ')} must have 10 digits")
    postal = values.get("postal_code", "")
    if postal and len(digits_only(postal)) not in (5, 9):
        problems.append("ZIP code must have 5 or 9 digits")
    return problems


def _entry(values: dict[str, str], prog: Program) -> RosterEntry:
    return RosterEntry(
        first_name=values["first_name"], last_name=values["last_name"], tin=values["tin"],
        tin_kind=_tin_kind(values, prog), email=values["email"],
        entity_type=_entity(values), agency_name=values.get("agency", "") if _entity(values) != INDIVIDUAL else "",
        states=_split_states(values["states"]), title=values.get("title", ""),
        address1=values.get("address1", ""), address2=values.get("address2", ""), city=values.get("city", ""),
        state=values.get("state", "").upper(), postal_code=values.get("postal_code", ""),
        business_phone=values.get("business_phone", ""), resident_phone=values.get("resident_phone", ""),
        npn=values.get("npn", ""),
    )


def check(lines: Iterable[str], prog: Program, *, total: int = 0, progress: Progress | None = None) -> RosterCheck:
    """Read and check a roster; a producer twice in the file (same TIN, or same NPN) is a bad row.

    Args:
        total: how many lines the file has, for progress (0 when unknown).
    """
    result = RosterCheck()
    reader = csv.DictReader(lines)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        result.file_problems.append(f"line 1: the header lacks {', '.join(missing)} (columns: {', '.join(COLUMNS)})")
        return result
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        result.file_problems.append(f"line 1: unknown columns {', '.join(unknown)} (columns: {', '.join(COLUMNS)})")
        return result
    reader.fieldnames = header
    seen_tin: dict[tuple[str, str], int] = {}
    seen_npn: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        result.rows += 1
        if progress and result.rows % 1000 == 0:
            progress(result.rows, total)
        if None in raw:
            result.bad.append(BadRow(line, ("more values than columns",), ""))
            continue
        values = {k: (v or "").strip() for k, v in raw.items()}
        if not any(values.values()):
            result.rows -= 1  # a blank line
            continue
        who = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
        problems = row_problems(values, prog)
        tin = digits_only(values.get("tin", ""))
        kind = _tin_kind(values, prog)
        if not problems:
            first = seen_tin.get((kind, tin))
            if first is not None:
                problems.append(f"duplicate producer: same {kind} as line {first}")
            elif values.get("npn") and values["npn"] in seen_npn:
                problems.append(f"duplicate producer: same NPN as line {seen_npn[values['npn']]}")
        if problems:
            result.bad.append(BadRow(line, tuple(problems), who))
            continue
        seen_tin[(kind, tin)] = line
        if values.get("npn"):
            seen_npn[values["npn"]] = line
        result.good.append(RosterRow(line, _entry(values, prog), values.get("agency", ""), tin))
    if progress:
        progress(result.rows, total or result.rows)
    return result


def check_text(text: str, prog: Program) -> RosterCheck:
    return check(io.StringIO(text), prog)
