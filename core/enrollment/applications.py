"""Off-exchange applications: start (blank or from a quote), load, save a wizard step with its version, lists."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.enrollment import access, catalog, rules, steps
from core.enrollment.models import IfmApplication, IfmQuote
from core.enrollment.pricing import Pricing, price
from core.forms.fields import parse_date
from core.forms.providers import normalised
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.counters import next_number
from core.kernel.db import reading, writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record

FIRST_CLIENT_APP_ID = 1201
STATUS_LABELS = {"incomplete": "Incomplete", "submitted": "Submitted", "failed": "Failed"}


@dataclass(frozen=True)
class AppView:
    """An application as the wizard and the details screen see it."""

    id: int
    record_number: str
    client_app_id: int
    status: str
    version: int
    current_step: int
    answers: dict[str, dict[str, Any]]
    state: str
    producer_name: str
    writing_number: str
    applicant_name: str
    effective_date: date | None
    pricing: Pricing
    payment_choice: str
    payment_status: str
    failure_reason: str
    quote_id: int | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    expires_at: datetime | None

    @property
    def medical(self) -> catalog.Plan | None:
        return catalog.plan(self.answers.get("plans", {}).get("medical_plan_id"))

    @property
    def dental(self) -> catalog.Plan | None:
        return catalog.plan(self.answers.get("plans", {}).get("dental_plan_id"))

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def _encrypt(ctx: AppContext, answers: dict[str, Any]) -> str:
    return ctx.cipher.encrypt(json.dumps(answers, sort_keys=True))


def _view(ctx: AppContext, row: IfmApplication) -> AppView:
    answers = json.loads(ctx.cipher.decrypt(row.answers_enc))
    assert row.id is not None
    return AppView(
        row.id, row.record_number, row.client_app_id, row.status, row.version, row.current_step, answers, row.state,
        row.producer_name, row.writing_number, row.applicant_name, row.effective_date,
        price(answers, ctx.clock.now().date()), row.payment_choice, row.payment_status, row.failure_reason,
        row.quote_id, as_utc(row.created_at), as_utc(row.updated_at),
        as_utc(row.submitted_at) if row.submitted_at else None, as_utc(row.expires_at) if row.expires_at else None,
    )


def _get(ctx: AppContext, session: Session, actor: Actor, app_id: int) -> IfmApplication:
    row = session.get(IfmApplication, app_id)
    if row is None:
        raise NotAllowed("That application does not exist.")
    access.check(ctx, actor, row.producer_id, row.state)
    return row


def blank_answers() -> dict[str, dict[str, Any]]:
    return {
        "general": {"sep": "Yes", "life_events": []},
        "applicant": {"form_type": "Medical/Dental", "mailing_different": "No", "tobacco": "No"},
        "household": {"members": []},
        "plans": {"pcp": {}},
        "coverage": {"replacing": "No", "other_coverage": "No", "replacements": [], "others": []},
        "sign": {},
    }


def expires_at(started: datetime) -> datetime:
    """When an application started then expires if not submitted: the days are data (data/ifm/applications.json)."""
    return started + timedelta(days=catalog.expiry_days())


def start(ctx: AppContext, actor: Actor, *, quote: IfmQuote | None = None, answers: dict[str, Any] | None = None) -> AppView:
    """Start Application: a blank one for the actor's first producer, or one prefilled from a quote."""
    options = access.number_options(ctx, actor)
    if quote is not None:
        access.check(ctx, actor, quote.producer_id, quote.state)
        options = [o for o in options if o.producer_id == quote.producer_id and o.state == quote.state]
    if not options:
        raise NotAllowed("You have no writing producer number to enroll under.")
    first = options[0]
    answers = answers or blank_answers()
    if len({o.number for o in options if o.state == first.state}) == 1 and quote is not None:
        answers["general"].update(state=first.state, writing_number=first.number)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        number = next_number(session, "ifm_application",
                             lambda s: s.exec(select(func.count()).select_from(IfmApplication)).one())
        row = IfmApplication(
            record_number=f"A-{number:04d}", client_app_id=FIRST_CLIENT_APP_ID + number - 1,
            quote_id=quote.id if quote else None, producer_id=first.producer_id,
            writing_number=answers["general"].get("writing_number", ""), state=answers["general"].get("state", ""),
            producer_name=first.name, created_by=actor.account_id, status="incomplete", answers_enc=_encrypt(ctx, answers),
            expires_at=expires_at(now), created_at=now, updated_at=now,
        )
        _summarise(ctx, row, answers)
        session.add(row)
        session.flush()
        record(session, "ifm application started", now, actor=actor, detail=row.record_number)
        return _view(ctx, row)


def load(ctx: AppContext, actor: Actor, app_id: int) -> AppView:
    with reading(ctx.engine) as session:
        return _view(ctx, _get(ctx, actor=actor, session=session, app_id=app_id))


def _summarise(ctx: AppContext, row: IfmApplication, answers: dict[str, dict[str, Any]]) -> None:
    """Keep the list columns (name, date, plans, premium) in step with the answers."""
    applicant = answers.get("applicant", {})
    row.applicant_name = " ".join(p for p in (applicant.get("first_name"), applicant.get("last_name")) if p)
    row.effective_date = parse_date(str(answers.get("general", {}).get("effective_date") or ""))
    row.medical_plan_id = answers.get("plans", {}).get("medical_plan_id") or ""
    row.dental_plan_id = answers.get("plans", {}).get("dental_plan_id") or ""
    row.monthly_premium_cents = int(price(answers, ctx.clock.now().date()).total * 100)
    row.payment_choice = answers.get("sign", {}).get("payment_choice") or ""


