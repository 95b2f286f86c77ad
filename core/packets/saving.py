"""The one save path of every program: one version check, one conflict, one kind of draft.

- A step is saved as a whole: Continue / Next refuse to save while it has problems (`complete`);
  a tab's Save, Save & Exit and leaving a tab keep partial work and report what is missing.
- A save over a version someone else wrote since `expected_version` is refused with their values
  (Conflict), and nothing is overwritten. One session's own saves never conflict with each other:
  a save may build on an older version when every version since was written by the same login.
- Drafts belong to one person and one session: a save deletes only its own session's draft of
  that step; a refused save keeps it; a later session of the same person claims an earlier one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from core.forms import providers, registry
from core.forms.fields import computed_values, normalise_step, shown, step_problems
from core.forms.spec import StepSpec
from core.identity.models import Account, Login
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.packets import followers
from core.packets.models import Draft, Packet, Producer
from core.packets.packets import (
    PacketView,
    apply_copies,
    authorize,
    decrypt_answers,
    encrypt_answers,
    load,
    mark_written,
    view_of,
)
from core.packets.producers import set_identity
from core.packets.program import Program, program


@dataclass(frozen=True)
class Saved:
    view: PacketView
    problems: dict[str, str]
    """What keeps the step from being complete (a partial save keeps everything typed anyway)."""
    resign: list[str]
    """Documents whose signature or review stopped counting because of this save."""


normalise = normalise_step


def accepts(row: Packet, actor: Actor, expected_version: int) -> bool:
    """The version check: nobody but this session wrote since the version its save builds on."""
    if row.version == expected_version:
        return True
    same_session = actor.login_id is not None and row.last_login_id == actor.login_id
    return same_session and row.run_from_version <= expected_version <= row.version


def save(
    ctx: AppContext,
    actor: Actor,
    packet_id: int,
    step_id: str,
    values: dict[str, Any],
    expected_version: int,
    *,
    complete: bool = True,
    go_to: str | None = None,
) -> Saved:
    """Save one step's values. `complete`: refuse while the step has problems (ValidationFailed)."""
    today = ctx.clock.now().date()
    signed_before = done_documents(ctx, load(ctx, actor, packet_id))
    with writing(ctx.engine) as session:
        row = _for_write(session, actor, packet_id)
        prog = program(row.program).variant(row.entity_type)
        step = prog.step(step_id)
        answers = decrypt_answers(ctx, row.answers_json)
        current = dict(answers.get(step_id, {}))
        answers[step_id] = _merge(step, current, providers.normalised(step.normalise, normalise(step, values)))
        apply_copies(prog, answers)
        _drop_hidden(step, answers)
        answers[step_id].update(computed_values(step, answers, today))
        owned, refused = _owner(ctx, actor, prog, step_id, answers, strict=complete)
        _act(step, answers, today)
        merged = answers[step_id]
        problems = {**step_problems(step, merged, today, answers), **refused}
        if problems and complete:
            raise ValidationFailed(problems)
        if not accepts(row, actor, expected_version):
            raise _conflict(session, row, current)
        changed = sorted(k for k in merged if merged.get(k) != current.get(k))
        if owned is not None:
            row.producer_id, row.account_id = owned.producer_id, owned.account_id
        _sync_profile(ctx, session, row.producer_id, step, merged)
        row.answers_json = encrypt_answers(ctx, prog, answers)
        mark_written(row, actor)
        row.updated_at = ctx.clock.now()
        row.current_step = go_to or _next_step(prog, step, answers, complete)
        if row.status in prog.saved_status:
            row.status = prog.saved_status[row.status]
            followers.progressed(session, row.id, row.status)
        session.add(row)
        session.execute(delete(Draft).where(
            col(Draft.packet_id) == packet_id, col(Draft.account_id) == actor.account_id,
            col(Draft.login_id) == (actor.login_id or 0), col(Draft.step) == step_id,
        ))
        record(session, "tab saved" if step.tab else "step saved", row.updated_at, actor=actor, packet_id=packet_id,
               detail=f"{step.title}: {', '.join(changed) if changed else 'no changes'}")
        session.flush()
        session.refresh(row)
        producer = session.get(Producer, row.producer_id)
        assert producer is not None
        # The state this save produced, read in its own transaction: a load after the commit could
        # return someone else's later save as if it were this one.
        view = view_of(ctx, row, producer)
    resign = sorted(signed_before - (done_documents(ctx, view) or set())) if signed_before else []
    return Saved(view, problems, resign)


