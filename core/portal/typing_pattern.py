"""Keyboard typing pattern: a weak second factor from the times keys reach the program.

What it can tell: whether the intervals between the keys of one fixed sentence look like the
enrolled typist's, key pair by key pair (scaled Manhattan distance of log intervals, the simple
detector that did well in Killourhy & Maxion's 2009 keystroke benchmark). A typist twice as slow,
or with a clearly different rhythm, is refused.

What it cannot tell: the terminal reports when bytes arrive, not when keys went down; SSH, tmux and
terminal multiplexers batch keys into bursts, which flattens the rhythm (such samples are refused
as unmeasurable, not judged). Network jitter adds noise. Three enrollment samples are few, so the
spread is floored. Someone who watches and imitates the rhythm, a recorded replay, or the same
person tired or on another keyboard can cross the threshold either way. It is never the only
factor: it only ever follows a correct password, and a code by email or text is always offered.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from statistics import fmean, pstdev

from core.identity.permissions import require
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor, record
from core.portal.models import TypingProfile
from core.portal.policy import TypingPolicy, policy

FLOOR_SECONDS = 0.005
CAP_SECONDS = 2.0
"""A pause longer than this (thinking, looking away) says nothing about rhythm."""


@dataclass(frozen=True)
class Sample:
    """One typing of the sentence: the text as typed and the arrival time of each character's key."""

    text: str
    times: tuple[float, ...]


@dataclass(frozen=True)
class Profile:
    """Per key pair: the mean and spread of the log interval over the enrollment samples."""

    means: tuple[float, ...]
    spreads: tuple[float, ...]


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    distance: float
    threshold: float
    reason: str


def log_intervals(times: tuple[float, ...]) -> list[float]:
    """Log seconds between consecutive keys, clamped to a sensible range."""
    return [
        math.log(min(max(b - a, FLOOR_SECONDS), CAP_SECONDS)) for a, b in zip(times, times[1:], strict=False)
    ]


def sample_problem(sample: Sample, typing: TypingPolicy) -> str | None:
    """Why a sample cannot be used: wrong text, or keys that arrived in bursts."""
    if sample.text != typing.sentence or len(sample.times) != len(typing.sentence):
        return "Type the sentence exactly as shown (letters, spaces and capitals), then press Enter."
    gaps = [b - a for a, b in zip(sample.times, sample.times[1:], strict=False)]
    bursts = sum(1 for gap in gaps if gap * 1000 < typing.burst_ms)
    if gaps and bursts / len(gaps) > typing.max_burst_share:
        return (
            "Those keys reached Packetdesk in bursts (pasted, or batched by SSH or tmux), so no rhythm "
            "can be measured. Type it by hand, or verify with a code instead."
        )
    return None


def build_profile(samples: list[Sample], typing: TypingPolicy) -> Profile:
    columns = list(zip(*(log_intervals(s.times) for s in samples), strict=True))
    return Profile(
        means=tuple(fmean(c) for c in columns),
        spreads=tuple(max(pstdev(c), typing.min_spread) for c in columns),
    )


def distance(profile: Profile, sample: Sample) -> float:
    """Mean over key pairs of |log interval - enrolled mean| / enrolled spread."""
    values = log_intervals(sample.times)
    return fmean(abs(v - m) / s for v, m, s in zip(values, profile.means, profile.spreads, strict=True))


def judge(profile: Profile, sample: Sample, typing: TypingPolicy) -> Verdict:
    problem = sample_problem(sample, typing)
    if problem:
        return Verdict(False, math.inf, typing.threshold, problem)
    score = distance(profile, sample)
    if score <= typing.threshold:
        return Verdict(True, score, typing.threshold, "Typing pattern matches.")
    return Verdict(False, score, typing.threshold,
                   "That typing rhythm does not match your enrolled pattern. Try once more at your usual "
                   "pace, or verify with a code instead.")


def enroll(ctx: AppContext, actor: Actor, samples: list[Sample]) -> None:
    """Store a signed-in user's profile from the policy's number of samples (replaces any earlier one)."""
    typing = policy().typing
    if len(samples) != typing.enroll_samples:
        raise ValidationFailed({"samples": f"Type the sentence {typing.enroll_samples} times."})
    for index, sample in enumerate(samples, 1):
        problem = sample_problem(sample, typing)
        if problem:
            raise ValidationFailed({"samples": f"Sample {index}: {problem}"})
    profile = build_profile(samples, typing)
    for index, sample in enumerate(samples):
        others = build_profile(samples[:index] + samples[index + 1:], typing)
        if distance(others, sample) > 2 * typing.threshold:
            raise ValidationFailed({"samples": "The samples differ a lot from each other. Type the sentence "
                                               "again at your usual, steady pace."})
    features = json.dumps({"means": profile.means, "spreads": profile.spreads})
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = session.get(TypingProfile, actor.account_id)
        if row is None:
            row = TypingProfile(account_id=actor.account_id, sentence=typing.sentence, features_enc="",
                                samples=0, enrolled_at=now)
        row.sentence = typing.sentence
        row.features_enc = ctx.cipher.encrypt(features)
        row.samples = len(samples)
        row.enrolled_at = now
        session.add(row)
        record(session, "typing pattern enrolled", now, actor=actor, detail=f"{len(samples)} samples")


def load_profile(ctx: AppContext, account_id: int) -> Profile | None:
    """The enrolled profile, if one exists for the current sentence."""
    with reading(ctx.engine) as session:
        row = session.get(TypingProfile, account_id)
    if row is None or row.sentence != policy().typing.sentence:
        return None
    raw = json.loads(ctx.cipher.decrypt(row.features_enc))
    return Profile(tuple(raw["means"]), tuple(raw["spreads"]))


def is_enrolled(ctx: AppContext, account_id: int) -> bool:
    return load_profile(ctx, account_id) is not None


def reset(ctx: AppContext, actor: Actor, account_id: int, reason: str) -> None:
    """An admin clears a typing profile (the help desk's ticket); the next verified login enrolls again."""
    require(actor, "typing.reset")
    if not reason.strip():
        raise ValidationFailed({"reason": "A reason is required to reset a typing pattern."})
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = session.get(TypingProfile, account_id)
        if row is not None:
            session.delete(row)
        record(session, "typing pattern reset", now, actor=actor, detail=f"account #{account_id}: {reason.strip()[:300]}")
