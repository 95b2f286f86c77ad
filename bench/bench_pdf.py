"""Time render_packet_pdf on a 5-document packet (about 2 pages each).

Prints `pdf_packet_cold_ms=` (first render in the process, fonts parsed) and
`pdf_packet_ms_median=` (median of 10 further renders). Run: .venv/bin/python bench/bench_pdf.py
Pass --cjk to put a CJK character in the producer's name (embeds the fallback font too).
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.packets.documents import Block, RenderedDocument, SignatureMark, Span  # noqa: E402
from core.packets.pdf import render_packet_pdf  # noqa: E402

RUNS = 10
CREATED = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
SENTENCE = (
    "The producer shall solicit applications only in states where the producer holds an active "
    "license and appointment, and shall deliver policies promptly as the company directs. "
)


def packet(name: str) -> list[RenderedDocument]:
    """Five documents of about two Letter pages each, producer signed, company unsigned."""
    docs = []
    for number in range(1, 6):
        blocks = [Block("heading1", (Span(f"Article {number}"),))]
        for clause in range(13):
            spans = (
                Span(f"{number}.{clause + 1} "),
                Span(SENTENCE * 2),
                Span("Producer "),
                Span(name, is_data=True),
                Span(", NPN "),
                Span("19283746", is_data=True),
                Span(", agrees to the above."),
            )
            blocks.append(Block("paragraph", spans))
        blocks += [Block("signature", role="producer"), Block("signature", role="company")]
        mark = SignatureMark("producer", name, "2026-11-24 14:05 UTC", "script")
        docs.append(
            RenderedDocument(f"doc{number}", f"Document {number}", tuple(blocks), True, (mark,))
        )
    return docs


def main() -> None:
    """Render once cold, then RUNS times warm, and print the figures."""
    name = "José Nguyễn 李" if "--cjk" in sys.argv else "José Nguyễn"
    docs = packet(name)
    start = time.perf_counter()
    data = render_packet_pdf(docs, packet_key="PK-BENCH1", created=CREATED)
    cold = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render_packet_pdf(docs, packet_key="PK-BENCH1", created=CREATED)
        times.append((time.perf_counter() - start) * 1000)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    print(f"pdf_packet_ms_median={statistics.median(times):.1f}")
    print(f"pdf_packet_cold_ms={cold:.1f}")
    print(f"pdf_packet_pages={pages} pdf_packet_bytes={len(data)}")


if __name__ == "__main__":
    main()
