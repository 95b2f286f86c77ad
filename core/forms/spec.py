"""The shape of a form: fields, sections, steps and the conditions between them, and their TOML loader."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from typing import Any

from core.forms.conditions import ALWAYS, Condition, load_condition
from core.kernel.config import data_file

FIELD_TYPES = {
    "text", "email", "phone", "zip", "state", "tin", "ssn", "ein", "date", "digits",
    "choice", "yesno", "checkbox", "states", "textarea", "url", "birthdate", "npn",
    "money", "routing", "bank_account", "upload", "group", "computed", "password", "record", "option", "note",
}
# option: one of a named lookup's matches, typed by its label, stored by its value; record: one value per key
# of a named computation (a number per member); note: a line of text that follows the answers, never stored.
Answers = dict[str, dict[str, Any]]


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
    """Where the prefilled value comes from: profile.<attribute>, pdb.<name>, invite.<name>."""
    placeholder: str = ""
    required_when: Condition | None = None
    """Required only when this holds (e.g. an explanation after Yes)."""
    shown_when: Condition | None = None
    """Shown (and checked) only when this holds; otherwise kept but ignored (e.g. a mailing address)."""
    rules: tuple[str, ...] = ()
    """Named rules (core/forms/named_rules.py), e.g. "not_po_box", "same_as:routing_number"."""
    accept: tuple[str, ...] = ()
    """Upload fields: the file extensions accepted, e.g. ("pdf", "png")."""
    max_bytes: int = 0
    """Upload fields: the largest file accepted in bytes (0: no limit)."""
    fields: tuple[FieldSpec, ...] = ()
    """Group fields: the fields of one row (a household member, a life event)."""
    min_rows: int = 0
    max_rows: int = 0
    """Group fields: how many rows at least and at most (0: no limit)."""
    row_label: str = ""
    """Group fields: what one row is called ("Life event", "Dependent")."""
    row_title: str = ""
    """Group fields: the title over one row's fields where a row is edited (a modal); the label if empty."""
    too_few: str = ""
    too_many: str = ""
    """Group fields: what the person reads below min_rows / above max_rows ({min}, {max}); generic if empty."""
    last_row: str = ""
    """Group fields: what the person reads removing a row at min_rows; generic if empty."""
    compute: str = ""
    """Computed fields: a named core function of the answers (core.forms.registry)."""
    lookup: str = ""
    """A named provider of options or matches (counties, carriers, plans...), in core.forms.registry."""
    fills: tuple[tuple[str, str], ...] = ()
    """Lookups that fill other fields: (field of this step, key of the provider's match)."""
    keep_typed: tuple[str, ...] = ()
    """Fields of `fills` filled only while empty (a city already typed stays)."""
    choices: str = ""
    """How a choice is drawn: "" (the renderer decides from the number of options), "radio" or "list"."""
    default: str = ""
    """The value the field starts with, in a form or a new row of a group (e.g. Tobacco Use "No")."""
    columns: tuple[str, ...] = ()
    """Group fields: the row fields its list shows, in order (empty: the first few)."""
    consent: Consent | None = None
    type_ahead: TypeAhead | None = None
    """Options a named provider gives the signed-in person (core.forms.providers): suggestions, a list on a key."""
    disabled_when: Disabled | None = None
    action: Action | None = None
    """A button under the field whose named computation fills it (Calculate Effective Date)."""
    text: str = ""
    """Note fields: Rich markup with places filled from the answers (core.forms.lookups.filled)."""
    restrict: str = ""
    """A pattern what is typed must keep matching (r"\\d*": digits only), in each input of the field."""
    unknown: str = ""
    """Option fields: what the person reads while the text typed is none of the options."""
    record: Record | None = None
    wide: bool = False
    """Drawn from the left edge across the line, not in the value column (a checkbox with a statement)."""

    @property
    def profile(self) -> str:
        """The producer-profile attribute this field reads and (when editable) updates, or ""."""
        origin, _, attribute = self.source.partition(".")
        return attribute if origin == "profile" else ""

    @property
    def is_group(self) -> bool:
        return self.type == "group"

    @property
    def row_step(self) -> StepSpec:
        """Group fields: one row as a small form of its own (what a modal draws and checks)."""
        return StepSpec(self.name, self.label, "form", sections=(Section(self.row_title or self.label, self.fields),))


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[FieldSpec, ...]
    note: str = ""
    copy_from: str = ""
    """"step.prefix_" of a section whose values this one can copy (and keep following)."""
    copy_label: str = ""
    shown_when: Condition | None = None

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
class Reading:
    """A text a key opens over a step (a statement, a disclosure): read there, not answered."""

    key: str
    label: str
    """What the footer calls the key."""
    title: str
    text: str
    """A file under data/; a first line "source: ..." is not shown."""

    def body(self) -> str:
        return read_text(self.text)


