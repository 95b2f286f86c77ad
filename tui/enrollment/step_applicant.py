"""Step 2: Application Form, Authorization (Terms and Agreements in person), applicant, home address, contact."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from core.enrollment import catalog
from tui.enrollment.wizard import FormStep
from tui.kit.choice import normalise_choices
from tui.kit.step_form import StepForm

CLIENT_FIELDS = ("first_name", "mi", "last_name", "birth_date", "sex", "tobacco", "ssn", "address1", "address2", "city",
                 "state", "zip", "county", "phone", "phone_type", "email")


class ApplicantStep(FormStep):
    """Authorization and Applicant Information: the declared form, client and address search, the Terms."""

    STEP = 1
    FOCUS_PROBLEM = True
    BINDINGS = [
        Binding("f3", "client_search", "Client Search", priority=True, id="enroll-client-search"),
        Binding("f4", "address_search", "Address Search", priority=True, id="enroll-address-search"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms = Static("", id="terms-line")

    def compose_body(self) -> ComposeResult:
        yield Static(Text("F3 Client Search fills the applicant from an existing client; "
                          "F4 Address Search fills the home address.", style="dim"))
        yield self.form
        yield self.terms
        yield Static(Text(catalog.text("text_consent")), classes="enroll-text")
        yield Static(Text(catalog.text("edelivery_consent")), classes="enroll-text")

    def after_mount(self) -> None:
        self.show_terms()
        super().after_mount()

    def show_terms(self) -> None:
        accepted = self.values.get("terms_accepted") == "true"
        if normalise_choices(self.spec, self.form.values).get("authorization") != "In person":
            self.terms.update("")
        else:
            self.terms.update(Text("Terms and Agreements accepted by the client." if accepted else
                                   "Terms and Agreements not accepted yet: they open when you leave the field.",
                                   style="green" if accepted else "yellow"))

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        if event.name in ("first_name", "last_name", "birth_date", "tobacco", "zip"):
            self.values.update(normalise_choices(self.spec, self.form.values))
            self.changed()
        if event.name == "authorization":
            self.values["terms_accepted"] = "false" if self.values.get("terms_accepted") != "true" else "true"
            self.show_terms()
        if event.name == "zip":
            place = catalog.place(str(event.value))
            if place is not None:
                self.set_fields({"state": place.state, "county": place.county, "city": self.form.values.get("city") or place.city})

    def on_descendant_blur(self, event: Any) -> None:
        row = self.form.rows["authorization"]
        if event.widget is row.control and normalise_choices(self.spec, self.form.values).get("authorization") == "In person":
            if self.values.get("terms_accepted") != "true":
                self.open_terms()

    def open_terms(self) -> None:
        from tui.kit.text_modal import EnrollTextModal

        def answered(agreed: bool | None) -> None:
            self.values["terms_accepted"] = "true" if agreed else "false"
            self.show_terms()

        self.app.push_screen(EnrollTextModal("Terms and Agreements", catalog.text("terms_and_agreements"),
                                             agree="I agree - Continue", close="Cancel"), answered)

    def set_fields(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            row = self.form.rows.get(name)
            if row is not None and row.control is not None and hasattr(row.control, "value"):
                row.control.value = value
            self.form.values[name] = value

    def action_client_search(self) -> None:
        from tui.kit.pick_modal import EnrollPickModal

        found: list[dict[str, str]] = []

        def search(query: str) -> list[str]:
            found[:] = catalog.search_clients(query) if query.strip() else list(catalog.clients())
            return [f"{c['first_name']} {c['last_name']} · {c['city']}, {c['state']}" for c in found]

        def picked(index: int | None) -> None:
            if index is not None:
                client = found[index]
                self.set_fields({k: client.get(k, "") for k in CLIENT_FIELDS})
                self.values.update(self.form.values)
                self.changed()

        self.app.push_screen(EnrollPickModal("Client Search", search), picked)

    def action_address_search(self) -> None:
        from tui.kit.pick_modal import EnrollPickModal

        found: list[dict[str, str]] = []

        def search(query: str) -> list[str]:
            found[:] = catalog.search_addresses(query) if query.strip() else list(catalog.addresses())
            return [f"{a['address1']}, {a['city']}, {a['state']} {a['zip']}" for a in found]

        def picked(index: int | None) -> None:
            if index is not None:
                self.set_fields(dict(found[index]))

        self.app.push_screen(EnrollPickModal("Address Search", search), picked)

    def collect(self) -> dict[str, Any]:
        terms = self.values.get("terms_accepted", "false")
        values = super().collect()
        values["terms_accepted"] = self.values["terms_accepted"] = terms
        if values.get("state"):
            values["state"] = self.values["state"] = str(values["state"]).upper()
        return values
