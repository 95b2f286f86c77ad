"""The producer's journey through the real screens, one step at a time, driven with Pilot."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta

import pypdf
import pytest
from sqlmodel import col, or_, select
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from core.identity import accounts, sessions
from core.identity.models import Account, Login
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor, Event
from core.notify import outbox
from core.packets import invitations, packets, signing
from core.packets.models import Packet, Signature
from core.packets.signing import consent_code
from tests.helpers.journey import NEW_PASSWORD, PROGRAM, temporary_password
from tests.pilot_helpers import (
    SIZE,
    app_for,
    code_after_sending,
    log_in,
    on_kind,
    on_packet_step,
    ready_producer,
    screen_text,
    send_burst,
    type_text,
    wait_until,
)
from tui.app import PacketdeskApp
from tui.entry import EntryScreen
from tui.kit.confirm import ConfirmModal
from tui.packet.change_password import ChangePasswordScreen
from tui.packet.document import DocumentScreen
from tui.packet.locked import LockedScreen
from tui.packet.welcome import ProducerWelcomeScreen

IL = "DEMOIL-ILLINOIS26"
NMOK = "DEMONMOK-NMOK2026"
WEI = "wei.li@example.com"
WEI_KEY = "RC-2611-00003"
TEMP_SUBJECT = "Contracting Information for Health Care Service Corporation"


# --- small readers ------------------------------------------------------------------------------
def content(app: PacketdeskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def footer(pilot: Pilot) -> str:
    """The key line at the bottom, once the current screen has drawn it."""

    def last_line() -> str:
        lines = screen_text(pilot.app).rstrip("\n").splitlines()
        return lines[-1] if lines else ""

    await wait_until(pilot, lambda: "Quit" in last_line())
    return last_line()


def temporary_emails(ctx: AppContext, to: str = WEI) -> list[outbox.Message]:
    return [m for m in outbox.messages(ctx, to=to) if m.kind == "temporary password"]


def packet_row(ctx: AppContext, packet_id: int) -> Packet:
    with reading(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        assert row is not None
        return row


def document_rows(app: PacketdeskApp) -> list[tuple[str, str]]:
    table = app.screen.query_one(DataTable)
    return [(str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1])) for i in range(table.row_count)]


async def documents_loaded(pilot: Pilot, count: int | None = None) -> None:
    app = pilot.app
    await wait_until(
        pilot,
        lambda: (on_kind(app, 'documents') or on_kind(app, 'print'))
        and app.screen.body.table.row_count > 0
        and (count is None or app.screen.body.table.row_count == count),
    )


async def focus_field(pilot: Pilot, name: str) -> Input:
    """Tab (as a person would) until the named interview field has focus."""
    app = pilot.app
    for _ in range(20):
        if app.focused is not None and app.focused.id == f"f-{name}":
            assert isinstance(app.focused, Input)
            return app.focused
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached field {name}")


async def replace_field(pilot: Pilot, name: str, text: str) -> Input:
    field = await focus_field(pilot, name)
    await pilot.press("ctrl+u")  # cursor sits at the end of a pre-filled value: clear to the left
    await type_text(pilot, text)
    return field


async def request_and_log_in_with_temporary(pilot: Pilot, ctx: AppContext) -> None:
    """Welcome screen: Get My Password, type the emailed password, land on Change Password."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen) and app.screen.opened)
    before = len(temporary_emails(ctx))
    await pilot.press("f3")
    await wait_until(pilot, lambda: len(temporary_emails(ctx)) == before + 1)
    await wait_until(pilot, lambda: "emailed to" in content(app, "#welcome-status"))
    await type_text(pilot, temporary_password(ctx, WEI))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordScreen))


# --- entry and welcome --------------------------------------------------------------------------
async def test_entry_wrong_code_is_refused_right_code_opens_the_welcome(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "WRONG1-NOTACODE99")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "not valid" in content(app, "#code-error"))
        assert isinstance(app.screen, EntryScreen)

        await pilot.press("ctrl+u")
        await type_text(pilot, NMOK.lower())  # codes are read case-insensitively
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen))
        assert WEI_KEY in screen_text(app)


