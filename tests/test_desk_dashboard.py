"""The dashboard counts from summary rows the writes keep: right after each write, on both databases, no scan."""

from datetime import timedelta

import pytest
from sqlalchemy import event, select, text

from core.desk import dashboard
from core.identity import accounts
from core.kernel.clock import as_utc
from core.kernel.db import migrate, writing
from core.packets import invitations, packets
from core.packets.models import Packet
from core.packets.program import programs


@pytest.fixture
def rep(demo_ctx):
    return accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor


def scanned(ctx):
    """What the dashboard must show, counted the slow way from every packet."""
    now = ctx.clock.now()
    settings = dashboard.settings()
    edges = [now - timedelta(days=days) for days in settings["waiting"]["buckets"]]
    cutoff = dashboard.business_days_before(now, settings["stuck"]["business_days"])
    with ctx.engine.connect() as connection:
        rows = connection.execute(select(Packet.program, Packet.status, Packet.updated_at)).all()
    result: dict = {}
    for program, status, updated in rows:
        if program not in programs():
            continue  # clients' applications are not contracting packets
        updated = as_utc(updated)
        count, waiting, stuck = result.get((program, status), (0, [0] * (len(edges) + 1), 0))
        waiting[sum(1 for edge in edges if updated < edge)] += 1
        stuck += status in settings["stuck"]["statuses"] and updated < cutoff
        result[program, status] = (count + 1, waiting, stuck)
    return {key: (count, tuple(waiting), stuck) for key, (count, waiting, stuck) in result.items()}


def shown(ctx, actor):
    board = dashboard.build(ctx, actor)
    return {(row.program_id, row.status): (row.count, row.waiting, row.stuck) for row in board.rows}


def set_status(ctx, actor, packet_id, status):
    with writing(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        packets.set_status(session, ctx, actor, row, status, f"test: {status}")


def invite(ctx, n):
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    entry = invitations.RosterEntry(first_name=f"Ann{n}", last_name="Counter", tin=f"402-55-{1000 + n}",
                                    email=f"count{n}@example.com", states=["IL"])
    return invitations.invite(ctx, admin, entry, "bcbs_recontracting")


def test_counts_stay_right_after_invites_status_changes_and_time(demo_ctx, rep):
    assert shown(demo_ctx, rep) == scanned(demo_ctx) and scanned(demo_ctx)
    invited_before = shown(demo_ctx, rep)["bcbs_recontracting", "invited"][0]
    first, second, third = (invite(demo_ctx, n) for n in range(3))
    assert shown(demo_ctx, rep)["bcbs_recontracting", "invited"][0] == invited_before + 3
    set_status(demo_ctx, rep, first.packet_id, "in_progress")
    set_status(demo_ctx, rep, second.packet_id, "sent")
    assert shown(demo_ctx, rep) == scanned(demo_ctx)
    assert shown(demo_ctx, rep)["bcbs_recontracting", "invited"][0] == invited_before + 1
    # Eight days on, nothing written: packets move to older buckets, and the sent one is stuck.
    demo_ctx.clock.advance(timedelta(days=8))
    board = shown(demo_ctx, rep)
    assert board == scanned(demo_ctx)
    assert board["bcbs_recontracting", "sent"] == (1, (0, 0, 1, 0), 1)
    # Work on one packet that day; another day's write moves it across days and statuses.
    set_status(demo_ctx, rep, third.packet_id, "sent")
    demo_ctx.clock.advance(timedelta(hours=30))
    set_status(demo_ctx, rep, third.packet_id, "in_progress")
    assert shown(demo_ctx, rep) == scanned(demo_ctx)


def test_a_status_change_that_rolls_back_leaves_the_counts(demo_ctx, rep):
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    before = shown(demo_ctx, rep)
    with pytest.raises(RuntimeError), writing(demo_ctx.engine) as session:
        packets.set_status(session, demo_ctx, rep, session.get(Packet, opened.packet_id), "sent", "test")
        session.flush()  # the counts moved inside the transaction ...
        raise RuntimeError("the write fails after the status changed")
    assert shown(demo_ctx, rep) == before == scanned(demo_ctx)  # ... and went back with it


def test_two_writers_changing_one_packet_at_once_keep_the_counts(demo_ctx, rep):
    import threading

    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    flushed, done = threading.Event(), threading.Event()

    def first_writer():
        with writing(demo_ctx.engine) as session:
            packets.set_status(session, demo_ctx, rep, session.get(Packet, opened.packet_id), "sent", "first")
            session.flush()
            flushed.set()
            done.wait(0.5)  # still uncommitted while the second writer reads the packet
        done.set()

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert flushed.wait(5)
    if demo_ctx.engine.dialect.name == "postgresql":  # SQLite writers take turns: nothing to race
        with writing(demo_ctx.engine) as session:
            row = session.get(Packet, opened.packet_id)  # reads "invited": the first change is not committed
            packets.set_status(session, demo_ctx, rep, row, "in_progress", "second")
    thread.join()
    assert shown(demo_ctx, rep) == scanned(demo_ctx)


def test_the_dashboard_reads_summary_rows_not_every_packet(demo_ctx, rep):
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()).lower())

    event.listen(demo_ctx.engine, "before_cursor_execute", seen)
    try:
        dashboard.build(demo_ctx, rep)
    finally:
        event.remove(demo_ctx.engine, "before_cursor_execute", seen)
    assert any("from packetcount" in s for s in statements)
    on_packets = [s for s in statements if "from packet " in s or s.endswith("from packet")]
    assert on_packets and all("packet.updated_at >=" in s and "packet.updated_at <" in s for s in on_packets), on_packets


