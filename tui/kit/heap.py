"""How often the garbage collector runs in an interactive session.

Reference counting frees nearly everything a keystroke or a tab switch allocates; the collector only
finds cycles. With CPython's default thresholds (700, 10, 10) a screen of tabs, which keeps ~300k
objects alive, ran a young collection every few keys and a full one (0.4-0.9 s on a loaded 2-core
machine) every five or six tab switches. A larger first threshold spaces all three generations out.
"""

from __future__ import annotations

import gc

THRESHOLDS = (10_000, 10, 10)
"""Young collections after 10,000 net allocations instead of 700; the older generations keep their
ratios. bench.bench_tabs (16 switches): 3 full collections before, none after; memory: bench_desk_memory."""


def pace_collector() -> None:
    """Set the thresholds; called once before the app runs (tui.cli, each serve session, the benchmarks)."""
    gc.set_threshold(*THRESHOLDS)
