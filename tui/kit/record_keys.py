"""The keys a declared list or record declares (core/forms/layouts.RecordKey): bindings, and what one runs."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding, BindingType

from core.forms.layouts import RecordKey, resolve
from core.kernel.errors import PacketdeskError
from core.kernel.files import write_private
from tui.kit.base import AppScreen


def key_bindings(keys: tuple[RecordKey, ...]) -> list[BindingType]:
    """One priority binding per declared key, running `record_key('ACTION')`."""
    return [Binding(k.key, f"record_key('{k.action}')", k.label, priority=True, id=k.binding or None)
            for k in keys]


async def run_key(screen: AppScreen, actor: Any, key: RecordKey, record: Any) -> None:
    """A list's key makes its record with `call`; a record's key opens it in a wizard or a screen, or saves
    the file its `call` returns and shows it."""
    app, ctx = screen.papp, screen.papp.ctx
    try:
        if key.file:
            data = await app.run_core(resolve(key.call), ctx, actor, record.id)
            path = write_private(ctx.settings.documents_dir / key.file.format(r=record), data)
            from tui.kit.text_modal import TextModal

            shown = await app.run_core(resolve(key.text), ctx, actor, record.id) if key.text else ""
            app.push_screen(TextModal(key.saved.format(path=path), shown))
            return
        if key.call:
            record = await app.run_core(resolve(key.call), ctx, actor)
    except PacketdeskError as exc:
        screen.show_error(exc)
        return
    if key.wizard:
        from tui.kit.declared_wizard import wizard_of

        wizard_of(key.wizard).resume(app, actor, record)
    elif key.opens:
        app.push_screen(resolve(key.opens)(actor, record))
