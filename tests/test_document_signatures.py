"""Who signed, when a document is executed, and how the certificate says it (issue 14, "The documents").

- HCSC: the PDFs said "Fully executed" at submission; seed 001 says the packet goes to "HCSC
  Review" and "When your onboarding packet is approved, you'll receive a 'Welcome Letter'". A
  signed HCSC document is fully executed only once the reviewer approves it.
- The certificate named events by internal ids ("sign agent_application").
- IFM: the application PDF said "Electronically signed by Maria Garcia" though only the producer
  used the application. Seed 003 gives the two authorizations the producer chooses between.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from typing import Any

import pypdf
import pytest

from core.demo import demo_actor
from core.packets import certificate, documents_out, packet_pdf, packets, review, signing
from core.packets.packets import PacketView
from tests.helpers import programs
from tests.helpers.applications import list_applications
from tests.helpers.onboarding import staff
from tests.portal_helpers import DELEGATE, PRODUCER, sign_in_by_email

HCSC = "Health Care Service Corporation, a Mutual Legal Reserve Company"
SEED_003_PAPER = (
    "I confirm/attest that my client has completed and signed a paper application, and as the producer of record, "
    "I will be completing and submitting the application on their behalf. I will keep a record of the paper "
    "application for a minimum of two years from submit date."
)
SEED_003_IN_PERSON = (
    "I confirm/attest that I am assisting my client in person. That all the terms, agreements, acknowledgements "
    "and authorizations displayed on paper application have been presented and communicated to my client."
)


def words(data: bytes) -> str:
    """A PDF's text with line breaks and repeated spaces folded, so wrapped sentences compare."""
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages).split())


def pdf_texts(ctx: Any, view: packets.PacketView) -> dict[str, str]:
    return {doc_id: words(data) for doc_id, data in documents_out.pdf_bytes(ctx, view)}


# --- HCSC: fully executed only once approved -----------------------------------------------------


def test_hcsc_documents_are_fully_executed_only_once_the_home_office_approves(demo_ctx: Any) -> None:
    signed = programs.hcsc_submitted(demo_ctx)
    assert signed.view.status_label == "HCSC Review"
    before = pdf_texts(demo_ctx, signed.view)
    for doc_id in ("producer_agreement", "w9"):
        assert "Fully executed" not in before[doc_id]
        assert f"Signed; not yet fully executed: awaiting approval by {HCSC}." in before[doc_id]
        assert "Electronically signed by Yolanda Quintero" in before[doc_id]
    for addendum in ("nm_addendum", "ok_addendum", "mt_addendum"):
        assert "executed" not in before[addendum]  # read, never signed

    review.decide(demo_ctx, staff(demo_ctx, "reviewer"), signed.view.id, "approve")
    view = packets.load(demo_ctx, signed.producer.actor, signed.view.id)
    assert view.status_label == "Approved"
    after = pdf_texts(demo_ctx, view)
    today = f"{demo_ctx.clock.now():%m/%d/%Y}"
    for doc_id in ("producer_agreement", "w9"):
        assert "Fully executed: all authorized signatures present" in after[doc_id]
        assert f"Approved by {HCSC} on {today}." in after[doc_id]
        assert "awaiting approval" not in after[doc_id]
    assert all(state.done for state in signing.document_states(demo_ctx, view))  # approval voids no signature


def test_hcsc_more_information_is_not_an_approval(demo_ctx: Any) -> None:
    signed = programs.hcsc_submitted(demo_ctx)
    review.decide(demo_ctx, staff(demo_ctx, "reviewer"), signed.view.id, "more_info", "Upload the full declaration.")
    view = packets.load(demo_ctx, signed.producer.actor, signed.view.id)
    assert "Fully executed" not in pdf_texts(demo_ctx, view)["producer_agreement"]


def test_recontracting_is_fully_executed_only_once_countersigned(sqlite_ctx: Any) -> None:
    sent = programs.bcbs_sent(sqlite_ctx, "DEMONMOK-NMOK2026", countersign=False)
    assert "Fully executed" not in pdf_texts(sqlite_ctx, sent.view)["producer_agreement"]
    countersigned = programs.bcbs_sent(sqlite_ctx, "DEMOALL-FIVESTATES")
    text = pdf_texts(sqlite_ctx, countersigned.view)["producer_agreement"]
    assert "Fully executed: all authorized signatures present" in text and "Approved by" not in text


# --- the certificate in plain words ------------------------------------------------------------


def test_certificate_names_documents_and_events_in_plain_words(sqlite_ctx: Any) -> None:
    signed = programs.cigna_sent(sqlite_ctx)
    view = signed.view
    text = " ".join(certificate.build_certificate(sqlite_ctx, view).text.split())
    for expected in [
        "Signed the Cigna-HealthSpring Individual Agent Application Form (Dana Whitfield-Ruiz): ",
        "Signed the W-9 Form (Dana Whitfield-Ruiz): ",
        "Reviewed Exhibit 1: Cigna-HealthSpring Affiliate List (Dana Whitfield-Ruiz): ",
        f"Consent to electronic records accepted (version {view.program.consent_version}): ",
        "Dana Whitfield-Ruiz: Signed the Questionnaire Form (SHA-256 ",
        "Dana Whitfield-Ruiz: Reviewed the CA Privacy Law (SHA-256 ",
        "Dana Whitfield-Ruiz: Saved User Agreement: I Agree",
        "Saved Background Questions: Question 1, Question 2",
        "Dana Whitfield-Ruiz: Signature adopted (style formal)",
        "Dana Whitfield-Ruiz: Packet sent (Send Now)",
        "Ada Admin: Invitation sent (Cigna eContracting)",
    ]:
        assert expected in text, expected
    # No internal ids: neither "sign agent_application" nor field names such as res_line1 or bus_copy.
    assert not re.search(r"\b(sign|review|countersign) [a-z0-9]+_?[a-z0-9_]*:", text)
    ids = {spec.id for spec in view.program.documents} | {
        f.name for step in view.program.steps for f in step.fields if "_" in f.name}
    assert [i for i in ids if re.search(rf"(?<![\w.@/-]){re.escape(i)}(?![\w.@-])", text)] == []
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} UTC", text) and "2026-11-24" not in text


