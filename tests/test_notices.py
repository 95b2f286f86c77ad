"""Notices at 80x24 sit at the top right, under the top line: the bottom rows hold the buttons (Continue,
Finish), the footer with the keys, and the last table rows, which a notice must not cover."""

from __future__ import annotations

from textual.widgets._toast import Toast

from core.kernel.context import AppContext
from tests.pilot_helpers import SIZE, app_for, wait_until


async def test_a_notice_shows_at_the_top_right_and_leaves_the_bottom_rows_free(sqlite_ctx: AppContext) -> None:
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("Saved. Log in again with your invitation code to pick up where you left off.")
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause()
        toast = app.screen.query_one(Toast).region
        width, height = SIZE
        assert toast.y >= 1, "the top line (title, who is signed in) stays readable"
        assert toast.bottom <= height // 2, "the bottom half (buttons, footer, table rows) stays free"
        assert toast.right >= width - 2, "at the right, away from the labels and fields on the left"
