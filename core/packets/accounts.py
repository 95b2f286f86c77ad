"""Account access, for a program whose declaration says `[access] kind = "account"`: a recruiter invites a
producer by email with a User ID and a temporary password; the producer logs in with Login Name, Password
and (when the program has one) Domain, gets a new temporary password by email, and lists their cases.

Unlike an invitation code (core.packets.invitations), the producer keeps an account across cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from core.forms.fields import EMAIL
from core.forms.names import name_keys
from core.forms.states import STATES
from core.identity import accounts
from core.identity.accounts import LoginOutcome
from core.identity.models import Account
from core.identity.permissions import require
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.notify import outbox
from core.packets.invitations import packet_key
from core.packets.models import Packet, Producer
from core.packets.packets import encrypt_answers
from core.packets.program import Program, program


@dataclass(frozen=True)
class AccountInvited:
    """What the recruiter sees after inviting: never the temporary password (it goes by email only)."""

    packet_id: int
    packet_key: str
    account_id: int
    user_id: str


def account_program(program_id: str) -> Program:
    """The program, which must declare account access."""
    prog = program(program_id)
    if prog.access.get("kind") != "account":
        raise NotAllowed(f"{prog.title} is not reached with an account.")
    return prog


def offered_states(prog: Program) -> list[str]:
    return list(prog.access.get("offered_states", []))


def _invitation_problems(prog: Program, email: str, states: list[str]) -> dict[str, str]:
    problems = {}
    if not EMAIL.match(email.strip()):
        problems["email"] = "Enter the producer's email address, like name@example.com."
    allowed = offered_states(prog)
    if not states:
        problems["states"] = "Choose at least one state to offer."
    elif any(s not in allowed for s in states):
        problems["states"] = f"Only these states can be offered: {', '.join(allowed)}."
    return problems


def _user_id(ctx: AppContext, session: Session, email: str) -> str:
    """A User ID from the email's name part and four random digits, unique among accounts."""
    stem = re.sub(r"[^a-z0-9]", "", email.split("@", 1)[0].lower())[:10] or "producer"
    while True:
        candidate = f"{stem}{ctx.ids.digits(4)}"
        if session.exec(select(Account).where(Account.username == candidate)).first() is None:
            return candidate


def invite(
    ctx: AppContext, actor: Actor, program_id: str, email: str, states: list[str], *,
    temporary_password: str | None = None, user_id: str | None = None,
) -> AccountInvited:
    """A recruiter invites a producer: account, packet and the program's invitation email.

    Args:
        temporary_password: demo seeding only; otherwise a random one is generated.
        user_id: demo seeding only; otherwise made from the email and four random digits.
    """
    require(actor, "recruit.invite")
    prog = account_program(program_id)
    states = [s.strip().upper() for s in states if s.strip()]
    problems = _invitation_problems(prog, email, states)
    if problems:
        raise ValidationFailed(problems)
    email = email.strip()
    password = temporary_password or ctx.ids.token(prog.login_policy.temp_password_length)
    hashed = ctx.hasher.hash(password)  # argon2 outside the transaction
    # The invitation's temporary password expires like any other (seed 001 FAQ: "only valid for 30 minutes").
    minutes = prog.login_policy.temp_password_minutes
    now = ctx.clock.now()
    invited = None
    for attempt in range(3):
        try:
            invited = _create_invitation(ctx, actor, prog, email, states, hashed, minutes, now, user_id, password)
            break
        except IntegrityError:
            # Two recruiters drew the same User ID at the same moment: draw again (a given one is final).
            if user_id is not None or attempt == 2:
                raise
    assert invited is not None
    outbox.deliver_pending(ctx)
    return invited


