"""Portal screens driven by keys (Pilot, SQLite demo data): every flow of the delegates issue."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from core.notify import outbox
from core.portal import delegates, typing_pattern
from core.portal import passwords as portal_passwords
from tests.pilot_helpers import SIZE, app_for, screen_text, type_text
from tests.portal_helpers import (
    DELEGATE,
    PRODUCER,
    SENTENCE,
    latest_code,
    link_code,
    sign_in_by_email,
    type_by_hand,
    wait_until,
)
from tests.test_portal_core import NEW_DELEGATE
from tui.portal.add_delegate import AddDelegateScreen
from tui.portal.code import CodeEntryScreen
from tui.portal.delegate_home import DelegateHomeScreen
from tui.portal.email_verified import EmailVerifiedScreen
from tui.portal.find_account import FindAccountScreen
from tui.portal.forgot_username import ForgotUsernameScreen
from tui.portal.login import PortalLoginScreen
from tui.portal.new_password import NewPasswordScreen
from tui.portal.producer_home import ProducerHomeScreen
from tui.portal.report import ReportIssueScreen
from tui.portal.typing import TypingScreen
from tui.portal.verify import VerifyChoiceScreen


@pytest.fixture(autouse=True)
def device_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Remembered-device tokens go to the test's own folder, never the user's config."""
    folder = tmp_path / "devices"
    monkeypatch.setenv("PACKETDESK_DEVICE_DIR", str(folder))
    return folder


def on(pilot: Pilot, kind: type) -> bool:
    return isinstance(pilot.app.screen, kind)


async def open_portal(pilot: Pilot) -> None:
    await pilot.press("f7")
    await wait_until(pilot, lambda: on(pilot, PortalLoginScreen))


async def log_in(pilot: Pilot, who: tuple[str, str]) -> None:
    """Username, Enter, password, Enter, as one burst of keys would arrive."""
    await type_text(pilot, who[0])
    await pilot.press("enter")
    await type_text(pilot, who[1])
    await pilot.press("enter")


async def verify_by(pilot: Pilot, ctx, *, arrows: int, to: str, remember: bool = False) -> None:
    """On Verify Your Account: pick a channel with the arrows, Enter, then type the code."""
    await wait_until(pilot, lambda: on(pilot, VerifyChoiceScreen))
    await pilot.press(*(["down"] * arrows), "enter")
    await wait_until(pilot, lambda: on(pilot, CodeEntryScreen))
    await type_text(pilot, latest_code(ctx, to))
    if remember:
        await pilot.press("tab", "space")
    await pilot.press("enter")


async def test_delegate_verifies_by_text_enrolls_and_remembers_the_device(sqlite_ctx, device_dir):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_portal(pilot)
        await log_in(pilot, DELEGATE)
        await verify_by(pilot, sqlite_ctx, arrows=1, to="918-555-0001", remember=True)
        await wait_until(pilot, lambda: on(pilot, TypingScreen))
        await enrol_by_hand(pilot)  # required after the first login
        await wait_until(pilot, lambda: on(pilot, DelegateHomeScreen))
        assert len(list(device_dir.glob("*.token"))) == 1
        assert app.actor is not None and app.actor.auth_method == "password + text message code"
        await pilot.press("f10")
        await wait_until(pilot, lambda: on(pilot, PortalLoginScreen) and app.actor is None)
        await log_in(pilot, DELEGATE)
        await wait_until(pilot, lambda: on(pilot, DelegateHomeScreen))  # no verification this time
        assert app.actor is not None and app.actor.auth_method == "password + remembered device"


