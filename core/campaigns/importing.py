"""Importing a roster into a campaign: all or nothing (or the good rows only, when chosen), once per producer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import col, select

from core.campaigns import counts
from core.campaigns.models import Campaign, CampaignMember
from core.campaigns.roster import BadRow, Progress, RosterCheck, check
from core.identity.models import Account
from core.identity.permissions import require
from core.kernel.bulk import insert_rows, refresh_statistics
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, Event
from core.notify.models import OutboxMessage
from core.packets.invitations import create_invited_many
from core.packets.models import Invitation, Packet, Producer
from core.packets.program import Program, program, programs

CHUNK = 1000
"""Producers created per write transaction: short transactions, and a rerun picks up after a crash."""
ANALYZE_EVERY = 20 * CHUNK
"""How often the grown tables' statistics are refreshed on PostgreSQL (and once at the end)."""
LOOKED_UP = (Producer, Packet, Invitation)
"""The tables the import itself reads by `IN (...)` as they grow (TINs, packets, code selectors)."""
GROWN = (*LOOKED_UP, Account, OutboxMessage, Event, CampaignMember)
"""Every table an import grows (the worker and the dashboard read them next)."""


@dataclass(frozen=True)
class AlreadyInvited:
    line: int
    who: str
    packet_key: str


@dataclass
class ImportReport:
    campaign_id: int | None
    rows: int
    bad: list[BadRow] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    already_invited: list[AlreadyInvited] = field(default_factory=list)
    created: int = 0
    imported: bool = False
    """False when nothing was created because the file has bad rows (and good rows only was not chosen)."""

    def lines(self) -> list[str]:
        """The report as text: one line per bad row (line number and reasons), then the totals."""
        out = list(self.file_problems)
        out += [f"line {b.line}: {'; '.join(b.reasons)}" + (f" ({b.who})" if b.who else "") for b in self.bad]
        out += [f"line {a.line}: already invited to this program ({a.who}, {a.packet_key}): not invited again"
                for a in self.already_invited]
        verdict = (f"{self.created} invited" if self.imported else
                   "nothing imported: correct the file, or import the good rows only")
        out.append(f"{self.rows} rows: {len(self.bad)} bad, {len(self.already_invited)} already invited; {verdict}.")
        return out


def campaign_program(program_id: str) -> Program:
    if program_id not in programs():
        raise NotAllowed(f"No program {program_id!r}: one of {', '.join(p.id for p in campaign_programs())}.")
    prog = program(program_id)
    if not prog.campaign:
        raise NotAllowed(f"{prog.title} declares no campaign ([campaign] in its declaration).")
    return prog


def staff_actor(ctx: AppContext, username: str, action: str = "campaign.manage") -> Actor:
    """The actor for a command-line run by an operator naming their staff account (who already holds the key)."""
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.username == username)).first()
    if account is None or account.id is None:
        raise NotAllowed(f"No staff account {username!r}.")
    actor = Actor(account_id=account.id, role=account.role, auth_method="command line")
    require(actor, action, message="Only an admin can run a campaign.")
    return actor


def _already_invited(ctx: AppContext, prog: Program, indexes: list[str]) -> dict[str, str]:
    """Blind index of the TIN -> packet key, for the TINs (by blind index) whose producer already has a packet
    of the program."""
    found: dict[str, str] = {}
    with reading(ctx.engine) as session:
        for start in range(0, len(indexes), 900):
            # Producers by TIN, then their few packets, the program compared here: given the program in
            # SQL, SQLite walks every packet of the program instead (100,000 per chunk on a re-import).
            producers = dict(session.exec(select(Producer.id, Producer.tin_index)
                                          .where(col(Producer.tin_index).in_(indexes[start:start + 900]))).all())
            if not producers:
                continue
            query = select(Packet.producer_id, Packet.key, Packet.program).where(col(Packet.producer_id).in_(producers))
            found.update({producers[producer_id]: key for producer_id, key, program_id in session.exec(query).all()
                          if program_id == prog.id})
    return found


def find_or_create(ctx: AppContext, actor: Actor, prog: Program, deadline: date, name: str) -> int:
    with writing(ctx.engine) as session:
        found = session.exec(select(Campaign).where(Campaign.program == prog.id, Campaign.name == name)).first()
        if found is not None:
            if found.deadline != deadline:
                raise NotAllowed(f"Campaign {name!r} already has the deadline {found.deadline:%Y-%m-%d}.")
            assert found.id is not None
            return found.id
        campaign = Campaign(name=name, program=prog.id, deadline=deadline, created_at=ctx.clock.now(),
                            created_by=actor.account_id)
        session.add(campaign)
        session.flush()
        assert campaign.id is not None
        return campaign.id


