"""Submit Application through the carrier gateway, Application Details, and the Application PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from core.enrollment import catalog, steps
from core.enrollment.applications import AppView, _get, _view
from core.enrollment.gateway import LocalGateway, Submission, SubmissionGateway
from core.enrollment.models import IfmApplication
from core.forms.identifiers import format_ssn
from core.forms.spec import FieldSpec
from core.identity.models import Account, Login
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor, Event, record
from core.packets.documents import (
    Block,
    RenderedDocument,
    Span,
    display,
    label_value,
    money_text,
    tidy,
)

SUBMIT_EVENTS = ("ifm application submitted", "ifm submission failed")
PEOPLE_SECTIONS = ("Authorized Representative", "Parent/Legal Guardian Information")
DATE = FieldSpec("effective_date", "Effective date", "date")


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


def _p(text: str, *data: str) -> Block:
    spans = [Span(text)] + [Span(d, is_data=True) for d in data]
    return Block("paragraph", tidy(spans))


def _answers_blocks(title: str, values: dict[str, Any], spec: steps.StepSpec, pii: set[str]) -> list[Block]:
    """A heading and "Label: value" for every answer given (none at all: no heading either)."""
    blocks: list[Block] = []
    for field in spec.fields:
        value = values.get(field.name)
        if field.name in pii and value:
            value = f"***-**-{format_ssn(str(value))[-4:]}"
        line = label_value(field.label, value, field)
        if line is not None:
            blocks.append(line)
    return [Block("heading2", (Span(title),)), *blocks] if blocks else []


@dataclass(frozen=True)
class Submitter:
    """Who pressed Submit Application, and how they had signed in."""

    name: str
    role: str
    how: str
    """e.g. "password and email code from host1"; "" when no login was recorded."""
    at: datetime


def submitter(ctx: AppContext, record_number: str) -> Submitter | None:
    """The person behind the application's latest submission, from its event and login."""
    with reading(ctx.engine) as session:
        event = session.exec(
            select(Event).where(col(Event.kind).in_(SUBMIT_EVENTS), Event.detail == record_number)
            .order_by(col(Event.id).desc())
        ).first()
        if event is None or event.account_id is None:
            return None
        account = session.get(Account, event.account_id)
        login = session.get(Login, event.login_id) if event.login_id else None
        if account is None:
            return None
        how = f"{login.auth_method} from {login.host}" if login else ""
        return Submitter(account.display_name, account.role, how, as_utc(event.at))


def _name(*parts: Any) -> str:
    return " ".join(shown for shown in (display(part) for part in parts) if shown)


def _who(view: AppView, person: Submitter) -> str:
    if person.role == "delegate":
        return f"{person.name}, delegate of {view.producer_name} (writing producer number {view.writing_number})"
    return f"{person.name}, producer of record (writing producer number {view.writing_number})"


def signature_blocks(view: AppView, person: Submitter | None = None) -> list[Block]:
    """Who signed, how, and on whose authorization: the applicant never signs in this application."""
    a = view.answers
    applicant, sign = a.get("applicant", {}), a.get("sign", {})
    in_person = applicant.get("authorization") == "In person"
    name = view.applicant_name or _name(applicant.get("first_name"), applicant.get("last_name")) or "the applicant"
    blocks = [Block("heading2", (Span("Authorization and signatures"),)),
              _p("Authorization chosen on step 2: ", display(applicant.get("authorization")) or "none chosen")]
    if applicant.get("authorization"):
        blocks.append(_p(catalog.text("authorization_in_person" if in_person else "authorization_paper")))
    if in_person:
        accepted = applicant.get("terms_accepted") == "true"
        blocks.append(_p("Terms and Agreements: ", f"presented to {name} in person and accepted, as the producer recorded"
                         if accepted else "not accepted"))
        if accepted:
            blocks.append(_p(catalog.text("terms_and_agreements").splitlines()[-1]))
        blocks.append(_p("Applicant's signature: ", f"none; {name} did not sign this application electronically"))
    elif applicant.get("authorization"):
        blocks.append(_p("Applicant's signature: ", f"on the paper application {name} completed and signed, kept by the "
                         "producer of record; not signed electronically"))
    if sign.get("auth_rep") == "true":
        rep = _name(sign.get("rep_first"), sign.get("rep_last"))
        blocks.append(_p("Authorized representative: ", f"{rep} ({display(sign.get('rep_relationship'))}), "
                         "completing the application on behalf of the primary applicant"))
    if sign.get("guardian_first"):
        guardian = _name(sign.get("guardian_first"), sign.get("guardian_last"))
        blocks.append(_p("Parent/legal guardian: ", f"{guardian} ({display(sign.get('guardian_relationship'))})"))
    if view.status == "submitted" and view.submitted_at is not None and person is not None:
        how = f", signed in with {person.how}" if person.how else ""
        blocks.append(_p("Submitted electronically by: ", f"{_who(view, person)}, on {view.submitted_at:%m/%d/%Y %H:%M} UTC"
                         f"{how}, attesting to the authorization above"))
    elif view.status == "submitted" and view.submitted_at is not None:  # who submitted was not looked up
        blocks.append(_p("Submitted electronically: ", f"on {view.submitted_at:%m/%d/%Y %H:%M} UTC, attesting to the "
                         "authorization above"))
    elif view.status == "failed" and view.submitted_at is not None:
        blocks.append(_p("Submission refused by the carrier: ", view.failure_reason or "no reason given"))
    else:
        blocks.append(_p("Not submitted yet: ", "nobody has attested to or submitted this application"))
    return blocks


