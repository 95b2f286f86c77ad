"""Menus, record lists and record details as data: what the kit's generic screens show, read from TOML.

A declaration names the code it needs as "module:name" (the screen an entry opens, the core call that
fetches a list's rows); generic code only resolves those names, it never names a program.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core.forms import registry
from core.forms.lookups import declared_value
from core.forms.spec import Condition, StepSpec, load_condition, load_step, read_text
from core.forms.values import money_text, parse_date
from core.kernel.config import data_file


@dataclass(frozen=True)
class Tab:
    """One tab of a list: what the fetch filters by, the key that shows it, its label."""

    tab: str
    key: str
    label: str
    binding: str = ""


@dataclass(frozen=True)
class Column:
    """One column of a list or one row of details: a title and which attribute of the record it shows."""

    title: str
    field: tuple[str, ...]
    """Dotted attribute paths; several are joined with ", " (empty ones left out)."""
    format: str = "text"
    """text, date, datetime, money, or a pattern such as "Q-{:04d}"."""
    style: str = ""
    blank: str = "-"
    """What an empty cell shows, "{r.NAME}" from the record ("Quote {r.key}")."""
    value: tuple[str, ...] = ()
    """Else formats of the record's answers ("{applicant.first_name} {applicant.last_name}"), as a header's."""
    lookup: str = ""
    """Each value is a record's key in this declared lookup: its label is shown."""
    compute: str = ""
    """Else a named computation of the record's answers (core.forms.registry)."""
    offset: int | None = None
    """Shows the number in the value (a key's "A-0007": 7) plus this."""


@dataclass(frozen=True)
class RecordKey:
    """A key a list or a record's details declares: when the record allows it, what it runs or opens."""

    key: str
    action: str
    label: str
    binding: str = ""
    when: Condition | None = None
    """On the record's attributes (`field = "status"`); the key is hidden while it does not hold."""
    call: str = ""
    """"module:name" of a core call: on a list (ctx, actor) -> the record the key then opens; on details
    (ctx, actor, record id) -> the bytes of the file it saves."""
    wizard: str = ""
    """A declared program whose wizard the key opens on the record, at the step it was left on."""
    opens: str = ""
    """"module:name" of (actor, record) -> the screen the key opens."""
    file: str = ""
    """Where the call's bytes are saved, under the documents folder ("applications/{r.key}.pdf")."""
    text: str = ""
    """"module:name" of (ctx, actor, record id) -> the text shown with the saved file."""
    saved: str = "Saved to {path}"
    """The title over that text, "{path}" where the file went."""


def record_holds(when: Condition | None, record: object) -> bool:
    """Whether a key's condition holds for a record: a field names a path on it ("status",
    "extra.payment_status", "answers.general.state")."""

    class Path:
        def __init__(self, prefix: str) -> None:
            self.prefix = prefix

        def get(self, name: str, default: Any = None) -> Any:
            value = record_value(record, self.prefix + name)
            return default if value is None else value

    class Attributes:
        def get(self, step: str, default: Any = None) -> Path:
            return Path("" if step == "r" else f"{step}.")

    return when is None or when.holds(Attributes(), "r")  # type: ignore[arg-type]


def record_keys(raw: list[dict[str, Any]]) -> tuple[RecordKey, ...]:
    return tuple(RecordKey(**{**k, "when": load_condition(k["when"]) if "when" in k else None}) for k in raw)


@dataclass(frozen=True)
class Details:
    title: str
    rows: tuple[Column, ...]
    source: str = ""
    """"module:name" of the core call returning the record: (ctx, actor, record id)."""
    keys: tuple[RecordKey, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)
    """A line under the rows by the record's status, "{r.NAME}" from the record ("" when it lacks one)."""
    back: str = ""
    """The Escape binding's id."""
    program: str = ""
    """A declared program whose record the source returns: it is called with `program=` its id as well."""


