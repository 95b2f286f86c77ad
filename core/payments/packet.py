"""A packet's payment, for any program that declares one (`[payment]`: core.packets.program.PaymentRule).

The declared payment screen's calls (a form's `[screen]`: lead, summary, action, cancelled) are here, on the
packet the screen was opened on; the calls that reach the database load it again by its id (read access checked).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from core.forms import registry
from core.forms.values import money_text
from core.identity.permissions import require
from core.kernel.context import AppContext
from core.kernel.crypto import mask_last4
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.packets import packets
from core.packets.models import Packet
from core.packets.program import PaymentRule, Program, program
from core.payments.details import PaymentDetails, details_from_form, payment_problems
from core.payments.models import LATER, PAID, PacketPayment
from core.payments.processor import PaymentProcessor, PaymentResult, charge, stored_fields

Answers = dict[str, dict[str, Any]]


def rule_of(prog: Program) -> PaymentRule:
    if prog.payment is None:
        raise NotAllowed(f"{prog.title} takes no payment.")
    return prog.payment


def amount_due(rule: PaymentRule, answers: Answers, rated_on: date) -> Decimal:
    """The declared computation of the amount, over the packet's answers."""
    return Decimal(registry.computation(rule.amount)(answers, rated_on))


@registry.fact_named("payments.choice")
def choice(ctx: AppContext, packet: packets.PacketView) -> str:
    """The answer that chose how to pay ([payment] choice), "" for a program without payment."""
    rule = packet.program.payment
    step_id, _, name = rule.choice.partition(".") if rule else ("", "", "")
    return str(packet.answers.get(step_id, {}).get(name) or "")


@registry.fact_named("payments.status")
def status(ctx: AppContext, packet: packets.PacketView) -> str:
    """How the packet's payment reads: the newest payment taken or put off, else the declared word for the answer
    that chose how to pay; empty for a packet not (yet) in a status it is paid in, or of a program without payment."""
    rule = packet.program.payment
    if rule is None or packet.status not in rule.after:
        return ""
    with reading(ctx.engine) as session:
        newest = session.exec(select(PacketPayment.status).where(PacketPayment.packet_id == packet.id)
                              .order_by(col(PacketPayment.id).desc())).first()
    if newest is not None:
        return {PAID: rule.paid, LATER: rule.later}.get(newest, newest)
    return rule.waiting.get(choice(ctx, packet), "")


def _payable(session: Session, actor: Actor, packet_id: int) -> tuple[PaymentRule, str]:
    """The rule of a packet the actor may pay for now, and its key; NotAllowed otherwise."""
    row = session.get(Packet, packet_id)
    if row is None:
        raise NotAllowed("No such packet.")
    packets.authorize(actor, row, session=session)
    prog = program(row.program).variant(row.entity_type)
    rule = rule_of(prog)
    # Paying changes no answer: whoever may edit the packet may pay, in the statuses `after` names, even those
    # that lock its answers (a submitted application).
    known = replace(packets.facts(row, session, actor), editable=True)
    require(actor, prog.access.get("edit", "packet.edit"), known, "Only someone who may change this packet can pay for it.")
    if row.status not in rule.after:
        raise NotAllowed(rule.refused)
    return rule, row.key


def take(ctx: AppContext, actor: Actor, packet_id: int, details: PaymentDetails, agreement: bool,
         processor: PaymentProcessor | None = None) -> PaymentResult:
    """Take a payment for the packet: every problem at once, the agreement needed; keeps what stored_fields keeps."""
    problems = payment_problems(details, ctx.clock.now().date())
    if not agreement:
        problems["agreement"] = "Agree that payments may be taken from this payment method."
    if problems:
        raise ValidationFailed(problems)
    with reading(ctx.engine) as session:
        _payable(session, actor, packet_id)
    result = charge(ctx, details, processor)  # outside the write transaction: the processor may be slow
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        rule, key = _payable(session, actor, packet_id)
        session.add(PacketPayment(
            packet_id=packet_id, amount_cents=int(details.amount * 100), payment_date=details.payment_date,
            confirmation=result.confirmation, status=PAID, created_by=actor.account_id, created_at=now,
            **stored_fields(ctx, details)))
        record(session, rule.paid_event, now, actor=actor, packet_id=packet_id, detail=f"{key} {result.confirmation}")
    return result


def put_off(ctx: AppContext, actor: Actor, packet_id: int) -> PaymentRule:
    """No payment now: it is billed later (the packet stands); its status reads the declared `later`."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        rule, key = _payable(session, actor, packet_id)
        session.add(PacketPayment(packet_id=packet_id, status=LATER, created_by=actor.account_id, created_at=now))
        record(session, rule.later_event, now, actor=actor, packet_id=packet_id, detail=key)
    return rule


# The declared payment screen's calls, on the packet the screen was opened on.

def _due(packet: packets.PacketView) -> Decimal:
    """What the packet owes, rated as of its last save (the same packet always shows the same)."""
    return amount_due(rule_of(packet.program), packet.answers, packet.updated_at.date())


def balance(record: packets.PacketView) -> str:
    return f"Current Balance {money_text(_due(record))}"


def summary(values: dict[str, Any], record: packets.PacketView) -> str | None:
    """Review Payment Details: the amount, the date and the method, its number masked."""
    details = details_from_form(values, _due(record))
    if details is None:
        return None
    method = (f"{details.brand} {mask_last4(details.card_number)}" if details.method == "card"
              else f"Bank account {mask_last4(details.account)}" + (" · Autopay" if details.autopay else ""))
    return (f"Review Payment Details\nAmount {money_text(details.amount)} · Date {details.payment_date:%m/%d/%Y} · "
            f"{method}")


def pay(ctx: AppContext, actor: Actor, record: packets.PacketView, values: dict[str, Any], agreed: bool) -> str:
    """Take the payment the form's values describe, for the amount the packet owes."""
    packet = packets.load(ctx, actor, record.id)
    rule = rule_of(packet.program)
    details = details_from_form(values, amount_due(rule, packet.answers, packet.updated_at.date()))
    if details is None:
        raise ValidationFailed({"payment_date": "Enter the payment date."})
    result = take(ctx, actor, packet.id, details, agreed)
    return rule.paid_notice.format(confirmation=result.confirmation)


def bill_later(ctx: AppContext, actor: Actor, record: packets.PacketView) -> str:
    return put_off(ctx, actor, record.id).later_notice
