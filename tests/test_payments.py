"""Payments (core/payments): the checks a declared payment form names, and what is kept of a payment taken."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.forms.fields import step_problems
from core.forms.spec import load_form
from core.kernel.context import AppContext
from core.kernel.errors import NotAllowed
from core.payments.details import PaymentDetails, details_from_form
from core.payments.processor import charge, stored_fields

TODAY = date(2026, 3, 10)
PAYMENT = load_form("ifm/forms/payment.toml")


def card(**changes: str) -> dict[str, Any]:
    return {"payment_date": "03/10/2026", "method": "New Card", "card_number": "4111111111111111", "expiry": "12/29",
            "name": "Jessica Tester", "terms": "true", **changes}


def bank(**changes: str) -> dict[str, Any]:
    return {"payment_date": "03/10/2026", "method": "New Bank Account", "routing": "111000025", "account": "4455667788",
            "account_again": "4455667788", "autopay": "true", "terms": "true", **changes}


def test_the_declared_payment_form_runs_the_card_and_bank_checks() -> None:
    assert step_problems(PAYMENT, card(), TODAY) == {}
    assert step_problems(PAYMENT, bank(), TODAY) == {}
    # 4111 1111 1111 1112: the Luhn sum is 31, not a multiple of 10.
    assert "card_number" in step_problems(PAYMENT, card(card_number="4111111111111112"), TODAY)
    assert step_problems(PAYMENT, card(expiry="02/26"), TODAY)["expiry"] == "This card has expired."
    assert step_problems(PAYMENT, card(payment_date="03/09/2026"), TODAY)["payment_date"] == \
        "The payment date can't be in the past."
    # 111000026: 3*(1+0+0) + 7*(1+0+2) + 1*(1+0+6) = 31, so the routing checksum fails.
    assert "routing" in step_problems(PAYMENT, bank(routing="111000026"), TODAY)
    assert step_problems(PAYMENT, bank(account_again="4455667789"), TODAY)["account_again"] == \
        "The account numbers don't match."


def test_a_card_keeps_brand_and_last_four_and_a_bank_account_its_numbers_encrypted(sqlite_ctx: AppContext) -> None:
    paid_by_card = details_from_form(card(), Decimal("439.82"))
    assert paid_by_card is not None
    kept = stored_fields(sqlite_ctx, paid_by_card)
    assert (kept["method"], kept["brand"], kept["last4"]) == ("card", "Visa", "1111")
    assert kept["routing_enc"] is None and kept["account_enc"] is None and "4111111111111111" not in repr(kept)
    paid_by_bank = details_from_form(bank(), Decimal("439.82"))
    assert paid_by_bank is not None
    kept = stored_fields(sqlite_ctx, paid_by_bank)
    assert (kept["brand"], kept["last4"], kept["autopay"]) == ("Bank account", "7788", True)
    assert "4455667788" not in repr(kept) and sqlite_ctx.cipher.decrypt(kept["account_enc"]) == "4455667788"


class Declines:
    def charge(self, details: PaymentDetails, confirmation: str) -> bool:
        return False


def test_a_declined_payment_is_refused(sqlite_ctx: AppContext) -> None:
    details = details_from_form(card(), Decimal("439.82"))
    assert details is not None
    assert charge(sqlite_ctx, details).brand == "Visa"
    with pytest.raises(NotAllowed, match="declined"):
        charge(sqlite_ctx, details, Declines())
