"""The tester-script runner itself: the language, each command at run time, failures, goldens, determinism, --pty."""

from __future__ import annotations

import io
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui.script.cli import run_scripts
from tui.script.commands import (
    ClockAdvance,
    ClockSet,
    Expect,
    ExpectField,
    OutboxRead,
    Press,
    Resize,
    ScreenRead,
    ScriptError,
    SetVariable,
    Snapshot,
    Type,
    Wait,
)
from tui.script.language import parse

LOGIN = """\
type DEMONMOK-NMOK2026
press enter
wait Need a password?
press f3
outbox PASSWORD kind "temporary password"
type ${PASSWORD}
press enter
wait Change Password
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*paths: Path, out: Path, **options: bool) -> tuple[int, str]:
    stream = io.StringIO()
    code = run_scripts([str(p) for p in paths], out_dir=str(out), stream=stream, **options)
    return code, stream.getvalue()


# --- the language ---------------------------------------------------------------------------

def test_every_command_parses(tmp_path: Path) -> None:
    script = parse(tmp_path / "all.pds", """\
# a comment, then the size
size 100x30
type DEMONMOK-NMOK2026
type "  spaced \\"quoted\\"  "
press tab*3 shift+tab enter F9 ctrl+u alt+x esc "Jane" tab
wait Need a password? timeout 12
wait not Saving
expect Welcome
expect not Account locked
expect field f-city Albuquerque
expect field #password ""
snapshot welcome-1
clock set 2026-11-24T15:30
clock advance 1h30m
resize 120x40
outbox PASSWORD kind "temporary password" to wei.li@example.com
outbox CODE match 'code: (\\d{6})'
screen CONSENT match 'Confirmation code: (\\w+)'
set NAME Wei ${CONSENT}
type ${PASSWORD}$$
""")
    kinds = [type(c) for c in script.commands]
    assert script.size == (100, 30)
    assert kinds == [Type, Type, Press, Wait, Wait, Expect, Expect, ExpectField, ExpectField, Snapshot,
                     ClockSet, ClockAdvance, Resize, OutboxRead, OutboxRead, ScreenRead, SetVariable, Type]
    c = script.commands
    assert c[1] == Type(4, '  spaced "quoted"  ')
    assert c[2].keys == (("key", "tab"),) * 3 + (  # type: ignore[attr-defined]
        ("key", "shift+tab"), ("key", "enter"), ("key", "f9"), ("key", "ctrl+u"), ("key", "alt+x"),
        ("key", "escape"), ("text", "Jane"), ("key", "tab"))
    assert c[3] == Wait(6, "Need a password?", 12.0, False)
    assert c[4] == Wait(7, "Saving", 5.0, True)
    assert c[6] == Expect(9, "Account locked", True)
    assert c[7] == ExpectField(10, "f-city", "Albuquerque")
    assert c[8] == ExpectField(11, "password", "")
    assert c[10] == ClockSet(13, datetime(2026, 11, 24, 15, 30, tzinfo=UTC))
    assert c[11] == ClockAdvance(14, timedelta(hours=1, minutes=30))
    assert c[12] == Resize(15, 120, 40)
    outbox = c[13]
    assert isinstance(outbox, OutboxRead) and (outbox.kind, outbox.to) == ("temporary password", "wei.li@example.com")
    assert outbox.pattern.search("Dear Wei,\n\n    PmXY5rUk\n").group(1) == "PmXY5rUk"  # type: ignore[union-attr]
    assert isinstance(c[15], ScreenRead) and c[15].pattern.pattern == r"Confirmation code: (\w+)"


@pytest.mark.parametrize(("source", "line", "message"), [
    ("type x\nfrobnicate 3\n", 2, "unknown command 'frobnicate'"),
    ("# ok\n\npress tab ctrl+shift+zz\n", 3, "unknown key 'ctrl+shift+zz'"),
    ("type ${PASSWORD}\n", 1, "${PASSWORD} is not set before this line"),
    ("type x\nsize 100x30\n", 2, "size must come before any other command"),
    ("snapshot a\nsnapshot a\n", 2, "snapshot a is already taken at line 1"),
    ("clock advance soon\n", 1, "a duration looks like 31m"),
    ("outbox P match '('\n", 1, "bad regular expression"),
    ("screen P\n", 1, "screen needs match REGEX"),
    ("wait\n", 1, "wait needs the text to look for"),
])
def test_script_errors_name_file_and_line(tmp_path: Path, source: str, line: int, message: str) -> None:
    path = write(tmp_path, "bad.pds", source)
    with pytest.raises(ScriptError) as caught:
        parse(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


def test_a_script_error_exits_2_before_anything_runs(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.pds", "type DEMONMOK-NMOK2026\npress enter\npress hyper+q\n")
    code, output = run(path, out=tmp_path / "out")
    assert code == 2
    assert f"{path}:3: unknown key 'hyper+q'" in output


# --- running --------------------------------------------------------------------------------

def test_each_command_at_run_time(tmp_path: Path) -> None:
    path = write(tmp_path, "each.pds", """\
