"""Issue 15, part 1: a campaign roster is checked row by row, imported all or nothing, and only once."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from core.campaigns import importing
from core.campaigns.models import Campaign, CampaignCount, CampaignMember
from core.identity import accounts
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.notify import outbox
from core.notify.models import OutboxMessage
from core.packets.models import Packet

ROSTER = Path(__file__).parent / "data" / "campaigns" / "roster_with_bad_rows.csv"
PROGRAM = "bcbs_recontracting"
DEADLINE = date(2027, 3, 31)
GOOD_LINES = {2, 3, 4, 21}


def admin(ctx):
    return accounts.staff_login(ctx, "admin", "Admin#2026").actor


def run(ctx, actor, **options):
    with ROSTER.open(encoding="utf-8") as lines:
        return importing.import_roster(ctx, actor, PROGRAM, DEADLINE, lines, **options)


def counted(ctx, model, *where):
    with reading(ctx.engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_every_bad_row_is_reported_with_its_line_and_reason_and_nothing_is_created(demo_ctx):
    packets_before = counted(demo_ctx, Packet)
    report = run(demo_ctx, admin(demo_ctx))
    assert not report.imported and report.created == 0 and report.rows == 20
    reasons = {bad.line: "; ".join(bad.reasons) for bad in report.bad}
    assert set(reasons) == set(range(2, 22)) - GOOD_LINES
    assert "bad SSN" in reasons[5]
    assert "unknown state 'ZZ'" in reasons[6]
    assert "state CA is not in Electronic Recontracting" in reasons[7]
    assert "email is missing" in reasons[8]
    assert "email is not an address" in reasons[9]
    assert "duplicate producer: same SSN as line 2" in reasons[10]
    assert "duplicate producer: same NPN as line 2" in reasons[11]
    assert "first and last name are required" in reasons[12]
    assert "NPN must be up to 10 digits" in reasons[13]
    assert "business phone must have 10 digits" in reasons[14]
    assert "ZIP code must have 5 or 9 digits" in reasons[15]
    assert "no contracted state" in reasons[16]
    assert "tin_kind must be SSN or EIN" in reasons[17]
    assert "SSN or TIN is missing" in reasons[18]
    assert "bad EIN" in reasons[19]
    assert "bad SSN" in reasons[20]
    text = "\n".join(report.lines())
    assert "512-41-1210" not in text and "nothing imported" in text  # the report names rows, never TINs
    assert counted(demo_ctx, Packet) == packets_before
    assert counted(demo_ctx, Campaign) == 0


def test_good_rows_only_then_the_same_file_again_creates_nothing_twice(demo_ctx):
    actor = admin(demo_ctx)
    packets_before = counted(demo_ctx, Packet)
    first = run(demo_ctx, actor, good_rows_only=True)
    assert first.imported and first.created == 4 and not first.already_invited
    assert counted(demo_ctx, Packet) == packets_before + 4
    assert counted(demo_ctx, CampaignMember) == 4
    assert counted(demo_ctx, OutboxMessage, OutboxMessage.kind == "invitation",
                   OutboxMessage.sent_at == None) >= 4  # noqa: E711  queued for the worker
    with reading(demo_ctx.engine) as session:
        totals = {(c.dimension, c.value, c.status): c.count for c in session.exec(select(CampaignCount)).all()}
    assert totals[("all", "", "invited")] == 4
    assert totals[("state", "TX", "invited")] == 1 and totals[("state", "OK", "invited")] == 1
    assert totals[("agency", "Sample Agency South", "invited")] == 2
    second = run(demo_ctx, actor, good_rows_only=True)
    assert second.created == 0 and second.campaign_id == first.campaign_id
    assert sorted(a.line for a in second.already_invited) == sorted(GOOD_LINES)
    assert counted(demo_ctx, Packet) == packets_before + 4
    assert counted(demo_ctx, CampaignMember) == 4


def test_a_clean_file_imports_without_asking(demo_ctx, tmp_path):
    clean = tmp_path / "clean.csv"
    lines = ROSTER.read_text(encoding="utf-8").splitlines()
    clean.write_text("\n".join([lines[0]] + [lines[n - 1] for n in sorted(GOOD_LINES)]) + "\n", encoding="utf-8")
    with clean.open(encoding="utf-8") as handle:
        seen = []
        report = importing.import_roster(demo_ctx, admin(demo_ctx), PROGRAM, DEADLINE, handle,
                                         progress=lambda done, total: seen.append((done, total)))
    assert report.imported and report.created == 4 and not report.bad
    assert seen[-1] == (4, 4)


def test_only_an_admin_runs_a_campaign_and_the_header_is_checked(demo_ctx):
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    with pytest.raises(NotAllowed):
        run(demo_ctx, rep)
    report = importing.import_roster(demo_ctx, admin(demo_ctx), PROGRAM, DEADLINE, ["name,email\n", "A,a@example.com\n"])
    assert report.file_problems and "lacks first_name" in report.file_problems[0] and not report.imported


def test_after_an_import_one_more_producer_is_invited_alone_and_everyone_opens_their_own_packet(demo_ctx):
    """The import reserves ids and writes rows in bulk (COPY on PostgreSQL): the next invitation must take
    fresh ids and the next packet number, and an imported code must open its producer's packet, prefilled
    from the roster with the SSN stored encrypted."""
    import csv
    import re

    from core.packets import invitations, packets
    from core.packets.invitations import RosterEntry

    actor = admin(demo_ctx)
    report = run(demo_ctx, actor, good_rows_only=True)
    assert report.created == 4
    solo = invitations.invite(demo_ctx, actor, RosterEntry("Solo", "Tester", "511-22-3333", "solo@example.com", ["TX"]),
                              PROGRAM)
    with reading(demo_ctx.engine) as session:
        members = session.exec(select(CampaignMember).where(CampaignMember.campaign_id == report.campaign_id)).all()
        imported = {m.packet_id for m in members}
        keys = dict(session.exec(select(Packet.id, Packet.key).where(col(Packet.id).in_(imported | {solo.packet_id}))).all())
    assert solo.packet_id not in imported and len(keys) == 5
    numbers = sorted(int(key.rsplit("-", 1)[1]) for key in keys.values())
    assert numbers == list(range(numbers[0], numbers[0] + 5))  # from the counter: no gap, no repeat
    with ROSTER.open(encoding="utf-8") as handle:
        row = next(r for n, r in enumerate(csv.DictReader(handle), start=2) if n == 3)  # a good row
    body = outbox.latest_for_recipient(demo_ctx, to=row["email"], kind="invitation").body
    opened = invitations.open_code(demo_ctx, re.search(r"^ {4}(\S+-\S+)$", body, re.MULTILINE).group(1))
    assert opened.packet_id == next(m.packet_id for m in members if m.line == 3)
    answers = packets.load(demo_ctx, actor, opened.packet_id).answers
    typed = {str(value) for step in answers.values() for value in step.values()}
    digits = row["tin"].replace("-", "")
    assert row["first_name"] in typed and row["email"] in typed
    assert any(value.replace("-", "") == digits for value in typed)
    with reading(demo_ctx.engine) as session:
        assert digits not in session.get(Packet, opened.packet_id).answers_json.replace("-", "")
