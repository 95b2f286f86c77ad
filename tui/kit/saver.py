"""The screen side of the one save path: drafts while typing, one save at a time, one conflict dialog.

- Drafts: at most every DRAFT_EVERY seconds while typing goes on (a steady typist never pauses),
  and at once when a changed field is left. A draft is this person's and this session's.
- Saves run one at a time, each with the version the previous one returned; a pending draft is
  flushed first, so one person's own saves never race each other. A second save asked for while
  one is running (a double Enter) waits for it and does not save again.
- A refused save (someone else saved first) opens the conflict dialog: keep editing, save mine
  knowingly, or take theirs (the form then shows theirs; saving after that is a normal save).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.kernel.errors import Conflict, PacketdeskError, ValidationFailed

if TYPE_CHECKING:
    from core.forms.spec import StepSpec
    from core.kernel.events import Actor
    from core.packets.packets import PacketView
    from core.packets.saving import Saved
    from tui.kit.host import HostApp

DRAFT_EVERY = 2.0


@dataclass
class SaveOutcome:
    """What happened to a save: saved (with core's result), refused with problems, or not saved."""

    saved: Saved | None = None
    problems: dict[str, str] | None = None
    conflict: Conflict | None = None
    error: PacketdeskError | None = None
    joined: bool = False
    """A second request (a double Enter) that waited for the save already running: nothing more to do."""

    @property
    def ok(self) -> bool:
        return self.saved is not None


class Saver:
    """One per packet screen. `values_of(step_id)` reads the model of a step's body as it is now."""

    def __init__(
        self, app: HostApp, actor: Actor, view: PacketView, values_of: Callable[[str], dict[str, Any]],
        *, clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.actor = actor
        self.view = view
        self.values_of = values_of
        self._clock = clock
        self._lock = asyncio.Lock()
        self._dirty: set[str] = set()
        self._last_draft = 0.0
        self._draft_task: asyncio.TimerHandle | None = None
        self._running: dict[str, asyncio.Task[SaveOutcome]] = {}

    @property
    def version(self) -> int:
        return self.view.version

    # --- drafts -------------------------------------------------------------------------------
    def changed(self, step_id: str) -> None:
        """Something was typed in the step: keep a draft soon (throttled, not debounced)."""
        self._dirty.add(step_id)
        if self._draft_task is not None:
            return
        wait = max(0.0, DRAFT_EVERY - (self._clock() - self._last_draft))
        loop = asyncio.get_running_loop()
        self._draft_task = loop.call_later(wait, lambda: asyncio.ensure_future(self.flush_drafts()))

    def changed_quietly(self, step_id: str) -> None:
        """Mark a step as holding unsaved typing without scheduling a draft (the caller saves now)."""
        self._dirty.add(step_id)

    def field_left(self, step_id: str) -> None:
        """A changed field lost focus: keep the draft now."""
        if step_id in self._dirty:
            asyncio.ensure_future(self.flush_drafts())

    async def flush_drafts(self) -> None:
        if self._draft_task is not None:
            self._draft_task.cancel()
            self._draft_task = None
        if not self._dirty:
            return
        from core.packets import saving

        dirty, self._dirty = set(self._dirty), set()
        self._last_draft = self._clock()
        for step_id in dirty:
            values = self.values_of(step_id)
            try:
                await self.app.run_core(saving.save_draft, self.app.ctx, self.actor, self.view.id, step_id, values)
            except PacketdeskError:
                return

    def save_drafts_now(self) -> None:
        """From the model, synchronously: hang-up, idle sign-out, crash (the widgets may be gone)."""
        from core.packets import saving

        if self._draft_task is not None:
            self._draft_task.cancel()
            self._draft_task = None
        for step_id in sorted(self._dirty):
            try:
                saving.save_draft(self.app.ctx, self.actor, self.view.id, step_id, self.values_of(step_id))
            except PacketdeskError:
                continue
        self._dirty.clear()

    def mark_saved(self, step_id: str) -> None:
        self._dirty.discard(step_id)

    # --- saves --------------------------------------------------------------------------------
    async def save(
        self, step: StepSpec, *, complete: bool = True, go_to: str | None = None, version: int | None = None,
    ) -> SaveOutcome:
        """Save the step's values as they are now; a save of the same step already running is not repeated."""
        running = self._running.get(step.id)
        if running is not None and not running.done():
            outcome = await running
            return SaveOutcome(outcome.saved, outcome.problems, outcome.conflict, outcome.error, joined=True)
        task = asyncio.ensure_future(self._save(step, complete, go_to, version))
        self._running[step.id] = task
        try:
            return await task
        finally:
            if self._running.get(step.id) is task:
                del self._running[step.id]

    async def _save(self, step: StepSpec, complete: bool, go_to: str | None, version: int | None) -> SaveOutcome:
        from core.packets import saving

        async with self._lock:
            await self.app.settle()
            values = self.values_of(step.id)
            try:
                saved = await self.app.run_core(
                    saving.save, self.app.ctx, self.actor, self.view.id, step.id, values,
                    self.view.version if version is None else version, complete=complete, go_to=go_to,
                )
            except ValidationFailed as exc:
                await self._keep_draft(step.id, values)
                return SaveOutcome(problems=exc.problems)
            except Conflict as exc:
                await self._keep_draft(step.id, values)
                return SaveOutcome(conflict=exc)
            except PacketdeskError as exc:
                return SaveOutcome(error=exc)
            self.view = saved.view
            if self.values_of(step.id) == values:
                self._dirty.discard(step.id)
            return SaveOutcome(saved=saved)

    async def _keep_draft(self, step_id: str, values: dict[str, Any]) -> None:
        from core.packets import saving

        try:
            await self.app.run_core(saving.save_draft, self.app.ctx, self.actor, self.view.id, step_id, values)
        except PacketdeskError:
            pass

    async def resolve(
        self, step: StepSpec, conflict: Conflict, show_theirs: Callable[[PacketView], Awaitable[None]],
    ) -> SaveOutcome | None:
        """The one conflict dialog. Returns the outcome of saving mine, or None (kept editing / took theirs)."""
        from core.packets import packets, saving
        from tui.kit.conflict import ConflictModal

        choice = await self.app.push_screen_wait(ConflictModal(step, self.values_of(step.id), conflict))
        if choice == "mine":
            return await self.save(step, complete=False, version=conflict.current_version)
        if choice == "theirs":
            latest = await self.app.run_core(packets.load, self.app.ctx, self.actor, self.view.id)
            await self.app.run_core(saving.discard_draft, self.app.ctx, self.actor, self.view.id, step.id)
            self.view = latest
            self._dirty.discard(step.id)
            await show_theirs(latest)
        return None
