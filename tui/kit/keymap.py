"""The person's own keys: a keymap file maps binding ids to keys (Textual's keymap), read at start.

    # ~/.config/packetdesk/keymap.toml (or the file PACKETDESK_KEYMAP names)
    [keys]
    save-exit = "f10,ctrl+s"
    continue = "f8,ctrl+n"

Every binding has an id (`packetdesk keys` lists them); an unknown id or an unreadable file is
reported once and the default keys stay.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path


def keymap_file() -> Path:
    named = os.environ.get("PACKETDESK_KEYMAP")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "packetdesk" / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str]:
    """The keymap to apply and a problem to tell the person ("" when none)."""
    path = path or keymap_file()
    if not path.exists():
        return {}, ""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return {}, f"Your keymap {path} could not be read ({type(exc).__name__}); the default keys are used."
    keys = raw.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        return {}, f"Your keymap {path} needs a [keys] table of binding id = \"key,key\"; the default keys are used."
    return {str(k): v for k, v in keys.items()}, ""


def binding_ids() -> list[tuple[str, str, str, str]]:
    """Every binding with an id, for `packetdesk keys`: (id, default keys, description, where)."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import tui

    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        if module.name.startswith(("tui.serve", "tui.script")):
            continue
        importlib.import_module(module.name)
    found: dict[str, tuple[str, str, str, str]] = {}

    def walk(cls: type) -> None:
        sub: type
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("tui."):
                for binding in sub.__dict__.get("BINDINGS", []):
                    if getattr(binding, "id", None) and binding.id not in found:
                        found[binding.id] = (binding.id, binding.key, binding.description or binding.action, sub.__name__)
            walk(sub)

    walk(DOMNode)
    return sorted(found.values())


# The keys that mean the same on every screen (README "Keys"). A key here is reserved: every binding
# on it does one of its actions. Other F-keys are the screen's own, named in its footer.
RESERVED: dict[str, tuple[str, frozenset[str]]] = {
    "f1": ("help", frozenset({"field_help"})),
    "f9": ("the screen's one commit action", frozenset(
        {"act", "submit", "decide", "pay", "countersign", "countersign_all", "ready"})),
    "f10": ("leave", frozenset({"save_exit", "exit", "log_out"})),
    "escape": ("back", frozenset({"back", "cancel", "close", "home", "leave", "noop", "no", "exit_packet"})),
}
"""key -> (what it means, the actions that mean it)."""

CONVENTIONAL: dict[str, str] = {
    "save": "f2",
    "refresh": "f5", "reload": "f5", "resend": "f5",
    "mailbox": "f6", "outbox": "f6",
    "history": "f7", "previous": "f7",
    "forward": "f8", "agree": "f8", "next": "f8", "save_pdfs": "f8",
}
"""Actions found on several screens -> their one key: F2 save, F5 refresh or send again, F6 mail,
F7 look back (history, previous step), F8 go on (Continue, I Agree, Next, the packet's PDFs)."""