def document(view: AppView, person: Submitter | None = None) -> RenderedDocument:
    """The whole application: every answer, the consents, who signed and how (SSNs as last 4)."""
    a = view.answers
    general = a.get("general", {})
    applicant = a.get("applicant", {})
    blocks = [Block("heading1", (Span(f"Individual & Family Application {view.record_number}"),)),
              _p("Status: ", view.status_label), _p("Producer: ", f"{view.producer_name} ({view.writing_number})")]
    blocks += [line for line in (label_value("Effective date", general.get("effective_date"), DATE),
                                 label_value("Special enrollment", general.get("sep"))) if line]
    for event in general.get("life_events") or []:
        blocks.append(_p("Life event: ", f"{event.get('label') or event.get('kind')} on {display(event.get('date'), 'date')}"))
    blocks += _answers_blocks("Authorization and Applicant", applicant, steps.APPLICANT, {"ssn"})
    if applicant.get("phone_type") == "Mobile":
        blocks.append(_p(catalog.text("text_consent")))
    if applicant.get("email"):
        blocks.append(_p(catalog.text("edelivery_consent")))
    blocks += _answers_blocks("HRA, Language, Ethnicity and Identity", a.get("household", {}), steps.HOUSEHOLD, set())
    for i, member in enumerate(a.get("household", {}).get("members") or []):
        blocks += _answers_blocks(f"Spouse or dependent {i + 1}", member, steps.MEMBER, {"ssn"})
    blocks.append(Block("heading2", (Span("Plans and premiums"),)))
    for plan, amount in ((view.medical, view.pricing.medical), (view.dental, view.pricing.dental)):
        if plan is not None:
            blocks.append(_p(f"{plan.kind.title()}: ", f"{plan.name} ({plan.network}) {money_text(amount or 0)} a month"))
    blocks.append(_p("Total monthly premium: ", money_text(view.pricing.total)))
    if a.get("plans", {}).get("pediatric_dental") == "true":
        blocks.append(_p(catalog.text("pediatric_dental")))
    for who, number in (a.get("plans", {}).get("pcp") or {}).items():
        blocks.append(_p(f"Medical group / PCP for {who}: ", display(number)))
    coverage = a.get("coverage", {})
    blocks += _answers_blocks("Coverage", coverage, steps.coverage_step(a), set())
    for row in coverage.get("replacements") or [] if steps.replacement_shown(a) else []:
        blocks += _answers_blocks("Coverage being replaced", row, steps.REPLACEMENT, set())
    for row in coverage.get("others") or []:
        blocks += _answers_blocks("Other coverage", row, steps.OTHER_COVERAGE, set())
    if coverage.get("proxy") == "true":
        blocks.append(_p(catalog.text("proxy_statement").splitlines()[-1]))
    blocks += _answers_blocks("Payment", a.get("sign", {}), _payment_only(steps.sign_step(a)), set())
    blocks += signature_blocks(view, person)
    # No signature lines: nobody signs this document electronically; the statements above say who did what.
    return RenderedDocument(f"ifm-{view.record_number}", f"Application {view.record_number}", tuple(blocks), False)


def _payment_only(spec: steps.StepSpec) -> steps.StepSpec:
    """The Signatures and Payment step without the people, who are named under Authorization and signatures."""
    sections = tuple(s for s in spec.sections if s.title not in PEOPLE_SECTIONS)
    return steps.StepSpec(spec.id, spec.title, spec.kind, sections=sections)


def application_document(ctx: AppContext, actor: Actor, app_id: int) -> tuple[AppView, RenderedDocument]:
    """The application as the PDF prints it, naming who submitted it and how they signed in."""
    with reading(ctx.engine) as session:
        view = _view(ctx, _get(ctx, session, actor, app_id))
    person = submitter(ctx, view.record_number) if view.submitted_at else None
    return view, document(view, person)


def pdf_bytes(ctx: AppContext, actor: Actor, app_id: int) -> bytes:
    """View Application PDF: deterministic bytes for the same application."""
    from core.packets.pdf import render_pdf

    view, doc = application_document(ctx, actor, app_id)
    return render_pdf(doc, packet_key=view.record_number, created=view.submitted_at or view.updated_at,
                      footer="Individual & Family Market off-exchange application")
