"""The staff desk: every packet, a page at a time, and what a rep, reviewer or admin can do to one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.desk import staff
from core.desk.staff import PacketRow, Page
from core.identity.permissions import may
from core.kernel.errors import PacketdeskError
from tui.kit.base import AppScreen
from tui.kit.confirm import ConfirmModal

ROLE_LABELS = {"rep": "service-center rep", "reviewer": "home-office reviewer", "admin": "admin"}
# Screen action -> core permission; actions not listed are open to every staff role.
ACTION_PERMISSIONS = {
    "invite": "invite", "unlock": "unlock", "resend": "resend", "outbox": "outbox",
    "history": "history", "temporary_password": "temporary_password", "countersign": "countersign",
}
FIXED_COLUMNS = 13 + 19 + 14 + 6 + 2 * 5 + 2 + 2
"""Key, Status, Updated and Locked widths, cell padding, the screen's padding and the scrollbar."""


class StaffHomeScreen(AppScreen):
    """Packets newest change first; F-keys act on the selected one, as the role allows."""

    BINDINGS = [
        Binding("f3", "invite", "Invite", priority=True, id="staff-invite", tooltip="Invite a producer from roster data"),
        Binding("f4", "unlock", "Unlock", priority=True, id="staff-unlock",
                tooltip="Unlock the selected producer's account; a reason is required"),
        Binding("f5", "resend", "Resend", priority=True, id="staff-resend",
                tooltip="Email a new invitation code; older codes stop working"),
        Binding("f6", "outbox", "Outbox", priority=True, id="staff-outbox",
                tooltip="Messages sent to the selected producer"),
        Binding("f7", "history", "History", priority=True, id="staff-history", tooltip="Events of the selected packet"),
        Binding("f8", "temporary_password", "Temp pwd", priority=True, id="staff-temporary-password",
                tooltip="Email the selected producer a new temporary password"),
        Binding("f9", "countersign", "Countersign", priority=True, id="staff-countersign",
                tooltip="Countersign the selected sent packet for the home office"),
        Binding("f10", "log_out", "Log out", priority=True, id="staff-log-out", tooltip="End the staff session"),
        # Letters, shown in the status line: the footer is full at 80 columns.
        Binding("o", "onboarding_invite", "HCSC invite", show=False, id="staff-onboarding-invite",
                tooltip="Invite a producer to HCSC onboarding (recruiter: admin)"),
        Binding("v", "review_queue", "Review queue", show=False, id="staff-review-queue",
                tooltip="HCSC onboarding packets in HCSC Review, oldest first"),
        Binding("c", "campaigns", "Campaigns", show=False, id="staff-campaigns",
                tooltip="Recontracting campaigns: counts by status, state and agency"),
        Binding("r", "refresh", "Refresh", show=False, id="staff-refresh",
                tooltip="Load the page again: other staff and producers change packets too"),
        Binding("pagedown", "next_page", "Next page", show=False, priority=True, id="staff-next-page"),
        Binding("pageup", "previous_page", "Previous page", show=False, priority=True, id="staff-previous-page"),
    ]
    PAGE_SIZE = 50
    AUTO_FOCUS = "#packets"

    def __init__(self, display_name: str) -> None:
        super().__init__()
        self.display_name = display_name
        self.table: DataTable[Text] = DataTable(id="packets", cursor_type="row", zebra_stripes=True)
        self.status = Static("Loading packets…", id="staff-status", classes="status-line")
        self.page: Page | None = None
        self.page_number = 1
        self.page_anchor: dict[str, tuple[datetime, int]] = {}
        """The cursor the shown page was loaded with, so a refresh shows the same page."""
        self.rows: dict[int, PacketRow] = {}

    def compose(self) -> ComposeResult:
        actor = self.papp.actor
        role = ROLE_LABELS.get(actor.role, actor.role) if actor else ""
        yield self.top_line("Staff desk", f"{self.display_name} · {role} · Enter opens · Ctrl+F find · Ctrl+B dashboard")
        with Vertical(classes="body"):
            yield self.table
            yield self.status
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        producer_width = max(12, self.app.size.width - FIXED_COLUMNS)
        self.table.add_column("Key", width=13, key="key")
        self.table.add_column("Producer", width=producer_width, key="producer")
        self.table.add_column("Status", width=19, key="status")
        self.table.add_column("Updated UTC", width=14, key="updated")
        self.table.add_column("Locked", width=6, key="locked")
        # No load here: Textual resumes a screen when it is first shown too, and on_screen_resume loads
        # (loading in both redrew the table a moment after it was drawn, undoing a key pressed at once).

    # --- the list -----------------------------------------------------------------------------
    @property
    def selected(self) -> PacketRow | None:
        if self.table.row_count == 0:
            return None
        row_key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key
        return self.rows.get(int(row_key.value or 0))

    async def load(self, keep: int | None = None, **anchor: tuple[datetime, int]) -> None:
        """Load the page at `anchor` (after= or before=, none for the first) and keep `keep` selected."""
        actor = self.papp.actor
        if actor is None:
            return
        try:
            page = await self.papp.run_core(
                staff.list_packets, self.papp.ctx, actor, limit=self.PAGE_SIZE, **anchor
            )
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        if not page.has_previous:
            anchor, self.page_number = {}, 1
        self.page, self.page_anchor = page, anchor
        self.rows = {row.id: row for row in page.rows}
        self.table.clear()
        for row in page.rows:
            self.table.add_row(
                Text(row.key),
                Text(row.producer_name, no_wrap=True, overflow="ellipsis"),
                Text(row.status_label, no_wrap=True, overflow="ellipsis"),
                Text(f"{row.updated_at:%m/%d/%y %H:%M}"),
                Text("locked", style="bold red") if row.locked else Text(""),
                key=str(row.id),
            )
        if keep in self.rows:
            self.table.move_cursor(row=self.table.get_row_index(str(keep)))
        self.show_status()
        self.refresh_bindings()

    def show_status(self) -> None:
        page = self.page
        if page is None or not page.rows:
            self.status.update("No packets yet." + (" F3 invites a producer." if self.check_action("invite", ()) else ""))
            return
        hints = [h for h, ok in (("PgUp previous", page.has_previous), ("PgDn next", page.has_next)) if ok]
        letters = [h for h, action in (("o HCSC invite", "onboarding_invite"), ("v review", "review_queue"),
                                       ("c campaigns", "campaigns"))
                   if self.check_action(action, ())]
        self.status.update(" · ".join([f"Page {self.page_number}", f"{len(page.rows)} packets", *hints, "r refresh", *letters]))

    async def action_refresh(self) -> None:
        await self.reload()

    async def reload(self) -> None:
        row = self.selected
        await self.load(keep=row.id if row else None, **self.page_anchor)

    async def action_next_page(self) -> None:
        if self.page is not None and self.page.has_next and self.page.after is not None:
            self.page_number += 1
            await self.load(after=self.page.after)

    async def action_previous_page(self) -> None:
        if self.page is not None and self.page.has_previous and self.page.before is not None:
            self.page_number -= 1
            await self.load(before=self.page.before)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        """Enter opens the packet: its pages, notes and fixes (see tui/desk/rep_packet.py)."""
        row = self.selected
        if focused is self.table and row is not None:
            from tui.desk.rep_packet import RepPacketScreen

            self.app.push_screen(RepPacketScreen(row.id))
            return True
        return False

    async def on_screen_resume(self) -> None:
        if not self.signed_out():
            await self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "onboarding_invite":
            return self.papp.actor is not None and self.papp.actor.role == "admin"
        if action == "review_queue":
            return self.papp.actor is not None and self.papp.actor.role in ("reviewer", "admin")
        if action == "campaigns":
            return may(self.papp.actor, "campaign.watch")
        permission = ACTION_PERMISSIONS.get(action)
        if permission is None:
            return True
        actor = self.papp.actor
        if actor is None or not staff.can(actor.role, permission):
            return False
        if action == "invite":
            return True
        # Keys the selected packet does not allow leave the footer: 80 columns hold only so many.
        row = self.selected
        return row is not None and staff.allows(row, permission)

    # --- actions ------------------------------------------------------------------------------
    def action_invite(self) -> None:
        from tui.desk.invite import InviteScreen

        screen = InviteScreen()

        def invited(_: None) -> None:
            # A new packet is the newest change: show the first page with it selected.
            self.run_worker(self.load(keep=screen.invited) if screen.invited else self.reload())

        self.app.push_screen(screen, callback=invited)

    def action_unlock(self) -> None:
        self.unlock_selected()

    @work(exclusive=True, group="staff-action")
    async def unlock_selected(self) -> None:
        row = self.selected
        actor = self.papp.actor
        if row is None or actor is None:
            return
        from tui.desk.unlock import UnlockModal

        reason = await self.app.push_screen_wait(UnlockModal(row.producer_name))
        if reason is None:
            return
        if await self.run_action_core(staff.unlock_producer, row, reason):
            self.notify(f"Unlocked the account of {row.producer_name}.", markup=False)

    async def action_resend(self) -> None:
        row = self.selected
        if row is not None and await self.run_action_core(staff.resend_invitation, row):
            self.notify("A new invitation was emailed (see the outbox). Older codes no longer work.")

    async def action_temporary_password(self) -> None:
        row = self.selected
        if row is not None and await self.run_action_core(staff.send_new_temporary_password, row):
            self.notify("A temporary password was emailed to the producer (see the outbox).")

    def action_countersign(self) -> None:
        self.countersign_selected()

    @work(exclusive=True, group="staff-action")
    async def countersign_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        question = Text.assemble("Countersign packet ", (row.key, "bold"), " of ", (row.producer_name, "bold"),
                                 " for the home office? The agreement becomes fully executed.")
        if await self.app.push_screen_wait(ConfirmModal(f"Countersign {row.key}?", question, yes="Countersign",
                                                        no="Cancel")):
            if await self.run_action_core(staff.countersign, row):
                self.notify(f"Countersigned {row.key}.", markup=False)

    def action_outbox(self) -> None:
        row = self.selected
        if row is None or row.account_id is None:
            return
        from tui.desk.outbox import OutboxScreen

        self.app.push_screen(OutboxScreen(title=f"Outbox · {row.producer_name}", account_id=row.account_id))

    def action_history(self) -> None:
        row = self.selected
        if row is None:
            return
        from tui.desk.history import HistoryScreen

        self.app.push_screen(HistoryScreen(row.id, title=f"History · {row.key} · {row.producer_name}"))

    def action_onboarding_invite(self) -> None:
        from tui.packet.account_invite import AccountInviteScreen

        def invited(_result: object) -> None:
            self.run_worker(self.reload())

        self.app.push_screen(AccountInviteScreen("hcsc_onboarding"), invited)

    def action_review_queue(self) -> None:
        from tui.packet.review_queue import ReviewQueueScreen

        self.app.push_screen(ReviewQueueScreen())

    def action_campaigns(self) -> None:
        from tui.campaigns.dashboard import CampaignDashboardScreen

        self.app.push_screen(CampaignDashboardScreen())

    def action_log_out(self) -> None:
        self.papp.sign_out("Signed out of the staff desk.")

    async def run_action_core(self, fn: Callable[..., object], row: PacketRow, *args: object) -> bool:
        """Run one core action on a packet, show what went wrong, and refresh the list."""
        actor = self.papp.actor
        if actor is None:
            return False
        try:
            await self.papp.run_core(fn, self.papp.ctx, actor, row.id, *args)
        except PacketdeskError as exc:
            self.show_error(exc)
            return False
        finally:
            await self.reload()
        return True