size 100x30
set CODE DEMONMOK-NMOK2026
type ${CODE}
expect field code DEMONMOK-NMOK2026
press enter
wait Need a password? timeout 10
press f3
screen WHO match 'emailed to (\\S+@\\S+)\\.'
expect A temporary password was emailed to ${WHO}
outbox PASSWORD kind "temporary password" to wei.li@example.com
type ${PASSWORD}
expect field password ${PASSWORD}
press backspace*8
expect field password ""
type ${PASSWORD}
snapshot big
resize 80x24
press enter
wait Change Password
expect not Account locked
press "Secret1x" enter
expect field new Secret1x
expect field confirm ""
clock set 2026-11-24T14:10
clock advance 34m
expect You will be signed out in about
clock advance 2m
wait Welcome to Packetdesk
expect Signed out after 45 minutes without activity.
snapshot small
""")
    out = tmp_path / "out"
    code, output = run(path, out=out)
    assert code == 0, output
    big = (out / "each" / "big.txt").read_text(encoding="utf-8")
    small = (out / "each" / "small.txt").read_text(encoding="utf-8")
    assert len(big.splitlines()) == 30 and len(small.splitlines()) == 24
    assert "Get My Password" in big and "Welcome to Packetdesk" in small
    assert "Signed out after" not in small, "snapshots leave toasts out"
    assert (out / "each" / "big.svg").read_text(encoding="utf-8").startswith("<svg")


def test_a_failing_expect_reports_its_line_and_the_screen(tmp_path: Path) -> None:
    path = write(tmp_path, "fails.pds", "# first\ntype DEMONMOK-NMOK2026\nexpect Nothing like this\ntype never\n")
    out = tmp_path / "out"
    code, output = run(path, out=out)
    assert code == 1
    assert f"{path}:3: expected 'Nothing like this' on the screen" in output
    assert "    | " in output and "DEMONMOK-NMOK2026" in output
    assert "DEMONMOK-NMOK2026" in (out / "fails" / "_failure.txt").read_text(encoding="utf-8")


def test_wait_times_out_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "slow.pds", "wait Never shown timeout 0.3\n")
    code, output = run(path, out=tmp_path / "out")
    assert code == 1
    assert f"{path}:1: waited 0.3 s: 'Never shown' is not on the screen" in output


def test_golden_mismatch_prints_a_diff_and_update_rewrites(tmp_path: Path) -> None:
    path = write(tmp_path, "short.pds", "type DEMONMOK-NMOK2026\nsnapshot entry\n")
    goldens = tmp_path / "goldens" / "short"
    code, output = run(path, out=tmp_path / "out", update=True)
    assert code == 0, output
    assert (goldens / "entry.txt").exists() and (goldens / "entry.svg").exists()
    assert run(path, out=tmp_path / "out")[0] == 0

    golden = goldens / "entry.txt"
    golden.write_text(golden.read_text(encoding="utf-8").replace("DEMONMOK-NMOK2026", "SOMETHING-ELSE"), encoding="utf-8")
    write(goldens, "gone.txt", "old\n")
    code, output = run(path, out=tmp_path / "out")
    assert code == 1
    assert "snapshot entry (line 2) differs from its golden" in output
    assert re.search(r"^--- .*entry\.txt \(golden\)$", output, re.MULTILINE)
    assert re.search(r"^\+\+\+ .*entry\.txt \(this run\)$", output, re.MULTILINE)
    assert re.search(r"^-.*SOMETHING-ELSE", output, re.MULTILINE)
    assert re.search(r"^\+.*DEMONMOK-NMOK2026", output, re.MULTILINE)
    assert "golden gone has no snapshot in the script" in output

    code, output = run(path, out=tmp_path / "out", update=True)
    assert code == 0 and "removed gone" in output
    assert not (goldens / "gone.txt").exists()
    (goldens / "entry.svg").write_text("<svg/>", encoding="utf-8")
    code, output = run(path, out=tmp_path / "out")
    assert code == 1 and "same text, but the picture differs" in output


def test_repeated_runs_give_byte_identical_files(tmp_path: Path) -> None:
    # Ten runs were checked by hand (see docs/SCRIPTS.md); three keep the suite quick.
    path = write(tmp_path, "same.pds", LOGIN + "snapshot change\npress \"Secret1x\" enter\ntype Secret1x\nsnapshot typed\n")
    outputs = []
    for index in range(3):
        out = tmp_path / f"out{index}"
        code, output = run(path, out=out)
        assert code == 0, output
        outputs.append({p.name: p.read_bytes() for p in sorted((out / "same").iterdir())})
    assert list(outputs[0]) == ["change.svg", "change.txt", "typed.svg", "typed.txt"]
    assert outputs[0] == outputs[1] == outputs[2]


# --- the real program in a pty ----------------------------------------------------------------

@pytest.mark.pty
def test_pty_bursts_land_in_the_right_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "burst.pds", LOGIN + """\
press "Secret1x" tab "Secret1x" tab
expect field new Secret1x
expect field confirm Secret1x
expect ✓ Confirmation must match the new password.
snapshot typed
""")
    out = tmp_path / "out"
    code, output = run(path, out=out, pty=True)
    assert code == 0, output
    assert "(pty)" in output
    assert "Confirm New Password *  ••••••••" in (out / "burst" / "typed.txt").read_text(encoding="utf-8")


@pytest.mark.pty
def test_pty_burst_through_change_password(tmp_path: Path) -> None:
    # Enter on New Password moves the focus: keys right behind it in the burst belong to Confirm.
    path = write(tmp_path, "enter.pds", LOGIN + 'press "Secret1x" enter "Secret1x" enter\nwait Getting Started timeout 3\n')
    code, output = run(path, out=tmp_path / "out", pty=True)
    assert code == 0, output


@pytest.mark.pty
def test_pty_burst_with_editing_keys(tmp_path: Path) -> None:
    # Backspace is an Input binding: it must act on the field it was typed in, not where a later Tab went.
    path = write(tmp_path, "edit.pds", LOGIN + """\
