"""`packetdesk serve` options to a running server (SSH by default, textual-serve with --web)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def run_serve(args: argparse.Namespace) -> int:
    demo = bool(args.demo or args.serve_demo)
    if args.database_url:
        os.environ["PACKETDESK_DATABASE_URL"] = args.database_url  # the sessions read the environment
    host = args.host or "127.0.0.1"
    if args.web:
        from tui.serve.web import serve_web

        return serve_web(host, args.port or 8000, demo=demo)
    from tui.serve.main import serve
    from tui.serve.ssh import ServeOptions

    options = ServeOptions(host=host, port=args.port or 2222, demo=demo, max_sessions=args.max_sessions,
                           per_address=args.rate, idle_close_minutes=args.idle_close, cold=args.cold)
    return serve(options, Path(args.host_key) if args.host_key else None)
