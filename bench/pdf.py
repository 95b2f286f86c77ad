"""PDF: the colleague's bench/bench_pdf.py, run in a fresh process so "cold" is really cold.

Its own figures (first render with font parsing, median of further renders, pages, bytes) are
re-printed as `name=value unit` lines; --quick lowers its repetitions from 10 to 3.
"""

from __future__ import annotations

import contextlib
import io
import re

from bench import bench_pdf
from bench.common import emit, note, quick_flag

UNITS = {"pdf_packet_ms_median": ("pdf_packet_median", "ms"), "pdf_packet_cold_ms": ("pdf_packet_cold", "ms"),
         "pdf_packet_pages": ("pdf_packet_pages", "pages"), "pdf_packet_bytes": ("pdf_packet_bytes", "bytes")}


def main(quick: bool) -> None:
    if quick:
        bench_pdf.RUNS = 3
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench_pdf.main()
    note(f"bench_pdf.main(): 5-document packet, first render in the process, then median of {bench_pdf.RUNS}")
    for key, value in re.findall(r"(\w+)=(\S+)", out.getvalue()):
        name, unit = UNITS.get(key, (key, "-"))
        emit(name, float(value) if "." in value else int(value), unit)


if __name__ == "__main__":
    main(quick_flag())
