"""Make a Payment: balance, date, bank account or card, terms; Review Payment Details; Submit Payment and Proceed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from core.enrollment import catalog, payments
from core.enrollment.applications import AppView
from core.enrollment.payments import PaymentDetails
from core.enrollment.rating import money
from core.forms.fields import parse_date
from core.forms.spec import load_form
from core.kernel.crypto import mask_last4
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.kernel.events import Actor
from tui.kit.base import AppScreen
from tui.kit.choice import normalise_choices
from tui.kit.error_line import ErrorLine
from tui.kit.step_form import StepForm
from tui.kit.toggles import Box

PAYMENT = load_form("ifm/forms/payment.toml")
"""The payment form as data: the bank fields show for a bank account, the card fields for a card."""


class PaymentScreen(AppScreen):
    """F5 Review Payment Details, then the agreement and F9 Submit Payment and Proceed; Escape cancels (bill later)."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [
        Binding("f5", "review", "Review Payment Details", priority=True, id="enroll-pay-review"),
        Binding("f9", "submit", "Submit Payment and Proceed", priority=True, id="enroll-pay-submit"),
        Binding("escape", "cancel", "Cancel", priority=True, id="enroll-pay-cancel"),
    ]

    def __init__(self, actor: Actor, view: AppView) -> None:
        super().__init__()
        self.actor = actor
        self.view = view
        self.amount = Decimal(view.pricing.total)
        today = self.papp.ctx.clock.now().date()
        self.form = StepForm(PAYMENT, {"payment_date": today.strftime("%m/%d/%Y")}, id="payment-form")
        self.review = Static("", id="payment-review")
        self.agreement = Box(catalog.text("payment_agreement"), id="agreement", compact=True)
        self.errors = ErrorLine(classes="step-errors")
        self.details: PaymentDetails | None = None
        self.reviewed: dict[str, Any] | None = None
        """The form's values as Review Payment Details last showed them."""

    def compose(self) -> ComposeResult:
        yield self.top_line("Make a Payment", f"{self.view.record_number} · {self.view.applicant_name}")
        with VerticalScroll(classes="body"):
            yield Static(Text(f"Current Balance {money(self.amount)}", style="bold"))
            yield Static(Text("To begin coverage, the first monthly premium is required. The payment will not process "
                              "until the application has completed processing. Autopay is only available with a bank "
                              "account.", style="dim"))
            yield self.form
            yield self.review
            yield self.agreement
            yield self.errors
        with Horizontal(classes="buttons"):
            yield Button("Review Payment Details", id="review", compact=True)
            yield Button("Submit Payment and Proceed", id="submit", variant="primary", compact=True)
            yield Button("Cancel", id="cancel", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.agreement.display = False
        first = self.form.first_input()
        if first is not None:
            first.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        """Enter moves from field to field as on every other form; on the last one it reviews (F5)."""
        inputs = self.form.inputs
        if focused is None or focused not in inputs:
            return False
        if self.form.is_last(focused):
            self.run_worker(self.action_review(), group="review")
        else:
            self.set_focus(inputs[inputs.index(focused) + 1])
        return True

    def values(self) -> dict[str, Any]:
        return normalise_choices(PAYMENT, self.form.sync_from_widgets())

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

    def build(self) -> PaymentDetails | None:
        values = self.values()
        method = {"New Bank Account": "bank", "New Card": "card"}.get(str(values.get("method")), "")
        day = parse_date(str(values.get("payment_date") or ""))
        if day is None:
            self.form.show_problems({"payment_date": "Payment Date: enter a real date as MM/DD/YYYY."})
            return None
        return PaymentDetails(method, self.amount, day, values.get("terms") == "true", str(values.get("routing") or ""),
                              str(values.get("account") or ""), str(values.get("account_again") or ""),
                              str(values.get("card_number") or ""), str(values.get("expiry") or ""),
                              str(values.get("name") or ""), values.get("autopay") == "true")

    async def action_review(self) -> None:
        await self.papp.settle()
        details = self.build()
        if details is None:
            return
        problems = payments.payment_problems(details, self.papp.ctx.clock.now().date())
        self.form.show_problems(problems)
        self.errors.update(Text("\n".join(v for k, v in problems.items() if k not in self.form.rows)))
        if problems:
            return
        self.details = details
        self.reviewed = self.values()
        method = (f"{payments.card_brand(details.card_number)} {mask_last4(details.card_number)}" if details.method == "card"
                  else f"Bank account {mask_last4(details.account)}" + (" · Autopay" if details.autopay else ""))
        self.review.update(Text(f"Review Payment Details\nAmount {money(details.amount)} · Date "
                                f"{details.payment_date:%m/%d/%Y} · {method}", style="bold"))
        self.agreement.display = True
        self.agreement.focus()

    async def action_submit(self) -> None:
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

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "review":
            await self.action_review()
        elif event.button.id == "submit":
            await self.action_submit()
        elif event.button.id == "cancel":
            self.action_cancel()
