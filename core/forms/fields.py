"""Checks for declared fields: one function per type, one entry point for a whole step."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from core.forms import named_rules, registry
from core.forms.header import HeaderItem
from core.forms.identifiers import digits_only, ein_problem, ssn_problem
from core.forms.lookups import declared_value
from core.forms.spec import Answers, FieldSpec, Section, StepSpec
from core.forms.states import STATES
from core.forms.values import parse_date

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
URL = re.compile(r"^(https?://)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(/\S*)?$")
# C0 and C1 controls (escape sequences start with \x1b or \x9b), DEL, line and paragraph separators and
# bidirectional overrides: never stored, whatever the field. A textarea keeps its line breaks (\n) only.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
CONTROL_MULTILINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
CHECKBOX_VALUES = ("", "true", "false")


def has_control(spec: FieldSpec, value: Any) -> bool:
    """Whether a value (or any text inside a list or group of them) holds a control character."""
    if isinstance(value, str):
        return (CONTROL_MULTILINE if spec.type == "textarea" else CONTROL).search(value) is not None
    if isinstance(value, (list, tuple)):
        return any(has_control(spec, item) for item in value)
    if isinstance(value, dict):
        return any(has_control(spec, item) for item in value.values())
    return False


def field_problem(spec: FieldSpec, value: Any, today: date | None = None) -> str | None:
    """What is wrong with one value of a field, or None."""
    if has_control(spec, value):
        return f"{spec.label} contains control characters."
    if isinstance(value, dict):
        return f"{spec.label} is required." if spec.required and not value else None
    if isinstance(value, list):
        if spec.required and not value:
            return f"{spec.label} is required."
        unknown = [v for v in value if spec.type == "states" and v not in STATES]
        return f"Unknown state {unknown[0]}." if unknown else None
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    if spec.type == "checkbox":
        if text not in CHECKBOX_VALUES:
            return f"{spec.label}: check or clear the box."
        return f"{spec.label} must be checked." if spec.required and text != "true" else None
    if not text.strip():
        return f"{spec.label} is required." if spec.required else None
    if len(text) > spec.max_length:
        return f"{spec.label} can be at most {spec.max_length} characters."
    check = _TYPE_CHECKS.get(spec.type)
    return check(spec, text.strip(), today) if check else None


def _email(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    return None if EMAIL.match(text) else f"{spec.label}: enter an address like name@example.com."


def _phone(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    number = digits_only(text)
    if len(number) != 10 or re.search(r"[^\d\s().+-]", text):
        return f"{spec.label}: enter 10 digits, e.g. 555-666-7777."
    if number[0] in "01":
        return f"{spec.label}: a US area code does not start with 0 or 1."
    return None


def _zip(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    return None if re.fullmatch(r"\d{5}(-\d{4})?", text) else f"{spec.label}: enter 5 digits or ZIP+4."


def _state(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    return None if text.upper() in STATES else f"{spec.label}: enter a two-letter state code, e.g. TX."


def _ssn(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    return ssn_problem(text)


def _tin(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    if ssn_problem(text) is None or ein_problem(text) is None:
        return None
    return f"{spec.label}: enter a valid SSN (AAA-GG-SSSS) or EIN (XX-XXXXXXX)."


def _ein(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    problem = ein_problem(text)
    return f"{spec.label}: {problem}" if problem else None


def _digits(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    return None if text.isdigit() else f"{spec.label} takes digits only."


def date_format(spec: FieldSpec) -> str:
    """The format the field asks for: MM-DD-YYYY where its placeholder or label prints it, else MM/DD/YYYY."""
    return "MM-DD-YYYY" if "MM-DD-YYYY" in (spec.placeholder or "") + spec.label else "MM/DD/YYYY"


def _date(spec: FieldSpec, text: str, today: date | None) -> str | None:
    parsed = parse_date(text)
    if parsed is None:
        return f"{spec.label}: enter a real date as {date_format(spec)}."
    return None


def _birthdate(spec: FieldSpec, text: str, today: date | None) -> str | None:
    parsed = parse_date(text)
    if parsed is None:
        return f"{spec.label}: enter a date that exists, as {date_format(spec)}."
    if today is not None and parsed > today:
        return f"{spec.label} can't be in the future."
    if today is not None and parsed.year < today.year - 120:
        return f"{spec.label}: check the year."
    return None


def _npn(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    if not text.isdigit() or len(text) > 10:
        return f"{spec.label}: the National Producer Number is digits only, at most 10."
    return None


def _choice(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    if text in spec.options:
        return None
    if len(spec.options) > 15:  # a long list (carriers) is offered as suggestions, not spelled out
        return f"{spec.label}: choose one of the {len(spec.options)} listed names (type a few letters, → completes)."
    return f"{spec.label}: choose one of {', '.join(spec.options)}."


def _yesno(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    return None if text in ("Yes", "No") else f"{spec.label}: answer Yes or No."


def _url(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    # seed 002 asks for "None" where a field does not apply, and its own example types "none": any case will do
    return None if text.lower() == "none" or URL.match(text) else f"{spec.label}: enter a web address or None."


_TYPE_CHECKS = {
    "email": _email,
    "phone": _phone,
    "zip": _zip,
    "state": _state,
    "ssn": _ssn,
    "tin": _tin,
    "ein": _ein,
    "digits": _digits,
    "date": _date,
    "choice": _choice,
    "yesno": _yesno,
    "url": _url,
    "birthdate": _birthdate,
    "npn": _npn,
    "money": named_rules.money_type,
    "routing": named_rules.routing_type,
    "bank_account": named_rules.bank_account_type,
    "upload": named_rules.upload_type,
}


CHOICES_SHOWN = 4
"""Choice fields with up to this many options and no placeholder of their own show them as one."""


def shown_placeholder(spec: FieldSpec) -> str:
    """The placeholder as shown: one the field would accept as a value is an example, so it says "e.g.".

    "TX" in a state field or "555-666-7777" in a phone field looked like a value already typed; a format
    ("MM/DD/YYYY", "AAA-GG-SSSS") or a hint ("optional", "Male or Female") fails the field's check and
    stays as it is. Free-text fields are left alone: any text passes their check.
    """
    text = spec.placeholder
    if not text.strip() and spec.type == "choice" and 1 < len(spec.options) <= CHOICES_SHOWN:
        # A short list of choices says what they are before anyone gets one wrong ("Male or Female").
        return f"{', '.join(spec.options[:-1])} or {spec.options[-1]}"
    if not text.strip() or text.lower().startswith("e.g."):
        return text
    if spec.type == "states":
        codes = [code.strip().upper() for code in text.split(",")]
        example = all(code in STATES for code in codes)
    else:
        example = spec.type in _TYPE_CHECKS and _TYPE_CHECKS[spec.type](spec, text.strip(), None) is None
    return f"e.g. {text}" if example else text


def normalise_choice(spec: FieldSpec, value: Any) -> Any:
    """A choice typed in short becomes its option ("f" -> "Female", "med" -> "Medical/Dental"; case ignored);
    y/yes/n/no become Yes/No; none in a web-address field becomes None. Anything ambiguous is left for the check to refuse."""
    if not isinstance(value, str) or not value.strip():
        return value
    typed = value.strip().lower()
    if spec.type == "yesno" and typed in ("y", "yes", "n", "no"):
        return "Yes" if typed.startswith("y") else "No"
    if spec.type == "url" and typed == "none":
        return "None"
    if spec.type != "choice":
        return value
    exact = [o for o in spec.options if o.lower() == typed]
    matches = exact or [o for o in spec.options if o.lower().startswith(typed)]
    return matches[0] if len(matches) == 1 else value


def normalise_choices(step: StepSpec, values: dict[str, Any]) -> dict[str, Any]:
    """Every choice of a step normalised (see normalise_choice)."""
    specs = {f.name: f for f in step.fields}
    return {k: normalise_choice(specs[k], v) if k in specs else v for k, v in values.items()}


def normalise_step(step: StepSpec, values: dict[str, Any]) -> dict[str, Any]:
    """Answers as stored: choices in their declared case (a unique prefix chooses), Yes/No spelled out, states upper case."""
    out = normalise_choices(step, values)
    for spec in step.fields:
        if spec.type == "state" and isinstance(out.get(spec.name), str):
            out[spec.name] = out[spec.name].strip().upper()
    return out


def _same_answer(value: Any) -> Any:
    """Unset, empty and unchecked are the same answer."""
    if value in (None, "", "false", []):
        return ""
    return value if isinstance(value, list) else str(value)


def changed_fields(step: StepSpec, saved: dict[str, Any], values: dict[str, Any]) -> list[str]:
    """The fields a save of `values` would change: each value normalised as a save stores it, so typing
    "checking" where "Checking" is stored is no change."""
    normalised = normalise_step(step, values)
    return sorted(name for name, value in normalised.items() if _same_answer(value) != _same_answer(saved.get(name)))


def shown(spec: FieldSpec | Section, answers: Answers, step_id: str) -> bool:
    """Whether a field or section is shown for these answers (hidden ones are kept but not checked)."""
    return spec.shown_when is None or spec.shown_when.holds(answers, step_id)


def required(spec: FieldSpec, answers: Answers, step_id: str) -> bool:
    return spec.required or (spec.required_when is not None and spec.required_when.holds(answers, step_id))


def shown_fields(step: StepSpec, answers: Answers) -> list[FieldSpec]:
    """The fields of a step shown for these answers, in order."""
    return [f for s in step.sections if shown(s, answers, step.id) for f in s.fields if shown(f, answers, step.id)]


def form_part(spec: StepSpec) -> StepSpec:
    """The step without its repeating groups (a document lists their rows apart), empty sections left out."""
    sections = tuple(replace(s, fields=tuple(f for f in s.fields if not f.is_group)) for s in spec.sections)
    return replace(spec, sections=tuple(s for s in sections if s.fields))


def settled(spec: StepSpec, answers: Answers) -> StepSpec:
    """The step with its named-predicate conditions (on other steps) settled for these answers: what they
    hide is left out, what they show is plain. Conditions on the step's own answers stay, for the form to
    follow as the person types, and so does a predicate that says it follows some of them."""
    def fixed(item: FieldSpec | Section) -> bool:
        return item.shown_when is not None and bool(item.shown_when.predicate) and not item.shown_when.follows

    def keeps(item: FieldSpec | Section) -> bool:
        return not fixed(item) or shown(item, answers, spec.id)

    def plain(item: Any) -> Any:
        return replace(item, shown_when=None) if fixed(item) else item

    sections = tuple(plain(replace(s, fields=tuple(plain(f) for f in s.fields if keeps(f))))
                     for s in spec.sections if keeps(s))
    return replace(spec, sections=sections)


def step_problems(
    step: StepSpec, values: dict[str, Any], today: date | None = None,
    answers: Answers | None = None,
) -> dict[str, str]:
    """Every problem on a step at once, keyed by field name (rows of a group as "name.2").

    A field never answered has its declared default (the form starts there). Hidden and read-only fields
    are not the user's to fix. Named rules (FieldSpec.rules) run after the type check; then the step's
    declared rules across fields (StepSpec.cross_rules); its named checks (StepSpec.checks) run last,
    on the whole packet.
    """
    values = {**{f.name: f.default for f in step.fields if f.default and not f.is_group}, **values}
    everything = {**(answers or {}), step.id: values}
    problems = _field_problems(step.id, shown_fields(step, everything), values, today, answers, everything, step)
    for rule in step.cross_rules:
        if rule.broken(everything, step.id):
            problems.setdefault(rule.field, rule.message)
    for name in step.checks:
        for key, message in registry.check(name)(everything, today or date.today()).items():
            problems.setdefault(key, message)
    return problems


def _field_problems(
    step_id: str, specs: list[FieldSpec], values: dict[str, Any], today: date | None,
    answers: Answers | None, everything: Answers, step: StepSpec,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    for spec in specs:
        if spec.readonly or spec.type == "computed":
            continue
        if spec.is_group:
            problems.update(group_problems(spec, values.get(spec.name), today, step_id))
            continue
        if not spec.required and required(spec, everything, step_id):
            spec = replace(spec, required=True)
        problem = field_problem(spec, values.get(spec.name), today)
        if problem is None and spec.rules:
            problem = named_rules.rule_problem(spec, step, values, today, answers)
        if problem:
            problems[spec.name] = problem
    return problems


def problems_of(
    step: StepSpec, names: set[str], values: dict[str, Any], today: date | None = None,
    answers: Answers | None = None,
) -> dict[str, str]:
    """The problems of a few fields only (the one being typed in, those showing an error): the live check.

    The same rules as step_problems for those fields; the step's own checks wait for a save.
    """
    everything = {**(answers or {}), step.id: values}
    specs = [f for f in shown_fields(step, everything) if f.name in names]
    return _field_problems(step.id, specs, values, today, answers, everything, step)


def group_problems(spec: FieldSpec, rows: Any, today: date | None, step_id: str = "") -> dict[str, str]:
    """A repeating group: its limits, then each row's first problem as "name.i"."""
    rows = rows if isinstance(rows, list) else []
    label = spec.row_label or spec.label
    problems: dict[str, str] = {}
    if spec.min_rows and len(rows) < spec.min_rows:
        problems[spec.name] = _too_few(spec)
    elif spec.max_rows and len(rows) > spec.max_rows:
        problems[spec.name] = _too_many(spec)
    row_step = spec.row_step
    for i, row in enumerate(rows):
        found = step_problems(row_step, row if isinstance(row, dict) else {}, today)
        if found:
            problems[f"{spec.name}.{i}"] = f"{label} {i + 1}: {next(iter(found.values()))}"
    return problems


