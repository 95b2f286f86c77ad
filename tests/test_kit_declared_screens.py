"""The kit's menu, list, details, action-form and confirmed-form screens drawn for a made-up carrier from
its TOML alone (issue 11: "a second enrollment carrier" should not need screens of its own): a menu entry
opens a list with tabs, Enter opens a row's details, Escape walks back; a quick quote filled, checked and
rated; a payment reviewed, agreed and taken, or skipped after the question; the column formats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.enrollment import catalog
from core.forms.layouts import (
    Column,
    ConfirmedForm,
    Layouts,
    cell,
    load_action_form,
    load_confirmed_form,
    load_layouts,
    record_holds,
    resolve,
)
from core.forms.spec import load_condition
from core.kernel.context import AppContext
from core.packets import progress
from core.packets.packets import PacketView
from core.payments.models import PacketPayment
from tests.helpers.applications import list_applications, payment_status, total
from tests.helpers.ifm import family_answers
from tests.pilot_helpers import screen_text, wait_until
from tui.app import make_app
from tui.kit.action_form import ActionFormScreen
from tui.kit.confirmed_form import ConfirmedFormScreen
from tui.kit.menu_screen import MenuScreen
from tui.kit.record_details import RecordDetailsScreen
from tui.kit.record_list import RecordListScreen

ACME = """
[menus.home]
title = "Acme Health Enrollment"
intro = "Acme's plans for individuals."
note = "Applications: the ones sent and the ones in progress."
entries = [{ key = "1", action = "applications", label = "Applications", list = "applications" }]

[lists.applications]
title = "Acme Applications"
noun = "Applications"
source = "core.packets.records:listing"
program = "ifm_enrollment"
details = "application"
tabs = [
  { tab = "submitted", key = "f3", label = "Sent" },
  { tab = "incomplete", key = "f4", label = "In Progress" },
]
columns = [
  { title = "Record", field = "key" },
  { title = "Client", value = "{applicant.first_name} {applicant.last_name}" },
  { title = "Monthly", compute = "enrollment.premium_total", format = "money" },
]

[details.application]
title = "Acme Application"
source = "core.packets.records:load_of"
program = "ifm_enrollment"
rows = [
  { title = "Record", field = "key" },
  { title = "Plans", value = ["{plans.medical_plan_id}", "{plans.dental_plan_id}"], lookup = "enrollment.plans" },
  { title = "Monthly", compute = "enrollment.premium_total", format = "money" },
]
"""


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Layouts]:
    """The made-up carrier's folder of declarations, found first among the data roots."""
    root = tmp_path / "carriers"
    (root / "acme").mkdir(parents=True)
    (root / "acme" / "screens.toml").write_text(ACME, encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_DATA_DIRS", str(root))
    yield load_layouts("acme/screens.toml")


def dollars(amount: Decimal) -> str:
    return f"${amount:,.2f}"


async def test_a_made_up_carrier_menu_list_and_details_from_data(sqlite_ctx: AppContext, acme: Layouts) -> None:
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    sent = list_applications(sqlite_ctx, actor, "submitted")
    in_progress = list_applications(sqlite_ctx, actor, "incomplete")
    assert sent and in_progress  # the demo seeds both
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(MenuScreen.of(acme.menus["home"])(actor))
        await wait_until(pilot, lambda: "Acme's plans for individuals." in screen_text(app))
        assert "1 Applications" in screen_text(app)

        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordListScreen) and sent[0].key in
                         screen_text(app))
        text = screen_text(app)
        assert f"Applications · {len(sent)} shown" in text
        assert all(r.key in text and dollars(total(sqlite_ctx, r)) in text for r in sent)
        assert not any(r.key in text for r in in_progress)

        await pilot.press("f4")
        await wait_until(pilot, lambda: in_progress[0].key in screen_text(app))
        assert not any(r.key in screen_text(app) for r in sent)

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordDetailsScreen) and "Plans" in screen_text(app))
        view = enrollment.load(sqlite_ctx, actor, in_progress[0].id)
        chosen = (catalog.plan(view.answers["plans"].get(f"{kind}_plan_id")) for kind in ("medical", "dental"))
        plans = ", ".join(p.name for p in chosen if p is not None) or "-"
        text = screen_text(app)
        assert "Acme Application" in text and plans in text and dollars(total(sqlite_ctx, view)) in text

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordListScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MenuScreen))


def test_columns_format_dates_money_patterns_and_blanks() -> None:
    record = SimpleNamespace(id=7, when=datetime(2027, 1, 2, 15, 4), day=date(2027, 3, 4), fee=Decimal("1234.565"),
                             plan=SimpleNamespace(name="Gold"), other=None, empty="")
    assert cell(record, Column("Quote", ("id",), "Q-{:04d}")) == "Q-0007"
    assert cell(record, Column("At", ("when",), "datetime")) == "01/02/2027 03:04 PM"
    assert cell(record, Column("On", ("day",), "date")) == "03/04/2027"
    assert cell(record, Column("Fee", ("fee",), "money")) == "$1,234.57"  # half up, as premiums are rounded
    assert cell(record, Column("Plans", ("plan.name", "other.name", "empty"))) == "Gold"
    assert cell(record, Column("None", ("other.name",))) == "-"
    assert cell(record, Column("None", ("empty",), blank="")) == ""


