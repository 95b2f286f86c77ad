"""After review: the carrier marks a sent packet processed and writes to the producer."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from core.forms.states import STATES
from core.identity.models import Account
from core.identity.permissions import require
from core.kernel.context import AppContext
from core.kernel.db import writing
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.notify import outbox
from core.packets import packets
from core.packets.models import Packet

CERTIFICATION_DELAY_DAYS = 5  # seed 002: certification opens 5 days after the letter's date


def processable(view: packets.PacketView) -> bool:
    """Whether the packet can be marked processed now: its program writes a processing letter, and it was sent."""
    return "processed" in view.program.emails and view.status == "sent"


def mark_processed(ctx: AppContext, actor: Actor, packet_id: int) -> packets.PacketView:
    """Background check passed and appointments processed: the letter listing the states appointed."""
    require(actor, "packet.mark_processed")
    view = packets.load(ctx, actor, packet_id)
    email = view.program.emails.get("processed")
    if email is None:
        raise NotAllowed(f"{view.program.title} has no processing letter.")
    if view.status != "sent":
        raise NotAllowed("Only a packet received by contracting can be marked processed.")
    now = ctx.clock.now()
    states: list[str] = next((v["states"] for v in view.answers.values() if isinstance(v.get("states"), list)), [])
    upline = next((v.get("upline") for v in view.answers.values() if v.get("upline")), "your topline agency")
    with writing(ctx.engine) as session:
        row = session.exec(select(Packet).where(Packet.id == packet_id)).one()
        packets.set_status(session, ctx, actor, row, "processed", "background check passed and appointments processed",
                           ", ".join(states))
        account = session.get(Account, row.account_id)
        assert account is not None
        outbox.queue(
            ctx, session, kind=email.get("kind", "processed"), to=account.email, template=email,
            values={
                "name": view.producer_name, "upline": upline,
                "states": "\n".join(f"{code}  {STATES.name(code)}" for code in states) or "(none)",
                "letter_date": f"{now:%m/%d/%Y}",
                "certify_date": f"{now + timedelta(days=CERTIFICATION_DELAY_DAYS):%m/%d/%Y}",
            },
            account_id=account.id, packet_id=packet_id,
        )
    outbox.deliver_pending(ctx)
    return packets.load(ctx, actor, packet_id)
