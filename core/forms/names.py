"""Search keys for names: case, accents and punctuation never decide whether a name is found."""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = re.compile(r"['’`ʼ]")
SEPARATORS = re.compile(r"[\s\-.,_/]+")


def search_key(text: str) -> str:
    """"O'Neil-Smith, José" -> "oneil smith jose"; non-Latin letters are kept as they are."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = APOSTROPHES.sub("", folded)
    return SEPARATORS.sub(" ", folded).strip()


def name_keys(first: str, last: str) -> tuple[str, str]:
    """("last first", "first last") search keys."""
    return search_key(f"{last} {first}"), search_key(f"{first} {last}")


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (for index range scans)."""
    return prefix + "\U0010ffff"
