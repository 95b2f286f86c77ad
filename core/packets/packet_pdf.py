"""A packet's own document ([pdf] in its declaration): every answer laid out by one template, as text or PDF.

Besides the answers (`{{step.field}}`) and named computations, its template reads the packet's own values:
`packet.key`, `packet.status`, `packet.status_label`, `packet.producer_name`, `packet.submitted_at`
(MM/DD/YYYY HH:MM), `packet.status_reason` (why a gateway refused it); `submitter.name`, `.role` and `.how`
(who last submitted it and how they had signed in, from the history); and `pdf.NAME`, the declaration's own
formats of answers.
"""

from __future__ import annotations

from core.forms.lookups import declared_value
from core.identity.attribution import Doer, latest_doer
from core.kernel.context import AppContext
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.packets import packets
from core.packets.directives import Declared
from core.packets.documents import RenderedDocument, field_kinds, flatten, render
from core.packets.packets import PacketView
from core.packets.program import DocumentSpec


def document(view: PacketView, submitter: Doer | None = None) -> RenderedDocument:
    """The packet's own document; the submitter is named only when given (`packet_document` looks them up).

    Computations (premiums) are as of the last save: the same packet always prints the same."""
    pdf = view.program.pdf
    if pdf is None:
        raise NotAllowed(f"{view.program.title} has no document of its own to print.")
    submitted = f"{view.submitted_at:%m/%d/%Y %H:%M}" if view.submitted_at else ""
    values = {f"packet.{name}": value for name, value in (
        ("key", view.key), ("status", view.status), ("status_label", view.status_label),
        ("producer_name", view.producer_name), ("submitted_at", submitted), ("status_reason", view.status_reason))}
    values.update({f"pdf.{name}": declared_value(form, view.answers) or otherwise
                   for name, (form, otherwise) in pdf.values.items()})
    values.update(submitter.values("submitter") if submitter else {})
    steps = view.program.steps
    spec = DocumentSpec(view.key, pdf.title.format(key=view.key), pdf.template, "review")
    return render(spec, flatten(view.answers, values, field_kinds(steps)), Declared(view.answers, view.updated_at.date(), steps))


def packet_document(ctx: AppContext, actor: Actor, packet_id: int) -> tuple[PacketView, RenderedDocument]:
    """The packet's own document as its PDF prints it, naming who submitted it and how they signed in."""
    view = packets.load(ctx, actor, packet_id)
    rule = view.program.submit
    person = latest_doer(ctx.engine, (rule.event, rule.resubmit_event, rule.failed_event),
                         rule.detail.format(key=view.key), view.id) if view.submitted_at else None
    return view, document(view, person)


def pdf_bytes(ctx: AppContext, actor: Actor, packet_id: int) -> bytes:
    """The packet's own document as PDF: the same bytes for the same packet."""
    from core.packets.pdf import render_pdf

    view, doc = packet_document(ctx, actor, packet_id)
    footer = view.program.pdf.footer if view.program.pdf else ""
    return render_pdf(doc, packet_key=view.key, created=view.submitted_at or view.updated_at, footer=footer)


def text(ctx: AppContext, actor: Actor, packet_id: int) -> str:
    """The packet's own document as the screen shows it beside the saved PDF (nobody named as submitter)."""
    return document(packets.load(ctx, actor, packet_id)).text