press "Secret1y" backspace "x" tab "Secret1x"
expect field new Secret1x
expect field confirm Secret1x
""")
    code, output = run(path, out=tmp_path / "out", pty=True)
    assert code == 0, output


@pytest.mark.pty
def test_pty_text_matches_in_process_text(tmp_path: Path) -> None:
    path = write(tmp_path, "both.pds", "type DEMONMOK-NMOK2026\npress enter\nwait Need a password?\nsnapshot welcome\n")
    assert run(path, out=tmp_path / "in")[0] == 0
    assert run(path, out=tmp_path / "pty", pty=True)[0] == 0
    in_process = (tmp_path / "in" / "both" / "welcome.txt").read_bytes()
    assert in_process == (tmp_path / "pty" / "both" / "welcome.txt").read_bytes()
    shutil.rmtree(tmp_path / "pty")


def test_stats_count_the_keystrokes_a_journey_took(tmp_path: Path) -> None:
    """`--stats`: every typed character and every named key is one keystroke (KEY*N is N of them)."""
    path = write(tmp_path, "login.pds", LOGIN + 'press tab*2 "ab" backspace\n')
    code, output = run(path, out=tmp_path / "out", stats=True)
    assert code == 0, output
    typed = len("DEMONMOK-NMOK2026") + 8 + len("ab")  # the code, the 8-character temporary password, "ab"
    keys = 3 + 2 + 1  # enter, f3, enter; tab twice; backspace
    assert f"keystrokes {typed + keys}: {typed} typed characters, {keys} other keys" in output


def test_type_by_hand_spaces_the_keys_out(tmp_path: Path) -> None:
    """`type by hand` sends one key at a time (the typing-pattern step refuses a burst); `type` stays one burst."""
    script = parse(tmp_path / "hand.pds", "type by hand Packetdesk keeps\ntype by hand\n")
    first, second = script.commands
    assert isinstance(first, Type) and first.text == "Packetdesk keeps" and first.gap > 0.008
    assert isinstance(second, Type) and second.text == "by hand" and second.gap == 0


def test_expect_reads_a_wrapped_notice_beside_a_scrollbar_thumb():
    from tui.script.runner import on_screen

    screen = "\n".join([
        " City *                  Tulsa         ▌ You will be signed out in about 2    ▂",
        " State *                 OK            ▌ minutes without activity. Press any",
        " Postal Code *           74103         ▌ key to stay.",
    ])
    assert on_screen("You will be signed out in about 2 minutes without activity.", screen)
    assert not on_screen("You will be signed out in about 3 minutes", screen)
