"""Packets: the view screens use, loading with permissions checked, status changes, navigation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from core.forms import registry
from core.forms.fields import step_problems
from core.forms.spec import StepSpec
from core.identity.permissions import REFUSALS, PacketFacts, may, require
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.packets import followers
from core.packets.models import Packet, Producer
from core.packets.program import Program, program

READ_ONLY_STATUSES = ("sent", "countersigned")


@dataclass
class PacketView:
    """A packet as screens use it: answers decrypted, nothing bound to the database."""

    id: int
    key: str
    program_id: str
    status: str
    version: int
    current_step: str
    answers: dict[str, dict[str, Any]]
    producer_name: str
    producer_account_id: int | None
    consent_version: str | None
    consent_at: datetime | None
    submitted_at: datetime | None
    updated_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)
    entity_type: str = "individual"
    """Individual, or the program's variant this packet follows (an agency)."""
    created_at: datetime | None = None
    status_reason: str = ""
    """Why it is in its status when something refused it (core.packets.progress.submit through a gateway)."""
    expires_at: datetime | None = None
    """When it expires if not submitted ([records] expires_after_days)."""
    origin_id: int | None = None
    """What it was started from, when anything (core.packets.records.start)."""
    producer_id: int | None = None
    """Whose it is (the producer's id)."""

    def __getattr__(self, name: str) -> Any:
        """A record's declared facts ([records] facts, core.packets.records.with_facts) read as its attributes."""
        facts = self.__dict__.get("extra", {})
        if name in facts:
            return facts[name]
        raise AttributeError(name)

    @property
    def program(self) -> Program:
        """The declaration this packet follows: its program's variant for the packet's entity type."""
        return program(self.program_id).variant(self.entity_type)

    @property
    def status_label(self) -> str:
        return self.program.statuses.get(self.status, self.status)

    @property
    def read_only(self) -> bool:
        return self.status in READ_ONLY_STATUSES or self.status in self.program.locked_statuses


WHOLE_STEP = "*"


def pii_fields(prog: Program) -> frozenset[tuple[str, str]]:
    """(step id, field name) of every PII field of the program, (step id, "*") of a step all of whose
    answers are: their answers are stored encrypted."""
    return frozenset({(step.id, spec.name) for step in prog.steps for spec in step.fields if spec.pii}
                     | {(step.id, WHOLE_STEP) for step in prog.steps if step.pii})


def encrypt_answers(
    ctx: AppContext, prog: Program, answers: dict[str, dict[str, Any]], *, pii: frozenset[tuple[str, str]] | None = None
) -> str:
    """The answers as stored: JSON, PII fields encrypted (`pii`: `pii_fields(prog)` when many are stored at once)."""
    secret = pii_fields(prog) if pii is None else pii
    stored: dict[str, dict[str, Any]] = {}
    for step_id, values in answers.items():
        stored[step_id] = {}
        for name, value in values.items():
            personal = (step_id, name) in secret or (step_id, WHOLE_STEP) in secret
            stored[step_id][name] = {"enc": ctx.cipher.encrypt(json.dumps(value))} if value and personal else value
    return json.dumps(stored, sort_keys=True)


def decrypt_answers(ctx: AppContext, raw: str) -> dict[str, dict[str, Any]]:
    answers = json.loads(raw or "{}")
    if isinstance(answers.get("enc"), str):  # sealed whole, values beside it (records moved in by a migration)
        sealed = json.loads(ctx.cipher.decrypt(answers.pop("enc")))
        for step_id, values in answers.items():
            sealed.setdefault(step_id, {}).update(values)
        answers = sealed
    for values in answers.values():
        for name, value in values.items():
            if isinstance(value, dict) and "enc" in value:
                values[name] = json.loads(ctx.cipher.decrypt(value["enc"]))
    return answers


def view_of(ctx: AppContext, row: Packet, producer: Producer) -> PacketView:
    assert row.id is not None
    return PacketView(
        id=row.id,
        key=row.key,
        program_id=row.program,
        status=row.status,
        version=row.version,
        current_step=row.current_step,
        answers=decrypt_answers(ctx, row.answers_json),
        producer_name=f"{producer.first_name} {producer.last_name}",
        producer_account_id=row.account_id,
        consent_version=row.consent_version,
        consent_at=as_utc(row.consent_at) if row.consent_at else None,
        submitted_at=as_utc(row.submitted_at) if row.submitted_at else None,
        updated_at=as_utc(row.updated_at),
        entity_type=row.entity_type,
        created_at=as_utc(row.created_at),
        status_reason=row.status_reason,
        expires_at=as_utc(row.expires_at) if row.expires_at else None,
        origin_id=row.origin_id,
        producer_id=row.producer_id,
    )


