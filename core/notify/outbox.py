"""Every email and text message: stored (body encrypted), and sent by SMTP when configured.

Secrets (invitation codes, temporary passwords, one-time codes, confirmation links) never enter
the stored text. `queue` fills the template itself: each secret becomes a placeholder in the body
and its value is encrypted apart. Everything that reads the outbox gets the masked body; only the
recipient's channel (SMTP delivery, the demo mailbox of a demo database, and tests or tester
scripts standing in for the recipient's mailbox) gets the body with the secrets in it.
"""

from __future__ import annotations

import functools
import json
import re
import smtplib
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from sqlmodel import Session, col, select

from core.kernel import meta
from core.kernel.clock import as_utc
from core.kernel.config import SmtpSettings
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed
from core.notify.models import OutboxMessage

SECRET_NAMES = frozenset({"code", "password", "temporary_password", "link", "reset_link", "token", "otp",
                          "passcode", "pin"})
"""Placeholder names that always hold a secret: a template naming one must receive it in `secrets`."""

MASK = "•••••••• (secret: shown only to the recipient)"
"""What staff and every screen but the recipient's own see in place of a secret."""

LEGACY_BODY = ("(Stored before secrets were kept apart from the text of messages: "
               "only its recipient sees this message's text.)")
"""The masked body of a message queued before secrets were kept apart (its text may hold one)."""

DEMO_NOTICE = ("DEMO MAILBOX: in a real deployment these messages go to each person's email; "
               "staff never see codes.")

_OPEN, _CLOSE = "\ue000", "\ue001"
"""Private-use characters around a secret's name in the stored body; never in typed text."""
_PLACEHOLDER = re.compile(f"{_OPEN}(\\w+){_CLOSE}")


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


def _plain(value: object) -> object:
    return value.replace(_OPEN, "").replace(_CLOSE, "") if isinstance(value, str) else value


@functools.lru_cache(maxsize=256)
def _placed(template: str) -> tuple[tuple[str, str, str | None, str | None], ...]:
    """(field, its root name, format spec, conversion) of every replacement field: parsed once per template."""
    return tuple((field, re.split(r"[.\[]", field, maxsplit=1)[0], spec, conversion)
                 for _, field, spec, conversion in string.Formatter().parse(template) if field is not None)


def _fill(template: str, values: Mapping[str, object], secrets: Mapping[str, str]) -> str:
    """The template with values in and a placeholder for each secret; refuses a secret used any other way."""
    for field, root, spec, conversion in _placed(template):
        if root in SECRET_NAMES and root not in secrets:
            raise ValueError(f"the template uses {{{root}}}: pass it in secrets=, it is a secret")
        if root in secrets and (field != root or spec or conversion):
            raise ValueError(f"a secret is placed as {{{root}}}, without formatting: {{{field}}}")
    placeholders = {name: f"{_OPEN}{name}{_CLOSE}" for name in secrets}
    return template.format(**{name: _plain(v) for name, v in values.items()}, **placeholders)


def queue(
    ctx: AppContext,
    session: Session,
    *,
    kind: str,
    to: str,
    template: Mapping[str, str],
    values: Mapping[str, object] | None = None,
    secrets: Mapping[str, str] | None = None,
    account_id: int | None = None,
    packet_id: int | None = None,
    channel: str = "email",
    by_worker: bool = False,
) -> OutboxMessage:
    """Fill `template` ("subject" and "body") and store the message inside the caller's transaction.

    Args:
        values: what the message may show anyone (names, keys, minutes...).
        secrets: what only the recipient may see (codes, temporary passwords, links); never in the
            subject. `deliver_pending` sends the message, secrets in, after commit.
        by_worker: leave it to the worker (`deliver_due`), which sends campaign mail in paced
            batches with retries, instead of sending it after commit.
    """
    message = OutboxMessage(**message_values(
        ctx, kind=kind, to=to, template=template, values=values, secrets=secrets, account_id=account_id,
        packet_id=packet_id, channel=channel, by_worker=by_worker))
    session.add(message)
    return message


def message_values(
    ctx: AppContext, *, kind: str, to: str, template: Mapping[str, str], values: Mapping[str, object] | None = None,
    secrets: Mapping[str, str] | None = None, account_id: int | None = None, packet_id: int | None = None,
    channel: str = "email", by_worker: bool = False,
) -> dict[str, Any]:
    """The outbox row `queue` stores, as column values: a campaign inserts thousands at once."""
    values, secrets = dict(values or {}), {name: str(v) for name, v in (secrets or {}).items()}
    if set(values) & SECRET_NAMES:
        raise ValueError(f"{', '.join(sorted(set(values) & SECRET_NAMES))}: a secret goes in secrets=, not values=")
    if set(values) & set(secrets):
        raise ValueError(f"{', '.join(sorted(set(values) & set(secrets)))}: given as a value and as a secret")
    subject = _fill(template["subject"], values, secrets)
    if _OPEN in subject:
        raise ValueError("a secret never goes in a subject line (previews and lists show it)")
    return {
        "channel": channel, "kind": kind, "to_address": to, "subject": subject,
        "body_enc": ctx.cipher.encrypt(_fill(template["body"], values, secrets)),
        "secrets_enc": ctx.cipher.encrypt(json.dumps(secrets)) if secrets else "",
        "account_id": account_id, "packet_id": packet_id, "created_at": ctx.clock.now(),
        "queue": "worker" if by_worker else "", "error": "", "attempts": 0,
    }