# --- IFM: who signed, how, on whose authorization -------------------------------------------------


def ifm_pdf(ctx: Any, actor: Any, view: PacketView) -> str:
    return words(packet_pdf.pdf_bytes(ctx, actor, view.id))


def test_paper_authorization_names_the_paper_signature_and_the_producer_who_submitted(sqlite_ctx: Any) -> None:
    producer = sign_in_by_email(sqlite_ctx, PRODUCER).actor
    view = programs.ifm_submitted(sqlite_ctx, authorization="Paper application", actor=producer)
    text = ifm_pdf(sqlite_ctx, producer, view)
    assert SEED_003_PAPER in text
    assert "Authorization chosen on step 2: Paper application" in text
    assert ("Applicant's signature: on the paper application Maria Garcia completed and signed, kept by the producer "
            "of record; not signed electronically") in text
    assert re.search(r"Submitted electronically by: Harriet \S*Stone, producer of record \(writing producer number "
                     r"\d+\), on \d{2}/\d{2}/\d{4} \d{2}:\d{2} UTC, signed in with [^,]+ from testhost, attesting to the "
                     r"authorization above", text), text[-600:]
    assert "Electronically signed" not in text and "Fully executed" not in text
    assert SEED_003_IN_PERSON not in text and "I agree to the terms and conditions outlined above." not in text


def test_in_person_authorization_says_the_terms_were_accepted_and_nobody_signed_electronically(sqlite_ctx: Any) -> None:
    producer = sign_in_by_email(sqlite_ctx, PRODUCER).actor
    view = programs.ifm_submitted(sqlite_ctx, authorization="In person", actor=producer)
    text = ifm_pdf(sqlite_ctx, producer, view)
    assert SEED_003_IN_PERSON in text and SEED_003_PAPER not in text
    assert "Authorization chosen on step 2: In person" in text
    assert "Terms and Agreements: presented to Maria Garcia in person and accepted, as the producer recorded" in text
    assert "I agree to the terms and conditions outlined above." in text
    assert "Applicant's signature: none; Maria Garcia did not sign this application electronically" in text
    assert "Electronically signed" not in text and "Submitted electronically by: Harriet" in text


def test_authorized_representative_is_named_but_signs_nothing(sqlite_ctx: Any) -> None:
    actor = demo_actor(sqlite_ctx)
    view = programs.ifm_submitted(sqlite_ctx, actor=actor, auth_rep="true", rep_first="Ana", rep_last="Garcia",
                                  rep_relationship="Sister")
    text = ifm_pdf(sqlite_ctx, actor, view)
    assert ("Authorized representative: Ana Garcia (Sister), completing the application on behalf of the primary "
            "applicant") in text
    assert "Electronically signed" not in text and "signed by Ana" not in text


def test_a_delegate_who_submits_is_named_as_the_delegate(sqlite_ctx: Any) -> None:
    delegate = sign_in_by_email(sqlite_ctx, DELEGATE).actor
    view = programs.ifm_submitted(sqlite_ctx, actor=delegate)
    text = ifm_pdf(sqlite_ctx, delegate, view)
    assert re.search(r"Submitted electronically by: Devi \S+, delegate of STONE, HARRIET", text), text[-500:]


def test_unsubmitted_and_refused_applications_claim_no_signature(sqlite_ctx: Any) -> None:
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    failed = next(iter(list_applications(sqlite_ctx, actor, "failed")))
    refused = packet_pdf.document(packets.load(sqlite_ctx, actor, failed.id)).text
    assert "Submission refused by the carrier: " in refused and "Submitted electronically" not in refused
    view = programs.ifm_submitted(sqlite_ctx, actor=actor)
    draft = packet_pdf.document(replace(packets.load(sqlite_ctx, actor, view.id), status="incomplete",
                                        submitted_at=None)).text
    assert "Not submitted yet: nobody has attested to or submitted this application" in draft


@pytest.mark.parametrize("authorization", ["Paper application", "In person"])
def test_the_ifm_pdf_never_draws_a_signature(sqlite_ctx: Any, authorization: str) -> None:
    actor = demo_actor(sqlite_ctx)
    view = programs.ifm_submitted(sqlite_ctx, authorization=authorization, actor=actor)
    doc = packet_pdf.document(packets.load(sqlite_ctx, actor, view.id))
    assert [b for b in doc.blocks if b.kind == "signature"] == [] and doc.signatures == ()


def test_without_the_submitter_looked_up_nobody_is_named(sqlite_ctx: Any) -> None:
    """The on-screen text built from the view alone never guesses who submitted (a delegate may have)."""
    delegate = sign_in_by_email(sqlite_ctx, DELEGATE).actor
    view = programs.ifm_submitted(sqlite_ctx, actor=delegate)
    text = packet_pdf.document(packets.load(sqlite_ctx, delegate, view.id)).text
    assert "Submitted electronically: on " in text and "STONE" not in text.split("Authorization and signatures")[1]
    _, full = packet_pdf.packet_document(sqlite_ctx, delegate, view.id)
    assert "delegate of STONE, HARRIET" in full.text