def facts(row: Packet, session: Session | None = None, actor: Actor | None = None) -> PacketFacts:
    """What the permission table needs to know about a packet row (and, for a program that declares a
    scope, whether the actor works for the packet's producer where the packet is)."""
    prog = program(row.program)
    locked = row.status in READ_ONLY_STATUSES or row.status in prog.locked_statuses
    scope = prog.access.get("scope")
    if not scope:
        return PacketFacts(owner_account_id=row.account_id, editable=not locked)
    assert session is not None and actor is not None, "a scoped program's packets are checked in a session"
    step_id, _, name = str(prog.access.get("scope_field", "")).partition(".")
    where = json.loads(row.answers_json or "{}").get(step_id, {}).get(name) or ""
    inside = registry.scope(scope)(session, actor, row.producer_id, where if isinstance(where, str) else "")
    return PacketFacts(owner_account_id=actor.account_id if inside and actor.role == "producer" else None,
                       editable=not locked, delegate_allowed=inside and actor.role == "delegate")


def view_facts(view: PacketView) -> PacketFacts:
    return PacketFacts(owner_account_id=view.producer_account_id, editable=not view.read_only)


def authorize(actor: Actor, row: Packet, *, write: bool = False, session: Session | None = None) -> None:
    """Producers reach only their own packet; staff reach any; reviewers only read (the permission table).
    A program may name other actions for its packets ([access] read, edit: an application's)."""
    prog = program(row.program)
    known = facts(row, session, actor)
    require(actor, prog.access.get("read", "packet.read"), known)
    edit = prog.access.get("edit", "packet.edit")
    if write and not may(actor, edit, known):
        raise NotAllowed("Reviewers do not change packets." if known.editable else REFUSALS[edit])


def load(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    with reading(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        if row is None:
            raise NotAllowed("No such packet.")
        authorize(actor, row, session=session)
        producer = session.get(Producer, row.producer_id)
        assert producer is not None
        return view_of(ctx, row, producer)


def save_step(
    ctx: AppContext, actor: Actor, packet_id: int, step_id: str, values: dict[str, Any], expected_version: int,
) -> PacketView:
    """Validate and save one step (Continue); see core.packets.saving for the one save path."""
    from core.packets import saving

    return saving.save(ctx, actor, packet_id, step_id, values, expected_version).view


def apply_copies(prog: Program, answers: dict[str, dict[str, Any]]) -> None:
    """Sections whose copy box is checked take their source's values, in declaration order (chains work)."""
    for step in prog.steps:
        for section in step.sections:
            values = answers.get(step.id, {})
            if not section.copy_from or values.get(section.copy_flag) != "true":
                continue
            source_step, _, source_prefix = section.copy_from.partition(".")
            source = answers.get(source_step, {})
            for spec in section.fields:
                if spec.name != section.copy_flag:
                    values[spec.name] = source.get(source_prefix + spec.name.removeprefix(section.prefix), "")
            answers[step.id] = values


def go_to_step(ctx: AppContext, actor: Actor, packet_id: int, step_id: str, *, event: str = "") -> None:
    """Remember where the person is, so the next login resumes there (no version change)."""
    with writing(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        if row is None:
            raise NotAllowed("No such packet.")
        authorize(actor, row, session=session)
        row.current_step = step_id
        if event:
            record(session, event, ctx.clock.now(), actor=actor, packet_id=packet_id)


def save_draft(ctx: AppContext, actor: Actor, packet_id: int, step_id: str, values: dict[str, Any]) -> None:
    from core.packets import saving

    saving.save_draft(ctx, actor, packet_id, step_id, values)


def load_draft(ctx: AppContext, actor: Actor, packet_id: int, step_id: str) -> dict[str, Any] | None:
    from core.packets import saving

    return saving.load_draft(ctx, actor, packet_id, step_id)


def set_status(
    session: Session, ctx: AppContext, actor: Actor, row: Packet, status: str, event: str, detail: str = ""
) -> None:
    row.status = status
    mark_written(row, actor)
    row.updated_at = ctx.clock.now()
    record(session, event, row.updated_at, actor=actor, packet_id=row.id, detail=detail)
    followers.progressed(session, row.id, status)


def mark_written(row: Packet, actor: Actor) -> None:
    """A new version by this actor's session: the start of a run of its saves, or one more in it."""
    if row.last_login_id is None or row.last_login_id != actor.login_id:
        row.run_from_version = row.version
    row.last_login_id = actor.login_id
    row.version += 1


def answer_steps(view: PacketView) -> list[StepSpec]:
    """The steps whose answers a packet needs: forms, and documents steps with fields (a W-9)."""
    return [s for s in view.program.steps_for(view.answers)
            if s.kind not in ("info", "send", "print", "summary") and s.fields]


def step_problems_of(view: PacketView, step: StepSpec) -> dict[str, str]:
    """What keeps one step of the packet from being complete."""
    return step_problems(step, view.answers.get(step.id, {}), None, view.answers)


def problems_before_review(view: PacketView) -> dict[str, str]:
    """Every step with answers must pass its checks before documents can be signed."""
    problems: dict[str, str] = {}
    for step in answer_steps(view):
        for name, message in step_problems(step, view.answers.get(step.id, {}), None, view.answers).items():
            problems[f"{step.id}.{name}"] = message
    return problems


def require_complete(view: PacketView) -> None:
    problems = problems_before_review(view)
    if problems:
        raise ValidationFailed(problems)
