"""Taking a payment: the processor interface, a local processor, and what is kept of the payment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from core.forms.identifiers import digits_only
from core.kernel.context import AppContext
from core.kernel.errors import NotAllowed
from core.payments.details import PaymentDetails


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


def charge(ctx: AppContext, details: PaymentDetails, processor: PaymentProcessor | None = None) -> PaymentResult:
    """Take a checked payment under a new confirmation number; a decline raises NotAllowed."""
    confirmation = f"P{ctx.ids.digits(9)}"
    if not (processor or LocalProcessor()).charge(details, confirmation):
        raise NotAllowed("The payment was declined; the client will be billed later.")
    return PaymentResult(confirmation, details.method, details.brand, details.last4, details.amount)


def stored_fields(ctx: AppContext, details: PaymentDetails) -> dict[str, Any]:
    """What a payment row keeps: a card's brand and last 4; a bank account's numbers encrypted."""
    bank = details.method == "bank"
    return {
        "method": details.method, "brand": details.brand, "last4": details.last4,
        "routing_enc": ctx.cipher.encrypt(digits_only(details.routing)) if bank else None,
        "account_enc": ctx.cipher.encrypt(digits_only(details.account)) if bank else None,
        "autopay": details.autopay and bank,
    }
