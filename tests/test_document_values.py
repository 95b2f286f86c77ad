"""One formatting path for values in documents, and templates with optional parts (issue 14).

The issue quotes what the PDFs printed: "I Agree: true", "Line 3b ... beneficiaries: false", no
"Residential Address" heading on the Cigna Summary, "Meridian Specialty Insurance Company , policy",
"Crane Rd , Oklahoma City", "Ext. . Residence phone", "Dana  Whitfield-Ruiz" and "Part 0:
Identification" on the W-9. Every template of every program is rendered here with no answers and
with every answer given, and checked for each of those faults.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from core.enrollment import applications as enrollment
from core.forms.spec import FieldSpec
from core.packets import certificate, packet_pdf, packets, records
from core.packets.documents import (
    RenderedDocument,
    display,
    field_kinds,
    flatten,
    render,
    spans_of,
)
from core.packets.packets import PacketView
from core.packets.program import DocumentSpec, Program, programs
from tests.helpers import ifm_steps
from tests.helpers import programs as journeys
from tests.helpers.ifm import family_answers

EXTRA = {"packet.key": "CE-2611-00005", "today": "11/24/2026"}
ARTIFACTS = {
    "a space before punctuation": re.compile(r" [,.;:)]"),
    "two spaces": re.compile(r"  "),
    "punctuation with nothing between": re.compile(r"[,;:(] ?[,.;:)]|\. \."),
    "a Part 0": re.compile(r"\bPart 0\b"),
    "an empty pair of parentheses": re.compile(r"\(\s*\)"),
    "true or false after a label": re.compile(r": (true|false)\b"),
}


def faults(doc: RenderedDocument, template: str = "") -> list[str]:
    """What is wrong with a rendered document, each fault with the text it was found in."""
    found = []
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", template)]
    for index, block in enumerate(doc.blocks):
        text = block.text
        introduces_signature = index + 1 < len(doc.blocks) and doc.blocks[index + 1].kind == "signature"
        for name, pattern in ARTIFACTS.items():
            if pattern.search(text):
                found.append(f"{name}: {text[:120]!r}")
        for span in block.spans:
            if span.is_data and re.search(r"\b(true|false)\b", span.text):
                found.append(f"a boolean printed as a word: {text[:120]!r}")
        written_so = any(p.endswith(text[-30:]) for p in paragraphs)  # the template itself ends there
        if block.kind == "paragraph" and text.endswith(":") and template and not written_so and not introduces_signature:
            found.append(f"a label left without its value: {text[:120]!r}")
        if text != text.strip():
            found.append(f"spaces at an end: {text[:120]!r}")
    return found


def sample(spec: FieldSpec) -> Any:
    """A plausible answer of every field type, as the forms store it."""
    return {
        "checkbox": "true", "yesno": "Yes", "date": "03/14/2026", "birthdate": "02-28-1980", "money": "1000000",
        "states": ["IL", "NM"], "state": "IL", "ssn": "401-22-3344", "tin": "401-22-3344", "phone": "312-555-0142",
        "zip": "60606", "email": "pat@example.com", "digits": "204", "npn": "12345678", "url": "https://example.com",
        "routing": "111000025", "bank_account": "123456789", "upload": "declarations.pdf", "textarea": "See the note.",
    }.get(spec.type, spec.options[0] if spec.options else f"{spec.label[:20].strip()} value")


def full_answers(program: Program) -> dict[str, dict[str, Any]]:
    return {step.id: {spec.name: sample(spec) for spec in step.fields} for step in program.steps}


TEMPLATES = [(p, d) for p in programs().values() for d in p.documents]
IDS = [f"{p.id}:{d.id}" for p, d in TEMPLATES]


# --- the formatter ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "kind", "expected"), [
    ("true", "checkbox", "Yes"), ("false", "checkbox", "No"), (True, "", "Yes"), (False, "", "No"),
    ("true", "", "Yes"), ("Yes", "yesno", "Yes"), ("No", "yesno", "No"),
    ("02-28-1980", "birthdate", "02/28/1980"), ("1980-02-28", "date", "02/28/1980"), (date(2026, 3, 1), "", "03/01/2026"),
    (datetime(2026, 3, 1, 9, 30, tzinfo=UTC), "", "03/01/2026"), ("13/45/2026", "date", "13/45/2026"),
    ("1000000", "money", "$1,000,000.00"), ("$1,234.5", "money", "$1,234.50"), (Decimal("13.5"), "", "$13.50"),
    ("$50", "", "$50"), ("lots", "money", "lots"),
    (["IL", "NM"], "states", "Illinois, New Mexico"), (["a", "", "b"], "", "a, b"), ([], "", ""),
    (None, "", ""), ("", "checkbox", ""), ("  Dana   Whitfield-Ruiz ", "", "Dana Whitfield-Ruiz"),
    ({"kind": "move"}, "", ""),
])
def test_display(value: Any, kind: str, expected: str) -> None:
    assert display(value, kind) == expected


def test_optional_parts_leave_out_their_words_and_punctuation() -> None:
    ctx = {"a.ext": "", "a.phone": "405-555-0101", "a.home": "405-555-0102", "a.mid": "", "a.first": "Dana",
           "a.last": "Whitfield-Ruiz", "a.line2": "", "a.line1": "88 Crane Rd", "a.city": "Oklahoma City"}
    text = "Business phone: {{a.phone}}[[ Ext. {{a.ext}}]]. Residence phone: {{a.home}}"

    def rendered(template: str) -> str:
        return "".join(s.text for s in spans_of(template, ctx))

    assert rendered(text) == "Business phone: 405-555-0101. Residence phone: 405-555-0102"
    assert rendered(text.replace("a.ext", "a.phone")) == (
        "Business phone: 405-555-0101 Ext. 405-555-0101. Residence phone: 405-555-0102")
    assert rendered("{{a.first}} {{a.mid}} {{a.last}}") == "Dana Whitfield-Ruiz"
    assert rendered("{{a.line1}}[[, {{a.line2}}]], {{a.city}}") == "88 Crane Rd, Oklahoma City"
    # A part kept only when every answer directly in it has a value; a part of parts when one of them does.
    assert rendered("[[Name: {{a.first}} [[{{a.mid}}]] {{a.last}}]]") == "Name: Dana Whitfield-Ruiz"
    assert rendered("[[Name: {{a.first}} {{a.mid}}]]") == ""
    assert rendered("[[Notes: [[(1) {{a.mid}}]] [[(2) {{a.first}}]]]]") == "Notes: (2) Dana"
    assert rendered("[[Notes: [[(1) {{a.mid}}]] [[(2) {{a.ext}}]]]]") == ""


def test_typed_values_are_never_read_as_template() -> None:
    ctx = {"a.name": "[[O'Neil]] {{packet.key}} ]]", "packet.key": "SECRET"}
    spans = spans_of("Producer: {{a.name}}", ctx)
    assert "".join(s.text for s in spans) == "Producer: [[O'Neil]] {{packet.key}} ]]"
    assert [s.is_data for s in spans] == [False, True]


@pytest.mark.parametrize("broken", ["[[Name: {{a.b}}", "Name: {{a.b}}]]", "[[a [[b]]"])
def test_unbalanced_optional_parts_are_a_template_error(broken: str) -> None:
    with pytest.raises(ValueError, match=r"\[\[|\]\]"):
        spans_of(broken, {})


def test_an_empty_paragraph_is_dropped(tmp_path: Any) -> None:
    template = tmp_path / "t.txt"
    template.write_text("# Title\n\n[[Middle name: {{a.mid}}]]\n\nLast.\n", encoding="utf-8")
    spec = DocumentSpec("t", "T", str(template))
    doc = render(spec, {"a.mid": ""})
    assert [b.text for b in doc.blocks] == ["Title", "Last."]


# --- every template, with no answers and with every answer ---------------------------------------


@pytest.mark.parametrize(("program", "spec"), TEMPLATES, ids=IDS)
def test_every_template_with_no_answers(program: Program, spec: DocumentSpec) -> None:
    doc = render(spec, flatten({}, EXTRA, field_kinds(program)))
    assert faults(doc, spec.template_text()) == []
    assert "{{" not in doc.text and "[[" not in doc.text and "]]" not in doc.text


@pytest.mark.parametrize(("program", "spec"), TEMPLATES, ids=IDS)
def test_every_template_with_every_answer(program: Program, spec: DocumentSpec) -> None:
    answers = full_answers(program)
    doc = render(spec, flatten(answers, EXTRA, field_kinds(program)))
    assert faults(doc, spec.template_text()) == []
    data = [s.text for b in doc.blocks for s in b.spans if s.is_data]
    for value in data:
        assert not re.fullmatch(r"\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}", value), value  # dates read MM/DD/YYYY
    assert "1000000" not in doc.text  # money reads $1,000,000.00
    # Every answer the template names is shown: nothing was dropped for lack of a value.
    named = set(re.findall(r"\{\{\s*([a-z0-9_]+\.[a-z0-9_]+)", spec.template_text())) - set(EXTRA)
    assert len(data) >= len(named) - 1  # the IRS W-9 shows either the SSN or the EIN line


def test_money_and_dates_in_the_hcsc_agreement() -> None:
    program = programs()["hcsc_onboarding"]
    spec = next(d for d in program.documents if d.id == "producer_agreement")
    answers = full_answers(program)
    answers["licenses"]["fee_total"] = "$50"
    answers["eo"].update(effective_date="2026-01-01", aggregate="2,000,000")
    text = render(spec, flatten(answers, EXTRA, field_kinds(program))).text
    assert "effective 01/01/2026" in text and "per occurrence $1,000,000.00, aggregate $2,000,000.00" in text
    assert "Appointment fees deducted from the first month's commissions: $50.00." in text


def test_the_issue_examples_read_cleanly() -> None:
    """The answers the issue saw: empty line two, extension, middle name and "other carrier"."""
    hcsc = programs()["hcsc_onboarding"]
    answers = full_answers(hcsc)
    answers["general"].update(address1="88 Crane Rd", address2="", city="Oklahoma City", state="OK", zip="73102",
                              business_phone="405-555-0101", business_ext="", residence_phone="405-555-0102",
                              first_name="Dana", middle_name="", last_name="Whitfield-Ruiz")
    answers["eo"].update(carrier="Meridian Specialty Insurance Company", carrier_other="", policy_number="EO-77")
    answers["esignature"].update(w9_foreign="false")
    context = flatten(answers, EXTRA, field_kinds(hcsc))
    docs = {spec.id: render(spec, context).text for spec in hcsc.documents}
    agreement, w9 = docs["producer_agreement"], docs["w9"]
    assert "Producer: Dana Whitfield-Ruiz, NPN" in agreement
    assert "Business address: 88 Crane Rd, Oklahoma City, OK 73102" in agreement
    assert "Business phone: 405-555-0101. Residence phone: 405-555-0102." in agreement
    assert "Errors and omissions: Meridian Specialty Insurance Company, policy EO-77," in agreement
    assert "foreign partners, owners or beneficiaries: No" in w9
    assert "Part 0" not in w9 and "Part I: Taxpayer Identification Number (TIN)" in w9
    assert "Lines 5 and 6, address: 88 Crane Rd, Oklahoma City, OK 73102" in w9

    cigna = programs()["cigna_econtracting"]
    answers = full_answers(cigna)
    answers["agent_information"].update(journeys.CIGNA_AGENT)
    context = flatten(answers, EXTRA, field_kinds(cigna))
    docs = {spec.id: render(spec, context).text for spec in cigna.documents}
    assert "Name: Dana Whitfield-Ruiz\n" in docs["background_authorization"]
    assert "Residential address: 12 Magnolia Way, Mobile, AL 36602" in docs["background_authorization"]
    assert "Birth date: 02/28/1980" in docs["background_authorization"]
    assert "Line 1. Name of entity/individual: Dana Whitfield-Ruiz" in docs["w9"]
    assert "Middle name" not in docs["agent_application"] and "Business phone" not in docs["agent_application"]


# --- the generated documents: Summary, Certificate, IFM application ---------------------------------


def _packet_view(program: Program, answers: dict[str, dict[str, Any]]) -> PacketView:
    moment = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    return PacketView(1, "CE-2611-00005", program.id, "sent", 3, "summary", answers, "Dana Whitfield-Ruiz", 2,
                      None, None, moment, moment)


def test_cigna_summary_has_every_heading_and_reads_yes_no() -> None:
    """Seed 002, Summary: "If you were not required to provide this information, the field will be blank"."""
    cigna = programs()["cigna_econtracting"]
    answers = full_answers(cigna)
    answers["user_agreement"]["agree"] = "true"
    answers["business_address"]["bus_copy"] = "false"
    summary = certificate.build_summary(_packet_view(cigna, answers))
    headings = [b.text for b in summary.blocks if b.kind.startswith("heading")]
    assert headings[:4] == ["Summary", "User Agreement", "Agent Information", "Residential Address"]
    text = summary.text
    assert "I Agree: Yes" in text and "Copy residential address: No" in text
    assert ": true" not in text and ": false" not in text
    assert faults(summary) == []

    empty = certificate.build_summary(_packet_view(cigna, {}))
    assert "Residential Address" in [b.text for b in empty.blocks]
    assert "Middle Name:" in [b.text for b in empty.blocks]  # blank, as the seed says
    assert [f for f in faults(empty) if "label left" not in f] == []


def _ifm_everything(base: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    answers = {step: dict(values) for step, values in base.items()}
    for spec in (ifm_steps.APPLICANT, ifm_steps.HOUSEHOLD, ifm_steps.COVERAGE):
        answers[spec.id].update({f.name: sample(f) for f in spec.fields})
    sign = replace(ifm_steps.SIGN, sections=(ifm_steps.GUARDIAN, ifm_steps.TX_DISCLOSURE, *ifm_steps.SIGN.sections))
    answers["sign"] = {f.name: sample(f) for f in sign.fields}
    answers["applicant"].update(authorization="In person", terms_accepted="true", birth_date="03/14/1986")
    member = {f.name: sample(f) for f in ifm_steps.MEMBER.fields}
    answers["household"]["members"] = [member]
    answers["coverage"]["replacements"] = [{f.name: sample(f) for f in ifm_steps.REPLACEMENT.fields}]
    answers["coverage"]["others"] = [{f.name: sample(f) for f in ifm_steps.OTHER_COVERAGE.fields}]
    answers["plans"]["pediatric_dental"] = "true"
    return answers


def test_ifm_application_with_no_answers_and_with_every_answer(sqlite_ctx: Any) -> None:
    submitted = journeys.ifm_submitted(sqlite_ctx)
    view = packets.load(sqlite_ctx, journeys.ifm_actor(sqlite_ctx), submitted.id)
    empty = packet_pdf.document(replace(view, answers=records.blank_answers(enrollment.PROGRAM), status="incomplete",
                                        submitted_at=None))
    assert faults(empty) == []
    assert "Not submitted yet: nobody has attested to or submitted this application" in empty.text

    full = packet_pdf.document(replace(view, answers=_ifm_everything(family_answers(date(2026, 11, 24)))))
    assert faults(full) == []
    text = full.text
    assert "Monthly Contribution: $1,000,000.00" in text and "HRA Start Date: 03/14/2026" in text
    assert "Termination Date: 03/14/2026" in text and "Member Number: Member Number value" in text
    assert "true" not in [s.text for b in full.blocks for s in b.spans if s.is_data]


def test_certificate_paragraphs_are_clean(sqlite_ctx: Any) -> None:
    signed = journeys.cigna_sent(sqlite_ctx)
    cert = certificate.build_certificate(sqlite_ctx, signed.view)
    assert faults(cert) == []
