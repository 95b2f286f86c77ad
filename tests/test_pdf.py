"""The PDF renderer, read back with pypdf."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest

import core.packets.pdf as pdfmod
from core.packets.documents import Block, RenderedDocument, SignatureMark, Span
from core.packets.pdf import is_fully_executed, render_packet_pdf, render_pdf

REPO = Path(__file__).resolve().parents[1]

CREATED = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
BLUE_OP = "0 0.2745 0.7059 rg"  # fpdf2 writes (0, 70, 180) as 0-1 floats, 4 decimals
GREEN_OP = "0 0.5098 0.2353 rg"  # (0, 130, 60)
NAMES = ["José", "Nguyễn", "O'Neil [/]", "[bold]x", "李"]
LOREM = (
    "The producer agrees to the terms of this agreement, including the commission schedule, "
    "the chargeback provisions and the compliance requirements set out below. "
)


def make_doc(
    *,
    name: str = "José Nguyễn",
    marks: tuple[SignatureMark, ...] = (),
    roles: tuple[str, ...] = ("producer", "company"),
    paragraphs: int = 2,
    title: str = "Producer Agreement",
) -> RenderedDocument:
    blocks = [
        Block("heading2", (Span("Parties"),)),
        Block(
            "paragraph",
            (
                Span("Producer: "),
                Span(name, True),
                Span(", TIN ending "),
                Span("6789", True),
                Span("."),
            ),
        ),
        Block("heading2", (Span("Terms"),)),
        *[Block("paragraph", (Span(LOREM * 3),)) for _ in range(paragraphs)],
        *[Block("signature", role=role) for role in roles],
    ]
    return RenderedDocument("agreement", title, tuple(blocks), bool(roles), marks)


def producer_mark(name: str = "José Nguyễn", style: str = "") -> SignatureMark:
    return SignatureMark("producer", name, "2026-11-24 14:05 UTC", style)


def company_mark() -> SignatureMark:
    return SignatureMark("company", "Acme Life Insurance Co.", "2026-11-24 15:00 UTC", "formal")


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(data).pages)


def content_streams(data: bytes) -> str:
    return "\n".join(
        page.get_contents().get_data().decode("latin-1") for page in reader(data).pages
    )


def base_fonts(data: bytes) -> set[str]:
    fonts: set[str] = set()
    for page in reader(data).pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts.add(str(ref.get_object()["/BaseFont"]))
    return fonts


def render(doc: RenderedDocument, **kwargs: object) -> bytes:
    return render_pdf(doc, packet_key="PK-7QX4M2", created=CREATED, **kwargs)  # type: ignore[arg-type]


def test_title_data_and_footer_are_in_the_text() -> None:
    text = text_of(render(make_doc(), footer="Confidential: producer copy"))
    assert "Producer Agreement" in text
    assert "José Nguyễn" in text
    assert "TIN ending 6789" in text
    assert "PK-7QX4M2" in text
    assert "Page 1 of 1" in text
    assert "Confidential: producer copy" in text


def test_unicode_and_markup_like_names_round_trip() -> None:
    name = " ".join(NAMES)
    data = render(make_doc(name=name, marks=(producer_mark(name),)))
    text = text_of(data)
    for part in NAMES:
        assert part in text
    assert f"Electronically signed by {name} on" in text
    assert any("DroidSansFallback" in font for font in base_fonts(data))


def test_cjk_font_is_embedded_only_when_needed() -> None:
    data = render(make_doc(name="José Nguyễn"))
    assert not any("DroidSansFallback" in font for font in base_fonts(data))
    assert any("DejaVuSans" in font for font in base_fonts(data))


def test_unsigned_lines_show_role_labels_only() -> None:
    text = text_of(render(make_doc()))
    assert "Producer signature" in text
    assert "Company signature" in text
    assert "Electronically signed" not in text
    assert "Fully executed" not in text


def test_signed_name_appears_and_fully_executed_needs_every_mark() -> None:
    one = make_doc(marks=(producer_mark("Mary O'Neil"),))
    text = text_of(render(one))
    assert "Mary O'Neil" in text
    assert "Electronically signed by Mary O'Neil on 2026-11-24 14:05 UTC" in text
    assert "Fully executed" not in text
    assert not is_fully_executed(one)

    both = make_doc(marks=(producer_mark(), company_mark()))
    text = text_of(render(both))
    assert "Electronically signed by Acme Life Insurance Co. on 2026-11-24 15:00 UTC" in text
    assert text.rstrip().count("Fully executed: all authorized signatures present") == 1
    assert is_fully_executed(both)

    only_producer = make_doc(roles=("producer",), marks=(producer_mark(),))
    assert "Fully executed" in text_of(render(only_producer))


def test_no_signature_lines_is_never_fully_executed() -> None:
    doc = make_doc(roles=())
    assert not is_fully_executed(doc)
    assert "Fully executed" not in text_of(render(doc))


def test_output_is_byte_identical() -> None:
    doc = make_doc(name=" ".join(NAMES), marks=(producer_mark(), company_mark()))
    first = render(doc, footer="x")
    assert render(doc, footer="x") == first
    assert render(doc, footer="y") != first
    assert render_pdf(doc, packet_key="PK-7QX4M2", created=CREATED.replace(minute=1)) != render(doc)


def test_output_is_byte_identical_across_processes() -> None:
    script = (
        "import sys, hashlib\n"
        "from tests.test_pdf import make_doc, producer_mark, render, NAMES\n"
        "doc = make_doc(name=' '.join(NAMES), marks=(producer_mark(),))\n"
        "sys.stdout.write(hashlib.sha256(render(doc)).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        out = subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout)
    doc = make_doc(name=" ".join(NAMES), marks=(producer_mark(),))
    assert digests == {hashlib.sha256(render(doc)).hexdigest()}


def test_naive_created_is_taken_as_utc() -> None:
    doc = make_doc()
    naive = render_pdf(doc, packet_key="PK-7QX4M2", created=CREATED.replace(tzinfo=None))
    assert naive == render(doc)
    assert reader(naive).metadata["/CreationDate"] == "D:20261124140000Z"


def test_font_cache_gives_the_same_bytes_as_plain_add_font(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = make_doc(name=" ".join(NAMES), marks=(producer_mark(), company_mark()))
    cached = render(doc)

    def plain(pdf: object, family: str, style: str, filename: str) -> None:
        pdf.add_font(family, style, str(pdfmod.FONT_DIR / filename))  # type: ignore[attr-defined]

    monkeypatch.setattr(pdfmod, "_register_font", plain)
    assert render(doc) == cached


def test_colours_for_data_and_signatures() -> None:
    signed = content_streams(render(make_doc(marks=(producer_mark(),))))
    assert BLUE_OP in signed
    assert GREEN_OP in signed
    unsigned = content_streams(render(make_doc()))
    assert BLUE_OP in unsigned
    assert GREEN_OP not in unsigned
    no_data = RenderedDocument("d", "Plain", (Block("paragraph", (Span("No data here."),)),), False)
    assert BLUE_OP not in content_streams(render(no_data))


@pytest.mark.parametrize("style", ["script", "formal", "plain", "", "unknown"])
def test_signature_styles_render(style: str) -> None:
    data = render(make_doc(marks=(producer_mark(style=style),)))
    assert "José Nguyễn" in text_of(data)


def test_signature_styles_differ() -> None:
    outputs = {
        render(make_doc(marks=(producer_mark(style=s),))) for s in ("script", "formal", "plain")
    }
    assert len(outputs) == 3
    assert render(make_doc(marks=(producer_mark(style=""),))) == render(
        make_doc(marks=(producer_mark(style="script"),))
    )


def test_long_text_wraps_across_pages_without_losing_words() -> None:
    long_word = "W" * 300  # no other W in the document
    doc = make_doc(paragraphs=25, name=f"Ana {long_word} Li")
    data = render(doc)
    pages = reader(data).pages
    assert len(pages) >= 3
    assert f"Page 1 of {len(pages)}" in pages[0].extract_text()
    text = text_of(data)
    assert text.replace("\n", "").count("W") == 300
    body = " ".join(text.split())
    assert " ".join(LOREM.split()) in body


def test_literal_alias_in_data_is_kept() -> None:
    text = text_of(render(make_doc(name="Agency {nb} LLC")))
    assert "Agency {nb} LLC" in text


def test_packet_starts_each_document_on_a_new_page() -> None:
    docs = [make_doc(title=f"Document {i}", paragraphs=1 + 6 * (i == 1)) for i in range(3)]
    data = render_packet_pdf(docs, packet_key="PK-7QX4M2", created=CREATED)
    pages = reader(data).pages
    starts = [i for i, page in enumerate(pages) if page.extract_text().startswith("Document ")]
    assert [pages[i].extract_text().split("\n")[0] for i in starts] == [
        f"Document {i}" for i in range(3)
    ]
    assert len(pages) > 3
    second_doc_pages = starts[2] - starts[1]
    assert f"Page 1 of {second_doc_pages}" in pages[starts[1]].extract_text()
    assert render_packet_pdf(docs, packet_key="PK-7QX4M2", created=CREATED) == data


def test_empty_packet_is_refused() -> None:
    with pytest.raises(ValueError):
        render_packet_pdf([], packet_key="PK", created=CREATED)


def test_core_pdf_does_not_import_ui_libraries() -> None:
    script = (
        "import sys, core.packets.pdf; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_footers_stay_readable_on_pages_that_end_in_another_face() -> None:
    """Issue 14: footers read "CR-sBMM-WWWWb ... fage o:" on pages ending in bold or a signature.

    Footers are stamped after layout by going back to each page; that page's own content stream
    may end in another face (bold heading, italic signature), so the footer must select its font
    again on every page instead of trusting the font fpdf2 last selected on another page.
    """
    headed = [
        Block("heading2", (Span(f"Section {i}"),)) if i % 2 else Block("paragraph", (Span(LOREM * 4),))
        for i in range(30)
    ]
    doc = RenderedDocument("a", "Agreement", (*headed, Block("signature", role="producer")), True,
                           (producer_mark(style="script"),))
    data = render(doc, footer="Cigna-HealthSpring (Cigna Medicare)")
    pages = reader(data).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        lines = page.extract_text().splitlines()
        assert lines[-2:] == [f"PK-7QX4M2 Page {number} of {len(pages)}", "Cigna-HealthSpring (Cigna Medicare)"]


def test_approval_pending_is_not_fully_executed() -> None:
    """A document the home office must approve says so until it does (issue 14, HCSC)."""
    from core.packets.documents import Approval

    signed = make_doc(roles=("producer",), marks=(producer_mark(),))
    pending = signed.with_signatures(list(signed.signatures), Approval("Health Care Service Corporation"))
    text = text_of(render(pending))
    assert "Fully executed" not in text and not is_fully_executed(pending)
    assert "awaiting approval by Health Care Service Corporation" in " ".join(text.split())
    approved = signed.with_signatures(list(signed.signatures), Approval("Health Care Service Corporation", "11/25/2026"))
    text = " ".join(text_of(render(approved)).split())
    assert is_fully_executed(approved)
    assert "Fully executed: all authorized signatures present" in text
    assert "Approved by Health Care Service Corporation on 11/25/2026." in text
