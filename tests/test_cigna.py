"""Cigna eContracting: a third declaration on the same core (seed 002)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from core.identity import accounts
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Event
from core.notify import outbox
from core.packets import certificate, packets, processing, progress, signing
from core.packets.models import StoredDocument
from tests.helpers.journey import agree, log_in_first_time

AGENT = {
    "first_name": "Dana", "middle_name": "", "last_name": "Whitfield-Ruiz", "ssn": "401-22-3344",
    "birth_date": "02-28-1980", "mobile_phone": "205-555-0101", "business_phone": "", "email": "dana.whitfield@example.com",
    "npn": "12345678", "res_line1": "12 Magnolia Way", "res_line2": "", "res_city": "Mobile", "res_state": "AL",
    "res_zip": "36602", "res_county": "Mobile",
}
SOCIAL = {"website": "www.dwr-insurance.example.com", "facebook": "None", "linkedin": "https://linkedin.com/in/dwr", "other": "None"}


def save(ctx, actor, packet_id, step, values):
    view = packets.load(ctx, actor, packet_id)
    return packets.save_step(ctx, actor, packet_id, step, values, view.version)


def interview(ctx, code, *, eft="Yes"):
    opened, producer = log_in_first_time(ctx, code)
    actor, pid = producer.actor, opened.packet_id
    save(ctx, actor, pid, "user_agreement", {"agree": "true"})
    save(ctx, actor, pid, "agent_information", AGENT)
    save(ctx, actor, pid, "business_address", {"bus_copy": "true"})
    save(ctx, actor, pid, "commission_address", {"com_copy": "true"})
    save(ctx, actor, pid, "web_social", SOCIAL)
    save(ctx, actor, pid, "pre_appointments", {})
    answers = {f"q{i}": "No" for i in range(1, 9)}
    view = save(ctx, actor, pid, "background", answers)
    if view.current_step == "eft":
        view = save(ctx, actor, pid, "eft", {"use_eft": eft})
    return opened, producer, view


def sign_all(ctx, producer, packet_id):
    view = agree(ctx, producer.actor, packet_id)
    signing.adopt_signature(ctx, producer.actor, packet_id, "Dana Whitfield-Ruiz", "DWR", "formal")
    view = packets.load(ctx, producer.actor, packet_id)
    for state in signing.document_states(ctx, view):
        if state.spec.print_only:
            continue
        act = signing.sign if state.spec.needs_signature else signing.review
        act(ctx, producer.actor, packet_id, state.spec.id, state.document.sha256)
    return progress.submit(ctx, producer.actor, packet_id)


def test_copied_addresses_follow_the_source_until_the_box_is_cleared(demo_ctx):
    opened, producer, view = interview(demo_ctx, "CIGNA5-LEVELFIVE")
    assert view.answers["commission_address"]["com_city"] == "Mobile"
    moved = {**AGENT, "res_city": "Daphne", "res_zip": "36526"}
    view = save(demo_ctx, producer.actor, opened.packet_id, "agent_information", moved)
    assert view.answers["business_address"]["bus_city"] == "Daphne"
    assert view.answers["commission_address"]["com_zip"] == "36526"  # a copy of a copy follows too
    view = save(demo_ctx, producer.actor, opened.packet_id, "business_address", {**view.answers["business_address"], "bus_copy": "false", "bus_city": "Fairhope"})
    view = save(demo_ctx, producer.actor, opened.packet_id, "agent_information", {**moved, "res_city": "Foley"})
    assert view.answers["business_address"]["bus_city"] == "Fairhope"
    assert view.answers["commission_address"]["com_city"] == "Fairhope"


def test_level_five_eft_yes_adds_the_paper_form_and_level_three_never_sees_eft(demo_ctx):
    opened, producer, view = interview(demo_ctx, "CIGNA5-LEVELFIVE", eft="Yes")
    assert view.current_step == "summary"
    ids = {s.spec.id: s for s in signing.document_states(demo_ctx, view)}
    assert ids["eft"].spec.print_only and ids["eft"].status_text == "Print, complete and mail"
    other, producer3, view3 = interview(demo_ctx, "CIGNA3-LEVELTHREE")
    assert "eft" not in [s.id for s in view3.program.steps_for(view3.answers)]
    assert "eft" not in {s.spec.id for s in signing.document_states(demo_ctx, view3)}


def test_level_five_eft_no_leaves_the_form_out(demo_ctx):
    opened, producer, view = interview(demo_ctx, "CIGNA5-LEVELFIVE", eft="No")
    assert "eft" not in {s.spec.id for s in signing.document_states(demo_ctx, view)}


def test_whole_journey_certificate_matches_events_and_hashes(demo_ctx):
    opened, producer, view = interview(demo_ctx, "CIGNA5-LEVELFIVE")
    view = sign_all(demo_ctx, producer, opened.packet_id)
    assert view.status_label == "Received by Contracting"
    assert outbox.latest(demo_ctx, kind="packet received").subject == "Your Cigna-HealthSpring onboarding packet was received"
    stored = certificate.stored_documents(demo_ctx, opened.packet_id)
    assert len(stored) == 13 and all(row.pages >= 1 for row in stored)
    cert = certificate.build_certificate(demo_ctx, view)
    text = cert.text
    for row in stored:
        assert f"{row.title}: " in text and row.sha256 in text
    with reading(demo_ctx.engine) as session:
        events = session.exec(select(Event).where(Event.packet_id == opened.packet_id)).all()
    for event in events:  # every event, in plain words (issue 14: no "sign agent_application")
        assert certificate.event_text(view, event.kind, event.detail) in text
    assert "Signed the Cigna-HealthSpring Individual Agent Application Form (Dana Whitfield-Ruiz): " in text
    assert "sign agent_application" not in text and "document signed" not in text
    assert "Dana Whitfield-Ruiz, style formal" in text
    assert "Authenticated by: invitation code and temporary password" in text
    assert f"version {view.program.consent_version}" in text
    assert all(v.intact for v in certificate.verify_stored(demo_ctx, opened.packet_id))


def test_altering_a_stored_document_is_detected(demo_ctx):
    opened, producer, view = interview(demo_ctx, "CIGNA5-LEVELFIVE")
    sign_all(demo_ctx, producer, opened.packet_id)
    with writing(demo_ctx.engine) as session:
        row = session.exec(select(StoredDocument).where(StoredDocument.packet_id == opened.packet_id,
                                                        StoredDocument.document_id == "w9")).one()
        row.pdf = row.pdf.replace(b"W-9", b"W-8", 1)
    results = {v.title: v.intact for v in certificate.verify_stored(demo_ctx, opened.packet_id)}
    assert results["W-9 Form"] is False
    assert sum(results.values()) == len(results) - 1


def test_processing_letter_lists_states_and_certification_date(demo_ctx):
    opened, producer, view = interview(demo_ctx, "CIGNA5-LEVELFIVE")
    sign_all(demo_ctx, producer, opened.packet_id)
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    with pytest.raises(NotAllowed):
        processing.mark_processed(demo_ctx, rep, opened.packet_id)
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    view = processing.mark_processed(demo_ctx, admin, opened.packet_id)
    assert view.status_label == "Appointments Processed"
    letter = outbox.latest(demo_ctx, kind="appointments processed")
    certify = (demo_ctx.clock.now() + timedelta(days=5)).strftime("%m/%d/%Y")
    assert "AL  Alabama" in letter.body and "TX  Texas" in letter.body and certify in letter.body
    assert "Sunbelt Senior Benefits Agency" in letter.body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "02-30-1980", "date that exists"),
        ("birth_date", "13-01-1980", "date that exists"),
        ("birth_date", "01-01-2030", "can't be in the future"),
        ("npn", "12AB", "digits only"),
        ("npn", "12345678901", "at most 10"),
    ],
)
def test_bad_agent_information_is_refused_at_the_field(sqlite_ctx, field, value, message):
    opened, producer = log_in_first_time(sqlite_ctx, "CIGNA5-LEVELFIVE")
    with pytest.raises(ValidationFailed) as refused:
        save(sqlite_ctx, producer.actor, opened.packet_id, "agent_information", {**AGENT, field: value})
    assert message in refused.value.problems[field]


@pytest.mark.parametrize("value", ["facebook", "not a url", "ftp//x", "nonee"])
def test_social_fields_take_a_url_or_none_only(sqlite_ctx, value):
    opened, producer = log_in_first_time(sqlite_ctx, "CIGNA5-LEVELFIVE")
    with pytest.raises(ValidationFailed) as refused:
        save(sqlite_ctx, producer.actor, opened.packet_id, "web_social", {**SOCIAL, "facebook": value})
    assert set(refused.value.problems) == {"facebook"}


@pytest.mark.parametrize("value", ["none", "None", "NONE"])
def test_social_fields_take_none_in_any_case(sqlite_ctx, value):
    # Seed 002: "For fields that are not applicable, please enter “None”." and its own example then types
    # "none" for the Facebook URL and the Other URL: the word counts whatever its case, and is kept as None.
    opened, producer = log_in_first_time(sqlite_ctx, "CIGNA5-LEVELFIVE")
    view = save(sqlite_ctx, producer.actor, opened.packet_id, "web_social", {**SOCIAL, "facebook": value, "other": value})
    assert view.answers["web_social"]["facebook"] == "None"
    assert view.answers["web_social"]["other"] == "None"


@pytest.mark.parametrize("ticked", ["", "false"])
def test_the_user_agreement_box_must_be_ticked_before_continuing(sqlite_ctx, ticked):
    # Seed 002: "You must then review the User Agreement terms and conditions, check the box for “I Agree”
    # and click “Continue” to move forward."
    opened, producer = log_in_first_time(sqlite_ctx, "CIGNA5-LEVELFIVE")
    before = packets.load(sqlite_ctx, producer.actor, opened.packet_id)
    with pytest.raises(ValidationFailed) as refused:
        save(sqlite_ctx, producer.actor, opened.packet_id, "user_agreement", {"agree": ticked})
    assert refused.value.problems == {"agree": "I Agree must be checked."}
    view = packets.load(sqlite_ctx, producer.actor, opened.packet_id)
    assert (view.current_step, view.version) == (before.current_step, before.version)  # nothing moved forward
    assert any(item.startswith("User Agreement:") for item in progress.missing(sqlite_ctx, view))
    view = save(sqlite_ctx, producer.actor, opened.packet_id, "user_agreement", {"agree": "true"})
    assert view.current_step == "agent_information"
    assert not any(item.startswith("User Agreement:") for item in progress.missing(sqlite_ctx, view))


def test_a_yes_needs_an_explanation(sqlite_ctx):
    opened, producer = log_in_first_time(sqlite_ctx, "CIGNA5-LEVELFIVE")
    answers = {f"q{i}": "No" for i in range(1, 9)} | {"q3": "Yes"}
    with pytest.raises(ValidationFailed) as refused:
        save(sqlite_ctx, producer.actor, opened.packet_id, "background", answers)
    assert set(refused.value.problems) == {"q3_explain"}
    save(sqlite_ctx, producer.actor, opened.packet_id, "background", answers | {"q3_explain": "Lapsed for CE in 2019."})


@pytest.mark.parametrize(("initials", "ok"), [("DWR", True), ("dr", True), ("DW", False), ("XYZ", False), ("", False)])
def test_initials_must_match_the_name(initials, ok):
    assert (signing.initials_problem("Dana Whitfield-Ruiz", initials) is None) is ok


def test_signing_needs_an_adopted_signature_first(sqlite_ctx):
    opened, producer, view = interview(sqlite_ctx, "CIGNA5-LEVELFIVE")
    agree(sqlite_ctx, producer.actor, opened.packet_id)
    view = packets.load(sqlite_ctx, producer.actor, opened.packet_id)
    first = signing.document_states(sqlite_ctx, view)[0]
    with pytest.raises(NotAllowed, match="Adopt"):
        signing.sign(sqlite_ctx, producer.actor, opened.packet_id, first.spec.id, first.document.sha256)
    with pytest.raises(ValidationFailed):
        signing.adopt_signature(sqlite_ctx, producer.actor, opened.packet_id, "Dana Whitfield-Ruiz", "DWR", "comic-sans")
