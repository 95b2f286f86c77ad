"""Shared steps for portal tests: read codes from the outbox, sign in, and model typists' rhythms."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable

from textual.pilot import Pilot

from core.kernel.context import AppContext
from core.notify import outbox
from core.portal import login as portal_login
from core.portal.login import PendingLogin, SignedIn
from core.portal.policy import policy
from core.portal.typing_pattern import Sample
from tests import pilot_helpers
from tests.helpers import keys

DELEGATE = ("dpatel2026", "Delegate#2026")
PRODUCER = ("hstone2026", "Portal#2026")
OTHER_PRODUCER = ("weili2026", "Portal#2026")
SENTENCE = policy().typing.sentence


async def wait_until(pilot: Pilot, predicate: Callable[[], object], timeout: float = 15) -> None:
    """pilot_helpers.wait_until with room for a loaded machine (core calls run in threads)."""
    await pilot_helpers.wait_until(pilot, predicate, timeout)


def latest_code(ctx: AppContext, to: str) -> str:
    """The newest one-time code sent to an address or mobile number."""
    message = outbox.latest_for_recipient(ctx, to=to, kind="verification code")
    assert message is not None, f"no code sent to {to}"
    match = re.search(r"\b([A-Z2-9]{8})\b", message.body)
    assert match, message.body
    return match.group(1)


def link_code(ctx: AppContext, to: str) -> str:
    """The Confirm Your Email Address code in the newest welcome email to an address."""
    message = outbox.latest_for_recipient(ctx, to=to, kind="delegate welcome")
    assert message is not None, f"no welcome email to {to}"
    match = re.search(r"^\s{4}([A-Z0-9]+-[A-Z0-9]+)$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def pending(ctx: AppContext, who: tuple[str, str] = DELEGATE, token: str | None = None) -> PendingLogin:
    result = portal_login.log_in(ctx, who[0], who[1], token)
    assert isinstance(result, PendingLogin), result
    return result


def sign_in_by_email(ctx: AppContext, who: tuple[str, str] = DELEGATE, *, remember: bool = False) -> SignedIn:
    """Password, then an emailed code."""
    step = pending(ctx, who)
    portal_login.send_code(ctx, step, "email")
    # The pending login carries only the masked address; the outbox has the real one.
    message = outbox.messages(ctx, account_id=step.user.account_id, limit=1)[0]
    assert message.kind == "verification code"
    return portal_login.verify_code(ctx, step, latest_code(ctx, message.to_address), remember=remember)


class Typist:
    """A modelled typist: a fixed rhythm per key pair, with log-normal noise on every typing.

    Seeded, so "recorded" samples are the same on every run. Real people vary more than this model;
    these samples test the mechanics and the threshold, not the biometric quality.
    """

    def __init__(self, seed: int, speed: float = 0.17, rhythm: float = 0.35, noise: float = 0.2) -> None:
        rng = random.Random(seed)
        self.base = [speed * math.exp(rng.gauss(0, rhythm)) for _ in range(len(SENTENCE) - 1)]
        self.noise = noise
        self.rng = random.Random(seed * 7919 + 1)

    def sample(self, text: str = SENTENCE, start: float = 1000.0) -> Sample:
        times = [start]
        for base in self.base:
            times.append(times[-1] + base * math.exp(self.rng.gauss(0, self.noise)))
        return Sample(text, tuple(times))


def burst_sample(text: str = SENTENCE) -> Sample:
    """What tmux send-keys or a paste delivers: every key in the same few microseconds."""
    return Sample(text, tuple(1000.0 + i * 0.00001 for i in range(len(text))))


async def type_by_hand(pilot: Pilot, text: str = SENTENCE, gap: float = 0.03) -> None:
    """Type one key at a time, `gap` seconds apart by the keys' own timestamps, so the typing-pattern
    screen can measure it (no real waiting: tests/helpers/keys.py)."""
    await keys.type_timed(pilot.app, text, gap)
