"""Notices at 80x24 sit at the bottom right, above the button row and the footer: the top holds the first
table rows and the fields being typed, the last two rows Continue / Finish and the keys."""

from __future__ import annotations

from textual.widgets._toast import Toast

from core.kernel.context import AppContext
from tests.pilot_helpers import SIZE, app_for, wait_until


async def test_a_notice_leaves_the_first_rows_the_buttons_and_the_footer_free(sqlite_ctx: AppContext) -> None:
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("Saved. Log in again with your invitation code to pick up where you left off.")
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause()
        toast = app.screen.query_one(Toast).region
        width, height = SIZE
        assert toast.bottom <= height - 2, "the button row and the footer stay visible"
        assert toast.y >= height // 2, "the first rows (table rows, the fields being typed) stay visible"
        assert toast.right >= width - 2, "at the right, away from the labels and fields on the left"
