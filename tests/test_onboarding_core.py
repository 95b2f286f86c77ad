"""The HCSC onboarding journey in core, on SQLite and PostgreSQL: invitation to welcome letter."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core.desk import staff
from core.identity.accounts import LoginOutcome
from core.kernel.context import AppContext
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.notify import outbox
from core.onboarding import case as onboarding
from core.onboarding.demo import IN_REVIEW, READY, sample_answers, sample_declaration_pdf
from core.packets import accounts as onboarding_invite
from core.packets import packets, review, signing, uploads
from core.packets.pdb import local_pdb
from core.packets.program import program
from tests.helpers.journey import consent_code_for
from tests.helpers.onboarding import invitation_secrets, invite_and_log_in
from tests.helpers.onboarding import staff as staff_actor

YOLANDA_SSN = "805-14-5124"
"""Yolanda Quintero in data/pdb: active in NM, OK, IL and MT."""
STATES = ("NM", "OK", "MT")


def fill_tabs(ctx: AppContext, outcome: LoginOutcome, packet_id: int) -> packets.PacketView:
    record = local_pdb().by_ssn(YOLANDA_SSN)
    assert record is not None
    view = packets.load(ctx, outcome.actor, packet_id)
    for step_id, values in sample_answers(record, list(STATES), ctx.clock.now().date()).items():
        saved = onboarding.save_tab(ctx, outcome.actor, packet_id, step_id, values, view.version)
        view = saved.view
        assert saved.problems == {} or step_id == "eo", (step_id, saved.problems)
    return view


def sign_all(ctx: AppContext, outcome: LoginOutcome, packet_id: int) -> list[str]:
    view = packets.load(ctx, outcome.actor, packet_id)
    done = []
    for state in signing.document_states(ctx, view):
        if not state.done:
            act = signing.sign if state.spec.needs_signature else signing.review
            act(ctx, outcome.actor, packet_id, state.spec.id, state.document.sha256)
            done.append(state.spec.id)
    return done


def test_whole_journey_with_one_round_of_more_information(demo_ctx: AppContext) -> None:
    ctx = demo_ctx
    invited, outcome = invite_and_log_in(ctx, "yolanda.q@example.com", STATES)
    message = outbox.latest(ctx, to="yolanda.q@example.com", kind="invitation")
    assert message is not None and "Domain:              HCSC" in message.body and "F8" in message.body
    case = onboarding_invite.my_cases(ctx, outcome.actor, "hcsc_onboarding")[0]
    assert (case.key, case.status_label, case.note) == (invited.packet_key, "Invited", "")
    pid = invited.packet_id

    # First screen: SSN rules, unknown SSN, authorization, then the PDB fills the tabs.
    with pytest.raises(ValidationFailed, match="ssn") as bad:
        onboarding.lookup(ctx, outcome.actor, pid, "666-12-3456", "666-12-3456")
    assert "666" in bad.value.problems["ssn"]
    with pytest.raises(ValidationFailed) as unknown:
        onboarding.lookup(ctx, outcome.actor, pid, "812-45-3391", "812-45-3391")
    assert "No producer with that SSN in the NIPR Producer Database" in unknown.value.problems["ssn"]
    # Seed 001: "the Confirm SSN/EIN fields": a Confirm SSN that differs is refused at that field.
    with pytest.raises(ValidationFailed) as unconfirmed:
        onboarding.lookup(ctx, outcome.actor, pid, YOLANDA_SSN, "805-14-5125")
    assert unconfirmed.value.problems == {"ssn_confirm": "Confirm SSN must match SSN."}
    with pytest.raises(ValidationFailed) as unconfirmed:
        onboarding.confirm_lookup(ctx, outcome.actor, pid, YOLANDA_SSN, "805-14-5125", "true")
    assert set(unconfirmed.value.problems) == {"ssn_confirm"}
    found = onboarding.lookup(ctx, outcome.actor, pid, YOLANDA_SSN, YOLANDA_SSN)
    assert (found.name, found.resident_state) == ("Yolanda Quintero", "NM")
    with pytest.raises(ValidationFailed) as unauthorized:
        onboarding.confirm_lookup(ctx, outcome.actor, pid, YOLANDA_SSN, YOLANDA_SSN, "false")
    assert set(unauthorized.value.problems) == {"authorize"}
    view = onboarding.confirm_lookup(ctx, outcome.actor, pid, YOLANDA_SSN, YOLANDA_SSN, "true")
    assert view.status == "in_progress" and view.producer_name == "Yolanda Quintero"
    assert view.answers["licenses"]["available"] == ["NM", "OK", "MT"]
    assert view.answers["general"]["last_name"] == "Quintero" and view.answers["general"]["business_phone"]
    assert "ssn_confirm" not in view.answers["pdb"], "the confirmation is asked, not kept (nor shown to a reviewer)"
    esign = view.answers["esignature"]
    assert esign["w9_tin"] == esign["w9_tin_confirm"] == YOLANDA_SSN, "the W-9 starts from the SSN typed twice"
    retyped = {**esign, "w9_tin_type": "EIN", "w9_tin": "12-3456789"}
    saved = onboarding.save_tab(ctx, outcome.actor, pid, "esignature", retyped, view.version)
    assert saved.problems["w9_tin_confirm"] == "Confirm SSN/EIN (Part I) must match TIN (Part I)."
    saved = onboarding.save_tab(ctx, outcome.actor, pid, "esignature", {**esign}, saved.view.version)
    assert "w9_tin_confirm" not in saved.problems

    # Submitting now lists every incomplete tab.
    with pytest.raises(onboarding.Incomplete) as early:
        onboarding.submit(ctx, outcome.actor, pid)
    assert any(item.startswith("Licenses:") for item in early.value.missing)
    assert any("consent" in item for item in early.value.missing)

    view = fill_tabs(ctx, outcome, pid)
    assert view.answers["licenses"]["fee_total"] == "$50"
    with pytest.raises(ValidationFailed, match="declaration"):
        uploads.store(ctx, outcome.actor, pid, "eo.declaration", "eo.pdf", b"MZ" + b"\0" * 40)
    uploads.store(ctx, outcome.actor, pid, "eo.declaration", "eo_first.pdf", sample_declaration_pdf())
    assert onboarding.tab_problems(packets.load(ctx, outcome.actor, pid), ctx.clock.now().date())["eo"] == {}

    view = onboarding.give_consent(ctx, outcome.actor, pid, consent_code_for(ctx, outcome.actor, pid))
    assert sign_all(ctx, outcome, pid) == ["producer_agreement", "nm_addendum", "ok_addendum", "mt_addendum", "w9"]

    # Changing an answer after signing voids the documents that show it.
    view = packets.load(ctx, outcome.actor, pid)
    changed = {**view.answers["banking"], "account_number": "5566778899", "account_confirm": "5566778899"}
    saved = onboarding.save_tab(ctx, outcome.actor, pid, "banking", changed, view.version)
    assert saved.resign == ["Producer Agreement"]
    assert any("sign the Producer Agreement" in item for item in onboarding.missing(ctx, saved.view))
    assert sign_all(ctx, outcome, pid) == ["producer_agreement"]

    view = onboarding.submit(ctx, outcome.actor, pid)
    assert (view.status_label, view.read_only) == ("HCSC Review", True)
    assert outbox.latest(ctx, to="yolanda.q@example.com", kind="submitted") is not None
    with pytest.raises(NotAllowed):
        onboarding.save_tab(ctx, outcome.actor, pid, "banking", changed, view.version)
    with pytest.raises(NotAllowed):
        signing.review(ctx, outcome.actor, pid, "nm_addendum", "x")

    # The home office: queue oldest first, masked values revealed on purpose, more information.
    reviewer = staff_actor(ctx, "reviewer")
    ctx.clock.advance(timedelta(hours=5))  # type: ignore[attr-defined]
    queue = review.queue(ctx, reviewer)
    assert [row.key for row in queue][-1] == invited.packet_key and queue[0].waiting >= queue[-1].waiting
    assert review.waiting_text(queue[-1].waiting) == "5h 00m"
    assert review.reveal(ctx, reviewer, pid, "banking.routing_number") == "111000025"
    review.decide(ctx, reviewer, pid, "more_info", "Upload a declaration page that shows the aggregate limit.")
    note = outbox.latest(ctx, to="yolanda.q@example.com", kind="more info")
    assert note is not None and "shows the aggregate limit" in note.body
    case = onboarding_invite.my_cases(ctx, outcome.actor, "hcsc_onboarding")[0]
    assert case.status_label == "More Information Requested" and "aggregate limit" in case.note

    # The producer replaces the upload, signs what changed again and resubmits.
    uploads.store(ctx, outcome.actor, pid, "eo.declaration", "eo_full.pdf", sample_declaration_pdf() + b"\n% page 2")
    assert uploads.current(ctx, outcome.actor, pid, "eo.declaration").filename == "eo_full.pdf"  # type: ignore[union-attr]
    with pytest.raises(onboarding.Incomplete, match="sign the Producer Agreement"):
        onboarding.submit(ctx, outcome.actor, pid)
    assert sign_all(ctx, outcome, pid) == ["producer_agreement"]
    assert onboarding.submit(ctx, outcome.actor, pid).status == "hcsc_review"
    assert next(r for r in review.queue(ctx, reviewer) if r.packet_id == pid).resubmitted

    # Approve: a unique 9-digit number and the Welcome Letter carrying it.
    number = review.decide(ctx, reviewer, pid, "approve").number
    assert re.fullmatch(r"[1-9]\d{8}", number)
    letter = outbox.latest(ctx, to="yolanda.q@example.com", kind="welcome letter")
    assert letter is not None and letter.subject == "Welcome Letter" and number in letter.body
    assert onboarding_invite.my_cases(ctx, outcome.actor, "hcsc_onboarding")[0].producer_number == number
    with pytest.raises(NotAllowed):
        review.decide(ctx, reviewer, pid, "approve")

    kinds = [(line.kind, line.who) for line in staff.packet_history(ctx, reviewer, pid)]
    for expected in [("producer invited", "Ada Admin"), ("PDB report authorized", "Yolanda Quintero"),
                     ("file replaced", "Yolanda Quintero"), ("application submitted", "Yolanda Quintero"),
                     ("PII revealed", "Rita Reviewer"), ("more information requested", "Rita Reviewer"),
                     ("application resubmitted", "Yolanda Quintero"), ("application approved", "Rita Reviewer")]:
        assert expected in kinds, expected


def test_login_needs_the_hcsc_domain_and_the_right_password(demo_ctx: AppContext) -> None:
    with pytest.raises(LoginFailed, match="Enter HCSC as the domain"):
        onboarding_invite.login(demo_ctx, "hcsc_onboarding", READY.user_id, READY.password, "BCBS")
    with pytest.raises(LoginFailed, match="do not match"):
        onboarding_invite.login(demo_ctx, "hcsc_onboarding", "nobody123", READY.password, "HCSC")
    with pytest.raises(LoginFailed, match="3 attempts left"):
        onboarding_invite.login(demo_ctx, "hcsc_onboarding", READY.user_id, "wrong-one", "hcsc")
    outcome = onboarding_invite.login(demo_ctx, "hcsc_onboarding", READY.user_id.upper(), READY.password, " hcsc ")
    assert outcome.must_change_password
    # Left blank, the domain is the one the empty field shows (HCSC), not a refusal.
    assert onboarding_invite.login(demo_ctx, "hcsc_onboarding", READY.user_id, READY.password, "").must_change_password


def test_the_invitation_temporary_password_is_valid_30_minutes(demo_ctx: AppContext) -> None:
    """Seed 001 FAQ: "This temporary password is only valid for 30 minutes. If you try to enter the
    temporary password after the 30-minute window, you'll receive an error message." """
    admin = staff_actor(demo_ctx, "admin")
    for email, after, works in (("in.time@example.com", timedelta(minutes=29), True),
                                ("too.late@example.com", timedelta(minutes=31), False)):
        onboarding_invite.invite(demo_ctx, admin, "hcsc_onboarding", email, ["TX"])
        message = outbox.latest(demo_ctx, to=email, kind="invitation")
        assert message is not None and "only valid for 30 minutes" in " ".join(message.body.split())
        user_id, password = invitation_secrets(demo_ctx, email)
        demo_ctx.clock.advance(after)  # type: ignore[attr-defined]
        if works:
            assert onboarding_invite.login(demo_ctx, "hcsc_onboarding", user_id, password, "HCSC").must_change_password
        else:
            with pytest.raises(LoginFailed, match=r"expired \(it was valid 30 minutes\).*Get My Password"):
                onboarding_invite.login(demo_ctx, "hcsc_onboarding", user_id, password, "HCSC")


