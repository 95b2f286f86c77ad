"""Features that follow a packet's progress (a campaign's summary counts), told inside the same transaction.

core.packets sits below the features that follow it, so it names them here as import paths and
imports them on the first change; a follower looks the packet up and does nothing when it is not
one of its own (a packet invited outside any campaign).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from sqlmodel import Session

FOLLOWERS = ("core.campaigns.tracking:packet_progressed",)
"""module:function, each called as function(session, packet_id, step)."""

STEPS = ("opened", "in_progress", "signed", "sent", "countersigned")
"""What a follower is told: the invitation opened, the first save, a signature, sent, countersigned."""

Follower = Callable[[Session, int, str], None]


@cache
def _followers() -> tuple[Follower, ...]:
    found = []
    for target in FOLLOWERS:
        module, _, name = target.partition(":")
        found.append(getattr(importlib.import_module(module), name))
    return tuple(found)


def progressed(session: Session, packet_id: int | None, step: str) -> None:
    """Tell every follower, in the caller's transaction, that the packet reached `step` (one of STEPS)."""
    if packet_id is None or step not in STEPS:
        return
    for follower in _followers():
        follower(session, packet_id, step)
