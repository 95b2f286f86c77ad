"""Logins: one open session per packet, idle tracking, take-over, presence across hosts.

Presence lives in the shared database (PostgreSQL when several hosts serve): every running
session writes a heartbeat into its login's last_seen_at at least every HEARTBEAT, whether the
person types or not. A login whose heartbeat stopped for STALE_AFTER belongs to a process that
is gone without a goodbye (kill -9, out of memory, a host that died): whoever finds it closes it.
No extra connection per session is held (an advisory lock or LISTEN would need one each, and 100
sessions per host would exhaust PostgreSQL's default 100 connections).
"""

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

HEARTBEAT = timedelta(seconds=30)
"""A running session notes that it is alive at least this often (the app checks every 5 s)."""
STALE_AFTER = timedelta(seconds=120)
"""No heartbeat for this long: the session's process is gone; the login is closed when found."""


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
    """Other sessions still open on the packet, on any host; stale ones are closed on the way."""
    now = ctx.clock.now()
    cutoff = now - timedelta(minutes=ctx.settings.idle_minutes)
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(Login, Account)
            .join(Account, col(Account.id) == col(Login.account_id))
            .where(Login.packet_id == packet_id, Login.ended_at == None)  # noqa: E711
            .where(col(Login.id) != (login_id or -1))
        ).all()
    stale = [login.id for login, _ in rows if as_utc(login.last_seen_at) < now - STALE_AFTER]
    if stale:
        close_stale(ctx, [i for i in stale if i is not None])
    return [
        OpenSession(
            login.id, account.display_name, login.host, as_utc(login.started_at), as_utc(login.last_seen_at),  # type: ignore[arg-type]
            role=account.role, same_person=account.id == account_id,
        )
        for login, account in rows
        if login.id not in stale and as_utc(login.last_seen_at) >= cutoff
    ]


def close_stale(ctx: AppContext, login_ids: list[int]) -> int:
    """Close logins whose process stopped its heartbeat (re-checked inside the write)."""
    now = ctx.clock.now()
    closed = 0
    with writing(ctx.engine) as session:
        for login in session.exec(select(Login).where(col(Login.id).in_(login_ids), Login.ended_at == None)).all():  # noqa: E711
            seen = as_utc(login.last_seen_at)
            if seen >= now - STALE_AFTER:
                continue  # it came back to life in between
            login.ended_at = now
            login.end_reason = f"stale: no heartbeat since {seen:%Y-%m-%d %H:%M:%S} UTC"
            actor = Actor(login.account_id, "", login.id, None, login.auth_method)
            record(session, "logout", now, actor=actor, packet_id=login.packet_id, detail="stale session closed")
            closed += 1
    return closed


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
    """Whether the session is still open; notes activity, or at least a heartbeat (HEARTBEAT)."""
    with reading(ctx.engine) as session:
        login = session.get(Login, login_id)
        if login is None or login.ended_at is not None:
            return False
        due = as_utc(login.last_seen_at) <= ctx.clock.now() - HEARTBEAT
    return touch(ctx, login_id) if active or due else True


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
