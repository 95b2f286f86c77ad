"""The home office's side of onboarding: the review queue, PII reveals, more information, approve, reject, error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from core.forms.states import STATES
from core.identity.models import Account
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, Event, record
from core.notify import outbox
from core.onboarding import rules
from core.onboarding.models import ProducerNumber
from core.packets import packets
from core.packets.models import Packet, Producer
from core.packets.packets import PacketView
from core.packets.program import program

REVIEW_ROLES = ("reviewer", "admin")
REVIEW_STATUS = "hcsc_review"
# Reviewer decisions: the status each sets, the event it records and the email it sends.
DECISIONS = {
    "more_info": ("more_info", "more information requested", "more_info"),
    "reject": ("rejected", "application rejected", "rejected"),
    "in_error": ("in_error", "marked in error", "in_error"),
}
NOTE_EVENTS = tuple(event for _status, event, _email in DECISIONS.values())
MAX_NOTE = 1000


@dataclass(frozen=True)
class QueueRow:
    """A submitted packet waiting for the home office."""

    packet_id: int
    key: str
    producer_name: str
    states: str
    submitted_at: datetime
    waiting: timedelta
    resubmitted: bool


def _reviewer(actor: Actor) -> None:
    if actor.role not in REVIEW_ROLES:
        raise NotAllowed("Only a home-office reviewer can do this.")


def waiting_text(waiting: timedelta) -> str:
    """How long a packet has waited, e.g. "2d 4h" or "35m"."""
    minutes = int(waiting.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return f"{days}d {hours}h" if days else f"{hours}h {mins:02d}m" if hours else f"{mins}m"


def queue(ctx: AppContext, actor: Actor, limit: int = 200) -> list[QueueRow]:
    """Packets in HCSC Review, the one waiting longest first."""
    _reviewer(actor)
    now = ctx.clock.now()
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(Packet, Producer).join(Producer, col(Producer.id) == col(Packet.producer_id))
            .where(Packet.status == REVIEW_STATUS).order_by(col(Packet.submitted_at), col(Packet.id)).limit(limit)
        ).all()
        resubmitted = {
            e.packet_id for e in session.exec(select(Event).where(
                Event.kind == "application resubmitted", col(Event.packet_id).in_([p.id for p, _ in rows])
            )).all()
        } if rows else set()
    result = []
    for row, producer in rows:
        submitted = as_utc(row.submitted_at or row.updated_at)
        name = f"{producer.first_name} {producer.last_name}".strip()
        states = ", ".join(s for s in producer.states.split(",") if s)
        result.append(QueueRow(row.id, row.key, name, states, submitted, now - submitted, row.id in resubmitted))  # type: ignore[arg-type]
    return result


def open_packet(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    """A reviewer opens a packet read-only; the opening is in the history."""
    _reviewer(actor)
    view = packets.load(ctx, actor, packet_id)
    with writing(ctx.engine) as session:
        record(session, "opened for review", ctx.clock.now(), actor=actor, packet_id=packet_id, detail=view.status_label)
    return view


def reveal(ctx: AppContext, actor: Actor, packet_id: int, field: str) -> str:
    """A PII value in full, for a reviewer; each reveal is recorded (the value never is)."""
    _reviewer(actor)
    view = packets.load(ctx, actor, packet_id)
    spec = view.program.field(field)
    if not spec.pii:
        raise NotAllowed("Only masked fields need revealing.")
    step_id, _, name = field.partition(".")
    value = str(view.answers.get(step_id, {}).get(name) or "")
    with writing(ctx.engine) as session:
        title = view.program.step(step_id).title
        record(session, "PII revealed", ctx.clock.now(), actor=actor, packet_id=packet_id, detail=f"{title}: {spec.label}")
    return value


def _notify(ctx: AppContext, session: Session, row: Packet, email_id: str, **values: str) -> None:
    prog = program(row.program)
    account = session.get(Account, row.account_id)
    assert account is not None
    email = prog.emails[email_id]
    outbox.queue(ctx, session, kind=email_id.replace("_", " "), to=account.email, template=email,
                 values={**values, "name": account.display_name, "key": row.key},
                 account_id=account.id, packet_id=row.id)


def _for_decision(session: Session, packet_id: int, allowed: tuple[str, ...]) -> Packet:
    row = session.exec(select(Packet).where(Packet.id == packet_id).with_for_update()).first()
    if row is None:
        raise NotAllowed("No such packet.")
    if row.status not in allowed:
        label = program(row.program).statuses.get(row.status, row.status)
        raise NotAllowed(f"This application is in {label}; that decision is not possible from there.")
    return row


def decide(ctx: AppContext, actor: Actor, packet_id: int, decision: str, note: str) -> PacketView:
    """Request more information, reject, or mark in error: with a note the producer sees, by email too."""
    _reviewer(actor)
    if decision not in DECISIONS:
        raise NotAllowed(f"Unknown decision {decision!r}.")
    note = " ".join(note.split())[:MAX_NOTE]
    if not note:
        raise ValidationFailed({"note": "Write what is needed, or the reason: the producer sees it."})
    status, event, email_id = DECISIONS[decision]
    # An Error packet may end in a rejection (seed 001 FAQ) or go back to the producer for more information.
    allowed = {"more_info": (REVIEW_STATUS, "in_error"), "in_error": (REVIEW_STATUS, "more_info")}.get(
        decision, (REVIEW_STATUS, "more_info", "in_error"))
    with writing(ctx.engine) as session:
        row = _for_decision(session, packet_id, allowed)
        packets.set_status(session, ctx, actor, row, status, event, note)
        _notify(ctx, session, row, email_id, note=note)
    outbox.deliver_pending(ctx)
    return packets.load(ctx, actor, packet_id)


def _new_number(ctx: AppContext, session: Session, digits: int) -> str:
    """A random producer number of `digits` digits, not starting with 0, not issued before."""
    while True:
        number = str(1 + int(ctx.ids.digits(1)) % 9) + ctx.ids.digits(digits - 1)
        if session.exec(select(ProducerNumber).where(ProducerNumber.number == number)).first() is None:
            return number


def appointments_text(states: list[str]) -> str:
    """The Welcome Letter's appointment lines: where appointments are filed, and each chosen state that
    requires none in the seed's words (seed 001: "Illinois: This state does not require appointments.")."""
    lines = []
    filed = rules.appointed_states(states)
    if filed:
        lines.append(f"Appointments are filed for: {', '.join(STATES.name(s) for s in filed)}.")
    lines += [f"{STATES.name(s)}: {rules.no_appointment(s)}" for s in states if rules.no_appointment(s)]
    return "\n".join(lines)


