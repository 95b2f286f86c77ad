"""New Quote, View Plans, Review Selected Plans, saved quotes, and Enroll in Selected Plans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from core.enrollment import access, catalog, rules
from core.enrollment import applications as enrollment
from core.enrollment.catalog import Plan
from core.enrollment.pricing import Person, plan_premium
from core.forms.fields import parse_date
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed, PacketdeskError, ValidationFailed
from core.kernel.events import Actor
from core.packets import records
from core.packets.models import Packet
from core.packets.packets import PacketView

QUOTES = "ifm_quote"
"""Saved quotes are records of this program (data/programs/ifm_quote.toml)."""


class OnExchange(PacketdeskError):
    """The chosen plan is enrolled on the exchange, not here."""


@dataclass(frozen=True)
class QuotePerson:
    relationship: str
    """primary, spouse or child."""
    birth_date: str
    sex: str = ""
    tobacco: bool = False


@dataclass(frozen=True)
class QuoteInput:
    zip: str
    people: tuple[QuotePerson, ...]
    county: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class PlanQuote:
    plan: Plan
    premium: Decimal


@dataclass(frozen=True)
class QuoteView:
    id: int | None
    input: QuoteInput
    state: str
    county: str
    rating_area: str
    effective_date: date
    plans: list[PlanQuote] = field(default_factory=list)
    medical_plan_id: str = ""
    dental_plan_id: str = ""
    updated_at: datetime | None = None
    key: str = ""
    """Q-0001 once saved."""

    @property
    def total(self) -> Decimal:
        chosen = {self.medical_plan_id, self.dental_plan_id}
        return sum((q.premium for q in self.plans if q.plan.id in chosen), Decimal("0.00"))


def parse_dependents(text: str) -> list[QuotePerson]:
    """ "06/01/2014 F, 09/15/2018 M" -> dependents (the sex letter is optional)."""
    people = []
    for chunk in [c.strip() for c in text.split(",") if c.strip()]:
        match = re.fullmatch(r"(\S+)(?:\s+([MFmf]))?", chunk)
        birth, sex = (match.group(1), (match.group(2) or "").upper()) if match else (chunk, "")
        people.append(QuotePerson("child", birth, {"M": "Male", "F": "Female"}.get(sex, "")))
    return people


def quote_input(values: dict[str, Any]) -> QuoteInput:
    """The New Quote form's answers (data/ifm/forms/quote.toml) as the people to rate, dependents parsed here."""
    people = [QuotePerson("primary", str(values.get("birth_date", "")), str(values.get("sex", "")),
                          values.get("tobacco") == "Yes")]
    if values.get("spouse_birth_date"):
        people.append(QuotePerson("spouse", str(values["spouse_birth_date"]), str(values.get("spouse_sex", "")),
                                  values.get("spouse_tobacco") == "Yes"))
    people += parse_dependents(str(values.get("dependents") or ""))
    return QuoteInput(str(values.get("zip", "")).strip(), tuple(people), str(values.get("county") or ""),
                      str(values.get("first_name") or ""), str(values.get("last_name") or ""))


def default_effective(state: str, today: date) -> date:
    """Open enrollment's date in the window, else the first of next month (a special enrollment)."""
    window = rules.open_window(state, today)
    return rules.open_enrollment_effective(window, today) if window else rules.first_of_next_month(today)


