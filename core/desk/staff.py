"""What service-center reps, home-office reviewers and admins do: one call per screen action."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy import select as columns_select
from sqlmodel import col

from core.forms.fields import step_problems
from core.forms.spec import Condition, FieldSpec, Section, StepSpec
from core.forms.states import STATES
from core.identity import accounts
from core.identity.accounts import STAFF_ROLES
from core.identity.models import Account
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor
from core.notify import outbox
from core.notify.outbox import Message
from core.packets import invitations, signing
from core.packets.history import HistoryLine
from core.packets.history import history as packet_history_lines
from core.packets.invitations import Invited, RosterEntry
from core.packets.models import Packet, Producer
from core.packets.packets import READ_ONLY_STATUSES, PacketView
from core.packets.program import program, programs

DEFAULT_PROGRAM = "bcbs_recontracting"

PERMISSIONS: dict[str, tuple[str, ...]] = {
    "list": STAFF_ROLES,
    "history": STAFF_ROLES,
    "outbox": STAFF_ROLES,
    "invite": ("admin", "rep"),
    "unlock": ("rep", "admin"),
    "resend": ("rep", "admin"),
    "temporary_password": ("rep", "admin"),
    "countersign": ("reviewer", "admin"),
}
"""Which staff roles may do what; screens ask `can`, services enforce it."""

REFUSALS = {
    "invite": "Only an admin or a rep can invite producers.",
    "unlock": "Only a service-center rep or an admin can unlock an account.",
    "resend": "Only an admin or a rep can resend invitations.",
    "temporary_password": "Only a service-center rep or an admin can send a temporary password.",
    "countersign": "Only a home-office reviewer can countersign.",
    "outbox": "Only staff can read the outbox.",
}

_AGENCY = Condition(field="entity_type", equals="Agency")

ROSTER_STEP = StepSpec(
    id="roster",
    title="Invite a producer",
    kind="form",
    sections=(
        Section("Producer", (
            FieldSpec("first_name", "First name", required=True, max_length=40),
            FieldSpec("last_name", "Last name", required=True, max_length=60),
            FieldSpec("tin", "SSN or TIN", type="tin", required=True, pii=True, max_length=11,
                      placeholder="AAA-GG-SSSS or XX-XXXXXXX"),
            FieldSpec("tin_kind", "TIN kind", type="choice", required=True, options=("SSN", "EIN"),
                      max_length=3, placeholder="SSN or EIN"),
            FieldSpec("email", "Email", type="email", required=True, max_length=120),
            FieldSpec("title", "Title", max_length=60),
            FieldSpec("entity_type", "Entity", type="choice", options=("Individual", "Agency"), max_length=10,
                      placeholder="Individual or Agency",
                      help="Agency: the names above are the agency principal's, who signs for the agency; "
                           "the TIN is the agency's EIN."),
            FieldSpec("agency_name", "Agency name", max_length=80, shown_when=_AGENCY, required_when=_AGENCY),
        )),
        Section("Business address", (
            FieldSpec("address1", "Address line 1", max_length=80),
            FieldSpec("address2", "Address line 2", max_length=80),
            FieldSpec("city", "City", max_length=60),
            FieldSpec("state", "State", type="state", max_length=2, placeholder="TX"),
            FieldSpec("postal_code", "Postal code", type="zip", max_length=10),
        )),
        Section("Phones and states", (
            FieldSpec("business_phone", "Business phone", type="phone", max_length=20, placeholder="555-666-7777"),
            FieldSpec("business_ext", "Ext", type="digits", max_length=6),
            FieldSpec("resident_phone", "Resident phone", type="phone", max_length=20),
            FieldSpec("states", "Contracted states", type="states", required=True, max_length=40,
                      placeholder="IL, TX", help="Two-letter codes separated by commas"),
        )),
    ),
)
"""The roster fields an admin or rep types to invite a producer, drawn by the form renderer."""


@dataclass(frozen=True)
class PacketRow:
    """One line of the staff packet list."""

    id: int
    key: str
    producer_name: str
    program_id: str
    program_title: str
    status: str
    status_label: str
    updated_at: datetime
    account_id: int | None
    locked: bool

    @property
    def cursor(self) -> tuple[datetime, int]:
        return (self.updated_at, self.id)


@dataclass(frozen=True)
class Page:
    """A page of packets, newest change first, with keyset cursors for the pages around it."""

    rows: list[PacketRow]
    has_previous: bool
    has_next: bool

    @property
    def after(self) -> tuple[datetime, int] | None:
        """Cursor for the next page."""
        return self.rows[-1].cursor if self.rows else None

    @property
    def before(self) -> tuple[datetime, int] | None:
        """Cursor for the previous page."""
        return self.rows[0].cursor if self.rows else None


def can(role: str, action: str) -> bool:
    return role in PERMISSIONS.get(action, ())


def _require(actor: Actor, action: str) -> None:
    if not can(actor.role, action):
        raise NotAllowed(REFUSALS.get(action, "Only staff can do this."))


def _row_query() -> Any:
    # Only the columns the list shows: answers_json is large and encrypted.
    return (
        columns_select(*(col(c) for c in (
            Packet.id, Packet.key, Packet.program, Packet.status, Packet.updated_at, Packet.account_id,
            Producer.first_name, Producer.last_name, Account.locked_at, Account.locked_until)))
        .join(Producer, col(Producer.id) == col(Packet.producer_id))
        .outerjoin(Account, col(Account.id) == col(Packet.account_id))
        .where(col(Packet.program).in_(list(programs())))  # contracting packets, not clients' applications
    )


def _packet_row(
    ctx: AppContext, packet_id: int, key: str, program_id: str, status: str, updated_at: datetime,
    account_id: int | None, first: str, last: str, locked_at: datetime | None, locked_until: datetime | None,
) -> PacketRow:
    prog = program(program_id)
    locked = locked_at is not None and (locked_until is None or as_utc(locked_until) > ctx.clock.now())
    return PacketRow(packet_id, key, f"{first} {last}".strip(), program_id, prog.title, status,
                     prog.statuses.get(status, status), as_utc(updated_at), account_id, locked)


def list_packets(
    ctx: AppContext,
    actor: Actor,
    *,
    status: str | None = None,
    after: tuple[datetime, int] | None = None,
    before: tuple[datetime, int] | None = None,
    limit: int = 50,
) -> Page:
    """A page of packets ordered by (updated_at, id) descending; `after`/`before` are row cursors.

    Args:
        after: the last row of the page shown; returns the page below it.
        before: the first row of the page shown; returns the page above it.
    """
    _require(actor, "list")
    if after is not None and before is not None:
        raise ValueError("give after or before, not both")
    query = _row_query()
    if status is not None:
        query = query.where(Packet.status == status)
    updated, ident = col(Packet.updated_at), col(Packet.id)
    if before is not None:
        at, anchor = before
        query = query.where(or_(updated > at, and_(updated == at, ident > anchor))).order_by(updated, ident)
    else:
        if after is not None:
            at, anchor = after
            query = query.where(or_(updated < at, and_(updated == at, ident < anchor)))
        query = query.order_by(updated.desc(), ident.desc())
    with reading(ctx.engine) as session:
        found = list(session.execute(query.limit(limit + 1)).all())
    more = len(found) > limit
    found = found[:limit]
    if before is not None:
        if not more:
            # Back at the top: show a full first page rather than a short one.
            return list_packets(ctx, actor, status=status, limit=limit)
        found.reverse()
    rows = [_packet_row(ctx, *values) for values in found]
    if before is not None:
        return Page(rows, has_previous=True, has_next=True)
    return Page(rows, has_previous=after is not None, has_next=more)


def packet_row(ctx: AppContext, actor: Actor, packet_id: int) -> PacketRow:
    """One packet as the list shows it."""
    _require(actor, "list")
    with reading(ctx.engine) as session:
        values = session.execute(_row_query().where(Packet.id == packet_id)).first()
    if values is None:
        raise NotAllowed("No such packet.")
    return _packet_row(ctx, *values)


def producer_account_for_packet(ctx: AppContext, actor: Actor, packet_id: int) -> int:
    """The producer account that works on a packet."""
    account_id = packet_row(ctx, actor, packet_id).account_id
    if account_id is None:
        raise NotAllowed("This packet has no producer account.")
    return account_id


def allows(row: PacketRow, action: str) -> bool:
    """Whether the packet's state allows an action (the role is checked by `can`)."""
    if action == "unlock":
        return row.locked
    if action == "resend":
        return row.status not in READ_ONLY_STATUSES
    if action == "temporary_password":
        return not row.locked
    if action == "countersign":
        return row.status == "sent"
    return True


