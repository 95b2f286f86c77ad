"""SSN, EIN, TIN, ABA routing and card numbers (domain-rules.md, via python-stdnum)."""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.us import ein, rtn, ssn

# Numbers printed in advertising and never valid, refused on top of stdnum's structural checks.
ADVERTISING_SSNS = {"078051120", "219099999", "457555462"}
ROUTING_PREFIXES = [(1, 12), (21, 32), (61, 72)]


def digits_only(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def ssn_problem(value: str) -> str | None:
    number = digits_only(value)
    if len(number) != 9:
        return "An SSN has 9 digits (AAA-GG-SSSS)."
    if number in ADVERTISING_SSNS:
        return "That SSN is a published example number and is never valid."
    try:
        ssn.validate(number)
    except ValidationError:
        return "That is not a valid SSN: no area 000, 666 or 900-999, group 00 or serial 0000."
    return None


def ein_problem(value: str) -> str | None:
    number = digits_only(value)
    if len(number) != 9:
        return "An EIN has 9 digits (XX-XXXXXXX)."
    try:
        ein.validate(number)
    except ValidationError:
        return "That EIN prefix is never assigned by the IRS."
    return None


def tin_problem(value: str, kind: str = "SSN") -> str | None:
    return ein_problem(value) if kind == "EIN" else ssn_problem(value)


def routing_problem(value: str) -> str | None:
    number = digits_only(value)
    if len(number) != 9 or number != (value or "").strip():
        return "A routing number has exactly 9 digits."
    try:
        rtn.validate(number)
    except ValidationError:
        return "That routing number fails the ABA checksum."
    prefix = int(number[:2])
    if not any(low <= prefix <= high for low, high in ROUTING_PREFIXES):
        return "Routing numbers for direct deposit start 01-12, 21-32 or 61-72."
    return None


def card_problem(value: str) -> str | None:
    number = digits_only(value)
    if not 12 <= len(number) <= 19:
        return "A card number has 12 to 19 digits."
    try:
        luhn.validate(number)
    except ValidationError:
        return "That card number fails the check digit (Luhn)."
    return None


def format_ssn(value: str) -> str:
    number = digits_only(value)
    return f"{number[:3]}-{number[3:5]}-{number[5:]}" if len(number) == 9 else value
