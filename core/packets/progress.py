"""How far a packet is, for any program: what each step still needs, what stands before Submit, Submit.

Submit sets the status the declaration names (`[submit] status`, "sent" by default), from the
statuses it allows (`from`), stores the executed documents and sends the "submitted" email.
"""

from __future__ import annotations

from datetime import date

from core.forms.fields import step_problems
from core.forms.spec import StepSpec
from core.identity.models import Account
from core.identity.permissions import require
from core.kernel.context import AppContext
from core.kernel.db import writing
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.notify import outbox
from core.packets import certificate, invitations, packets, signing
from core.packets.models import Packet
from core.packets.packets import PacketView, view_facts


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


def submit(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    """Send Now / Finish / Submit: every step complete, consent given, every document signed or reviewed."""
    view = packets.load(ctx, actor, packet_id)
    require(actor, "packet.send", view_facts(view))
    login = signing.require_producer(ctx, actor, view, "send the packet")
    rule = view.program.submit
    if view.status not in rule.allowed_from:
        raise NotAllowed("This packet was already sent." if view.read_only else "Complete the steps first.")
    items = missing(ctx, view)
    if items:
        raise Incomplete(items)
    if rule.action:
        from core.forms import registry

        return registry.submitter(rule.action)(ctx, actor, packet_id)  # type: ignore[no-any-return]
    again = view.status in rule.resubmit_from
    states = signing.document_states(ctx, view)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        assert row is not None
        row.submitted_at = now
        row.current_step = next((s.id for s in view.program.steps if s.kind == "print"), row.current_step)
        event = rule.resubmit_event if again else rule.event
        packets.set_status(session, ctx, actor, row, rule.status, event, rule.detail)
        signing.flag(session, ctx, actor, packet_id, login, event)
        certificate.store_documents(ctx, session, view, states, "sent")
        email = view.program.emails.get("submitted")
        if email:
            code = invitations.new_code(ctx, session, packet_id) if "{code}" in email["body"] else ""
            account = session.get(Account, view.producer_account_id)
            assert account is not None
            outbox.queue(ctx, session, kind=email.get("kind", "submitted"), to=account.email, template=email,
                         values={"name": account.display_name, "key": view.key},
                         secrets={"code": code} if code else {}, account_id=account.id, packet_id=packet_id)
    outbox.deliver_pending(ctx)
    return packets.load(ctx, actor, packet_id)
