"""Submit Application through the carrier gateway, Application Details, and the Application PDF.

The PDF is data/documents/ifm_enrollment/application.txt drawn by the generic document renderer;
the plan lines' computations it names are registered here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import select

from core.enrollment import catalog, steps
from core.enrollment.applications import AppView, _facts, _view, load
from core.enrollment.gateway import LocalGateway, Submission, SubmissionGateway
from core.enrollment.pricing import price
from core.forms.registry import Computation, computation_named
from core.identity.attribution import Doer, latest_doer
from core.kernel.context import AppContext
from core.kernel.db import writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor
from core.packets import saving
from core.packets.directives import Declared
from core.packets.documents import RenderedDocument, field_kinds, flatten, render
from core.packets.models import Packet, Producer
from core.packets.packets import authorize, set_status, view_of
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
    view = load(ctx, actor, app_id)
    if view.status == "submitted":
        raise NotAllowed("This application was already submitted.")
    problems = steps.all_problems(view.answers, today)
    if problems:
        raise ValidationFailed(problems)
    assert view.effective_date is not None
    medical, dental = view.answers.get("plans", {}).get("medical_plan_id"), view.answers.get("plans", {}).get("dental_plan_id")
    result = (gateway or LocalGateway()).submit(Submission(
        view.record_number, view.state, view.answers["applicant"].get("last_name", ""), view.effective_date,
        medical or "", dental or "", int(view.pricing.total * 100), today,
    ))
    with writing(ctx.engine) as session:
        row = session.exec(select(Packet).where(Packet.id == app_id).with_for_update()).first()
        assert row is not None
        authorize(actor, row, write=True, session=session)
        if not saving.accepts(row, actor, version):
            raise Conflict("Someone saved this application after you opened it; nothing was submitted.", {}, row.version)
        facts = _facts(session, app_id)
        row.submitted_at = ctx.clock.now()
        if result.accepted:
            set_status(session, ctx, actor, row, "submitted", SUBMIT_EVENTS[0], facts.record_number)
            facts.failure_reason, facts.expires_at = "", None
        else:
            set_status(session, ctx, actor, row, "failed", SUBMIT_EVENTS[1], facts.record_number)
            facts.failure_reason = "; ".join(result.reasons)
        session.add(facts)
        session.flush()
        producer = session.get(Producer, row.producer_id)
        assert producer is not None
        return SubmitOutcome(_view(ctx, view_of(ctx, row, producer), facts), result.accepted, result.reasons)


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
    view = load(ctx, actor, app_id)
    person = latest_doer(ctx.engine, SUBMIT_EVENTS, view.record_number) if view.submitted_at else None
    return view, document(view, person)


def pdf_bytes(ctx: AppContext, actor: Actor, app_id: int) -> bytes:
    """View Application PDF: deterministic bytes for the same application."""
    from core.packets.pdf import render_pdf

    view, doc = application_document(ctx, actor, app_id)
    return render_pdf(doc, packet_key=view.record_number, created=view.submitted_at or view.updated_at,
                      footer="Individual & Family Market off-exchange application")