def unlock_producer(ctx: AppContext, actor: Actor, packet_id: int, reason: str) -> None:
    """Unlock the account of a packet's producer; the reason goes in the history."""
    _require(actor, "unlock")
    if not allows(packet_row(ctx, actor, packet_id), "unlock"):
        raise NotAllowed("This account is not locked.")
    accounts.unlock(ctx, actor, producer_account_for_packet(ctx, actor, packet_id), reason, packet_id)


def resend_invitation(ctx: AppContext, actor: Actor, packet_id: int) -> None:
    """Email a new invitation code; older codes stop working. The code goes to the outbox only."""
    _require(actor, "resend")
    if not allows(packet_row(ctx, actor, packet_id), "resend"):
        # The invitation email asks to complete the packet; a sent one has its congratulations code.
        raise NotAllowed("This packet was already sent; the producer returns with the code from the congratulations email.")
    invitations.reinvite(ctx, actor, packet_id)


def send_new_temporary_password(ctx: AppContext, actor: Actor, packet_id: int) -> None:
    """Email the producer a temporary password under the program's policy (voids the last one)."""
    _require(actor, "temporary_password")
    row = packet_row(ctx, actor, packet_id)
    if not allows(row, "temporary_password"):
        raise NotAllowed("The account is locked: unlock it first, or the password cannot be used.")
    if row.account_id is None:
        raise NotAllowed("This packet has no producer account.")
    prog = program(row.program_id)
    accounts.issue_temporary_password(
        ctx, row.account_id, prog.login_policy, prog.emails["temporary_password"], packet_id, actor=actor
    )