def approve(ctx: AppContext, actor: Actor, packet_id: int) -> str:
    """Approve: issue the unique 9-digit producer identification number and send the Welcome Letter."""
    _reviewer(actor)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = _for_decision(session, packet_id, (REVIEW_STATUS,))
        prog = program(row.program)
        number = _new_number(ctx, session, int(prog.settings.get("producer_number_digits", 9)))
        session.add(ProducerNumber(number=number, packet_id=packet_id, producer_id=row.producer_id,
                                   issued_by=actor.account_id, issued_at=now))
        packets.set_status(session, ctx, actor, row, "approved", "application approved",
                           f"producer identification number {number} issued")
        producer = session.get(Producer, row.producer_id)
        assert producer is not None
        answers = packets.decrypt_answers(ctx, row.answers_json)
        _notify(ctx, session, row, "welcome_letter", number=number,
                appointments=appointments_text(answers.get("licenses", {}).get("states", [])))
    outbox.deliver_pending(ctx)
    return number


def producer_number(ctx: AppContext, packet_id: int) -> str | None:
    with reading(ctx.engine) as session:
        row = session.exec(select(ProducerNumber).where(ProducerNumber.packet_id == packet_id)).first()
        return row.number if row else None


def latest_note(ctx: AppContext, packet_id: int) -> str:
    """The reviewer's last request or reason, which the producer sees beside the status."""
    with reading(ctx.engine) as session:
        event = session.exec(
            select(Event).where(Event.packet_id == packet_id, col(Event.kind).in_(NOTE_EVENTS))
            .order_by(col(Event.id).desc())
        ).first()
        return event.detail if event else ""
