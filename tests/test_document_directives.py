"""The template directives (core/packets/directives.py), each on a made-up document of a made-up program.

A pet-sitting sign-up, declared here and rendered from a template in a temporary data folder: no
program of Packetdesk is involved. Expected texts come from the answers and the arithmetic below.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.forms.registry import computation_named, predicate_named
from core.forms.spec import StepSpec, load_step
from core.packets.directives import Declared
from core.packets.documents import field_kinds, flatten, render
from core.packets.program import DocumentSpec

FEE_PER_PET = Decimal("12.50")
OWNER = tomllib.loads('''
id = "owner"
title = "Owner"
kind = "form"

  [[sections]]
  title = "About you"
    [[sections.fields]]
    name = "name"
    label = "Your name"
    [[sections.fields]]
    name = "ssn"
    label = "Social Security number"
    type = "ssn"
    [[sections.fields]]
    name = "phone_kind"
    label = "Phone kind"
    type = "choice"
    options = ["Mobile", "Landline"]
    [[sections.fields]]
    name = "texts_ok"
    label = "Texts are fine"
    type = "checkbox"
    shown_when = { field = "phone_kind", equals = "Mobile" }

  [[sections]]
  title = "Billing"
    [[sections.fields]]
    name = "card_holder"
    label = "Name on the card"

  [[sections]]
  title = "Pets"
    [[sections.fields]]
    name = "pets"
    label = "Pet"
    type = "group"
      [[sections.fields.fields]]
      name = "name"
      label = "Pet's name"
      [[sections.fields.fields]]
      name = "born"
      label = "Born"
      type = "date"
''')
STEPS: tuple[StepSpec, ...] = (load_step(OWNER),)


@predicate_named("made_up_pets.a_pack")
def a_pack(answers: dict[str, dict[str, Any]]) -> bool:
    return len(answers.get("owner", {}).get("pets") or []) >= 3


@computation_named("made_up_pets.fee")
def fee(answers: dict[str, dict[str, Any]], today: date) -> Decimal:
    return FEE_PER_PET * len(answers.get("owner", {}).get("pets") or [])


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PACKETDESK_DATA_DIRS", str(tmp_path))
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "house_rules.txt").write_text(
        "source: written for this test.\nWalks twice a day.\n\nI agree to the house rules.\n", encoding="utf-8")
    return tmp_path


def lines(folder: Path, template: str, owner: dict[str, Any]) -> list[str]:
    """The document's paragraphs and headings, as a reader sees them."""
    (folder / "sign_up.txt").write_text(template, encoding="utf-8")
    answers = {"owner": owner}
    spec = DocumentSpec("sign_up", "Sign-up", "sign_up.txt", "review")
    doc = render(spec, flatten(answers, {"office.city": "Tulsa"}, field_kinds(STEPS)),
                 Declared(answers, date(2026, 11, 24), STEPS))
    return [block.text for block in doc.blocks]


def test_each_repeats_for_every_row_with_its_number(folder: Path) -> None:
    template = "## Pets\n\n{{#each owner.pets}}\nPet {{row.number}}: {{row.name}}, born {{row.born}}\n{{/each}}\n"
    pets = [{"name": "Rex", "born": "2020-05-01"}, {"name": "Tom", "born": "03/02/2021"}]
    assert lines(folder, template, {"pets": pets}) == [
        "Pets", "Pet 1: Rex, born 05/01/2020", "Pet 2: Tom, born 03/02/2021"]
    assert lines(folder, template, {"pets": []}) == ["Pets"]


def test_each_over_a_mapping_gives_its_keys_and_values(folder: Path) -> None:
    template = "{{#each owner.vets}}\nVet for {{row.key}}: {{row.value}}\n{{/each}}\n"
    assert lines(folder, template, {"vets": {"Rex": "Dr. Ortiz", "Tom": "Dr. Lee"}}) == [
        "Vet for Rex: Dr. Ortiz", "Vet for Tom: Dr. Lee"]


