"""Attack: Report an issue (Ctrl+R) carries a temporary password and typed PII to the support mailbox.

Its screenshot showed whatever was on screen (the demo mailbox with a temporary password, a typed
invitation code) and the typed description went out as typed ("SSN 512-34-1296 acct 12345678").
Both are masked in core before anything is stored or queued. The shapes are checked with
hypothesis: generated SSNs and card numbers embedded in random text never survive.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.desk import staff
from core.forms.identifiers import digits_only
from core.identity import accounts
from core.notify import outbox
from core.packets import invitations
from core.portal import support
from core.portal.masking import mask_pii
from tests.attacks.secrets_seen import leaked, record_secrets
from tests.pilot_helpers import SIZE, app_for, screen_text, type_text, wait_until
from tui.desk.outbox import OutboxScreen
from tui.portal.report import ReportIssueScreen

TODAY = date(2026, 11, 24)
"""The test clock's day."""
TYPED = "Cannot sign. SSN 512-34-1296 acct 12345678, born 02/28/1980, card 4111 1111 1111 1111"
SUPPORT = "ProducerExperiencePortal@bcbsil.com"


def report_text(ctx) -> str:
    """What the support mailbox receives (the recipient's own copy)."""
    message = outbox.latest_for_recipient(ctx, to=SUPPORT, kind="issue report")
    assert message is not None
    return message.subject + "\n" + message.body


def test_the_description_and_a_screenshot_of_the_demo_mailbox_are_masked_in_core(demo_ctx):
    recording = record_secrets(demo_ctx)
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    staff.send_new_temporary_password(demo_ctx, rep, invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26").packet_id)
    [temporary] = recording.issued
    demo_mail = outbox.demo_mailbox(demo_ctx)[0]  # what the demo mailbox screen shows
    assert temporary in demo_mail.body
    values = {**support.prefill(demo_ctx, None), "description": TYPED, "steps": "typed 021000021 then 512341296",
              "agent": "Marisol, SSN 512 34 1296"}
    support.report_issue(demo_ctx, None, values, "Demo mailbox\n" + demo_mail.body, "Demo mailbox")
    sent = report_text(demo_ctx)
    for secret in ("512-34-1296", "512 34 1296", "512341296", "12345678", "02/28/1980", "4111 1111 1111 1111",
                   "021000021", temporary):
        assert secret not in sent, secret
    assert leaked(recording.issued, sent) == []
    assert "Issue / error message: Cannot sign. SSN •••-••-1296 acct ••••5678, born ••/••/••••" in sent
    assert "Date and time: 11/24/2026 14:00 UTC" in sent, "the date of the event stays readable"


def test_a_code_typed_on_the_screen_is_masked_in_the_preview_and_the_report(demo_ctx):
    """An invitation code typed on the welcome screen that the outbox never sent (any value will do)."""
    shot = "Welcome\nInvitation code  QWERTY-ASDFGHJKLZ\n"
    preview = support.masked(demo_ctx, None, shot, ["QWERTY-ASDFGHJKLZ"])
    assert "QWERTY-ASDFGHJKLZ" not in preview and "••••••••" in preview
    values = {**support.prefill(demo_ctx, None), "description": "my code qwerty-asdfghjklz fails", "agent": "me"}
    support.report_issue(demo_ctx, None, values, shot, "Welcome", ["QWERTY-ASDFGHJKLZ"])
    assert "asdfghjklz" not in report_text(demo_ctx).lower()


async def test_ctrl_r_over_the_demo_mailbox_does_not_send_the_temporary_password(sqlite_ctx):
    recording = record_secrets(sqlite_ctx)
    rep = accounts.staff_login(sqlite_ctx, "rep", "RepDesk#2026").actor
    staff.send_new_temporary_password(sqlite_ctx, rep, invitations.open_code(sqlite_ctx, "DEMOIL-ILLINOIS26").packet_id)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, OutboxScreen) and app.screen.table.row_count > 0)
        await pilot.press("enter")  # the newest: the temporary password
        await wait_until(pilot, lambda: recording.issued[0] in screen_text(app))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportIssueScreen))
        report = app.screen
        assert leaked(recording.issued, report.screenshot) == [] and leaked(recording.issued, screen_text(app)) == []
        await type_text(pilot, TYPED)
        report.form.inputs[-1].focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Agent / Producer ID is required" in screen_text(app) or
                         not isinstance(app.screen, ReportIssueScreen))
        if isinstance(app.screen, ReportIssueScreen):  # no one signed in: the agent is typed
            report.form.inputs[3].focus()
            await type_text(pilot, "Marisol O'Neil")
            report.form.inputs[-1].focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: not isinstance(app.screen, ReportIssueScreen))
    sent = report_text(sqlite_ctx)
    assert leaked(recording.issued, sent) == []
    assert "512-34-1296" not in sent and "12345678" not in sent and "•••-••-1296" in sent