def _too_few(spec: FieldSpec) -> str:
    if spec.too_few:
        return spec.too_few.format(min=spec.min_rows, max=spec.max_rows)
    label = spec.row_label or spec.label
    return f"Add at least one {label.lower()}." if spec.min_rows == 1 else f"Add at least {spec.min_rows} rows to {spec.label}."


def _too_many(spec: FieldSpec) -> str:
    return spec.too_many.format(min=spec.min_rows, max=spec.max_rows) if spec.too_many else f"{spec.label}: at most {spec.max_rows}."


def can_add_row(spec: FieldSpec, rows: list[Any]) -> str | None:
    """Why another row can't be added to a group (its declared maximum), or None."""
    if spec.max_rows and len(rows) >= spec.max_rows:
        return _too_many(spec)
    return None


def can_remove_row(spec: FieldSpec, rows: list[Any]) -> str | None:
    """Why a row can't be removed from a group (its declared minimum), or None."""
    if spec.min_rows and len(rows) <= spec.min_rows:
        if spec.last_row:
            return spec.last_row.format(min=spec.min_rows)
        label = (spec.row_label or spec.label).lower()
        return f"At least {spec.min_rows} {label}{'s are' if spec.min_rows > 1 else ' is'} required: change it instead of removing it."
    return None


def computed_values(step: StepSpec, answers: Answers, today: date) -> dict[str, Any]:
    """The step's computed fields, from the named core functions their declarations give."""
    return {f.name: registry.computation(f.compute)(answers, today) for f in step.fields if f.compute}


def header_lines(header: tuple[tuple[HeaderItem, ...], ...], answers: Answers, today: date) -> list[list[tuple[str, str, bool]]]:
    """A declared header for these answers: (label, value, bold) per item, "-" for no value."""
    def value(item: HeaderItem) -> str:
        if item.compute:
            return str(registry.computation(item.compute)(answers, today) or "")
        return declared_value(item.value, answers, item.lookup, item.max_length)

    return [[(i.label, value(i) or "-", i.bold) for i in line] for line in header]
