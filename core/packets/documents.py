"""Documents rendered from templates in data/ and a packet's answers.

A template is plain text: `# ` and `## ` start headings, blank lines separate paragraphs,
`{{step.field}}` inserts an answer (`|last4` masks it), `{{signature:ROLE}}` marks a signature line.
The hash covers exactly what the signer read: the rendered text, signature lines excluded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from core.forms.states import STATES
from core.kernel.crypto import mask_last4
from core.packets.program import DocumentSpec

PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9_.:]+)(\|[a-z0-9]+)?\s*\}\}")


@dataclass(frozen=True)
class Span:
    text: str
    is_data: bool = False
    """True for the producer's own data (blue in the PDF)."""


@dataclass(frozen=True)
class Block:
    kind: str
    """heading1, heading2, paragraph or signature."""
    spans: tuple[Span, ...] = ()
    role: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class SignatureMark:
    """A signature to draw on a signature line."""

    role: str
    name: str
    signed_at: str
    style: str = ""


@dataclass(frozen=True)
class RenderedDocument:
    id: str
    title: str
    blocks: tuple[Block, ...]
    needs_signature: bool
    signatures: tuple[SignatureMark, ...] = field(default=())

    @property
    def text(self) -> str:
        """The canonical text that is hashed and signed."""
        lines = []
        for block in self.blocks:
            if block.kind == "signature":
                lines.append(f"[signature line: {block.role}]")
            else:
                lines.append(block.text)
        return "\n\n".join(lines) + "\n"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def with_signatures(self, marks: list[SignatureMark]) -> RenderedDocument:
        return RenderedDocument(self.id, self.title, self.blocks, self.needs_signature, tuple(marks))

    def signature_for(self, role: str) -> SignatureMark | None:
        return next((m for m in self.signatures if m.role == role), None)


def _value(key: str, modifier: str, context: dict[str, Any]) -> str:
    value = context.get(key, "")
    if isinstance(value, list):
        value = ", ".join(STATES.name(v) for v in value)
    text = str(value or "")
    if modifier == "|last4":
        return mask_last4(text)
    if modifier == "|statenames":
        return ", ".join(STATES.name(v.strip()) for v in text.split(",") if v.strip())
    return text


def _spans(line: str, context: dict[str, Any]) -> tuple[Span, ...]:
    spans: list[Span] = []
    position = 0
    for match in PLACEHOLDER.finditer(line):
        if match.start() > position:
            spans.append(Span(line[position : match.start()]))
        spans.append(Span(_value(match.group(1), match.group(2) or "", context), is_data=True))
        position = match.end()
    if position < len(line):
        spans.append(Span(line[position:]))
    return tuple(spans)


def flatten(answers: dict[str, dict[str, Any]], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    context = {f"{step}.{name}": value for step, values in answers.items() for name, value in values.items()}
    context.update(extra or {})
    return context


def render(spec: DocumentSpec, context: dict[str, Any]) -> RenderedDocument:
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", spec.template_text().strip()):
        paragraph = " ".join(line.strip() for line in chunk.strip().splitlines())
        signature = re.fullmatch(r"\{\{\s*signature:([a-z_]+)\s*\}\}", paragraph)
        if signature:
            blocks.append(Block("signature", role=signature.group(1)))
        elif paragraph.startswith("## "):
            blocks.append(Block("heading2", _spans(paragraph[3:], context)))
        elif paragraph.startswith("# "):
            blocks.append(Block("heading1", _spans(paragraph[2:], context)))
        else:
            blocks.append(Block("paragraph", _spans(paragraph, context)))
    return RenderedDocument(spec.id, spec.title, tuple(blocks), spec.needs_signature)


@dataclass(frozen=True)
class DocumentState:
    spec: DocumentSpec
    document: RenderedDocument
    signed: bool
    reviewed: bool

    @property
    def done(self) -> bool:
        if self.spec.print_only:
            return True
        return self.signed if self.spec.needs_signature else self.reviewed

    @property
    def status_text(self) -> str:
        if self.spec.print_only:
            return "Print, complete and mail"
        if self.spec.needs_signature:
            return f"Signatures required ({1 if self.signed else 0} of 1)" if not self.signed else "Signed (1 of 1)"
        return "No signatures required" + (" (reviewed)" if self.reviewed else "")