def test_invitation_rules_and_roles(demo_ctx: AppContext) -> None:
    admin, rep = staff_actor(demo_ctx, "admin"), staff_actor(demo_ctx, "rep")
    with pytest.raises(ValidationFailed) as bad:
        onboarding_invite.invite(demo_ctx, admin, "hcsc_onboarding", "not-an-email", ["KS"])
    assert set(bad.value.problems) == {"email", "states"}
    with pytest.raises(NotAllowed):
        onboarding_invite.invite(demo_ctx, rep, "hcsc_onboarding", "x@example.com", ["IL"])
    first = onboarding_invite.invite(demo_ctx, admin, "hcsc_onboarding", "same.name@example.com", ["IL"])
    second = onboarding_invite.invite(demo_ctx, admin, "hcsc_onboarding", "same.name@example.com", ["TX"])
    assert first.user_id != second.user_id and first.user_id.startswith("samename")
    user_id, password = invitation_secrets(demo_ctx, "same.name@example.com")
    assert user_id == second.user_id and len(password) == 8


def test_get_my_password_sends_one_only_for_known_names(demo_ctx: AppContext) -> None:
    before = len(outbox.messages(demo_ctx))
    onboarding_invite.get_my_password(demo_ctx, "hcsc_onboarding", "nobody999")
    assert len(outbox.messages(demo_ctx)) == before
    onboarding_invite.get_my_password(demo_ctx, "hcsc_onboarding", READY.user_id)
    message = outbox.latest(demo_ctx, to=READY.email, kind="temporary password")
    assert message is not None and "valid for 30 minutes" in message.body


