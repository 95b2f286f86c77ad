"""Demo packets declared in data/demo (core/demo.py): a login-less actor starts them through the calls the file names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from core import demo
from core.demo import APPLICATIONS, demo_actor, demo_answers, seed_packets
from core.kernel.context import AppContext
from core.kernel.events import Actor
from tests.helpers.applications import list_applications
from tests.helpers.ifm import family_answers

CALLS: list[tuple[str, Any]] = []


@dataclass
class Started:
    id: int
    version: int


def _start(ctx: AppContext, actor: Actor, *, answers: dict[str, Any]) -> Started:
    CALLS.append(("start", (actor.account_id, answers)))
    return Started(100 + len(CALLS), 7)


def _submit(ctx: AppContext, actor: Actor, packet_id: int, version: int) -> None:
    CALLS.append(("submit", (packet_id, version)))


MADE_UP = f"""
program = "made_up_demo"
start = "{__name__}:_start"
submit = "{__name__}:_submit"
date_format = "%Y-%m-%d"

[actor]
username = "made.up.demo"
role = "producer"
display_name = "Made-up demo producer"
email = "made.up@example.com"
producer_email = "harriet.stone@example.com"
auth_method = "demo (made up)"

[names]
who = "Nobody"

[answers.first]
who = "{{who}}"
since = "{{today-30d}}"

[answers.second]
note = "kept"

[[packets]]
names = {{ who = "Ann" }}
submit = true

[[packets]]
unanswered = ["second"]
"""


def test_any_declared_program_is_seeded_through_its_named_calls(
        demo_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "made_up.toml").write_text(MADE_UP, encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_DATA_DIRS", str(tmp_path))
    CALLS.clear()
    seed_packets(demo_ctx, "demo/made_up.toml")
    actor = demo_actor(demo_ctx, "demo/made_up.toml")
    assert actor is not None and actor.role == "producer" and actor.auth_method == "demo (made up)"
    first = {"who": "Ann", "since": (demo_ctx.clock.now().date() - timedelta(days=30)).isoformat()}
    assert CALLS == [
        ("start", (actor.account_id, {"first": first, "second": {"note": "kept"}})),
        ("submit", (101, 7)),  # the first start's id (100 + one call) and version
        ("start", (actor.account_id, {"first": dict(first, who="Nobody"), "second": {}})),
    ]
    assert demo_actor(demo_ctx, "demo/made_up.toml") == actor, "the account is made once"


def test_the_demo_database_has_the_three_declared_applications(demo_ctx: AppContext) -> None:
    actor = demo_actor(demo_ctx)
    assert actor is not None
    names = {status: [(" ".join((v.answers["applicant"]["first_name"], v.answers["applicant"]["last_name"])),
                        v.answers["sign"].get("payment_choice", "")) for v in list_applications(demo_ctx, actor, status)]
             for status in ("submitted", "incomplete", "failed")}
    assert names == {"submitted": [("Jessica Rivera", "Pay Now")], "incomplete": [("Jessica Okafor", "")],
                     "failed": [("Jessica Failtest", "Pay Now")]}
    seed_packets(demo_ctx, APPLICATIONS)
    assert len(list_applications(demo_ctx, actor, "incomplete")) == 1, "a seeded program is seeded once"


def test_no_demo_actor_and_nothing_seeded_outside_a_demo_database(ctx: AppContext) -> None:
    assert demo_actor(ctx) is None
    seed_packets(ctx, APPLICATIONS)
    assert demo.is_empty(ctx)


def test_the_family_moves_in_last_week_and_starts_on_the_first_of_next_month() -> None:
    answers = family_answers(date(2026, 12, 3), last_name="Lee", pay="Pay Later")
    assert answers["general"]["life_events"][0]["date"] == "11/26/2026"  # 3 - 7 days is Nov 30 - 4
    assert answers["general"]["effective_date"] == "01/01/2027"
    assert {m["last_name"] for m in answers["household"]["members"]} == {"Lee"} == {answers["applicant"]["last_name"]}
    assert answers["sign"] == {"payment_choice": "Pay Later"}
    assert family_answers(date(2026, 12, 3)) == demo_answers(date(2026, 12, 3), last_name="Tester", pay="Pay Now")
