"""DEMO ONLY: a portal-less demo producer for Quote & Enroll, and a few made-up quotes and applications."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from core.enrollment import applications as enrollment
from core.forms.fields import parse_date
from core.identity.models import Account
from core.kernel import meta
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.events import Actor
from core.packets import progress
from core.packets.models import Producer

DEMO_USERNAME = "ifm.demo.producer"
DEMO_PRODUCER_EMAIL = "harriet.stone@example.com"


def demo_actor(ctx: AppContext) -> Actor | None:
    """DEMO: sign in as the demo producer (Harriet Stone) without a portal login; None on any other database."""
    if not meta.is_demo(ctx):
        return None
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.username == DEMO_USERNAME)).first()
        if account is not None and account.id is not None:
            return Actor(account.id, "producer", auth_method="demo (no portal login)")
        producer = session.exec(select(Producer).where(Producer.email == DEMO_PRODUCER_EMAIL)).first()
    if producer is None:
        return None
    with writing(ctx.engine) as session:
        made = Account(username=DEMO_USERNAME, role="producer", display_name="Demo producer (Quote & Enroll)",
                       email="ifm.demo@example.com", producer_id=producer.id, created_at=ctx.clock.now())
        session.add(made)
        session.flush()
        assert made.id is not None
        return Actor(made.id, "producer", auth_method="demo (no portal login)")


def _date(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def family_answers(today: date, *, last_name: str = "Tester", pay: str = "Pay Now") -> dict[str, dict[str, Any]]:
    """A complete IL family of four (two parents, two children), moving in last week, in a Silver HMO."""
    effective = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    answers = enrollment.blank_answers()
    answers["general"].update(state="IL", writing_number="220002580", sep="Yes", effective_date=_date(effective),
                              life_events=[{"kind": "move", "label": "Permanent move", "date": _date(today - timedelta(days=7))}])
    answers["applicant"].update(
        form_type="Medical/Dental", authorization="Paper application", first_name="Jessica", mi="A", last_name=last_name,
        birth_date="03/14/1986", ssn="", tobacco="No", sex="Female", address1="233 S Wacker Dr", address2="Apt 1204",
        city="Chicago", state="IL", zip="60606", county="Cook County", mailing_different="No", phone="312-555-0142",
        phone_type="Mobile", email="jessica.tester@example.com")
    answers["household"]["members"] = [
        {"relationship": "Spouse", "first_name": "Sam", "last_name": last_name, "birth_date": "02/10/1988", "sex": "Male",
         "tobacco": "No"},
        {"relationship": "Child", "first_name": "Ava", "last_name": last_name, "birth_date": "06/01/2014", "sex": "Female",
         "tobacco": "No"},
        {"relationship": "Child", "first_name": "Leo", "last_name": last_name, "birth_date": "09/15/2018", "sex": "Male",
         "tobacco": "No"},
    ]
    answers["plans"].update(zip="60606", county="Cook County", medical_plan_id="IL-BPSH", dental_plan_id="IL-D1D",
                            pcp={"Jessica": "101"})
    answers["sign"].update(payment_choice=pay)
    return answers


def seed(ctx: AppContext) -> None:
    """Demo producer plus one submitted, one incomplete and one failed application (called from demo.seed)."""
    actor = demo_actor(ctx)
    if actor is None:
        return
    with reading(ctx.engine) as session:
        if session.exec(select(enrollment.IfmApplication)).first() is not None:
            return
    today = ctx.clock.now().date()
    done = enrollment.start(ctx, actor, answers=family_answers(today, last_name="Rivera"))
    progress.submit(ctx, actor, done.id, done.version)
    saved = family_answers(today, last_name="Okafor", pay="Pay Later")
    saved["sign"] = {}
    enrollment.start(ctx, actor, answers=saved)
    failed = enrollment.start(ctx, actor, answers=family_answers(today, last_name="Failtest"))
    progress.submit(ctx, actor, failed.id, failed.version)
    assert parse_date(saved["general"]["effective_date"]) is not None
