"""The Packetdesk application: one factory for the CLI, the tests and the script runner."""

from __future__ import annotations

import asyncio
import functools
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.segment import Segments
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.command import Provider
from textual.widget import Widget
from textual.widgets import Button, Checkbox, DataTable, Input, ListView, OptionList, RadioSet
from textual.widgets._toggle_button import ToggleButton

from tui.chrome import Chrome
from tui.kit.host import WELCOME


def _palette() -> type[Provider]:
    from tui.palette import PacketdeskCommands

    return PacketdeskCommands

if TYPE_CHECKING:
    # Imported where used: SQLAlchemy and the models cost ~400 ms, paid after the first paint.
    from core.kernel.context import AppContext
    from core.kernel.events import Actor
    from core.packets.invitations import OpenedPacket
    from core.packets.packets import PacketView

T = TypeVar("T")

# Input handles typed characters as they arrive but editing keys only after they bubble up, so in a
# burst ("abc" + Backspace in one read) the Backspace would run first. These go through the Input's
# own queue instead, behind the characters typed before them (Textual issue 6605).
EDIT_KEYS = {
    "backspace": "delete_left", "delete": "delete_right", "left": "cursor_left", "right": "cursor_right",
    "home": "home", "end": "end", "ctrl+u": "delete_left_all", "ctrl+k": "delete_right_all",
    "ctrl+w": "delete_left_word",
}

IN_ORDER = frozenset({"edit", "toggle", "radio"})
"""App actions that run on the focused widget's own queue (call_later): they keep the order of a burst."""


ROW_ENDS = {"home": "scroll_top", "end": "scroll_bottom"}
"""A DataTable's Home and End scroll sideways; on a table of rows (results, lists) they mean the first and
the last row, as in a list."""


