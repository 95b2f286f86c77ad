"""Database on SQLite: packets.save_step and signing.document_states.

Deterministic test context (fixed clock, seeded ids) on a WAL SQLite file in a temporary folder,
demo data, the five-state producer logged in with core calls (tests/helpers/journey.py) so that
every document applies. save_step alternates the Title so each save really changes a value (and
writes the event, deletes drafts, re-encrypts, reloads the packet: the whole call is timed).
document_states = signatures query + render of every applicable document + its SHA-256.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import emit, median, note, quick_flag

CODE = "DEMOALL-FIVESTATES"


def main(quick: bool) -> None:
    from core import demo
    from core.kernel.context import AppContext
    from core.packets import packets, signing
    from tests.helpers.journey import log_in_first_time

    saves = 10 if quick else 50
    renders = 5 if quick else 20
    with tempfile.TemporaryDirectory(prefix="packetdesk-bench-") as tmp:
        ctx = AppContext.for_tests(Path(tmp))
        demo.seed(ctx)
        opened, outcome = log_in_first_time(ctx, CODE)
        actor = outcome.actor
        view = packets.load(ctx, actor, opened.packet_id)
        values = dict(view.answers["interview"])
        title = values.get("title") or "Principal"

        save_times = []
        for index in range(saves + 1):
            values["title"] = f"{title} {index}"
            start = time.perf_counter()
            view = packets.save_step(ctx, actor, opened.packet_id, "interview", values, view.version)
            save_times.append((time.perf_counter() - start) * 1000)
        first, save_times = save_times[0], save_times[1:]

        state_times = []
        states = []
        for _ in range(renders):
            start = time.perf_counter()
            states = signing.document_states(ctx, view)
            state_times.append((time.perf_counter() - start) * 1000)
        chars = sum(len(state.document.text) for state in states)
        ctx.engine.dispose()

    note(f"SQLite WAL; save_step median of {saves} (after one first call), "
         f"document_states median of {renders}: {len(states)} documents, {chars} characters")
    emit("db_save_step_median", median(save_times), "ms", 2)
    emit("db_save_step_first", first, "ms", 2)
    emit("db_document_states_median", median(state_times), "ms", 2)
    emit("db_document_states_docs", len(states), "docs")


if __name__ == "__main__":
    main(quick_flag())