async def test_ctrl_r_over_a_typed_invitation_code(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "K7QFM2-XD9PLAZR4T")
        await wait_until(pilot, lambda: "K7QFM2-XD9PLAZR4T" in screen_text(app))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportIssueScreen))
        assert "XD9PLAZR4T" not in app.screen.screenshot and "XD9PLAZR4T" not in screen_text(app)


# --- the shapes, generated ------------------------------------------------------------------------

NO_DIGITS = st.text(st.characters(blacklist_categories=("Nd", "Cs")), max_size=40)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def ssns(draw) -> str:
    area = draw(st.integers(1, 899).filter(lambda a: a != 666))
    group, serial = draw(st.integers(1, 99)), draw(st.integers(1, 9999))
    sep = draw(st.sampled_from(["-", " ", ""]))
    return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"


@st.composite
def cards(draw) -> str:
    """13 to 19 digits, in groups of any size joined by spaces, dashes or nothing."""
    digits = draw(st.text("0123456789", min_size=13, max_size=19))
    out, i = "", 0
    while i < len(digits):
        size = draw(st.integers(1, 6))
        out += (draw(st.sampled_from([" ", "-", ""])) if out else "") + digits[i:i + size]
        i += size
    return out


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(before=NO_DIGITS, number=st.one_of(ssns(), cards()), after=NO_DIGITS)
def test_generated_ssns_and_cards_never_survive_in_text_without_other_digits(before, number, after):
    masked = mask_pii(before + number + after, today=TODAY)
    kept = digits_only(masked)
    assert number not in masked
    assert kept == digits_only(number)[-4:], "only the last 4 digits are left"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(before=ANY_TEXT, number=st.one_of(ssns(), cards()), after=ANY_TEXT)
def test_generated_ssns_and_cards_never_survive_in_any_text(before, number, after):
    masked = mask_pii(before + number + after, today=TODAY)
    assert number not in masked
    if digits_only(number) not in digits_only(before + after):
        assert digits_only(number) not in digits_only(masked), "not even with its separators taken out"


@settings(max_examples=200)
@given(year=st.integers(1900, 2024), month=st.integers(1, 12), day=st.integers(1, 28),
       style=st.sampled_from(["{m:02d}/{d:02d}/{y}", "{m}-{d}-{y}", "{y}-{m:02d}-{d:02d}"]), before=NO_DIGITS)
def test_birth_dates_are_masked_and_todays_events_are_not(year, month, day, style, before):
    born = style.format(m=month, d=day, y=year)
    assert born not in mask_pii(f"{before} Birth date {born}.", today=TODAY)
    if date(year, month, day) < date(2025, 11, 1):
        assert born not in mask_pii(f"{before} {born} ", today=TODAY), "older than a year: masked"
    assert "11/24/2026 14:00" in mask_pii(f"{before} 11/24/2026 14:00 UTC", today=TODAY)


async def test_ctrl_r_over_a_focused_pii_field_masks_what_is_typed_there(sqlite_ctx):
    """A birth date shows in full while its field has the focus (issue 14); the screenshot for support must not."""
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")  # Quote & Enroll (demo)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "QuoteEnrollScreen")
        await pilot.press("2")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "NewQuoteScreen")
        field = app.screen.query_one("#f-birth_date")
        field.focus()
        await type_text(pilot, "03/14/1986")
        await wait_until(pilot, lambda: "03/14/1986" in screen_text(app))  # unmasked while typed
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportIssueScreen))
        assert "03/14/1986" not in app.screen.screenshot
        assert "1986" not in app.screen.screenshot
