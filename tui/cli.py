"""The `packetdesk` command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="packetdesk", description="Producer contracting packets in the terminal.")
    parser.add_argument("--demo", action="store_true", help="fill an empty database with the demo producers and staff")
    parser.add_argument("--database-url", help="database URL (default: SQLite file in PACKETDESK_HOME)")
    sub = parser.add_subparsers(dest="command")
    opener = sub.add_parser("open", help="open a recontracting packet with its invitation code")
    opener.add_argument("code")
    script = sub.add_parser("script", help="run tester scripts (see README)")
    script.add_argument("files", nargs="+")
    script.add_argument("--update", action="store_true", help="rewrite the goldens")
    script.add_argument("--pty", action="store_true", help="drive the real program in a pseudo-terminal")
    script.add_argument("--out", default="script-out", help="folder for snapshots")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "script":
        from tui.script.cli import run_scripts

        return run_scripts(args.files, update=args.update, pty=args.pty, out_dir=args.out)

    from core.config import Settings
    from core.context import AppContext
    from core.services import demo
    from tui.app import make_app

    settings = Settings.from_env()
    if args.database_url:
        settings = Settings.from_env(database_url=args.database_url)
    ctx = AppContext.create(settings)
    if args.demo:
        demo.seed(ctx)
    app = make_app(ctx, invitation_code=args.code if args.command == "open" else None, demo=args.demo)
    app.exit_when_ready = os.environ.get("PACKETDESK_EXIT_WHEN_READY") == "1"
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
