"""How far a packet is, for any program: what each step still needs, what stands before Submit, Submit.

Submit sets the status the declaration names (`[submit] status`, "sent" by default), from the
statuses it allows (`from`), stores the executed documents and sends the "submitted" email; a
declared gateway may refuse it instead (`failed_status`, the reasons kept on the packet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from core.forms import registry
from core.forms.fields import step_problems
from core.forms.spec import StepSpec
from core.identity.models import Account
from core.identity.permissions import require
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor
from core.notify import outbox
from core.packets import certificate, invitations, packets, saving, signing
from core.packets.models import Packet
from core.packets.packets import PacketView


class Incomplete(NotAllowed):
    """Submit refused: what is still missing, one line per step or document."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("Not ready to submit. Still missing: " + " ".join(missing))
        self.missing = missing


form_steps = packets.answer_steps


def step_problems_all(view: PacketView, on: date) -> dict[str, dict[str, str]]:
    """What keeps each step from being complete, by step id (an empty dict: complete)."""
    return {s.id: step_problems(s, view.answers.get(s.id, {}), on, view.answers) for s in form_steps(view)}


def completion(view: PacketView, on: date, documents: list[signing.DocumentState]) -> dict[str, bool]:
    """Whether each step is complete; a documents step also needs consent and every document done."""
    complete = {step_id: not found for step_id, found in step_problems_all(view, on).items()}
    for step in view.program.steps_for(view.answers):
        if step.kind == "documents":
            consented = view.consent_version == view.program.consent_version
            complete[step.id] = complete.get(step.id, True) and consented and all(d.done for d in documents)
    return complete


def problem_summary(step: StepSpec, problems: dict[str, str]) -> str:
    """A step's problems in a line or two: long labels (questions) cut, many problems counted."""
    labels = {f.name: f.label for f in step.fields}
    short = []
    for name, message in problems.items():
        label = labels.get(name, name)
        short.append(message.replace(label, label[:40].rstrip() + "…") if len(label) > 42 else message)
    if len(short) > 3:
        return f"{len(short)} fields need attention, starting with: {short[0]}"
    return " ".join(short)


def missing(ctx: AppContext, view: PacketView) -> list[str]:
    """Everything between this packet and Submit: incomplete steps, consent, documents."""
    today = ctx.clock.now().date()
    items = []
    for step in form_steps(view):
        problems = step_problems(step, view.answers.get(step.id, {}), today, view.answers)
        if problems:
            items.append(f"{step.title}: {problem_summary(step, problems)}")
    documents_step = next((s.title for s in view.program.steps if s.kind == "documents"), "Documents")
    if view.consent_version != view.program.consent_version:
        items.append(f"{documents_step}: consent to electronic records and signatures.")
    todo = [s for s in signing.document_states(ctx, view) if not s.done]
    if todo:
        items.append(f"{documents_step}: " + "; ".join(
            f"{'sign' if s.spec.needs_signature else 'review'} the {s.spec.title}" for s in todo) + ".")
    return items


def header(view: PacketView, today: date) -> list[list[tuple[str, str, bool]]]:
    """The program's header lines for these answers: (label, value, bold) per item."""
    from core.forms.fields import header_lines

    return header_lines(view.program.header, view.answers, today)


def give_consent(ctx: AppContext, actor: Actor, packet_id: int, code: str) -> PacketView:
    """Consent comes after every step is complete, so the documents show final answers."""
    return signing.give_consent(ctx, actor, packet_id, code)


@dataclass(frozen=True)
class Submitted:
    """What Submit did: the packet as it is now, and whether the declared gateway accepted it (why not)."""

    view: PacketView
    accepted: bool = True
    reasons: tuple[str, ...] = ()


def submit(ctx: AppContext, actor: Actor, packet_id: int, version: int | None = None) -> PacketView:
    """Send Now / Finish / Submit (`submit_outcome`): the packet as it is now."""
    return submit_outcome(ctx, actor, packet_id, version).view


