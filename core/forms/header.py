"""A header over every step of a declaration (`[[header]]`): labels and the values they show."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from core.kernel.config import data_file


@dataclass(frozen=True)
class HeaderItem:
    """One label and value of a header over every step: a named computation of the answers where code computes,
    else declared (core.forms.lookups.declared_value)."""

    label: str
    compute: str = ""
    bold: bool = True
    value: str = ""
    """A format of answers, "{applicant.first_name} {applicant.last_name}"."""
    lookup: str = ""
    """The value is a record's key: what is shown is that record's label in this declared lookup."""
    max_length: int = 0
    follows: tuple[str, ...] = ()
    """The answers a computed value is computed from ("applicant.zip"): the header is redrawn as they change."""


def header_items(lines: list[dict[str, Any]]) -> tuple[tuple[HeaderItem, ...], ...]:
    """`[[header]]` lines (each `items = [{label, compute or value, lookup, max_length, bold}]`)."""
    return tuple(tuple(HeaderItem(i["label"], i.get("compute", ""), i.get("bold", True), i.get("value", ""),
                                  i.get("lookup", ""), i.get("max_length", 0), tuple(i.get("follows", ())))
                       for i in line["items"])
                 for line in lines)


def header_fields(lines: tuple[tuple[HeaderItem, ...], ...]) -> frozenset[str]:
    """Every answer ("step.field") a header shows or computes from: a change to one of them redraws it."""
    return frozenset(name for line in lines for item in line
                     for name in (*re.findall(r"\{(\w+\.\w+)\}", item.value), *item.follows))


def load_header(path: str) -> tuple[tuple[HeaderItem, ...], ...]:
    """A declaration's header lines."""
    return header_items(tomllib.loads(data_file(path).read_text(encoding="utf-8")).get("header", []))