def test_if_follows_an_answer_value_and_its_first_true_branch(folder: Path) -> None:
    template = ("{{#if owner.phone_kind == Mobile}}\nWe may text you.\n{{#elif owner.phone_kind}}\nWe will call.\n"
                "{{#else}}\nWe will write.\n{{/if}}\n{{#if owner.phone_kind != Mobile}}\nNo texts.\n{{/if}}\n"
                "{{#if owner.texts_ok}}\nTexts agreed.\n{{/if}}\n")
    assert lines(folder, template, {"phone_kind": "Mobile", "texts_ok": "true"}) == ["We may text you.", "Texts agreed."]
    assert lines(folder, template, {"phone_kind": "Landline"}) == ["We will call.", "No texts."]
    # A checkbox left unticked reads "No": its part is left out like an unanswered one.
    assert lines(folder, template, {"texts_ok": "false"}) == ["We will write.", "No texts."]


def test_a_named_predicate_and_a_named_computation(folder: Path) -> None:
    template = "{{#if ?made_up_pets.a_pack}}\nA pack: walked apart.\n{{/if}}\nFee: {{computed:made_up_pets.fee}} a day\n"
    three = [{"name": "Rex"}, {"name": "Tom"}, {"name": "Kit"}]
    assert lines(folder, template, {"pets": three}) == ["A pack: walked apart.", "Fee: $37.50 a day"]
    assert lines(folder, template, {"pets": three[:1]}) == ["Fee: $12.50 a day"]


def test_answers_lists_every_answered_shown_field_by_its_declared_label(folder: Path) -> None:
    template = "{{#answers owner}}\n## About you in {{office.city}}\n{{/answers}}\nEnd.\n"
    owner = {"name": "Dana Ruiz", "ssn": "123-45-6789", "phone_kind": "Landline", "texts_ok": "true",
             "card_holder": "D Ruiz", "pets": [{"name": "Rex"}]}
    # texts_ok is hidden for a landline; the pets are a group, laid out by #each; the SSN shows its last 4.
    assert lines(folder, template, owner) == [
        "About you in Tulsa", "Your name: Dana Ruiz", "Social Security number: •••••6789", "Phone kind: Landline",
        "Name on the card: D Ruiz", "End."]
    assert lines(folder, template, {"pets": [{"name": "Rex"}]}) == ["End."]  # nothing answered: no heading either
    billing = "{{#answers owner: Billing}}\n## Billing\n{{/answers}}\n"
    assert lines(folder, billing, owner) == ["Billing", "Name on the card: D Ruiz"]


def test_answers_of_each_row_use_the_groups_labels(folder: Path) -> None:
    template = "{{#each owner.pets}}\n{{#answers row}}\n## Pet {{row.number}}\n{{/answers}}\n{{/each}}\n"
    assert lines(folder, template, {"pets": [{"name": "Rex", "born": "2020-05-01"}, {}]}) == [
        "Pet 1", "Pet's name: Rex", "Born: 05/01/2020"]


def test_include_reads_a_text_without_its_source_line(folder: Path) -> None:
    assert lines(folder, "{{#include texts/house_rules.txt}}\n", {}) == [
        "Walks twice a day.", "I agree to the house rules."]
    assert lines(folder, "{{#include texts/house_rules.txt last}}\n", {}) == ["I agree to the house rules."]


@pytest.mark.parametrize("template", [
    "{{#if owner.name}}\nNever closed\n",
    "{{/each}}\n",
    "{{#else}}\n",
    "{{#if owner.name}}\n{{#else}}\n{{#else}}\n{{/if}}\n",
    "{{#each owner.pets}}\n{{/if}}\n",
    "{{#answers nowhere}}\n## Nowhere\n{{/answers}}\n",
])
def test_a_directive_out_of_place_or_naming_no_step_is_refused(folder: Path, template: str) -> None:
    with pytest.raises(ValueError):
        lines(folder, template, {"name": "Dana"})