def _masked_body(ctx: AppContext, row: OutboxMessage) -> str:
    if row.secrets_enc is None:
        return LEGACY_BODY
    return _PLACEHOLDER.sub(MASK, ctx.cipher.decrypt(row.body_enc))


def _recipient_body(ctx: AppContext, row: OutboxMessage) -> str:
    body = ctx.cipher.decrypt(row.body_enc)
    if not row.secrets_enc:
        return body
    secrets: dict[str, str] = json.loads(ctx.cipher.decrypt(row.secrets_enc))
    return _PLACEHOLDER.sub(lambda m: secrets.get(m.group(1), MASK), body)


def _email(smtp: SmtpSettings, to: str, subject: str, body: str, message_id: str = "") -> EmailMessage:
    email = EmailMessage()
    email["From"] = smtp.sender
    email["To"] = to
    email["Subject"] = subject
    if message_id:
        email["Message-ID"] = message_id
    email.set_content(body)
    return email


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=10)
    if smtp.starttls:
        client.starttls()
    if smtp.username:
        client.login(smtp.username, smtp.password or "")
    return client


def _send_smtp(smtp: SmtpSettings, to: str, subject: str, body: str) -> None:
    with _connect(smtp) as client:
        client.send_message(_email(smtp, to, subject, body))


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
                OutboxMessage.queue == "",
            )
        ).all()
    sent = 0
    for message in pending:
        error = ""
        try:
            # The recipient's channel: the only place, with the demo mailbox, where secrets are put back.
            _send_smtp(ctx.settings.smtp, message.to_address, message.subject, _recipient_body(ctx, message))
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:200]
        with writing(ctx.engine) as session:
            row = session.get(OutboxMessage, message.id)
            if row is not None:
                row.sent_at = None if error else ctx.clock.now()
                row.error = error
    return sent


def _message(row: OutboxMessage, body: str) -> Message:
    assert row.id is not None
    return Message(
        id=row.id,
        channel=row.channel,
        kind=row.kind,
        to_address=row.to_address,
        subject=row.subject,
        body=body,
        created_at=as_utc(row.created_at),
        sent_at=as_utc(row.sent_at) if row.sent_at else None,
        error=row.error,
    )


def _rows(
    ctx: AppContext, *, account_id: int | None = None, to: str | None = None, kind: str | None = None,
    channel: str | None = None, limit: int = 200,
) -> list[OutboxMessage]:
    """Newest first."""
    query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
    for column, wanted in ((OutboxMessage.account_id, account_id), (OutboxMessage.to_address, to),
                           (OutboxMessage.kind, kind), (OutboxMessage.channel, channel)):
        if wanted is not None:
            query = query.where(column == wanted)
    with reading(ctx.engine) as session:
        return list(session.exec(query).all())


def messages(
    ctx: AppContext, *, account_id: int | None = None, to: str | None = None, limit: int = 200
) -> list[Message]:
    """Newest first, every secret masked."""
    return [_message(row, _masked_body(ctx, row)) for row in _rows(ctx, account_id=account_id, to=to, limit=limit)]


def latest(ctx: AppContext, *, to: str | None = None, kind: str | None = None) -> Message | None:
    """The newest message (to an address, of a kind), every secret masked."""
    found = _rows(ctx, to=to, kind=kind, limit=1)
    return _message(found[0], _masked_body(ctx, found[0])) if found else None


def latest_for_recipient(
    ctx: AppContext, *, to: str | None = None, kind: str | None = None, account_id: int | None = None,
) -> Message | None:
    """The newest message as its recipient's mailbox or phone receives it, secrets in.

    Only for what stands in for the recipient's own mailbox: tests and tester scripts. No screen
    calls it; the demo mailbox goes through `demo_mailbox`.
    """
    found = _rows(ctx, to=to, kind=kind, account_id=account_id, limit=1)
    return _message(found[0], _recipient_body(ctx, found[0])) if found else None


def demo_mailbox(ctx: AppContext, *, channel: str | None = None, limit: int = 200) -> list[Message]:
    """Every message as its recipient got it, newest first: on a demo database only (see DEMO_NOTICE)."""
    if not meta.is_demo(ctx):
        raise NotAllowed("The demo mailbox is only open on a demo database. Messages go to each person's own email.")
    return [_message(row, _recipient_body(ctx, row)) for row in _rows(ctx, channel=channel, limit=limit)]


def recent_secrets(ctx: AppContext, *, account_id: int | None = None, limit: int = 200) -> set[str]:
    """The secrets of the newest messages (and of one account's): what a screen or a typed report may
    hold, so that what leaves the screen (Report an issue) can be masked. Never shown."""
    query = (select(OutboxMessage.secrets_enc).where(col(OutboxMessage.secrets_enc) != "",
                                                     col(OutboxMessage.secrets_enc).is_not(None))
             .order_by(col(OutboxMessage.id).desc()))
    with reading(ctx.engine) as session:
        sealed = list(session.exec(query.limit(limit)).all())
        if account_id is not None:
            sealed += session.exec(query.where(OutboxMessage.account_id == account_id).limit(50)).all()
    found: set[str] = set()
    for value in {s for s in sealed if s}:
        for secret in json.loads(ctx.cipher.decrypt(value)).values():
            found.add(secret)
            found.update(part for part in secret.split("-") if len(part) >= 8)
    return found
