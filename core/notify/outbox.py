"""Every email and text message: stored (body encrypted), and sent by SMTP when configured."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlmodel import Session, col, select

from core.kernel.clock import as_utc
from core.kernel.config import SmtpSettings
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.notify.models import OutboxMessage


@dataclass(frozen=True)
class Message:
    id: int
    channel: str
    kind: str
    to_address: str
    subject: str
    body: str
    created_at: datetime
    sent_at: datetime | None
    error: str


def queue(
    ctx: AppContext,
    session: Session,
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    account_id: int | None = None,
    packet_id: int | None = None,
    channel: str = "email",
) -> OutboxMessage:
    """Store a message inside the caller's transaction; `deliver_pending` sends it after commit."""
    message = OutboxMessage(
        channel=channel,
        kind=kind,
        to_address=to,
        subject=subject,
        body_enc=ctx.cipher.encrypt(body),
        account_id=account_id,
        packet_id=packet_id,
        created_at=ctx.clock.now(),
    )
    session.add(message)
    return message


def _send_smtp(smtp: SmtpSettings, to: str, subject: str, body: str) -> None:
    email = EmailMessage()
    email["From"] = smtp.sender
    email["To"] = to
    email["Subject"] = subject
    email.set_content(body)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=10) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.username:
            client.login(smtp.username, smtp.password or "")
        client.send_message(email)


def deliver_pending(ctx: AppContext) -> int:
    """Send unsent email by SMTP when configured; returns how many went out. Never raises."""
    if ctx.settings.smtp is None:
        return 0
    with reading(ctx.engine) as session:
        pending = session.exec(
            select(OutboxMessage).where(
                OutboxMessage.sent_at == None,  # noqa: E711
                OutboxMessage.channel == "email",
                OutboxMessage.error == "",
            )
        ).all()
    sent = 0
    for message in pending:
        error = ""
        try:
            _send_smtp(ctx.settings.smtp, message.to_address, message.subject, ctx.cipher.decrypt(message.body_enc))
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:200]
        with writing(ctx.engine) as session:
            row = session.get(OutboxMessage, message.id)
            if row is not None:
                row.sent_at = None if error else ctx.clock.now()
                row.error = error
    return sent


def _message(ctx: AppContext, row: OutboxMessage) -> Message:
    assert row.id is not None
    return Message(
        id=row.id,
        channel=row.channel,
        kind=row.kind,
        to_address=row.to_address,
        subject=row.subject,
        body=ctx.cipher.decrypt(row.body_enc),
        created_at=as_utc(row.created_at),
        sent_at=as_utc(row.sent_at) if row.sent_at else None,
        error=row.error,
    )


def messages(
    ctx: AppContext, *, account_id: int | None = None, to: str | None = None, limit: int = 200
) -> list[Message]:
    """Newest first."""
    with reading(ctx.engine) as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
        if account_id is not None:
            query = query.where(OutboxMessage.account_id == account_id)
        if to is not None:
            query = query.where(OutboxMessage.to_address == to)
        return [_message(ctx, row) for row in session.exec(query).all()]


def latest(ctx: AppContext, *, to: str | None = None, kind: str | None = None) -> Message | None:
    with reading(ctx.engine) as session:
        query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(1)
        if to is not None:
            query = query.where(OutboxMessage.to_address == to)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        row = session.exec(query).first()
        return _message(ctx, row) if row else None
