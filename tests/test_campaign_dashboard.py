"""Issue 15, part 4: counts kept by the writes, the lists behind them, CSV export, bulk countersign."""

import csv
import re
from datetime import date

import pytest
from sqlmodel import func, select

from core.campaigns import dashboard, importing
from core.campaigns.dashboard import Filter
from core.identity import accounts
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.kernel.events import Event
from core.notify import outbox
from core.packets import progress
from tests.helpers.journey import log_in_first_time, sign_everything

PROGRAM = "bcbs_recontracting"
HEADER = "first_name,last_name,tin,email,states,agency,address1,city,state,postal_code,business_phone\n"
ADDRESS = "1 Sample Plaza,Chicago,IL,60601,312-555-0100"
ROWS = [HEADER,
        f"Alpha,Tester,521-33-5001,alpha@example.com,IL,North,{ADDRESS}\n",
        f"Bravo,Tester,521-33-5002,bravo@example.com,\"TX,OK\",South,{ADDRESS}\n",
        f"Charlie,Tester,521-33-5003,charlie@example.com,TX,South,{ADDRESS}\n"]


def code_for(ctx, address):
    body = outbox.latest_for_recipient(ctx, to=address, kind="invitation").body
    return re.search(r"^ {4}(\S+-\S+)$", body, re.MULTILINE).group(1)


@pytest.fixture
def setup(demo_ctx):
    ctx = demo_ctx
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    report = importing.import_roster(ctx, admin, PROGRAM, date(2027, 3, 31), ROWS)
    return ctx, admin, report.campaign_id


def test_counts_follow_each_packet_through_the_journey(setup):
    ctx, admin, campaign_id = setup
    first = dashboard.summary(ctx, admin, campaign_id)
    assert first.by_status["invited"] == 3 and first.campaign.members == 3
    assert first.by_state["TX"]["invited"] == 2 and first.by_agency["South"]["invited"] == 2
    opened, outcome = log_in_first_time(ctx, code_for(ctx, "alpha@example.com"))
    assert dashboard.summary(ctx, admin, campaign_id).by_status["opened"] == 1
    sign_everything(ctx, outcome, opened.packet_id)
    after_signing = dashboard.summary(ctx, admin, campaign_id)
    assert after_signing.by_status["signed"] == 1 and after_signing.by_status["in_progress"] == 0
    progress.submit(ctx, outcome.actor, opened.packet_id)
    sent = dashboard.summary(ctx, admin, campaign_id)
    assert sent.by_status == {**dict.fromkeys(sent.by_status, 0), "invited": 2, "sent": 1}
    assert sent.by_state["IL"]["sent"] == 1 and sent.by_agency["North"]["sent"] == 1
    # The list behind a number, and the same list as CSV.
    listed = dashboard.members(ctx, admin, campaign_id, Filter(status="invited", state="TX"))
    assert [m.name for m in listed] == ["Bravo Tester", "Charlie Tester"]
    assert dashboard.members(ctx, admin, campaign_id, Filter(state="OK"))[0].name == "Bravo Tester"
    path = dashboard.export_csv(ctx, admin, campaign_id, Filter(agency="South"))
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows] == ["Bravo Tester", "Charlie Tester"] and path.stat().st_mode & 0o077 == 0
    assert "521-33" not in path.read_text(encoding="utf-8")


def test_bulk_countersign_records_each_packet(setup):
    ctx, admin, campaign_id = setup
    keys = []
    for address in ("alpha@example.com", "bravo@example.com"):
        opened, outcome = log_in_first_time(ctx, code_for(ctx, address))
        sign_everything(ctx, outcome, opened.packet_id)
        progress.submit(ctx, outcome.actor, opened.packet_id)
        keys.append(opened.packet_key)
    reviewer = accounts.staff_login(ctx, "reviewer", "Review#2026").actor
    result = dashboard.countersign_all(ctx, reviewer, campaign_id)
    assert sorted(result.countersigned) == sorted(keys) and not result.refused
    summary = dashboard.summary(ctx, reviewer, campaign_id)
    assert summary.by_status["countersigned"] == 2 and summary.by_status["sent"] == 0
    with reading(ctx.engine) as session:
        recorded = session.exec(select(func.count()).select_from(Event).where(
            Event.kind == "packet countersigned", Event.account_id == reviewer.account_id)).one()
    assert recorded == 2
    assert dashboard.countersign_all(ctx, reviewer, campaign_id).countersigned == []  # nothing left


def test_the_dashboard_is_for_the_home_office(setup):
    ctx, _admin, campaign_id = setup
    rep = accounts.staff_login(ctx, "rep", "RepDesk#2026").actor
    with pytest.raises(NotAllowed):
        dashboard.summary(ctx, rep, campaign_id)
    with pytest.raises(NotAllowed):
        dashboard.countersign_all(ctx, rep, campaign_id)


def many_agencies(count):
    """A roster of `count` producers, each in an agency of its own ("Agency 000", "Agency 001", ...)."""
    return [HEADER] + [f"P{n},Tester,521-34-{1000 + n:04d},p{n}@example.com,IL,Agency {n:03d},{ADDRESS}\n"
                       for n in range(count)]


def test_agencies_are_read_a_page_at_a_time_in_name_order(demo_ctx):
    ctx = demo_ctx
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    campaign_id = importing.import_roster(ctx, admin, PROGRAM, date(2027, 3, 31), many_agencies(130)).campaign_id
    first = dashboard.summary(ctx, admin, campaign_id, agencies=50)
    assert first.agencies == 130
    assert list(first.by_agency) == [f"Agency {n:03d}" for n in range(50)]
    assert first.by_status["invited"] == 130 and first.by_state["IL"]["invited"] == 130  # never paged
    second = dashboard.agency_page(ctx, admin, campaign_id, "Agency 049", limit=50)
    assert list(second) == [f"Agency {n:03d}" for n in range(50, 100)]
    assert second["Agency 050"]["invited"] == 1
    last = dashboard.agency_page(ctx, admin, campaign_id, "Agency 099", limit=50)
    assert list(last) == [f"Agency {n:03d}" for n in range(100, 130)]
    assert dashboard.agency_page(ctx, admin, campaign_id, "Agency 129", limit=50) == {}
