"""Core-level steps of the HCSC onboarding journey, shared by tests (not a test themselves)."""

from __future__ import annotations

import re

from sqlmodel import select

from core.identity import accounts
from core.identity.accounts import LoginOutcome
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Actor
from core.notify import outbox
from core.onboarding import case as onboarding
from core.onboarding.demo import READY, sample_answers, sample_declaration_pdf
from core.packets import accounts as onboarding_invite
from core.packets import uploads
from core.packets.accounts import AccountInvited
from core.packets.pdb import local_pdb
from core.packets.program import program

PROGRAM = program("hcsc_onboarding")
NEW_PASSWORD = "producer8"
"""Eight characters with a digit: enough under seed 001's rules, not under seed 000's."""
DANA_SSN = "896-64-8850"
"""Dana Marie Whitfield in data/pdb: active licenses in IL, MT, NM, OK and TX."""
KEISHA_SSN = "846-78-4547"
"""Keisha Broadnax: a P.O. Box business address in the PDB; NM license expired."""


def staff(ctx: AppContext, role: str) -> Actor:
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.role == role)).first()
    assert account is not None and account.id is not None
    return Actor(account.id, role, auth_method="test")


def invitation_secrets(ctx: AppContext, email: str) -> tuple[str, str]:
    """The User ID and temporary password from the newest "Onboarding Invitation" to `email`."""
    message = outbox.latest_for_recipient(ctx, to=email, kind="invitation")
    assert message is not None and message.subject == "Onboarding Invitation"
    user_id = re.search(r"User ID:\s+(\S+)", message.body)
    password = re.search(r"Temporary password:\s+(\S+)", message.body)
    assert user_id and password, message.body
    return user_id.group(1), password.group(1)


def invite_and_log_in(
    ctx: AppContext, email: str = "new.producer@example.com", states: tuple[str, ...] = ("NM", "OK", "MT", "TX")
) -> tuple[AccountInvited, LoginOutcome]:
    """A recruiter invites; the producer logs in with the emailed secrets and changes the password."""
    invited = onboarding_invite.invite(ctx, staff(ctx, "admin"), "hcsc_onboarding", email, list(states))
    user_id, temporary = invitation_secrets(ctx, email)
    outcome = onboarding_invite.login(ctx, "hcsc_onboarding", user_id, temporary, "HCSC")
    assert outcome.must_change_password
    accounts.change_password(ctx, outcome.actor, NEW_PASSWORD, NEW_PASSWORD, PROGRAM.password_policy)
    return invited, outcome


def part_way(ctx: AppContext) -> Actor:
    """The demo's invited producer, part way: every tab filled but Background question 10 and consent."""
    outcome = onboarding_invite.login(ctx, "hcsc_onboarding", READY.user_id, READY.password, "HCSC")
    accounts.change_password(ctx, outcome.actor, NEW_PASSWORD, NEW_PASSWORD, PROGRAM.password_policy)
    packet_id = onboarding_invite.my_cases(ctx, outcome.actor, "hcsc_onboarding")[0].packet_id
    view = onboarding.confirm_lookup(ctx, outcome.actor, packet_id, READY.ssn, READY.ssn, "true")
    record = local_pdb().by_ssn(READY.ssn)
    assert record is not None
    answers = sample_answers(record, ["NM", "OK", "MT"], ctx.clock.now().date())
    answers["licenses"]["bluelincs_hmo"] = "Yes"
    answers["background"].update(q2="Yes", q2_explain="Denied in 2009 for a missing form; granted in 2010.", q10="")
    for step_id, values in answers.items():
        view = onboarding.save_tab(ctx, outcome.actor, packet_id, step_id, values, view.version).view
    uploads.store(ctx, outcome.actor, packet_id, "eo.declaration", "eo_declarations.pdf", sample_declaration_pdf())
    return outcome.actor