def _create_invitation(
    ctx: AppContext, actor: Actor, prog: Program, email: str, states: list[str], hashed: str, minutes: int,
    now: datetime, user_id: str | None, password: str,
) -> AccountInvited:
    with writing(ctx.engine) as session:
        # Name and SSN come later, from the producer (a PDB lookup, for instance).
        producer = Producer(
            first_name="", last_name=email, name_key=name_keys("", email)[0], name_alt=name_keys("", email)[1],
            tin_enc="", tin_last4="", tin_index="", email=email, states=",".join(states), created_at=now,
        )
        session.add(producer)
        session.flush()
        user_id = user_id or _user_id(ctx, session, email)
        account = accounts.create_account(
            ctx, session, username=user_id, role="producer", display_name=email, email=email, producer_id=producer.id,
        )
        account.temp_password_hash = hashed
        account.temp_password_expires_at = now + timedelta(minutes=minutes)
        # Sent at a recruiter's request: a login with it soon after is flagged on what it signs.
        account.temp_password_issued_by, account.temp_password_issued_at = actor.account_id, now
        packet = Packet(
            key=packet_key(session, prog.key_prefix, now), program=prog.id, producer_id=producer.id,  # type: ignore[arg-type]
            account_id=account.id, status="invited", current_step=prog.steps[0].id,
            answers_json=encrypt_answers(ctx, prog, _offered(prog, states)), created_at=now, updated_at=now,
        )
        session.add(packet)
        session.flush()
        assert packet.id is not None and account.id is not None
        outbox.queue(ctx, session, kind="invitation", to=email,
                     template=prog.emails[prog.access.get("invitation_email", "invitation")],
                     values={"user_id": user_id, "minutes": minutes, "key": packet.key,
                             "states": ", ".join(STATES.name(s) for s in states),
                             "login_hint": prog.settings.get("login_hint", "")},
                     secrets={"password": password}, account_id=account.id, packet_id=packet.id)
        record(session, "producer invited", now, actor=actor, packet_id=packet.id,
               detail=f"{prog.title}: states {', '.join(states)}; User ID {user_id}")
        invited = AccountInvited(packet.id, packet.key, account.id, user_id)
    return invited


def _offered(prog: Program, states: list[str]) -> dict[str, dict[str, object]]:
    """The states offered, as the answer the declaration names (`offered_answer = "step.field"`)."""
    step_id, _, name = str(prog.access.get("offered_answer", "")).partition(".")
    return {step_id: {name: states}} if name else {}


def _account(session: Session, login_name: str) -> Account | None:
    name = login_name.strip().lower()
    if not name:
        return None
    account = session.exec(select(Account).where(func.lower(Account.username) == name)).first()
    return account if account is not None and account.role == "producer" else None


def cases_of(session: Session, account_id: int, program_id: str) -> list[Packet]:
    return list(session.exec(
        select(Packet).where(Packet.account_id == account_id, Packet.program == program_id).order_by(col(Packet.id))
    ).all())


def login(ctx: AppContext, program_id: str, login_name: str, password: str, domain: str = "") -> LoginOutcome:
    """Login Name (the User ID from the invitation), Password and Domain; the same refusal for unknown names.

    A blank domain is the program's own: the login screen shows it in the empty field, and a producer who
    took that for a typed value was refused for leaving it out."""
    prog = account_program(program_id)
    if prog.login_domain and (domain.strip().upper() or prog.login_domain) != prog.login_domain:
        raise LoginFailed(f"Enter {prog.login_domain} as the domain.")
    with reading(ctx.engine) as session:
        account = _account(session, login_name)
        cases = cases_of(session, account.id, program_id) if account is not None and account.id is not None else []
    if account is None or not cases:
        accounts.password_method(ctx, None, password)  # same work as a real check: do not reveal which names exist
        raise LoginFailed("That Login Name and password do not match.")
    assert account.id is not None
    return accounts.login(ctx, account.id, password, prog.login_policy,
                          service_phone=prog.service_center.get("phone", ""), packet_id=cases[0].id)


def get_my_password(ctx: AppContext, program_id: str, login_name: str) -> None:
    """Email a new temporary password to the User ID's address; says nothing about unknown names."""
    prog = account_program(program_id)
    with reading(ctx.engine) as session:
        account = _account(session, login_name)
        cases = cases_of(session, account.id, program_id) if account is not None and account.id is not None else []
    if account is None or account.id is None or not cases:
        return
    accounts.issue_temporary_password(
        ctx, account.id, prog.login_policy, prog.emails["temporary_password"], cases[0].id
    )


@dataclass(frozen=True)
class CaseRow:
    """One case on the producer's Home page."""

    packet_id: int
    key: str
    status: str
    status_label: str
    updated_at: datetime
    note: str
    producer_number: str | None


def my_cases(ctx: AppContext, actor: Actor, program_id: str) -> list[CaseRow]:
    """The signed-in producer's cases, with the reviewer's note and the producer number (when reviewed)."""
    from core.packets.review import latest_note, producer_number, rule_of

    if actor.role != "producer":
        raise NotAllowed("Only producers have cases here.")
    prog = account_program(program_id)
    noted = rule_of(prog).decided_statuses if prog.review else ()
    with reading(ctx.engine) as session:
        rows = cases_of(session, actor.account_id, program_id)
    return [
        CaseRow(row.id, row.key, row.status, prog.statuses.get(row.status, row.status), as_utc(row.updated_at),  # type: ignore[arg-type]
                latest_note(ctx, row.id, prog) if row.status in noted else "",  # type: ignore[arg-type]
                producer_number(ctx, row.id) if prog.review else None)  # type: ignore[arg-type]
        for row in rows
    ]
