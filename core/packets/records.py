"""Packets as records ([records] in a declaration): started by whoever the program's [access] lets in, opened
and listed by status with what their screens show besides the answers (declared facts).

A record's key comes from the declared pattern over a counter of the program's packets, its first answers from
the declared blank, its owner from the declared `[access] owner` as any save says it (core.packets.saving), and
it expires the declared number of days after it started unless it is submitted (core.packets.progress).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from core.forms import registry
from core.identity.permissions import may
from core.kernel.context import AppContext
from core.kernel.counters import next_number
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor, record
from core.packets import packets, saving
from core.packets.models import Packet, Producer
from core.packets.packets import PacketView, encrypt_answers, view_of
from core.packets.program import Program, RecordsRule
from core.packets.program import program as declared


def rule_of(prog: Program) -> RecordsRule:
    if prog.records is None:
        raise NotAllowed(f"{prog.title} has no records.")
    return prog.records


def blank_answers(program_id: str) -> dict[str, dict[str, Any]]:
    """The answers a new record of the program starts with (a copy: the caller fills it in)."""
    return copy.deepcopy(rule_of(declared(program_id)).blank)


def expires_at(prog: Program, started: datetime) -> datetime | None:
    """When a record started then expires if not submitted ([records] expires_after_days)."""
    days = rule_of(prog).expires_after_days
    return None if days is None else started + timedelta(days=days)


def start(
    ctx: AppContext, actor: Actor, program_id: str, owner: tuple[int, int | None], answers: dict[str, dict[str, Any]],
    *, origin_id: int | None = None,
) -> PacketView:
    """A new record of the program, numbered from its counter, on its first step. `owner` (producer id, account
    id) stands unless an answer already says whose it is: then the declared `[access] owner` says, and fills."""
    prog = declared(program_id)
    rule = rule_of(prog)
    owned = saving.declared_owner(ctx, actor, prog, answers)  # as any save says; NotAllowed for a number not theirs
    if owned is not None:
        owner = (owned.producer_id, owned.account_id)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        number = next_number(session, prog.id, lambda s: s.exec(
            select(func.count()).select_from(Packet).where(Packet.program == prog.id)).one())
        key = rule.key.format(number)
        row = Packet(key=key, program=prog.id, producer_id=owner[0], account_id=owner[1], status=next(iter(prog.statuses)),
                     current_step=prog.steps[0].id, answers_json=encrypt_answers(ctx, prog, answers), created_at=now,
                     updated_at=now, expires_at=expires_at(prog, now), origin_id=origin_id)
        session.add(row)
        session.flush()
        record(session, rule.event, now, actor=actor, packet_id=row.id, detail=key)
        producer = session.get(Producer, row.producer_id)
        assert producer is not None
        return view_of(ctx, row, producer)


def with_facts(ctx: AppContext, view: PacketView) -> PacketView:
    """The record with its declared facts (what its screens show that its answers do not keep) in `extra`."""
    rule = view.program.records
    if rule is None or not rule.facts:
        return view
    return replace(view, extra={**view.extra, **{name: registry.fact(fact)(ctx, view) for name, fact in rule.facts.items()}})


def load(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    """A record the actor may read, with its facts."""
    return with_facts(ctx, packets.load(ctx, actor, packet_id))


def load_of(ctx: AppContext, actor: Actor, packet_id: int, *, program: str) -> PacketView:
    """A record of this program the actor may read (any other is as if it did not exist)."""
    with reading(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        if row is None or row.program != program:
            raise NotAllowed("That record does not exist.")
    return load(ctx, actor, packet_id)


def listing(ctx: AppContext, actor: Actor, status: str = "", *, program: str) -> list[PacketView]:
    """The program's records (in a status, when given) the actor may read (its `[access] read` in its scope),
    newest change first."""
    prog = declared(program)
    action = prog.access.get("read", "packet.read")
    reach = registry.reach(str(prog.access.get("scope", "")))
    with reading(ctx.engine) as session:
        # Only the producers the scope reaches at all, in the query: the rule below then decides row by row.
        reached = [col(Packet.producer_id).in_(sorted(reach(session, actor)))] if reach is not None else []
        rows = session.exec(
            select(Packet, Producer).join(Producer, col(Producer.id) == col(Packet.producer_id))
            .where(Packet.program == prog.id, *([Packet.status == status] if status else []), *reached)
            .order_by(col(Packet.updated_at).desc(), col(Packet.id).desc())
        ).all()
        readable = [(row, producer) for row, producer in rows if may(actor, action, packets.facts(row, session, actor))]
    return [with_facts(ctx, view_of(ctx, row, producer)) for row, producer in readable]
