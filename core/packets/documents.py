"""Documents rendered from templates in data/ and a packet's answers, and how values read in them.

A template is plain text: `# ` and `## ` start headings, blank lines separate paragraphs,
`{{step.field}}` inserts an answer (`|last4` masks it, `|statenames`, `|yesno`, `|date` and `|money`
format it), `[[ ... ]]` is an optional part, left out with its words and punctuation unless every
answer directly inside it has a value (a part holding only nested parts stays when one of them
does), and `{{signature:ROLE}}` marks a signature line. A paragraph left empty is dropped.
Every value goes through `display`, the one formatting path of documents: Yes/No, MM/DD/YYYY,
$1,234.56, lists joined, spaces collapsed.

Directives (`{{#if}}`, `{{#each}}`, `{{#answers}}`, `{{#include}}`) and `{{computed:NAME}}` lay out
parts of a document from the answers and the declaration: see core/packets/directives.py.
The hash covers exactly what the signer read: the rendered text, signature lines excluded.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from core.forms.fields import parse_date
from core.forms.spec import FieldSpec, StepSpec
from core.forms.states import STATES
from core.forms.upload_rules import digest_key
from core.forms.values import money_text, parse_money
from core.kernel.crypto import mask_last4
from core.packets.program import DocumentSpec, Program

if TYPE_CHECKING:
    from core.packets.directives import Declared

_TOKEN = re.compile(r"\[\[|\]\]|\{\{\s*([a-z0-9_.:]+)(\|[a-z0-9]+)?\s*\}\}")
_SIGNATURE = re.compile(r"\{\{\s*signature:([a-z_]+)\s*\}\}")
_BOOLEANS = {"true": "Yes", "false": "No"}


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
    statement: str = ""
    """What is printed under the line instead of "Electronically signed by NAME on DATE"."""


@dataclass(frozen=True)
class Approval:
    """A document that is fully executed only once someone approves it besides its signers."""

    by: str
    """Who approves, e.g. the carrier's home office."""
    on: str = ""
    """When they approved (MM/DD/YYYY); empty while the approval is pending."""


@dataclass(frozen=True)
class RenderedDocument:
    id: str
    title: str
    blocks: tuple[Block, ...]
    needs_signature: bool
    signatures: tuple[SignatureMark, ...] = field(default=())
    approval: Approval | None = None

    @cached_property
    def text(self) -> str:
        """The canonical text that is hashed and signed."""
        lines = []
        for block in self.blocks:
            if block.kind == "signature":
                lines.append(f"[signature line: {block.role}]")
            else:
                lines.append(block.text)
        return "\n\n".join(lines) + "\n"

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def with_signatures(self, marks: list[SignatureMark], approval: Approval | None = None) -> RenderedDocument:
        return RenderedDocument(self.id, self.title, self.blocks, self.needs_signature, tuple(marks),
                                approval or self.approval)

    def signature_for(self, role: str) -> SignatureMark | None:
        return next((m for m in self.signatures if m.role == role), None)


# --- values -------------------------------------------------------------------------------------


def typed(value: Any, kind: str = "") -> Any:
    """An answer as the value it stands for: a checkbox's "true" as True, a date as a date, money as Decimal."""
    if isinstance(value, str):
        text = value.strip()
        if kind in ("checkbox", "yesno") and text in _BOOLEANS:
            return text == "true"
        if kind in ("date", "birthdate"):
            return parse_date(text) or text
        if kind == "money":
            amount = parse_money(text)
            return text if amount is None else amount
        return text
    if kind == "states" and isinstance(value, list | tuple):
        return [STATES.name(str(code)) for code in value]
    return value


def display(value: Any, kind: str = "") -> str:
    """How any value reads in a document; empty when there is nothing to show."""
    value = typed(value, kind)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return f"{value:%m/%d/%Y}"
    if isinstance(value, Decimal) or (kind == "money" and isinstance(value, int | float)):
        return money_text(value)
    if isinstance(value, list | tuple):
        return ", ".join(part for part in (display(v) for v in value) if part)
    if isinstance(value, dict):
        return ""  # a row of a list is laid out by whoever prints it, never dumped
    text = " ".join(str(value).split())
    return _BOOLEANS.get(text, text)


def _modified(value: Any, modifier: str) -> str:
    if modifier == "|last4":
        return mask_last4(display(value))
    if modifier == "|statenames":
        parts = value if isinstance(value, list | tuple) else str(value or "").split(",")
        return ", ".join(STATES.name(str(p).strip()) for p in parts if str(p).strip())
    kind = {"|yesno": "checkbox", "|date": "date", "|money": "money"}.get(modifier, "")
    return display(value, kind)


# --- templates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    key: str
    modifier: str


@dataclass(frozen=True)
class _Optional:
    parts: tuple[str | _Slot | _Optional, ...]


def _parse(paragraph: str) -> tuple[str | _Slot | _Optional, ...]:
    """A paragraph as text, slots and optional parts (nested as written)."""
    stack: list[list[str | _Slot | _Optional]] = [[]]
    position = 0
    for match in _TOKEN.finditer(paragraph):
        if match.start() > position:
            stack[-1].append(paragraph[position : match.start()])
        token = match.group(0)
        if token == "[[":
            stack.append([])
        elif token == "]]":
            if len(stack) == 1:
                raise ValueError(f"']]' without '[[' in template paragraph: {paragraph[:60]!r}")
            inner = stack.pop()
            stack[-1].append(_Optional(tuple(inner)))
        else:
            stack[-1].append(_Slot(match.group(1), match.group(2) or ""))
        position = match.end()
    if position < len(paragraph):
        stack[-1].append(paragraph[position:])
    if len(stack) != 1:
        raise ValueError(f"'[[' without ']]' in template paragraph: {paragraph[:60]!r}")
    return tuple(stack[0])


