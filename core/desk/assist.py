"""The call-center desk: notes, presence in a packet, and asking the producer to sign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from core.desk import dashboard, drafts, staff
from core.desk.models import CallNote
from core.identity import sessions
from core.identity.models import Account, Login
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.notify import outbox
from core.packets import invitations, packets
from core.packets.models import Packet

NOTE_LIMIT = 4000


def _staff(actor: Actor, *roles: str) -> None:
    if actor.role not in (roles or ("rep", "reviewer", "admin")):
        raise NotAllowed("That is for the service center and the home office.")


def for_producer(actor: Actor, packet: packets.PacketView) -> Actor:
    """The rep acting on the producer's behalf: every change is recorded as such."""
    _staff(actor, "rep", "admin")
    return Actor(actor.account_id, actor.role, actor.login_id, on_behalf_of=packet.producer_account_id,
                 auth_method=actor.auth_method)


@dataclass(frozen=True)
class Note:
    at: datetime
    who: str
    text: str


def add_note(ctx: AppContext, actor: Actor, packet_id: int, text: str) -> None:
    _staff(actor)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationFailed({"note": "Write the note first."})
    if len(cleaned) > NOTE_LIMIT:
        raise ValidationFailed({"note": f"A note can be at most {NOTE_LIMIT} characters."})
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        session.add(CallNote(packet_id=packet_id, account_id=actor.account_id, text_enc=ctx.cipher.encrypt(cleaned), created_at=now))
        record(session, "call note", now, actor=actor, packet_id=packet_id, detail=f"{len(cleaned)} characters")


def notes(ctx: AppContext, actor: Actor, packet_id: int) -> list[Note]:
    _staff(actor)
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(CallNote, Account).join(Account, col(Account.id) == col(CallNote.account_id))
            .where(CallNote.packet_id == packet_id).order_by(col(CallNote.id))
        ).all()
    return [Note(as_utc(note.created_at), account.display_name, ctx.cipher.decrypt(note.text_enc)) for note, account in rows]


@dataclass(frozen=True)
class DeskPacket:
    """Everything the desk's packet screen shows, read in one call (one trip off the event loop)."""

    view: packets.PacketView
    row: staff.PacketRow
    others: list[sessions.OpenSession]
    notes: list[Note]
    missing: dict[str, str]
    """Required answers still missing (step.field -> problem)."""


def desk_packet(ctx: AppContext, actor: Actor, packet_id: int) -> DeskPacket:
    view = packets.load(ctx, actor, packet_id)
    return DeskPacket(view=view, row=staff.packet_row(ctx, actor, packet_id),
                      others=sessions.others_on_packet(ctx, packet_id, actor.login_id),
                      notes=notes(ctx, actor, packet_id), missing=packets.problems_before_review(view))


def open_packet(ctx: AppContext, actor: Actor, packet_id: int) -> str | None:
    """A staff member opens a packet: note their presence; the call note they had typed before a hang-up."""
    enter_packet(ctx, actor, packet_id)
    return drafts.load_note(ctx, actor, packet_id)


def enter_packet(ctx: AppContext, actor: Actor, packet_id: int | None) -> None:
    """Note which packet this staff session is in, so others opening it are told."""
    if actor.login_id is None:
        return
    with writing(ctx.engine) as session:
        login = session.get(Login, actor.login_id)
        if login is not None:
            login.packet_id = packet_id
            login.last_seen_at = ctx.clock.now()


def request_signature(ctx: AppContext, actor: Actor, packet_id: int) -> str:
    """Data complete: email the producer that the packet waits for their own signature."""
    _staff(actor, "rep", "admin")
    view = packets.load(ctx, actor, packet_id)
    packets.require_complete(view)
    if view.read_only:
        raise NotAllowed("This packet was already sent.")
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        packet = session.get(Packet, packet_id)
        assert packet is not None
        account = session.get(Account, packet.account_id)
        assert account is not None
        code = invitations.new_code(ctx, session, packet_id)
        email = dashboard.settings()["emails"]["ready_for_signature"]
        outbox.queue(ctx, session, kind="ready for signature", to=account.email, template=email,
                     values={"name": account.display_name, "key": view.key}, secrets={"code": code},
                     account_id=account.id, packet_id=packet_id)
        record(session, "ready for signature sent", now, actor=actor, packet_id=packet_id)
    outbox.deliver_pending(ctx)
    return account.email
