"""PDF rendering of RenderedDocuments with fpdf2: deterministic bytes, Unicode fonts, signature marks.

Fonts are parsed once per process and cloned into each new FPDF (fpdf2 subsets a font's
fontTools object in place when it writes a file, so only the parsed tables are shared and each
document gets a fresh lazy TTFont over cached file bytes); this leans on fpdf2 2.8.9 internals and
tests/test_pdf.py checks the bytes equal those of plain add_font. The CJK fallback font is embedded
only when the text holds characters that DejaVu lacks. Lines are wrapped here, not by fpdf2,
whose line breaker re-measures the whole line for every character (about 2x slower overall).
"""

from __future__ import annotations

import copy
import functools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import cast

from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import SubsetMap, TTFFont

from core.kernel.config import DATA_DIR
from core.packets.documents import Block, RenderedDocument, SignatureMark, Span

FONT_DIR = DATA_DIR / "fonts"
FAMILY = "dejavu"
CJK_FAMILY = "droid"
FONT_FILES: dict[tuple[str, str], str] = {
    (FAMILY, ""): "DejaVuSans.ttf",
    (FAMILY, "B"): "DejaVuSans-Bold.ttf",
    (FAMILY, "I"): "DejaVuSans-Oblique.ttf",
}
CJK_FILE = "DroidSansFallback.ttf"

BLACK = (0, 0, 0)
GREY = (90, 90, 90)
BLUE = (0, 70, 180)
GREEN = (0, 130, 60)
LINE_H = 5.5
BODY_PT = 10.5
SIGNATURE_W = 95.0
_TOKEN = re.compile(r"\S+\s*|\s+")
_SPACES = str.maketrans("\t\n\r\f\v", "     ")
FULLY_EXECUTED = "Fully executed: all authorized signatures present"


@dataclass(frozen=True)
class SignatureStyle:
    """How a signature style name is drawn: font style, size, horizontal stretch, skew."""

    font_style: str
    size: float
    stretching: float = 100.0
    skew: float = 0.0


SIGNATURE_STYLES: dict[str, SignatureStyle] = {
    "script": SignatureStyle("I", 22, stretching=86, skew=8),
    "formal": SignatureStyle("B", 17, stretching=95, skew=14),
    "plain": SignatureStyle("I", 15),
}
DEFAULT_SIGNATURE_STYLE = "script"

_lock = threading.Lock()
_prototypes: dict[str, TTFFont] = {}
_font_data: dict[str, tuple[bytes, list[str]]] = {}  # file bytes and glyph order per fontkey


def _prototype(family: str, style: str, filename: str) -> TTFFont:
    """The parsed font for family+style, built once per process and never written out itself."""
    fontkey = family + style
    with _lock:
        proto = _prototypes.get(fontkey)
        if proto is None:
            path = FONT_DIR / filename
            scratch = FPDF()
            scratch.add_font(family, style, str(path))
            proto = _prototypes[fontkey] = cast(TTFFont, scratch.fonts[fontkey])
            _font_data[fontkey] = (path.read_bytes(), proto.ttfont.getGlyphOrder())
            proto.close()  # clones get their own TTFont; the file handle is not needed
        return proto


def _register_font(pdf: FPDF, family: str, style: str, filename: str) -> None:
    """Add a font to pdf, cloning the cached parse instead of parsing the file again."""
    proto = _prototype(family, style, filename)
    clone = copy.copy(proto)
    clone.i = len(pdf.fonts) + 1
    data, glyph_order = _font_data[proto.fontkey]
    clone.ttfont = ttLib.TTFont(BytesIO(data), recalcTimestamp=False, lazy=True)
    clone.ttfont.setGlyphOrder(list(glyph_order))  # saves deriving it from post/cmap again
    clone.desc = copy.copy(proto.desc)
    clone.missing_glyphs = []
    clone.biggest_size_pt = 0
    clone._hbfont = None
    clone.subset = SubsetMap(clone)
    pdf.fonts[proto.fontkey] = clone


@functools.cache
def _coverage() -> tuple[frozenset[int], frozenset[int]]:
    """Code points every DejaVu face can draw, and those at least one face can draw."""
    cmaps = [set(_prototype(f, s, name).cmap) for (f, s), name in FONT_FILES.items()]
    return frozenset(set.intersection(*cmaps)), frozenset(set.union(*cmaps))


def _missing(texts: Iterable[str]) -> tuple[bool, bool]:
    """Whether some character lacks a glyph in one DejaVu face, and whether in all of them."""
    every, some = _coverage()
    codes = {ord(c) for text in texts for c in text if c >= " "}
    return bool(codes - every), bool(codes - some)


def _role_label(role: str) -> str:
    """The caption under a signature line, e.g. "Producer signature"."""
    return f"{role.replace('_', ' ').strip().capitalize() or 'Authorized'} signature"


