"""Pictures of the HCSC onboarding screens at 80x24 and 120x40: every tab, the lookup, home, review.

Each picture is taken on demo data with the fixture's fixed clock, toasts cleared first. At 80x24 the
screen's own text (the same SVG) is also checked for labels, keys and values cut off at the edge.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from core.kernel.context import AppContext
from core.kernel.events import Actor
from core.onboarding.demo import READY
from core.packets import accounts as onboarding_invite
from core.packets import packets
from core.packets.program import program
from tests.helpers.onboarding import part_way, staff
from tests.pilot_helpers import app_for, screen_text, wait_until
from tui.app import PacketdeskApp
from tui.packet.account_home import AccountHomeScreen
from tui.packet.review import ReviewScreen, open_review
from tui.packet.review_queue import ReviewQueueScreen
from tui.packet.steps import open_packet
from tui.packet.tabs import TabsScreen

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
PROGRAM = program("hcsc_onboarding")
# What must be whole on each tab at 80x24 (beside the tab strip and the footer keys).
VISIBLE = {
    "general": ["Address Line 1 *", "8333 Sandhill Crane Rd", "Primary Address cannot be a P.O. Box."],
    "licenses": ["New Mexico (NM): appointment fee $20", "Texas (TX): appointment fee $13.50"],
    "appointments": ["Active appointments per NIPR", "Line of authority", "Effective"],
    "background": ["Background Questionnaire saved, incomplete: 10. Have you ever been convicted",
                   "10. Have you ever been convicted of, or plead guilty, entered an Alford", "Yes / No *"],
    "eo": ["Insurance Company *", "Heartland Mutual E&O Insurance Company", "Per Occurrence Limit *"],
    "banking": ["Validate Routing No. *", "Validate Account No. *", "•••••••••"],
    "conduct": ["External Sales Agent Code of Conduct"],
    "esignature": ["Confirmation code:", "Type the code *"],
}
TAB_STRIP = "General  Licenses  Appointments  Background  E&O  Banking  Conduct  eSignature"
KEYS = ["f2 Save", "f3 ◀ Tab", "f4 Tab ▶", "f9 Submit", "f10 Exit"]


CELL = 12.2
"""Width of one terminal cell in Textual's SVG, in SVG units."""


def svg_lines(svg: str) -> list[str]:
    """The screen's text, line by line, read back from the SVG Textual writes (runs placed by their x)."""
    lines: dict[int, dict[int, str]] = {}
    pattern = r'<text [^>]*x="([\d.]+)"[^>]*clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>(.*?)</text>'
    for match in re.finditer(pattern, svg):
        row = lines.setdefault(int(match.group(2)), {})
        text = html.unescape(match.group(3)).replace("\xa0", " ")
        for offset, char in enumerate(text):
            row[round(float(match.group(1)) / CELL) + offset] = char
    return ["".join(row.get(i, " ") for i in range(max(row) + 1)) for _, row in sorted(lines.items())]


def at_tab(ctx: AppContext, actor: Actor, step_id: str, keys: tuple[str, ...] = ()) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, PacketdeskApp)
        app.signed_in(actor)
        packet_id = onboarding_invite.my_cases(ctx, actor, "hcsc_onboarding")[0].packet_id
        open_packet(app, packets.load(ctx, actor, packet_id), step_id)
        await wait_until(pilot, lambda: isinstance(app.screen, TabsScreen))
        await pilot.pause(0.1)
        if keys:
            await pilot.press(*keys)
            # Saved, and the first field in error scrolled fully into view with its message.
            await wait_until(pilot, lambda: "committing a felony? is required." in screen_text(app))
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()  # focus scrolls the tab into place
        app.clear_notifications()
        await pilot.pause()
        if app.size.width == 80:
            text = "\n".join(svg_lines(app.export_screenshot()))
            for expected in [TAB_STRIP, *KEYS, *VISIBLE[step_id]]:
                assert expected in text, f"{expected!r} is cut off or missing at 80x24:\n{text}"

    return run_before


class TestProducerTabs:
    """Every tab of a packet part way through, at both sizes."""

    @SIZES
    @pytest.mark.parametrize("step_id", list(VISIBLE))
    def test_tab(self, snap_compare, sqlite_ctx, size, step_id):
        actor = part_way(sqlite_ctx)
        keys = ("f2",) if step_id == "background" else ()  # Save shows the unanswered question in error
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=at_tab(sqlite_ctx, actor, step_id, keys))


class TestLookupAndHome:
    """The first screen after a lookup, and the Home page."""

    @SIZES
    def test_pdb_lookup(self, snap_compare, sqlite_ctx, size):
        outcome = onboarding_invite.login(sqlite_ctx, "hcsc_onboarding", READY.user_id, READY.password, "HCSC")

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            assert isinstance(app, PacketdeskApp)
            app.signed_in(outcome.actor)
            packet_id = onboarding_invite.my_cases(sqlite_ctx, outcome.actor, "hcsc_onboarding")[0].packet_id
            open_packet(app, packets.load(sqlite_ctx, outcome.actor, packet_id))
            await pilot.press(*READY.ssn, "enter", *READY.ssn, "enter")
            await wait_until(pilot, lambda: "NPN: 11998500" in app.screen.query_one("#pdb-found").render().plain)  # type: ignore[union-attr]
            await pilot.pause()

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)

    @SIZES
    def test_home(self, snap_compare, sqlite_ctx, size):
        outcome = onboarding_invite.login(sqlite_ctx, "hcsc_onboarding", READY.user_id, READY.password, "HCSC")

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            assert isinstance(app, PacketdeskApp)
            app.signed_in(outcome.actor)
            home = AccountHomeScreen("hcsc_onboarding")
            await app.push_screen(home)
            await wait_until(pilot, lambda: bool(home.cases))
            await pilot.pause()

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


class TestReview:
    """The reviewer's queue and a packet opened for review (masked until revealed)."""

    @SIZES
    def test_queue(self, snap_compare, sqlite_ctx, size):
        reviewer = staff(sqlite_ctx, "reviewer")

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            assert isinstance(app, PacketdeskApp)
            app.signed_in(reviewer)
            queue = ReviewQueueScreen()
            await app.push_screen(queue)
            await wait_until(pilot, lambda: bool(queue.rows))
            await pilot.pause()

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)

    @SIZES
    def test_packet(self, snap_compare, sqlite_ctx, size):
        from core.packets import review

        reviewer = staff(sqlite_ctx, "reviewer")
        packet_id = review.queue(sqlite_ctx, reviewer)[0].packet_id

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            assert isinstance(app, PacketdeskApp)
            app.signed_in(reviewer)
            await open_review(app, packet_id)
            await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
            await pilot.pause(0.1)

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)