async def test_get_my_password_emails_it_and_a_second_request_voids_the_first(sqlite_ctx):
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen) and app.screen.opened)
        await pilot.press("f3")
        await wait_until(pilot, lambda: len(temporary_emails(sqlite_ctx)) == 1)
        (email,) = temporary_emails(sqlite_ctx)
        assert email.subject == TEMP_SUBJECT
        first = temporary_password(sqlite_ctx, WEI)
        await wait_until(pilot, lambda: "emailed to xxx.li@example.com" in content(app, "#welcome-status"))
        assert WEI not in screen_text(app), "the address is masked on screen"

        await pilot.press("f3")
        await wait_until(pilot, lambda: len(temporary_emails(sqlite_ctx)) == 2)
        second = temporary_password(sqlite_ctx, WEI)
        assert second != first

        await type_text(pilot, first)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "not correct" in content(app, "#password-error"))
        assert isinstance(app.screen, ProducerWelcomeScreen)
        await type_text(pilot, second)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordScreen))


async def test_change_password_ticks_each_rule_and_refuses_a_mismatch(sqlite_ctx):
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await request_and_log_in_with_temporary(pilot, sqlite_ctx)

        def mark(fragment: str) -> str:
            line = next(x for x in content(app, "#rules").splitlines() if fragment in x)
            return line[0]

        rules = ["6 characters", "numeric", "lower case", "upper case", "Confirmation must match"]
        assert [mark(r) for r in rules] == ["✗"] * 5
        for key, now_ok in [("a", "lower case"), ("B", "upper case"), ("1", "numeric"), ("xyz", "6 characters")]:
            assert mark(now_ok) == "✗"
            await type_text(pilot, key)
            assert mark(now_ok) == "✓", f"after typing {key!r}"
        assert mark("Confirmation must match") == "✗"

        await pilot.press("enter")  # Enter on the new password moves to the confirmation
        assert app.focused is app.screen.query_one("#confirm", Input)
        await type_text(pilot, "aB1xyq")
        assert mark("Confirmation must match") == "✗"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "do not match" in content(app, "#change-error"))
        assert isinstance(app.screen, ChangePasswordScreen)
        assert accounts.get(sqlite_ctx, app.opened.account_id).must_change_password

        await pilot.press("backspace")
        await type_text(pilot, "z")
        assert mark("Confirmation must match") == "✓"
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "getting_started"))
        account = accounts.get(sqlite_ctx, app.opened.account_id)
        assert not account.must_change_password
        assert sqlite_ctx.hasher.verify(account.password_hash, "aB1xyz")


# --- every message shows at its field ----------------------------------------------------------
async def open_with_code(pilot: Pilot, code: str) -> None:
    await type_text(pilot, code)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProducerWelcomeScreen))


async def wrong_invitation_code(pilot: Pilot, ctx: AppContext) -> tuple[str, str]:
    await type_text(pilot, "WRONG1-NOTACODE99")
    await pilot.press("enter")
    return "#code", "#code-error"


async def wrong_password(pilot: Pilot, ctx: AppContext) -> tuple[str, str]:
    ready_producer(ctx, NMOK)
    await open_with_code(pilot, NMOK)
    await wait_until(pilot, lambda: pilot.app.screen.opened)
    await type_text(pilot, "Wrong1x")
    await pilot.press("enter")
    return "#password", "#password-error"


async def mismatched_confirmation(pilot: Pilot, ctx: AppContext) -> tuple[str, str]:
    await open_with_code(pilot, NMOK)
    await request_and_log_in_with_temporary(pilot, ctx)
    await type_text(pilot, "aB1xyz")
    await pilot.press("enter")
    await type_text(pilot, "aB1xyq")
    await pilot.press("enter")
    return "#confirm", "#change-error"


