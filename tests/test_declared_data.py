"""Lookups over data files, header values and rules across fields, declared as data with no Python.

A made-up marina's membership form is written here as TOML and JSON in a temporary data folder;
IFM enrollment's own declarations are checked against data/ifm.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.forms import registry
from core.forms.fields import header_lines, step_problems
from core.forms.header import header_fields, header_items, load_header
from core.forms.lookups import fills, load_lookup
from core.forms.spec import load_steps
from core.kernel.config import DATA_DIR

TODAY = date(2026, 5, 1)
MEMBERS = [
    {"first": "Ann", "last": "Lee", "town": "Harbor Point", "phone": "555-201-0001"},
    {"first": "Bo", "last": "Annesley", "town": "Gull Cove"},
    {"first": "Cy", "last": "Marsh", "town": "Harbor Point", "phone": "555-201-0003"},
]
TOWNS = {"101": ["Harbor Point", "North"], "102": ["Gull Cove", "South"]}
BOATS = [{"id": "B-7", "model": "Sea Otter 22"}, {"id": "B-9", "model": "Tern 16"}]
MARINA = '''
id = "marina_membership"
title = "Marina Membership"

[[header]]
items = [{ label = "Member", value = "{member.first} {member.last}", max_length = 10 },
         { label = "Boat", value = "{member.boat_id}", lookup = "marina.boats" }]

[lookups."marina.members"]
source = "marina/members.json#members"
search = ["first", "last"]
label = "{first} {last} · {town}"
value = "last"
fills = ["first", "last", "town", "phone"]

[lookups."marina.towns"]
source = "marina/towns.json#towns"
key = "code"
key_length = 3
columns = ["town", "region"]
label = "{town} ({region})"

[lookups."marina.boats"]
source = "marina/boats.json#boats"
label = "{model}"

[[steps]]
id = "member"
title = "Member"
kind = "form"

  [[steps.cross_rules]]
  field = "boat_id"
  when = { field = "has_boat", equals = "Yes" }
  message = "Pick the boat you moor here."

  [[steps.cross_rules]]
  field = "boat_id"
  when = { field = "has_boat", equals = "No" }
  must = "empty"
  message = "A member without a boat has no boat number."

  [[steps.cross_rules]]
  field = "has_boat"
  when = { field = "has_boat", equals = "Yes" }
  then = { field = "insured", equals = "true" }
  message = "A boat moored here must be insured."

  [[steps.cross_rules]]
  field = "crew"
  rows = { field = "role", equals = "Skipper" }
  max_rows = 1
  message = "One skipper per boat."

  [[steps.sections]]
  title = "Member"

    [[steps.sections.fields]]
    name = "first"
    label = "First"

    [[steps.sections.fields]]
    name = "last"
    label = "Last"

    [[steps.sections.fields]]
    name = "town_code"
    label = "Town code"
    lookup = "marina.towns"
    fills = { town = "town", region = "region" }
    keep_typed = ["town"]

    [[steps.sections.fields]]
    name = "town"
    label = "Town"

    [[steps.sections.fields]]
    name = "has_boat"
    label = "Boat?"
    type = "yesno"

    [[steps.sections.fields]]
    name = "boat_id"
    label = "Boat"

    [[steps.sections.fields]]
    name = "winter"
    label = "Winter storage?"
    type = "yesno"
    required = true
    default = "No"

    [[steps.sections.fields]]
    name = "crew"
    label = "Crew"
    type = "group"

      [[steps.sections.fields.fields]]
      name = "role"
      label = "Role"
'''


@pytest.fixture
def marina(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "marina.toml").write_text(MARINA, encoding="utf-8")
    (tmp_path / "marina").mkdir()
    for name, key, rows in (("members", "members", MEMBERS), ("towns", "towns", TOWNS), ("boats", "boats", BOATS)):
        (tmp_path / "marina" / f"{name}.json").write_text(json.dumps({key: rows}), encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_DATA_DIRS", str(tmp_path))
    yield "programs/marina.toml"


def test_a_declared_search_offers_every_record_before_typing_then_those_matching_every_word(marina: str) -> None:
    load_steps(marina)
    search = registry.lookup("marina.members")
    assert [m.label for m in search("", {})] == [f"{m['first']} {m['last']} · {m['town']}" for m in MEMBERS]
    assert [m.value for m in search("ann", {})] == ["Lee", "Annesley"]  # "Ann" and "Annesley"
    (found,) = search("ANN lee", {})
    assert found.fills == {"first": "Ann", "last": "Lee", "town": "Harbor Point", "phone": "555-201-0001"}
    (bo,) = search("bo", {})
    assert bo.fills["phone"] == ""  # a field the record lacks is emptied, not left as it was


def test_a_declared_key_lookup_finds_by_the_typed_key_and_fills_but_keeps_what_was_typed(marina: str) -> None:
    (step,) = load_steps(marina)
    towns = registry.lookup("marina.towns")
    assert towns("", {}) == []  # no list of every key before anything is typed
    assert towns("999", {}) == []
    (match,) = towns("102-7", {})  # only the first three characters are the key
    assert match.label == "Gull Cove (South)" and match.value == "102-7"
    spec = step.field("town_code")
    assert fills(spec.fills, spec.keep_typed, match, {"town": ""}) == {"town": "Gull Cove", "region": "South"}
    assert fills(spec.fills, spec.keep_typed, match, {"town": "Gull Cove East"}) == {"region": "South"}


def test_declared_header_values_join_answers_and_name_a_record_by_its_key(marina: str) -> None:
    load_steps(marina)
    header = load_header(marina)
    answers = {"member": {"first": "Bartholomew", "last": "Lee", "boat_id": "B-9"}}
    assert header_lines(header, answers, TODAY) == [[("Member", "Bartholome", True), ("Boat", "Tern 16", True)]]
    assert header_lines(header, {"member": {"last": "Lee"}}, TODAY) == [[("Member", "Lee", True), ("Boat", "-", True)]]


def test_declared_rules_across_fields(marina: str) -> None:
    (step,) = load_steps(marina)
    assert step_problems(step, {"has_boat": "Yes", "insured": "true"}, TODAY) == {"boat_id": "Pick the boat you moor here."}
    assert step_problems(step, {"has_boat": "No", "boat_id": "B-7"}, TODAY) == {
        "boat_id": "A member without a boat has no boat number."}
    assert step_problems(step, {"has_boat": "Yes", "boat_id": "B-7"}, TODAY) == {
        "has_boat": "A boat moored here must be insured."}
    assert step_problems(step, {"has_boat": "Yes", "boat_id": "B-7", "insured": "true"}, TODAY) == {}
    # a question never answered is its declared default; one cleared is not answered
    assert step_problems(step, {"winter": ""}, TODAY) == {"winter": "Winter storage? is required."}
    crew = [{"role": "Skipper"}, {"role": "Deckhand"}]
    assert step_problems(step, {"crew": crew}, TODAY) == {}
    assert step_problems(step, {"crew": [*crew, {"role": "Skipper"}]}, TODAY) == {"crew": "One skipper per boat."}


def test_a_key_a_rule_or_lookup_does_not_know_is_refused_not_lost() -> None:
    from core.forms.spec import load_step

    stray = {"field": "boat_id", "message": "Pick the boat.", "text": "the step's intro, misplaced"}
    with pytest.raises(ValueError, match="unknown keys"):
        load_step({"id": "member", "title": "Member", "kind": "form", "cross_rules": [stray]})
    with pytest.raises(ValueError, match="unknown keys"):  # a misspelt search would be a lookup by key
        load_lookup({"source": "marina/members.json#members", "label": "{first}", "serach": ["first"]})


def test_a_packet_program_declares_its_lookups_and_header_values_too(marina: str, tmp_path: Path) -> None:
    from core.packets.program import load_program

    packet = MARINA.replace('id = "marina_membership"\ntitle = "Marina Membership"', (
        'id = "marina_packet"\ntitle = "Marina Packet"\ncarrier = "Harbor Marina"\nstages = ["Member"]\n'
        'statuses = { invited = "Invited" }\nconsent = { template = "c.txt", version = "1" }'))
    path = tmp_path / "programs" / "marina_packet.toml"
    path.write_text(packet.replace('"marina.', '"marina_packet.'), encoding="utf-8")
    prog = load_program(path)
    (match,) = registry.lookup("marina_packet.towns")("101", {})
    assert match.fills["town"] == "Harbor Point"
    answers = {"member": {"first": "Cy", "last": "Marsh", "boat_id": "B-7"}}
    assert header_lines(prog.header, answers, TODAY) == [[("Member", "Cy Marsh", True), ("Boat", "Sea Otter 22", True)]]


# --- IFM enrollment's declared lookups, header and rules, against data/ifm ------------------------

def _ifm(name: str) -> Any:
    return json.loads((DATA_DIR / "ifm" / name).read_text(encoding="utf-8"))


def test_ifm_client_search_lists_every_client_before_typing_and_fills_the_applicant() -> None:
    from tests.helpers import ifm_steps  # noqa: F401  (loads the declaration)

    clients = _ifm("clients.json")["clients"]
    search = registry.lookup("enrollment.clients")
    assert len(search("", {})) == len(clients)
    first = clients[0]
    (found,) = search(f"{first['first_name']} {first['last_name']}", {})
    assert found.fills["email"] == first["email"] and found.fills["zip"] == first["zip"]


def test_ifm_zip_fills_state_and_county_from_the_zip_data_and_keeps_a_typed_city() -> None:
    from tests.helpers import ifm_steps as steps

    state, city, county, _area = _ifm("zips.json")["zips"]["60606"]
    spec = steps.step("applicant").field("zip")
    (match,) = registry.lookup(spec.lookup)("60606-1234", {})
    assert fills(spec.fills, spec.keep_typed, match, {}) == {"state": state, "county": county, "city": city}
    assert fills(spec.fills, spec.keep_typed, match, {"city": "Chi-town"}) == {"state": state, "county": county}


def test_ifm_header_names_the_chosen_plans_from_the_plan_data() -> None:
    from tests.helpers import ifm_steps as steps

    medical, dental = (next(p for p in _ifm("plans.json")["plans"] if p["kind"] == kind) for kind in ("medical", "dental"))
    answers = {"applicant": {"first_name": "Jessica", "last_name": "Tester"}, "general": {"effective_date": "06/01/2026"},
               "plans": {"medical_plan_id": medical["id"], "dental_plan_id": dental["id"]}}
    (applicant, effective, _premium), plans = header_lines(steps.HEADER, answers, TODAY)
    assert applicant[1] == "Jessica Tester" and effective[1] == "06/01/2026"
    assert [value for _label, value, _bold in plans] == [medical["name"], dental["name"]]


def test_ifm_plan_choice_follows_the_application_form() -> None:
    from tests.helpers import ifm_steps as steps

    medical = next(p for p in _ifm("plans.json")["plans"] if p["kind"] == "medical" and p["exchange"] == "off")
    applicant = {"form_type": "Dental", "state": medical["state"]}
    found = steps.problems("plans", {"applicant": applicant, "plans": {"medical_plan_id": medical["id"]}}, TODAY)
    assert found["medical_plan_id"] == "A Dental application has no medical coverage."
    assert found["dental_plan_id"] == "Select the dental coverage."
    found = steps.problems("plans", {"applicant": {**applicant, "form_type": "Medical/Dental"}, "plans": {}}, TODAY)
    assert found["medical_plan_id"] == "Select the medical coverage." and "dental_plan_id" not in found
    spouses = [{"relationship": "Spouse"}, {"relationship": "Spouse"}]
    assert steps.problems("household", {"household": {"members": spouses}}, TODAY)["members"] == \
        "Only one spouse can be on an application."


def test_ifm_steps_ask_for_the_effective_date_and_the_in_person_terms() -> None:
    from tests.helpers import ifm_steps as steps

    assert steps.problems("general", {"general": {"sep": "Yes"}}, TODAY)["effective_date"] == "Calculate the effective date."
    in_person = {"authorization": "In person", "terms_accepted": "false"}
    message = "The client must accept the Terms and Agreements (in person)."
    assert steps.problems("applicant", {"applicant": in_person}, TODAY)["authorization"] == message
    accepted = {**in_person, "terms_accepted": "true"}
    assert "authorization" not in steps.problems("applicant", {"applicant": accepted}, TODAY)


def test_a_header_is_redrawn_by_the_answers_it_shows_or_computes_from():
    lines = header_items([{"items": [
        {"label": "Boat", "value": "{vessel.name} ({vessel.length_ft} ft)"},
        {"label": "Fee", "compute": "marina.fee", "follows": ["vessel.length_ft", "berth.nights"]},
    ]}])
    assert header_fields(lines) == {"vessel.name", "vessel.length_ft", "berth.nights"}
