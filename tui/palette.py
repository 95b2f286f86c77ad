"""The command palette (Ctrl+P): only what makes sense on this screen, never a screenshot of it.

- every key the screen offers right now (its footer's actions, by their descriptions);
- on a packet: go to any page of it;
- staff: find a packet by what is typed (the desk's search in core) and open it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.kit.base import AppScreen


class PacketdeskCommands(Provider):
    """Commands valid on the screen the palette was opened from."""

    def _screen_actions(self) -> list[tuple[str, Callable[[], Any], str]]:
        screen = self.screen
        found: list[tuple[str, Callable[[], Any], str]] = []
        seen: set[str] = set()
        for node in (screen, self.app):
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    if not binding.description or binding.action in seen or binding.action == "command_palette":
                        continue
                    name, _, _ = binding.action.partition("(")
                    if node.check_action(name, ()) is False:
                        continue
                    seen.add(binding.action)
                    display = self.app.get_key_display(binding)
                    found.append((binding.description, partial(node.run_action, binding.action),
                                  f"{display} · {binding.tooltip or binding.description}"))
        return found

    def _pages(self) -> list[tuple[str, Callable[[], Any], str]]:
        from tui.packet.program_screen import ProgramScreen

        screen = self.screen
        if not isinstance(screen, ProgramScreen):
            return []
        view = screen.view
        return [(f"Go to page: {step.title}", partial(screen.go_to_page, step.id), "Open this page of the packet")
                for step in view.program.steps_for(view.answers) if step.kind != "info"]

    async def discover(self) -> Hits:
        for name, callback, help_text in self._screen_actions() + self._pages():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._screen_actions() + self._pages():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        async for hit in self._packets(query):
            yield hit

    async def _packets(self, query: str) -> Hits:
        """Staff: the desk's search, the first few packets it finds."""
        from core.identity.permissions import may

        app = self.app
        actor = getattr(app, "actor", None)
        if len(query.strip()) < 2 or not may(actor, "desk.search"):
            return
        from core.desk import search

        try:
            page = await app.run_core(search.find, app.ctx, actor, query)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a search that fails simply offers nothing here
            return
        for hit in page.hits[:5]:
            label = f"Open packet {hit.key} · {hit.producer_name}"
            yield Hit(0.5, label, partial(self._open, hit.packet_id), help=f"{hit.program} · {hit.status}")

    def _open(self, packet_id: int) -> None:
        from tui.desk.rep_packet import RepPacketScreen

        self.app.push_screen(RepPacketScreen(packet_id))


def palette_allowed(screen: object) -> bool:
    return isinstance(screen, AppScreen)
