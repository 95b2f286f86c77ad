"""The real program in a pseudo-terminal: keys arrive in bursts, as from fast typists, tmux or SSH.

Pilot delivers one key at a time and waits, which hides where burst keys land; here one write
carries several keys, Textual reads them together, and pyte shows what a person would see.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pyte
import pytest
from sqlmodel import select

from core.identity import accounts
from core.identity.models import Login
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Actor
from core.notify import outbox
from core.packets import invitations, packets
from tests.helpers.journey import temporary_password

pytestmark = pytest.mark.pty

REPO = Path(__file__).resolve().parents[1]
NMOK = "DEMONMOK-NMOK2026"
WEI = "wei.li@example.com"
F3, F10 = "\x1bOR", "\x1b[21~"
BACKSPACE, TAB, ENTER = "\x7f", "\t", "\r"


def spawn(home: Path, **extra_env: str) -> pexpect.spawn:
    """`python -m tui.cli --demo` on a 24x80 pty with its own PACKETDESK_HOME."""
    env = {**os.environ, "PACKETDESK_HOME": str(home), "TERM": "xterm-256color", **extra_env}
    env.pop("TEXTUAL", None)
    return pexpect.spawn(
        sys.executable, ["-m", "tui.cli", "--demo"], cwd=str(REPO), env=env,
        dimensions=(24, 80), encoding="utf-8", codec_errors="replace",
    )


class Terminal:
    """The program on a pty, its output fed to a pyte screen of the same size."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.child = spawn(home)
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.Stream(self.screen)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.05) -> None:
        try:
            self.stream.feed(self.child.read_nonblocking(65536, timeout=seconds))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            raise AssertionError(f"the program ended; the terminal showed:\n{self.text}") from None

    def wait_for(self, predicate: Callable[[str], object], timeout: float = 20) -> str:
        """Read output until the screen satisfies `predicate` (full-cost argon2 runs in the child)."""
        deadline = time.monotonic() + timeout
        while not predicate(self.text):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the terminal shows:\n{self.text}")
            self.pump()
        return self.text

    def wait_text(self, fragment: str, timeout: float = 20) -> str:
        return self.wait_for(lambda text: fragment in text, timeout)

    def line_with(self, fragment: str) -> str:
        return next((line for line in self.screen.display if fragment in line), "")

    def send(self, keys: str) -> None:
        """One write: the program reads these keys together."""
        self.child.send(keys)

    def close(self) -> None:
        if self.child.isalive():
            self.child.kill(signal.SIGTERM)
            self.child.close(force=True)


def core_context(home: Path) -> AppContext:
    """The same database and key as the child (created by it on start-up)."""
    return AppContext.create(Settings.from_env({"PACKETDESK_HOME": str(home)}))


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database made once by the program itself (full-cost argon2 makes seeding slow)."""
    home = tmp_path_factory.mktemp("seeded")
    child = spawn(home, PACKETDESK_EXIT_WHEN_READY="1")
    child.expect(pexpect.EOF, timeout=120)
    child.close()
    assert child.exitstatus == 0, child.before
    return home


@pytest.fixture
def term(seeded_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    home = tmp_path / "home"
    shutil.copytree(seeded_home, home)
    terminal = Terminal(home)
    try:
        terminal.wait_text("Welcome to Packetdesk", timeout=30)
        yield terminal
    finally:
        terminal.close()


def to_change_password(term: Terminal) -> AppContext:
    """Invitation code, Get My Password, the emailed password: the Change Password screen."""
    term.send(NMOK)
    term.wait_text(NMOK)
    term.send(ENTER)
    term.wait_text("Need a password?")
    term.send(F3)
    term.wait_text("was emailed to")
    ctx = core_context(term.home)
    assert outbox.latest(ctx, to=WEI, kind="temporary password") is not None
    password = temporary_password(ctx, WEI)
    term.send(password)
    term.wait_text("•" * len(password))
    term.send(ENTER)
    term.wait_text("please choose a new password")
    return ctx


def to_interview(term: Terminal) -> AppContext:
    ctx = to_change_password(term)
    term.send("Abc123x")
    term.wait_for(lambda _text: "•••••••" in term.line_with("New Password *"))
    term.send(TAB + "Abc123x")
    term.wait_text("✓ Confirmation must match")
    term.send(ENTER)
    term.wait_text("The four stages")
    term.send(ENTER)
    term.wait_text("Email Address *")
    return ctx


def field_text(line: str) -> str:
    """What a field shows on its line: after the label's two-space gap, inside the card border."""
    match = re.search(r"\S\s{2,}(\S.*?)\s*│?$", line)
    return match.group(1) if match else ""


