"""Tokens in data files: dates relative to today ("{today-7d}", "{first of month+1m}") and named values ("{pay}").

A date token is an anchor, `today` or `first of month` (the first day of today's month), followed by any
number of offsets: a sign, a count and a unit, d(ays), w(eeks), m(onths) or y(ears). A month or year
offset keeps the day of the month, or takes the month's last day when it has fewer (Jan 31 +1m is Feb 28).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

_TOKEN = re.compile(r"(today|first of month)((?:\s*[+-]\s*\d+\s*[dwmy])*)")
_OFFSET = re.compile(r"([+-])\s*(\d+)\s*([dwmy])")
_BRACED = re.compile(r"\{([^{}]+)\}")


def _plus_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def resolve(token: str, today: date) -> date:
    """The date a token names, counted from `today`.

    Raises:
        ValueError: the token is not an anchor followed by offsets.
    """
    found = _TOKEN.fullmatch(token.strip())
    if found is None:
        raise ValueError(f"Not a date token: {token!r} (expected e.g. 'today-7d' or 'first of month+1m').")
    day = today if found.group(1) == "today" else today.replace(day=1)
    for sign, count, unit in _OFFSET.findall(found.group(2)):
        n = int(count) if sign == "+" else -int(count)
        if unit in "dw":
            day += timedelta(days=n * (7 if unit == "w" else 1))
        else:
            day = _plus_months(day, n * (12 if unit == "y" else 1))
    return day


def fill(value: Any, today: date, names: Mapping[str, Any], date_format: str = "%m/%d/%Y") -> Any:
    """A copy of `value` (nested dicts and lists) with every "{...}" in its strings replaced.

    A name in `names` is replaced by its value; anything else must be a date token, written as
    `date_format` formats its date.
    """
    if isinstance(value, dict):
        return {key: fill(item, today, names, date_format) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, today, names, date_format) for item in value]
    if isinstance(value, str):
        def one(found: re.Match[str]) -> str:
            token = found.group(1)
            return str(names[token]) if token in names else resolve(token, today).strftime(date_format)

        return _BRACED.sub(one, value)
    return value
