"""Off-exchange applications: start (blank or from a quote), load, save a wizard step (the one save path), lists.

An application is a packet of the ifm_enrollment program (core/packets); IfmApplication keeps what is its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.enrollment import access, catalog, steps
from core.enrollment.models import IfmApplication, IfmQuote
from core.enrollment.pricing import Pricing, price
from core.forms.fields import parse_date
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.counters import next_number
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor, record
from core.packets import saving
from core.packets.models import Packet, Producer
from core.packets.packets import PacketView, authorize, encrypt_answers, view_of
from core.packets.program import program
from core.payments import packet as payments

FIRST_CLIENT_APP_ID = 1201
PROGRAM = "ifm_enrollment"


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
        return program(PROGRAM).statuses.get(self.status, self.status)


def _view(ctx: AppContext, packet: PacketView, facts: IfmApplication) -> AppView:
    answers = packet.answers
    general, applicant = answers.get("general", {}), answers.get("applicant", {})
    return AppView(
        packet.id, facts.record_number, facts.client_app_id, packet.status, packet.version,
        steps.STEP_IDS.index(packet.current_step) + 1 if packet.current_step in steps.STEP_IDS else 1, answers,
        str(general.get("state") or ""), str(general.get("producer_name") or ""), str(general.get("writing_number") or ""),
        " ".join(p for p in (applicant.get("first_name"), applicant.get("last_name")) if p),
        parse_date(str(general.get("effective_date") or "")), price(answers, ctx.clock.now().date()),
        str(answers.get("sign", {}).get("payment_choice") or ""), payments.status(ctx, packet), packet.status_reason,
        facts.quote_id, packet.created_at or packet.updated_at, packet.updated_at, packet.submitted_at,
        as_utc(facts.expires_at) if facts.expires_at else None,
    )


def _facts(session: Session, packet_id: int) -> IfmApplication:
    facts = session.exec(select(IfmApplication).where(IfmApplication.packet_id == packet_id)).first()
    if facts is None:
        raise NotAllowed("That application does not exist.")
    return facts


def _get(ctx: AppContext, session: Session, actor: Actor, app_id: int) -> tuple[Packet, IfmApplication]:
    """The application's packet (the actor's to see: core.packets.packets.authorize) and what it keeps besides."""
    row = session.get(Packet, app_id)
    if row is None or row.program != PROGRAM:
        raise NotAllowed("That application does not exist.")
    authorize(actor, row, session=session)
    return row, _facts(session, app_id)


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
    owner = (first.producer_id, first.account_id)
    if answers["general"].get("writing_number"):  # whose it is, as any save would say (core.packets.saving)
        owned = access.writing_number_owner(ctx, actor, answers["general"]["writing_number"], answers, False)
        answers["general"].update(owned.fills)
        owner = (owned.producer_id, owned.account_id)
    else:
        answers["general"].setdefault("producer_name", first.name)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        number = next_number(session, "ifm_application",
                             lambda s: s.exec(select(func.count()).select_from(IfmApplication)).one())
        key = f"A-{number:04d}"
        row = Packet(key=key, program=PROGRAM, producer_id=owner[0], account_id=owner[1],
                     status="incomplete", current_step=steps.STEP_IDS[0],
                     answers_json=encrypt_answers(ctx, program(PROGRAM), answers), created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        assert row.id is not None
        facts = IfmApplication(packet_id=row.id, record_number=key, client_app_id=FIRST_CLIENT_APP_ID + number - 1,
                               quote_id=quote.id if quote else None, created_by=actor.account_id,
                               expires_at=expires_at(now))
        session.add(facts)
        session.flush()
        record(session, "ifm application started", now, actor=actor, packet_id=row.id, detail=key)
        producer = session.get(Producer, row.producer_id)
        assert producer is not None
        return _view(ctx, view_of(ctx, row, producer), facts)


def load(ctx: AppContext, actor: Actor, app_id: int) -> AppView:
    with reading(ctx.engine) as session:
        row, facts = _get(ctx, session, actor, app_id)
        producer = session.get(Producer, row.producer_id)
        assert producer is not None
        return _view(ctx, view_of(ctx, row, producer), facts)


def _step_id(go_to: Any) -> str | None:
    """A wizard's step number (1-6; 7 after the last) as the step the packet resumes on."""
    if go_to is None:
        return None
    return steps.STEP_IDS[max(1, min(int(go_to), len(steps.STEP_IDS))) - 1]


@dataclass(frozen=True)
class StepSaved:
    """A step saved: the application as it is now, and what keeps the step from being complete."""

    view: AppView
    problems: dict[str, str]


def _save(ctx: AppContext, actor: Actor, app_id: int, step: str, values: dict[str, Any], version: int,
          complete: bool, go_to: Any) -> StepSaved:
    saved = saving.save(ctx, actor, app_id, step, values, version, complete=complete, go_to=_step_id(go_to))
    with reading(ctx.engine) as session:
        return StepSaved(_view(ctx, saved.view, _facts(session, app_id)), saved.problems)


def save_step(
    ctx: AppContext, actor: Actor, app_id: int, step: str, values: dict[str, Any], version: int,
    *, validate: bool = True, go_to: int | None = None,
) -> AppView:
    """Save one step's values through the one save path (core.packets.saving): with validate (Next), every
    problem of the step is raised at once; Save & Exit saves without validating. A stale version raises
    Conflict and overwrites nothing."""
    return _save(ctx, actor, app_id, step, values, version, validate, go_to).view


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
        return _save(self.ctx, self.actor, self.app_id, step_id, values, version, complete, go_to)

    def save_draft(self, step_id: str, values: dict[str, Any], version: int) -> StepSaved:
        return self.save(step_id, values, version, complete=False)

    def discard_draft(self, step_id: str) -> None:
        """Nothing is kept beside the application: taking theirs only redraws the step from it."""

    def load(self) -> AppView:
        return load(self.ctx, self.actor, self.app_id)


def list_applications(ctx: AppContext, actor: Actor, status: str) -> list[AppView]:
    """Completed (submitted), Incomplete or Failed applications the actor may see, newest change first."""
    visible = access.visible_ids(ctx, actor)
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(Packet, IfmApplication, Producer).join(IfmApplication, col(IfmApplication.packet_id) == col(Packet.id))
            .join(Producer, col(Producer.id) == col(Packet.producer_id))
            .where(Packet.program == PROGRAM, Packet.status == status, col(Packet.producer_id).in_(list(visible)))
            .order_by(col(Packet.updated_at).desc(), col(Packet.id).desc())
        ).all()
    # In the states the actor works in for each producer: the scope a load checks one application at a time.
    views = [(packet.producer_id, _view(ctx, view_of(ctx, packet, producer), facts)) for packet, facts, producer in rows]
    return [view for producer_id, view in views if not view.state or view.state in visible.get(producer_id, ())]
