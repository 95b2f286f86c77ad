"""The IFM application PDF, drawn from data/documents/ifm_enrollment/application.txt (issue 11).

What the template lays out from the declaration: every person of the household under their own
heading with the declared labels, SSNs as last 4, answers the wizard hides left out, plan lines
whose premiums add up to the total.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from core.packets import packet_pdf, packets
from core.packets.packets import PacketView
from tests.helpers import programs
from tests.helpers.applications import total
from tests.helpers.ifm import family_answers


def _packet(ctx: Any, view: Any) -> PacketView:
    return packets.load(ctx, programs.ifm_actor(ctx), view.id)


def _document_text(ctx: Any, view: Any, **applicant: str) -> str:
    answers = {step: dict(values) for step, values in view.answers.items()}
    answers["applicant"].update(applicant)
    return packet_pdf.document(replace(_packet(ctx, view), answers=answers)).text


def test_every_household_member_is_listed_with_the_declared_labels(sqlite_ctx: Any) -> None:
    view = programs.ifm_submitted(sqlite_ctx)
    members = family_answers(view.updated_at.date())["household"]["members"]
    text = packet_pdf.document(_packet(sqlite_ctx, view)).text
    for number, member in enumerate(members, 1):
        section = text.split(f"\n\nSpouse or dependent {number}\n\n")[1].split("\n\nSpouse or dependent")[0]
        assert f"Relationship: {member['relationship']}" in section
        assert f"First Name: {member['first_name']}" in section and f"Date of Birth: {member['birth_date']}" in section
    assert f"Spouse or dependent {len(members) + 1}" not in text


def test_the_ssn_shows_only_its_last_four(sqlite_ctx: Any) -> None:
    view = programs.ifm_submitted(sqlite_ctx)
    text = _document_text(sqlite_ctx, view, ssn="512-34-1296")
    assert "SSN: •••••1296" in text
    assert "512-34-1296" not in text and "512341296" not in text


def test_an_answer_the_wizard_hides_is_not_printed(sqlite_ctx: Any) -> None:
    view = programs.ifm_submitted(sqlite_ctx)
    mailing = {"mail_address1": "PO Box 12", "mail_city": "Springfield"}
    assert "Mailing Address: PO Box 12" in _document_text(sqlite_ctx, view, mailing_different="Yes", **mailing)
    hidden = _document_text(sqlite_ctx, view, mailing_different="No", **mailing)
    assert "PO Box 12" not in hidden and "Springfield" not in hidden


def test_plan_lines_add_up_to_the_total(sqlite_ctx: Any) -> None:
    view = programs.ifm_submitted(sqlite_ctx)
    text = packet_pdf.document(_packet(sqlite_ctx, view)).text

    def amount(pattern: str) -> Decimal:
        found = re.search(pattern + r"\$([\d,]+\.\d\d)", text)
        assert found, pattern
        return Decimal(found.group(1).replace(",", ""))

    medical = amount(r"Medical: Blue Precision Silver HMO \(HMO\) ")
    dental = amount(r"Dental: BlueCare Dental 1D \(PPO\) ")
    assert medical > 0 and dental > 0
    assert amount("Total monthly premium: ") == medical + dental == total(sqlite_ctx, view)