def test_reject_and_error_need_a_reason_the_producer_sees(demo_ctx: AppContext) -> None:
    reviewer = staff_actor(demo_ctx, "reviewer")
    pid = review.queue(demo_ctx, reviewer)[0].packet_id
    with pytest.raises(ValidationFailed):
        review.decide(demo_ctx, reviewer, pid, "reject", "   ")
    with pytest.raises(NotAllowed):
        review.decide(demo_ctx, staff_actor(demo_ctx, "rep"), pid, "reject", "No.")
    view = review.decide(demo_ctx, reviewer, pid, "in_error", "The NPN does not match the licenses.").view
    assert view.status_label == "Error" and review.latest_note(demo_ctx, pid, program("hcsc_onboarding")) == "The NPN does not match the licenses."
    view = review.decide(demo_ctx, reviewer, pid, "reject", "Montana license under review.").view
    assert view.status == "rejected"
    email = outbox.latest(demo_ctx, to=IN_REVIEW.email, kind="rejected")
    assert email is not None and "Montana license under review." in email.body
    with pytest.raises(NotAllowed):
        review.queue(demo_ctx, staff_actor(demo_ctx, "rep"))


def test_producer_numbers_are_unique_even_when_the_random_source_repeats(demo_ctx: AppContext) -> None:
    class Repeating:
        def __init__(self) -> None:
            self.calls = 0

        def digits(self, length: int) -> str:
            self.calls += 1
            return "1" * length if self.calls <= 4 else "2" * length

        def token(self, length: int, alphabet: str = "") -> str:
            return "x" * length

    reviewer = staff_actor(demo_ctx, "reviewer")
    first = review.queue(demo_ctx, reviewer)[0].packet_id
    demo_ctx.ids = Repeating()  # type: ignore[assignment]
    assert review.decide(demo_ctx, reviewer, first, "approve").number == "211111111"
    invited, outcome = invite_and_log_in(demo_ctx, "second@example.com", ("IL",))
    onboarding.confirm_lookup(demo_ctx, outcome.actor, invited.packet_id, YOLANDA_SSN, YOLANDA_SSN, "true")
    record = local_pdb().by_ssn(YOLANDA_SSN)
    assert record is not None
    view = packets.load(demo_ctx, outcome.actor, invited.packet_id)
    for step_id, values in sample_answers(record, ["IL"], demo_ctx.clock.now().date()).items():
        view = onboarding.save_tab(demo_ctx, outcome.actor, invited.packet_id, step_id, values, view.version).view
    uploads.store(demo_ctx, outcome.actor, invited.packet_id, "eo.declaration", "eo.pdf", sample_declaration_pdf())
    onboarding.give_consent(demo_ctx, outcome.actor, invited.packet_id, consent_code_for(demo_ctx, outcome.actor, invited.packet_id))
    sign_all(demo_ctx, outcome, invited.packet_id)
    onboarding.submit(demo_ctx, outcome.actor, invited.packet_id)
    assert review.decide(demo_ctx, reviewer, invited.packet_id, "approve").number == "222222222"


