"""Keyboard typing pattern: type the sentence (three times to enroll, once to verify).

Key arrival times come from each Key event's own timestamp (set when the terminal's bytes were
read), not from when the handler ran, so a busy event loop does not distort them.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from core.kernel.errors import PacketdeskError
from core.kernel.events import Actor
from core.portal import login as portal_login
from core.portal import typing_pattern
from core.portal.login import PendingLogin, PortalUser
from core.portal.policy import policy
from core.portal.typing_pattern import Sample
from tui.kit.toggles import Box
from tui.portal.base import PortalBody, PortalScreen, error_line, land, log_out, open_home


class TimedInput(Input):
    """An Input that keeps the arrival time of each character typed at its end."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.times: list[float] = []

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            if self.cursor_position == len(self.value):
                self.times.append(event.time)
            else:
                self.times = [-1.0]  # typed in the middle: this typing no longer has a clean rhythm
        await super()._on_key(event)

    def action_delete_left(self) -> None:
        if self.cursor_position == len(self.value) and self.times:
            self.times.pop()
        else:
            self.times = [-1.0]
        super().action_delete_left()

    def action_delete_right(self) -> None:
        self.times = [-1.0]
        super().action_delete_right()

    def action_delete_left_word(self) -> None:
        self.times = [-1.0]
        super().action_delete_left_word()

    def action_delete_left_all(self) -> None:
        super().action_delete_left_all()
        self.times = [] if not self.value else [-1.0]  # cleared: a fresh start

    def sample(self) -> Sample:
        return Sample(self.value, tuple(self.times))

    def reset(self) -> None:
        self.value = ""
        self.times = []


class TypingScreen(PortalScreen):
    """Enroll (a signed-in user, three samples) or verify (a pending login, one sample)."""

    AUTO_FOCUS = "#typing-input"

    def __init__(self, *, pending: PendingLogin | None = None, user: PortalUser | None = None,
                 actor: Actor | None = None) -> None:
        super().__init__()
        self.pending = pending
        self.user = user or (pending.user if pending else None)
        self.actor = actor
        self.typing = policy().typing
        self.samples: list[Sample] = []
        self.input = TimedInput(id="typing-input", compact=True, max_length=120, select_on_focus=False)
        self.remember = Box(f"Remember this device for {policy().remember_days} days", compact=True,
                                 id="typing-remember")
        self.progress = Static("", id="typing-progress", classes="card-text")
        self.error = error_line("typing-error")

    @property
    def enrolling(self) -> bool:
        return self.pending is None

    def compose(self) -> ComposeResult:
        yield self.portal_line("Keyboard typing pattern", self.user.username if self.user else "")
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield Static(Text("Verify Your Account by Keyboard Pattern", style="bold"), classes="card-title")
                yield Static(Text(self.typing.sentence, style="bold reverse"), id="typing-sentence")
                yield self.progress
                yield self.input
                yield self.error
                if not self.enrolling:
                    yield self.remember
                yield Static(
                    "Type by hand at your usual pace, then Enter. Pasted text, or keys batched by SSH or tmux, "
                    f"cannot be measured. To reset your pattern call the {policy().help_line}.",
                    classes="dim",
                )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_progress()

    def show_progress(self) -> None:
        if self.enrolling:
            # Seed 004: "After initial log in, Delegate will be required to type sample text 3 times".
            self.progress.update(Text(
                f"Required at first login: type the sentence above {self.typing.enroll_samples} times "
                f"(sample {len(self.samples) + 1} of {self.typing.enroll_samples})."))
        else:
            self.progress.update(Text("Type the sentence above once."))

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused in (self.input, self.remember):
            self.after_keys(focused, self.submit)
            return True
        return False

    async def submit(self) -> None:
        sample = self.input.sample()
        self.input.reset()
        self.error.update("")
        problem = typing_pattern.sample_problem(sample, self.typing)
        if problem:
            self.error.update(Text(problem))
            return
        if self.enrolling:
            await self.enroll(sample)
        else:
            await self.verify(sample)

    async def enroll(self, sample: Sample) -> None:
        self.samples.append(sample)
        if len(self.samples) < self.typing.enroll_samples:
            self.show_progress()
            return
        assert self.actor is not None and self.user is not None
        samples, self.samples = self.samples, []
        try:
            await self.papp.run_core(typing_pattern.enroll, self.papp.ctx, self.actor, samples)
        except PacketdeskError as exc:
            self.error.update(Text(" ".join(getattr(exc, "problems", {}).values()) or str(exc)))
            self.show_progress()
            return
        self.notify("Your typing pattern is set up. Next time you can verify with it.", timeout=6)
        self.dismiss_to_home()

    async def verify(self, sample: Sample) -> None:
        assert self.pending is not None
        try:
            signed = await self.papp.run_core(portal_login.verify_typing, self.papp.ctx, self.pending, sample,
                                              remember=self.remember.value)
        except PacketdeskError as exc:
            self.error.update(Text(str(exc)))
            return
        land(self.papp, signed)

    def dismiss_to_home(self) -> None:
        assert self.user is not None
        self.app.pop_screen()
        open_home(self.papp, self.user)

    def action_back(self) -> None:
        if self.enrolling:  # required: leaving it ends the login instead of opening the home page
            self.app.run_worker(self.leave_setup(), exclusive=True, group="portal-enter")
        else:
            self.app.pop_screen()

    async def leave_setup(self) -> None:
        app = self.papp
        await log_out(app)
        app.notify("Your typing pattern is required after your first login; it is asked again at the next one.",
                   timeout=6)
