"""The kit's menu, list and details screens drawn for a made-up carrier from its TOML alone (issue 11: "a
second enrollment carrier" should not need screens of its own): a menu entry opens a list with tabs, Enter
opens a row's details, Escape walks back; and the column formats the declarations use."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.enrollment import applications as enrollment
from core.enrollment.demo import demo_actor
from core.forms.layouts import Column, Layouts, cell, load_layouts
from core.kernel.context import AppContext
from tests.pilot_helpers import screen_text, wait_until
from tui.app import make_app
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
source = "core.enrollment.applications:list_applications"
details = "application"
tabs = [
  { tab = "submitted", key = "f3", label = "Sent" },
  { tab = "incomplete", key = "f4", label = "In Progress" },
]
columns = [
  { title = "Record", field = "record_number" },
  { title = "Client", field = "applicant_name" },
  { title = "Monthly", field = "premium", format = "money" },
]

[details.application]
title = "Acme Application"
source = "core.enrollment.applications:load"
rows = [
  { title = "Record", field = "record_number" },
  { title = "Plans", field = ["medical.name", "dental.name"] },
  { title = "Monthly", field = "pricing.total", format = "money" },
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
    sent = enrollment.list_applications(sqlite_ctx, actor, "submitted")
    in_progress = enrollment.list_applications(sqlite_ctx, actor, "incomplete")
    assert sent and in_progress  # the demo seeds both
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(MenuScreen.of(acme.menus["home"])(actor))
        await wait_until(pilot, lambda: "Acme's plans for individuals." in screen_text(app))
        assert "1 Applications" in screen_text(app)

        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordListScreen) and sent[0].record_number in
                         screen_text(app))
        text = screen_text(app)
        assert f"Applications · {len(sent)} shown" in text
        assert all(r.record_number in text and dollars(r.premium) in text for r in sent)
        assert not any(r.record_number in text for r in in_progress)

        await pilot.press("f4")
        await wait_until(pilot, lambda: in_progress[0].record_number in screen_text(app))
        assert not any(r.record_number in screen_text(app) for r in sent)

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordDetailsScreen) and "Plans" in screen_text(app))
        view = enrollment.load(sqlite_ctx, actor, in_progress[0].id)
        plans = ", ".join(p.name for p in (view.medical, view.dental) if p is not None) or "-"
        text = screen_text(app)
        assert "Acme Application" in text and plans in text and dollars(view.pricing.total) in text

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
