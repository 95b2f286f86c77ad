"""Date tokens in data files (core/forms/date_tokens.py): an anchor, then offsets in days, weeks, months, years."""

from __future__ import annotations

from datetime import date

import pytest

from core.forms.date_tokens import fill, resolve

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(("token", "today", "expected"), [
    ("today", TODAY, TODAY),
    ("today-7d", TODAY, date(2026, 11, 17)),  # 24 - 7
    ("today+2w", TODAY, date(2026, 12, 8)),  # 24 + 14 = 38 = 30 + 8
    ("first of month", TODAY, date(2026, 11, 1)),
    ("first of month+1m", TODAY, date(2026, 12, 1)),
    ("first of month+1m", date(2026, 12, 31), date(2027, 1, 1)),  # December's next month is next year's
    ("first of month-1m", date(2026, 1, 15), date(2025, 12, 1)),
    ("today+1m", date(2026, 1, 31), date(2026, 2, 28)),  # February 2026 has 28 days
    ("today+1m", date(2024, 1, 31), date(2024, 2, 29)),  # 2024 is a leap year
    ("today+1y", date(2024, 2, 29), date(2025, 2, 28)),
    ("today-18y", TODAY, date(2008, 11, 24)),
    ("today + 1m - 1d", TODAY, date(2026, 12, 23)),  # offsets apply left to right, spaces allowed
    (" first of month +2m -1d ", TODAY, date(2026, 12, 31)),  # the last day of this month's next
])
def test_a_token_names_its_date(token: str, today: date, expected: date) -> None:
    assert resolve(token, today) == expected


@pytest.mark.parametrize("token", ["yesterday", "today+3x", "today7d", "today+d", "first of year", "", "next month"])
def test_anything_else_is_refused(token: str) -> None:
    with pytest.raises(ValueError, match="Not a date token"):
        resolve(token, TODAY)


def test_fill_replaces_names_and_date_tokens_in_nested_strings_and_leaves_the_rest() -> None:
    template = {
        "who": {"last_name": "{last_name}", "greeting": "Dear {first} {last_name}"},
        "events": [{"date": "{today-7d}", "count": 3, "flag": True}],
        "effective": "{first of month+1m}",
        "plain": "no tokens",
    }
    filled = fill(template, TODAY, {"last_name": "Rivera", "first": "Ana"})
    assert filled == {
        "who": {"last_name": "Rivera", "greeting": "Dear Ana Rivera"},
        "events": [{"date": "11/17/2026", "count": 3, "flag": True}],
        "effective": "12/01/2026",
        "plain": "no tokens",
    }
    assert template["who"]["last_name"] == "{last_name}", "the template itself is left as it was"
    assert filled["events"] is not template["events"]


def test_a_name_wins_over_a_date_token_and_the_format_is_the_callers() -> None:
    assert fill("{today}", TODAY, {"today": "now"}) == "now"
    assert fill("{today+1d}", TODAY, {}, "%Y-%m-%d") == "2026-11-25"


def test_an_unknown_token_is_refused_not_left_in_the_text() -> None:
    with pytest.raises(ValueError, match="Not a date token"):
        fill({"a": ["{surname}"]}, TODAY, {"last_name": "Rivera"})