def read_text(path: str) -> str:
    """A text file under data/ without its first line "source: ..."."""
    lines = data_file(path).read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[1:] if lines and lines[0].startswith("source:") else lines).strip()


@dataclass(frozen=True)
class Search:
    """A key that opens a search over a named lookup (core.forms.registry); the match picked fills the step."""

    key: str
    title: str
    lookup: str
    hint: str = ""
    label: str = ""
    """What the footer calls the key (the title when empty); the title may name answers (lookups.filled)."""
    into: str = ""
    """A record field: the match's value goes into its focused key (else the step's fields it fills)."""
    refused: str = ""
    """What the person reads when `into` is hidden (the search does not apply)."""


@dataclass(frozen=True)
class Consent:
    """A text the person must agree to when a field's answer asks for it (e.g. Terms and Agreements when
    the client is in person): it opens as the field is left; the answer is kept in `flag` ("true"/"false")."""

    when: Condition
    flag: str
    title: str
    text: str
    agree: str = "I agree"
    accepted: str = ""
    pending: str = ""


@dataclass(frozen=True)
class TypeAhead:
    """A field's options from a provider that receives the actor: suggested as typed, listed on `key`; the one
    typed fills the step's fields named in the field's `fills` and shows `detail` ({key} of the match) below."""

    provider: str
    data: str = ""
    """The data file the provider reads, under data/."""
    key: str = ""
    label: str = ""
    """What the footer calls the key."""
    title: str = ""
    hint: str = ""
    detail: str = ""
    empty: str = ""
    """The detail line while what is typed is none of the options."""


@dataclass(frozen=True)
class Record:
    """A record field's keys (a named computation of the answers and today), each key's label (a format of
    {key}) and, when named, a button copying the focused (else the first) value to every key."""

    keys: str
    label: str = "{key}"
    same: str = ""


@dataclass(frozen=True)
class Disabled:
    """A field that can't be changed while a named computation of (answers, today) is true, with a note either way."""

    compute: str
    note: str = ""
    otherwise: str = ""


@dataclass(frozen=True)
class Action:
    """A button whose named computed action (core.forms.providers) fills the field and shows its problems."""

    label: str
    compute: str


@dataclass(frozen=True)
class CrossRule:
    """A rule across fields written as data (`[[steps.cross_rules]]`): while `when` holds, `then` must hold too,
    else `message` is said at `field`. `must = "set"` (the default) or `"empty"` is short for `then` on the field
    itself; on a group, `rows` with `max_rows` allows at most that many rows that match."""

    field: str
    message: str
    when: Condition = ALWAYS
    then: Condition = ALWAYS
    rows: Condition | None = None
    max_rows: int = 0

    def broken(self, answers: Answers, step_id: str) -> bool:
        if not self.when.holds(answers, step_id):
            return False
        if self.rows is not None:
            rows = answers.get(step_id, {}).get(self.field)
            rows = rows if isinstance(rows, list) else []
            return sum(1 for r in rows if isinstance(r, dict) and self.rows.holds({"row": r}, "row")) > self.max_rows
        return not self.then.holds(answers, step_id)