def _merge(step: StepSpec, current: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Read-only, computed and upload fields keep what the packet has, whatever a front end sends; a field
    its button fills (Calculate Effective Date) takes only whether it was filled (core computes it, _act)."""
    editable = [f.name for f in step.fields if (not f.readonly or f.action) and f.type not in ("upload", "computed")]
    editable += [f.consent.flag for f in step.fields if f.consent is not None]  # the person's "I agree"
    return {**current, **{name: values[name] for name in editable if name in values}}


def _act(step: StepSpec, answers: dict[str, dict[str, Any]], today: date) -> None:
    """A field its button filled holds what core computes for the answers saved, never what was sent."""
    values = answers[step.id]
    for spec in step.fields:
        if spec.action is not None and values.get(spec.name):
            values[spec.name] = providers.action(spec.action.compute)(answers, today).value


def declared_owner(ctx: AppContext, actor: Actor, prog: Program, answers: dict[str, dict[str, Any]],
                   *, strict: bool = False) -> registry.Owned | None:
    """Whose the packet is, when the program lets an answer say (`[access] owner` and `owner_field`: a writing
    number): that answer's step takes what it fills. NotAllowed when the actor may not use the answer."""
    name = prog.access.get("owner")
    owner_step, _, field = str(prog.access.get("owner_field", "")).partition(".")
    value = answers.get(owner_step, {}).get(field)
    if not name or not value:
        return None
    owned: registry.Owned = registry.owner(name)(ctx, actor, value, answers, strict)
    answers[owner_step].update(owned.fills)
    return owned


def _owner(ctx: AppContext, actor: Actor, prog: Program, step_id: str, answers: dict[str, dict[str, Any]],
           *, strict: bool) -> tuple[registry.Owned | None, dict[str, str]]:
    """The declared owner as a save sees it: on a checked save of the owner's step an answer the actor may not
    use is a problem at that field; otherwise it moves nothing."""
    owner_step, _, field = str(prog.access.get("owner_field", "")).partition(".")
    strict = strict and step_id == owner_step
    try:
        return declared_owner(ctx, actor, prog, answers, strict=strict), {}
    except NotAllowed as exc:
        return None, ({field: str(exc)} if strict else {})


def _drop_hidden(step: StepSpec, answers: dict[str, dict[str, Any]]) -> None:
    """Fields (and sections) hidden by their condition are not part of the answer, as on a paper form."""
    values = answers[step.id]
    for section in step.sections:
        for spec in section.fields:
            if not (shown(section, answers, step.id) and shown(spec, answers, step.id)):
                values.pop(spec.name, None)


def _next_step(prog: Program, step: StepSpec, answers: dict[str, dict[str, Any]], complete: bool) -> str:
    if step.tab or not complete:
        return step.id
    following = prog.next_step(step.id, answers)
    return following.id if following else step.id


def _for_write(session: Session, actor: Actor, packet_id: int) -> Packet:
    row = session.exec(select(Packet).where(Packet.id == packet_id).with_for_update()).first()
    if row is None:
        raise NotAllowed("No such packet.")
    authorize(actor, row, write=True, session=session)
    return row


def _conflict(session: Session, row: Packet, theirs: dict[str, Any]) -> Conflict:
    who = ""
    if row.last_login_id is not None:
        login = session.get(Login, row.last_login_id)
        account = session.get(Account, login.account_id) if login is not None else None
        who = account.display_name if account is not None else ""
    return Conflict(
        "Someone else saved this packet after you opened it. Nothing was overwritten; "
        "compare your entries with theirs.",
        theirs=theirs, current_version=row.version, saved_by=who,
        saved_at=row.updated_at.strftime("%m/%d/%Y %H:%M") if row.updated_at else "",
    )


def _sync_profile(ctx: AppContext, session: Session, producer_id: int, step: StepSpec, values: dict[str, Any]) -> None:
    """Editable fields whose declaration names a profile attribute update the producer's profile."""
    updates = {spec.profile: values.get(spec.name) for spec in step.fields if spec.profile and not spec.readonly}
    if updates:
        producer = session.get(Producer, producer_id)
        if producer is not None:
            set_identity(ctx, producer, **updates)


def done_documents(ctx: AppContext, view: PacketView) -> set[str] | None:
    """Titles of the documents signed or reviewed now (None before consent: nothing to lose)."""
    if not view.consent_version or not view.program.documents:
        return None
    from core.packets import signing

    return {s.spec.title for s in signing.document_states(ctx, view) if s.done and not s.spec.print_only}


def step_is_complete(view: PacketView, step: StepSpec, today: date) -> bool:
    return not step_problems(step, view.answers.get(step.id, {}), today, view.answers)


# --- drafts ---------------------------------------------------------------------------------

def save_draft(ctx: AppContext, actor: Actor, packet_id: int, step_id: str, values: dict[str, Any]) -> None:
    """Keep typed values that were not saved yet, for this person and session (encrypted: PII)."""
    now = ctx.clock.now()
    login = actor.login_id or 0
    with writing(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        if row is None:
            raise NotAllowed("No such packet.")
        authorize(actor, row, session=session)
        draft = session.get(Draft, (packet_id, actor.account_id, login, step_id))
        sealed = ctx.cipher.encrypt(json.dumps(values))
        if draft is None:
            session.add(Draft(packet_id=packet_id, account_id=actor.account_id, login_id=login, step=step_id,
                              values_enc=sealed, updated_at=now))
        else:
            draft.values_enc, draft.updated_at = sealed, now


def load_draft(ctx: AppContext, actor: Actor, packet_id: int, step_id: str) -> dict[str, Any] | None:
    """This person's newest draft of the step, from this session or an earlier one (which this session claims)."""
    login = actor.login_id or 0
    with writing(ctx.engine) as session:
        drafts = session.exec(
            select(Draft).where(Draft.packet_id == packet_id, Draft.account_id == actor.account_id, Draft.step == step_id)
            .order_by(col(Draft.updated_at).desc())
        ).all()
        if not drafts:
            return None
        newest = drafts[0]
        values: dict[str, Any] = json.loads(ctx.cipher.decrypt(newest.values_enc))
        if newest.login_id != login:
            for draft in drafts:
                session.delete(draft)
            session.flush()
            session.add(Draft(packet_id=packet_id, account_id=actor.account_id, login_id=login, step=step_id,
                              values_enc=newest.values_enc, updated_at=newest.updated_at))
        return values


def discard_draft(ctx: AppContext, actor: Actor, packet_id: int, step_id: str) -> None:
    """Take theirs: what this session typed for the step is dropped on purpose."""
    with writing(ctx.engine) as session:
        session.execute(delete(Draft).where(
            col(Draft.packet_id) == packet_id, col(Draft.account_id) == actor.account_id, col(Draft.step) == step_id,
        ))


def drafts_of(ctx: AppContext, actor: Actor, packet_id: int) -> dict[str, dict[str, Any]]:
    """Every step this person has a draft of (tabs restore them all at once)."""
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(Draft).where(Draft.packet_id == packet_id, Draft.account_id == actor.account_id)
            .order_by(col(Draft.updated_at))
        ).all()
    found: dict[str, dict[str, Any]] = {}
    for draft in rows:
        found[draft.step] = json.loads(ctx.cipher.decrypt(draft.values_enc))
    return found


@dataclass(frozen=True)
class PacketTarget:
    """A packet behind the one save path (tui/kit/saver.Saver): its steps, its drafts, its version check."""

    ctx: AppContext
    actor: Actor
    packet_id: int

    def save(self, step_id: str, values: dict[str, Any], version: int, *, complete: bool,
             go_to: Any = None) -> Saved:
        return save(self.ctx, self.actor, self.packet_id, step_id, values, version, complete=complete, go_to=go_to)

    def save_draft(self, step_id: str, values: dict[str, Any], version: int) -> None:
        """Drafts of a packet are kept beside it (packet_draft), so they never change its version."""
        save_draft(self.ctx, self.actor, self.packet_id, step_id, values)

    def discard_draft(self, step_id: str) -> None:
        discard_draft(self.ctx, self.actor, self.packet_id, step_id)

    def load(self) -> PacketView:
        return load(self.ctx, self.actor, self.packet_id)


@dataclass(frozen=True)
class SelfDraftingTarget(PacketTarget):
    """A packet whose drafts are its own unchecked saves ([wizard] records of a record kept by several people):
    what was typed is saved in the packet, versioned like any save, so a later session resumes from it."""

    def save_draft(self, step_id: str, values: dict[str, Any], version: int) -> Saved:  # type: ignore[override]
        return self.save(step_id, values, version, complete=False)

    def discard_draft(self, step_id: str) -> None:
        """Nothing is kept beside the packet: taking theirs only redraws the step from it."""