def all_lines_signed(doc: RenderedDocument) -> bool:
    """True when the document has signature lines and every one of them carries a mark."""
    roles = [b.role for b in doc.blocks if b.kind == "signature"]
    return bool(roles) and all(doc.signature_for(role) is not None for role in roles)


def is_fully_executed(doc: RenderedDocument) -> bool:
    """Every signature line signed and, when the document needs one, the approval given."""
    return all_lines_signed(doc) and (doc.approval is None or bool(doc.approval.on))


def execution_lines(doc: RenderedDocument) -> list[str]:
    """What the end of a signed document says about its execution (nothing while lines are unsigned)."""
    if not all_lines_signed(doc):
        return []
    if doc.approval is None:
        return [FULLY_EXECUTED]
    if not doc.approval.on:
        return [f"Signed; not yet fully executed: awaiting approval by {doc.approval.by}."]
    return [FULLY_EXECUTED, f"Approved by {doc.approval.by} on {doc.approval.on}."]


def _new_pdf(texts: Iterable[str], created: datetime, title: str) -> FPDF:
    """An empty Letter-size FPDF with the fonts registered and fixed metadata."""
    pdf = FPDF(format="Letter", unit="mm")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.c_margin = 0
    pdf.alias_nb_pages("")  # off: totals are written after layout; data may contain "{nb}"
    for (family, style), filename in FONT_FILES.items():
        _register_font(pdf, family, style, filename)
    gap_in_a_face, gap_in_all = _missing(texts)
    if gap_in_all:
        _register_font(pdf, CJK_FAMILY, "", CJK_FILE)
    if gap_in_a_face:  # fallback lookups slow fpdf2 down, so only when a glyph is missing
        fallbacks = [FAMILY, CJK_FAMILY] if gap_in_all else [FAMILY]
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    pdf.set_creation_date(created if created.tzinfo else created.replace(tzinfo=UTC))
    pdf.set_creator("Packetdesk")
    pdf.set_title(title)
    return pdf


def _width(pdf: FPDF, text: str) -> float:
    """Width of text in the current font, fallback glyphs included, in user units."""
    font = cast(TTFFont, pdf.current_font)
    units = 0.0
    for char in text:
        code = ord(char)
        if code in font.cmap:
            units += font.cw[code]
        else:
            key = pdf.get_fallback_font(char, pdf.font_style)
            units += cast(TTFFont, pdf.fonts[key] if key else font).cw[code]
    return units * pdf.font_size_pt / 1000 / pdf.k


def _words(spans: Iterable[Span]) -> list[list[Span]]:
    """Split spans into words (a word may cross spans); a break may follow only whitespace."""
    words: list[list[Span]] = []
    glued = False
    for span in spans:
        for token in _TOKEN.findall(span.text.translate(_SPACES)):
            if glued and not token[0].isspace():
                words[-1].append(Span(token, span.is_data))
            else:
                words.append([Span(token, span.is_data)])
            glued = not token[-1].isspace()
    return words


def _wrap(pdf: FPDF, spans: Iterable[Span], width: float) -> list[list[Span]]:
    """Greedy word wrap into lines; a word wider than a line is broken between characters."""
    lines: list[list[Span]] = [[]]
    x = 0.0
    pending = _words(spans)
    pending.reverse()
    while pending:
        word = pending.pop()
        full = sum(_width(pdf, piece.text) for piece in word)
        inked = full - _width(pdf, word[-1].text[len(word[-1].text.rstrip()) :])
        if inked > width and sum(len(piece.text) for piece in word) > 1:
            chars = [[Span(c, piece.is_data)] for piece in word for c in piece.text]
            pending.extend(reversed(chars))  # each character becomes a breakable word
            continue
        if x > 0 and x + inked > width:
            lines.append([])
            x = 0.0
        if x == 0 and not word[0].text.strip():
            continue  # no leading whitespace on a line
        lines[-1].extend(word)
        x += full
    return lines


