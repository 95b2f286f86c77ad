"""`packetdesk campaign import` and `packetdesk worker` on a real database file (SQLite), as an admin runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.identity import accounts
from core.kernel.context import AppContext
from core.kernel.db import writing
from tui.cli import main

ROSTER = Path(__file__).parent / "data" / "campaigns" / "roster_with_bad_rows.csv"
KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="


@pytest.fixture
def home(tmp_path, monkeypatch):
    ctx = AppContext.for_tests(tmp_path)
    with writing(ctx.engine) as session:
        accounts.create_account(ctx, session, username="admin", role="admin", display_name="Ada Admin",
                                email="admin@example.com")
        accounts.create_account(ctx, session, username="rep", role="rep", display_name="Ray Rep",
                                email="rep@example.com")
    ctx.engine.dispose()
    monkeypatch.setenv("PACKETDESK_HOME", str(tmp_path))
    monkeypatch.setenv("PACKETDESK_KEY", KEY)
    monkeypatch.delenv("PACKETDESK_DATABASE_URL", raising=False)
    for name in ("HOST", "PORT", "USER", "PASSWORD", "STARTTLS", "FROM"):
        monkeypatch.delenv(f"PACKETDESK_SMTP_{name}", raising=False)
    return tmp_path


def test_import_reports_bad_rows_then_imports_the_good_ones_once(home, capsys):
    args = ["campaign", "import", str(ROSTER), "--program", "bcbs_recontracting", "--deadline", "2027-03-31"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "line 5: bad SSN" in out and "nothing imported" in out and "512-41-1210" not in out
    assert main([*args, "--good-rows-only"]) == 0
    assert "4 invited" in capsys.readouterr().out
    assert main([*args, "--good-rows-only"]) == 0
    out = capsys.readouterr().out
    assert "0 invited" in out and out.count("already invited to this program") == 4


def test_import_refuses_a_bad_deadline_an_unknown_program_and_a_non_admin(home, capsys):
    base = ["campaign", "import", str(ROSTER), "--good-rows-only"]
    assert main([*base, "--program", "bcbs_recontracting", "--deadline", "31/03/2027"]) == 2
    assert main([*base, "--program", "nope", "--deadline", "2027-03-31"]) == 2
    assert main([*base, "--program", "bcbs_recontracting", "--deadline", "2027-03-31", "--by", "rep"]) == 2
    err = capsys.readouterr().err
    assert "not a date" in err and "No program 'nope'" in err and "Only an admin" in err


def test_worker_one_pass_without_smtp_sends_nothing_and_says_so(home, capsys):
    main(["campaign", "import", str(ROSTER), "--program", "bcbs_recontracting", "--deadline", "2027-03-31",
          "--good-rows-only"])
    capsys.readouterr()
    assert main(["worker"]) == 0
    assert "worker: 0 sent" in capsys.readouterr().out


def test_import_refuses_a_deadline_already_past_and_a_missing_file(home, capsys):
    assert main(["campaign", "import", str(ROSTER), "--program", "bcbs_recontracting", "--deadline", "2020-01-31"]) == 2
    assert main(["campaign", "import", "missing.csv", "--program", "bcbs_recontracting", "--deadline", "2027-03-31"]) == 2
    err = capsys.readouterr().err
    assert "already passed" in err and "No such file" in err
