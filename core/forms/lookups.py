"""Lookups and header values declared as data, so a program needs no code for them.

A declaration's `[lookups.NAME]` offers the records of a data file: searched by words (every record
before anything is typed) or found by their key (a ZIP code, a plan id), each shown with a label and
carrying the fields a match fills. A header value is a format of answers ("{applicant.first_name}"),
optionally a record's label found by key through a declared lookup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from core.forms.registry import Match, computation, lookup, lookup_named
from core.forms.values import money_text
from core.kernel.config import data_file

Answers = dict[str, dict[str, Any]]
_PLACE = re.compile(r"\{([\w.]+)\}")
_ALTERNATIVES = re.compile(r"\{([^{}\[\]]+)\}")


def fill_in(template: str, get: Callable[[str], Any]) -> str:
    """A template's "{name}" places filled by `get`; what is missing leaves no doubled spaces."""
    text = _PLACE.sub(lambda m: str(get(m.group(1)) or ""), template)
    return " ".join(text.split())


@cache
def _records(path: Path, part: str, key: str, columns: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    items = json.loads(path.read_text(encoding="utf-8"))[part]
    if isinstance(items, dict):  # an object keyed by the record's key
        items = [{key: k, **(dict(zip(columns, v, strict=True)) if columns else v)} for k, v in items.items()]
    return tuple(dict(zip(columns, i, strict=True)) if columns and isinstance(i, list) else i for i in items)


@dataclass(frozen=True)
class DeclaredLookup:
    """One `[lookups.NAME]`: what a named lookup offers, read from a data file."""

    source: str
    """A JSON file under data/ and the list or object in it: "dir/clients.json#clients"."""
    label: str
    """What a match shows: a format of the record's fields, "{first_name} {last_name}"."""
    search: tuple[str, ...] = ()
    """Fields each typed word must be found in (case ignored). Empty: the text typed is a record's key."""
    key: str = "id"
    """The field naming a record (for an object in the file, its keys)."""
    key_length: int = 0
    """Only the first N characters typed are the key (a ZIP+4's ZIP)."""
    columns: tuple[str, ...] = ()
    """Records kept as lists: the field of each position."""
    value: str = ""
    """The field a picked match stores; a key lookup stores what was typed."""
    fills: tuple[str, ...] = ()
    """The fields a match carries (one the record lacks as ""); empty: all the record's."""

    def records(self) -> tuple[dict[str, str], ...]:
        path, _, part = self.source.partition("#")
        return _records(data_file(path), part, self.key, self.columns)

    def find(self, key: str) -> dict[str, str] | None:
        """The record with this key, or None."""
        key = key.strip()[: self.key_length or None]
        return next((r for r in self.records() if str(r.get(self.key, "")) == key), None) if key else None

    def match(self, record: Mapping[str, Any], value: str) -> Match:
        fills = {k: str(record.get(k, "")) for k in self.fills} if self.fills else {k: str(v) for k, v in record.items()}
        return Match(fill_in(self.label, record.get), value, fills)

    def __call__(self, query: str, answers: Answers) -> list[Match]:
        if not self.search:
            found = self.find(query)
            return [self.match(found, query.strip())] if found else []
        words = query.lower().split()
        value = self.value or self.key
        return [self.match(r, str(r.get(value, ""))) for r in self.records()
                if all(w in " ".join(str(r.get(f, "")) for f in self.search).lower() for w in words)]


def load_lookup(raw: dict[str, Any]) -> DeclaredLookup:
    unknown = set(raw) - {"source", "label", "search", "key", "key_length", "columns", "value", "fills"}
    if unknown:
        raise ValueError(f"lookup over {raw.get('source')}: unknown keys {sorted(unknown)}")
    return DeclaredLookup(raw["source"], raw["label"], tuple(raw.get("search", ())), raw.get("key", "id"),
                          raw.get("key_length", 0), tuple(raw.get("columns", ())), raw.get("value", ""),
                          tuple(raw.get("fills", ())))


def register(raw: dict[str, dict[str, Any]]) -> None:
    """A declaration's `[lookups]`, registered under their names (loading the same one again is no change)."""
    for name, table in raw.items():
        lookup_named(name)(load_lookup(table))


def fills(pairs: tuple[tuple[str, str], ...], keep: tuple[str, ...], match: Match, values: Mapping[str, Any]) -> dict[str, str]:
    """What a field's match fills: (field, key of the match) pairs, those in `keep` only while still empty."""
    return {name: match.fills[key] for name, key in pairs
            if key in match.fills and not (name in keep and str(values.get(name) or "").strip())}


def answer(answers: Answers, path: str) -> Any:
    """One answer by "step.field"."""
    step, _, name = path.partition(".")
    return answers.get(step, {}).get(name)


def declared_value(template: str, answers: Answers, by_key: str = "", max_length: int = 0) -> str:
    """A value written as data: a format of answers; with `by_key` the label of the record so named in that lookup."""
    text = fill_in(template, lambda path: answer(answers, path))
    if by_key:
        found = next((m for m in lookup(by_key)(text, answers) if m.value == text), None) if text else None
        text = found.label if found else ""
    return text[:max_length] if max_length else text


def filled(template: str, answers: Answers, today: date, quote: Callable[[str], str] = str) -> str:
    """A template's places filled, spacing kept: "{step.field}" an answer, "{=name}" a named computation (an
    amount as money), anything else as written; "{a|b|-}" the first that has a value, else the last."""
    def one(place: str) -> Any:
        if place.startswith("="):
            return computation(place[1:])(answers, today)
        return answer(answers, place) if "." in place else place

    def fill(found: re.Match[str]) -> str:
        values = [one(p) for p in found.group(1).split("|")]
        value = next((v for v in values if v), values[-1])
        return quote(money_text(value) if isinstance(value, Decimal) else "" if value is None else str(value))

    return _ALTERNATIVES.sub(fill, template)