async def invalid_postal_code(pilot: Pilot, ctx: AppContext) -> tuple[str, str]:
    ready_producer(ctx, NMOK, step="interview")
    await open_with_code(pilot, NMOK)
    await log_in(pilot, step_id="interview")
    await replace_field(pilot, "postal_code", "7875")
    return "#f-postal_code", ".-invalid .field-error"


async def wrong_consent_code(pilot: Pilot, ctx: AppContext) -> tuple[str, str]:
    ready_producer(ctx, NMOK, step="review_sign")
    await open_with_code(pilot, NMOK)
    await log_in(pilot, step_id="review_sign")
    await documents_loaded(pilot)
    await type_text(pilot, "ZZZZ")
    await pilot.press("enter")
    return "#consent-code", "#consent-error"


@pytest.mark.parametrize(
    "drive",
    [wrong_invitation_code, wrong_password, mismatched_confirmation, invalid_postal_code, wrong_consent_code],
)
async def test_field_messages_show_on_screen_right_under_their_field(sqlite_ctx, drive):
    # Guards against `.field-error:empty { display: none }`: :empty means "no child widgets", so
    # it hid every message (a Static never has children) until app.tcss dropped it.
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        field_selector, message_selector = await drive(pilot, sqlite_ctx)
        message = app.screen.query_one(message_selector, Static)
        await wait_until(pilot, lambda: str(message.content))  # the screen has said something
        await wait_until(pilot, lambda: message.region.height > 0, timeout=1)
        assert message.region.y == app.screen.query_one(field_selector).region.bottom
        assert str(message.content)[:30] in screen_text(app)


# --- Getting Started and the Interview ----------------------------------------------------------
async def test_getting_started_enter_starts_the_interview_and_f5_is_not_offered(sqlite_ctx):
    ready_producer(sqlite_ctx, NMOK)
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="getting_started")
        keys = await footer(pilot)
        assert "Start Over" not in keys and "Save & Exit" in keys
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "interview"))
        assert "f5 Start Over" in await footer(pilot)


async def test_interview_shows_name_and_ssn_read_only_with_the_ssn_masked(sqlite_ctx):
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        text = screen_text(app)
        assert "Wei" in text and "李" in text and "•••••5530" in text
        for name in ("first_name", "last_name", "tin"):
            assert not app.screen.query(f"#f-{name}"), f"{name} must not be editable"
        shown = " ".join(str(s.content) for s in app.screen.query(Static))
        for clear in ("418275530", "418-27-5530", "41827"):
            assert clear not in shown and clear not in text