def _paragraph(pdf: FPDF, block: Block, height: float) -> None:
    """Write a block's spans as a wrapped paragraph, producer data in blue."""
    for line in _wrap(pdf, block.spans, pdf.epw):
        if pdf.will_page_break(height):
            pdf.add_page()
        runs: list[Span] = []
        for piece in line:
            if runs and runs[-1].is_data == piece.is_data:
                runs[-1] = Span(runs[-1].text + piece.text, piece.is_data)
            else:
                runs.append(piece)
        if runs:
            runs[-1] = Span(runs[-1].text.rstrip(), runs[-1].is_data)
        for run in runs:
            pdf.set_text_color(*(BLUE if run.is_data else BLACK))
            pdf.cell(_width(pdf, run.text), height, run.text, new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.ln(height)


def _signature_name(pdf: FPDF, mark: SignatureMark) -> None:
    """Draw the signer's name in green in the style the signer adopted."""
    style = SIGNATURE_STYLES.get(mark.style) or SIGNATURE_STYLES[DEFAULT_SIGNATURE_STYLE]
    pdf.set_font(FAMILY, style.font_style, style.size)
    pdf.set_stretching(style.stretching)
    pdf.set_text_color(*GREEN)
    height = style.size * 0.5
    with pdf.skew(ax=style.skew, x=pdf.l_margin, y=pdf.get_y() + height):
        pdf.set_x(pdf.l_margin + 3)
        pdf.multi_cell(SIGNATURE_W, height, mark.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_stretching(100)


def _signature(pdf: FPDF, doc: RenderedDocument, block: Block) -> None:
    """Draw a signature line: the mark and its attestation if signed, else an empty line."""
    mark = doc.signature_for(block.role)
    if pdf.will_page_break(32):
        pdf.add_page()
    pdf.ln(3)
    if mark is not None:
        _signature_name(pdf, mark)
    else:
        pdf.ln(12)
    y = pdf.get_y() + 1
    pdf.set_draw_color(*GREY)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, y, pdf.l_margin + SIGNATURE_W, y)
    pdf.set_y(y + 1)
    pdf.set_font(FAMILY, "", 8.5)
    pdf.set_text_color(*GREY)
    pdf.cell(SIGNATURE_W, 4.5, _role_label(block.role), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if mark is not None:
        pdf.set_text_color(*GREEN)
        text = mark.statement or f"Electronically signed by {mark.name} on {mark.signed_at}"
        pdf.multi_cell(0, 4.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _document(pdf: FPDF, doc: RenderedDocument) -> None:
    """Lay out one document starting on a new page."""
    pdf.add_page()
    blocks = list(doc.blocks)
    # A template's own first heading is its title; print the document's name only when it has none.
    title = blocks.pop(0).text if blocks and blocks[0].kind == "heading1" else doc.title
    pdf.set_font(FAMILY, "B", 16)
    pdf.set_text_color(*BLACK)
    pdf.multi_cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for block in blocks:
        if block.kind == "signature":
            _signature(pdf, doc, block)
            continue
        if block.kind in ("heading1", "heading2"):
            size = 13.5 if block.kind == "heading1" else 11.5
            pdf.ln(2)
            pdf.set_font(FAMILY, "B", size)
            _paragraph(pdf, block, size * 0.55)
            pdf.ln(1)
        else:
            pdf.set_font(FAMILY, "", BODY_PT)
            _paragraph(pdf, block, LINE_H)
            pdf.ln(2.5)
    lines = execution_lines(doc)
    if lines:
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", BODY_PT)
        pdf.set_text_color(*(GREEN if is_fully_executed(doc) else GREY))
        for line in lines:
            pdf.multi_cell(0, LINE_H, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _footers(pdf: FPDF, first: int, last: int, packet_key: str, footer: str) -> None:
    """Stamp packet key, "Page X of Y" (within the document) and footer text on pages first..last."""
    auto, margin = pdf.auto_page_break, pdf.b_margin
    pdf.set_auto_page_break(False)
    for number in range(first, last + 1):
        pdf.page = number
        # Going back to a laid-out page keeps fpdf2's idea of the font the *last* page selected; its
        # own content stream may end in another face (a bold heading, a signature), so select again.
        pdf.current_font_is_set_on_page = False
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*GREY)
        pdf.set_y(-16)
        pdf.cell(0, 4, packet_key, align="L")
        pdf.set_x(pdf.l_margin)
        pdf.cell(0, 4, f"Page {number - first + 1} of {last - first + 1}", align="R")
        if footer:
            pdf.set_xy(pdf.l_margin, pdf.h - 11.5)
            pdf.multi_cell(0, 3.5, footer, align="C")
    pdf.page = last
    pdf.set_auto_page_break(auto, margin=margin)


def _render(docs: list[RenderedDocument], packet_key: str, created: datetime, footer: str) -> bytes:
    """Render documents in order, each from a new page, into one PDF file."""
    texts = [packet_key, footer, *(d.title for d in docs), *(d.text for d in docs)]
    texts += [f"{m.name} {m.signed_at} {m.statement}" for doc in docs for m in doc.signatures]
    texts += [line for doc in docs for line in execution_lines(doc)]
    title = docs[0].title if len(docs) == 1 else f"Packet {packet_key}"
    pdf = _new_pdf(texts, created, title)
    for doc in docs:
        first = pdf.page + 1
        _document(pdf, doc)
        _footers(pdf, first, pdf.page, packet_key, footer)
    return bytes(pdf.output())


def render_pdf(
    doc: RenderedDocument, *, packet_key: str, created: datetime, footer: str = ""
) -> bytes:
    """One document as PDF bytes; identical input gives identical bytes."""
    return _render([doc], packet_key, created, footer)


def render_packet_pdf(
    docs: list[RenderedDocument], *, packet_key: str, created: datetime, footer: str = ""
) -> bytes:
    """All documents of a packet in one PDF, each starting on a new page."""
    if not docs:
        raise ValueError("a packet PDF needs at least one document")
    return _render(list(docs), packet_key, created, footer)
