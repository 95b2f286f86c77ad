"""Submit Application through the carrier gateway, Application Details, and the Application PDF.

The PDF is data/documents/ifm_enrollment/application.txt drawn by the generic document renderer;
the plan lines' computations it names are registered here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from core.enrollment import catalog, steps
from core.enrollment.applications import AppView, _get, _view
from core.enrollment.gateway import LocalGateway, Submission, SubmissionGateway
from core.enrollment.models import IfmApplication
from core.enrollment.pricing import price
from core.forms.registry import Computation, computation_named
from core.identity.attribution import Doer, latest_doer
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.packets.directives import Declared
from core.packets.documents import RenderedDocument, field_kinds, flatten, render
from core.packets.program import DocumentSpec

SUBMIT_EVENTS = ("ifm application submitted", "ifm submission failed")
TEMPLATE = "documents/ifm_enrollment/application.txt"
DECLARED_STEPS = tuple(steps.DECLARED.values())
Answers = dict[str, dict[str, Any]]


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
        kind = SUBMIT_EVENTS[0] if result.accepted else SUBMIT_EVENTS[1]
        record(session, kind, now, actor=actor, detail=current.record_number)
        return SubmitOutcome(_view(ctx, current), result.accepted, result.reasons)


def _plan(kind: str, attribute: str) -> Computation:
    """The chosen plan's name or network, for the plan lines of the PDF."""
    def of_plan(answers: Answers, today: date) -> str:
        plan = catalog.plan(answers.get("plans", {}).get(f"{kind}_plan_id"))
        return str(getattr(plan, attribute)) if plan else ""
    return of_plan


for _kind in ("medical", "dental"):
    computation_named(f"enrollment.{_kind}_plan")(_plan(_kind, "name"))
    computation_named(f"enrollment.{_kind}_network")(_plan(_kind, "network"))
computation_named("enrollment.medical_premium")(lambda answers, today: price(answers, today).medical or Decimal(0))
computation_named("enrollment.dental_premium")(lambda answers, today: price(answers, today).dental or Decimal(0))
computation_named("enrollment.premium_total")(lambda answers, today: price(answers, today).total)


def document(view: AppView, person: Doer | None = None) -> RenderedDocument:
    """The whole application: every answer, the consents, who signed and how (SSNs as last 4).

    Premiums are rated as of the last save (on the effective date once there is one): the same
    application always prints the same."""
    submitted = f"{view.submitted_at:%m/%d/%Y %H:%M}" if view.submitted_at else ""
    values = {f"application.{name}": value for name, value in (
        ("record_number", view.record_number), ("status", view.status), ("status_label", view.status_label),
        ("producer_name", view.producer_name), ("writing_number", view.writing_number), ("submitted_at", submitted),
        ("applicant", view.applicant_name or "the applicant"), ("failure_reason", view.failure_reason))}
    values.update(person.values("submitter") if person else {})
    spec = DocumentSpec(f"ifm-{view.record_number}", f"Application {view.record_number}", TEMPLATE, "review")
    declared = Declared(view.answers, view.updated_at.date(), DECLARED_STEPS)
    return render(spec, flatten(view.answers, values, field_kinds(DECLARED_STEPS)), declared)


def application_document(ctx: AppContext, actor: Actor, app_id: int) -> tuple[AppView, RenderedDocument]:
    """The application as the PDF prints it, naming who submitted it and how they signed in."""
    with reading(ctx.engine) as session:
        view = _view(ctx, _get(ctx, session, actor, app_id))
    person = latest_doer(ctx.engine, SUBMIT_EVENTS, view.record_number) if view.submitted_at else None
    return view, document(view, person)


def pdf_bytes(ctx: AppContext, actor: Actor, app_id: int) -> bytes:
    """View Application PDF: deterministic bytes for the same application."""
    from core.packets.pdf import render_pdf

    view, doc = application_document(ctx, actor, app_id)
    return render_pdf(doc, packet_key=view.record_number, created=view.submitted_at or view.updated_at,
                      footer="Individual & Family Market off-exchange application")
