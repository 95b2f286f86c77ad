"""The first premium payment (Pay Now) of an application, taken through core.payments.

Of a card only the brand and last 4 are kept; bank routing and account numbers are encrypted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.enrollment.applications import AppView, _facts, _get
from core.enrollment.models import IfmPayment
from core.forms.values import money_text
from core.kernel.context import AppContext
from core.kernel.crypto import mask_last4
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.payments.details import PaymentDetails, details_from_form, payment_problems
from core.payments.processor import PaymentProcessor, PaymentResult, charge, stored_fields


def submit_payment(ctx: AppContext, actor: Actor, app_id: int, details: PaymentDetails, agreement: bool,
                   processor: PaymentProcessor | None = None) -> PaymentResult:
    """Submit Payment and Proceed: needs the payment agreement; stores brand and last 4 only."""
    problems = payment_problems(details, ctx.clock.now().date())
    if not agreement:
        problems["agreement"] = "Agree that payments may be taken from this payment method."
    if problems:
        raise ValidationFailed(problems)
    with reading(ctx.engine) as session:
        row, facts = _get(ctx, session, actor, app_id)
    if row.status != "submitted":
        raise NotAllowed("Only a submitted application can be paid.")
    assert facts.id is not None
    result = charge(ctx, details, processor)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        session.add(IfmPayment(
            application_id=facts.id, amount_cents=int(details.amount * 100), payment_date=details.payment_date,
            confirmation=result.confirmation, status="Successful", created_by=actor.account_id, created_at=now,
            **stored_fields(ctx, details)))
        current = _facts(session, app_id)
        current.payment_status = "Successful"
        session.add(current)
        record(session, "ifm payment", now, actor=actor, packet_id=app_id, detail=f"{current.record_number} {result.confirmation}")
    return result


def cancel_payment(ctx: AppContext, actor: Actor, app_id: int) -> None:
    """Cancel on the payment screen: the client is billed later; the application stands."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        _, facts = _get(ctx, session, actor, app_id)
        facts.payment_status = "Bill by mail"
        session.add(facts)
        record(session, "ifm payment cancelled", now, actor=actor, packet_id=app_id, detail=facts.record_number)



# The Make a Payment screen's named calls (data/ifm/forms/payment.toml, [screen]).

def balance(view: AppView) -> str:
    return f"Current Balance {money_text(view.pricing.total)}"


def summary(values: dict[str, Any], view: AppView) -> str | None:
    """Review Payment Details: the amount, the date and the method, its number masked."""
    details = details_from_form(values, Decimal(view.pricing.total))
    if details is None:
        return None
    method = (f"{details.brand} {mask_last4(details.card_number)}" if details.method == "card"
              else f"Bank account {mask_last4(details.account)}" + (" · Autopay" if details.autopay else ""))
    return (f"Review Payment Details\nAmount {money_text(details.amount)} · Date {details.payment_date:%m/%d/%Y} · "
            f"{method}")


def pay(ctx: AppContext, actor: Actor, view: AppView, values: dict[str, Any], agreed: bool) -> str:
    """Submit Payment and Proceed from the form's values."""
    details = details_from_form(values, Decimal(view.pricing.total))
    if details is None:
        raise ValidationFailed({"payment_date": "Enter the payment date."})
    result = submit_payment(ctx, actor, view.id, details, agreed)
    return f"Payment submitted. Confirmation number {result.confirmation}."


def bill_later(ctx: AppContext, actor: Actor, view: AppView) -> str:
    cancel_payment(ctx, actor, view.id)
    return "No payment taken: the client will be billed later. The application stands."
