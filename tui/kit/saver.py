"""The screen side of the one save path: drafts while typing, one save at a time, one conflict dialog.

- Drafts: at most every DRAFT_EVERY seconds while typing goes on (a steady typist never pauses),
  and at once when a changed field is left. A draft is this person's and this session's.
- Saves and drafts run one at a time, each save with the version the previous one returned, so one
  person's own saves never race each other. A second save asked for while one is running (a double
  Enter) waits for it and does not save again.
- A refused save (someone else saved first) opens the conflict dialog: keep editing, save mine
  knowingly, or take theirs (the form then shows theirs; saving after that is a normal save).

Where the values go is a SaveTarget: a packet's steps (core/packets/saving.PacketTarget) or a
program with a store of its own (an enrollment application). The rules above are the same for all.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from core.kernel.errors import Conflict, PacketdeskError, ValidationFailed

if TYPE_CHECKING:
    from core.forms.spec import StepSpec
    from tui.kit.host import HostApp

DRAFT_EVERY = 2.0


class SaveTarget(Protocol):
    """One record's store behind the one save path (its functions run on core's worker thread).

    `save` raises ValidationFailed (complete and the step has problems), Conflict (someone else saved
    since `version`) or another PacketdeskError, else returns what was stored: an object with the new
    `view` (which has `version`) and the step's remaining `problems`. `save_draft` keeps typed values
    for this person and session; it returns what was stored when the program keeps drafts in the
    record itself (a new version), else None.
    """

    def save(self, step_id: str, values: dict[str, Any], version: int, *, complete: bool,
             go_to: Any = None) -> Any: ...

    def save_draft(self, step_id: str, values: dict[str, Any], version: int) -> Any | None: ...

    def discard_draft(self, step_id: str) -> None: ...

    def load(self) -> Any: ...


@dataclass
class SaveOutcome:
    """What happened to a save: saved (with the target's result), refused with problems, or not saved."""

    saved: Any | None = None
    problems: dict[str, str] | None = None
    conflict: Conflict | None = None
    error: PacketdeskError | None = None
    joined: bool = False
    """A second request (a double Enter) that waited for the save already running: nothing more to do."""

    @property
    def ok(self) -> bool:
        return self.saved is not None


class Saver:
    """One per screen. `view` is the record as last loaded or saved (its `version` is what the next save
    builds on); `values_of(step_id)` reads the model of a step's body as it is now.

    `quiet_at_start`: the first draft comes at most DRAFT_EVERY after the screen opened (the values a
    screen fills in as it opens are not typing), not at the first change. `may_draft`: when it says
    no (a dialog is open over the screen), timed drafts wait for the next change or field left;
    a hang-up still keeps everything."""

    def __init__(
        self, app: HostApp, target: SaveTarget, view: Any, values_of: Callable[[str], dict[str, Any]],
        *, clock: Callable[[], float] = time.monotonic, draft_every: float | None = None,
        quiet_at_start: bool = False, may_draft: Callable[[], bool] | None = None,
    ) -> None:
        self.app = app
        self.target = target
        self.view = view
        self.values_of = values_of
        self._clock = clock
        self._every = draft_every
        self._lock = asyncio.Lock()
        self._dirty: set[str] = set()
        self._last_draft = clock() if quiet_at_start else 0.0
        self._draft_task: asyncio.TimerHandle | None = None
        self._running: dict[str, asyncio.Task[SaveOutcome]] = {}
        self._closed = False
        self._may_draft = may_draft

    @property
    def version(self) -> int:
        return int(self.view.version)

    @property
    def draft_every(self) -> float:
        return DRAFT_EVERY if self._every is None else self._every

    def close(self) -> None:
        """The screen was left: nothing is drafted from it any more."""
        self._closed = True
        self._cancel_timer()

    def _cancel_timer(self) -> None:
        if self._draft_task is not None:
            self._draft_task.cancel()
            self._draft_task = None

    # --- drafts -------------------------------------------------------------------------------
    def changed(self, step_id: str) -> None:
        """Something was typed in the step: keep a draft soon (throttled, not debounced)."""
        if self._closed:
            return
        self._dirty.add(step_id)
        if self._draft_task is not None:
            return
        wait = max(0.0, self.draft_every - (self._clock() - self._last_draft))
        loop = asyncio.get_running_loop()
        self._draft_task = loop.call_later(wait, lambda: asyncio.ensure_future(self.flush_drafts()))

    def changed_quietly(self, step_id: str) -> None:
        """Mark a step as holding unsaved typing without scheduling a draft (the caller saves now)."""
        self._dirty.add(step_id)

    def field_left(self, step_id: str) -> None:
        """A changed field lost focus: keep the draft now."""
        if step_id in self._dirty and not self._closed:
            asyncio.ensure_future(self.flush_drafts())

    async def flush_drafts(self) -> None:
        self._cancel_timer()
        if not self._dirty:
            return
        async with self._lock:  # never beside a save: a draft that is a save builds on its version
            if self._closed or not self._dirty:
                return
            if self._may_draft is not None and not self._may_draft():
                return
            dirty, self._dirty = set(self._dirty), set()
            self._last_draft = self._clock()
            for step_id in sorted(dirty):
                values = self.values_of(step_id)
                try:
                    stored = await self.app.run_core(self.target.save_draft, step_id, values, self.version)
                except PacketdeskError:
                    self._dirty |= dirty  # kept as typed; the next save says why (a conflict)
                    return
                if stored is not None:
                    self.view = stored.view
                if self.values_of(step_id) != values:
                    self._dirty.add(step_id)

    def save_drafts_now(self) -> None:
        """From the model, synchronously: hang-up, idle sign-out, crash (the widgets may be gone)."""
        self._cancel_timer()
        for step_id in sorted(self._dirty):
            try:
                stored = self.target.save_draft(step_id, self.values_of(step_id), self.version)
            except PacketdeskError:
                continue  # a newer save by someone else wins: nothing is overwritten
            if stored is not None:
                self.view = stored.view
        self._dirty.clear()

    def mark_saved(self, step_id: str) -> None:
        self._dirty.discard(step_id)

    # --- saves --------------------------------------------------------------------------------
    async def save(
        self, step: StepSpec, *, complete: bool = True, go_to: Any = None, version: int | None = None,
        leaving: bool = False,
    ) -> SaveOutcome:
        """Save the step's values as they are now; a save of the same step already running is not repeated.

        `leaving`: the screen goes once this save succeeds, so no draft is kept from it after it."""
        running = self._running.get(step.id)
        if running is not None and not running.done():
            outcome = await running
            return SaveOutcome(outcome.saved, outcome.problems, outcome.conflict, outcome.error, joined=True)
        task = asyncio.ensure_future(self._save(step, complete, go_to, version, leaving))
        self._running[step.id] = task
        try:
            return await task
        finally:
            if self._running.get(step.id) is task:
                del self._running[step.id]

    async def _save(
        self, step: StepSpec, complete: bool, go_to: Any, version: int | None, leaving: bool,
    ) -> SaveOutcome:
        async with self._lock:
            await self.app.settle()
            values = self.values_of(step.id)
            try:
                saved = await self.app.run_core(
                    self.target.save, step.id, values, self.version if version is None else version,
                    complete=complete, go_to=go_to,
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
            if leaving:
                self.close()
            if self.values_of(step.id) == values:
                self._dirty.discard(step.id)
            return SaveOutcome(saved=saved)

    async def _keep_draft(self, step_id: str, values: dict[str, Any]) -> None:
        try:
            stored = await self.app.run_core(self.target.save_draft, step_id, values, self.version)
        except PacketdeskError:
            return
        if stored is not None:
            self.view = stored.view

    async def resolve(
        self, step: StepSpec, conflict: Conflict, show_theirs: Callable[[Any], Awaitable[None]],
    ) -> SaveOutcome | None:
        """The one conflict dialog. Returns the outcome of saving mine, or None (kept editing / took theirs).

        Runs in a worker (it waits for the dialog)."""
        from tui.kit.conflict import ConflictModal

        choice = await self.app.push_screen_wait(ConflictModal(step, self.values_of(step.id), conflict))
        if choice == "mine":
            return await self.save(step, complete=False, version=conflict.current_version)
        if choice == "theirs":
            latest = await self.app.run_core(self.target.load)
            await self.app.run_core(self.target.discard_draft, step.id)
            self.view = latest
            self._dirty.discard(step.id)
            await show_theirs(latest)
        return None
