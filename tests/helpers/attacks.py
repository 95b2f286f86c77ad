"""Tools for the attack tests: many callers at once, and a hasher that counts what it really checked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from core.kernel.hashing import SecretHasher


class CountingHasher:
    """Wraps the context's hasher: notes every secret checked against a real stored hash.

    `delay` stands in for argon2's cost (about 140 ms here) without 32 threads each taking 64 MiB:
    the window between "is the account locked?" and "note the failure" is what a race needs.
    """

    def __init__(self, inner: SecretHasher, delay: float = 0.03) -> None:
        self._inner = inner
        self._delay = delay
        self._lock = threading.Lock()
        self.checked: list[str] = []
        self.hashed = 0

    def hash(self, secret: str) -> str:
        with self._lock:
            self.hashed += 1
        return self._inner.hash(secret)

    def verify(self, hashed: str | None, secret: str) -> bool:
        if hashed:
            with self._lock:
                self.checked.append(secret)
        time.sleep(self._delay)
        return self._inner.verify(hashed, secret)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def at_once(calls: Sequence[Callable[[], Any]], timeout: float = 60) -> list[Any]:
    """Run every call in its own thread, released together by a barrier; results or exceptions, in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as exc:  # kept for the test to look at
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a caller is still running"
    return results
