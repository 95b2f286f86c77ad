"""The upload part of the producer's tabs screen: F6 uploads the typed path, F7 saves a copy to view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from core.kernel.errors import PacketdeskError
from core.packets import uploads
from core.packets.packets import PacketView
from tui.onboarding.form_tab import FormTab
from tui.onboarding.upload import UploadPanel

if TYPE_CHECKING:
    from tui.app import PacketdeskApp
    from tui.onboarding.tabs_widget import OnboardingTabs, TabsData


class UploadFlow:
    """Mixed into the tabs screen, which provides the attributes declared here."""

    view: PacketView
    data: TabsData
    tabs: OnboardingTabs | None
    status: Static
    papp: PacketdeskApp

    if TYPE_CHECKING:  # provided by the screen and by Textual

        @property
        def editable(self) -> bool: ...
        def set_view(self, view: PacketView) -> None: ...
        async def save_if_dirty(self) -> bool: ...
        run_worker: Any

    # --- upload -----------------------------------------------------------------------------------
    def on_upload_panel_requested(self, event: UploadPanel.Requested) -> None:
        self.run_worker(self.action_upload() if event.action == "upload" else self.action_view_file(), group="upload")

    def _panel(self) -> UploadPanel | None:
        body = self.tabs.active_body if self.tabs else None
        return body.upload if isinstance(body, FormTab) else None

    async def action_upload(self) -> None:
        panel, actor = self._panel(), self.papp.actor
        if panel is None or actor is None or not self.editable:
            return
        if not await self.save_if_dirty():
            return
        try:
            view = await self.papp.run_core(uploads.store_path, self.papp.ctx, actor, self.view.id, panel.qualified,
                                            panel.path.value)
        except PacketdeskError as exc:
            problems = getattr(exc, "problems", {})
            panel.show_problem(next(iter(problems.values()), str(exc)))
            return
        info = await self.papp.run_core(uploads.current, self.papp.ctx, actor, self.view.id, panel.qualified)
        panel.show_problem(None)
        panel.show_info(info)
        panel.path.value = ""
        self.data.upload = info
        self.set_view(view)
        self.status.update(Text(f"Uploaded {info.filename if info else ''}.", style="green"))

    async def action_view_file(self) -> None:
        panel, actor = self._panel(), self.papp.actor
        if panel is None or actor is None:
            return
        try:
            path = await self.papp.run_core(uploads.export, self.papp.ctx, actor, self.view.id, panel.qualified)
        except PacketdeskError as exc:
            panel.show_problem(str(exc))
            return
        panel.show_saved(f"A copy was saved to {path}: open it with your PDF or image viewer.")
