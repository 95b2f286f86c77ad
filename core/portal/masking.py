"""Masking what leaves the screen (Report an issue): secrets, and anything shaped like PII.

Rules, in order:
- secrets: every value given (codes and temporary passwords known to the outbox, secret fields on
  the screen) becomes `••••••••`, case ignored;
- email names: `•••@example.com`;
- full dates: a date is masked when a birth word (birth, born, DOB) comes before it on its line,
  or when it lies outside the window of events (a year before today to two years after), where
  birth dates are. Dates of recent and coming events (when the issue happened, an effective
  date, a history's timestamps) stay readable; older ones (an expired license) are masked too;
- numbers: digits joined by single spaces, dashes or dots count as one number. Nine digits or more
  (SSN with or without dashes, EIN, routing and account numbers, card numbers of 13-19 digits in
  any grouping, phone numbers, a 9-digit producer number) keep only their last 4 digits; 5 to 8
  digits are masked the same way when a bank, card or tax word comes shortly before them on their
  line ("acct 12345678"). A ZIP+4 (5-4) and a packet key (RC-2611-00001) stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

SECRET_MASK = "••••••••"
EVENT_WINDOW = (timedelta(days=366), timedelta(days=731))
"""Dates this long before or after today are events (kept); any other full date is masked."""

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_PAREN_PHONE = re.compile(r"(?<![\d•])\(\d{3}\)\s?\d{3}[-. ](\d{4})(?![ .-]?\d)")
_NUMBER = re.compile(r"(?<!\d)\d+(?:[ .-]\d+)*(?!\d)")
# A date stands alone: not joined to other digits by a separator (a card or account number may
# contain date-shaped digits); a time may follow it ("11/24/2026 14:00").
_ALONE_BEFORE = r"(?<!\d)(?<!\d[ ./-])"
_ALONE_AFTER = r"(?!\d)(?![./-]\d)(?! (?!\d{1,2}:\d\d)\d)"
_NUMERIC_DATES = (
    (re.compile(_ALONE_BEFORE + r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})" + _ALONE_AFTER), ("m", "d", "y")),
    (re.compile(_ALONE_BEFORE + r"(\d{4})([/-])(\d{1,2})\2(\d{1,2})" + _ALONE_AFTER), ("y", "m", "d")),
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_NAMED_DATE = re.compile(
    rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b|\b(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE
)
_BIRTH_WORDS = re.compile(r"\b(?:birth|born|dob|d\.o\.b)", re.IGNORECASE)
_MONEY_WORDS = re.compile(
    r"\b(?:acct|account|a/c|acc|routing|aba|rtn|bank|checking|savings|card|cc|ssn|social|tin|itin|ein|tax|dda|iban)\b",
    re.IGNORECASE,
)
_KEY_PREFIX = re.compile(r"[A-Z]{2,}-$")
"""Packet keys (RC-2611-00001) stay readable: support needs them."""
_PRIVATE = re.compile("[\ue000-\ue0ff]")
_LOOKBACK = 30
"""How far before a number its line is searched for a bank, card or tax word."""


def _words_before(text: str, start: int, words: re.Pattern[str], reach: int = _LOOKBACK) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(words.search(text, max(line_start, start - reach), start))


def _keep_last4(number: str) -> str:
    digits = sum(c.isdigit() for c in number)
    out, seen = [], 0
    for c in number:
        if c.isdigit():
            seen += 1
            out.append(c if seen > digits - 4 else "•")
        else:
            out.append(c)
    return "".join(out)


def _full_year(year: str, today: date | None) -> int:
    if len(year) == 4:
        return int(year)
    guess = (today or date(2000, 1, 1)).year // 100 * 100 + int(year)
    return guess if today is None or guess <= today.year + 2 else guess - 100


def _is_birth_date(text: str, start: int, year: str, month: str, day: str, today: date | None) -> bool | None:
    """True: mask it; False: an event's date, keep it; None: not a date at all."""
    try:
        when = date(_full_year(year, today), int(month), int(day))
    except ValueError:
        return None
    if _words_before(text, start, _BIRTH_WORDS, 40):
        return True
    if today is None:
        return False  # without a today, only the birth words decide
    before, after = EVENT_WINDOW
    return not today - before <= when <= today + after


def _mask_dates(text: str, today: date | None, kept: list[str]) -> str:
    """Birth dates masked; event dates set aside in `kept` (so no number rule joins them to a time)."""

    def decide(m: re.Match[str], year: str, month: str, day: str, whole: bool) -> str:
        verdict = _is_birth_date(text, m.start(), year, month, day, today)
        if verdict is None:
            return m.group(0)
        if verdict:
            return "•" * len(m.group(0)) if whole else re.sub(r"\d", "•", m.group(0))
        kept.append(m.group(0))
        return f"\ue010{len(kept) - 1}\ue011"

    for pattern, order in _NUMERIC_DATES:
        def numeric(m: re.Match[str], order: tuple[str, ...] = order) -> str:
            fields = dict(zip(order, (m.group(1), m.group(3), m.group(4)), strict=True))
            return decide(m, fields["y"], fields["m"], fields["d"], whole=False)

        text = pattern.sub(numeric, text)

    def named(m: re.Match[str]) -> str:
        month, day, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        return decide(m, year, str(_MONTHS.index(month.lower()[:3]) + 1), day, whole=True)

    return _NAMED_DATE.sub(named, text)


def _mask_numbers(text: str) -> str:
    def number(m: re.Match[str]) -> str:
        found = m.group(0)
        sizes = [len(g) for g in re.split(r"[ .-]", found)]
        if (sizes == [5, 4] and "-" in found) or (sizes == [4, 5] and _KEY_PREFIX.search(text, 0, m.start())):
            return found  # a ZIP+4, a packet key
        if sum(sizes) >= 9 or (sum(sizes) >= 5 and _words_before(text, m.start(), _MONEY_WORDS)):
            return _keep_last4(found)
        return found

    return _NUMBER.sub(number, text)


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    """Every given secret (4 characters or more), case ignored, replaced by `••••••••`."""
    folded = text.casefold()
    # A plain search first: hundreds of known secrets, of which a screen shows one or two at most.
    present = sorted({s.strip() for s in secrets if len(s.strip()) >= 4 and s.strip().casefold() in folded},
                     key=len, reverse=True)
    if not present:
        return text
    return re.sub("|".join(re.escape(s) for s in present), SECRET_MASK, text, flags=re.IGNORECASE)


def mask_pii(text: str, *, today: date | None = None, secrets: Iterable[str] = ()) -> str:
    """Text with secrets, email names, birth dates and long or financial numbers masked (last 4 kept)."""
    text = mask_secrets(_PRIVATE.sub("", text), secrets)
    text = _EMAIL.sub(lambda m: f"•••@{m.group(1)}", text)
    kept: list[str] = []
    text = _mask_dates(text, today, kept)
    text = _PAREN_PHONE.sub(lambda m: f"•••-•••-{m.group(1)}", text)
    text = _mask_numbers(text)
    return re.sub("\ue010(\\d+)\ue011", lambda m: kept[int(m.group(1))], text)
