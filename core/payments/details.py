"""A payment as typed (bank account or card) and every problem with it at once.

Numbers live only in PaymentDetails while the payment is taken; what is stored is `stored_fields`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from core.forms import registry
from core.forms.fields import parse_date
from core.forms.identifiers import card_problem, digits_only, routing_problem

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

    @property
    def brand(self) -> str:
        return card_brand(self.card_number) if self.method == "card" else "Bank account"

    @property
    def last4(self) -> str:
        return digits_only(self.card_number if self.method == "card" else self.account)[-4:]


def card_brand(number: str) -> str:
    digits = digits_only(number)
    return next((name for name, prefix in BRANDS if re.match(prefix, digits)), "Card")


def method_of(choice: str) -> str:
    """A declared Payment Method option ("New Bank Account", "New Card") as bank or card."""
    lowered = choice.lower()
    return "bank" if "bank" in lowered else "card" if "card" in lowered else ""


def details_from_form(values: dict[str, Any], amount: Decimal) -> PaymentDetails | None:
    """A payment form's answers (method, payment_date, routing, account, ...); None without a real date."""
    day = parse_date(str(values.get("payment_date") or ""))
    if day is None:
        return None
    text = {name: str(values.get(name) or "") for name in
            ("routing", "account", "account_again", "card_number", "expiry", "name")}
    return PaymentDetails(method_of(str(values.get("method") or "")), amount, day, values.get("terms") == "true",
                          autopay=values.get("autopay") == "true", **text)


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
        problems.update(_bank_problems(details))
    if details.method == "card":
        problems.update(_card_problems(details, today))
    return problems


def _bank_problems(details: PaymentDetails) -> dict[str, str]:
    problems: dict[str, str] = {}
    problem = routing_problem(details.routing)
    if problem:
        problems["routing"] = problem
    account = digits_only(details.account)
    if not 4 <= len(account) <= 17 or account != details.account.strip():
        problems["account"] = "An account number has 4 to 17 digits."
    elif details.account_again.strip() != details.account.strip():
        problems["account_again"] = "The account numbers don't match."
    return problems


def _card_problems(details: PaymentDetails, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
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


@registry.check_named("payments.details")
def form_problems(answers: registry.Answers, today: date) -> dict[str, str]:
    """The check a declared payment form names (`checks = ["payments.details"]`, form id "payment"): everything but
    the amount, which the form does not hold."""
    values = answers.get("payment", {})
    details = details_from_form(values, Decimal(1))
    if details is None:
        return {"payment_date": "Payment Date: enter a real date as MM/DD/YYYY."}
    return payment_problems(details, today)