async def test_interview_invalid_postal_code_gets_its_message_and_the_value_stays(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        field = await replace_field(pilot, "postal_code", "7875")
        row = app.screen.body.form.rows["postal_code"]
        message = "Postal Code: enter 5 digits or ZIP+4."
        assert str(row.error.content) == message

        await focus_field(pilot, "resident_phone")
        await pilot.press("enter")  # Enter on the last field tries to save
        await wait_until(pilot, lambda: "needs attention" in content(app, "#form-status"))
        assert on_packet_step(app, "interview")
        assert app.focused is field and field.value == "7875"
        assert str(row.error.content) == message
        saved = packets.load(sqlite_ctx, Actor(opened.account_id, "producer"), opened.packet_id)
        assert saved.answers["interview"]["postal_code"] == "87106"


async def test_a_live_message_comes_goes_and_comes_back_at_its_field_as_the_value_changes(sqlite_ctx):
    # The error line skips a repeat of the message it already shows (one per key); a change must still show.
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        field = await replace_field(pilot, "postal_code", "787")
        row = app.screen.body.form.rows["postal_code"]
        message = "Postal Code: enter 5 digits or ZIP+4."
        for typed, shown in (("5", True), ("1", False), ("backspace", True), ("8", False), ("9", True)):
            await pilot.press(typed)
            await wait_until(pilot, lambda shown=shown: (message in screen_text(app)) is shown)
            assert str(row.error.content) == (message if shown else "")
        await wait_until(pilot, lambda: row.error.region.height == 1)
        assert row.error.region.y == field.region.bottom


async def test_a_value_longer_than_its_field_scrolls_so_the_end_being_typed_shows(sqlite_ctx):
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        words = "1200 North Rio Grande Boulevard Northwest Building C Suite 4410 Rear"
        field = await replace_field(pilot, "address1", words)
        assert field.value == words and len(words) > field.content_region.width
        await wait_until(pilot, lambda: "Suite 4410 Rear" in screen_text(app))
        assert "1200 North" not in screen_text(app)  # scrolled, not wrapped or cut at the end
        await pilot.press("home")
        await wait_until(pilot, lambda: "1200 North" in screen_text(app))


async def test_tab_to_a_field_with_the_same_keys_leaves_the_footer_as_it_is(sqlite_ctx):
    # Textual asks the footer to rebuild on every focus change; a rebuild remounts every key.
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        await focus_field(pilot, "title")
        shown = await footer(pilot)
        keys = list(app.screen.query("FooterKey"))
        await pilot.press("tab")
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id != "f-title")
        await pilot.pause()
        await pilot.pause()  # a rebuild is asked for after the next refresh
        assert list(app.screen.query("FooterKey")) == keys
        assert await footer(pilot) == shown


async def test_enter_on_the_last_field_saves_with_the_ssn_encrypted_at_rest(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        await replace_field(pilot, "title", "Senior Broker")
        await focus_field(pilot, "resident_phone")
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "review_sign"))

    row = packet_row(sqlite_ctx, opened.packet_id)
    assert row.version == 2 and row.status == "in_progress"
    stored = json.loads(row.answers_json)["interview"]
    assert stored["title"] == "Senior Broker"
    assert set(stored["tin"]) == {"enc"}
    for clear in ("418275530", "418-27-5530"):
        assert clear not in row.answers_json
    assert packets.decrypt_answers(sqlite_ctx, row.answers_json)["interview"]["tin"] == "418275530"


async def test_unsaved_draft_survives_save_and_exit_and_the_next_login(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, step="interview")
    producer = Actor(opened.account_id, "producer")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        await replace_field(pilot, "city", "Santa Fe")
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        assert app.actor is None
        draft = packets.load_draft(sqlite_ctx, producer, opened.packet_id, "interview")
        assert draft is not None and draft["city"] == "Santa Fe"
        assert packets.load(sqlite_ctx, producer, opened.packet_id).answers["interview"]["city"] == "Albuquerque"

        await pilot.press("ctrl+u")
        await type_text(pilot, NMOK)
        await pilot.press("enter")
        await log_in(pilot, step_id="interview")
        city = app.screen.query_one("#f-city", Input)
        await wait_until(pilot, lambda: city.value == "Santa Fe")


async def test_signing_out_leaves_no_invitation_code_on_the_entry_screen(sqlite_ctx):
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_with_code(pilot, NMOK)
        await log_in(pilot, step_id="interview")
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        assert app.screen.query_one("#code", Input).value == ""
        assert NMOK not in screen_text(app)


# --- Review & Sign ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "code, expected",
    [
        (IL, [("Producer Agreement", "Signatures required (0 of 1)")]),
        (
            NMOK,
            [
                ("Producer Agreement", "Signatures required (0 of 1)"),
                ("OK Addendum", "No signatures required"),
                ("NM Addendum", "No signatures required"),
            ],
        ),
    ],
    ids=["IL only", "NM and OK"],
)
async def test_review_and_sign_lists_the_producers_documents(sqlite_ctx, code, expected):
    ready_producer(sqlite_ctx, code, step="review_sign")
    app = app_for(sqlite_ctx, code)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="review_sign")
        await documents_loaded(pilot)
        assert document_rows(app) == expected