@dataclass(frozen=True)
class RecordList:
    title: str
    columns: tuple[Column, ...]
    detail: str = ""
    tabs: tuple[Tab, ...] = ()
    noun: str = "Records"
    empty: str = ""
    source: str = ""
    """"module:name" of the core call returning the rows: (ctx, actor), or (ctx, actor, tab) with tabs."""
    keys: tuple[RecordKey, ...] = ()
    back: str = ""
    """The Escape binding's id."""
    details: Details | None = None
    """What Enter on a row opens (`details = "NAME"` in the file), its record fetched by the row's id."""
    opens: str = ""
    """Else "module:name" of (actor, record) -> the screen Enter opens on the row's record, which `fetch`
    ("module:name" of (ctx, actor, row id)) reads first when given."""
    fetch: str = ""
    program: str = ""
    """A declared program whose records the source lists: it is called with `program=` its id as well."""


@dataclass(frozen=True)
class Entry:
    """One choice of a menu: its key, the action (and button id) it runs, the screen it opens."""

    key: str
    action: str
    label: str
    opens: str = ""
    """"module:name" of a callable taking the actor and returning the screen to show."""
    tooltip: str = ""
    binding: str = ""
    """The key binding's id, for remapping keys from configuration."""
    list: RecordList | None = None
    """Else the declared list it shows (`list = "NAME"` in the file)."""


@dataclass(frozen=True)
class Menu:
    title: str
    entries: tuple[Entry, ...]
    intro: str = ""
    """A bold line over the entries."""
    note: str = ""
    """A muted line under them."""
    back: str = ""
    """The Escape binding's id."""


@dataclass(frozen=True)
class Layouts:
    """Every menu, list and details a program declares, by name."""

    menus: dict[str, Menu]
    lists: dict[str, RecordList]
    details: dict[str, Details]


def _column(raw: dict[str, Any]) -> Column:
    fields, value = raw.get("field", ()), raw.get("value", ())
    return Column(raw["title"], tuple(fields) if isinstance(fields, list | tuple) else (fields,), raw.get("format", "text"),
                  raw.get("style", ""), raw.get("blank", "-"), tuple(value) if isinstance(value, list | tuple) else (value,),
                  raw.get("lookup", ""), raw.get("compute", ""), raw.get("offset"))


def load_layouts(path: str) -> Layouts:
    """The `[menus.NAME]`, `[lists.NAME]` and `[details.NAME]` of a TOML file under a data root."""
    raw = tomllib.loads(data_file(path).read_text(encoding="utf-8"))
    details = {name: Details(d["title"], tuple(_column(c) for c in d["rows"]), d.get("source", ""),
                             record_keys(d.get("keys", [])), dict(d.get("notes", {})), d.get("back", ""),
                             d.get("program", ""))
               for name, d in raw.get("details", {}).items()}
    lists = {name: RecordList(s["title"], tuple(_column(c) for c in s["columns"]), s.get("detail", ""),
                              tuple(Tab(**t) for t in s.get("tabs", ())), s.get("noun", "Records"), s.get("empty", ""),
                              s.get("source", ""), record_keys(s.get("keys", [])), s.get("back", ""),
                              details[s["details"]] if "details" in s else None,
                              s.get("opens", ""), s.get("fetch", ""), s.get("program", ""))
             for name, s in raw.get("lists", {}).items()}
    menus = {name: Menu(m["title"], tuple(Entry(**{**e, "list": lists[e["list"]]} if "list" in e else e)
                                          for e in m["entries"]),
                        m.get("intro", ""), m.get("note", ""), m.get("back", "")) for name, m in raw.get("menus", {}).items()}
    return Layouts(menus, lists, details)


