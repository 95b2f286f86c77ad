"""Logins: one open session per packet, idle tracking, take-over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from core.identity import attribution
from core.identity.models import Account, Login
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.events import Actor, record


@dataclass(frozen=True)
class OpenSession:
    login_id: int
    who: str
    host: str
    since: datetime
    last_seen: datetime
    role: str = ""
    same_person: bool = False
    """True for the person's own other session (which they may take over)."""


def start(ctx: AppContext, account: Account, auth_method: str, packet_id: int | None) -> Actor:
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        login = Login(
            account_id=account.id,  # type: ignore[arg-type]
            packet_id=packet_id,
            auth_method=auth_method,
            host=ctx.host,
            started_at=now,
            last_seen_at=now,
            attribution_warning=attribution.login_warning(session, account, auth_method, now),
        )
        session.add(login)
        session.flush()
        actor = Actor(account.id, account.role, login.id, None, auth_method)  # type: ignore[arg-type]
        record(session, "login", now, actor=actor, packet_id=packet_id, detail=f"{auth_method} from {ctx.host}")
    return actor


def others_on_packet(ctx: AppContext, packet_id: int, login_id: int | None, account_id: int | None = None) -> list[OpenSession]:
    """Other sessions still open on the packet (seen within the idle limit)."""
    cutoff = ctx.clock.now() - timedelta(minutes=ctx.settings.idle_minutes)
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(Login, Account)
            .join(Account, col(Account.id) == col(Login.account_id))
            .where(Login.packet_id == packet_id, Login.ended_at == None)  # noqa: E711
            .where(col(Login.id) != (login_id or -1))
        ).all()
    return [
        OpenSession(
            login.id, account.display_name, login.host, as_utc(login.started_at), as_utc(login.last_seen_at),  # type: ignore[arg-type]
            role=account.role, same_person=account.id == account_id,
        )
        for login, account in rows
        if as_utc(login.last_seen_at) >= cutoff
    ]


def take_over(ctx: AppContext, actor: Actor, packet_id: int) -> int:
    """End this person's other open sessions on the packet (staff who are in it are only told)."""
    now = ctx.clock.now()
    ended = 0
    with writing(ctx.engine) as session:
        for login in session.exec(
            select(Login).where(
                Login.packet_id == packet_id, Login.ended_at == None, Login.account_id == actor.account_id  # noqa: E711
            )
        ).all():
            if login.id != actor.login_id:
                login.ended_at = now
                login.end_reason = f"taken over by login {actor.login_id}"
                ended += 1
        record(session, "session taken over", now, actor=actor, packet_id=packet_id, detail=f"{ended} ended")
    return ended


def touch(ctx: AppContext, login_id: int) -> bool:
    """Note activity; False when this session was ended elsewhere (taken over or timed out)."""
    with writing(ctx.engine) as session:
        login = session.get(Login, login_id)
        if login is None or login.ended_at is not None:
            return False
        login.last_seen_at = ctx.clock.now()
    return True


def touch_if_open(ctx: AppContext, login_id: int, *, active: bool) -> bool:
    """Whether the session is still open; notes activity when there was some."""
    return touch(ctx, login_id) if active else is_open(ctx, login_id)


def is_open(ctx: AppContext, login_id: int) -> bool:
    with reading(ctx.engine) as session:
        login = session.get(Login, login_id)
        return login is not None and login.ended_at is None


def end(ctx: AppContext, actor: Actor, reason: str) -> None:
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        login = session.get(Login, actor.login_id)
        if login is not None and login.ended_at is None:
            login.ended_at = now
            login.end_reason = reason
            record(session, "logout", now, actor=actor, packet_id=login.packet_id, detail=reason)