def save_step(
    ctx: AppContext, actor: Actor, app_id: int, step: str, values: dict[str, Any], version: int,
    *, validate: bool = True, go_to: int | None = None,
) -> AppView:
    """Save one step's values; with validate (Next), every problem of the step is raised at once.

    Save & Exit saves without validating. A stale version raises Conflict and overwrites nothing.
    """
    if step not in steps.STEP_IDS:
        raise ValueError(step)
    today = ctx.clock.now().date()
    with reading(ctx.engine) as session:
        current = _get(ctx, session, actor, app_id)
        answers = json.loads(ctx.cipher.decrypt(current.answers_enc))
    if current.status == "submitted":
        raise NotAllowed("A submitted application can't be changed.")
    values = answers[step] = normalised(steps.step(step).normalise, values)
    option: access.NumberOption | None = None
    number = str(answers.get("general", {}).get("writing_number") or "")
    if number:
        home = answers.get("applicant", {}).get("state", "") if validate and step == "general" else ""
        try:
            option = access.resolve_number(ctx, actor, number, home)
        except NotAllowed as exc:
            if validate and step == "general":
                raise ValidationFailed({"writing_number": str(exc)}) from exc
        if option is not None:
            answers["general"].update(state=option.state, producer_name=option.name, company=option.company)
    if step == "coverage" and not steps.replacement_shown(answers):
        values.pop("replacing", None)
        values.pop("replacements", None)
    if step == "plans":
        pcp_allowed = rules.takes_pcp(getattr(catalog.plan(values.get("medical_plan_id")), "network", None))
        values["pcp"] = values.get("pcp", {}) if pcp_allowed else {}
    if validate:
        found = steps.problems(step, answers, today)
        if found:
            raise ValidationFailed(found)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = session.get(IfmApplication, app_id)
        assert row is not None
        if row.version != version:
            raise Conflict("Someone saved this application after you opened it; nothing was overwritten.",
                           json.loads(ctx.cipher.decrypt(row.answers_enc)).get(step, {}), row.version,
                           saved_at=as_utc(row.updated_at).strftime("%m/%d/%Y %H:%M"))
        row.answers_enc = _encrypt(ctx, answers)
        if option is not None:
            row.producer_id, row.writing_number, row.state, row.producer_name = (
                option.producer_id, option.number, option.state, option.name)
        _summarise(ctx, row, answers)
        row.version += 1
        row.current_step = go_to or row.current_step
        if row.status == "failed":
            row.status = "incomplete"
        row.updated_at = now
        session.add(row)
        record(session, "ifm step saved", now, actor=actor, detail=f"{row.record_number} {step}")
        return _view(ctx, row)


@dataclass(frozen=True)
class StepSaved:
    """A step saved: the application as it is now (nothing stays open: a checked save raises instead)."""

    view: AppView
    problems: dict[str, str]


@dataclass(frozen=True)
class ApplicationTarget:
    """An application behind the one save path (tui/kit/saver.Saver).

    `complete` is Next's checked save; without it a step is saved as typed (Save & Exit). An
    application keeps what was typed in itself, saved unchecked, not beside it: a draft is that save,
    so it is versioned like any other and a later session (Incomplete Applications) resumes from it.
    """

    ctx: AppContext
    actor: Actor
    app_id: int

    def save(self, step_id: str, values: dict[str, Any], version: int, *, complete: bool,
             go_to: Any = None) -> StepSaved:
        view = save_step(self.ctx, self.actor, self.app_id, step_id, values, version, validate=complete, go_to=go_to)
        return StepSaved(view, {})

    def save_draft(self, step_id: str, values: dict[str, Any], version: int) -> StepSaved:
        return self.save(step_id, values, version, complete=False)

    def discard_draft(self, step_id: str) -> None:
        """Nothing is kept beside the application: taking theirs only redraws the step from it."""

    def load(self) -> AppView:
        return load(self.ctx, self.actor, self.app_id)


@dataclass(frozen=True)
class AppRow:
    id: int
    record_number: str
    client_app_id: int
    state: str
    submitted_at: datetime | None
    effective_date: date | None
    producer_name: str
    writing_number: str
    expires_at: datetime | None
    updated_at: datetime
    applicant_name: str
    premium: Decimal


def list_applications(ctx: AppContext, actor: Actor, status: str) -> list[AppRow]:
    """Completed (submitted), Incomplete or Failed applications the actor may see, newest change first."""
    visible = access.visible_ids(ctx, actor)
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(IfmApplication).where(IfmApplication.status == status, col(IfmApplication.producer_id).in_(list(visible)))
            .order_by(col(IfmApplication.updated_at).desc(), col(IfmApplication.id).desc())
        ).all()
    return [
        AppRow(r.id or 0, r.record_number, r.client_app_id, r.state, as_utc(r.submitted_at) if r.submitted_at else None,
               r.effective_date, r.producer_name, r.writing_number, as_utc(r.expires_at) if r.expires_at else None,
               as_utc(r.updated_at), r.applicant_name, Decimal(r.monthly_premium_cents) / 100)
        for r in rows if not r.state or r.state in visible.get(r.producer_id, ())
    ]
