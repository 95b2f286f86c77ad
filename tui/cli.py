"""The `packetdesk` command."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="packetdesk", description="Producer contracting packets in the terminal.")
    parser.add_argument("--demo", action="store_true", help="fill an empty database with the demo producers and staff")
    parser.add_argument("--database-url", help="database URL (default: SQLite file in PACKETDESK_HOME)")
    sub = parser.add_subparsers(dest="command")
    opener = sub.add_parser("open", help="open a recontracting packet with its invitation code")
    opener.add_argument("code")
    verify = sub.add_parser("verify", help="confirm a delegate's email address with the code from the welcome email")
    verify.add_argument("code")
    rekey = sub.add_parser("rekey", help="re-encrypt everything under a new PII key (stop every Packetdesk first)")
    rekey.add_argument("--force", action="store_true", help="even when sessions look open (stale ones)")
    script = sub.add_parser("script", help="run tester scripts (see README)")
    script.add_argument("files", nargs="+")
    script.add_argument("--update", action="store_true", help="rewrite the goldens")
    script.add_argument("--pty", action="store_true", help="drive the real program in a pseudo-terminal")
    script.add_argument("--out", default="script-out", help="folder for snapshots")
    script.add_argument("--stats", action="store_true", help="print the keystrokes each script took")
    sub.add_parser("keys", help="list every key's binding id, for a keymap file (see README)")
    serve = sub.add_parser("serve", help="serve Packetdesk over SSH (or, with --web, in a browser)")
    serve.add_argument("--demo", action="store_true", dest="serve_demo", help="fill an empty database with the demo people")
    serve.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 2222 for SSH, 8000 with --web)")
    serve.add_argument("--web", action="store_true", help="serve in a browser through textual-serve instead of SSH")
    serve.add_argument("--max-sessions", type=int, default=100, help="connections beyond this are refused (default 100)")
    serve.add_argument("--rate", type=int, default=20, help="connection attempts per address per minute (default 20)")
    serve.add_argument("--idle-close", type=float, default=60.0, metavar="MINUTES",
                       help="hang up a connection with no key for this long (default 60)")
    serve.add_argument("--host-key", help="SSH host key file (default $PACKETDESK_HOME/ssh_host_ed25519_key)")
    serve.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)  # benchmarks: no pre-forking
    campaign = sub.add_parser("campaign", help="recontracting campaigns: import a roster (see README)")
    campaign_sub = campaign.add_subparsers(dest="campaign_command", required=True)
    importer = campaign_sub.add_parser("import", help="check a roster CSV and invite its producers")
    importer.add_argument("roster", help="the roster CSV (columns in the README)")
    importer.add_argument("--program", required=True, help="the program id, e.g. bcbs_recontracting")
    importer.add_argument("--deadline", required=True, help="YYYY-MM-DD: every packet must be sent by then")
    importer.add_argument("--name", default="", help="the campaign's name (default: program title and deadline)")
    importer.add_argument("--good-rows-only", action="store_true", help="import the good rows even when others are bad")
    importer.add_argument("--by", default="admin", help="the admin account running the import (default admin)")
    worker = sub.add_parser("worker", help="send due campaign mail, reminders, warnings and expiries (one pass)")
    worker.add_argument("--loop", action="store_true", help="keep going, a pass every --every seconds, until stopped")
    worker.add_argument("--every", type=float, default=30.0, help="seconds between passes with --loop (default 30)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "script":
        from tui.script.cli import run_scripts

        return run_scripts(args.files, update=args.update, pty=args.pty, out_dir=args.out, stats=args.stats)

    if args.command == "keys":
        from tui.kit.keymap import binding_ids, keymap_file

        print(f"# Binding ids for {keymap_file()} ([keys] id = \"key,key\")")
        for binding_id, keys, description, where in binding_ids():
            print(f"{binding_id:28} {keys:18} {description} ({where})")
        return 0

    if args.command == "serve":
        from tui.serve.cli import run_serve

        return run_serve(args)

    if args.command in ("campaign", "worker"):
        from tui.campaigns.cli import run_campaign_command

        return run_campaign_command(args)

    gc.disable()  # re-enabled (after freezing what start-up made) just before the app runs
    from core.kernel.config import Settings
    from core.kernel.keyfile import KeyProblem, preflight

    settings = Settings.from_env()
    if args.database_url:
        settings = Settings.from_env(database_url=args.database_url)
    try:
        preflight(settings.key_file, settings.key_b64, settings.database_url)
        if args.command == "rekey":
            return _rekey(settings, args.force)
    except KeyProblem as problem:
        print(f"packetdesk: {problem}", file=sys.stderr)
        return problem.exit_code

    from tui.app import make_app
    from tui.kit.heap import pace_collector

    def open_context():  # type: ignore[no-untyped-def]
        """Runs in the background after the first screen is painted."""
        import _imp

        # The first import of SQLAlchemy from two threads at once (this one, and a screen the person
        # opened meanwhile) can end in "partially initialized module": hold the interpreter's import
        # lock while this thread imports, so the other waits for finished modules instead.
        _imp.acquire_lock()
        try:
            from core import demo
            from core.kernel.context import AppContext
        finally:
            _imp.release_lock()
        ctx = AppContext.create(settings)
        if args.demo:
            demo.seed(ctx)
        return ctx

    code = args.code if args.command == "open" else None
    if settings.database_url.startswith("sqlite:///") and not Path(settings.database_url[10:]).exists():
        # First run: creating and filling the database takes seconds; do it before the screen appears.
        print(f"Creating the database in {settings.home} ...", flush=True)
        try:
            app = make_app(open_context(), invitation_code=code, demo=args.demo)
        except KeyProblem as problem:
            print(f"packetdesk: {problem}", file=sys.stderr)
            return problem.exit_code
    else:
        app = make_app(invitation_code=code, demo=args.demo, open_context=open_context)
    app.exit_when_ready = os.environ.get("PACKETDESK_EXIT_WHEN_READY") == "1"
    if args.command == "verify":
        app.portal_verify_code = args.code
    # Start-up makes ~100k long-lived objects: collecting them mid-typing paused keys for 150 ms.
    gc.freeze()
    pace_collector()
    gc.enable()
    app.run()
    return app.return_code or 0


def _rekey(settings, force: bool) -> int:  # type: ignore[no-untyped-def]
    from core.kernel.context import AppContext
    from core.kernel.errors import PacketdeskError
    from core.kernel.rekey import rekey

    try:
        done = rekey(AppContext.create(settings), force=force)
    except PacketdeskError as problem:
        print(f"packetdesk rekey: {problem}", file=sys.stderr)
        return 2
    print(f"Re-encrypted {done.values} values and {done.indexes} search indexes under a new key in {done.key_file}.")
    print(f"The previous key is {done.backup}: keep it as long as backups made before now exist.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
