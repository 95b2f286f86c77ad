"""The home office's review of submitted packets, as a program's `[review]` table declares it.

The queue of packets in the review status, PII reveals, decisions (each sets a status, records an
event and sends an email, with the reviewer's note) and approval, which may issue a producer number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from core.forms import registry
from core.identity.models import Account
from core.identity.permissions import require
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, Event, record
from core.notify import outbox
from core.packets import packets
from core.packets.models import Packet, Producer, ProducerNumber
from core.packets.packets import PacketView
from core.packets.program import Program, program, programs

MAX_NOTE = 1000


@dataclass(frozen=True)
class Decision:
    """One decision a reviewer can make: the status it sets, the event it records, the email it sends."""

    id: str
    label: str
    status: str
    event: str
    email: str
    allowed_from: tuple[str, ...]
    note_label: str = "Reason"
    """How the producer's Home introduces the reviewer's note."""
    confirm: str = ""
    """Asked once more before a decision that cannot be undone (empty: not asked)."""
    variant: str = "default"
    detail: str = ""
    """The history's detail (approval: `{number}` is the number issued); empty: the reviewer's note."""
    done: str = ""
    """What the reviewer is told afterwards (`{key}`, `{label}`, `{number}`)."""
    values: tuple[tuple[str, str], ...] = ()
    """Email placeholders computed by named core functions (name, computation)."""
    needs_note: bool = True
    """The reviewer writes what is needed or why (`note = false`: approval, which needs none)."""
    issues_number: bool = False
    """Issues the program's producer number (`number_digits`) and sends it."""


@dataclass(frozen=True)
class Decided:
    view: PacketView
    number: str
    """The producer number issued, or ""."""


@dataclass(frozen=True)
class ReviewRule:
    """A program's `[review]` table."""

    queue_status: str
    decisions: tuple[Decision, ...]
    """In the order their buttons are shown; approval is declared last, so Enter after a note never approves."""
    explanation: str = ""
    number_digits: int = 0
    """Approval issues a unique producer number of this many digits (0: none)."""
    resubmitted_event: str = ""

    def decision(self, decision_id: str) -> Decision:
        for decision in self.decisions:
            if decision.id == decision_id:
                return decision
        raise NotAllowed(f"Unknown decision {decision_id!r}.")

    @property
    def decided_statuses(self) -> tuple[str, ...]:
        return tuple(d.status for d in self.decisions if d.needs_note)


def _decision(raw: dict[str, Any]) -> Decision:
    return Decision(
        id=raw["id"], label=raw["label"], status=raw["status"], event=raw["event"], email=raw["email"],
        allowed_from=tuple(raw["from"]), note_label=raw.get("note_label", "Reason"), confirm=raw.get("confirm", ""),
        variant=raw.get("variant", "default"), detail=raw.get("detail", ""), done=raw.get("done", ""),
        values=tuple(raw.get("values", {}).items()), needs_note=bool(raw.get("note", True)),
        issues_number=bool(raw.get("issues_number", False)),
    )


def _rule(prog: Program) -> ReviewRule | None:
    raw = prog.review
    if not raw:
        return None
    return ReviewRule(queue_status=raw["queue_status"], decisions=tuple(_decision(d) for d in raw["decisions"]),
                      explanation=raw.get("explanation", ""), number_digits=int(raw.get("number_digits", 0)),
                      resubmitted_event=raw.get("resubmitted_event", ""))


def rule_of(prog: Program) -> ReviewRule:
    """The program's review; NotAllowed when it declares none."""
    found = _rule(prog)
    if found is None:
        raise NotAllowed(f"{prog.title} has no home-office review.")
    return found


def reviewed_programs() -> list[Program]:
    return [p for p in programs().values() if p.review]


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


def waiting_text(waiting: timedelta) -> str:
    """How long a packet has waited, e.g. "2d 4h" or "35m"."""
    minutes = int(waiting.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return f"{days}d {hours}h" if days else f"{hours}h {mins:02d}m" if hours else f"{mins}m"


def queue_title() -> str:
    """The statuses the queue shows, by their names, e.g. "Home Office Review"."""
    return ", ".join(dict.fromkeys(p.statuses[rule_of(p).queue_status] for p in reviewed_programs()))


def queue(ctx: AppContext, actor: Actor, limit: int = 200) -> list[QueueRow]:
    """Packets waiting in the review status of every program that declares a review, the one waiting longest first."""
    require(actor, "packet.review")
    now = ctx.clock.now()
    waiting = [(p.id, rule_of(p)) for p in reviewed_programs()]
    if not waiting:
        return []
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(Packet, Producer).join(Producer, col(Producer.id) == col(Packet.producer_id))
            .where(col(Packet.program).in_([p for p, _ in waiting]))
            .where(col(Packet.status).in_([r.queue_status for _, r in waiting]))
            .order_by(col(Packet.submitted_at), col(Packet.id)).limit(limit)
        ).all()
        events = [r.resubmitted_event for _, r in waiting if r.resubmitted_event]
        resubmitted = {
            e.packet_id for e in session.exec(select(Event).where(
                col(Event.kind).in_(events), col(Event.packet_id).in_([p.id for p, _ in rows])
            )).all()
        } if rows and events else set()
    result = []
    for row, producer in rows:
        if row.status != rule_of(program(row.program)).queue_status:
            continue
        submitted = as_utc(row.submitted_at or row.updated_at)
        name = f"{producer.first_name} {producer.last_name}".strip()
        states = ", ".join(s for s in producer.states.split(",") if s)
        result.append(QueueRow(row.id, row.key, name, states, submitted, now - submitted, row.id in resubmitted))  # type: ignore[arg-type]
    return result


