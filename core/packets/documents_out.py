"""Signed documents as PDF files the producer (or a reviewer) can keep."""

from __future__ import annotations

from pathlib import Path

from core.kernel.context import AppContext
from core.kernel.events import Actor
from core.kernel.files import write_private
from core.packets import certificate, packets, signing
from core.packets.documents import RenderedDocument
from core.packets.packets import PacketView


def safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def printable(ctx: AppContext, view: PacketView) -> list[RenderedDocument]:
    """What Print Packet offers: each applicable document, then the generated Summary and Certificate."""
    documents = [state.document for state in signing.document_states(ctx, view)]
    if "summary" in view.program.generated_documents:
        documents.append(certificate.build_summary(view))
    if "certificate" in view.program.generated_documents and view.submitted_at:
        documents.append(certificate.build_certificate(ctx, view))
    return documents


def pdf_bytes(ctx: AppContext, view: PacketView) -> list[tuple[str, bytes]]:
    """Each printable document rendered with the signatures that still count."""
    from core.packets.pdf import render_pdf  # heavy import, only when PDFs are asked for

    created = view.submitted_at or view.updated_at
    footer = view.program.carrier
    return [
        (document.id, render_pdf(document, packet_key=view.key, created=created, footer=footer))
        for document in printable(ctx, view)
    ]


def save_pdfs(ctx: AppContext, actor: Actor, packet_id: int) -> list[Path]:
    view = packets.load(ctx, actor, packet_id)
    folder = ctx.settings.documents_dir / safe_name(view.key)
    paths = []
    for document_id, data in pdf_bytes(ctx, view):
        paths.append(write_private(folder / f"{safe_name(document_id)}.pdf", data))
    return paths
