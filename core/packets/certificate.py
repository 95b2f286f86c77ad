"""Executed copies, the Summary and the Certificate of Completion, built from the packet's own record."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from core.identity.models import Login
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.packets.documents import Block, DocumentState, RenderedDocument, Span, label_value, tidy
from core.packets.history import history as packet_history_lines
from core.packets.models import Packet, Signature, StoredDocument
from core.packets.packets import PacketView

PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def page_count(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))


def _paragraph(text: str, data: str = "") -> Block:
    spans = (Span(text),) + ((Span(data, is_data=True),) if data else ())
    return Block("paragraph", spans)


def store_documents(ctx: AppContext, session: Session, view: PacketView, states: list[DocumentState], reason: str) -> None:
    """Keep each signed or reviewed document exactly as it stands now, with its hash."""
    from core.packets.pdf import render_pdf

    created = ctx.clock.now()
    for state in states:
        if state.spec.print_only:
            continue
        pdf = render_pdf(state.document, packet_key=view.key, created=created, footer=view.program.carrier)
        session.add(
            StoredDocument(
                packet_id=view.id, document_id=state.spec.id, title=state.spec.title, pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(), pages=page_count(pdf), reason=reason, created_at=created,
            )
        )


def stored_documents(ctx: AppContext, packet_id: int) -> list[StoredDocument]:
    """The newest stored copy of each document."""
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(StoredDocument).where(StoredDocument.packet_id == packet_id).order_by(col(StoredDocument.id))
        ).all()
    newest: dict[str, StoredDocument] = {}
    for row in rows:
        newest[row.document_id] = row
    return list(newest.values())


@dataclass(frozen=True)
class Verification:
    title: str
    recorded: str
    actual: str

    @property
    def intact(self) -> bool:
        return self.recorded == self.actual


def verify_stored(ctx: AppContext, packet_id: int) -> list[Verification]:
    """Recompute each stored document's hash: a document altered after the fact no longer matches."""
    return [
        Verification(row.title, row.sha256, hashlib.sha256(row.pdf).hexdigest())
        for row in stored_documents(ctx, packet_id)
    ]


def build_summary(view: PacketView) -> RenderedDocument:
    """Every field of every form step under its page and section headings, PII masked.

    Seed 002 (Summary): "If you were not required to provide this information, the field will be
    blank", so a field without an answer keeps its label with nothing after it.
    """
    blocks = [Block("heading1", (Span("Summary"),)), _paragraph("Packet ", view.key)]
    for step in view.program.steps_for(view.answers):
        if step.kind != "form":
            continue
        values = view.answers.get(step.id, {})
        blocks.append(Block("heading1", (Span(step.title),)))
        for section in step.sections:
            if len(step.sections) > 1 and section.title != step.title:
                blocks.append(Block("heading2", (Span(section.title),)))
            for spec in section.fields:
                line = label_value(spec.label, values.get(spec.name), spec, masked=spec.pii)
                blocks.append(line or Block("paragraph", tidy((Span(f"{spec.label.rstrip(': ')}:"),))))
    return RenderedDocument("summary", "Summary PDF", tuple(blocks), needs_signature=False)


def _when(moment: datetime) -> str:
    return f"{as_utc(moment):%m/%d/%Y %H:%M:%S} UTC"


def _the(title: str) -> str:
    """"the W-9 Form", but "Exhibit 1: ..." as it is."""
    return title if title.lower().startswith(("exhibit", "the ")) else f"the {title}"


SIGNATURE_ACTS = {"sign": "Signed", "review": "Reviewed", "countersign": "Countersigned"}
"""How each kind of signature row reads in the certificate."""
EVENT_WORDS = {
    "producer invited": "Invitation sent",
    "invitation resent": "Invitation sent again",
    "temporary password sent": "Temporary password sent",
    "login": "Signed in",
    "logout": "Signed out",
    "password changed": "Password changed",
    "signature adopted": "Signature adopted",
    "packet sent": "Packet sent",
    "packet countersigned": "Countersigned by the home office",
    "ready for signature sent": "Ready-for-signature email sent",
}
"""Events whose own name is not a sentence, in plain words; the others read as they are recorded."""


def _labels(view: PacketView, step_title: str, names: str) -> str:
    """Field names of a "step saved" event as the labels the producer saw."""
    step = next((s for s in view.program.steps if s.title == step_title), None)
    labels = {spec.name: _short_label(spec.name, spec.label) for spec in step.fields} if step else {}
    return ", ".join(labels.get(name.strip(), name.strip()) for name in names.split(","))


