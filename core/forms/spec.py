"""The shape of a form: fields, sections, steps and the conditions between them, and their TOML loader."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from typing import Any

from core.kernel.config import DATA_DIR

FIELD_TYPES = {
    "text", "email", "phone", "zip", "state", "tin", "ssn", "date", "digits",
    "choice", "yesno", "checkbox", "states", "textarea", "url", "birthdate", "npn",
    "money", "routing", "bank_account", "upload",
}


@dataclass(frozen=True)
class Condition:
    """When a document applies: an answer equals a value, or a list answer contains one of values."""

    field: str = ""
    equals: str | None = None
    contains_any: tuple[str, ...] = ()

    def holds(self, answers: dict[str, dict[str, Any]], default_step: str = "") -> bool:
        """Whether it holds; a field named without its step is looked up in `default_step`."""
        if not self.field:
            return True
        step, _, name = self.field.partition(".") if "." in self.field else (default_step, "", self.field)
        value = answers.get(step, {}).get(name)
        if self.equals is not None:
            return str(value or "") == self.equals
        present = value if isinstance(value, list) else str(value or "").split(",")
        return any(v in present for v in self.contains_any)


@dataclass(frozen=True)
class FieldSpec:
    """One field: what it is, how it is checked and shown."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    readonly: bool = False
    pii: bool = False
    max_length: int = 120
    help: str = ""
    options: tuple[str, ...] = ()
    source: str = ""
    """Where the prefilled value comes from, e.g. producer.first_name."""
    placeholder: str = ""
    required_when: Condition | None = None
    """Required only when another answer of the same step holds (e.g. an explanation after Yes)."""
    rules: tuple[str, ...] = ()
    """Named rules (core/forms/named_rules.py), e.g. "not_po_box", "same_as:routing_number"."""
    accept: tuple[str, ...] = ()
    """Upload fields: the file extensions accepted, e.g. ("pdf", "png")."""
    max_bytes: int = 0
    """Upload fields: the largest file accepted in bytes (0: no limit)."""


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[FieldSpec, ...]
    note: str = ""
    copy_from: str = ""
    """"step.prefix_" of a section whose values this one can copy (and keep following)."""
    copy_label: str = ""

    @property
    def prefix(self) -> str:
        """The common prefix of this section's field names, e.g. "bus_"."""
        first = self.fields[0].name if self.fields else ""
        return first.split("_", 1)[0] + "_" if "_" in first else ""

    @property
    def copy_flag(self) -> str:
        """The answer that says the copy is on."""
        return f"{self.prefix}copy"


@dataclass(frozen=True)
class StepSpec:
    """A page of a wizard or a tab; `kind` picks the screen that draws it."""

    id: str
    title: str
    kind: str
    """info, form, documents, send or print."""
    stage: int = 0
    text: str = ""
    sections: tuple[Section, ...] = ()
    when: Condition = field(default_factory=lambda: Condition())
    """The step is part of the packet only when this holds (e.g. EFT for Level 5 agents)."""
    tab: bool = False
    """Drawn as one tab of the program's tabbed screen (programs with navigation = "tabs")."""
    widget: str = ""
    """A special tab body (e.g. licenses, appointments); empty: the generic form renderer."""
    short_title: str = ""
    """The tab label when the title is too long for an 80-column tab strip."""

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for s in self.sections for f in s.fields)


def _field(raw: dict[str, Any]) -> FieldSpec:
    kind = raw.get("type", "text")
    if kind not in FIELD_TYPES:
        raise ValueError(f"unknown field type {kind!r} for {raw['name']}")
    return FieldSpec(
        name=raw["name"],
        label=raw["label"],
        type=kind,
        required=raw.get("required", False),
        readonly=raw.get("readonly", False),
        pii=raw.get("pii", kind in ("ssn", "tin")),
        max_length=raw.get("max_length", 120),
        help=raw.get("help", ""),
        options=tuple(raw.get("options", ())) or _options_from(raw.get("options_from", "")),
        source=raw.get("source", ""),
        placeholder=raw.get("placeholder", ""),
        required_when=load_condition(raw["required_when"]) if "required_when" in raw else None,
        rules=tuple(raw.get("rules", ())),
        accept=tuple(raw.get("accept", ())),
        max_bytes=raw.get("max_bytes", 0),
    )


def _options_from(path: str) -> tuple[str, ...]:
    """Options kept in a data file (a JSON object with an "options" list), e.g. E&O carriers."""
    if not path:
        return ()
    return tuple(json.loads((DATA_DIR / path).read_text(encoding="utf-8"))["options"])


def load_condition(raw: dict[str, Any]) -> Condition:
    return Condition(
        field=raw.get("field", ""),
        equals=raw.get("equals"),
        contains_any=tuple(raw.get("contains_any", ())),
    )


def _questionnaire(path: str) -> Section:
    """Yes/No questions kept as data; a Yes makes the explanation below it required."""
    raw = tomllib.loads((DATA_DIR / path).read_text(encoding="utf-8"))
    fields: list[FieldSpec] = []
    for question in raw["questions"]:
        fields.append(FieldSpec(name=question["id"], label=question["text"], type="yesno", required=True))
        fields.append(
            FieldSpec(
                name=f"{question['id']}_explain",
                label="Explanation",
                type="textarea",
                max_length=1000,
                required_when=Condition(field=question["id"], equals="Yes"),
            )
        )
    return Section(title=raw.get("title", "Questions"), fields=tuple(fields), note=raw.get("note", ""))


def load_step(raw: dict[str, Any]) -> StepSpec:
    questionnaire = (_questionnaire(raw["questions"]),) if "questions" in raw else ()
    sections = questionnaire + tuple(
        Section(
            title=s["title"],
            note=s.get("note", ""),
            fields=tuple(_field(f) for f in s.get("fields", [])),
            copy_from=s.get("copy_from", ""),
            copy_label=s.get("copy_label", ""),
        )
        for s in raw.get("sections", [])
    )
    return StepSpec(
        id=raw["id"],
        title=raw["title"],
        kind=raw["kind"],
        stage=raw.get("stage", 0),
        text=raw.get("text", ""),
        sections=sections,
        when=load_condition(raw.get("when", {})),
        tab=raw.get("tab", False),
        widget=raw.get("widget", ""),
        short_title=raw.get("short_title", ""),
    )
