"""Every program driven through its core services to a signed and sent state, for document tests.

Not a test itself: each function returns the state a producer (and the home office) would leave it in.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.identity import accounts
from core.identity.accounts import LoginOutcome
from core.kernel.context import AppContext
from core.kernel.events import Actor
from core.onboarding import case as onboarding
from core.onboarding.demo import sample_answers, sample_declaration_pdf
from core.packets import packets, progress, review, signing, uploads
from core.packets.packets import PacketView
from core.packets.pdb import local_pdb
from tests.helpers.ifm import family_answers
from tests.helpers.journey import agree, consent_code_for, log_in_first_time, sign_everything
from tests.helpers.onboarding import invite_and_log_in
from tests.helpers.onboarding import staff as staff_actor

CIGNA_AGENT = {
    "first_name": "Dana", "middle_name": "", "last_name": "Whitfield-Ruiz", "ssn": "401-22-3344",
    "birth_date": "02-28-1980", "mobile_phone": "205-555-0101", "business_phone": "",
    "email": "dana.whitfield@example.com", "npn": "12345678", "res_line1": "12 Magnolia Way", "res_line2": "",
    "res_city": "Mobile", "res_state": "AL", "res_zip": "36602", "res_county": "Mobile",
}
"""Seed 002's agent with the gaps the issue saw: no middle name, no business phone, no line two."""
CIGNA_SOCIAL = {"website": "www.dwr-insurance.example.com", "facebook": "None",
                "linkedin": "https://linkedin.com/in/dwr", "other": "None"}
YOLANDA_SSN = "805-14-5124"
"""Yolanda Quintero in data/pdb: active in NM, OK, IL and MT."""


@dataclass(frozen=True)
class Signed:
    """A packet in the state its documents are printed in, with the producer's login."""

    view: PacketView
    producer: LoginOutcome


def bcbs_sent(ctx: AppContext, code: str = "DEMOALL-FIVESTATES", *, countersign: bool = True) -> Signed:
    """Recontracting with both addenda: signed, reviewed, sent and (by default) countersigned."""
    opened, producer = log_in_first_time(ctx, code)
    sign_everything(ctx, producer, opened.packet_id)
    view = progress.submit(ctx, producer.actor, opened.packet_id)
    if countersign:
        reviewer = accounts.staff_login(ctx, "reviewer", "Review#2026").actor
        view = signing.countersign(ctx, reviewer, opened.packet_id)
    return Signed(view, producer)


def _save(ctx: AppContext, actor: Actor, packet_id: int, step: str, values: dict[str, str]) -> PacketView:
    view = packets.load(ctx, actor, packet_id)
    return packets.save_step(ctx, actor, packet_id, step, values, view.version)


def cigna_sent(ctx: AppContext, code: str = "CIGNA5-LEVELFIVE", *, eft: str = "Yes") -> Signed:
    """Cigna Level 5 with every form (EFT chosen), signed with an adopted signature and finished."""
    opened, producer = log_in_first_time(ctx, code)
    actor, pid = producer.actor, opened.packet_id
    _save(ctx, actor, pid, "user_agreement", {"agree": "true"})
    _save(ctx, actor, pid, "agent_information", CIGNA_AGENT)
    _save(ctx, actor, pid, "business_address", {"bus_copy": "true"})
    _save(ctx, actor, pid, "commission_address", {"com_copy": "true"})
    _save(ctx, actor, pid, "web_social", CIGNA_SOCIAL)
    _save(ctx, actor, pid, "pre_appointments", {})
    view = _save(ctx, actor, pid, "background", {f"q{i}": "No" for i in range(1, 9)})
    if view.current_step == "eft":
        _save(ctx, actor, pid, "eft", {"use_eft": eft})
    agree(ctx, actor, pid)
    signing.adopt_signature(ctx, actor, pid, "Dana Whitfield-Ruiz", "DWR", "formal")
    view = packets.load(ctx, actor, pid)
    for state in signing.document_states(ctx, view):
        if state.spec.print_only:
            continue
        act = signing.sign if state.spec.needs_signature else signing.review
        act(ctx, actor, pid, state.spec.id, state.document.sha256)
    return Signed(progress.submit(ctx, actor, pid), producer)


def hcsc_submitted(ctx: AppContext, states: tuple[str, ...] = ("NM", "OK", "MT"), *, approve: bool = False) -> Signed:
    """HCSC onboarding with every addendum and the W-9: tabs filled, signed, submitted (and approved)."""
    invited, producer = invite_and_log_in(ctx, "yolanda.q@example.com", states)
    actor, pid = producer.actor, invited.packet_id
    view = onboarding.confirm_lookup(ctx, actor, pid, YOLANDA_SSN, YOLANDA_SSN, "true")
    record = local_pdb().by_ssn(YOLANDA_SSN)
    assert record is not None
    for step_id, values in sample_answers(record, list(states), ctx.clock.now().date()).items():
        view = onboarding.save_tab(ctx, actor, pid, step_id, values, view.version).view
    uploads.store(ctx, actor, pid, "eo.declaration", "eo_declarations.pdf", sample_declaration_pdf())
    onboarding.give_consent(ctx, actor, pid, consent_code_for(ctx, actor, pid))
    view = packets.load(ctx, actor, pid)
    for state in signing.document_states(ctx, view):
        act = signing.sign if state.spec.needs_signature else signing.review
        act(ctx, actor, pid, state.spec.id, state.document.sha256)
    view = onboarding.submit(ctx, actor, pid)
    if approve:
        review.decide(ctx, staff_actor(ctx, "reviewer"), pid, "approve")
        view = packets.load(ctx, actor, pid)
    return Signed(view, producer)


def ifm_submitted(
    ctx: AppContext, *, authorization: str = "Paper application", actor: Actor | None = None, **sign: str
) -> PacketView:
    """The demo family's application (applicant Maria Garcia), submitted with the chosen authorization."""
    actor = actor or demo_actor(ctx)
    assert actor is not None
    answers = family_answers(ctx.clock.now().date(), last_name="Garcia")
    answers["applicant"].update(first_name="Maria", authorization=authorization)
    if authorization == "In person":
        answers["applicant"]["terms_accepted"] = "true"
    answers["sign"].update(sign)
    view = enrollment.start(ctx, actor, answers=answers)
    outcome = progress.submit_outcome(ctx, actor, view.id, view.version)
    assert outcome.accepted, outcome.reasons
    return enrollment.load(ctx, actor, view.id)


def ifm_actor(ctx: AppContext) -> Actor:
    actor = demo_actor(ctx)
    assert actor is not None
    return actor

