"""Executed copies, the Summary and the Certificate of Completion, built from the packet's own record."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from core.identity.models import Login
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.crypto import mask_last4
from core.kernel.db import reading
from core.packets.documents import Block, RenderedDocument, Span
from core.packets.history import history as packet_history_lines
from core.packets.models import Packet, Signature, StoredDocument
from core.packets.packets import PacketView

if TYPE_CHECKING:
    from core.packets.signing import DocumentState

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
    """Every answer of every form step, PII masked."""
    blocks = [Block("heading1", (Span("Summary"),)), _paragraph("Packet ", view.key)]
    for step in view.program.steps_for(view.answers):
        if step.kind != "form":
            continue
        blocks.append(Block("heading2", (Span(step.title),)))
        values = view.answers.get(step.id, {})
        for spec in step.fields:
            value = values.get(spec.name)
            if isinstance(value, list):
                value = ", ".join(value)
            text = str(value or "")
            blocks.append(_paragraph(f"{spec.label}: ", mask_last4(text) if spec.pii else text))
    return RenderedDocument("summary", "Summary PDF", tuple(blocks), needs_signature=False)


def build_certificate(ctx: AppContext, view: PacketView) -> RenderedDocument:
    """Packet id, documents with pages and hashes, signer and authentication, signature, consent, events."""
    with reading(ctx.engine) as session:
        signatures = session.exec(
            select(Signature).where(Signature.packet_id == view.id).order_by(col(Signature.id))
        ).all()
        packet = session.get(Packet, view.id)
        consent_login = session.get(Login, packet.consent_login_id) if packet and packet.consent_login_id else None
        history = packet_history_lines(session, view.id)
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
        blocks.append(_paragraph(
            f"{signature.kind} {signature.document_id}: ",
            f"{as_utc(signature.signed_at):%Y-%m-%d %H:%M:%S} UTC, document SHA-256 {signature.doc_hash}",
        ))
    blocks.append(Block("heading2", (Span("Consent to electronic records and signatures"),)))
    if view.consent_at:
        where = f" from {consent_login.host}" if consent_login else ""
        blocks.append(_paragraph("Accepted: ", f"version {view.consent_version} at {view.consent_at:%Y-%m-%d %H:%M:%S} UTC{where}"))
        if consent_login is not None and consent_login.attribution_warning:
            blocks.append(_paragraph("Attribution warning: ", f"login #{consent_login.id} {consent_login.attribution_warning}"))
    blocks.append(Block("heading2", (Span("Events"),)))
    for line in history:
        blocks.append(_paragraph(f"{line.at:%Y-%m-%d %H:%M:%S} UTC  ", f"{line.kind} — {line.who}{': ' + line.detail if line.detail else ''}"))
    return RenderedDocument("certificate", "Certificate of Completion", tuple(blocks), needs_signature=False)
