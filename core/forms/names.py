"""Search keys for names: case, accents, punctuation, spacing and markup never decide whether a name is found.

A key keeps only letters and digits, so "o neil", "oneil" and "O'Neil" meet, and so do
"whitfieldruiz" and "Whitfield-Ruiz". Bracketed tags pasted with a name ("[bold]Stone") are dropped.
The compared key is also transliterated to Latin letters: a rep who hears "Li Wei" on the phone types
"li wei" for "Wei 李", and "oster" finds "Øster" (which has no accent to strip).
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

TAGS = re.compile(r"\[/?[^\[\]]*\]")
"""Markup-like tags, e.g. "[bold]" or "[/]": never part of a name, kept on screen literally."""
APOSTROPHES = re.compile(r"['’`ʼ]")
SEPARATORS = re.compile(r"[\s\-.,_/]+")
MAX_INPUT = 500
"""Longer text is cut before folding: a pasted page is not a name."""


def _folded(text: str) -> str:
    folded = unicodedata.normalize("NFKD", TAGS.sub(" ", text[:MAX_INPUT]).casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def search_key(text: str) -> str:
    """The readable form: "O'Neil-Smith, José" -> "oneil smith jose"; non-Latin letters are kept as they are."""
    folded = APOSTROPHES.sub("", _folded(text))
    folded = "".join(c if c.isalnum() or c.isspace() else " " for c in folded)
    return SEPARATORS.sub(" ", folded).strip()


def compact_key(text: str) -> str:
    """The stored and compared form: letters and digits only, in Latin letters: "O'Neil-Smith, José" ->
    "oneilsmithjose", "Wei 李" -> "weili"."""
    return "".join(c for c in anyascii(_folded(text)).casefold() if c.isalnum())


def name_keys(first: str, last: str) -> tuple[str, str]:
    """("last first", "first last") search keys, compact (see compact_key)."""
    return compact_key(f"{last} {first}"), compact_key(f"{first} {last}")


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for index range scans)."""
    return prefix + "\U0010ffff"