def _cross_rule(raw: dict[str, Any]) -> CrossRule:
    unknown = set(raw) - {"field", "message", "when", "then", "must", "rows", "max_rows"}
    if unknown:  # a step's own key written after its [[steps.cross_rules]] lands here
        raise ValueError(f"cross rule on {raw.get('field')}: unknown keys {sorted(unknown)}")
    must = raw.get("must", "" if "then" in raw or "rows" in raw else "set")
    if must not in ("", "set", "empty"):
        raise ValueError(f"cross rule on {raw['field']}: must is set or empty, not {must!r}")
    then = load_condition(raw["then"]) if "then" in raw else ALWAYS
    if must:
        then = Condition(field=raw["field"], is_set=must == "set")
    return CrossRule(raw["field"], raw["message"], load_condition(raw.get("when", {})), then,
                     load_condition(raw["rows"]) if "rows" in raw else None, raw.get("max_rows", 0))


@dataclass(frozen=True)
class StepSpec:
    """A page of a wizard or a tab; `kind` picks the body that draws it."""

    id: str
    title: str
    kind: str
    """info, form, documents, send, print, summary, or a program body named in `body`."""
    stage: int = 0
    text: str = ""
    sections: tuple[Section, ...] = ()
    when: Condition = field(default_factory=lambda: ALWAYS)
    """The step is part of the packet only when this holds (e.g. EFT for Level 5 agents)."""
    tab: bool = False
    """Drawn as one tab of the program's tabbed screen (programs with navigation = "tabs")."""
    body: str = ""
    """A body of its own for what is truly unlike a form (licenses with fees, the plan comparison)."""
    short_title: str = ""
    """The tab label when the title is too long for an 80-column tab strip."""
    checks: tuple[str, ...] = ()
    """Named step checks registered in core for rules across fields (core.forms.registry)."""
    cross_rules: tuple[CrossRule, ...] = ()
    """Rules across fields declared as data; they run after the fields' own checks, before the named ones."""
    readings: tuple[Reading, ...] = ()
    """Texts a key opens over the step (Know Your Rights, a proxy statement)."""
    searches: tuple[Search, ...] = ()
    """Keys that search a named lookup and fill the step from the match picked (a client, an address)."""
    footnotes: tuple[str, ...] = ()
    """Texts under data/ shown under the form (consents the person reads out)."""
    note: str = ""
    """A dim line under the form (what its answers lead to)."""
    normalise: tuple[str, ...] = ()
    """Named normalisers (core.forms.providers) a save runs on the step's values."""
    pii: bool = False
    """Every answer of the step is personal (a client's application): all of them are stored encrypted."""

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for s in self.sections for f in s.fields)

    @property
    def widget(self) -> str:
        """Old name of `body`."""
        return self.body

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.id}.{name}")


def load_field(raw: dict[str, Any]) -> FieldSpec:
    kind = raw.get("type", "text")
    if kind not in FIELD_TYPES:
        raise ValueError(f"unknown field type {kind!r} for {raw['name']}")
    return FieldSpec(
        name=raw["name"],
        label=raw.get("label", ""),
        type=kind,
        required=raw.get("required", False),
        readonly=raw.get("readonly", kind in ("computed", "note")),
        pii=raw.get("pii", kind in ("ssn", "tin", "ein")),
        max_length=raw.get("max_length", 120),
        help=raw.get("help", ""),
        options=tuple(raw.get("options", ())) or _options_from(raw.get("options_from", "")),
        source=_source(raw.get("source", "")),
        placeholder=raw.get("placeholder", ""),
        required_when=load_condition(raw["required_when"]) if "required_when" in raw else None,
        shown_when=load_condition(raw["shown_when"]) if "shown_when" in raw else None,
        rules=tuple(raw.get("rules", ())),
        accept=tuple(raw.get("accept", ())),
        max_bytes=raw.get("max_bytes", 0),
        fields=tuple(load_field(f) for f in raw.get("fields", ())),
        min_rows=raw.get("min_rows", 0),
        max_rows=raw.get("max_rows", 0),
        row_label=raw.get("row_label", ""),
        row_title=raw.get("row_title", ""),
        too_few=raw.get("too_few", ""),
        too_many=raw.get("too_many", ""),
        last_row=raw.get("last_row", ""),
        compute=raw.get("compute", ""),
        lookup=raw.get("lookup", ""),
        fills=tuple((k, v) for k, v in raw.get("fills", {}).items()),
        keep_typed=tuple(raw.get("keep_typed", ())),
        choices=raw.get("choices", ""),
        default=raw.get("default", ""),
        columns=tuple(raw.get("columns", ())),
        consent=_consent(raw["consent"]) if "consent" in raw else None,
        type_ahead=TypeAhead(**raw["type_ahead"]) if "type_ahead" in raw else None,
        disabled_when=Disabled(**raw["disabled_when"]) if "disabled_when" in raw else None,
        action=Action(**raw["action"]) if "action" in raw else None,
        text=raw.get("text", ""),
        restrict=raw.get("restrict", ""),
        unknown=raw.get("unknown", ""),
        record=Record(**raw["record"]) if "record" in raw else None,
        wide=raw.get("wide", False),
    )