def test_columns_read_answers_lookups_computations_and_key_numbers() -> None:
    """A packet's record needs no view of its own: answers by path, a lookup's label, a named computation, the
    number in its key plus an offset, and a key's condition on a declared fact."""
    medical, dental = (next(p for p in catalog.plans_for("IL") if p.kind == kind) for kind in ("medical", "dental"))
    answers = {"general": {"state": "IL", "effective_date": "2027-03-01"}, "applicant": {"first_name": "Ana", "last_name": ""},
               "plans": {"medical_plan_id": medical.id, "dental_plan_id": dental.id}}
    record = SimpleNamespace(key="A-0042", answers=answers, extra={"payment_status": "Pending"}, status="submitted")
    assert cell(record, Column("State", ("answers.general.state",))) == "IL"
    assert cell(record, Column("Effective", ("answers.general.effective_date",), "date")) == "03/01/2027"
    assert cell(record, Column("Client App ID", ("key",), offset=1200)) == "1242"
    assert cell(record, Column("Client", (), value=("{applicant.first_name} {applicant.last_name}",))) == "Ana"
    assert cell(record, Column("Plans", (), value=("{plans.medical_plan_id}", "{plans.dental_plan_id}"),
                               lookup="enrollment.plans")) == f"{medical.name}, {dental.name}"
    assert cell(record, Column("Gone", (), value=("{plans.none}",), lookup="enrollment.plans")) == "-"
    today = date(2027, 1, 15)
    premium = resolve("core.enrollment.pricing:price")(answers, today).total
    assert cell(record, Column("Monthly", (), "money", compute="enrollment.premium_total"), today) == dollars(premium)
    unpaid = load_condition({"all": [{"field": "status", "equals": "submitted"},
                                     {"field": "extra.payment_status", "not_equals": "Successful"}]})
    assert record_holds(unpaid, record)
    assert not record_holds(unpaid, SimpleNamespace(**{**vars(record), "extra": {"payment_status": "Successful"}}))
    assert record_holds(load_condition({"field": "answers.general.state", "equals": "IL"}), record)


ACME_PAYMENT = """
# A made-up carrier's first premium, by card only, through the generic payment calls.
id = "acme_payment"
title = "First Premium"
kind = "form"

[[sections]]
title = "Card"
fields = [
  { name = "payment_date", label = "Charge on", type = "date", required = true },
  { name = "method", label = "Method", type = "choice", required = true, options = ["New Card"] },
  { name = "card_number", label = "Card", required = true, max_length = 23 },
  { name = "expiry", label = "Expires (MM/YY)", required = true, max_length = 5 },
  { name = "terms", label = "I accept Acme's terms.", type = "checkbox", required = true },
]

[screen]
title = "Acme First Premium"
detail = "{r.key}"
dated = ["payment_date"]
summary = "core.payments.packet:summary"
action = "core.payments.packet:pay"
cancelled = "core.payments.packet:bill_later"
agreement = "acme/agreement.txt"
review = { key = "f5", label = "Check" }
act = { key = "f9", label = "Charge" }
cancel = { key = "escape", label = "Not Now" }
ask = { title = "Skip the first premium?", text = "Acme bills by mail instead.", agree = "Skip", close = "Stay" }
"""


@pytest.fixture
def acme_payment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ConfirmedForm:
    root = tmp_path / "carriers"
    (root / "acme").mkdir(parents=True)
    (root / "acme" / "payment.toml").write_text(ACME_PAYMENT, encoding="utf-8")
    (root / "acme" / "agreement.txt").write_text("source: made up\nAcme may charge this card.", encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_DATA_DIRS", str(root))
    return load_confirmed_form("acme/payment.toml")


def submitted(ctx: AppContext) -> PacketView:
    actor = demo_actor(ctx)
    assert actor is not None
    view = enrollment.start(ctx, actor, answers=family_answers(ctx.clock.now().date(), pay="Pay Now"))
    assert progress.submit_outcome(ctx, actor, view.id, view.version).accepted
    return enrollment.load(ctx, actor, view.id)


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.press(*text)


async def test_a_made_up_confirmed_form_reviews_needs_the_agreement_then_acts(
    sqlite_ctx: AppContext, acme_payment: ConfirmedForm,
) -> None:
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = submitted(sqlite_ctx)
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ConfirmedFormScreen.of(acme_payment)(actor, view))
        await wait_until(pilot, lambda: "Acme First Premium" in screen_text(app))
        screen = app.screen
        assert view.key in screen_text(app) and "Check" in screen_text(app) and "Charge" in screen_text(app)
        await type_into(pilot, "#f-method", "New Card")
        await type_into(pilot, "#f-card_number", "4111111111111111")
        await type_into(pilot, "#f-expiry", "12/29")
        screen.query_one("#f-terms").toggle()  # type: ignore[attr-defined]
        await pilot.press("f5")
        await wait_until(pilot, lambda: "Visa •••••1111" in screen_text(app))
        assert "Acme may charge this card." in screen_text(app)

        await pilot.press("f9")  # the agreement not ticked: core refuses, nothing is charged
        await wait_until(pilot, lambda: "Agree that payments" in screen_text(app))
        assert app.screen is screen
        assert payment_status(enrollment.load(sqlite_ctx, actor, view.id)) != "Successful"

        screen.query_one("#agreement").toggle()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("f9")
        await wait_until(pilot, lambda: app.screen is not screen)
    with Session(sqlite_ctx.engine) as session:
        payment = session.exec(select(PacketPayment)).one()
    assert (payment.brand, payment.last4) == ("Visa", "1111")
    assert payment_status(enrollment.load(sqlite_ctx, actor, view.id)) == "Successful"


