"""Control characters: no field type stores them raw, and the checks never crash on hostile text.

The attack: an escape sequence pasted or typed into a field ("\\x1b[2J", "\\x1b]0;...\\x07", a NUL, a
bidi override) was stored raw, then replayed to every terminal and PDF that showed the packet. Over
every field of every declaration in data/programs/*.toml, hypothesis generates text with control
characters, escape sequences, 10,000-character strings and markup: the step's checks never raise,
and whatever they accept holds no control character.
"""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.forms.fields import field_problem, step_problems
from core.forms.spec import FieldSpec, StepSpec
from core.packets.program import programs

TODAY = date(2026, 11, 24)
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))} | {"\u2028", "\u2029"}


def control_chars(value: str, spec: FieldSpec) -> list[str]:
    allowed = {"\n"} if spec.type == "textarea" else set()
    return [c for c in value if (unicodedata.category(c) == "Cc" or c in BIDI) and c not in allowed]


FIELDS: list[tuple[StepSpec, FieldSpec]] = [
    (step, spec)
    for prog in programs().values()
    for step in prog.steps
    for spec in step.fields
    if not spec.readonly
]
TYPES = sorted({spec.type for _, spec in FIELDS})

# One typical good value per type, so injected junk sits inside something otherwise accepted.
GOOD = {
    "text": "Jane Doe", "textarea": "Line one\nLine two", "email": "jane@example.com", "phone": "555-666-7777",
    "zip": "75201", "state": "TX", "tin": "512-34-1296", "ssn": "512-34-1296", "date": "01/02/2020",
    "birthdate": "01-02-1980", "digits": "12345", "npn": "1234567", "yesno": "Yes", "checkbox": "true",
    "url": "https://example.com", "money": "1,000,000", "routing": "111000025", "bank_account": "12345678",
    "upload": "declaration.pdf",
}
JUNK = ["\x1b[2J", "\x1b]0;pwned\x07", "\x00", "\x07", "\x08", "\t", "\r", "\r\n", "\x7f", "\x9b31m", "\x85",
        "\u202e", "\u2066", "\u2028", "\x1c", "\x1f", "[bold]", "[/]", "[link=http://x]", "\\", "'", '"', "%s",
        "{name}", "\ufeff", "\U0001f600", "é", "李"]


def hostile(spec: FieldSpec) -> st.SearchStrategy[str]:
    base = GOOD.get(spec.type, spec.options[0] if spec.options else "Jane")
    pieces = st.lists(st.sampled_from(JUNK), min_size=1, max_size=4).map("".join)
    return st.one_of(
        st.text(max_size=60),  # anything at all, control characters included
        st.builds(lambda junk, at: base[:at] + junk + base[at:], pieces, st.integers(0, len(base))),
        st.builds(lambda junk: junk + base, pieces),
        st.builds(lambda junk: base + junk, pieces),
        pieces,
        st.builds(lambda c, n: c * n, st.sampled_from(["a", "1", "\x1b", " ", "[b]"]), st.just(10_000)),
        st.sampled_from(list(spec.options) or [base]),
    )


def value_for(spec: FieldSpec) -> st.SearchStrategy[object]:
    text = hostile(spec)
    if spec.type == "states":
        return st.lists(st.one_of(st.sampled_from(["TX", "IL", "NM"]), text), max_size=4)
    return text


@pytest.mark.parametrize("kind", TYPES)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_field_type_accepts_control_characters_and_none_crashes(kind, data):
    step, spec = data.draw(st.sampled_from([pair for pair in FIELDS if pair[1].type == kind]))
    value = data.draw(value_for(spec))
    problems = step_problems(step, {spec.name: value}, TODAY)
    problem = field_problem(spec, value, TODAY)
    if spec.name not in problems and problem is None:
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            assert not control_chars(str(text), spec), (spec.type, spec.name, text)


def test_every_declared_type_is_covered():
    assert set(TYPES) <= set(GOOD) | {"choice", "states"}, set(TYPES) - set(GOOD)


@pytest.mark.parametrize("value", ["\x1c", "\x1f", "\t", "\x1b", "\x00", " \x85 "])
def test_an_optional_field_of_only_a_control_character_is_refused(value):
    """Python's str.strip() removes \\x1c-\\x1f and \\x85: such a value looked empty and was stored."""
    spec = FieldSpec("note", "Note")
    assert field_problem(spec, value) == "Note contains control characters."


def test_a_textarea_keeps_its_line_breaks_but_nothing_else():
    spec = FieldSpec("explain", "Explanation", type="textarea", max_length=2000)
    assert field_problem(spec, "First line\nSecond line") is None
    assert field_problem(spec, "First line\r\nSecond") == "Explanation contains control characters."
    assert field_problem(spec, "Tab\there") == "Explanation contains control characters."


def test_a_one_line_field_refuses_a_line_break():
    assert field_problem(FieldSpec("city", "City"), "Dallas\nTX") == "City contains control characters."


def test_an_unchecked_box_takes_only_true_or_false():
    spec = FieldSpec("agree", "I agree", type="checkbox")
    assert field_problem(spec, "false") is None and field_problem(spec, "") is None
    assert field_problem(spec, "\x1b[31mtrue") is not None
    assert field_problem(spec, "yes please") is not None