def _consent(raw: dict[str, Any]) -> Consent:
    return Consent(load_condition(raw["when"]), raw["flag"], raw["title"], raw["text"], raw.get("agree", "I agree"),
                   raw.get("accepted", ""), raw.get("pending", ""))


def _source(text: str) -> str:
    # "producer.x" is the older spelling of the profile source.
    return "profile." + text.removeprefix("producer.") if text.startswith("producer.") else text


def _options_from(path: str) -> tuple[str, ...]:
    """Options kept in a data file: a JSON object's "options" list, e.g. E&O carriers, or the list named
    after "#" ("ethnicity.json#race"); a list of objects gives each one's "label"."""
    if not path:
        return ()
    path, _, key = path.partition("#")
    items = json.loads(data_file(path).read_text(encoding="utf-8"))[key or "options"]
    return tuple(item["label"] if isinstance(item, dict) else item for item in items)


def _questionnaire(path: str) -> Section:
    """Yes/No questions kept as data; a Yes makes the explanation below it required."""
    raw = tomllib.loads(data_file(path).read_text(encoding="utf-8"))
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


def load_section(raw: dict[str, Any]) -> Section:
    return Section(
        title=raw.get("title", ""),
        note=raw.get("note", ""),
        fields=tuple(load_field(f) for f in raw.get("fields", [])),
        copy_from=raw.get("copy_from", ""),
        copy_label=raw.get("copy_label", ""),
        shown_when=load_condition(raw["shown_when"]) if "shown_when" in raw else None,
    )


def load_step(raw: dict[str, Any]) -> StepSpec:
    questionnaire = (_questionnaire(raw["questions"]),) if "questions" in raw else ()
    return StepSpec(
        id=raw["id"],
        title=raw["title"],
        kind=raw["kind"],
        stage=raw.get("stage", 0),
        text=raw.get("text", ""),
        sections=questionnaire + tuple(load_section(s) for s in raw.get("sections", [])),
        when=load_condition(raw.get("when", {})),
        tab=raw.get("tab", False),
        body=raw.get("body", raw.get("widget", "")),
        short_title=raw.get("short_title", ""),
        checks=tuple(raw.get("checks", ())),
        cross_rules=tuple(_cross_rule(r) for r in raw.get("cross_rules", ())),
        readings=tuple(Reading(r["key"], r.get("label", r["title"]), r["title"], r["text"]) for r in raw.get("readings", ())),
        searches=tuple(Search(**r) for r in raw.get("searches", ())),
        footnotes=tuple(raw.get("footnotes", ())),
        note=raw.get("note", ""),
        normalise=tuple(raw.get("normalise", ())),
        pii=raw.get("pii", False),
    )


def load_steps(path: str) -> tuple[StepSpec, ...]:
    """The steps of a declaration under data/ (its `[[steps]]`), once the modules it names have registered
    their names: for a program whose records are not packets (its own table and screens)."""
    from core.forms import lookups
    from core.forms.registry import load_modules

    raw = tomllib.loads(data_file(path).read_text(encoding="utf-8"))
    load_modules(tuple(raw.get("modules", ())))
    lookups.register(raw.get("lookups", {}))
    return tuple(load_step(s) for s in raw["steps"])


def load_form(path: str) -> StepSpec:
    """A stand-alone form (a portal page, a modal) declared in its own TOML file under data/."""
    return load_step(tomllib.loads(data_file(path).read_text(encoding="utf-8")))
