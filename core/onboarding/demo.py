"""Demo HCSC onboarding: one invited producer ready to log in, one packet waiting in HCSC Review.

The sample answers also serve the tests, which run the same journey on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import select

from core.identity import accounts
from core.identity.models import Account
from core.identity.sessions import end as end_session
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Actor
from core.onboarding import case as onboarding
from core.onboarding.rules import is_po_box
from core.packets import accounts as onboarding_access
from core.packets import signing, uploads
from core.packets.packets import PacketView
from core.packets.pdb import PdbRecord, local_pdb
from core.packets.program import program

PROGRAM = "hcsc_onboarding"


@dataclass(frozen=True)
class DemoProducer:
    email: str
    user_id: str
    password: str
    """The temporary password of the invitation (demo only: real ones are random)."""
    states: list[str]
    ssn: str
    """Known to the PDB sample set (data/pdb)."""
    new_password: str = ""


READY = DemoProducer("dana.whitfield@example.com", "dwhitfield", "Welcome26", ["NM", "OK", "MT", "TX"], "896-64-8850")
"""Logs in with F8: User ID dwhitfield, temporary password Welcome26, domain HCSC; SSN 896-64-8850."""
IN_REVIEW = DemoProducer("priya.raman@example.com", "praman", "Start2026", ["IL", "TX"], "795-11-5375", "PriyaPro2026")
"""Submitted: waits in the reviewer's queue; logs in with User ID praman, password PriyaPro2026."""


def sample_declaration_pdf() -> bytes:
    """A one-page E&O declaration page (PDF) with fixed metadata."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Errors & Omissions Declarations Page (sample)")
    pdf.set_creation_date(datetime(2026, 1, 1, tzinfo=UTC))
    return bytes(pdf.output())


def sample_answers(record: PdbRecord, states: list[str], today: date) -> dict[str, dict[str, Any]]:
    """Answers that complete every tab for a PDB producer (a street address replaces a P.O. Box)."""
    general: dict[str, Any] = {"confirm_contact": "true"}
    if is_po_box(record.addresses["business"].line1):
        general["address1"] = "1200 Main St"
    return {
        "general": general,
        "licenses": {"states": states, "bluelincs_hmo": "No"},
        "background": {f"q{i}": "No" for i in range(1, 11)},
        "eo": {"carrier": "Heartland Mutual E&O Insurance Company", "policy_number": "EO-4471-2026",
               "effective_date": f"{today - timedelta(days=60):%m/%d/%Y}",
               "expiration_date": f"{today + timedelta(days=305):%m/%d/%Y}",
               "per_occurrence": "1,000,000", "aggregate": "2,000,000"},
        "banking": {"account_type": "Checking", "routing_number": "111000025", "routing_confirm": "111000025",
                    "account_number": "000123456789", "account_confirm": "000123456789"},
        "conduct": {"read": "true", "signature": f"{record.first_name} {record.last_name}"},
        "esignature": {"contracting_as": "Individual", "w9_classification": "Individual/sole proprietor"},
    }


def complete_and_sign(ctx: AppContext, actor: Actor, packet_id: int, ssn: str, states: list[str]) -> PacketView:
    """Look up the PDB, save every tab, upload the declaration page, consent and sign: ready to submit."""
    view = onboarding.confirm_lookup(ctx, actor, packet_id, ssn, ssn, "true")
    record = local_pdb().by_ssn(ssn)
    assert record is not None
    for step_id, values in sample_answers(record, states, ctx.clock.now().date()).items():
        view = onboarding.save_tab(ctx, actor, packet_id, step_id, values, view.version).view
    uploads.store(ctx, actor, packet_id, "eo.declaration", "eo_declarations.pdf", sample_declaration_pdf())
    view = onboarding.give_consent(ctx, actor, packet_id, signing.consent_code(program(PROGRAM).consent_text()))
    for state in signing.document_states(ctx, view):
        act = signing.sign if state.spec.needs_signature else signing.review
        act(ctx, actor, packet_id, state.spec.id, state.document.sha256)
    return view


def seed(ctx: AppContext) -> None:
    """Add the HCSC demo people (called at the end of core.demo.seed)."""
    with reading(ctx.engine) as session:
        admin = session.exec(select(Account).where(Account.role == "admin")).first()
    if admin is None or admin.id is None:
        return
    recruiter = Actor(admin.id, "admin", auth_method="demo seed")
    onboarding_access.invite(ctx, recruiter, PROGRAM, READY.email, READY.states, temporary_password=READY.password,
                             user_id=READY.user_id)
    invited = onboarding_access.invite(ctx, recruiter, PROGRAM, IN_REVIEW.email, IN_REVIEW.states,
                                       temporary_password=IN_REVIEW.password, user_id=IN_REVIEW.user_id)
    outcome = onboarding_access.login(ctx, PROGRAM, IN_REVIEW.user_id, IN_REVIEW.password, "HCSC")
    policy = program(PROGRAM).password_policy
    accounts.change_password(ctx, outcome.actor, IN_REVIEW.new_password, IN_REVIEW.new_password, policy)
    complete_and_sign(ctx, outcome.actor, invited.packet_id, IN_REVIEW.ssn, IN_REVIEW.states)
    onboarding.submit(ctx, outcome.actor, invited.packet_id)
    end_session(ctx, outcome.actor, "demo seed")
