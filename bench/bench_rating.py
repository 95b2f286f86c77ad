"""Premium recalculation when a plan changes on the Plan Selection step (a family of four, then nine people).

Run: .venv/bin/python -m bench.bench_rating. Prints median and p95 in microseconds per recalculation.
"""

from __future__ import annotations

import time
from datetime import date

from bench.common import emit, median, note, percentile
from core.demo import demo_answers
from core.enrollment.pricing import price

TODAY = date(2026, 11, 24)
PLANS = ("IL-BPSH", "IL-BCS102", "IL-BPS305", "IL-MBB903", "IL-BCPG204", "IL-BCB101")


def measure(answers: dict, rounds: int = 2000) -> list[float]:
    """What the step does on each keystroke that changes the plan: swap the id, price the whole household."""
    samples = []
    for i in range(rounds):
        answers["plans"]["medical_plan_id"] = PLANS[i % len(PLANS)]
        start = time.perf_counter_ns()
        price(answers, TODAY)
        samples.append((time.perf_counter_ns() - start) / 1000)
    return samples


def main() -> None:
    family = demo_answers(TODAY)
    price(family, TODAY)  # warm the caches (plan catalog, ZIPs, age curve)
    samples = measure(family)
    emit("rating_family4_median", median(samples), "us")
    emit("rating_family4_p95", percentile(samples, 95), "us")
    big = demo_answers(TODAY)
    kid = big["household"]["members"][2]
    big["household"]["members"] += [dict(kid, first_name=f"Kid{i}") for i in range(5)]
    samples = measure(big)
    emit("rating_family9_median", median(samples), "us")
    emit("rating_family9_p95", percentile(samples, 95), "us")
    note("price() of medical + dental for the household; the screen redraws two Statics on top of this.")


if __name__ == "__main__":
    main()
