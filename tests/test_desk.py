"""The call-center desk in core: notes, acting on behalf, presence, and asking the producer to sign."""

import pytest
from sqlalchemy import text

from core.desk import assist as desk
from core.identity import accounts, sessions
from core.kernel.errors import NotAllowed, ValidationFailed
from core.notify import outbox
from core.packets import invitations, packets
from tests.helpers.journey import agree, log_in_first_time


@pytest.fixture
def rep(demo_ctx):
    return accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor


def test_call_notes_are_kept_encrypted_with_time_and_rep(demo_ctx, rep):
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    desk.add_note(demo_ctx, rep, opened.packet_id, "Caller verified NPN; asked about TX fee. SSN 623-41-8812 read out.")
    with pytest.raises(ValidationFailed):
        desk.add_note(demo_ctx, rep, opened.packet_id, "   ")
    [note] = desk.notes(demo_ctx, rep, opened.packet_id)
    assert note.who == "Ray Rep" and note.text.startswith("Caller verified")
    with demo_ctx.engine.connect() as connection:
        raw = repr(connection.execute(text("SELECT * FROM callnote")).all()) + repr(connection.execute(text("SELECT * FROM event")).all())
    assert "623-41-8812" not in raw and "Caller verified" not in raw


def test_rep_fills_a_step_on_behalf_then_asks_the_producer_to_sign(demo_ctx, rep):
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    view = packets.load(demo_ctx, rep, opened.packet_id)
    acting = desk.for_producer(rep, view)
    packets.save_step(demo_ctx, acting, opened.packet_id, "interview", {**view.answers["interview"], "title": "Broker"}, view.version)
    with pytest.raises(NotAllowed):
        agree(demo_ctx, acting, opened.packet_id)
    to = desk.request_signature(demo_ctx, rep, opened.packet_id)
    message = outbox.latest_for_recipient(demo_ctx, kind="ready for signature")
    assert to == "jose.nguyen@example.com" and message.to_address == to
    code = next(line.strip() for line in message.body.splitlines() if line.startswith("    "))
    assert invitations.open_code(demo_ctx, code).packet_id == opened.packet_id


def test_reviewers_do_not_enter_data_or_ask_for_signatures(demo_ctx):
    reviewer = accounts.staff_login(demo_ctx, "reviewer", "Review#2026").actor
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    view = packets.load(demo_ctx, reviewer, opened.packet_id)
    with pytest.raises(NotAllowed):
        desk.for_producer(reviewer, view)
    with pytest.raises(NotAllowed):
        desk.request_signature(demo_ctx, reviewer, opened.packet_id)


def test_the_producer_is_told_a_rep_is_in_the_packet_and_cannot_sign_them_out(demo_ctx, rep):
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    desk.enter_packet(demo_ctx, rep, opened.packet_id)
    _, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    others = sessions.others_on_packet(demo_ctx, opened.packet_id, producer.actor.login_id, producer.actor.account_id)
    assert [(o.who, o.role, o.same_person) for o in others] == [("Ray Rep", "rep", False)]
    assert sessions.take_over(demo_ctx, producer.actor, opened.packet_id) == 0
    assert sessions.is_open(demo_ctx, rep.login_id)


def test_a_staff_form_draft_is_one_persons_encrypted_and_dropped_on_purpose(demo_ctx):
    """The invite form and a call note keep what was typed on a hang-up: per person, encrypted (an SSN)."""
    from core.desk import drafts

    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    drafts.save_form(demo_ctx, rep, "invite", {"first_name": "Zelda", "tin": "123-45-6789"})
    assert drafts.load_form(demo_ctx, rep, "invite") == {"first_name": "Zelda", "tin": "123-45-6789"}
    assert drafts.load_form(demo_ctx, admin, "invite") is None, "another person's draft is theirs"
    with demo_ctx.engine.connect() as connection:
        raw = " ".join(str(v) for row in connection.execute(text("select * from formdraft")) for v in row)
    assert "Zelda" not in raw and "6789" not in raw
    drafts.discard_form(demo_ctx, rep, "invite")
    assert drafts.load_form(demo_ctx, rep, "invite") is None

    packet_id = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026").packet_id
    drafts.save_note(demo_ctx, rep, packet_id, "Caller asks about NM")
    assert drafts.load_note(demo_ctx, rep, packet_id) == "Caller asks about NM"
    assert drafts.load_note(demo_ctx, admin, packet_id) == ""
    drafts.discard_note(demo_ctx, rep, packet_id)
    assert drafts.load_note(demo_ctx, rep, packet_id) == ""
