"""Cigna eContracting on screen: the same screens as every program, drawn from its declaration."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input

from core.packets import packets
from core.packets.signing import consent_code
from tests.pilot_helpers import app_for, on_kind, ready_producer, screen_text, wait_until
from tests.test_cigna import AGENT, SOCIAL
from tui.packet.adopt_signature import AdoptSignatureModal
from tui.packet.document import DocumentScreen

CODE = "CIGNA5-LEVELFIVE"
EVERY_PAGE = {
    "user_agreement": {"agree": "true"}, "agent_information": AGENT, "business_address": {"bus_copy": "true"},
    "commission_address": {"com_copy": "true"}, "web_social": SOCIAL, "pre_appointments": {},
    "background": {f"q{i}": "No" for i in range(1, 9)}, "eft": {"use_eft": "No"},
}
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def log_in(pilot) -> None:
    from tests.helpers.journey import NEW_PASSWORD

    app = pilot.app
    await wait_until(pilot, lambda: app.screen.query("#password"))
    await pilot.press(*NEW_PASSWORD)
    await pilot.press("enter")
    await wait_until(pilot, lambda: getattr(app.screen, "is_packet_step", False))


def at_step(ctx, step: str, values: dict[str, dict[str, str]] | None = None):
    opened = ready_producer(ctx, CODE, step=step)
    if values:
        from core.identity import accounts

        rep = accounts.staff_login(ctx, "admin", "Admin#2026").actor
        for step_id, answers in values.items():
            view = packets.load(ctx, rep, opened.packet_id)
            packets.save_step(ctx, rep, opened.packet_id, step_id, answers, view.version)
        producer_view = packets.load(ctx, rep, opened.packet_id)
        packets.go_to_step(ctx, rep, opened.packet_id, step)
        return opened, producer_view
    return opened, None


async def test_copy_box_fills_and_locks_the_business_address(sqlite_ctx):
    at_step(sqlite_ctx, "business_address", {"user_agreement": {"agree": "true"}, "agent_information": AGENT})
    app = app_for(sqlite_ctx, CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        assert on_kind(app, 'form') and app.screen.step.id == "business_address"
        await pilot.press("space")
        city = app.screen.query_one("#f-bus_city", Input)
        await wait_until(pilot, lambda: city.value == "Mobile" and city.disabled)
        assert app.screen.query_one("#f-bus_copy", Checkbox).value


async def test_first_signature_adopts_a_signature_and_later_lines_use_it(sqlite_ctx):
    opened, _ = at_step(sqlite_ctx, "review_sign", EVERY_PAGE)
    app = app_for(sqlite_ctx, CODE)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        code = consent_code(app.screen.body.consent_text)
        await pilot.press(*code)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, AdoptSignatureModal))
        modal = app.screen
        assert modal.query_one("#full-name", Input).value == "Dana Whitfield-Ruiz"
        assert modal.query_one("#initials", Input).value == "DWR"
        modal.query_one("#initials", Input).value = "XY"
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: "do not match" in screen_text(app))
        modal.query_one("#initials", Input).value = "DWR"
        modal.query_one("#styles").focus()
        await pilot.press("down", "down", "space")
        await wait_until(pilot, lambda: modal.style == "plain")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen) and app.screen.state.spec.id == "questionnaire")
    from sqlmodel import select

    from core.kernel.db import reading
    from core.packets.models import Signature

    with reading(sqlite_ctx.engine) as session:
        row = session.exec(select(Signature).where(Signature.packet_id == opened.packet_id)).one()
    assert (row.signer_name, row.style, row.document_id) == ("Dana Whitfield-Ruiz", "plain", "agent_application")


class TestCignaSnapshots:
    """Cigna pages drawn by the generic renderer, and the signature styles."""

    @SIZES
    def test_agent_information_with_a_bad_birth_date(self, sqlite_ctx, snap_compare, size):
        at_step(sqlite_ctx, "agent_information", {"user_agreement": {"agree": "true"}})

        async def run_before(pilot):
            app = pilot.app
            await log_in(pilot)
            field = app.screen.query_one("#f-birth_date", Input)
            field.focus()
            await pilot.press(*"02-30-1980")
            await wait_until(pilot, lambda: "date that exists" in screen_text(app))
            app.clear_notifications()

        assert snap_compare(app_for(sqlite_ctx, CODE), terminal_size=size, run_before=run_before)

    @SIZES
    def test_adopt_your_signature_styles(self, sqlite_ctx, snap_compare, size):
        at_step(sqlite_ctx, "review_sign", EVERY_PAGE)

        async def run_before(pilot):
            app = pilot.app
            await log_in(pilot)
            await pilot.press(*consent_code(app.screen.body.consent_text))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen))
            await pilot.press("f9")
            await wait_until(pilot, lambda: isinstance(app.screen, AdoptSignatureModal))
            app.clear_notifications()

        assert snap_compare(app_for(sqlite_ctx, CODE), terminal_size=size, run_before=run_before)
