"""HCSC onboarding rules (seed 001): every bad input the issue lists, checked without a database."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from core.forms.fields import changed_fields, step_problems
from core.forms.identifiers import ssn_problem
from core.forms.named_rules import RULES
from core.forms.upload_rules import check_upload
from core.identity.password_rules import password_problems
from core.kernel.config import DATA_DIR
from core.onboarding import rules as onboarding
from core.packets.pdb import local_pdb
from core.packets.program import program

PROGRAM = program("hcsc_onboarding")
TODAY = date(2026, 11, 24)
ACCEPT = PROGRAM.field("eo.declaration").accept
LIMIT = PROGRAM.field("eo.declaration").max_bytes
PDF = b"%PDF-1.7\n" + b"0" * 100


def problems(step_id: str, values: dict[str, Any], answers: dict[str, dict[str, Any]] | None = None) -> dict[str, str]:
    step = PROGRAM.step(step_id)
    return step_problems(step, values, TODAY, {**(answers or {}), step_id: values})


def general(**changes: str) -> dict[str, str]:
    values = {"address1": "8333 Sandhill Crane Rd", "city": "Tulsa", "state": "OK", "zip": "74103",
              "business_phone": "918-555-0103", "email": "dana@example.com", "confirm_contact": "true"}
    return {**values, **changes}


def eo(**changes: str) -> dict[str, str]:
    values = {"carrier": "Heartland Mutual E&O Insurance Company", "policy_number": "EO-1",
              "effective_date": "10/01/2026", "expiration_date": "10/01/2027", "per_occurrence": "1,000,000",
              "aggregate": "1,000,000", "declaration": "eo.pdf"}
    return {**values, **changes}


def banking(**changes: str) -> dict[str, str]:
    values = {"account_type": "Checking", "routing_number": "111000025", "routing_confirm": "111000025",
              "account_number": "000123456789", "account_confirm": "000123456789"}
    return {**values, **changes}


class TestPoBox:
    """The primary address may not be a P.O. Box, whatever the spelling."""

    @pytest.mark.parametrize("line", [
        "P.O. Box 123", "PO BOX 123", "Post Office Box 9", "P O Box 44", "POB 12", "Box 12", "Postal Box 5",
        "p.o. box 77", "PO Box #12", "P. O. Box 3", "POBox 88", "P.O.B. 19", "Post Box 2", "Box #12",
        "PO Drawer 5", "Caller Box 400", "Lock Box 7", "P.0. Box 6", "1200 Main St, PO Box 4", "bx 31",
    ])
    def test_each_spelling_is_refused_on_the_general_tab(self, line: str) -> None:
        assert onboarding.is_po_box(line)
        assert "P.O. Box" in problems("general", general(address1=line))["address1"]
        assert "address2" in problems("general", general(address2=line))

    @pytest.mark.parametrize("line", [
        "100 Boxwood Ln", "12 Post Oak Blvd", "7 Box Elder Rd", "Suite 200", "1 Pobst Road", "400 Postal Way",
        "8333 Sandhill Crane Rd", "Box Canyon Ranch",
    ])
    def test_street_addresses_pass(self, line: str) -> None:
        assert not onboarding.is_po_box(line)
        assert problems("general", general(address1=line)) == {}


class TestEoDates:
    """Effective date not in the future; expiration not within the next 7 days."""

    def test_effective_today_passes_tomorrow_fails(self) -> None:
        assert "effective_date" not in problems("eo", eo(effective_date=f"{TODAY:%m/%d/%Y}"))
        tomorrow = TODAY + timedelta(days=1)
        assert "future" in problems("eo", eo(effective_date=f"{tomorrow:%m/%d/%Y}"))["effective_date"]

    @pytest.mark.parametrize(("days", "ok"), [(0, False), (6, False), (7, False), (8, True), (365, True), (-1, False)])
    def test_expiration_on_each_side_of_the_seven_day_boundary(self, days: int, ok: bool) -> None:
        when = TODAY + timedelta(days=days)
        found = problems("eo", eo(expiration_date=f"{when:%m/%d/%Y}"))
        assert ("expiration_date" not in found) is ok, found

    def test_dates_must_exist(self) -> None:
        assert "real date" in problems("eo", eo(effective_date="02/30/2026"))["effective_date"]


class TestEoLimits:
    """Limits above 0 and at least the minimum of the states chosen ($1,000,000 for Montana)."""

    @pytest.mark.parametrize("amount", ["999,999", "500000", "$999,999.99", "750,000"])
    def test_montana_below_one_million_is_refused(self, amount: str) -> None:
        found = problems("eo", eo(per_occurrence=amount, aggregate=amount), {"licenses": {"states": ["IL", "MT"]}})
        assert "$1,000,000" in found["per_occurrence"] and "$1,000,000" in found["aggregate"]

    def test_montana_at_one_million_passes(self) -> None:
        assert problems("eo", eo(per_occurrence="$1,000,000.00"), {"licenses": {"states": ["MT"]}}) == {}

    def test_other_states_need_half_a_million(self) -> None:
        answers = {"licenses": {"states": ["IL", "TX"]}}
        assert "$500,000" in problems("eo", eo(aggregate="499,999"), answers)["aggregate"]
        assert problems("eo", eo(per_occurrence="500,000", aggregate="500,000"), answers) == {}

    @pytest.mark.parametrize("amount", ["0", "$0.00"])
    def test_zero_is_refused(self, amount: str) -> None:
        assert "greater than 0" in problems("eo", eo(per_occurrence=amount))["per_occurrence"]

    @pytest.mark.parametrize("amount", ["one million", "1,00,000", "-5", "1.234"])
    def test_amounts_must_be_amounts(self, amount: str) -> None:
        assert "amount" in problems("eo", eo(aggregate=amount))["aggregate"]

    def test_other_carrier_needs_its_name(self) -> None:
        assert "carrier_other" in problems("eo", eo(carrier="OTHER"))
        assert problems("eo", eo(carrier="OTHER", carrier_other="Small Town Mutual")) == {}
        assert "carrier" in problems("eo", eo(carrier="Not In The List Co"))

    def test_minimums_are_data(self) -> None:
        assert onboarding.state_minimum(["IL", "NM", "OK", "TX"]) == Decimal(500000)
        assert onboarding.state_minimum(["NM", "MT"]) == Decimal(1000000)
        assert onboarding.state_minimum([]) == 0


class TestUploads:
    """One PDF, JPG, JPEG, PNG, GIF or TIFF of at most 3 MB, its type checked from its content."""

    def test_exactly_three_megabytes_passes_one_byte_more_fails(self) -> None:
        assert LIMIT == 3 * 1024 * 1024
        fits = PDF + b"0" * (LIMIT - len(PDF))
        assert not isinstance(check_upload("eo.pdf", fits, ACCEPT, LIMIT), str)
        too_big = check_upload("eo.pdf", fits + b"0", ACCEPT, LIMIT)
        assert isinstance(too_big, str) and "3 MB (3072 KB)" in too_big and "3,145,729" in too_big

    def test_an_executable_renamed_pdf_is_refused(self) -> None:
        found = check_upload("declarations.pdf", b"MZ\x90\x00" + b"\x00" * 64, ACCEPT, LIMIT)
        assert isinstance(found, str) and "executable" in found
        elf = check_upload("declarations.pdf", b"\x7fELF\x02\x01", ACCEPT, LIMIT)
        assert isinstance(elf, str) and "executable" in elf

    def test_an_empty_file_is_refused(self) -> None:
        assert check_upload("eo.pdf", b"", ACCEPT, LIMIT) == "eo.pdf is empty (0 bytes)."

    @pytest.mark.parametrize(("name", "data", "mime"), [
        ("dec.PDF", PDF, "application/pdf"), ("dec.jpg", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        ("dec.jpeg", b"\xff\xd8\xff\xdbrest", "image/jpeg"), ("dec.png", b"\x89PNG\r\n\x1a\nrest", "image/png"),
        ("dec.gif", b"GIF89arest", "image/gif"), ("dec.tiff", b"II*\x00rest", "image/tiff"),
        ("dec.tif", b"MM\x00*rest", "image/tiff"),
    ])
    def test_each_accepted_type(self, name: str, data: bytes, mime: str) -> None:
        checked = check_upload(name, data, ACCEPT, LIMIT)
        assert not isinstance(checked, str) and checked.content_type == mime

    def test_name_and_content_must_agree(self) -> None:
        found = check_upload("photo.png", PDF, ACCEPT, LIMIT)
        assert isinstance(found, str) and "content is a PDF file" in found

    @pytest.mark.parametrize("name", ["dec.docx", "dec.exe", "dec", "dec.pdf.exe"])
    def test_other_extensions_are_refused(self, name: str) -> None:
        found = check_upload(name, PDF, ACCEPT, LIMIT)
        assert isinstance(found, str) and "PDF, JPG, JPEG, PNG, GIF, TIFF or TIF" in found


class TestBanking:
    """ABA checksum, typed twice; account numbers typed twice."""

    @pytest.mark.parametrize("routing", ["123456789", "111000026", "021000022", "12345678", "1110000250", "11100002x"])
    def test_routing_numbers_failing_the_rules(self, routing: str) -> None:
        assert "routing_number" in problems("banking", banking(routing_number=routing, routing_confirm=routing))

    @pytest.mark.parametrize("routing", ["111000025", "021000021", "011000015"])
    def test_valid_routing_numbers(self, routing: str) -> None:
        assert problems("banking", banking(routing_number=routing, routing_confirm=routing)) == {}

    def test_mismatched_confirmations(self) -> None:
        found = problems("banking", banking(routing_confirm="021000021", account_confirm="000123456780"))
        assert found["routing_confirm"] == "Validate Routing No. must match Routing Number."
        assert found["account_confirm"] == "Validate Account No. must match Account Number."

    @pytest.mark.parametrize("account", ["123", "12345678901234567890", "12-34-56"])
    def test_account_numbers_are_4_to_17_digits(self, account: str) -> None:
        assert "account_number" in problems("banking", banking(account_number=account, account_confirm=account))


class TestCodeOfConduct:
    """The signature typed must match the name on the General tab (ignoring case and extra spaces)."""

    ANSWERS = {"general": {"first_name": "Dana", "middle_name": "Marie", "last_name": "Whitfield"}}

    @pytest.mark.parametrize("typed", ["Dana Whitfield", "dana   whitfield", "  DANA MARIE WHITFIELD ", "Dana Marie Whitfield"])
    def test_matching_names(self, typed: str) -> None:
        assert problems("conduct", {"read": "true", "signature": typed}, self.ANSWERS) == {}

    @pytest.mark.parametrize("typed", ["Dan Whitfield", "Whitfield Dana", "Dana M. Whitfield", "D. Whitfield", "Dana"])
    def test_a_name_that_differs(self, typed: str) -> None:
        found = problems("conduct", {"read": "true", "signature": typed}, self.ANSWERS)
        assert found["signature"].endswith("General tab: Dana Marie Whitfield.")

    def test_reading_is_required(self) -> None:
        assert "read" in problems("conduct", {"read": "false", "signature": "Dana Whitfield"}, self.ANSWERS)


class TestLicensesAndBackground:
    def test_fees_come_from_data_with_bluelincs(self) -> None:
        assert onboarding.appointment_fees(["NM", "OK", "TX"], "Yes").total == Decimal("93.50")
        assert onboarding.appointment_fees(["IL", "MT"], "Yes").total == 0
        assert onboarding.appointment_fees(["OK"], "No").total == Decimal(30)

    def test_illinois_requires_no_appointment_so_it_has_no_fee_line(self) -> None:
        """Seed 001 FAQ: "Illinois: This state does not require appointments." """
        assert onboarding.no_appointment("IL") == "This state does not require appointments."
        assert onboarding.no_appointment("TX") == ""
        fees = onboarding.appointment_fees(["IL", "NM", "TX"])
        assert [line.label for line in fees.lines] == ["New Mexico appointment", "Texas appointment"]
        assert fees.total == Decimal("20.00") + Decimal("13.50")

    def test_both_texas_sources_are_noted(self) -> None:
        fees = json.loads((DATA_DIR / "hcsc_onboarding" / "appointment_fees.json").read_text())
        assert [s["amount"] for s in fees["conflicts"]["TX"]["sources"]] == [10.0, 13.5]
        assert fees["fees"]["TX"] == fees["conflicts"]["TX"]["chosen"]

    def test_states_must_be_available_and_oklahoma_asks_about_bluelincs(self) -> None:
        base = {"offered": ["NM", "OK", "TX"], "available": ["NM", "OK"]}
        assert "cannot be chosen" in problems("licenses", {**base, "states": ["TX"]})["states"]
        assert "required" in problems("licenses", {**base, "states": []})["states"]
        assert "bluelincs_hmo" in problems("licenses", {**base, "states": ["OK"]})
        assert problems("licenses", {**base, "states": ["OK"], "bluelincs_hmo": "No"}) == {}

    def test_ten_questions_verbatim_each_needs_an_answer_and_yes_an_explanation(self) -> None:
        questions = [f for f in PROGRAM.step("background").fields if f.type == "yesno"]
        assert len(questions) == 10
        assert questions[7].label.startswith("8. Has any demand been made or judgment rendered against you")
        answers = {f"q{i}": "No" for i in range(1, 11)}
        assert problems("background", answers) == {}
        assert problems("background", {**answers, "q3": ""})["q3"] == f"{questions[2].label} is required."
        assert "q9_explain" in problems("background", {**answers, "q9": "Yes"})
        assert problems("background", {**answers, "q9": "Yes", "q9_explain": "Speeding ticket, 2004."}) == {}


class TestWhatIsAChange:
    """Issue 14: "checking" typed for Account Type where "Checking" is stored saved Banking Information
    ("no changes") on every tab change. A value a save would store unchanged is not a change."""

    def test_a_choice_in_another_case_or_a_lower_case_state_is_no_change(self) -> None:
        stored = banking()
        assert changed_fields(PROGRAM.step("banking"), stored, {**stored, "account_type": "checking"}) == []
        assert changed_fields(PROGRAM.step("banking"), stored, {**stored, "account_type": "sav"}) == ["account_type"]
        assert changed_fields(PROGRAM.step("general"), general(), general(state="ok")) == []
        assert changed_fields(PROGRAM.step("general"), general(), general(state="tx")) == ["state"]

    def test_unset_empty_and_unchecked_are_the_same_answer(self) -> None:
        assert changed_fields(PROGRAM.step("general"), {}, {"address2": "", "confirm_contact": "false"}) == []


class TestW9AndAccess:
    ESIGN = {"contracting_as": "Individual", "w9_classification": "Individual/sole proprietor",
             "w9_tin_type": "SSN", "w9_tin": "896-64-8850", "w9_tin_confirm": "896-64-8850"}

    def test_w9_march_2024_rules(self) -> None:
        assert problems("esignature", self.ESIGN) == {}
        assert "w9_other" in problems("esignature", {**self.ESIGN, "w9_classification": "Other"})
        assert "applies only" in problems("esignature", {**self.ESIGN, "w9_foreign": "true"})["w9_foreign"]
        assert problems("esignature", {**self.ESIGN, "w9_classification": "LLC (Partnership)", "w9_foreign": "true"}) == {}
        assert "EIN" in problems("esignature", {**self.ESIGN, "w9_tin_type": "EIN"})["w9_tin"]
        assert "contracting_as" in problems("esignature", {**self.ESIGN, "contracting_as": "Agency"})

    def test_confirm_ssn_and_ein_must_match(self) -> None:
        """Seed 001 FAQ "Which fields are required?": "Some fields have validation logic built in to ensure
        the information being entered is accurate (i.e., the Confirm SSN/EIN fields)." """
        pdb = {"ssn": "896-64-8850", "authorize": "true"}
        assert problems("pdb", {**pdb, "ssn_confirm": "896648850"}) == {}  # the same digits, typed without dashes
        assert problems("pdb", {**pdb, "ssn_confirm": "896-64-8851"}) == {"ssn_confirm": "Confirm SSN must match SSN."}
        assert "ssn_confirm" in problems("pdb", pdb)  # required
        ein = {**self.ESIGN, "w9_tin_type": "EIN", "w9_tin": "12-3456789"}
        assert problems("esignature", {**ein, "w9_tin_confirm": "12-3456789"}) == {}
        assert problems("esignature", {**ein, "w9_tin_confirm": "12-3456780"}) == {
            "w9_tin_confirm": "Confirm SSN/EIN (Part I) must match TIN (Part I)."}
        assert "w9_tin_confirm" in problems("esignature", {**ein, "w9_tin_confirm": ""})

    def test_password_policy_is_seed_001s(self) -> None:
        policy = PROGRAM.password_policy
        assert password_problems(policy, "producer", "producer") == []
        assert password_problems(policy, "Ab1", "Ab1") == ["Password must be at least 8 characters long."]
        assert password_problems(policy, "........", "........")

    def test_declared_rules_exist(self) -> None:
        for step in PROGRAM.steps:
            for spec in step.fields:
                for rule in spec.rules:
                    assert rule.partition(":")[0] in RULES, (step.id, spec.name, rule)


class TestPdbSample:
    def test_twenty_made_up_producers_with_valid_ssns_and_555_phones(self) -> None:
        raw = json.loads((DATA_DIR / "pdb" / "producers.json").read_text())
        assert "source" in raw and len(raw["producers"]) == 20
        for person in raw["producers"]:
            assert ssn_problem(person["ssn"]) is None
            assert 773 <= int(person["ssn"][:3]) <= 899
            assert all("-555-" in p for p in person["phones"].values() if p)
            assert person["licenses"] and person["npn"].isdigit()

    def test_lookup_by_ssn_in_any_format(self) -> None:
        found = local_pdb().by_ssn("896648850")
        assert found is not None and found.name == "Dana Marie Whitfield"
        assert local_pdb().by_ssn("896-64-8850") == found
        assert local_pdb().by_ssn("812-45-3391") is None
        assert found.active_states(TODAY) == ["OK", "NM", "TX", "MT", "IL"]