async def test_a_made_up_confirmed_form_asks_before_its_cancel_call(
    sqlite_ctx: AppContext, acme_payment: ConfirmedForm,
) -> None:
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = submitted(sqlite_ctx)
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ConfirmedFormScreen.of(acme_payment)(actor, view))
        await wait_until(pilot, lambda: "Acme First Premium" in screen_text(app))
        screen = app.screen
        await pilot.press("escape")
        await wait_until(pilot, lambda: "Skip the first premium?" in screen_text(app))
        assert payment_status(enrollment.load(sqlite_ctx, actor, view.id)) == "Pending"  # asked, not yet done
        app.screen.query_one("#confirm-yes").press()  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: app.screen is not screen and not isinstance(app.screen, ModalScreen))
    assert payment_status(enrollment.load(sqlite_ctx, actor, view.id)) == "Bill by mail"


ACME_QUOTE = """
# A made-up carrier's quick quote: one adult, rated by the enrollment core, shown on the plan comparison.
id = "acme_quote"
title = "Quick Quote"
kind = "form"

[screen]
title = "Acme Quick Quote"
action = "core.enrollment.quotes:plans_for"
then = "tui.enrollment.plans:PlansScreen"
submit = { key = "f9", label = "Show Plans" }
back = { key = "escape", label = "Back" }

[[sections]]
title = "Who"
fields = [
  { name = "zip", label = "ZIP", type = "zip", required = true, lookup = "enrollment.place", fills = { county = "county" } },
  { name = "county", label = "County", max_length = 60 },
  { name = "birth_date", label = "Born", type = "birthdate", required = true },
  { name = "sex", label = "Sex", type = "choice", required = true, options = ["Male", "Female"] },
  { name = "tobacco", label = "Tobacco", type = "yesno", required = true, default = "No" },
]
"""


async def test_a_made_up_action_form_fills_checks_then_shows_the_result(
    sqlite_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "carriers"
    (root / "acme").mkdir(parents=True)
    (root / "acme" / "quote.toml").write_text(ACME_QUOTE, encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_DATA_DIRS", str(root))
    spec = load_action_form("acme/quote.toml")
    place = catalog.place("60601")
    assert place is not None
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ActionFormScreen.of(spec)(actor))
        await wait_until(pilot, lambda: "Acme Quick Quote" in screen_text(app))
        screen = app.screen
        assert screen.query_one("#f-tobacco", Input).value == "No"  # the declared default
        await type_into(pilot, "#f-zip", "60601")
        await wait_until(pilot, lambda: screen.query_one("#f-county", Input).value == place.county)

        await pilot.press("f9")  # no birth date or sex: said beside the fields, nothing rated
        await wait_until(pilot, lambda: app.focused is screen.query_one("#f-birth_date"))
        assert app.screen is screen

        await type_into(pilot, "#f-birth_date", "03/15/1985")
        await type_into(pilot, "#f-sex", "Female")
        await pilot.press("f9")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "PlansScreen")
        assert f"60601 {place.county}" in screen_text(app)


def test_every_call_and_screen_the_ifm_declarations_name_exists() -> None:
    """A name left behind by a rename would fail only when its key is pressed."""
    screens = load_layouts("ifm/forms/screens.toml")
    payment = load_confirmed_form("ifm/forms/payment.toml")
    quote = load_action_form("ifm/forms/quote.toml")
    names = [e.opens for m in screens.menus.values() for e in m.entries if e.opens]
    names += [s.source for s in (*screens.lists.values(), *screens.details.values())]
    names += [payment.summary, payment.action, payment.cancelled, payment.lead, quote.action, quote.then]
    assert len(names) == 12 and all(callable(resolve(n)) for n in names)
