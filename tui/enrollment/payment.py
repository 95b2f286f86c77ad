"""Make a Payment: balance, date, bank account or card, terms; Review Payment Details; Submit Payment and Proceed.

The form is data/ifm/forms/payment.toml; its checks (routing checksum, Luhn, expiry) are core.payments'.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from core.enrollment import catalog, payments
from core.enrollment.applications import AppView
from core.enrollment.rating import money
from core.forms.spec import load_form
from core.kernel.crypto import mask_last4
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.kernel.events import Actor
from core.payments.details import PaymentDetails, details_from_form
from tui.kit.form_screen import FormScreen
from tui.kit.step_form import StepForm
from tui.kit.toggles import Box

PAYMENT = load_form("ifm/forms/payment.toml")
"""The payment form as data: the bank fields show for a bank account, the card fields for a card."""


class PaymentScreen(FormScreen):
    """F5 Review Payment Details, then the agreement and F9 Submit Payment and Proceed; Escape cancels (bill later)."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [
        Binding("f5", "review", "Review Payment Details", priority=True, id="enroll-pay-review"),
        Binding("f9", "pay", "Submit Payment and Proceed", priority=True, id="enroll-pay-submit"),
        Binding("escape", "cancel", "Cancel", priority=True, id="enroll-pay-cancel"),
    ]
    BUTTONS = (("review", "Review Payment Details", "default"), ("pay", "Submit Payment and Proceed", "primary"),
               ("cancel", "Cancel", "default"))

    def __init__(self, actor: Actor, view: AppView) -> None:
        today = self.papp.ctx.clock.now().date()
        super().__init__(PAYMENT, {"payment_date": today.strftime("%m/%d/%Y")}, title="Make a Payment",
                         detail=f"{view.record_number} · {view.applicant_name}", form_id="payment-form")
        self.actor = actor
        self.view = view
        self.amount = Decimal(view.pricing.total)
        self.review = Static("", id="payment-review")
        self.agreement = Box(catalog.text("payment_agreement"), id="agreement", compact=True)
        self.details: PaymentDetails | None = None
        self.reviewed: dict[str, Any] | None = None
        """The form's values as Review Payment Details last showed them."""

    def before_form(self) -> ComposeResult:
        yield Static(Text(f"Current Balance {money(self.amount)}", style="bold"))
        yield Static(Text("To begin coverage, the first monthly premium is required. The payment will not process "
                          "until the application has completed processing. Autopay is only available with a bank "
                          "account.", style="dim"))

    def after_form(self) -> ComposeResult:
        yield self.review
        yield self.agreement

    def on_mount(self) -> None:
        self.agreement.display = False
        super().on_mount()

    def on_step_form_changed(self, _event: StepForm.Changed) -> None:
        # F5 reads the inputs directly: a change message arriving after it, for a value it already
        # read, changes nothing; a real change drops the review and its "I agree" tick.
        if self.reviewed is not None and self.values() == self.reviewed:
            return
        self.details = None
        self.reviewed = None
        self.review.update("")
        self.agreement.value = False
        self.agreement.display = False

    async def submit(self) -> None:
        """Enter on the last field reviews, as F5 does."""
        await self.action_review()

    async def action_review(self) -> None:
        values = self.values()
        details = details_from_form(values, self.amount)
        if self.check(values, self.papp.ctx.clock.now().date()) or details is None:
            return
        self.details = details
        self.reviewed = values
        method = (f"{details.brand} {mask_last4(details.card_number)}" if details.method == "card"
                  else f"Bank account {mask_last4(details.account)}" + (" · Autopay" if details.autopay else ""))
        self.review.update(Text(f"Review Payment Details\nAmount {money(details.amount)} · Date "
                                f"{details.payment_date:%m/%d/%Y} · {method}", style="bold"))
        self.agreement.display = True
        self.agreement.focus()

    async def action_pay(self) -> None:
        if self.details is None:
            await self.action_review()
            if self.details is None:
                return
        try:
            result = await self.papp.run_core(payments.submit_payment, self.papp.ctx, self.actor, self.view.id,
                                              self.details, self.agreement.value)
        except ValidationFailed as exc:
            self.errors.update(Text("\n".join(exc.problems.values())))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.app.pop_screen()
        self.app.notify(f"Payment submitted. Confirmation number {result.confirmation}.", timeout=10)

    def action_cancel(self) -> None:
        from tui.kit.text_modal import EnrollTextModal

        async def answered(yes: bool | None) -> None:
            if yes:
                await self.papp.run_core(payments.cancel_payment, self.papp.ctx, self.actor, self.view.id)
                self.app.pop_screen()
                self.app.notify("No payment taken: the client will be billed later. The application stands.")

        self.app.push_screen(EnrollTextModal("Are you sure you want to cancel?", "You will lose any information entered. "
                                             "The application is not cancelled; the client will be billed later.",
                                             agree="Yes, Cancel", close="No, Don't Cancel"), answered)