def import_roster(
    ctx: AppContext, actor: Actor, program_id: str, deadline: date, lines: Iterable[str], *,
    name: str = "", good_rows_only: bool = False, total: int = 0, progress: Progress | None = None,
    checking: Progress | None = None,
) -> ImportReport:
    """Check the whole roster, then invite every good producer not yet invited to the program.

    Nothing is written while the file has a bad row, unless `good_rows_only`. Importing the same
    file again invites nobody twice: producers already invited are reported. Invitations are queued
    in the outbox; the worker sends them (`packetdesk worker`).

    Args:
        progress: called with (created, to create) as producers are created.
        checking: called with (rows read, rows in the file) while the file is checked.
    """
    require(actor, "campaign.manage", message="Only an admin can run a campaign.")
    prog = campaign_program(program_id)
    checked: RosterCheck = check(lines, prog, total=total, progress=checking)
    report = ImportReport(None, checked.rows, checked.bad, checked.file_problems)
    if checked.file_problems or (checked.bad and not good_rows_only):
        return report
    indexes = [ctx.cipher.blind_index(row.tin_digits) for row in checked.good]
    existing = _already_invited(ctx, prog, indexes)
    to_create = []
    for row, index in zip(checked.good, indexes, strict=True):
        if index in existing:
            who = f"{row.entry.first_name} {row.entry.last_name}"
            report.already_invited.append(AlreadyInvited(row.line, who, existing[index]))
        else:
            to_create.append((row, index))
    report.imported = True
    report.campaign_id = find_or_create(ctx, actor, prog, deadline, name or f"{prog.title} {deadline:%Y-%m-%d}")
    values = {"deadline": f"{deadline:%B} {deadline.day}, {deadline.year}"}
    for start in range(0, len(to_create), CHUNK):
        chunk = to_create[start:start + CHUNK]
        with writing(ctx.engine) as session:
            invited = create_invited_many(ctx, session, actor, [row.entry for row, _ in chunk], prog, values=values,
                                          by_worker=True)
            members = [
                {"campaign_id": report.campaign_id, "packet_id": done.packet_id, "tin_index": index,
                 "agency": row.agency, "states": ",".join(row.entry.states), "line": row.line, "status": "invited",
                 "reminders_sent": "", "updated_at": ctx.clock.now()}
                for (row, index), done in zip(chunk, invited, strict=True)
            ]
            insert_rows(session, CampaignMember, members)
            deltas: Counter[counts.Key] = Counter()
            for row, _index in chunk:
                deltas.update(counts.keys_of(row.agency, ",".join(row.entry.states), "invited"))
            counts.apply(session, report.campaign_id, deltas)
        report.created += len(members)
        if report.created == len(to_create):
            refresh_statistics(ctx.engine, GROWN)
        elif report.created % ANALYZE_EVERY < CHUNK:
            refresh_statistics(ctx.engine, LOOKED_UP)
        if progress:
            progress(report.created, len(to_create))
    return report


def campaign_programs() -> list[Program]:
    """The programs whose declaration has a [campaign] table: the ones a roster can be imported into."""
    return [p for p in programs().values() if p.campaign]


def import_file(
    ctx: AppContext, actor: Actor, program_id: str, deadline: str, path: str, *, name: str = "",
    good_rows_only: bool = False, progress: Progress | None = None, checking: Progress | None = None,
) -> ImportReport:
    """`import_roster` from a file path and a typed deadline (YYYY-MM-DD), as the desk and the command line give them."""
    require(actor, "campaign.manage", message="Only an admin can run a campaign.")
    try:
        day = date.fromisoformat(deadline.strip())
    except ValueError:
        raise ValidationFailed({"deadline": "Type the deadline as YYYY-MM-DD."}) from None
    if day < ctx.clock.now().date():
        raise ValidationFailed({"deadline": "The deadline has already passed."})
    file = Path(path.strip()).expanduser()
    if not file.is_file():
        raise ValidationFailed({"path": "No such file."})
    with file.open(encoding="utf-8-sig", newline="") as handle:
        total = max(sum(1 for _ in handle) - 1, 0)
    with file.open(encoding="utf-8-sig", newline="") as handle:
        return import_roster(ctx, actor, program_id, day, handle, name=name, good_rows_only=good_rows_only,
                             total=total, progress=progress, checking=checking)