def test_the_welcome_letter_says_illinois_requires_no_appointment(demo_ctx: AppContext) -> None:
    """Seed 001 FAQ, "In which state(s) will I need to be appointed?": "Illinois: This state does not
    require appointments." The demo case in review chose Illinois and Texas."""
    reviewer = staff_actor(demo_ctx, "reviewer")
    pid = review.queue(demo_ctx, reviewer)[0].packet_id
    review.decide(demo_ctx, reviewer, pid, "approve")
    letter = outbox.latest(demo_ctx, to=IN_REVIEW.email, kind="welcome letter")
    assert letter is not None
    lines = [line.strip() for line in letter.body.splitlines()]
    assert "Appointments are filed for: Texas." in lines
    assert "Illinois: This state does not require appointments." in lines
    assert not any(line.startswith("Appointments are filed for") and "Illinois" in line for line in lines)


def test_replacing_the_eo_file_recomputes_completion_at_once(demo_ctx: AppContext) -> None:
    """Issue 14: after replacing the E&O file the header said "Complete 8 of 8" until eSignature was
    visited. The Producer Agreement shows the declaration page's file name, and a signature counts only
    while its document renders the same: the upload itself says what must be signed again."""
    from core.onboarding.demo import complete_and_sign
    from core.packets import progress

    outcome = onboarding_invite.login(demo_ctx, "hcsc_onboarding", READY.user_id, READY.password, "HCSC")
    pid = onboarding_invite.my_cases(demo_ctx, outcome.actor, "hcsc_onboarding")[0].packet_id
    view = complete_and_sign(demo_ctx, outcome.actor, pid, READY.ssn, ["NM", "MT"])
    today = demo_ctx.clock.now().date()
    before = progress.completion(view, today, signing.document_states(demo_ctx, view))
    assert all(before.values()), before

    uploaded = uploads.store(demo_ctx, outcome.actor, pid, "eo.declaration", "eo_renewed.pdf", sample_declaration_pdf())
    assert uploaded.resign == ["Producer Agreement"]
    after = progress.completion(uploaded.view, today, signing.document_states(demo_ctx, uploaded.view))
    assert after["eo"] and not after["esignature"]
    assert sum(after.values()) == len(after) - 1  # "Complete 7 of 8" on the header
    assert "eSignature: sign the Producer Agreement." in onboarding.missing(demo_ctx, uploaded.view)


