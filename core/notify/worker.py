"""The outbox worker: sends what is due in paced batches, retries SMTP failures, never sends twice.

A batch is claimed first (each message's claim is taken by one conditional UPDATE, so two workers
never take the same message), then sent over one SMTP connection, each message marked sent in its
own short transaction right after the server accepted it. A failed message waits `retry_minutes`
and is tried again, up to `max_attempts`, then counts as bounced. Each message carries a stable
Message-ID (its outbox id), so even a crash between the server's acceptance and the commit leaves
receiving servers a way to drop the copy.
"""

from __future__ import annotations

import smtplib
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from sqlalchemy import or_, update
from sqlmodel import col, select

from core.kernel.config import DATA_DIR
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.notify.models import OutboxMessage
from core.notify.outbox import _connect, _email, _recipient_body


@dataclass(frozen=True)
class WorkerSettings:
    send_per_minute: int = 600
    batch_size: int = 100
    max_attempts: int = 5
    retry_minutes: tuple[int, ...] = (1, 5, 30, 120)
    claim_minutes: int = 10

    def retry_after(self, attempts: int) -> timedelta:
        minutes = self.retry_minutes[min(attempts, len(self.retry_minutes)) - 1] if self.retry_minutes else 1
        return timedelta(minutes=minutes)


@cache
def worker_settings() -> WorkerSettings:
    raw = tomllib.loads((DATA_DIR / "outbox.toml").read_text(encoding="utf-8"))["worker"]
    return WorkerSettings(**{**raw, "retry_minutes": tuple(raw.get("retry_minutes", ()))})


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    bounced_packets: list[int] = field(default_factory=list)
    """Packets whose message bounced (every attempt failed)."""


def _due(ctx: AppContext, limit: int) -> list[int]:
    now = ctx.clock.now()
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.queue == "worker", col(OutboxMessage.sent_at).is_(None),
               col(OutboxMessage.bounced_at).is_(None), OutboxMessage.channel == "email",
               or_(col(OutboxMessage.next_attempt_at).is_(None), col(OutboxMessage.next_attempt_at) <= now),
               or_(col(OutboxMessage.claimed_until).is_(None), col(OutboxMessage.claimed_until) < now))
        .order_by(col(OutboxMessage.id))
        .limit(limit)
    )
    with reading(ctx.engine) as session:
        return [i for i in session.exec(query).all() if i is not None]


def _claim(ctx: AppContext, ids: list[int], settings: WorkerSettings) -> list[OutboxMessage]:
    """Take the messages no other worker holds (a conditional UPDATE each); returns what was taken."""
    now = ctx.clock.now()
    until = now + timedelta(minutes=settings.claim_minutes)
    taken = []
    with writing(ctx.engine) as session:
        for message_id in ids:
            result = session.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.sent_at).is_(None),
                       or_(col(OutboxMessage.claimed_until).is_(None), col(OutboxMessage.claimed_until) < now))
                .values(claimed_until=until)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                taken.append(message_id)
        rows = list(session.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(taken))
                                 .order_by(col(OutboxMessage.id))).all()) if taken else []
        for row in rows:
            session.expunge(row)
    return rows


def _finish(ctx: AppContext, message: OutboxMessage, error: str, settings: WorkerSettings, result: Delivery) -> None:
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = session.get(OutboxMessage, message.id)
        if row is None:
            return
        row.claimed_until = None
        if not error:
            row.sent_at, row.error = now, ""
            result.sent += 1
            return
        row.attempts += 1
        row.error = error
        result.failed += 1
        if row.attempts >= settings.max_attempts:
            row.bounced_at = now
            if row.packet_id is not None:
                result.bounced_packets.append(row.packet_id)
        else:
            row.next_attempt_at = now + settings.retry_after(row.attempts)


def deliver_due(
    ctx: AppContext, *, limit: int | None = None, settings: WorkerSettings | None = None,
    pause: Callable[[float], None] = time.sleep,
) -> Delivery:
    """One batch of the worker's queue: what is due, paced to `send_per_minute`. Never raises on SMTP trouble.

    Args:
        pause: how to wait between messages (tests pass a no-op; the clock for deadlines is ctx.clock).
    """
    settings = settings or worker_settings()
    result = Delivery()
    smtp = ctx.settings.smtp
    if smtp is None:
        return result
    messages = _claim(ctx, _due(ctx, limit or settings.batch_size), settings)
    interval = 60.0 / settings.send_per_minute if settings.send_per_minute else 0.0
    client: smtplib.SMTP | None = None
    try:
        for message in messages:
            started = time.monotonic()
            error = ""
            try:
                if client is None:
                    client = _connect(smtp)
                email = _email(smtp, message.to_address, message.subject, _recipient_body(ctx, message),
                               message_id=f"<outbox-{message.id}@packetdesk>")
                client.send_message(email)
            except smtplib.SMTPResponseException as exc:
                error = f"{type(exc).__name__}: {exc.smtp_code}"
                if isinstance(exc, smtplib.SMTPServerDisconnected):
                    client = None
            except (OSError, smtplib.SMTPException) as exc:
                error = f"{type(exc).__name__}: {exc}"[:200]
                client = None  # reconnect for the next message
            _finish(ctx, message, error, settings, result)
            wait = interval - (time.monotonic() - started)
            if wait > 0:
                pause(wait)
    finally:
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                pass
    return result