def interview_draft(ctx: AppContext) -> dict[str, object] | None:
    opened = invitations.open_code(ctx, NMOK)
    return packets.load_draft(ctx, Actor(opened.account_id, "producer"), opened.packet_id, "interview")


def test_password_and_confirmation_typed_in_one_burst_land_in_their_fields(term):
    ctx = to_change_password(term)
    term.send("Abc123x" + TAB + "Abc123x")
    term.wait_text("✓ Confirmation must match the new password.")
    assert field_text(term.line_with("New Password *")) == "•••••••"
    assert field_text(term.line_with("Confirm New Password *")) == "•••••••"
    assert "✗" not in term.text
    term.send(ENTER)
    term.wait_text("The four stages")
    account = accounts.get(ctx, invitations.open_code(ctx, NMOK).account_id)
    assert ctx.hasher.verify(account.password_hash, "Abc123x")


def test_fast_typing_across_interview_fields_lands_each_value_in_its_field(term):
    ctx = to_interview(term)
    # Focus starts on Email; Title, Address One, Address Two, then City.
    term.send(
        TAB * 4 + BACKSPACE * len("Albuquerque") + "New City" + TAB
        + BACKSPACE * 2 + "OK" + TAB + BACKSPACE * 5 + "74103"
    )
    term.wait_text("74103")
    term.send(F10)  # Save & Exit keeps the draft
    term.wait_text("Welcome to Packetdesk")
    draft = interview_draft(ctx)
    assert draft is not None
    assert (draft["city"], draft["state"], draft["postal_code"]) == ("New City", "OK", "74103")


def test_tabbing_ahead_then_typing_in_one_burst_lands_in_the_right_fields(term):
    """The same burst without Backspace: only Tab decides where the text goes."""
    ctx = to_interview(term)
    term.send(TAB * 3 + "Suite 9" + TAB + " Heights" + TAB * 2 + "-4321")
    term.wait_text("87106-4321")
    term.send(F10)
    term.wait_text("Welcome to Packetdesk")
    draft = interview_draft(ctx)
    assert draft is not None
    assert (draft["address2"], draft["city"], draft["postal_code"]) == (
        "Suite 9", "Albuquerque Heights", "87106-4321"
    )


def test_sighup_saves_the_typed_draft_and_the_program_exits(term):
    ctx = to_interview(term)
    term.send(TAB * 4 + " West")
    term.wait_text("Albuquerque West")
    term.child.kill(signal.SIGHUP)  # the SSH connection drops, well before the 1 s autosave
    term.child.expect(pexpect.EOF, timeout=10)
    term.child.close()
    assert not term.child.isalive()
    draft = interview_draft(ctx)
    assert draft is not None and draft["city"] == "Albuquerque West"
    account_id = invitations.open_code(ctx, NMOK).account_id
    with reading(ctx.engine) as session:
        logins = session.exec(select(Login).where(Login.account_id == account_id)).all()
    assert [login.end_reason for login in logins] == ["SIGHUP"], "closed by the hang-up handler"


def test_keys_typed_right_after_f8_stay_in_their_field_when_the_save_finds_a_problem(term):
    """Issue 16: Continue (F8) with a bad Postal Code moves the focus there; keys typed in the same burst,
    before the problem showed, must stay in the field they were typed in (City)."""
    term_f8 = "\x1b[19~"
    to_interview(term)
    # Email, Title, Address One, Address Two, City, State, Postal Code: a bad code, back to City, F8, more keys.
    term.send(TAB * 6 + BACKSPACE * 5 + "871" + "\x1b[Z" * 2 + term_f8 + " Heights")
    term.wait_text("needs attention")
    term.wait_text("Albuquerque Heights")
    assert field_text(term.line_with("Postal Code")).startswith("871")
    assert "Heights" not in term.line_with("Postal Code")
