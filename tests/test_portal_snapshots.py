"""Pictures of every portal screen at 80x24 and 120x40: demo data, fixed clock, seeded codes, no toasts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from core.kernel.context import AppContext
from core.portal import delegates, typing_pattern
from core.portal import passwords as portal_passwords
from core.portal.login import SignedIn
from tests.pilot_helpers import app_for, screen_text, type_text
from tests.portal_helpers import (
    DELEGATE,
    PRODUCER,
    Typist,
    link_code,
    pending,
    sign_in_by_email,
    wait_until,
)
from tests.test_portal_core import NEW_DELEGATE
from tui.app import PacketdeskApp
from tui.portal.add_delegate import AddDelegateScreen
from tui.portal.code import CodeEntryScreen
from tui.portal.delegate_home import DelegateHomeScreen
from tui.portal.demo_mail import PortalOutboxScreen
from tui.portal.email_verified import EmailVerifiedScreen
from tui.portal.find_account import FindAccountScreen
from tui.portal.forgot_username import ForgotUsernameScreen
from tui.portal.login import PortalLoginScreen
from tui.portal.new_password import NewPasswordScreen
from tui.portal.producer_home import ProducerHomeScreen
from tui.portal.typing import TypingScreen
from tui.portal.verify import VerifyChoiceScreen

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture(autouse=True)
def device_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACKETDESK_DEVICE_DIR", str(tmp_path / "devices"))


def showing(
    make: Callable[[PacketdeskApp], Screen[object]],
    ready: Callable[[PacketdeskApp], object] = lambda _: True,
    keys: tuple[str, ...] = (),
    signed: SignedIn | None = None,
) -> Callable[[Pilot], Awaitable[None]]:
    """Push the screen `make` builds (signed in as `signed`), press `keys`, wait until `ready`, clear toasts."""

    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, PacketdeskApp)
        if signed is not None:
            app.signed_in(signed.actor)
        await app.push_screen(make(app))
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await wait_until(pilot, lambda: ready(app))
        app.clear_notifications()
        await pilot.pause()

    return run_before


def text_has(words: str) -> Callable[[PacketdeskApp], bool]:
    return lambda app: words in screen_text(app)


class TestLogin:
    """The login screen, typed into, and locked after five wrong passwords."""

    @SIZES
    def test_login(self, snap_compare, sqlite_ctx, size):
        async def run_before(pilot: Pilot) -> None:
            await pilot.press("f7")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, PortalLoginScreen))
            await type_text(pilot, "dpatel2026")

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)

    @SIZES
    def test_locked(self, snap_compare, sqlite_ctx, size):
        async def run_before(pilot: Pilot) -> None:
            await pilot.press("f7")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, PortalLoginScreen))
            await type_text(pilot, "dpatel2026")
            await pilot.press("enter")
            for attempt in range(5):
                await type_text(pilot, "Wrong#1")
                await pilot.press("enter")
                await wait_until(pilot, lambda n=attempt: "unlocks" in screen_text(pilot.app) or
                                 f"{4 - n} attempt" in screen_text(pilot.app))
            await wait_until(pilot, lambda: "unlocks by itself" in screen_text(pilot.app))

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


class TestVerify:
    """Verify Your Account, the code screen and the typing pattern (enrol and verify)."""

    @SIZES
    def test_choice(self, snap_compare, sqlite_ctx, size):
        step = pending(sqlite_ctx)
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size,
                            run_before=showing(lambda _: VerifyChoiceScreen(step), keys=("down",)))

    @SIZES
    def test_code(self, snap_compare, sqlite_ctx, size):
        from core.portal import login as portal_login

        step = pending(sqlite_ctx)
        sent = portal_login.send_code(sqlite_ctx, step, "sms")
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: CodeEntryScreen(sent, pending=step), keys=("W", "R", "O", "N", "G", "2", "3", "4", "enter"),
            ready=text_has("not correct")))

    @SIZES
    def test_typing_enrol(self, snap_compare, sqlite_ctx, size):
        signed = sign_in_by_email(sqlite_ctx)
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: TypingScreen(user=signed.user, actor=signed.actor), keys=tuple("Packet"), signed=signed))

    @SIZES
    def test_typing_verify(self, snap_compare, sqlite_ctx, size):
        signed = sign_in_by_email(sqlite_ctx)
        devi = Typist(11)
        typing_pattern.enroll(sqlite_ctx, signed.actor, [devi.sample() for _ in range(3)])
        step = pending(sqlite_ctx)
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size,
                            run_before=showing(lambda _: TypingScreen(pending=step)))


class TestPasswords:
    """Create or forgot password: Find Account (step 2 shown), the code (step 3), the new password (4)."""

    @SIZES
    def test_find_account(self, snap_compare, sqlite_ctx, size):
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: FindAccountScreen("forgot", "dpatel2026"), keys=("enter",), ready=text_has("Step 2 of 4")))

    @SIZES
    def test_code(self, snap_compare, sqlite_ctx, size):
        found = portal_passwords.find_account(sqlite_ctx, "dpatel2026")
        sent = portal_passwords.send_code(sqlite_ctx, found, "email")
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size,
                            run_before=showing(lambda _: CodeEntryScreen(sent, found=found, title="Forgot Password")))

    @SIZES
    def test_new_password(self, snap_compare, sqlite_ctx, size):
        found = portal_passwords.find_account(sqlite_ctx, "dpatel2026")
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: NewPasswordScreen(found, "Forgot Password"), keys=tuple("dpatel2026x")))

    @SIZES
    def test_email_verified(self, snap_compare, sqlite_ctx, size):
        stone = sign_in_by_email(sqlite_ctx, PRODUCER).actor
        delegates.add_delegate(sqlite_ctx, stone, NEW_DELEGATE, ["TX"])
        verified = portal_passwords.verify_email(sqlite_ctx, link_code(sqlite_ctx, NEW_DELEGATE["email"]))
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size,
                            run_before=showing(lambda _: EmailVerifiedScreen(verified)))

    @SIZES
    def test_forgot_username(self, snap_compare, sqlite_ctx, size):
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: ForgotUsernameScreen(), keys=(*"devi.patel@example.com", "enter"),
            ready=text_has("If an account exists")))


def producer_with_pending_delegate(ctx: AppContext) -> SignedIn:
    signed = sign_in_by_email(ctx, PRODUCER)
    delegates.add_delegate(ctx, signed.actor, NEW_DELEGATE, ["IL", "TX"])
    return signed


class TestProducer:
    """My Delegates, and Add Delegate with problems and after success."""

    @SIZES
    def test_my_delegates(self, snap_compare, sqlite_ctx, size):
        signed = producer_with_pending_delegate(sqlite_ctx)
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: ProducerHomeScreen(signed.user), ready=text_has("jmorales7"), signed=signed))

    @SIZES
    def test_add_delegate_problems(self, snap_compare, sqlite_ctx, size):
        signed = sign_in_by_email(sqlite_ctx, PRODUCER)
        keys = (*"HStone2026", "enter", *"jo@", "enter", "enter", "enter", *"555", "enter", "enter")
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: AddDelegateScreen(), keys=keys, ready=text_has("need attention"), signed=signed))

    @SIZES
    def test_add_delegate_done(self, snap_compare, sqlite_ctx, size):
        signed = sign_in_by_email(sqlite_ctx, PRODUCER)
        keys = [*NEW_DELEGATE["username"], "enter", *NEW_DELEGATE["email"], "enter", *"Jo", "enter", *"Morales",
                "enter", *NEW_DELEGATE["mobile"], "enter", "space", "down", "down", "down", "space", "enter"]
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: AddDelegateScreen(), keys=tuple(keys), ready=text_has("Finish"), signed=signed))


class TestDelegate:
    """The delegate's home: Home with an entry explained, My Information, My Hierarchy, Quote & Enroll."""

    @SIZES
    @pytest.mark.parametrize("keys,words", [
        (("tab", "enter"), "does not open"), (("f7",), "Typing pattern"),
        (("f4", "down", "enter"), "Harriet [bold]Stone in Texas"), (("f5",), "Open Quote & Enroll"),
    ], ids=["home", "information", "hierarchy", "quote"])
    def test_home(self, snap_compare, sqlite_ctx, size, keys, words):
        signed = sign_in_by_email(sqlite_ctx, DELEGATE)
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: DelegateHomeScreen(signed.user), keys=keys, ready=text_has(words), signed=signed))


class TestSupport:
    """Report an issue over My Information (PII masked in its screenshot), and the demo phone's texts."""

    @SIZES
    def test_report_issue(self, snap_compare, sqlite_ctx, size):
        signed = sign_in_by_email(sqlite_ctx, DELEGATE)
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: DelegateHomeScreen(signed.user), keys=("f7", "ctrl+r", *"Quote page error"),
            ready=text_has("Screenshot attached"), signed=signed))

    @SIZES
    def test_demo_texts(self, snap_compare, sqlite_ctx, size):
        from core.portal import login as portal_login

        portal_login.send_code(sqlite_ctx, pending(sqlite_ctx), "sms")
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=showing(
            lambda _: PortalOutboxScreen("sms"), keys=("enter",), ready=text_has("Producer Experience Portal code")))
