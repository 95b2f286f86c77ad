"""The shape of a program declaration and its loader (TOML files in data/programs)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from core.config import DATA_DIR

FIELD_TYPES = {
    "text", "email", "phone", "zip", "state", "tin", "ssn", "date", "digits",
    "choice", "yesno", "checkbox", "states", "textarea", "url",
}


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


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[FieldSpec, ...]
    note: str = ""


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

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for s in self.sections for f in s.fields)


@dataclass(frozen=True)
class Condition:
    """When a document applies: an answer equals a value, or a list answer contains one of values."""

    field: str = ""
    equals: str | None = None
    contains_any: tuple[str, ...] = ()

    def holds(self, answers: dict[str, dict[str, Any]]) -> bool:
        if not self.field:
            return True
        step, _, name = self.field.partition(".")
        value = answers.get(step, {}).get(name)
        if self.equals is not None:
            return str(value or "") == self.equals
        present = value if isinstance(value, list) else str(value or "").split(",")
        return any(v in present for v in self.contains_any)


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

    def step(self, step_id: str) -> StepSpec:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def next_step(self, step_id: str) -> StepSpec | None:
        ids = [s.id for s in self.steps]
        index = ids.index(step_id)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    def previous_step(self, step_id: str) -> StepSpec | None:
        ids = [s.id for s in self.steps]
        index = ids.index(step_id)
        return self.steps[index - 1] if index > 0 else None

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
        options=tuple(raw.get("options", ())),
        source=raw.get("source", ""),
        placeholder=raw.get("placeholder", ""),
    )


def _step(raw: dict[str, Any]) -> StepSpec:
    sections = tuple(
        Section(
            title=s["title"],
            note=s.get("note", ""),
            fields=tuple(_field(f) for f in s.get("fields", [])),
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
    )


def _document(raw: dict[str, Any]) -> DocumentSpec:
    when = raw.get("when", {})
    return DocumentSpec(
        id=raw["id"],
        title=raw["title"],
        template=raw["template"],
        signature=raw.get("signature", "required"),
        countersign=raw.get("countersign", False),
        when=Condition(
            field=when.get("field", ""),
            equals=when.get("equals"),
            contains_any=tuple(when.get("contains_any", ())),
        ),
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
