"""The first premium payment (Pay Now): checks, a payment interface with a local processor, confirmation numbers.

Of a card only the brand and last 4 are kept; bank routing and account numbers are encrypted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from core.enrollment.applications import _get
from core.enrollment.models import IfmApplication, IfmPayment
from core.forms.identifiers import card_problem, digits_only, routing_problem
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record

BRANDS = (("American Express", r"3[47]"), ("Visa", r"4"), ("Mastercard", r"5[1-5]|2[2-7]"),
          ("Discover", r"6011|65|64[4-9]"))


@dataclass(frozen=True)
class PaymentDetails:
    """What Review Payment Details shows; numbers live only in this object, never in the database in full."""

    method: str
    """bank or card."""
    amount: Decimal
    payment_date: date
    terms_accepted: bool
    routing: str = ""
    account: str = ""
    account_again: str = ""
    card_number: str = ""
    expiry: str = ""
    """MM/YY."""
    name: str = ""
    autopay: bool = False


def card_brand(number: str) -> str:
    digits = digits_only(number)
    return next((name for name, prefix in BRANDS if re.match(prefix, digits)), "Card")


def payment_problems(details: PaymentDetails, today: date) -> dict[str, str]:
    """Every problem of the payment form at once."""
    problems: dict[str, str] = {}
    if details.method not in ("bank", "card"):
        problems["method"] = "Select a payment method."
    if not details.terms_accepted:
        problems["terms"] = "Accept the Terms of Use and Privacy Statement."
    if details.payment_date < today:
        problems["payment_date"] = "The payment date can't be in the past."
    if details.amount <= 0:
        problems["amount"] = "There is nothing to pay."
    if details.method == "bank":
        problem = routing_problem(details.routing)
        if problem:
            problems["routing"] = problem
        account = digits_only(details.account)
        if not 4 <= len(account) <= 17 or account != details.account.strip():
            problems["account"] = "An account number has 4 to 17 digits."
        elif details.account_again.strip() != details.account.strip():
            problems["account_again"] = "The account numbers don't match."
    if details.method == "card":
        problem = card_problem(details.card_number)
        if problem:
            problems["card_number"] = problem
        match = re.fullmatch(r"(\d{2})/(\d{2})", details.expiry.strip())
        if match is None or not 1 <= int(match.group(1)) <= 12:
            problems["expiry"] = "Enter the expiry as MM/YY."
        elif (2000 + int(match.group(2)), int(match.group(1))) < (today.year, today.month):
            problems["expiry"] = "This card has expired."
        if details.autopay:
            problems["autopay"] = "Autopay is only available with a bank account."
    return problems


@dataclass(frozen=True)
class PaymentResult:
    confirmation: str
    method: str
    brand: str
    last4: str
    amount: Decimal


class PaymentProcessor(Protocol):
    def charge(self, details: PaymentDetails, confirmation: str) -> bool:
        """Take the payment; False when declined."""
        ...


class LocalProcessor:
    """Accepts every valid payment; a real processor would call the carrier's payment portal."""

    def charge(self, details: PaymentDetails, confirmation: str) -> bool:
        return True


def balance(ctx: AppContext, actor: Actor, app_id: int) -> Decimal:
    """Current Balance: the first month's premium."""
    with reading(ctx.engine) as session:
        return Decimal(_get(ctx, session, actor, app_id).monthly_premium_cents) / 100


def submit_payment(ctx: AppContext, actor: Actor, app_id: int, details: PaymentDetails, agreement: bool,
                   processor: PaymentProcessor | None = None) -> PaymentResult:
    """Submit Payment and Proceed: needs the payment agreement; stores brand and last 4 only."""
    problems = payment_problems(details, ctx.clock.now().date())
    if not agreement:
        problems["agreement"] = "Agree that payments may be taken from this payment method."
    if problems:
        raise ValidationFailed(problems)
    with reading(ctx.engine) as session:
        row = _get(ctx, session, actor, app_id)
    if row.status != "submitted":
        raise NotAllowed("Only a submitted application can be paid.")
    confirmation = f"P{ctx.ids.digits(9)}"
    if not (processor or LocalProcessor()).charge(details, confirmation):
        raise NotAllowed("The payment was declined; the client will be billed later.")
    card = details.method == "card"
    last4 = digits_only(details.card_number if card else details.account)[-4:]
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        session.add(IfmPayment(
            application_id=app_id, method=details.method, brand=card_brand(details.card_number) if card else "Bank account",
            last4=last4, routing_enc=None if card else ctx.cipher.encrypt(digits_only(details.routing)),
            account_enc=None if card else ctx.cipher.encrypt(digits_only(details.account)),
            amount_cents=int(details.amount * 100), payment_date=details.payment_date, autopay=details.autopay and not card,
            confirmation=confirmation, status="Successful", created_by=actor.account_id, created_at=now))
        current = session.get(IfmApplication, app_id)
        assert current is not None
        current.payment_status = "Successful"
        session.add(current)
        record(session, "ifm payment", now, actor=actor, detail=f"{current.record_number} {confirmation}")
    return PaymentResult(confirmation, details.method, card_brand(details.card_number) if card else "Bank account",
                         last4, details.amount)


def cancel_payment(ctx: AppContext, actor: Actor, app_id: int) -> None:
    """Cancel on the payment screen: the client is billed later; the application stands."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = _get(ctx, session, actor, app_id)
        row.payment_status = "Bill by mail"
        session.add(row)
        record(session, "ifm payment cancelled", now, actor=actor, detail=row.record_number)


def last_payment(ctx: AppContext, actor: Actor, app_id: int) -> IfmPayment | None:
    from sqlmodel import col, select

    with reading(ctx.engine) as session:
        _get(ctx, session, actor, app_id)
        return session.exec(select(IfmPayment).where(IfmPayment.application_id == app_id)
                            .order_by(col(IfmPayment.id).desc())).first()