async def test_wrong_passwords_lock_and_the_screen_says_until_when(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_portal(pilot)
        await log_in(pilot, ("dpatel2026", "Wrong#1"))
        await wait_until(pilot, lambda: "4 attempts left" in screen_text(app))
        for _ in range(4):
            await type_text(pilot, "Wrong#1")
            await pilot.press("enter")
            await pilot.pause(0.05)
        await wait_until(pilot, lambda: "unlocks by itself at 14:30 UTC" in screen_text(app))


async def test_typing_screen_keeps_each_keys_arrival_time(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        signed = sign_in_by_email(sqlite_ctx)
        app.signed_in(signed.actor)
        screen = TypingScreen(user=signed.user, actor=signed.actor)
        await app.push_screen(screen)
        await type_by_hand(pilot, SENTENCE[:5] + "X")
        await pilot.press("backspace")
        await type_by_hand(pilot, SENTENCE[5:])
        times = screen.input.times
        assert screen.input.value == SENTENCE and len(times) == len(SENTENCE)
        assert all(b > a for a, b in zip(times, times[1:], strict=False))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "(sample 2 of" in screen_text(app))


async def test_producer_adds_a_delegate_then_deactivates_and_reactivates(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_portal(pilot)
        await log_in(pilot, PRODUCER)
        await verify_by(pilot, sqlite_ctx, arrows=0, to="harriet.stone@example.com")
        await wait_until(pilot, lambda: on(pilot, TypingScreen))
        await enrol_by_hand(pilot)
        await wait_until(pilot, lambda: on(pilot, ProducerHomeScreen) and "dpatel2026" in screen_text(app))
        await pilot.press("f3")
        await wait_until(pilot, lambda: on(pilot, AddDelegateScreen) and app.screen.states.option_count == 5)
        for value in ("dpatel2026", NEW_DELEGATE["email"], "Jo", "Morales", NEW_DELEGATE["mobile"]):
            await type_text(pilot, value)
            await pilot.press("enter")
        await pilot.press("down", "space", "enter")  # Montana
        await wait_until(pilot, lambda: "already registered" in screen_text(app))
        field = app.focused  # the first field with a problem
        assert field is not None and field.id == "f-username"
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, NEW_DELEGATE["username"])
        app.screen.set_focus(app.screen.states)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Delegate was added" in screen_text(app))
        await pilot.press("enter")  # Finish
        await wait_until(pilot, lambda: on(pilot, ProducerHomeScreen) and "jmorales7" in screen_text(app))
        assert "Email not confirmed" in screen_text(app)
        welcome = outbox.latest(sqlite_ctx, to=NEW_DELEGATE["email"])
        assert welcome is not None and "jmorales7" in welcome.body
        await pilot.press("down", "f4")  # deactivating locks them out: asked once, No first
        await wait_until(pilot, lambda: "Deactivate jmorales7?" in screen_text(app))
        await pilot.press("enter")  # the focus starts on No: a stray Enter changes nothing
        await wait_until(pilot, lambda: on(pilot, ProducerHomeScreen))
        await pilot.pause(0.2)
        assert "Inactive" not in screen_text(app)
        await pilot.press("f4")
        await wait_until(pilot, lambda: "Deactivate jmorales7?" in screen_text(app))
        await pilot.press("y")
        await wait_until(pilot, lambda: "Inactive" in screen_text(app))
        await pilot.press("f4")  # reactivating is not asked
        await wait_until(pilot, lambda: "Inactive" not in screen_text(app))


async def test_new_delegate_confirms_email_and_creates_a_password(sqlite_ctx):
    stone = sign_in_by_email(sqlite_ctx, PRODUCER).actor
    delegates.add_delegate(sqlite_ctx, stone, NEW_DELEGATE, ["TX"])
    code = link_code(sqlite_ctx, NEW_DELEGATE["email"])
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_portal(pilot)
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, code)
        await pilot.press("enter")
        await wait_until(pilot, lambda: on(pilot, EmailVerifiedScreen))
        await pilot.press("enter")  # Create a Password
        await wait_until(pilot, lambda: on(pilot, FindAccountScreen))
        await pilot.press("enter")  # the username is filled in
        await wait_until(pilot, lambda: "Step 2 of 4" in screen_text(app))
        await pilot.press("down", "enter")  # text message
        await wait_until(pilot, lambda: on(pilot, CodeEntryScreen))
        await type_text(pilot, "WRONG234")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "not correct" in screen_text(app))
        await pilot.press("f5")
        await wait_until(pilot, lambda: "A new code was sent" in screen_text(app))
        await type_text(pilot, latest_code(sqlite_ctx, NEW_DELEGATE["mobile"]))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on(pilot, NewPasswordScreen))
        await type_text(pilot, "Morales#2026")
        await pilot.press("enter")
        await type_text(pilot, "Morales#2026")
        await pilot.press("enter")
        await wait_until(pilot, lambda: on(pilot, PortalLoginScreen))
    confirmation = outbox.latest(sqlite_ctx, to=NEW_DELEGATE["email"])
    assert confirmation is not None and confirmation.subject == "Account Information - Update Password"


