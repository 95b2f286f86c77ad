"""What a lower layer tells the features above it, without naming them.

A package may not import the features built on it (core.packets sits below core.campaigns), yet
some of them must hear of its writes inside the same transaction. They subscribe here to a topic
when their module is imported (a program's declaration lists such modules under `modules`); the
lower layer publishes to the topic and never learns who listens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Subscriber = Callable[..., None]

_SUBSCRIBERS: dict[str, list[Subscriber]] = {}


def subscribe(topic: str, subscriber: Subscriber) -> Subscriber:
    """Call `subscriber` on every publish to `topic` (once, however often its module is imported)."""
    found = _SUBSCRIBERS.setdefault(topic, [])
    if subscriber not in found:
        found.append(subscriber)
    return subscriber


def subscribers(topic: str) -> tuple[Subscriber, ...]:
    return tuple(_SUBSCRIBERS.get(topic, ()))


def publish(topic: str, *args: Any) -> None:
    """Call every subscriber of `topic` with `args`, in the order they subscribed; their errors propagate."""
    for subscriber in _SUBSCRIBERS.get(topic, ()):
        subscriber(*args)
