"""After a producer authenticates: settle other sessions, then open the packet where they left it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.identity import sessions
from core.kernel.events import Actor
from core.packets import packets
from core.packets.invitations import OpenedPacket

if TYPE_CHECKING:
    from tui.kit.host import HostApp


async def enter_packet(app: HostApp, actor: Actor, opened: OpenedPacket) -> None:
    from tui.packet.take_over import TakeOverModal

    app.signed_in(actor, opened)
    everyone = await app.run_core(sessions.others_on_packet, app.ctx, opened.packet_id, actor.login_id, actor.account_id)
    others = [o for o in everyone if o.same_person]
    staff = [o for o in everyone if not o.same_person]
    if staff:
        names = ", ".join(f"{o.who} ({o.role})" for o in staff)
        app.notify(f"Also in this packet: {names}. Your saves never overwrite theirs silently.", timeout=10)

    async def proceed(take: bool | None) -> None:
        if not take:
            app.sign_out("The packet stays open in the other session.", "left to other session")
            return
        if others:
            await app.run_core(sessions.take_over, app.ctx, actor, opened.packet_id)
        view = await app.run_core(packets.load, app.ctx, actor, opened.packet_id)
        app.show_packet_step(view)

    if others:
        app.push_screen(TakeOverModal(others), proceed)  # type: ignore[arg-type]
    else:
        await proceed(True)