async def test_verify_command_opens_email_verification(sqlite_ctx):
    stone = sign_in_by_email(sqlite_ctx, PRODUCER).actor
    delegates.add_delegate(sqlite_ctx, stone, NEW_DELEGATE, ["TX"])
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(PortalLoginScreen(verify_code=link_code(sqlite_ctx, NEW_DELEGATE["email"])))
        await wait_until(pilot, lambda: on(pilot, EmailVerifiedScreen))
        await wait_until(pilot, lambda: "jmorales7" in screen_text(app))  # drawn a frame after the switch


async def test_forgot_username_says_the_same_either_way(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_portal(pilot)
        await pilot.press("f3")
        await wait_until(pilot, lambda: on(pilot, ForgotUsernameScreen))
        await type_text(pilot, "nobody.xyz@example.com")  # as long as the real one: same wrapping
        await pilot.press("enter")
        await wait_until(pilot, lambda: "If an account exists" in screen_text(app))
        nobody = screen_text(app).replace("nobody.xyz@example.com", "ADDRESS")
        field = app.screen.email
        field.value = "devi.patel@example.com"
        app.screen.set_focus(field)
        await pilot.press("enter")
        await wait_until(pilot, lambda: outbox.latest(sqlite_ctx, kind="forgot username") is not None)
        await pilot.pause(0.1)
        assert screen_text(app).replace("devi.patel@example.com", "ADDRESS") == nobody


async def test_delegate_entries_explain_why_they_do_not_open_and_hierarchy_is_checked(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        signed = sign_in_by_email(sqlite_ctx)
        app.signed_in(signed.actor)
        await app.push_screen(DelegateHomeScreen(signed.user))
        await pilot.press("tab", "enter")  # On-Exchange Enrollment
        await wait_until(pilot, lambda: "On-Exchange Enrollment does not open" in screen_text(app))
        await pilot.press("tab", "enter")  # Medicare Quoting & Enrolling
        await wait_until(pilot, lambda: "Medicare Quoting & Enrolling does not open" in screen_text(app))
        await pilot.press("f4", "down", "enter")
        await wait_until(pilot, lambda: "Harriet [bold]Stone in Texas" in screen_text(app))


async def test_report_an_issue_from_any_screen_with_pii_masked(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        signed = sign_in_by_email(sqlite_ctx)
        app.signed_in(signed.actor)
        home = DelegateHomeScreen(signed.user)
        await app.push_screen(home)
        await pilot.press("f7")
        await wait_until(pilot, lambda: "devi.patel@example.com" in screen_text(app))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: on(pilot, ReportIssueScreen))
        report = app.screen
        assert "devi.patel" not in report.screenshot and "•••@example.com" in report.screenshot
        assert report.form.values["agent"] == "Devi Patel (dpatel2026)"
        await type_text(pilot, "Quote page error")
        await pilot.press(*["enter"] * 4)
        await type_text(pilot, "ACA Dental")
        await pilot.press("enter")
        await type_text(pilot, "TX")
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: on(pilot, DelegateHomeScreen))
        message = outbox.latest(sqlite_ctx, kind="issue report")
        assert message is not None and "devi.patel@" not in message.body and "ACA Dental, TX" in message.subject


async def test_add_delegate_first_space_on_the_states_picks_the_first_state(sqlite_ctx):
    """Issue 16: the first Space on the states list was lost (nothing highlighted yet)."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        app.signed_in(sign_in_by_email(sqlite_ctx, PRODUCER).actor)
        screen = AddDelegateScreen()
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.states.option_count == 5)
        screen.set_focus(screen.states)
        await pilot.press("space")
        await pilot.pause()
        assert screen.states.selected == ["IL"]
        await pilot.press("down", "space")
        await pilot.pause()
        assert screen.states.selected == ["IL", "MT"]


async def enrol_by_hand(pilot: Pilot) -> None:
    """The three samples the first login requires, each typed by hand and sent with Enter."""
    for number in (1, 2, 3):
        await wait_until(pilot, lambda n=number: f"(sample {n} of 3)" in screen_text(pilot.app))
        await type_by_hand(pilot)
        await pilot.press("enter")


async def test_first_login_requires_the_typing_pattern_and_a_code_stays_offered_later(sqlite_ctx):
    """Seed 004: "After initial log in, Delegate will be required to type sample text 3 times"; later
    logins keep "Three ways to Verify Your Account" (email code, SMS code, keyboard pattern)."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_portal(pilot)
        await log_in(pilot, DELEGATE)
        await verify_by(pilot, sqlite_ctx, arrows=0, to="devi.patel@example.com")
        await wait_until(pilot, lambda: on(pilot, TypingScreen) and "(sample 1 of 3)" in screen_text(app))
        assert "Skip" not in screen_text(app)
        assert "Required at first login: type the sentence above 3 times" in screen_text(app)
        await pilot.press("f8")  # there is no skipping it any more
        await pilot.pause(0.2)
        assert on(pilot, TypingScreen)
        await enrol_by_hand(pilot)
        await wait_until(pilot, lambda: on(pilot, DelegateHomeScreen))
        assert typing_pattern.is_enrolled(sqlite_ctx, app.actor.account_id)
        await pilot.press("f10")
        await wait_until(pilot, lambda: on(pilot, PortalLoginScreen) and app.actor is None)
        await log_in(pilot, DELEGATE)
        await wait_until(pilot, lambda: on(pilot, VerifyChoiceScreen))
        text = screen_text(app)
        assert "Send verification code in an email" in text
        assert "Send verification code in a SMS Text" in text
        assert "Prompt me for personalized keyboard typing pattern" in text and "not set up" not in text
        await pilot.press("enter")  # a code still works, and no typing is asked this time
        await wait_until(pilot, lambda: on(pilot, CodeEntryScreen))
        await type_text(pilot, latest_code(sqlite_ctx, "devi.patel@example.com"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on(pilot, DelegateHomeScreen))


async def test_escape_on_the_required_typing_setup_logs_out_instead_of_opening_home(sqlite_ctx):
    """Leaving the required setup does not reach the home page: the login ends, the next one asks again."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_portal(pilot)
        await log_in(pilot, DELEGATE)
        await verify_by(pilot, sqlite_ctx, arrows=0, to="devi.patel@example.com")
        await wait_until(pilot, lambda: on(pilot, TypingScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: on(pilot, PortalLoginScreen) and app.actor is None)
        assert not any(isinstance(s, DelegateHomeScreen) for s in app.screen_stack)
        await log_in(pilot, DELEGATE)
        await verify_by(pilot, sqlite_ctx, arrows=0, to="devi.patel@example.com")
        await wait_until(pilot, lambda: on(pilot, TypingScreen) and "(sample 1 of 3)" in screen_text(app))


def title_and_footer(app) -> tuple[str, str]:
    """The top line and the footer line as shown."""
    lines = screen_text(app).splitlines()
    return lines[0], next((line for line in lines if "Report issue" in line), "")


async def test_producer_home_tabs_have_keys_in_the_footer_and_the_title_names_the_tab(sqlite_ctx):
    """Issue 16: the producer's tabs had no keys and the title said "My Delegates" on every tab."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        signed = sign_in_by_email(sqlite_ctx, PRODUCER)
        app.signed_in(signed.actor)
        await app.push_screen(ProducerHomeScreen(signed.user))
        await wait_until(pilot, lambda: "dpatel2026" in screen_text(app) and "Logout" in title_and_footer(app)[1])
        title, footer = title_and_footer(app)
        assert "Producer portal · My Delegates" in title
        assert "f2 Home" in footer and "f7 My Info" in footer and "f3 Add" in footer and "f10 Logout" in footer
        assert footer.rstrip().endswith("^q Quit")  # all of it fits in 80 columns
        await pilot.press("f2")
        await wait_until(pilot, lambda: "f6 Delegates" in title_and_footer(app)[1])
        title, footer = title_and_footer(app)
        assert "Welcome to Producer Experience Portal" in screen_text(app)
        assert "Producer portal · Home " in title and "My Delegates" not in title
        assert "f7 My Info" in footer and "f3 Add" not in footer
        await pilot.press("f7")
        await wait_until(pilot, lambda: "Producer portal · My Information" in title_and_footer(app)[0])
        await pilot.press("f3")  # Add Delegate belongs to the My Delegates tab
        await pilot.pause(0.2)
        assert on(pilot, ProducerHomeScreen)
        await pilot.press("f6")
        await wait_until(pilot, lambda: "Producer portal · My Delegates" in title_and_footer(app)[0])
        assert app.focused is app.screen.table


async def test_add_delegate_shows_its_sample_mobile_number_as_an_example_not_a_value(sqlite_ctx):
    """Issue 16: the placeholder "555-666-7777" looked like a number already typed."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.signed_in(sign_in_by_email(sqlite_ctx, PRODUCER).actor)
        screen = AddDelegateScreen()
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.states.option_count == 5)
        assert "e.g. 555-666-7777" in screen_text(app)
        screen.set_focus(screen.query_one("#f-mobile"))
        await type_text(pilot, "918-555-0042")
        await pilot.pause()
        assert "918-555-0042" in screen_text(app) and "e.g." not in screen_text(app)


async def test_keys_typed_while_a_save_is_checked_stay_where_they_were_typed(sqlite_ctx):
    """Issue 16: after a save with errors the focus moves to the first bad field; keys typed before the
    errors appear must land in the field they were typed in, not in that one."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        signed = sign_in_by_email(sqlite_ctx)
        app.signed_in(signed.actor)
        await app.push_screen(DelegateHomeScreen(signed.user))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: on(pilot, ReportIssueScreen))
        report = app.screen
        when = report.query_one("#f-when", Input)
        report.set_focus(when)
        await pilot.pause()
        before = when.value
        # Enter on the last field sends (Description is empty: the save fails); "abc" follows in the same burst.
        for key, char in (("enter", "\r"), ("a", "a"), ("b", "b"), ("c", "c")):
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: "1 field needs attention." in screen_text(app))
        await pilot.pause(0.2)
        description = report.query_one("#f-description", Input)
        assert (when.value, description.value) == (before + "abc", "")
        assert app.focused is description  # then the focus moves to the first field to fix


