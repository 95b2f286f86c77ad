"""Packets: load, save a step with its version checked, drafts, navigation, send."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.forms.fields import step_problems
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.packets.models import Draft, Packet, Producer
from core.packets.producers import set_identity
from core.packets.program import Program, program

STAFF_ROLES = ("rep", "reviewer", "admin")
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

    @property
    def program(self) -> Program:
        return program(self.program_id)

    @property
    def status_label(self) -> str:
        return self.program.statuses.get(self.status, self.status)

    @property
    def read_only(self) -> bool:
        return self.status in READ_ONLY_STATUSES or self.status in self.program.locked_statuses


def encrypt_answers(ctx: AppContext, prog: Program, answers: dict[str, dict[str, Any]]) -> str:
    stored: dict[str, dict[str, Any]] = {}
    for step_id, values in answers.items():
        stored[step_id] = {}
        for name, value in values.items():
            try:
                pii = prog.field(f"{step_id}.{name}").pii
            except KeyError:
                pii = False
            stored[step_id][name] = {"enc": ctx.cipher.encrypt(json.dumps(value))} if pii and value else value
    return json.dumps(stored, sort_keys=True)


def decrypt_answers(ctx: AppContext, raw: str) -> dict[str, dict[str, Any]]:
    answers = json.loads(raw or "{}")
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
    )


def authorize(actor: Actor, row: Packet, *, write: bool = False) -> None:
    """Producers reach only their own packet; staff reach any; reviewers only read."""
    if actor.role in STAFF_ROLES:
        if write and actor.role == "reviewer":
            raise NotAllowed("Reviewers do not change packets.")
        return
    if row.account_id != actor.account_id:
        raise NotAllowed("This packet belongs to another producer.")


def load(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    with reading(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        if row is None:
            raise NotAllowed("No such packet.")
        authorize(actor, row)
        producer = session.get(Producer, row.producer_id)
        assert producer is not None
        return view_of(ctx, row, producer)


def _for_write(session: Session, actor: Actor, packet_id: int) -> Packet:
    row = session.exec(select(Packet).where(Packet.id == packet_id).with_for_update()).first()
    if row is None:
        raise NotAllowed("No such packet.")
    authorize(actor, row, write=True)
    locked = row.status in READ_ONLY_STATUSES or row.status in program(row.program).locked_statuses
    if locked and actor.role not in STAFF_ROLES:
        raise NotAllowed("This packet has been sent and can no longer be changed.")
    return row


def save_step(
    ctx: AppContext,
    actor: Actor,
    packet_id: int,
    step_id: str,
    values: dict[str, Any],
    expected_version: int,
) -> PacketView:
    """Validate and save one step; a packet saved by someone else since `expected_version` is refused."""
    with writing(ctx.engine) as session:
        row = _for_write(session, actor, packet_id)
        prog = program(row.program)
        step = prog.step(step_id)
        answers = decrypt_answers(ctx, row.answers_json)
        current = answers.get(step_id, {})
        # Read-only fields keep what the roster says, whatever a front end sends.
        merged = {**current, **{f.name: values.get(f.name, current.get(f.name)) for f in step.fields if not f.readonly}}
        answers[step_id] = merged
        apply_copies(prog, answers)
        merged = answers[step_id]
        problems = step_problems(step, merged, ctx.clock.now().date())
        if problems:
            raise ValidationFailed(problems)
        if row.version != expected_version:
            raise Conflict(
                "Someone else saved this packet after you opened it. Nothing was overwritten; "
                "compare your entries with theirs.",
                theirs=current,
                current_version=row.version,
            )
        changed = sorted(k for k in merged if merged.get(k) != current.get(k))
        _sync_producer(ctx, session, row.producer_id, step, merged)
        now = ctx.clock.now()
        next_step = prog.next_step(step_id, answers)
        result = session.execute(
            update(Packet)
            .where(col(Packet.id) == packet_id, col(Packet.version) == expected_version)
            .values(
                answers_json=encrypt_answers(ctx, prog, answers),
                version=expected_version + 1,
                updated_at=now,
                current_step=next_step.id if next_step else step_id,
                status="in_progress" if row.status == "invited" else row.status,
            )
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("Someone else saved this packet at the same moment.", theirs=current, current_version=row.version)
        for draft in session.exec(select(Draft).where(Draft.packet_id == packet_id, Draft.step == step_id)).all():
            session.delete(draft)
        record(session, "step saved", now, actor=actor, packet_id=packet_id,
               detail=f"{step.title}: {', '.join(changed) if changed else 'no changes'}")
    return load(ctx, actor, packet_id)


def _sync_producer(ctx: AppContext, session: Session, producer_id: int, step: Any, values: dict[str, Any]) -> None:
    """Editable fields that came from the roster (source producer.*) flow back to it, search keys included."""
    updates = {
        spec.source.removeprefix("producer."): values.get(spec.name)
        for spec in step.fields
        if spec.source.startswith("producer.") and not spec.readonly
    }
    if updates:
        producer = session.get(Producer, producer_id)
        if producer is not None:
            set_identity(ctx, producer, **updates)


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
        authorize(actor, row)
        row.current_step = step_id
        if event:
            record(session, event, ctx.clock.now(), actor=actor, packet_id=packet_id)


def save_draft(ctx: AppContext, actor: Actor, packet_id: int, step_id: str, values: dict[str, Any]) -> None:
    """Keep typed values that were not saved yet (encrypted: they may hold PII)."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        draft = session.get(Draft, (packet_id, actor.account_id, step_id))
        sealed = ctx.cipher.encrypt(json.dumps(values))
        if draft is None:
            session.add(Draft(packet_id=packet_id, account_id=actor.account_id, step=step_id, values_enc=sealed, updated_at=now))
        else:
            draft.values_enc = sealed
            draft.updated_at = now


def load_draft(ctx: AppContext, actor: Actor, packet_id: int, step_id: str) -> dict[str, Any] | None:
    with reading(ctx.engine) as session:
        draft = session.get(Draft, (packet_id, actor.account_id, step_id))
        return json.loads(ctx.cipher.decrypt(draft.values_enc)) if draft else None


def set_status(
    session: Session, ctx: AppContext, actor: Actor, row: Packet, status: str, event: str, detail: str = ""
) -> None:
    row.status = status
    row.version += 1
    row.updated_at = ctx.clock.now()
    record(session, event, row.updated_at, actor=actor, packet_id=row.id, detail=detail)


def problems_before_review(view: PacketView) -> dict[str, str]:
    """Every form step must pass its checks before documents can be signed."""
    problems: dict[str, str] = {}
    for step in view.program.steps:
        if step.kind == "form":
            for name, message in step_problems(step, view.answers.get(step.id, {})).items():
                problems[f"{step.id}.{name}"] = message
    return problems


def require_complete(view: PacketView) -> None:
    problems = problems_before_review(view)
    if problems:
        raise ValidationFailed(problems)