def _short_label(name: str, label: str) -> str:
    """A label short enough for a list: numbered questions by their number."""
    question = re.fullmatch(r"q(\d+)(_explain)?", name)
    if question:
        return f"{'Explanation' if question.group(2) else 'Question'} {question.group(1)}"
    return label if len(label) <= 60 else label[:57].rsplit(" ", 1)[0] + "…"


def event_text(view: PacketView, kind: str, detail: str) -> str:
    """One history event as a sentence: document titles and labels, never internal ids."""
    if kind in ("document signed", "document reviewed", "document countersigned"):
        title, _, digest = detail.rpartition(" sha256 ")
        act = {"document signed": "Signed", "document reviewed": "Reviewed"}.get(kind, "Countersigned")
        return f"{act} {_the(title or detail)}" + (f" (SHA-256 {digest}…)" if digest else "")
    if kind == "consent accepted":
        return f"Consent to electronic records accepted ({detail})" if detail else "Consent to electronic records accepted"
    if kind in ("step saved", "tab saved"):
        step_title, _, names = detail.partition(": ")
        if names in ("", "no changes"):
            return f"Saved {step_title} (no changes)"
        return f"Saved {step_title}: {_labels(view, step_title, names)}"
    words = EVENT_WORDS.get(kind, kind[:1].upper() + kind[1:])
    return f"{words} ({detail})" if detail else words


def build_certificate(ctx: AppContext, view: PacketView) -> RenderedDocument:
    """Packet id, documents with pages and hashes, signer and authentication, signature, consent, events."""
    with reading(ctx.engine) as session:
        signatures = session.exec(
            select(Signature).where(Signature.packet_id == view.id).order_by(col(Signature.id))
        ).all()
        packet = session.get(Packet, view.id)
        consent_login = session.get(Login, packet.consent_login_id) if packet and packet.consent_login_id else None
        history = packet_history_lines(session, view.id)
    titles = {spec.id: spec.title for spec in view.program.documents}
    blocks = [
        Block("heading1", (Span("Certificate of Completion"),)),
        _paragraph("Envelope (packet) id: ", view.key),
        _paragraph("Program: ", f"{view.program.title} ({view.program.carrier})"),
        _paragraph("Status: ", view.status_label),
        Block("heading2", (Span("Documents"),)),
    ]
    for row in stored_documents(ctx, view.id):
        blocks.append(_paragraph(f"{row.title}: ", f"{row.pages} page(s), SHA-256 {row.sha256}"))
    blocks.append(Block("heading2", (Span("Signer"),)))
    producer_signatures = [s for s in signatures if s.kind == "sign"]
    if producer_signatures:
        first = producer_signatures[0]
        blocks.append(_paragraph("Signer: ", first.signer_name))
        logins = {s.login_id: s for s in signatures if s.kind in ("sign", "review")}
        for signature in logins.values():
            blocks.append(_paragraph("Authenticated by: ", f"invitation code and {signature.auth_method}, "
                                                            f"login #{signature.login_id} from {signature.host}"))
            if signature.attribution_warning:
                blocks.append(_paragraph("Attribution warning: ", f"login #{signature.login_id} {signature.attribution_warning}"))
        blocks.append(_paragraph("Adopted signature: ", f"{first.signer_name}, style {first.style or 'typed name'} (selected from the offered styles)"))
    for signature in signatures:
        act = SIGNATURE_ACTS.get(signature.kind, signature.kind.capitalize())
        title = titles.get(signature.document_id, signature.document_id)
        blocks.append(_paragraph(
            f"{act} {_the(title)} ({signature.signer_name}): ",
            f"{_when(signature.signed_at)}, document SHA-256 {signature.doc_hash}",
        ))
    blocks.append(Block("heading2", (Span("Consent to electronic records and signatures"),)))
    if view.consent_at:
        where = f" from {consent_login.host}" if consent_login else ""
        blocks.append(_paragraph(
            f"Consent to electronic records accepted (version {view.consent_version}): ", f"{_when(view.consent_at)}{where}"
        ))
        if consent_login is not None and consent_login.attribution_warning:
            blocks.append(_paragraph("Attribution warning: ", f"login #{consent_login.id} {consent_login.attribution_warning}"))
    blocks.append(Block("heading2", (Span("Events"),)))
    for line in history:
        blocks.append(_paragraph(f"{_when(line.at)} — {line.who}: ", event_text(view, line.kind, line.detail)))
    return RenderedDocument("certificate", "Certificate of Completion", tuple(blocks), needs_signature=False)
