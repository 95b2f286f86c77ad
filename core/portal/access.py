"""Who may see which producer's data in which state: producers their own, delegates what they were given.

Later features (quoting, enrollment) call `authorize` before reading or writing a producer's data;
screens may hide what is refused, but the refusal is here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from core.forms.registry import reach_named, scope_named
from core.forms.states import STATES
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.packets.models import Packet, Producer
from core.packets.program import programs
from core.portal.models import DelegateLink, PortalAccount


@dataclass(frozen=True)
class VisibleProducer:
    """A producer the actor may act for, and the states in which they may."""

    producer_id: int
    producer_account_id: int
    name: str
    states: tuple[str, ...]


@dataclass(frozen=True)
class ProducerOverview:
    """What a producer or their delegate sees of the producer in one state."""

    name: str
    npn: str
    business_phone: str
    email: str
    state: str
    packets: tuple[tuple[str, str, str], ...]
    """(key, program title, status) of the producer's contracting packets."""


@dataclass(frozen=True)
class MyInformation:
    username: str
    name: str
    email: str
    mobile: str
    role: str
    email_verified: bool


def _states(text: str) -> tuple[str, ...]:
    return tuple(s for s in text.split(",") if s)


def producer_of(session: Session, account_id: int) -> Producer:
    """The roster producer behind a producer's portal account."""
    account = session.get(Account, account_id)
    producer = session.get(Producer, account.producer_id) if account and account.producer_id else None
    if account is None or account.role != "producer" or producer is None:
        raise NotAllowed("This account is not linked to a producer.")
    return producer


def _visible(session: Session, actor: Actor) -> list[VisibleProducer]:
    if actor.role == "producer":
        producer = producer_of(session, actor.account_id)
        assert producer.id is not None
        return [VisibleProducer(producer.id, actor.account_id, f"{producer.first_name} {producer.last_name}",
                                _states(producer.states))]
    if actor.role != "delegate":
        raise NotAllowed("Only producers and their delegates see producers' portal data.")
    delegate = session.get(Account, actor.account_id)
    if delegate is None or not delegate.active:
        raise NotAllowed("This delegate account is not active.")
    rows = session.exec(
        select(DelegateLink, Producer)
        .join(Producer, col(Producer.id) == col(DelegateLink.producer_id))
        .where(DelegateLink.delegate_account_id == actor.account_id, DelegateLink.active == True)  # noqa: E712
        .order_by(col(DelegateLink.id))
    ).all()
    found = []
    for link, producer in rows:
        # A state the producer no longer holds is not the delegate's either.
        held = _states(producer.states)
        found.append(VisibleProducer(producer.id, link.producer_account_id,  # type: ignore[arg-type]
                                     f"{producer.first_name} {producer.last_name}",
                                     tuple(s for s in _states(link.states) if s in held)))
    return found


def visible_producers(ctx: AppContext, actor: Actor) -> list[VisibleProducer]:
    """My Hierarchy: the producers the actor works for (or the producer themself) with their states."""
    with reading(ctx.engine) as session:
        return _visible(session, actor)


def _works_for(session: Session, actor: Actor, producer_id: int, state: str | None) -> VisibleProducer:
    """The producer the actor acts for, in this state (None: in any of theirs); NotAllowed saying why not."""
    found = next((v for v in _visible(session, actor) if v.producer_id == producer_id), None)
    if found is None:
        raise NotAllowed("You do not work for that producer.")
    if state is not None and state.upper() not in found.states:
        raise NotAllowed(f"You are not assigned to {STATES.name(state.upper())} for {found.name}.")
    return found


def authorize(ctx: AppContext, actor: Actor, producer_id: int, state: str) -> VisibleProducer:
    """Allow acting for a producer in a state, or raise NotAllowed saying why."""
    with reading(ctx.engine) as session:
        return _works_for(session, actor, producer_id, state)


def check(ctx: AppContext, actor: Actor, producer_id: int, state: str = "") -> None:
    """Raise NotAllowed unless the actor may act for this producer (in this state, when one is given)."""
    with reading(ctx.engine) as session:
        _works_for(session, actor, producer_id, state or None)


@scope_named("portal.producer_states")
def works_for(session: Session, actor: Actor, producer_id: int, state: str) -> bool:
    """A packet's scope ([access] scope): the actor is the producer, or a delegate they gave the state
    (any of the producer's states while the packet names none yet)."""
    try:
        _works_for(session, actor, producer_id, state or None)
    except NotAllowed:
        return False
    return True


@reach_named("portal.producer_states")
def reached(session: Session, actor: Actor) -> set[int]:
    """The producers the actor is, or works for as a delegate (none for anyone else)."""
    try:
        return {v.producer_id for v in _visible(session, actor)}
    except NotAllowed:
        return set()


def visible_states(ctx: AppContext, actor: Actor) -> dict[int, tuple[str, ...]]:
    """Producer id -> the states the actor may see them in, for list queries."""
    return {v.producer_id: v.states for v in visible_producers(ctx, actor)}


def producer_overview(ctx: AppContext, actor: Actor, producer_id: int, state: str) -> ProducerOverview:
    """A producer's details and packets, for someone allowed in that state."""
    authorize(ctx, actor, producer_id, state)
    titles = {p.id: p.title for p in programs().values()}
    with reading(ctx.engine) as session:
        producer = session.get(Producer, producer_id)
        assert producer is not None
        packets = session.exec(select(Packet).where(Packet.producer_id == producer_id).order_by(col(Packet.id))).all()
    statuses = {pid: prog.statuses for pid, prog in programs().items()}
    return ProducerOverview(
        name=f"{producer.first_name} {producer.last_name}", npn=producer.npn or "", email=producer.email,
        business_phone=producer.business_phone, state=state.upper(),
        packets=tuple((p.key, titles[p.program], statuses[p.program].get(p.status, p.status))
                      for p in packets if p.program in titles),  # contracting packets, not clients' applications
    )


def my_information(ctx: AppContext, actor: Actor) -> MyInformation:
    with reading(ctx.engine) as session:
        account = session.get(Account, actor.account_id)
        member = session.get(PortalAccount, actor.account_id)
    if account is None or member is None:
        raise NotAllowed("This is not a portal account.")
    return MyInformation(account.username, account.display_name, account.email, account.mobile, account.role,
                         member.email_verified_at is not None)