def countersign(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    """Countersign a sent packet: role and status are checked before any document is touched."""
    _require(actor, "countersign")
    if not allows(packet_row(ctx, actor, packet_id), "countersign"):
        raise NotAllowed("Only a sent packet can be countersigned.")
    return signing.countersign(ctx, actor, packet_id)


def packet_history(ctx: AppContext, actor: Actor, packet_id: int) -> list[HistoryLine]:
    """Every event of a packet, oldest first."""
    _require(actor, "history")
    with reading(ctx.engine) as session:
        if session.get(Packet, packet_id) is None:
            raise NotAllowed("No such packet.")
        return packet_history_lines(session, packet_id)


def mailbox(ctx: AppContext, actor: Actor, *, account_id: int | None = None, limit: int = 200) -> list[Message]:
    """Stored messages, newest first, for staff: to whom, when, the subject and the body, every secret masked.

    Staff never see a code or a temporary password, on any database (the demo mailbox of a demo
    database is `outbox.demo_mailbox`, not this).
    """
    _require(actor, "outbox")
    return outbox.messages(ctx, account_id=account_id, limit=limit)


def parse_states(text: str) -> tuple[list[str], str | None]:
    """Comma- or space-separated state codes, upper-cased, de-duplicated; and what is wrong."""
    codes = list(dict.fromkeys(c.upper() for c in re.split(r"[,\s]+", text or "") if c))
    unknown = [c for c in codes if c not in STATES]
    if unknown:
        return codes, f"Unknown state code{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}."
    return codes, None


# Where invitations' own roster problems belong on the form.
_ROSTER_PROBLEM_FIELDS = {"name": "last_name"}


def invite_producer(
    ctx: AppContext, actor: Actor, values: dict[str, Any], program_id: str = DEFAULT_PROGRAM
) -> Invited:
    """Invite a producer from the roster form; every problem is reported at once, keyed by field."""
    _require(actor, "invite")
    typed = {k: str(v).strip() if v is not None else "" for k, v in values.items()}
    typed["tin_kind"] = typed.get("tin_kind", "").upper()
    typed["state"] = typed.get("state", "").upper()
    problems = step_problems(ROSTER_STEP, typed)
    states, states_problem = parse_states(typed.get("states", ""))
    if states_problem and "states" not in problems:
        problems["states"] = states_problem
    if problems:
        raise ValidationFailed(problems)
    fields = {f.name for f in ROSTER_STEP.fields} - {"states"}
    roster: dict[str, Any] = {name: typed.get(name, "") for name in fields}
    roster["entity_type"] = (roster["entity_type"] or "individual").lower()
    if roster["entity_type"] == "individual":
        roster["agency_name"] = ""  # typed before switching back to Individual: not this producer's
    entry = RosterEntry(states=states, **roster)
    try:
        return invitations.invite(ctx, actor, entry, program_id)
    except ValidationFailed as exc:
        raise ValidationFailed({_ROSTER_PROBLEM_FIELDS.get(k, k): v for k, v in exc.problems.items()}) from exc