def resolve(ref: str) -> Any:
    """The object a declaration names as "module:name"."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def record_value(record: object, path: str) -> Any:
    """A dotted path on a record: its attributes, and inside them the keys of mappings ("answers.general.state")."""
    value: object = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part, None)
        if value is None:
            return None
    return value


def shown(value: object, fmt: str) -> str:
    """A value as a column formats it."""
    if fmt == "date" and isinstance(value, str):
        value = parse_date(value) or value  # an answer
    if fmt == "date" and isinstance(value, date):
        return f"{value:%m/%d/%Y}"
    if fmt == "datetime" and isinstance(value, datetime):
        return f"{value:%m/%d/%Y %I:%M %p}"
    if fmt == "money" and isinstance(value, str):
        value = Decimal(value)  # an answer
    if fmt == "money" and isinstance(value, Decimal | int | float):
        return money_text(value)
    if "{" in fmt:
        return fmt.format(value)
    return str(value)


def _values(record: object, column: Column, today: date | None) -> list[object]:
    if column.compute:
        if today is None:
            raise ValueError(f"{column.title}: a computed column is computed as of a day")
        return [registry.computation(column.compute)(record_value(record, "answers") or {}, today)]
    if column.value:
        answers = record_value(record, "answers") or {}
        return [declared_value(template, answers, column.lookup) for template in column.value]
    return [record_value(record, f) for f in column.field]


def cell(record: object, column: Column, today: date | None = None) -> str:
    """What `column` shows of `record` (computed as of `today`): its blank when every value it names is empty."""
    values = [v for v in _values(record, column, today) if v not in (None, "")]
    if column.offset is not None:
        values = [int("".join(c for c in str(v) if c.isdigit())) + column.offset for v in values]
    return ", ".join(shown(v, column.format) for v in values) or column.blank.format(r=record)


@dataclass(frozen=True)
class Key:
    key: str
    label: str
    binding: str = ""


@dataclass(frozen=True)
class Ask:
    """A yes/no question before an action: its title, text and the two buttons."""

    title: str
    text: str
    agree: str
    close: str


@dataclass(frozen=True)
class ConfirmedForm:
    """A declared form whose action is confirmed: review shows a summary and an agreement to tick, then act.

    The `[screen]` table of a form's TOML; the record is what the screen was opened on.
    """

    form: StepSpec
    title: str
    review: Key
    act: Key
    cancel: Key
    summary: str
    """"module:name" of (values, record) -> the summary shown, or None while the values can't make one."""
    action: str
    """"module:name" of (ctx, actor, record, values, agreed) -> the notice said when it is done."""
    cancelled: str
    """"module:name" of (ctx, actor, record) -> the notice said once cancelled."""
    ask: Ask
    agreement: str = ""
    """The agreement's text (read from the data file the declaration names)."""
    detail: str = ""
    """A pattern over the record, e.g. "{r.key}"."""
    lead: str = ""
    """"module:name" of (record) -> a bold line over the form."""
    intro: str = ""
    dated: tuple[str, ...] = ()
    """Fields that start on today's date."""


def load_confirmed_form(path: str) -> ConfirmedForm:
    raw = tomllib.loads(data_file(path).read_text(encoding="utf-8"))
    s = raw["screen"]
    return ConfirmedForm(load_step(raw), s["title"], Key(**s["review"]), Key(**s["act"]), Key(**s["cancel"]),
                         s["summary"], s["action"], s["cancelled"], Ask(**s["ask"]),
                         read_text(s["agreement"]) if "agreement" in s else "", s.get("detail", ""), s.get("lead", ""),
                         s.get("intro", ""), tuple(s.get("dated", ())))


@dataclass(frozen=True)
class ActionForm:
    """A declared form whose main key runs one core call and shows what it returns (the `[screen]` table)."""

    form: StepSpec
    title: str
    submit: Key
    back: Key
    action: str
    """"module:name" of (ctx, actor, values) -> the result."""
    then: str
    """"module:name" of (actor, result) -> the screen that shows it."""


def load_action_form(path: str) -> ActionForm:
    raw = tomllib.loads(data_file(path).read_text(encoding="utf-8"))
    s = raw["screen"]
    return ActionForm(load_step(raw), s["title"], Key(**s["submit"]), Key(**s["back"]), s["action"], s["then"])