def submit_outcome(ctx: AppContext, actor: Actor, packet_id: int, version: int | None = None) -> Submitted:
    """Send Now / Finish / Submit, as the program declares it.

    Who may is its `[access] submit` action (`packet.send` by default: the producer, in person). With
    `version`, one the person did not see raises Conflict and nothing is sent. Every step must be complete
    (without a documents step, every problem at once, keyed "step:field"); with a documents step, consent
    given and every document signed or reviewed. A declared `gateway` then accepts it or refuses it: a
    refusal sets `failed_status` and keeps the reasons on the packet (it may be fixed and submitted again).
    """
    view = packets.load(ctx, actor, packet_id)
    rule, action = view.program.submit, view.program.access.get("submit", "packet.send")
    documents = any(s.kind == "documents" for s in view.program.steps)
    with reading(ctx.engine) as session:
        _may_submit(session, actor, action, packet_id, version)
    login = signing.require_producer(ctx, actor, view, "send the packet") if documents else None
    if view.status not in rule.allowed_from:
        raise NotAllowed("This packet was already sent." if view.read_only else "Complete the steps first.")
    today = ctx.clock.now().date()
    if documents and (items := missing(ctx, view)):
        raise Incomplete(items)
    if problems := {f"{step}:{name}": message for step, found in step_problems_all(view, today).items()
                    for name, message in found.items()}:
        raise ValidationFailed(problems)
    if rule.gateway:
        verdict = registry.submitter(rule.gateway)(view, today)
        accepted, reasons = bool(verdict.accepted), tuple(verdict.reasons)
    else:
        reasons = refusals(view, today)
        accepted = not reasons
    states = signing.document_states(ctx, view) if documents else []
    with writing(ctx.engine) as session:
        row = _may_submit(session, actor, action, packet_id, version, lock=True)
        row.submitted_at = ctx.clock.now()
        row.status_reason = "" if accepted else "; ".join(reasons)
        detail = rule.detail.format(key=row.key)
        if not accepted:
            packets.set_status(session, ctx, actor, row, rule.failed_status, rule.failed_event, detail)
        else:
            row.current_step = next((s.id for s in view.program.steps if s.kind == "print"), row.current_step)
            event = rule.resubmit_event if view.status in rule.resubmit_from else rule.event
            packets.set_status(session, ctx, actor, row, rule.status, event, detail)
            row.expires_at = None  # a submitted record no longer expires
            if login is not None:
                signing.flag(session, ctx, actor, packet_id, login, event)
            certificate.store_documents(ctx, session, view, states, "sent")
            _email_submitted(ctx, session, view)
    outbox.deliver_pending(ctx)
    return Submitted(packets.load(ctx, actor, packet_id), accepted, reasons)


def refusals(view: PacketView, today: date) -> tuple[str, ...]:
    """The declared local gateway ([[submit.refuse]]): the message of every refusal whose condition holds."""
    answers = {**view.answers, "packet": {"key": view.key, "today": f"{today:%m/%d/%Y}"}}
    return tuple(message for when, message in view.program.submit.refuse if when.holds(answers))


def _may_submit(session: Session, actor: Actor, action: str, packet_id: int, version: int | None,
                lock: bool = False) -> Packet:
    """The packet's row, once the actor may submit it and (given a version) nobody else saved since."""
    query = select(Packet).where(Packet.id == packet_id)
    row = session.exec(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotAllowed("No such packet.")
    require(actor, action, packets.facts(row, session, actor))
    if version is not None and not saving.accepts(row, actor, version):
        raise Conflict("Someone saved this after you opened it; nothing was submitted.", {}, row.version)
    return row


def _email_submitted(ctx: AppContext, session: Session, view: PacketView) -> None:
    email = view.program.emails.get("submitted")
    if email:
        code = invitations.new_code(ctx, session, view.id) if "{code}" in email["body"] else ""
        account = session.get(Account, view.producer_account_id)
        assert account is not None
        outbox.queue(ctx, session, kind=email.get("kind", "submitted"), to=account.email, template=email,
                     values={"name": account.display_name, "key": view.key},
                     secrets={"code": code} if code else {}, account_id=account.id, packet_id=view.id)
