"""Submit Application through the carrier gateway, Application Details, and the Application PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.enrollment import catalog, steps
from core.enrollment.applications import AppView, _get, _view
from core.enrollment.gateway import LocalGateway, Submission, SubmissionGateway
from core.enrollment.models import IfmApplication
from core.enrollment.rating import money
from core.forms.identifiers import format_ssn
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.packets.documents import Block, RenderedDocument, SignatureMark, Span


@dataclass(frozen=True)
class SubmitOutcome:
    view: AppView
    accepted: bool
    reasons: tuple[str, ...] = ()


def submit(ctx: AppContext, actor: Actor, app_id: int, version: int, gateway: SubmissionGateway | None = None) -> SubmitOutcome:
    """Check every step, then send it through the gateway; a refusal marks it Failed (it can be fixed and resent)."""
    today = ctx.clock.now().date()
    with reading(ctx.engine) as session:
        row = _get(ctx, session, actor, app_id)
        answers = json.loads(ctx.cipher.decrypt(row.answers_enc))
    if row.status == "submitted":
        raise NotAllowed("This application was already submitted.")
    problems = steps.all_problems(answers, today)
    if problems:
        raise ValidationFailed(problems)
    assert row.effective_date is not None
    result = (gateway or LocalGateway()).submit(Submission(
        row.record_number, row.state, answers["applicant"].get("last_name", ""), row.effective_date,
        row.medical_plan_id, row.dental_plan_id, row.monthly_premium_cents, today,
    ))
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        current = session.get(IfmApplication, app_id)
        assert current is not None
        if current.version != version:
            raise Conflict("Someone saved this application after you opened it; nothing was submitted.", {}, current.version)
        current.version += 1
        current.updated_at = now
        current.submitted_at = now
        if result.accepted:
            current.status = "submitted"
            current.failure_reason = ""
            current.expires_at = None
            current.payment_status = "Pending" if current.payment_choice == "Pay Now" else "Bill by mail"
        else:
            current.status = "failed"
            current.failure_reason = "; ".join(result.reasons)
        session.add(current)
        kind = "ifm application submitted" if result.accepted else "ifm submission failed"
        record(session, kind, now, actor=actor, detail=current.record_number)
        return SubmitOutcome(_view(ctx, current), result.accepted, result.reasons)


def _p(text: str, *data: str) -> Block:
    spans = [Span(text)] + [Span(d, is_data=True) for d in data]
    return Block("paragraph", tuple(spans))


def _answers_blocks(title: str, values: dict[str, Any], labels: dict[str, str], pii: set[str]) -> list[Block]:
    blocks = [Block("heading2", (Span(title),))]
    for name, label in labels.items():
        value = values.get(name)
        if value in (None, "", [], {}):
            continue
        shown = str(value)
        if name in pii:
            shown = f"***-**-{format_ssn(shown)[-4:]}" if name == "ssn" else shown
        shown = {"true": "Yes", "false": "No"}.get(shown, shown)
        blocks.append(_p(f"{label}: ", shown))
    return blocks


def _labels(spec: steps.StepSpec) -> dict[str, str]:
    return {f.name: f.label for f in spec.fields}


def document(view: AppView) -> RenderedDocument:
    """The whole application: every answer, the consents and the signatures (SSNs as last 4)."""
    a = view.answers
    general = a.get("general", {})
    blocks = [Block("heading1", (Span(f"Individual & Family Application {view.record_number}"),)),
              _p("Status: ", view.status_label), _p("Producer: ", f"{view.producer_name} ({view.writing_number})"),
              _p("Effective date: ", str(general.get("effective_date", ""))),
              _p("Special enrollment: ", str(general.get("sep", "")))]
    for event in general.get("life_events") or []:
        blocks.append(_p("Life event: ", f"{event.get('label') or event.get('kind')} on {event.get('date')}"))
    blocks += _answers_blocks("Authorization and Applicant", a.get("applicant", {}), _labels(steps.APPLICANT), {"ssn"})
    blocks.append(_p(catalog.text("authorization_in_person" if a.get("applicant", {}).get("authorization") == "In person"
                                  else "authorization_paper")))
    if a.get("applicant", {}).get("phone_type") == "Mobile":
        blocks.append(_p(catalog.text("text_consent")))
    if a.get("applicant", {}).get("email"):
        blocks.append(_p(catalog.text("edelivery_consent")))
    blocks += _answers_blocks("HRA, Language, Ethnicity and Identity", a.get("household", {}), _labels(steps.HOUSEHOLD), set())
    for i, member in enumerate(a.get("household", {}).get("members") or []):
        blocks += _answers_blocks(f"Spouse or dependent {i + 1}", member, _labels(steps.MEMBER), {"ssn"})
    blocks.append(Block("heading2", (Span("Plans and premiums"),)))
    for plan, amount in ((view.medical, view.pricing.medical), (view.dental, view.pricing.dental)):
        if plan is not None:
            blocks.append(_p(f"{plan.kind.title()}: ", f"{plan.name} ({plan.network}) {money(amount or 0)} a month"))
    blocks.append(_p("Total monthly premium: ", money(view.pricing.total)))
    if a.get("plans", {}).get("pediatric_dental") == "true":
        blocks.append(_p(catalog.text("pediatric_dental")))
    for who, number in (a.get("plans", {}).get("pcp") or {}).items():
        blocks.append(_p(f"Medical group / PCP for {who}: ", str(number)))
    coverage = a.get("coverage", {})
    blocks += _answers_blocks("Coverage", coverage, _labels(steps.COVERAGE), set())
    for row in coverage.get("replacements") or []:
        blocks += _answers_blocks("Coverage being replaced", row, _labels(steps.REPLACEMENT), set())
    for row in coverage.get("others") or []:
        blocks += _answers_blocks("Other coverage", row, _labels(steps.OTHER_COVERAGE), set())
    if coverage.get("proxy") == "true":
        blocks.append(_p(catalog.text("proxy_statement").splitlines()[-1]))
    blocks += _answers_blocks("Signatures and Payment", a.get("sign", {}), _labels(steps.sign_step(a)), set())
    blocks.append(_p(catalog.text("terms_and_agreements").splitlines()[-1]))
    blocks += [Block("signature", role="applicant"), Block("signature", role="producer")]
    doc = RenderedDocument(f"ifm-{view.record_number}", f"Application {view.record_number}", tuple(blocks), True)
    if view.submitted_at is None:
        return doc
    signed = view.submitted_at.strftime("%m/%d/%Y %H:%M UTC")
    sign = a.get("sign", {})
    signer = (f"{sign.get('guardian_first', '')} {sign.get('guardian_last', '')} (parent/guardian)" if sign.get("guardian_first")
              else f"{sign.get('rep_first', '')} {sign.get('rep_last', '')} (authorized representative)"
              if sign.get("auth_rep") == "true" else view.applicant_name)
    return doc.with_signatures([SignatureMark("applicant", signer, signed), SignatureMark("producer", view.producer_name, signed)])


def pdf_bytes(ctx: AppContext, actor: Actor, app_id: int) -> bytes:
    """View Application PDF: deterministic bytes for the same application."""
    from core.packets.pdf import render_pdf

    with reading(ctx.engine) as session:
        view = _view(ctx, _get(ctx, session, actor, app_id))
    return render_pdf(document(view), packet_key=view.record_number, created=view.submitted_at or view.updated_at,
                      footer="Individual & Family Market off-exchange application")
