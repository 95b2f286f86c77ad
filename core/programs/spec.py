"""The shape of a program declaration and its loader (TOML files in data/programs)."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from core.config import DATA_DIR

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
    """Named rules (core/rules/named_rules.py), e.g. "not_po_box", "same_as:routing_number"."""
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


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    title: str
    template: str
    signature: str = "required"
    """required (the producer signs) or review (read, then Next)."""
    countersign: bool = False
    when: Condition = field(default_factory=Condition)

    @property
    def needs_signature(self) -> bool:
        return self.signature == "required"

    @property
    def print_only(self) -> bool:
        """Printed, filled on paper and mailed: never signed or reviewed in the app."""
        return self.signature == "print"

    def template_text(self) -> str:
        return (DATA_DIR / self.template).read_text(encoding="utf-8")


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 6
    require_digit: bool = True
    require_lower: bool = True
    require_upper: bool = True
    require_any_class: bool = False
    """True: a digit, a lower or an upper case letter is enough (seed 001)."""
    forbid_username: bool = False
    history: int = 0
    max_length: int = 128


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 4
    auto_unlock_minutes: int = 0
    """0: only a rep or admin unlocks."""
    temp_password_minutes: int = 30
    temp_password_length: int = 8


@dataclass(frozen=True)
class Program:
    id: str
    title: str
    carrier: str
    source: str
    stages: tuple[str, ...]
    statuses: dict[str, str]
    steps: tuple[StepSpec, ...]
    documents: tuple[DocumentSpec, ...]
    password_policy: PasswordPolicy
    login_policy: LoginPolicy
    consent_template: str
    consent_version: str
    emails: dict[str, dict[str, str]]
    service_center: dict[str, str]
    key_prefix: str
    invite_requires_tin: bool = True
    """False when the producer enters their own SSN in the interview (e-vites)."""
    adopt_signature: bool = False
    """True: the first signature asks to adopt a name, initials and style (DocuSign-like)."""
    texts: dict[str, str] = field(default_factory=dict)
    """Named text files in data/ that screens show (user agreement, JIT explanation...)."""
    generated_documents: tuple[str, ...] = ()
    """Documents built from the packet itself for Print Packet: "summary", "certificate"."""
    signature_styles: tuple[str, ...] = ("script", "formal", "plain")
    navigation: str = "wizard"
    """wizard (one step after another) or tabs (the tab steps drawn together, seed 001)."""
    login_domain: str = ""
    """A domain the producer types at login (seed 001: HCSC); empty when there is none."""
    locked_statuses: tuple[str, ...] = ()
    """Statuses in which the producer can no longer change the packet (besides sent/countersigned)."""
    settings: dict[str, Any] = field(default_factory=dict)
    """Program-specific choices kept as data (offered states, invitation password hours...)."""

    @property
    def tabs(self) -> tuple[StepSpec, ...]:
        """The steps drawn as tabs, in order."""
        return tuple(s for s in self.steps if s.tab)

    def steps_for(self, answers: dict[str, dict[str, Any]]) -> list[StepSpec]:
        """The steps that apply to a packet with these answers."""
        return [s for s in self.steps if s.when.holds(answers)]

    def step(self, step_id: str) -> StepSpec:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def _neighbour(self, step_id: str, answers: dict[str, dict[str, Any]] | None, offset: int) -> StepSpec | None:
        applicable = {s.id for s in (self.steps_for(answers) if answers is not None else self.steps)}
        ids = [s.id for s in self.steps]
        index = ids.index(step_id) + offset
        while 0 <= index < len(ids):
            if ids[index] in applicable:
                return self.steps[index]
            index += offset
        return None

    def next_step(self, step_id: str, answers: dict[str, dict[str, Any]] | None = None) -> StepSpec | None:
        """The next step that applies (all steps when no answers are given)."""
        return self._neighbour(step_id, answers, 1)

    def previous_step(self, step_id: str, answers: dict[str, dict[str, Any]] | None = None) -> StepSpec | None:
        return self._neighbour(step_id, answers, -1)

    def documents_for(self, answers: dict[str, dict[str, Any]]) -> list[DocumentSpec]:
        return [d for d in self.documents if d.when.holds(answers)]

    def field(self, qualified: str) -> FieldSpec:
        step_id, _, name = qualified.partition(".")
        for spec in self.step(step_id).fields:
            if spec.name == name:
                return spec
        raise KeyError(qualified)

    def consent_text(self) -> str:
        return (DATA_DIR / self.consent_template).read_text(encoding="utf-8")


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
        required_when=_condition(raw["required_when"]) if "required_when" in raw else None,
        rules=tuple(raw.get("rules", ())),
        accept=tuple(raw.get("accept", ())),
        max_bytes=raw.get("max_bytes", 0),
    )


def _options_from(path: str) -> tuple[str, ...]:
    """Options kept in a data file (a JSON object with an "options" list), e.g. E&O carriers."""
    if not path:
        return ()
    return tuple(json.loads((DATA_DIR / path).read_text(encoding="utf-8"))["options"])


def _condition(raw: dict[str, Any]) -> Condition:
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


def _step(raw: dict[str, Any]) -> StepSpec:
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
        when=_condition(raw.get("when", {})),
        tab=raw.get("tab", False),
        widget=raw.get("widget", ""),
        short_title=raw.get("short_title", ""),
    )


def _document(raw: dict[str, Any]) -> DocumentSpec:
    return DocumentSpec(
        id=raw["id"],
        title=raw["title"],
        template=raw["template"],
        signature=raw.get("signature", "required"),
        countersign=raw.get("countersign", False),
        when=_condition(raw.get("when", {})),
    )


def load_program(path: Path) -> Program:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return Program(
        id=raw["id"],
        title=raw["title"],
        carrier=raw["carrier"],
        source=raw.get("source", ""),
        stages=tuple(raw["stages"]),
        statuses=dict(raw["statuses"]),
        steps=tuple(_step(s) for s in raw["steps"]),
        documents=tuple(_document(d) for d in raw.get("documents", [])),
        password_policy=PasswordPolicy(**raw.get("password_policy", {})),
        login_policy=LoginPolicy(**raw.get("login_policy", {})),
        consent_template=raw["consent"]["template"],
        consent_version=raw["consent"]["version"],
        emails=dict(raw.get("emails", {})),
        service_center=dict(raw.get("service_center", {})),
        key_prefix=raw.get("key_prefix", "PK"),
        invite_requires_tin=raw.get("invite_requires_tin", True),
        adopt_signature=raw.get("adopt_signature", False),
        texts=dict(raw.get("texts", {})),
        generated_documents=tuple(raw.get("generated_documents", ())),
        signature_styles=tuple(raw.get("signature_styles", ("script", "formal", "plain"))),
        navigation=raw.get("navigation", "wizard"),
        login_domain=raw.get("login_domain", ""),
        locked_statuses=tuple(raw.get("locked_statuses", ())),
        settings=dict(raw.get("settings", {})),
    )


@cache
def programs() -> dict[str, Program]:
    """Every program declared in data/programs."""
    found = {}
    for path in sorted((DATA_DIR / "programs").glob("*.toml")):
        declared = load_program(path)
        found[declared.id] = declared
    return found


def program(program_id: str) -> Program:
    return programs()[program_id]
