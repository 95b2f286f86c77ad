"""After a producer authenticates: settle other sessions, then open the packet where they left it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from core.identity import sessions
from core.kernel.events import Actor
from core.packets import packets
from core.packets.invitations import OpenedPacket

if TYPE_CHECKING:
    from tui.kit.host import HostApp


async def enter_packet(app: HostApp, actor: Actor, opened: OpenedPacket) -> None:
    from tui.kit.confirm import ConfirmModal

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
        where = "\n".join(f"Open by {o.who} on {o.host} since {o.since:%m/%d/%Y %H:%M} UTC "
                          f"(last activity {o.last_seen:%H:%M})." for o in others)
        app.push_screen(ConfirmModal(  # type: ignore[arg-type]
            "This packet is already open", Text(f"{where}\n\nOnly one session may work on a packet. Taking over signs "
                                                "the other session out; what it saved is kept."),
            yes="Take over", no="Leave it", box_id="take-over-box"), proceed)
    else:
        await proceed(True)
