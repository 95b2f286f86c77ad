"""Make a Payment: balance, date, bank account or card, terms; Review Payment Details; Submit Payment and Proceed.

The form and the screen are data/ifm/forms/payment.toml; its checks (routing checksum, Luhn, expiry) are
core.payments', its calls core.enrollment.payments'.
"""

from __future__ import annotations

from core.forms.layouts import load_confirmed_form
from tui.kit.confirmed_form import ConfirmedFormScreen


class PaymentScreen(ConfirmedFormScreen):
    """F5 Review Payment Details, then the agreement and F9 Submit Payment and Proceed; Escape cancels (bill later)."""

    CSS_PATH = "../kit/kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    SPEC = load_confirmed_form("ifm/forms/payment.toml")