def _fill(parts: Iterable[str | _Slot | _Optional], context: Mapping[str, Any], optional: bool) -> list[Span] | None:
    """The spans of parts; None when an optional part must be left out."""
    spans: list[Span] = []
    own_slots = 0
    kept_inner = False
    for part in parts:
        if isinstance(part, str):
            spans.append(Span(part))
        elif isinstance(part, _Slot):
            own_slots += 1
            text = _modified(context.get(part.key), part.modifier)
            if optional and not text:
                return None
            spans.append(Span(text, is_data=True))
        else:
            inner = _fill(part.parts, context, optional=True)
            if inner is not None:
                kept_inner = True
                spans.extend(inner)
    if optional and not own_slots and not kept_inner:
        return None
    return spans


def tidy(spans: Iterable[Span]) -> tuple[Span, ...]:
    """One space between words across spans, none at either end, no empty spans."""
    out: list[Span] = []
    space_before = True  # swallow leading whitespace
    for span in spans:
        text = re.sub(r"\s+", " ", span.text)
        if space_before:
            text = text.lstrip(" ")
        if not text:
            continue
        space_before = text.endswith(" ")
        out.append(Span(text, span.is_data))
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip(" "):
            out.append(Span(last.text.rstrip(" "), last.is_data))
    return tuple(out)


def spans_of(text: str, context: Mapping[str, Any]) -> tuple[Span, ...]:
    """A template paragraph with its answers filled in and optional parts resolved."""
    return tidy(_fill(_parse(text), context, optional=False) or [])


def field_kinds(program: Program | Iterable[StepSpec]) -> dict[str, str]:
    """The type of every declared answer, "step.field" -> "checkbox", "date", "money"..."""
    steps = program.steps if isinstance(program, Program) else program
    return {f"{step.id}.{spec.name}": spec.type for step in steps for spec in step.fields}


def _with_digest(filename: Any, digest: Any) -> Any:
    """An uploaded file as a document names it: its name and the start of its SHA-256."""
    return f"{filename} (SHA-256 {digest[:16]})" if filename and isinstance(digest, str) else filename


def flatten(
    answers: dict[str, dict[str, Any]], extra: dict[str, Any] | None = None, kinds: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Answers as "step.field" keys with typed values (see `typed`), plus extra values as given."""
    kinds = kinds or {}
    context = {
        f"{step}.{name}": typed(_with_digest(value, values.get(digest_key(name)))
                                if kinds.get(f"{step}.{name}") == "upload" else value,
                                kinds.get(f"{step}.{name}", ""))
        for step, values in answers.items()
        for name, value in values.items()
    }
    context.update(extra or {})
    return context


def label_value(label: str, value: Any, spec: FieldSpec | None = None, *, masked: bool = False) -> Block | None:
    """A "Label: value" paragraph for generated documents; None when there is no value to show."""
    text = display(value, spec.type if spec else "")
    if not text:
        return None
    if masked:
        text = mask_last4(text)
    return Block("paragraph", tidy((Span(f"{label.rstrip(': ')}: "), Span(text, is_data=True))))


def paragraphs(text: str, context: Mapping[str, Any], literal: bool = False) -> list[Block]:
    """Paragraphs separated by blank lines: headings, signature lines, text with its values filled in."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        paragraph = " ".join(line.strip() for line in chunk.strip().splitlines())
        signature = None if literal else _SIGNATURE.fullmatch(paragraph)
        if signature:
            blocks.append(Block("signature", role=signature.group(1)))
            continue
        kind, body = "paragraph", paragraph
        if paragraph.startswith("## "):
            kind, body = "heading2", paragraph[3:]
        elif paragraph.startswith("# "):
            kind, body = "heading1", paragraph[2:]
        spans = tidy((Span(body),)) if literal else spans_of(body, context)
        if spans:
            blocks.append(Block(kind, spans))
    return blocks


_RENDERED: OrderedDict[tuple[str, ...], RenderedDocument] = OrderedDict()
_RENDERED_LOCK = threading.Lock()
_RENDERED_MAX = 64


def render(spec: DocumentSpec, context: dict[str, Any], declared: Declared | None = None) -> RenderedDocument:
    """The document as the signer reads it; the same template and values give the same (shared, frozen) result.

    Remembered: a packet's documents are rendered again on every visit of its documents tab, every
    save and every signature, nearly always from unchanged answers.
    """
    template = spec.template_text()
    values = repr(sorted(context.items(), key=lambda item: item[0])) + repr(declared)
    key = (spec.id, spec.title, spec.signature, hashlib.blake2b((template + "\0" + values).encode("utf-8")).hexdigest())
    with _RENDERED_LOCK:
        found = _RENDERED.get(key)
        if found is not None:
            _RENDERED.move_to_end(key)
            return found
    rendered = _render(spec, template, context, declared)
    with _RENDERED_LOCK:
        _RENDERED[key] = rendered
        while len(_RENDERED) > _RENDERED_MAX:
            _RENDERED.popitem(last=False)
    return rendered


def _render(spec: DocumentSpec, template: str, context: dict[str, Any], declared: Declared | None) -> RenderedDocument:
    from core.packets.directives import layout

    return RenderedDocument(spec.id, spec.title, tuple(layout(template, context, declared)), spec.needs_signature)


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