async def test_documents_refused_before_i_agree_and_a_wrong_code_is_refused(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, step="review_sign")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="review_sign")
        await documents_loaded(pilot)
        assert app.focused is app.screen.query_one("#consent-code", Input)

        await pilot.press("shift+tab")
        assert app.focused is app.screen.body.table
        await pilot.press("enter")
        await wait_until(pilot, lambda: "before opening documents" in content(app, "#consent-error"))
        assert on_kind(app, 'documents')

        await pilot.press("tab")
        await type_text(pilot, "ZZZZ")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Type the confirmation code" in content(app, "#consent-error"))
        await pilot.press("f8")
        await pilot.pause()
        assert on_kind(app, 'documents')
    assert packet_row(sqlite_ctx, opened.packet_id).consent_version is None


async def test_consent_headings_show_without_markdown_markers(sqlite_ctx):
    ready_producer(sqlite_ctx, NMOK, step="review_sign")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="review_sign")
        await documents_loaded(pilot)
        consent = " ".join(str(s.content) for s in app.screen.query("#consent-box Static"))
        assert "Your consent" in consent
        assert "## " not in consent and "# Consent" not in consent


async def test_the_code_typed_in_one_burst_with_f8_agrees(sqlite_ctx):
    """F8 runs at once (a priority key): the code's keys, sent in the same read, must land before it reads the field."""
    opened = ready_producer(sqlite_ctx, NMOK, step="review_sign")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="review_sign")
        await documents_loaded(pilot)
        assert app.focused is app.screen.query_one("#consent-code", Input)
        send_burst(app, [*consent_code(app.screen.view.program.consent_text()), "f8"])
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen))
    assert packet_row(sqlite_ctx, opened.packet_id).consent_version == "2026-11-01"


async def test_signing_records_the_hash_of_the_rendered_text_and_the_login(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, step="review_sign")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="review_sign")
        await documents_loaded(pilot)
        code = consent_code(app.screen.view.program.consent_text())
        assert f"Confirmation code: {code}" in " ".join(str(s.content) for s in app.screen.query(Static))
        await type_text(pilot, code.lower())
        await pilot.press("enter")  # I Agree, then the first document to sign opens by itself
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        assert app.screen.state.spec.id == "producer_agreement"
        shown = app.screen.state.document.text
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen) and app.screen.state.spec.id == "ok_addendum")
        login_id = app.actor.login_id
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen) and app.screen.state.spec.id == "nm_addendum")
        await pilot.press("f9")
        await wait_until(pilot, lambda: on_kind(app, 'documents') and app.focused is app.screen.query_one("#continue"))
        assert document_rows(app) == [
            ("Producer Agreement", "Signed (1 of 1)"),
            ("OK Addendum", "No signatures required (reviewed)"),
            ("NM Addendum", "No signatures required (reviewed)"),
        ]

    with reading(sqlite_ctx.engine) as session:
        rows = session.exec(select(Signature).where(Signature.packet_id == opened.packet_id).order_by(col(Signature.id))).all()
    assert [(r.document_id, r.kind) for r in rows] == [
        ("producer_agreement", "sign"), ("ok_addendum", "review"), ("nm_addendum", "review")
    ]
    agreement = rows[0]
    assert agreement.doc_hash == hashlib.sha256(shown.encode("utf-8")).hexdigest()
    assert "Wei 李" in shown and "•••••5530" in shown
    assert agreement.login_id == login_id and agreement.signer_name == "Wei 李"
    assert agreement.consent_version == "2026-11-01"
    assert packet_row(sqlite_ctx, opened.packet_id).consent_login_id == login_id


