"""Values typed into forms that many programs share: money, P.O. boxes, names, per-state minimums from data."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

from core.kernel.config import DATA_DIR

# Text is lower-cased and punctuation becomes spaces first, so "P.O.", "P. O." and "PO" look alike.
_PO_BOX = re.compile(
    r"\bp\s*[o0]\s*(box|bx|b|drawer)\b"  # PO Box, P.O. Box, P O Box, POBox, POB, P.O.B., PO Drawer
    r"|\bpost(al)?\s*(office\s*)?(box|bx)\b"  # Post Office Box, Postal Box, Post Box
    r"|\b(box|bx)\s*\d"  # Box 12, Box #12
    r"|\b(caller|lock)\s*box\b"
    r"|\bpobox"
)
_MONEY = re.compile(r"^\$?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


def is_po_box(text: str) -> bool:
    """Whether an address line is a post-office box, however it is spelled."""
    plain = re.sub(r"[.\-,#/:;]", " ", (text or "").lower())
    return bool(_PO_BOX.search(plain))


def parse_money(text: str) -> Decimal | None:
    """An amount typed as 1000000, 1,000,000 or $1,000,000.00; None when it is not one."""
    cleaned = (text or "").strip()
    if not _MONEY.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        return None


def money_text(amount: Decimal | float | int) -> str:
    """$1,234.56: an amount of money, always with its cents (documents, lists, premiums)."""
    return f"${Decimal(str(amount)).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def format_money(amount: Decimal | float | int) -> str:
    value = Decimal(str(amount))
    return f"${value:,.2f}" if value != value.to_integral_value() else f"${value:,.0f}"


def normalise_name(text: str) -> str:
    """Lower case, single spaces: how a typed signature is compared with a name."""
    return " ".join((text or "").lower().split())


def name_matches(typed: str, *parts: str) -> bool:
    """A typed name matches the full name, or first and last alone (ignoring case and extra spaces)."""
    present = [p for p in parts if (p or "").strip()]
    if not present:
        return False
    candidates = {normalise_name(" ".join(present))}
    if len(present) > 2:
        candidates.add(normalise_name(f"{present[0]} {present[-1]}"))
    return normalise_name(typed) in candidates


@cache
def _data(relative: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / relative).read_text(encoding="utf-8"))


def state_minimum(states: list[str], relative: str) -> Decimal:
    """The highest minimum among the states chosen; 0 when none is chosen yet."""
    minimums = _data(relative)["minimums"]
    return max((Decimal(str(minimums[s])) for s in states if s in minimums), default=Decimal(0))


def parse_date(value: str) -> date | None:
    text = value.strip()
    # Eight digits are MMDDYYYY: what a rep types when a producer reads a date out without pauses.
    formats = ("%m%d%Y",) if len(text) == 8 and text.isdigit() else ("%m/%d/%Y", "%m-%d-%Y", "%Y-%m-%d")
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
