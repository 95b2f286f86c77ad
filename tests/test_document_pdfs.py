"""Every page of every saved PDF of every program, read back with pypdf (issue 14, "The documents").

Each program is driven through its core services to the state its documents are printed in:
recontracting with both addenda sent and countersigned, HCSC onboarding with every addendum and
the W-9 submitted and approved, Cigna Level 5 with every form (EFT too) sent, with its Summary and
Certificate of Completion, and an IFM application submitted. The issue saw footers such as
"CR-sBMM-WWWWb ... fage o: ... Cigna-HealthSpring ICigna deviuareA" instead of "CE-2611-00005 ...
Page 3 of 3" on the pages that end in another face than the footer's (a signature, a bold line).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from sqlmodel import col, select

from core.kernel.context import AppContext
from core.kernel.db import reading
from core.packets import documents_out, packet_pdf
from core.packets.models import StoredDocument
from tests.helpers import programs
from tests.helpers.templates import Template, sqlite_from_template

SavedPdf = tuple[str, str, bytes]
"""(where it came from, the packet key or record number its footer must carry, the bytes)."""


def _context(home: Path, template: Template) -> AppContext:
    """The demo data, copied from the session's seeded template (seeding again costs seconds)."""
    return sqlite_from_template(template, home)


def _packet_pdfs(ctx: AppContext, signed: programs.Signed, label: str) -> list[SavedPdf]:
    """What Print Packet saves (F8) and what the packet stored at Send Now or countersignature."""
    paths = documents_out.save_pdfs(ctx, signed.producer.actor, signed.view.id)
    saved = [(f"{label} {path.name}", signed.view.key, path.read_bytes()) for path in paths]
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(StoredDocument).where(StoredDocument.packet_id == signed.view.id).order_by(col(StoredDocument.id))
        ).all()
        saved += [(f"{label} stored {row.document_id} ({row.reason})", signed.view.key, row.pdf) for row in rows]
    return saved


@dataclass
class Saved:
    """The saved PDFs per program, and the Cigna packet they came from (to save it again)."""

    pdfs: dict[str, list[SavedPdf]]
    cigna_ctx: AppContext
    cigna: programs.Signed


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Template) -> Iterator[Saved]:
    contexts: list[AppContext] = []

    def fresh(name: str) -> AppContext:
        contexts.append(_context(tmp_path_factory.mktemp(name), sqlite_template))
        return contexts[-1]

    found: dict[str, list[SavedPdf]] = {}
    ctx = fresh("bcbs")
    found["bcbs"] = _packet_pdfs(ctx, programs.bcbs_sent(ctx), "BCBS")
    ctx = fresh("hcsc")
    found["hcsc"] = _packet_pdfs(ctx, programs.hcsc_submitted(ctx, approve=True), "HCSC")
    cigna_ctx = fresh("cigna")
    cigna = programs.cigna_sent(cigna_ctx)
    found["cigna"] = _packet_pdfs(cigna_ctx, cigna, "Cigna")
    ctx = fresh("ifm")
    view = programs.ifm_submitted(ctx)
    found["ifm"] = [("IFM application", view.key,
                     packet_pdf.pdf_bytes(ctx, programs.ifm_actor(ctx), view.id))]
    yield Saved(found, cigna_ctx, cigna)
    for context in contexts:
        context.engine.dispose()


@pytest.fixture
def saved_pdfs(saved: Saved) -> dict[str, list[SavedPdf]]:
    return saved.pdfs


EXPECTED = {
    "bcbs": {"producer_agreement.pdf", "ok_addendum.pdf", "nm_addendum.pdf"},
    "hcsc": {"producer_agreement.pdf", "nm_addendum.pdf", "ok_addendum.pdf", "mt_addendum.pdf", "w9.pdf"},
    "cigna": {"agent_application.pdf", "questionnaire.pdf", "background_authorization.pdf", "fcra.pdf",
              "ny_art23a.pdf", "w9.pdf", "eft.pdf", "exhibit1.pdf", "exhibit2.pdf", "exhibit3.pdf", "exhibit4.pdf",
              "exhibit5.pdf", "exhibit8.pdf", "ca_privacy.pdf", "summary.pdf", "certificate.pdf"},
}


@pytest.mark.parametrize("program", sorted(EXPECTED))
def test_every_document_of_the_program_is_saved(saved_pdfs: dict[str, list[SavedPdf]], program: str) -> None:
    names = {where.split(" ", 1)[1] for where, _, _ in saved_pdfs[program] if " stored " not in where}
    assert names == EXPECTED[program]


@pytest.mark.parametrize("program", ["bcbs", "hcsc", "cigna", "ifm"])
def test_every_page_footer_carries_the_key_and_page_n_of_m(saved_pdfs: dict[str, list[SavedPdf]], program: str) -> None:
    checked = 0
    multi_page = 0
    for where, key, data in saved_pdfs[program]:
        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        total = len(pages)
        multi_page += total > 1
        for number, page in enumerate(pages, start=1):
            lines = page.extract_text().splitlines()
            footer = " ".join(lines[-3:])  # key and page line, then the footer text (which may wrap)
            assert key in footer and f"Page {number} of {total}" in footer, (where, number, lines[-3:])
            checked += 1
    assert multi_page >= 1 and checked >= 3


def test_the_signature_pages_the_issue_saw_garbled_are_clean(saved_pdfs: dict[str, list[SavedPdf]]) -> None:
    """The page that carries the signature of each multi-page signed document, footer quoted exactly."""
    seen = []
    for program, suffix in [("hcsc", " producer_agreement.pdf"), ("hcsc", " w9.pdf"), ("cigna", " agent_application.pdf"),
                            ("cigna", " questionnaire.pdf"), ("cigna", " background_authorization.pdf"),
                            ("cigna", " fcra.pdf"), ("cigna", " w9.pdf"), ("cigna", " exhibit5.pdf"),
                            ("bcbs", " producer_agreement.pdf"), ("ifm", "IFM application")]:
        where, key, data = next(item for item in saved_pdfs[program] if item[0].endswith(suffix))
        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        for number in range(1, len(pages) + 1):
            lines = pages[number - 1].extract_text().splitlines()
            assert f"{key} Page {number} of {len(pages)}" in lines, (where, number, lines[-3:])
        seen.append(len(pages))
    assert max(seen) > 1

    ifm = pypdf.PdfReader(io.BytesIO(saved_pdfs["ifm"][0][2]))
    assert len(ifm.pages) >= 2  # the issue saw the even pages garbled
    for page in ifm.pages:
        assert page.extract_text().splitlines()[-1] == "Individual & Family Market off-exchange application"


def test_saved_pdfs_are_byte_identical_when_saved_again(saved: Saved) -> None:
    """Fixed creation date and cached fonts: the same packet saves to the same bytes."""
    first = {where.split(" ", 1)[1]: data for where, _, data in saved.pdfs["cigna"] if " stored " not in where}
    again = {p.name: p.read_bytes() for p in documents_out.save_pdfs(saved.cigna_ctx, saved.cigna.producer.actor,
                                                                     saved.cigna.view.id)}
    assert first == again and len(first) == len(EXPECTED["cigna"])