@pytest.mark.parametrize(
    "new_city, agreement_status",
    [("Santa Fe", "Signatures required (0 of 1)"), (None, "Signed (1 of 1)")],
    ids=["changed city voids the signature", "unchanged answers keep it"],
)
async def test_start_over_after_signing(sqlite_ctx, new_city, agreement_status):
    ready_producer(sqlite_ctx, NMOK, signed=True)
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="review_sign")
        await documents_loaded(pilot)
        assert document_rows(app)[0] == ("Producer Agreement", "Signed (1 of 1)")
        await pilot.press("f5")
        await wait_until(pilot, lambda: on_packet_step(app, "getting_started"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "interview"))
        if new_city:
            await replace_field(pilot, "city", new_city)
        await focus_field(pilot, "resident_phone")
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "review_sign"))
        await documents_loaded(pilot)
        assert document_rows(app) == [
            ("Producer Agreement", agreement_status),
            ("OK Addendum", "No signatures required (reviewed)"),
            ("NM Addendum", "No signatures required (reviewed)"),
        ]


# --- Send Request and Print Packet --------------------------------------------------------------
async def test_send_now_sends_and_the_producer_can_no_longer_save(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, signed=True, step="send_request")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="send_request")
        await wait_until(pilot, lambda: "✓ Producer Agreement: Signed (1 of 1)" in content(app, "#send-documents"))
        await pilot.press("enter")  # Send Now has the focus
        await wait_until(pilot, lambda: on_packet_step(app, "print_packet"))
        assert "Start Over" not in await footer(pilot)
        actor = app.actor

    view = packets.load(sqlite_ctx, actor, opened.packet_id)
    assert view.status == "sent" and view.read_only
    assert outbox.latest(sqlite_ctx, to=WEI, kind="congratulations") is not None
    with pytest.raises(NotAllowed):
        packets.save_step(sqlite_ctx, actor, opened.packet_id, "interview", view.answers["interview"], view.version)


async def test_a_later_login_lands_on_print_packet_and_f8_saves_the_pdfs(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, sent=True)
    app = app_for(sqlite_ctx, code_after_sending(sqlite_ctx, opened))
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        assert on_packet_step(app, "print_packet")
        await documents_loaded(pilot, 3)
        assert "Status: Sent to Home Office" in screen_text(app)
        await pilot.press("f8")
        await wait_until(pilot, lambda: "Saved 3 PDF files" in content(app, "#saved-to"))

    folder = sqlite_ctx.settings.documents_dir / WEI_KEY
    assert sorted(p.name for p in folder.iterdir()) == ["nm_addendum.pdf", "ok_addendum.pdf", "producer_agreement.pdf"]
    text = pdf_text((folder / "producer_agreement.pdf").read_bytes())
    assert "Wei 李" in text and "Electronically signed by Wei 李" in text


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# --- passwords that fail, idle sessions, a second session -----------------------------------------
async def test_fourth_wrong_password_locks_the_account(sqlite_ctx):
    ready_producer(sqlite_ctx, NMOK)
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen) and app.screen.opened)
        for left in ("3 attempts", "2 attempts", "1 attempt "):
            await type_text(pilot, "Wrong1x")
            await pilot.press("enter")
            await wait_until(pilot, lambda left=left: left in content(app, "#password-error"))
        await type_text(pilot, "Wrong1x")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LockedScreen))
        assert "855-782-4272" in screen_text(app)
        welcome = next(s for s in app.screen_stack if isinstance(s, ProducerWelcomeScreen))
        assert accounts.get(sqlite_ctx, welcome.opened.account_id).locked_at is not None

        await pilot.press("escape")  # even the right password is refused now
        await type_text(pilot, NEW_PASSWORD)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LockedScreen))


async def test_expired_temporary_password_is_refused_with_the_reason(sqlite_ctx):
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen) and app.screen.opened)
        await pilot.press("f3")
        await wait_until(pilot, lambda: len(temporary_emails(sqlite_ctx)) == 1)
        sqlite_ctx.clock.advance(timedelta(minutes=31))
        await type_text(pilot, temporary_password(sqlite_ctx, WEI))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "has expired" in content(app, "#password-error"))
        assert isinstance(app.screen, ProducerWelcomeScreen)