def open_packet(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    """A reviewer opens a packet read-only; the opening is in the history."""
    require(actor, "packet.review")
    view = packets.load(ctx, actor, packet_id)
    with writing(ctx.engine) as session:
        record(session, "opened for review", ctx.clock.now(), actor=actor, packet_id=packet_id, detail=view.status_label)
    return view


def reveal(ctx: AppContext, actor: Actor, packet_id: int, field: str) -> str:
    """A PII value in full, for a reviewer; each reveal is recorded (the value never is)."""
    require(actor, "packet.reveal_pii")
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
    account = session.get(Account, row.account_id)
    assert account is not None
    outbox.queue(ctx, session, kind=email_id.replace("_", " "), to=account.email,
                 template=program(row.program).emails[email_id],
                 values={**values, "name": account.display_name, "key": row.key},
                 account_id=account.id, packet_id=row.id)


def _for_decision(session: Session, packet_id: int, decision_id: str) -> tuple[Packet, Decision]:
    row = session.exec(select(Packet).where(Packet.id == packet_id).with_for_update()).first()
    if row is None:
        raise NotAllowed("No such packet.")
    prog = program(row.program)
    decision = rule_of(prog).decision(decision_id)
    if row.status not in decision.allowed_from:
        label = prog.statuses.get(row.status, row.status)
        raise NotAllowed(f"This application is in {label}; that decision is not possible from there.")
    return row, decision


def decide(ctx: AppContext, actor: Actor, packet_id: int, decision_id: str, note: str = "") -> Decided:
    """A declared decision: its status, event and email, with the reviewer's note where it takes one and
    the program's producer number where it issues one."""
    require(actor, "packet.review")
    note = " ".join(note.split())[:MAX_NOTE]
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row, decision = _for_decision(session, packet_id, decision_id)
        if decision.needs_note and not note:
            raise ValidationFailed({"note": "Write what is needed, or the reason: the producer sees it."})
        digits = rule_of(program(row.program)).number_digits if decision.issues_number else 0
        number = _new_number(ctx, session, digits) if digits else ""
        if number:
            session.add(ProducerNumber(number=number, packet_id=packet_id, producer_id=row.producer_id,
                                       issued_by=actor.account_id, issued_at=now))
        detail = decision.detail.format(number=number) if decision.detail else note
        packets.set_status(session, ctx, actor, row, decision.status, decision.event, detail)
        answers = packets.decrypt_answers(ctx, row.answers_json) if decision.values else {}
        values = {name: str(registry.computation(fn)(answers, now.date())) for name, fn in decision.values}
        _notify(ctx, session, row, decision.email, note=note, number=number, **values)
    outbox.deliver_pending(ctx)
    return Decided(packets.load(ctx, actor, packet_id), number)


def _new_number(ctx: AppContext, session: Session, digits: int) -> str:
    """A random producer number of `digits` digits, not starting with 0, not issued before."""
    while True:
        number = str(1 + int(ctx.ids.digits(1)) % 9) + ctx.ids.digits(digits - 1)
        if session.exec(select(ProducerNumber).where(ProducerNumber.number == number)).first() is None:
            return number


def producer_number(ctx: AppContext, packet_id: int) -> str | None:
    with reading(ctx.engine) as session:
        row = session.exec(select(ProducerNumber).where(ProducerNumber.packet_id == packet_id)).first()
        return row.number if row else None


def status_note(ctx: AppContext, view: PacketView) -> str:
    """The reviewer's note behind the packet's status, as its decision introduces it ("More information
    requested: ..."), for the producer's own screens; "" when no noted decision set the status."""
    if not view.program.review:
        return ""
    behind = [d for d in rule_of(view.program).decisions if d.needs_note and d.status == view.status]
    note = _latest_detail(ctx, view.id, [d.event for d in behind]) if behind else ""
    return f"{behind[0].note_label}: {note}" if note else ""


def latest_note(ctx: AppContext, packet_id: int, prog: Program) -> str:
    """The reviewer's last request or reason, which the producer sees beside the status."""
    return _latest_detail(ctx, packet_id, [d.event for d in rule_of(prog).decisions if d.needs_note])


def _latest_detail(ctx: AppContext, packet_id: int, events: list[str]) -> str:
    with reading(ctx.engine) as session:
        event = session.exec(
            select(Event).where(Event.packet_id == packet_id, col(Event.kind).in_(events))
            .order_by(col(Event.id).desc())
        ).first()
    return event.detail if event else ""