def quote_problems(data: QuoteInput, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    place = catalog.place(data.zip)
    if place is None:
        problems["zip"] = "Enter a ZIP code in IL, MT, NM, OK or TX."
    elif data.county and data.county != place.county:
        problems["county"] = f"ZIP {data.zip} is in {place.county}."
    if not data.people or data.people[0].relationship != "primary":
        problems["people"] = "The primary applicant comes first."
    for i, person in enumerate(data.people):
        born = parse_date(person.birth_date)
        if born is None or born > today:
            problems[f"people.{i}"] = f"Person {i + 1}: enter a real birth date as MM/DD/YYYY."
    if sum(p.relationship == "spouse" for p in data.people) > 1:
        problems["people"] = "Only one spouse."
    limit = rules.household_problem(len(data.people) - 1)
    if limit:
        problems["people"] = limit
    return problems


def _people(data: QuoteInput) -> list[Person]:
    return [Person(p.relationship, p.relationship, parse_date(p.birth_date) or date.min, p.tobacco) for p in data.people]


def plans_for(ctx: AppContext, actor: Actor, values: dict[str, Any]) -> QuoteView:
    """View Plans from the New Quote form's answers (data/ifm/forms/quote.toml names it)."""
    return view_plans(ctx, actor, quote_input(values))


def view_plans(ctx: AppContext, actor: Actor, data: QuoteInput) -> QuoteView:
    """Every plan in the ZIP's state with the household's monthly premium; refused (at the ZIP) in a state
    the actor may not write business in, rather than later at Save or Enroll."""
    today = ctx.clock.now().date()
    problems = quote_problems(data, today)
    place = catalog.place(data.zip)
    if place is not None and "zip" not in problems:
        refused = access.quote_state_problem(ctx, actor, place.state)
        if refused:
            problems["zip"] = refused
    if problems:
        raise ValidationFailed(problems)
    assert place is not None
    when = default_effective(place.state, today)
    people = _people(data)
    quotes = [PlanQuote(p, plan_premium(p, place.rating_area, people, when)) for p in catalog.plans_for(place.state)]
    quotes.sort(key=lambda q: (q.plan.kind != "medical", q.premium))
    return QuoteView(None, data, place.state, place.county, place.rating_area, when, quotes)


def choice_problem(view: QuoteView, medical_id: str, dental_id: str) -> str | None:
    """Review Selected Plans: at most one medical and one dental, at least one of them."""
    ids = {q.plan.id: q.plan for q in view.plans}
    if not medical_id and not dental_id:
        return "Select a medical plan, a dental plan or both."
    if medical_id and (medical_id not in ids or ids[medical_id].kind != "medical"):
        return "That medical plan is not offered here."
    if dental_id and (dental_id not in ids or ids[dental_id].kind != "dental"):
        return "That dental plan is not offered here."
    return None


def _household(data: QuoteInput) -> dict[str, Any]:
    return {"zip": data.zip, "county": data.county, "first_name": data.first_name, "last_name": data.last_name,
            "people": [p.__dict__ for p in data.people]}


def _input(raw: dict[str, Any]) -> QuoteInput:
    return QuoteInput(raw["zip"], tuple(QuotePerson(**p) for p in raw["people"]), raw.get("county", ""),
                      raw.get("first_name", ""), raw.get("last_name", ""))


def save(ctx: AppContext, actor: Actor, view: QuoteView, medical_id: str, dental_id: str) -> QuoteView:
    """Save the quote under the actor's producer for the ZIP's state: a record of its program (data/programs/ifm_quote.toml)."""
    problem = choice_problem(view, medical_id, dental_id)
    if problem:
        raise ValidationFailed({"plans": problem})
    options = [o for o in access.number_options(ctx, actor) if o.state == view.state]
    if not options:
        raise NotAllowed(f"You may not quote in {view.state}.")
    chosen = {medical_id, dental_id}
    total = sum((q.premium for q in view.plans if q.plan.id in chosen), Decimal("0.00"))
    answers = {"quote": {
        "label": f"{view.input.first_name} {view.input.last_name}".strip(), "state": view.state, "zip": view.input.zip,
        "county": view.county, "rating_area": view.rating_area, "household": _household(view.input),
        "medical_plan_id": medical_id, "dental_plan_id": dental_id,
        "effective_date": view.effective_date.strftime("%m/%d/%Y"), "premium": str(total)}}
    saved = records.start(ctx, actor, QUOTES, (options[0].producer_id, options[0].account_id), answers)
    return replace(view, id=saved.id, key=saved.key, medical_plan_id=medical_id, dental_plan_id=dental_id,
                   updated_at=saved.updated_at)


def _saved(ctx: AppContext, actor: Actor, quote_id: int) -> PacketView:
    """A saved quote the actor may see (a producer's, or a delegate's in a state they were given)."""
    return records.load_of(ctx, actor, quote_id, program=QUOTES)


def load(ctx: AppContext, actor: Actor, quote_id: int) -> QuoteView:
    """A saved quote, repriced from its household."""
    saved = _saved(ctx, actor, quote_id)
    quote = saved.answers["quote"]
    fresh = view_plans(ctx, actor, _input(quote["household"]))
    return QuoteView(saved.id, fresh.input, fresh.state, fresh.county, fresh.rating_area, fresh.effective_date,
                     fresh.plans, quote["medical_plan_id"], quote["dental_plan_id"], saved.updated_at, saved.key)


def incomplete_for(ctx: AppContext, actor: Actor, quote_id: int) -> list[int]:
    """Applications already started from this quote and not yet submitted."""
    _saved(ctx, actor, quote_id)
    with reading(ctx.engine) as session:
        return list(session.exec(
            select(Packet.id).where(Packet.program == enrollment.PROGRAM, Packet.origin_id == quote_id,
                                    col(Packet.status).in_(["incomplete", "failed"]))
            .order_by(col(Packet.id))).all())  # type: ignore[arg-type]


def enroll(ctx: AppContext, actor: Actor, quote_id: int) -> PacketView:
    """Enroll in Selected Plans: on-exchange plans go to the exchange; off-exchange opens a prefilled application."""
    saved = _saved(ctx, actor, quote_id)
    quote = saved.answers["quote"]
    chosen = [p for p in (catalog.plan(quote["medical_plan_id"]), catalog.plan(quote["dental_plan_id"])) if p is not None]
    if any(p.on_exchange for p in chosen):
        access.refuse_on_exchange(actor)
        raise OnExchange("This plan is sold on the exchange: the client enrolls through the exchange's shopping "
                         "platform (sign in or register there); the quote stays in your Quotes list.")
    data = _input(quote["household"])
    answers = records.blank_answers(enrollment.PROGRAM)
    primary = data.people[0]
    answers["applicant"].update(first_name=data.first_name, last_name=data.last_name, birth_date=primary.birth_date,
                                sex=primary.sex, tobacco="Yes" if primary.tobacco else "No", zip=quote["zip"],
                                county=quote["county"], state=quote["state"],
                                form_type="Medical/Dental" if quote["medical_plan_id"] else "Dental")
    answers["household"]["members"] = [
        {"relationship": "Spouse" if p.relationship == "spouse" else "Child", "birth_date": p.birth_date, "sex": p.sex,
         "tobacco": "Yes" if p.tobacco else "No"} for p in data.people[1:]]
    answers["plans"].update(zip=quote["zip"], county=quote["county"], medical_plan_id=quote["medical_plan_id"],
                            dental_plan_id=quote["dental_plan_id"])
    answers["general"]["effective_date"] = quote["effective_date"]
    return enrollment.start(ctx, actor, quote=saved, answers=answers)