async def test_idle_warning_then_sign_out_with_the_draft_saved(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await log_in(pilot, step_id="interview")
        await replace_field(pilot, "city", "Las Cruces")
        login_id = app.actor.login_id

        sqlite_ctx.clock.advance(timedelta(minutes=43.5))
        app.check_idle_session()
        await wait_until(pilot, lambda: "You will be signed out" in screen_text(app))
        assert on_packet_step(app, "interview")
        (warning,) = [n for n in app._notifications if n.severity == "warning"]
        assert warning.message.startswith("You will be signed out in about 2 minutes")

        sqlite_ctx.clock.advance(timedelta(minutes=1.5))
        app.check_idle_session()
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        await wait_until(pilot, lambda: "Signed out after" in screen_text(app))
        assert [n.message for n in app._notifications][-1].startswith("Signed out after 45 minutes")
    draft = packets.load_draft(sqlite_ctx, Actor(opened.account_id, "producer"), opened.packet_id, "interview")
    assert draft is not None and draft["city"] == "Las Cruces"
    assert not sessions.is_open(sqlite_ctx, login_id)


async def test_second_login_asks_to_take_over_and_ends_the_first_session(sqlite_ctx):
    opened = ready_producer(sqlite_ctx, NMOK, step="interview")
    # The first session: the same producer logged in from another terminal, still active.
    first = accounts.login(
        sqlite_ctx, opened.account_id, NEW_PASSWORD, PROGRAM.login_policy,
        service_phone="855-782-4272", packet_id=opened.packet_id,
    )
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen) and app.screen.opened)
        await type_text(pilot, NEW_PASSWORD)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        text = screen_text(app)
        assert "Open by Wei 李 on testhost since 11/24/2026 14:00 UTC" in text
        assert sessions.is_open(sqlite_ctx, first.actor.login_id)
        assert app.focused is app.screen.query_one("#confirm-no")  # Leave it, the safe default
        await pilot.press("shift+tab")  # to Take over
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "interview"))
        assert not sessions.is_open(sqlite_ctx, first.actor.login_id)
        assert sessions.is_open(sqlite_ctx, app.actor.login_id)


