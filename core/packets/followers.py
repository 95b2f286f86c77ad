"""Features that follow a packet's progress (a campaign's summary counts), told inside the same transaction.

core.packets sits below the features that follow it and never names them: a follower registers with
`follow` when its module is imported (core.kernel.subscribers), which the declaration of a program it
follows makes sure of (`modules`). A follower looks the packet up and does nothing when it is not
one of its own (a packet invited outside any campaign).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from core.kernel import subscribers

TOPIC = "packet.progressed"

STEPS = ("opened", "in_progress", "signed", "sent", "countersigned")
"""What a follower is told: the invitation opened, the first save, a signature, sent, countersigned."""

Follower = Callable[[Session, int, str], None]
"""Called as follower(session, packet_id, step), in the transaction that moved the packet."""


def follow(follower: Follower) -> Follower:
    """Register a follower (usable as a decorator); registering twice changes nothing."""
    subscribers.subscribe(TOPIC, follower)
    return follower


def progressed(session: Session, packet_id: int | None, step: str) -> None:
    """Tell every follower, in the caller's transaction, that the packet reached `step` (one of STEPS)."""
    if packet_id is None or step not in STEPS:
        return
    subscribers.publish(TOPIC, session, packet_id, step)