def test_uploads_live_in_the_database_and_can_be_viewed_again(demo_ctx: AppContext) -> None:
    reviewer = staff_actor(demo_ctx, "reviewer")
    pid = review.queue(demo_ctx, reviewer)[0].packet_id
    info, data = uploads.content(demo_ctx, reviewer, pid, "eo.declaration")
    assert data == sample_declaration_pdf() and info.content_type == "application/pdf" and info.size == len(data)
    path = uploads.export(demo_ctx, reviewer, pid, "eo.declaration")
    assert path.read_bytes() == data and path.parent.name == review.queue(demo_ctx, reviewer)[0].key
    assert "file viewed" in [line.kind for line in staff.packet_history(demo_ctx, reviewer, pid)]


def test_store_path_reads_at_most_one_byte_over_the_limit_and_tells_the_real_size(demo_ctx: AppContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outcome = onboarding_invite.login(demo_ctx, "hcsc_onboarding", READY.user_id, READY.password, "HCSC")
    pid = onboarding_invite.my_cases(demo_ctx, outcome.actor, "hcsc_onboarding")[0].packet_id
    onboarding.confirm_lookup(demo_ctx, outcome.actor, pid, READY.ssn, READY.ssn, "true")
    huge = tmp_path / "huge.pdf"
    huge.write_bytes(b"%PDF-" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationFailed, match="declaration") as too_big:
        uploads.store_path(demo_ctx, outcome.actor, pid, "eo.declaration", str(huge))
    assert "huge.pdf is 5,242,885 bytes;" in too_big.value.problems["declaration"]  # 5 + 5 x 1,048,576: its real size
    # Issue 14: a 3,147,350-byte file was reported as "3,145,729 bytes" (the bytes read, limit + 1).
    over = tmp_path / "over.pdf"
    over.write_bytes(b"%PDF-" + b"0" * (3_147_350 - 5))
    with pytest.raises(ValidationFailed, match="declaration") as too_big:
        uploads.store_path(demo_ctx, outcome.actor, pid, "eo.declaration", str(over))
    message = too_big.value.problems["declaration"]
    assert message.startswith("over.pdf is 3,147,350 bytes;") and "3,145,729" not in message
    with pytest.raises(ValidationFailed, match="declaration"):
        uploads.store_path(demo_ctx, outcome.actor, pid, "eo.declaration", str(tmp_path / "missing.pdf"))


class _PdbWithoutHealthIn:
    """The local PDB, except that one state's license of Yolanda Quintero has lost its Accident & Health line."""

    def __init__(self, state: str) -> None:
        from dataclasses import replace

        record = local_pdb().by_ssn(YOLANDA_SSN)
        assert record is not None
        licenses = tuple(replace(lic, lines=tuple(line for line in lic.lines if line != "Accident & Health or Sickness"))
                         if lic.state == state else lic for lic in record.licenses)
        self.record = replace(record, licenses=licenses)

    def by_ssn(self, ssn: str):  # type: ignore[no-untyped-def]
        return self.record if "".join(c for c in ssn if c.isdigit()) == self.record.ssn else None

    def by_npn(self, npn: str):  # type: ignore[no-untyped-def]
        return self.record if npn == self.record.npn else None


def test_a_state_without_an_active_accident_and_health_line_cannot_be_contracted(demo_ctx: AppContext) -> None:
    # domain-rules.md: "Health plans need an active Accident & Health line of authority in the client's state."
    # Yolanda's NM license stays Active (to 08/21/2029) but holds only Life here, so NM is not offered for contracting.
    pdb = _PdbWithoutHealthIn("NM")
    nm = pdb.record.license("NM")
    assert nm is not None and nm.status == "Active" and nm.lines == ("Life",)
    invited, outcome = invite_and_log_in(demo_ctx, "yolanda.q@example.com", STATES)
    pid = invited.packet_id
    view = onboarding.confirm_lookup(demo_ctx, outcome.actor, pid, YOLANDA_SSN, YOLANDA_SSN, "true", pdb)
    assert view.answers["licenses"]["offered"] == ["NM", "OK", "MT"]
    assert view.answers["licenses"]["available"] == ["OK", "MT"]
    today = demo_ctx.clock.now().date()
    assert onboarding.unavailable(view, today, pdb) == {"NM": (
        "New Mexico: the PDB shows no active Accident & Health or Sickness line of authority, which health plans need, "
        "so it cannot be chosen. Questions: Producer Service Center, "
        f"{view.program.service_center['phone']}.")}
    saved = onboarding.save_tab(demo_ctx, outcome.actor, pid, "licenses", {"states": ["NM", "OK"], "bluelincs_hmo": "No"},
                                view.version)
    assert "NM" in saved.problems["states"]
    saved = onboarding.save_tab(demo_ctx, outcome.actor, pid, "licenses", {"states": ["OK"], "bluelincs_hmo": "No"},
                                saved.view.version)
    assert "states" not in saved.problems


def test_a_different_file_under_the_same_name_must_be_signed_again(demo_ctx: AppContext) -> None:
    """The Producer Agreement names the declaration page it was signed with. Replacing that file with
    other content under the same name is a different document: the signature must not carry over."""
    from core.onboarding.demo import complete_and_sign

    outcome = onboarding_invite.login(demo_ctx, "hcsc_onboarding", READY.user_id, READY.password, "HCSC")
    pid = onboarding_invite.my_cases(demo_ctx, outcome.actor, "hcsc_onboarding")[0].packet_id
    view = complete_and_sign(demo_ctx, outcome.actor, pid, READY.ssn, ["NM", "MT"])
    name = view.answers["eo"]["declaration"]
    again = uploads.store(demo_ctx, outcome.actor, pid, "eo.declaration", name, sample_declaration_pdf())
    assert again.resign == [], "the very same bytes again change nothing"
    other = uploads.store(demo_ctx, outcome.actor, pid, "eo.declaration", name, sample_declaration_pdf() + b"\n% renewed")
    assert other.resign == ["Producer Agreement"]
    assert other.view.answers["eo"]["declaration"] == name