# --- the whole journey, once --------------------------------------------------------------------
async def test_end_to_end_nm_ok_producer_from_invitation_to_fully_executed(sqlite_ctx):
    ctx = sqlite_ctx
    invitation = outbox.latest_for_recipient(ctx, to=WEI, kind="invitation")
    assert invitation is not None and NMOK in invitation.body and "New Mexico, Oklahoma" in invitation.body

    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, NMOK)
        await pilot.press("enter")
        await request_and_log_in_with_temporary(pilot, ctx)
        await type_text(pilot, "Abc123x")
        await pilot.press("enter")
        await type_text(pilot, "Abc123x")
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "getting_started"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "interview"))
        await replace_field(pilot, "title", "Principal Broker")
        form = app.screen.body.form
        for _ in range(len(form.inputs) - form.inputs.index(app.focused)):
            await pilot.press("enter")  # Enter walks the fields and saves on the last one
        await wait_until(pilot, lambda: on_packet_step(app, "review_sign"))
        await documents_loaded(pilot, 3)
        await type_text(pilot, consent_code(app.screen.body.consent_text))
        await pilot.press("enter")
        for document_id in ("producer_agreement", "ok_addendum", "nm_addendum"):
            await wait_until(
                pilot, lambda d=document_id: isinstance(app.screen, DocumentScreen) and app.screen.state.spec.id == d
            )
            await pilot.press("f9")
        await wait_until(pilot, lambda: on_kind(app, 'documents') and app.focused is app.screen.query_one("#continue"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "send_request"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "print_packet"))
        await documents_loaded(pilot, 3)
        packet_id = app.opened.packet_id

        reviewer = accounts.staff_login(ctx, "reviewer", "Review#2026")
        signing.countersign(ctx, reviewer.actor, packet_id)

        congratulations = outbox.latest_for_recipient(ctx, to=WEI, kind="congratulations")
        assert congratulations is not None
        new_code = next(line.strip() for line in congratulations.body.splitlines() if line.startswith("    "))
        assert invitations.open_code(ctx, new_code).packet_id == packet_id

        await pilot.press("escape")  # Exit, then come back with the code from the congratulations
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        await pilot.press("ctrl+u")  # harmless: signing out already cleared the code
        await type_text(pilot, new_code)
        await pilot.press("enter")
        await log_in(pilot, "Abc123x", step_id="print_packet")
        await documents_loaded(pilot, 3)
        assert "Status: Fully Executed" in screen_text(app)
        table = app.screen.body.table
        assert str(table.get_row_at(0)[2]) == "Wei 李, Rita Reviewer"
        await pilot.press("f8")
        await wait_until(pilot, lambda: "Saved 3 PDF files" in content(app, "#saved-to"))

    row = packet_row(ctx, packet_id)
    assert row.status == "countersigned" and row.submitted_at is not None
    assert json.loads(row.answers_json)["interview"]["title"] == "Principal Broker"
    with reading(ctx.engine) as session:
        signatures = session.exec(select(Signature).where(Signature.packet_id == packet_id).order_by(col(Signature.id))).all()
        producer_account = session.get(Account, row.account_id)
        assert producer_account is not None
        events = session.exec(
            select(Event)
            .where(or_(Event.packet_id == packet_id, Event.account_id == producer_account.id))
            .order_by(col(Event.id))
        ).all()
        logins = session.exec(select(Login).where(Login.packet_id == packet_id).order_by(col(Login.id))).all()
    assert [(s.document_id, s.kind, s.signer_name) for s in signatures] == [
        ("producer_agreement", "sign", "Wei 李"),
        ("ok_addendum", "review", "Wei 李"),
        ("nm_addendum", "review", "Wei 李"),
        ("producer_agreement", "countersign", "Rita Reviewer"),
    ]
    assert signatures[0].login_id == logins[0].id
    kinds = [e.kind for e in events]
    expected = [
        "producer invited", "temporary password sent", "login", "password changed", "step saved",
        "consent accepted", "document signed", "document reviewed", "document reviewed", "packet sent",
        "document countersigned", "packet countersigned", "login",
    ]
    assert is_subsequence(expected, kinds), kinds
    assert [m.kind for m in reversed(outbox.messages(ctx, to=WEI))] == [
        "invitation", "temporary password", "congratulations"
    ]
    text = pdf_text((ctx.settings.documents_dir / WEI_KEY / "producer_agreement.pdf").read_bytes())
    assert "Electronically signed by Wei 李" in text and "Electronically signed by Rita Reviewer" in text
    assert "Principal Broker" in text and "418275530" not in text


def is_subsequence(wanted: list[str], seen: list[str]) -> bool:
    remaining = iter(seen)
    return all(any(kind == item for item in remaining) for kind in wanted)


@pytest.mark.parametrize("save_key", ["f8", "enter"])
async def test_keys_typed_after_a_save_key_stay_in_their_field_when_the_save_finds_a_problem(sqlite_ctx, save_key):
    """Issue 16: a save with errors moves the focus to the first bad field; keys typed before the errors
    appeared (queued behind F8 while it saved) landed there instead of where they were typed."""
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        postal = await replace_field(pilot, "postal_code", "7875")
        phone = await focus_field(pilot, "resident_phone")
        typed = phone.value
        for key, char in ((save_key, "\r" if save_key == "enter" else None), ("x", "x"), ("y", "y")):  # one burst
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: "attention" in content(app, "#form-status"))
        await app.settle()
        await pilot.pause(0.2)
        assert (phone.value, postal.value) == (typed + "xy", "7875")
        assert app.focused is postal  # then the focus is on the field to fix
