"""Staff forms keep what was typed when the terminal goes away: the invite form per person, a call
note per person and packet (in the packet's drafts, so it follows the packet's rules)."""

from __future__ import annotations

import json
from typing import Any

from core.desk.models import FormDraft
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.events import Actor
from core.packets import saving

CALL_NOTE = "_call_note"
"""The call note's draft lives with the packet's drafts under this step name (no step is named so)."""


def save_form(ctx: AppContext, actor: Actor, form: str, values: dict[str, Any]) -> None:
    sealed = ctx.cipher.encrypt(json.dumps(values))
    with writing(ctx.engine) as session:
        row = session.get(FormDraft, (actor.account_id, form))
        if row is None:
            session.add(FormDraft(account_id=actor.account_id, form=form, values_enc=sealed, updated_at=ctx.clock.now()))
        else:
            row.values_enc, row.updated_at = sealed, ctx.clock.now()


def load_form(ctx: AppContext, actor: Actor, form: str) -> dict[str, Any] | None:
    with reading(ctx.engine) as session:
        row = session.get(FormDraft, (actor.account_id, form))
        sealed = row.values_enc if row is not None else None
    if sealed is None:
        return None
    values: dict[str, Any] = json.loads(ctx.cipher.decrypt(sealed))
    return values


def discard_form(ctx: AppContext, actor: Actor, form: str) -> None:
    with writing(ctx.engine) as session:
        row = session.get(FormDraft, (actor.account_id, form))
        if row is not None:
            session.delete(row)


def save_note(ctx: AppContext, actor: Actor, packet_id: int, text: str) -> None:
    saving.save_draft(ctx, actor, packet_id, CALL_NOTE, {"note": text})


def load_note(ctx: AppContext, actor: Actor, packet_id: int) -> str:
    draft = saving.load_draft(ctx, actor, packet_id, CALL_NOTE)
    return str((draft or {}).get("note", ""))


def discard_note(ctx: AppContext, actor: Actor, packet_id: int) -> None:
    saving.discard_draft(ctx, actor, packet_id, CALL_NOTE)
