"""`packetdesk campaign import` and `packetdesk worker`: thin front ends over core.campaigns."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def _context():  # type: ignore[no-untyped-def]
    from core.kernel.config import Settings
    from core.kernel.context import AppContext

    return AppContext.create(Settings.from_env())


def run_campaign_command(args: argparse.Namespace) -> int:
    from core.kernel.keyfile import KeyProblem

    try:
        ctx = _context()
    except KeyProblem as problem:
        print(f"packetdesk: {problem}", file=sys.stderr)
        return problem.exit_code
    if args.command == "worker":
        return _worker(ctx, loop=args.loop, every=args.every)
    return _import(ctx, args)


def _worker(ctx, *, loop: bool, every: float) -> int:  # type: ignore[no-untyped-def]
    import signal
    import threading

    from core.campaigns.worker import run_pass

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    while True:
        result = run_pass(ctx)
        print(f"worker: {result.sent} sent, {result.failed} failed (will retry), {result.bounced} bounced, "
              f"{result.reminders} reminders, {result.warnings} warnings, {result.expired} expired", flush=True)
        if not loop or stop.wait(every):
            return 0


def _import(ctx, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from core.campaigns import importing
    from core.kernel.errors import NotAllowed, ValidationFailed

    console = Console(stderr=True)
    try:
        date.fromisoformat(args.deadline)
    except ValueError:
        console.print(f"packetdesk: the deadline {args.deadline!r} is not a date (YYYY-MM-DD)", markup=False)
        return 2
    try:
        actor = importing.staff_actor(ctx, args.by)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=False,
        ) as bar:
            checking = bar.add_task("Checking rows", total=None)
            creating = bar.add_task("Inviting", total=None, visible=False)

            def on_check(done: int, total: int) -> None:
                bar.update(checking, completed=done, total=total or None)

            def on_create(done: int, of: int) -> None:
                bar.update(creating, completed=done, total=of, visible=True)

            report = importing.import_file(
                ctx, actor, args.program, args.deadline, args.roster, name=args.name,
                good_rows_only=args.good_rows_only, progress=on_create, checking=on_check,
            )
    except ValidationFailed as problem:
        console.print(f"packetdesk: {'; '.join(f'{k}: {v}' for k, v in problem.problems.items())}", markup=False)
        return 2
    except (NotAllowed, OSError) as problem:
        console.print(f"packetdesk: {problem}", markup=False)
        return 2
    for line in report.lines():
        print(line)
    if report.imported:
        print(f"Campaign {report.campaign_id}: invitations are queued; `packetdesk worker` sends them.")
    return 0 if report.imported else 1
