"""Consent, signatures tied to rendered documents, Send Now and countersignature."""

import hashlib

import pytest
from sqlmodel import select

from core.identity import accounts
from core.kernel.db import reading
from core.kernel.errors import NotAllowed, PacketdeskError, ValidationFailed
from core.kernel.events import Actor
from core.packets import invitations, packets, progress, signing
from core.packets.models import Signature
from tests.helpers.journey import agree, log_in_first_time, sign_everything

EXPECTED_DOCUMENTS = {
    "DEMOIL-ILLINOIS26": ["producer_agreement"],
    "DEMOTX-TEXAS2026": ["producer_agreement"],
    "DEMONMOK-NMOK2026": ["producer_agreement", "ok_addendum", "nm_addendum"],
    "DEMOALL-FIVESTATES": ["producer_agreement", "ok_addendum", "nm_addendum"],
}


@pytest.mark.parametrize("code", EXPECTED_DOCUMENTS)
def test_documents_follow_the_contracted_states(sqlite_ctx, code):
    opened, producer = log_in_first_time(sqlite_ctx, code)
    view = packets.load(sqlite_ctx, producer.actor, opened.packet_id)
    states = signing.document_states(sqlite_ctx, view)
    assert [s.spec.id for s in states] == EXPECTED_DOCUMENTS[code]
    assert [s.status_text for s in states][:1] == ["Signatures required (0 of 1)"]
    assert all(s.status_text == "No signatures required" for s in states[1:])


def test_nothing_opens_before_consent_and_consent_needs_complete_data(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMONMOK-NMOK2026")
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    agreement = signing.document_states(demo_ctx, view)[0]
    with pytest.raises(NotAllowed, match="I Agree"):
        signing.sign(demo_ctx, producer.actor, opened.packet_id, "producer_agreement", agreement.document.sha256)
    # The demo roster has everything the interview requires, so consent is possible right away.
    agree(demo_ctx, producer.actor, opened.packet_id)


def test_reps_and_delegates_never_consent_or_sign(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    on_behalf = Actor(rep.account_id, "rep", rep.login_id, on_behalf_of=opened.account_id)
    for actor in (rep, on_behalf):
        with pytest.raises(NotAllowed, match="Only the producer"):
            agree(demo_ctx, actor, opened.packet_id)
    agree(demo_ctx, producer.actor, opened.packet_id)
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    agreement = signing.document_states(demo_ctx, view)[0]
    with pytest.raises(NotAllowed):
        signing.sign(demo_ctx, on_behalf, opened.packet_id, "producer_agreement", agreement.document.sha256)


def test_signature_records_hash_consent_login_and_host(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    view = sign_everything(demo_ctx, producer, opened.packet_id)
    agreement = signing.document_states(demo_ctx, view)[0]
    with reading(demo_ctx.engine) as session:
        row = session.exec(select(Signature).where(Signature.packet_id == opened.packet_id)).one()
    assert row.doc_hash == hashlib.sha256(agreement.document.text.encode()).hexdigest()
    assert row.login_id == producer.actor.login_id and row.auth_method == "temporary password"
    assert row.consent_version == view.program.consent_version and row.host == "testhost"
    assert agreement.signed and agreement.status_text == "Signed (1 of 1)"


def test_signing_a_document_that_changed_since_it_was_shown_is_refused(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    agree(demo_ctx, producer.actor, opened.packet_id)
    with pytest.raises(PacketdeskError, match="changed since it was shown"):
        signing.sign(demo_ctx, producer.actor, opened.packet_id, "producer_agreement", "0" * 64)


def test_changing_an_answer_after_signing_voids_only_affected_signatures(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMONMOK-NMOK2026")
    view = sign_everything(demo_ctx, producer, opened.packet_id)
    # Same answers saved again: signatures still count.
    view = packets.save_step(demo_ctx, producer.actor, opened.packet_id, "interview", view.answers["interview"], view.version)
    assert all(s.done for s in signing.document_states(demo_ctx, view))
    changed = {**view.answers["interview"], "city": "Santa Fe"}
    view = packets.save_step(demo_ctx, producer.actor, opened.packet_id, "interview", changed, view.version)
    states = {s.spec.id: s for s in signing.document_states(demo_ctx, view)}
    assert states["producer_agreement"].status_text == "Signatures required (0 of 1)"
    # The addenda do not show the city, so their reviews still stand.
    assert states["ok_addendum"].done and states["nm_addendum"].done
    with pytest.raises(NotAllowed, match="Producer Agreement"):
        progress.submit(demo_ctx, producer.actor, opened.packet_id)


def test_send_then_read_only_then_countersign(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMONMOK-NMOK2026")
    view = sign_everything(demo_ctx, producer, opened.packet_id)
    reviewer = accounts.staff_login(demo_ctx, "reviewer", "Review#2026").actor
    with pytest.raises(NotAllowed, match="sent"):
        signing.countersign(demo_ctx, reviewer, opened.packet_id)
    view = progress.submit(demo_ctx, producer.actor, opened.packet_id)
    assert view.status == "sent" and view.current_step == "print_packet"
    with pytest.raises(NotAllowed, match="sent"):
        packets.save_step(demo_ctx, producer.actor, opened.packet_id, "interview", view.answers["interview"], view.version)
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    with pytest.raises(NotAllowed, match="reviewer"):
        signing.countersign(demo_ctx, rep, opened.packet_id)
    view = signing.countersign(demo_ctx, reviewer, opened.packet_id)
    agreement = signing.document_states(demo_ctx, view)[0]
    assert view.status_label == "Fully Executed"
    assert [m.name for m in agreement.document.signatures] == ["Wei 李", "Rita Reviewer"]


def test_the_congratulations_code_reopens_the_same_packet(demo_ctx):
    from core.notify import outbox

    opened, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    sign_everything(demo_ctx, producer, opened.packet_id)
    progress.submit(demo_ctx, producer.actor, opened.packet_id)
    message = outbox.latest_for_recipient(demo_ctx, kind="congratulations")
    code = next(line.strip() for line in message.body.splitlines() if line.startswith("    "))
    assert invitations.open_code(demo_ctx, code).packet_id == opened.packet_id


def test_incomplete_interview_blocks_consent(demo_ctx):
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    entry = invitations.RosterEntry(first_name="Ana", last_name="Lopez", tin="401-22-3344",
                                    email="ana.lopez@example.com", states=["TX"])
    invitations.invite(demo_ctx, admin, entry, "bcbs_recontracting", code="ANA123-LOPEZTEST1")
    opened, producer = log_in_first_time(demo_ctx, "ANA123-LOPEZTEST1")
    with pytest.raises(ValidationFailed) as missing:
        agree(demo_ctx, producer.actor, opened.packet_id)
    assert "interview.address1" in missing.value.problems
