"""The SSH server's own rules, without a server: accepted commands, the rate limit, window sizes."""

from __future__ import annotations

import pytest

from tui.serve import ssh
from tui.serve.ssh import COMMAND, RateLimit, _clamp


@pytest.mark.parametrize("command", ["open DEMOTX-TEXAS2026", "verify K7QFM2XD9P", "open  abcd-1234 "])
def test_open_and_verify_with_a_code_are_the_only_commands(command: str) -> None:
    assert COMMAND.match(command.strip())


@pytest.mark.parametrize("command", [
    "sh", "ls -la", "open", "open DEMOTX; sh", "open DEMOTX && id", "open $(id)", "open `id`", "open ../../etc",
    "open DEMOTX\nsh", "verify A B", "scp -t /tmp", "internal-sftp", "open " + "A" * 41,
])
def test_anything_else_is_refused(command: str) -> None:
    assert COMMAND.match(command.strip()) is None


def test_attempts_per_address_are_limited_in_a_sliding_window(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(ssh.time, "monotonic", lambda: now[0])
    limit = RateLimit(3, 60)
    assert [limit.allow("10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("10.0.0.2"), "another address has its own count"
    now[0] += 59
    assert not limit.allow("10.0.0.1")
    now[0] += 2
    assert limit.allow("10.0.0.1"), "the window slid past the first attempts"


def test_window_sizes_are_kept_within_reason() -> None:
    assert _clamp(100_000, 100_000) == (500, 200)
    assert _clamp(0, 0) == (80, 24)
    assert _clamp(132, 43) == (132, 43)