async def test_portal_form_problems_are_said_at_their_fields(sqlite_ctx):
    """The portal's forms are declarations drawn by the renderer; core's problems land at the field."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_portal(pilot)
        await pilot.press("f3")
        await wait_until(pilot, lambda: on(pilot, ForgotUsernameScreen))
        screen = app.screen
        await type_text(pilot, "devi.patel-at-example.com")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.form.rows["email"].error.has_text)
        assert "Email: enter an address like name@example.com." in screen_text(app)
        assert "If an account exists" not in screen_text(app)

        found = portal_passwords.find_account(sqlite_ctx, "dpatel2026")
        portal_passwords.send_code(sqlite_ctx, found, "email")
        portal_passwords.verify_code(sqlite_ctx, found, latest_code(sqlite_ctx, "devi.patel@example.com"))
        await app.push_screen(NewPasswordScreen(found, "Forgot Password"))
        await wait_until(pilot, lambda: on(pilot, NewPasswordScreen))
        screen = app.screen
        await type_text(pilot, "Fresh#Start9")
        await pilot.press("enter")
        await type_text(pilot, "Fresh#Start8")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.form.rows["confirm_password"].error.has_text)
        assert "The two passwords do not match." in screen_text(app)
        assert not screen.form.rows["new_password"].error.has_text
        assert on(pilot, NewPasswordScreen)  # nothing was saved


async def test_a_delegate_opens_quote_and_enroll_from_their_home(sqlite_ctx):
    """F5 Quote, Enter on Open Quote & Enroll: the Quote & Enroll menu, over the delegate's home."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        signed = sign_in_by_email(sqlite_ctx)
        app.signed_in(signed.actor)
        await app.push_screen(DelegateHomeScreen(signed.user))
        await pilot.press("f5")
        await wait_until(pilot, lambda: "Open Quote & Enroll" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Start a new application" in screen_text(app) or "3 Enroll" in screen_text(app))
        assert "not built in Packetdesk yet" not in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: on(pilot, DelegateHomeScreen))