class PacketdeskApp(Chrome):
    """Screens draw; core decides. The app holds who is signed in and keeps sessions honest."""

    CSS_PATH = "app.tcss"
    TITLE = "Packetdesk"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_palette}
    """Our own commands only: Textual's system commands include a Screenshot that writes PII to disk."""
    COMMAND_PALETTE_BINDING = "f24"
    """Looked up by the footer to show the palette key; no such key, so footers keep their room."""
    NOTIFICATION_TIMEOUT = 4
    BINDINGS = [
        # Navigation is App-level with priority, so keys typed ahead in one burst land where meant.
        Binding("tab", "focus_next", "Next", show=False, priority=True, id="next-field"),
        Binding("shift+tab", "focus_previous", "Previous", show=False, priority=True, id="previous-field"),
        Binding("enter", "enter", "Enter", show=False, priority=True, id="enter"),
        Binding("ctrl+q", "quit_saving", "Quit", priority=True, id="quit", tooltip="Save what is typed and quit"),
        Binding("ctrl+f", "find", "Find", show=False, priority=True, id="find", tooltip="Find any packet (staff)"),
        Binding("ctrl+b", "dashboard", "Dashboard", show=False, priority=True, id="dashboard",
                tooltip="Packets per status (staff)"),
        Binding("ctrl+o", "demo_mail", "Demo mail", show=False, priority=True, id="demo-mail",
                tooltip="The demo database's emails, over any screen (Esc returns)"),
        Binding("ctrl+t", "demo_texts", "Demo texts", show=False, priority=True, id="demo-texts",
                tooltip="The demo database's text messages, over any screen (Esc returns)"),
        *[
            Binding(key, f"edit('{action}')", show=False, priority=True, id=f"edit-{key}")
            for key, action in EDIT_KEYS.items()
        ],
        Binding("space", "toggle", show=False, priority=True, id="toggle"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="command-palette",
                tooltip="What this screen can do, its pages, and (staff) any packet"),
        Binding("f1", "field_help", "Help", show=False, id="field-help", tooltip="What the focused field wants"),
        # Not priority and not shown, so screens may show it in their own footers (the portal's do).
        Binding("ctrl+r", "report_issue", "Report issue", show=False, id="report-issue",
                tooltip="Report an issue to support, with a PII-masked screenshot of this screen"),
    ]

    def __init__(
        self,
        ctx: AppContext | None = None,
        *,
        invitation_code: str | None = None,
        blink: bool = True,
        demo: bool = False,
        open_context: Callable[[], AppContext] | None = None,
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._open_context = open_context
        """Opens the database after the first paint (the CLI); tests pass a ready context instead."""
        self._ctx_ready = threading.Event()
        self._ctx_error: BaseException | None = None
        self._opening = False
        if ctx is not None:
            self._ctx_ready.set()
        self.demo = demo
        """A demo database: the entry screen offers the demo mailbox."""
        self.exit_when_ready = False
        self.portal_verify_code: str | None = None
        """`packetdesk verify CODE`: open the producer portal on Email Verification Complete!"""
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Over SSH every animation frame is bytes on the wire and a frame of work: the tab underline's
            # 0.3 s slide kept drawing after each tab switch. TEXTUAL_ANIMATIONS=full brings them back.
            self.animation_level = "none"
        self.invitation_code = invitation_code
        self.blink = blink
        self.actor: Actor | None = None
        self.opened: OpenedPacket | None = None
        self.last_activity = ctx.clock.now() if ctx is not None else None
        self.idle_warned = False

    # --- start and stop ---------------------------------------------------------------------
    @property
    def ctx(self) -> AppContext:
        """The database and services; waits (once, briefly) if opened in the background."""
        if not self._ctx_ready.is_set():
            self._open_in_background()  # a screen needs it before the first paint finished
        self._ctx_ready.wait()
        if self._ctx is None:
            raise RuntimeError(f"the database could not be opened: {self._ctx_error}")
        return self._ctx

    def _open_in_background(self) -> None:
        if self._opening:
            return
        self._opening = True

        def run() -> None:
            try:
                assert self._open_context is not None
                self._ctx = self._open_context()
                if self.last_activity is None:
                    self.last_activity = self._ctx.clock.now()
            except Exception as exc:  # shown to the person, then the app ends
                self._ctx_error = exc
                self.call_from_thread(self._context_failed, exc)
            finally:
                self._ctx_ready.set()

        threading.Thread(target=run, name="open-database", daemon=True).start()

    def _context_failed(self, exc: Exception) -> None:
        from core.kernel.errors import PacketdeskError

        # A PacketdeskError says what to do (a missing or foreign key file); others are named by type.
        text = str(exc) if isinstance(exc, PacketdeskError) else f"{type(exc).__name__}: {exc}"
        self.exit(getattr(exc, "exit_code", 1), message=f"Packetdesk could not open its database: {text}")

    def on_mount(self) -> None:
        from tui.entry import EntryScreen

        self.push_screen(EntryScreen())
        if self.invitation_code:
            from tui.packet.welcome import ProducerWelcomeScreen

            code = self.invitation_code
            self.open_program("packet", lambda: ProducerWelcomeScreen(code=code))
        if self.portal_verify_code:
            from tui.portal.login import PortalLoginScreen

            verify = self.portal_verify_code
            self.open_program("portal", lambda: PortalLoginScreen(verify_code=verify))
        self.set_interval(5, self.check_idle_session)
        self.apply_keymap()
        if self._ctx is None and self._open_context is not None:
            # A moment after the first paint, so the import work does not hold up writing the screen.
            self.set_timer(0.15, self._open_in_background)
        if self.exit_when_ready:
            # Benchmarks: stop as soon as the first screen has been painted and can take keys.
            self.call_after_refresh(self.exit, 0)
        if not self.is_headless:
            from tui.kit.lifecycle import Lifecycle

            # SIGHUP, SIGTERM, SIGINT and a closed terminal: save, then end within a bounded time.
            Lifecycle(self, self.save_and_end).install()

    def save_draft_now(self) -> None:
        """Save what every open screen holds, from its model (widgets may already be gone): a call
        note under the packet page a rep is filling is kept too. One failing save stops no other."""
        for screen in reversed(self.screen_stack):
            save = getattr(screen, "save_draft", None)
            if callable(save):
                try:
                    save()
                except Exception:  # noqa: BLE001 - a hang-up must still end; the others still save
                    continue

    def save_and_end(self, reason: str) -> None:
        """Keep what was typed and close the login; works without the terminal or the screens."""
        self.save_draft_now()
        actor, self.actor = self.actor, None
        if actor is not None:
            from core.identity import sessions

            sessions.end(self.ctx, actor, reason)

    def save_and_exit(self, reason: str = "quit") -> None:
        self.save_and_end(reason)
        self._exit_bounded(0)

    async def _on_exit_app(self) -> None:
        if self.is_web and self.actor is not None:
            # textual-serve ends the app this way when the browser tab closes: a dropped connection.
            self.save_and_end("browser closed")
        await super()._on_exit_app()

    def _exit_bounded(self, code: int) -> None:
        if not self.is_headless:
            from tui.kit.lifecycle import exit_within

            exit_within(3.0, code)  # Textual's shutdown can hang on a terminal that went away
        self.exit(code)

    def _fatal_error(self) -> None:
        """On a crash: keep what was typed, and print the traceback without local variables (PII)."""
        from rich.traceback import Traceback

        try:
            self.save_draft_now()
        except Exception:  # noqa: BLE001 - the app is already failing; the traceback below says why
            pass
        if not self.is_headless:
            from tui.kit.lifecycle import exit_within

            exit_within(3.0, 1)
        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()

    def action_quit_saving(self) -> None:
        self.save_and_exit("quit")

    async def action_report_issue(self) -> None:
        from tui.portal.report import open_report

        await open_report(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("demo_mail", "demo_texts"):
            return self.demo
        if action in ("find", "dashboard"):
            return self.actor is not None and self.actor.role in ("rep", "reviewer", "admin")
        return True

    def action_edit(self, action: str) -> None:
        focused = self.focused
        if isinstance(focused, RadioSet) and action in ("cursor_left", "cursor_right"):
            self.action_radio("previous_button" if action == "cursor_left" else "next_button")
            return
        if not isinstance(focused, Input):
            raise SkipAction()
        focused.call_later(focused.run_action, action)

    def action_toggle(self) -> None:  # type: ignore[override]  # Space, not DOMNode's attribute toggle
        """Space on a checkbox or radio button, queued like the editing keys (Space then Enter in a burst)."""
        focused = self.focused
        if not isinstance(focused, (ToggleButton, RadioSet)):
            raise SkipAction()
        focused.call_later(focused.run_action, "toggle_button")

    async def action_find(self) -> None:
        """The search box, its text selected: this screen's, or the one a packet was opened from, else a new one."""
        from tui.desk.search import SearchScreen

        screen = self.screen
        if isinstance(screen, SearchScreen):
            screen.focus_box()
            return
        below = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        if isinstance(below, SearchScreen) and callable(getattr(screen, "action_back", None)):
            search: SearchScreen = below
            await screen.run_action("back")  # leaves the packet as Escape does (presence, pop)
            if self.screen is search:
                search.focus_box()
            return
        self.push_screen(SearchScreen())

    def open_mailbox(self) -> None:
        from tui.desk.outbox import OutboxScreen

        if self.demo and not (isinstance(self.screen, OutboxScreen) and self.screen.demo):
            self.push_screen(OutboxScreen(title="Demo mailbox", demo=True))

    def open_history(self, packet_id: int, title: str) -> None:
        from tui.desk.history import HistoryScreen

        self.push_screen(HistoryScreen(packet_id, title))

    def action_demo_mail(self) -> None:
        """Read a code without leaving the screen that asks for it (going back would send a new one)."""
        self.open_mailbox()

    def action_demo_texts(self) -> None:
        from tui.portal.demo_mail import PortalOutboxScreen

        if self.demo and not (isinstance(self.screen, PortalOutboxScreen) and self.screen.channel == "sms"):
            self.push_screen(PortalOutboxScreen("sms"))

    def action_dashboard(self) -> None:
        from tui.desk.dashboard import DashboardScreen

        if not isinstance(self.screen, DashboardScreen):
            self.push_screen(DashboardScreen())

    # --- keys -------------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            if self._ctx_ready.is_set():  # never wait for the database just to note a keystroke
                self.last_activity = self.ctx.clock.now()
            self.idle_warned = False
        await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        # A priority key runs here at once while the keys typed just before it still wait in their
        # widget's queue: "59EF" then F8 in one read agreed with an empty code. Let them land first,
        # except for the editing keys, Space and a radio set's arrows, which queue behind them anyway.
        if priority and any(binding.priority and binding.action.partition("(")[0] not in IN_ORDER
                            for _namespace, bindings in self.screen._binding_chain
                            for binding in bindings.key_to_bindings.get(key, ())):
            await self.settle()
        if await super()._check_bindings(key, priority):
            return True
        return priority and await self._list_key(key)

    async def _list_key(self, key: str) -> bool:
        """A focused table's or list's own keys (arrows, Page Down, Home) run here, in the order read.

        Left to Textual they would bubble through the screen and come back to the app as bindings,
        after an Enter read with them: "down down enter" in one read opened the first row.
        """
        focused = self.focused
        if not isinstance(focused, (DataTable, OptionList, ListView)) or len(key) == 1:
            return False
        if isinstance(focused, DataTable) and focused.cursor_type == "row" and key in ROW_ENDS:
            await focused.run_action(ROW_ENDS[key])  # a table of rows: Home and End go to its first and last row
            return True
        for binding in focused._bindings.key_to_bindings.get(key, ()):
            if not binding.priority:
                await focused.run_action(binding.action)
                return True
        return False

    async def settle(self) -> None:
        """Wait until every input on the screen has handled the keys already queued for it.

        Keys typed in one burst are queued per widget, while Enter runs here at once: reading a
        value before its widget caught up would lose the last keystrokes.
        """
        loop = asyncio.get_running_loop()
        waiting: list[asyncio.Future[None]] = []
        # A plain walk (a CSS query matched selectors on every node, 20 ms on a screen of tabs) that
        # skips what is not displayed (the other tabs): no key can be queued where focus never was,
        # and waking every input of eight tabs took 5-7 ms of each F4.
        stack: list[Widget] = [self.screen]
        while stack:
            for widget in stack.pop()._nodes:
                if not widget.display:
                    continue
                stack.append(widget)
                if isinstance(widget, (Input, Checkbox, RadioSet)):
                    done: asyncio.Future[None] = loop.create_future()
                    widget.call_later(lambda future=done: future.done() or future.set_result(None))
                    waiting.append(done)
        if waiting:
            # All at once: each widget drains its own queue in parallel.
            await asyncio.wait(waiting, timeout=1)

    async def action_enter(self) -> None:
        """Enter moves on: presses a focused button, else lets the screen decide, else the widget.

        Enter is a priority key: the keys typed before it have landed (_check_bindings).
        """
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
            return
        handler = getattr(self.screen, "on_enter_pressed", None)
        if callable(handler) and handler(focused):
            return
        if focused is not None:
            for binding in focused._bindings.key_to_bindings.get("enter", []):
                await focused.run_action(binding.action)
                return

    # --- services and sessions ----------------------------------------------------------------
    async def run_core(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a core service off the event loop (argon2, PDFs and queries are slow)."""
        return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))

    def signed_in(self, actor: Actor, opened: OpenedPacket | None = None) -> None:
        self.actor = actor
        self.opened = opened
        self.last_activity = self.ctx.clock.now()

    def show_packet_step(self, view: PacketView, step_id: str | None = None) -> None:
        """Replace the current packet screen with the one for a step (resume point by default)."""
        from tui.packet.steps import screen_for_step

        current = self.screen
        if getattr(current, "is_packet_step", False):
            self.switch_screen(screen_for_step(view, step_id, acting=getattr(current, "acting", None),
                                               home_below=getattr(current, "home_below", False)))
        else:
            # Welcome and password screens are done with: the packet is the first screen of its mode
            # (over the welcome screen when it was opened there).
            while len(self.screen_stack) > 2:
                self.pop_screen()
            if self.current_mode == WELCOME:
                self.push_screen(screen_for_step(view, step_id))
            else:
                self.switch_screen(screen_for_step(view, step_id))

    def sign_out(self, message: str, reason: str = "logout") -> None:
        """Back to the entry screen, session ended; the message says why."""
        from tui.entry import EntryScreen

        if self.actor is not None:
            from core.identity import sessions

            sessions.end(self.ctx, self.actor, reason)
        self.actor = None
        self.opened = None
        self.to_welcome()
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if isinstance(self.screen, EntryScreen):
            self.screen.clear()
        else:
            self.switch_screen(EntryScreen())
        self.notify(message, timeout=8)

    def check_idle_session(self) -> None:
        """Warn about two minutes before the idle limit; at the limit, save and sign out."""
        if self.actor is None or self.actor.login_id is None:
            return
        from core.identity import sessions

        settings = self.ctx.settings
        idle = (self.ctx.clock.now() - (self.last_activity or self.ctx.clock.now())).total_seconds() / 60
        if not sessions.touch_if_open(self.ctx, self.actor.login_id, active=idle < 1):
            self.save_draft_now()
            self.actor = None
            self.sign_out("This packet was opened in another session, so you were signed out here.", "taken over")
            return
        if idle >= settings.idle_minutes:
            self.save_draft_now()
            self.sign_out(
                f"Signed out after {settings.idle_minutes:g} minutes without activity. Everything is saved.",
                "idle timeout",
            )
        elif idle >= settings.idle_minutes - settings.idle_warning_minutes and not self.idle_warned:
            self.idle_warned = True
            left = max(1, round(settings.idle_minutes - idle))
            self.notify(
                f"You will be signed out in about {left} minute{'s' if left != 1 else ''} without activity. "
                "Press any key to stay.",
                severity="warning",
                timeout=30,
            )

    def reload_packet(self) -> PacketView | None:
        if self.actor is None or self.opened is None:
            return None
        from core.packets import packets

        return packets.load(self.ctx, self.actor, self.opened.packet_id)


def make_app(
    ctx: AppContext | None = None,
    *,
    invitation_code: str | None = None,
    blink: bool = True,
    demo: bool = False,
    open_context: Callable[[], AppContext] | None = None,
) -> PacketdeskApp:
    return PacketdeskApp(ctx, invitation_code=invitation_code, blink=blink, demo=demo, open_context=open_context)
