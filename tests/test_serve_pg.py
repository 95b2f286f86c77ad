"""Two `packetdesk serve` processes on one PostgreSQL behave as one service.

Each server has its own home (host key, documents) like two hosts behind a TCP load balancer;
both use the same database schema and PII key. A producer on one and a rep on the other: each
sees the other in the packet, and a save over the other's newer data is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Event
from tests.helpers.pg_schema import scratch_schema
from tests.helpers.serve import ENTER, Server, SshTerminal
from tests.test_serve_ssh import JOSE, TEXAS, sign_in_first_time

pytestmark = [pytest.mark.pty, pytest.mark.postgres]

KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
F2, CTRL_F, CTRL_G, CTRL_U, DOWN, END = "\x1bOQ", "\x06", "\x07", "\x15", "\x1b[B", "\x1b[F"


@pytest.fixture
def two_servers(pg_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server, str]]:
    with scratch_schema(pg_url, "pd_serve_") as schema:
        url = f"{pg_url}?options=-csearch_path%3D{schema}"
        env = {"PACKETDESK_DATABASE_URL": url, "PACKETDESK_KEY": KEY}
        servers: list[Server] = []
        try:
            for name in ("host-a", "host-b"):  # one after the other: the first migrates and seeds
                home = tmp_path / name
                home.mkdir()
                servers.append(Server(home, env=env))
            yield servers[0], servers[1], url
        finally:
            for server in servers:
                server.stop()


def saves_on_behalf(ctx: AppContext) -> int:
    """Events a rep recorded for the producer (their saves of a page)."""
    with reading(ctx.engine) as session:
        return len(session.exec(select(Event).where(Event.on_behalf_of != None)).all())  # noqa: E711


def rep_opens_the_packet(rep: SshTerminal) -> None:
    rep.wait_text("Welcome to Packetdesk")
    rep.send(F2)
    rep.wait_text("Staff sign in")
    rep.send("rep" + ENTER)
    rep.send("RepDesk#2026" + ENTER)
    rep.wait_text("Staff desk")
    rep.send(CTRL_F)
    rep.send("nguyen" + ENTER)
    rep.wait_text("1 shown")
    rep.send(DOWN + ENTER)
    rep.wait_text("Call notes")


def rep_saves_the_extension(rep: SshTerminal) -> None:
    rep.send(ENTER)  # the first page: Interview Questions, for the producer
    rep.wait_text("Email Address *")
    rep.pump(0.5)
    rep.send(CTRL_G)
    rep.wait_for(lambda screen: screen.count("Go to field") == 2)  # the dialog's title and the footer
    rep.send("ext")
    rep.pump(0.3)
    rep.send(ENTER)
    rep.wait_for(lambda screen: screen.count("Go to field") == 1)
    rep.send(END + CTRL_U + "77")
    rep.pump(0.3)
    rep.send(ENTER)  # to Resident Phone, the last field
    rep.pump(1.0)
    rep.send(ENTER)  # saves (one Enter: a second one before the screen changes would save twice)
    rep.wait_text("Pages (Enter fills one for the producer)")


def test_presence_and_a_refused_stale_save_across_two_servers(two_servers: tuple[Server, Server, str]) -> None:
    host_a, host_b, url = two_servers
    producer, rep = SshTerminal(host_a.port), SshTerminal(host_b.port)
    ctx = AppContext.create(Settings.from_env({"PACKETDESK_HOME": str(host_a.home), "PACKETDESK_DATABASE_URL": url,
                                               "PACKETDESK_KEY": KEY}))
    try:
        sign_in_first_time(producer, ctx, TEXAS, JOSE)
        producer.send(ENTER)
        producer.wait_text("Email Address *")  # the producer has the Interview loaded

        rep_opens_the_packet(rep)
        rep.wait_text("Also in this packet: José Nguyễn (producer)")  # the producer is on the other server
        rep_saves_the_extension(rep)
        assert saves_on_behalf(ctx) >= 1, "the rep's save went in through host B"

        producer.send("\t" * 4 + " Heights")
        producer.wait_text("Heights")
        for _ in range(8):  # one Enter at a time: walk to the last field, which saves
            producer.send(ENTER)
            producer.pump(1.0)
            if "Not saved: this packet changed" in producer.text or "Review and Sign" in producer.text:
                break
        # The modal paints in more than one frame over SSH: wait for the whole of it, not its first line.
        producer.wait_for(lambda text: "Not saved: this packet changed" in text and "77" in text)
        assert "77" in producer.line_with("Ext."), "the difference shows what the rep saved on the other server"
    finally:
        producer.close()
        rep.close()
        ctx.engine.dispose()