def test_the_migration_fills_the_counts_from_existing_packets(demo_ctx, rep):
    for n in range(2):
        invite(demo_ctx, n)
    expected = shown(demo_ctx, rep)
    with demo_ctx.engine.begin() as connection:  # a database from before the summary rows
        connection.execute(text("DROP TABLE packetcount"))
        connection.execute(text("UPDATE alembic_version SET version_num = '0008_dashboard' "
                                "WHERE version_num = '0105_dashboard_counts'"))
    migrate(demo_ctx.engine)
    assert shown(demo_ctx, rep) == expected == scanned(demo_ctx)


def test_a_campaign_import_moves_the_dashboard_counts(demo_ctx, rep):
    """Campaign rows are inserted in bulk (no ORM objects, no flush hook): the counts must move too."""
    from tests.test_campaign_import import admin, run

    report = run(demo_ctx, admin(demo_ctx), good_rows_only=True)
    assert report.created > 0
    assert shown(demo_ctx, rep) == scanned(demo_ctx)


def test_bucket_edges_in_the_morning_and_in_the_afternoon_split_that_day_right(demo_ctx, rep):
    """The day an edge falls on is read up to its nearer end: both halves must count as a scan does."""
    now = demo_ctx.clock.now()
    demo_ctx.clock.advance(now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1) - now)
    day_start = demo_ctx.clock.now()
    written = [invite(demo_ctx, n) for n in range(4)]
    for hour, done in zip((8, 11, 13, 17), written, strict=True):
        demo_ctx.clock.advance(day_start + timedelta(hours=hour) - demo_ctx.clock.now())
        set_status(demo_ctx, rep, done.packet_id, "in_progress")
    # The one-day edge at 10:00 of that day (a morning), then at 15:00 (an afternoon).
    for hour, newer in ((10, 3), (15, 1)):
        demo_ctx.clock.advance(day_start + timedelta(days=1, hours=hour) - demo_ctx.clock.now())
        board = shown(demo_ctx, rep)
        assert board == scanned(demo_ctx)
        waiting_under_a_day = board["bcbs_recontracting", "in_progress"][1][0]
        assert waiting_under_a_day == newer
