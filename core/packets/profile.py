"""One producer profile: what a producer typed in one program prefills the same fields in every other.

A field names its profile attribute in its declaration (`source = "profile.email"`). Saving a step
updates the profile (core.packets.saving). A packet whose answers differ from a newer profile is
offered the profile's values once; the producer decides, nothing is overwritten without asking.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import select

from core.forms.fields import parse_date
from core.forms.spec import FieldSpec
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor, record
from core.packets import packets
from core.packets.models import Packet, Producer, ProfileOffer
from core.packets.packets import PacketView
from core.packets.producers import PLAIN
from core.packets.program import Program


def values_of(ctx: AppContext, producer: Producer, *, tin: str | None = None) -> dict[str, Any]:
    """The profile as answers: the TIN and birth date decrypted, contracted states as a list.

    Args:
        tin: the TIN when the caller has it in hand (a roster row), instead of decrypting it.
    """
    values: dict[str, Any] = {name: getattr(producer, name) or "" for name in PLAIN}
    values.update(email=producer.email, business_phone=producer.business_phone,
                  states=[s for s in producer.states.split(",") if s])
    values["tin"] = tin if tin is not None else ctx.cipher.decrypt(producer.tin_enc) if producer.tin_enc else ""
    born = ctx.cipher.decrypt(producer.birth_date_enc) if producer.birth_date_enc else ""
    values["birth_date"] = f"{date.fromisoformat(born):%m/%d/%Y}" if _iso(born) else born
    return values


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def profile_fields(prog: Program) -> list[tuple[str, str, FieldSpec]]:
    """(step id, profile attribute, field) for every field of the program that names a profile attribute."""
    return [(step.id, spec.profile, spec) for step in prog.steps for spec in step.fields if spec.profile]


def prefill(
    prog: Program, profile: dict[str, Any], answers: dict[str, dict[str, Any]] | None = None, *,
    fields: list[tuple[str, str, FieldSpec]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Every field of the program that names a profile attribute, filled from the profile (known answers kept).

    Args:
        fields: `profile_fields(prog)`, when the caller prefills many packets of one program.
    """
    filled = {k: dict(v) for k, v in (answers or {}).items()}
    for step_id, attribute, spec in profile_fields(prog) if fields is None else fields:
        if attribute in profile and not filled.get(step_id, {}).get(spec.name):
            filled.setdefault(step_id, {})[spec.name] = _as_answer(spec, profile[attribute])
    return filled


def _as_answer(spec: FieldSpec, value: Any) -> Any:
    if spec.type == "states":
        return value if isinstance(value, list) else [s for s in str(value).split(",") if s]
    return value


@dataclass(frozen=True)
class Offer:
    """One answer of the packet that differs from the producer's newer profile."""

    step_id: str
    field: str
    label: str
    pii: bool
    current: Any
    profile: Any


def _same(spec: FieldSpec, a: Any, b: Any) -> bool:
    if spec.type in ("date", "birthdate"):
        return parse_date(str(a or "")) == parse_date(str(b or ""))
    if spec.type in ("phone", "ssn", "tin", "ein", "zip"):
        return "".join(c for c in str(a or "") if c.isdigit()) == "".join(c for c in str(b or "") if c.isdigit())
    return str(a or "").strip().lower() == str(b or "").strip().lower()


def offers(ctx: AppContext, actor: Actor, view: PacketView) -> list[Offer]:
    """Editable answers that differ from the profile (a change made in another program), not yet answered."""
    if view.read_only or actor.role != "producer" or actor.account_id != view.producer_account_id:
        return []
    with reading(ctx.engine) as session:
        row = session.get(Packet, view.id)
        producer = session.get(Producer, row.producer_id) if row is not None else None
        if producer is None:
            return []
        profile = values_of(ctx, producer)
        found = [
            Offer(step.id, spec.name, spec.label, spec.pii, view.answers.get(step.id, {}).get(spec.name), profile[spec.profile])
            for step in view.program.steps_for(view.answers) for spec in step.fields
            if spec.profile in profile and not spec.readonly and profile[spec.profile]
            and not _same(spec, view.answers.get(step.id, {}).get(spec.name), profile[spec.profile])
        ]
        answered = {o.fingerprint for o in session.exec(select(ProfileOffer).where(ProfileOffer.packet_id == view.id)).all()}
    return [] if not found or fingerprint(ctx, found) in answered else found


def fingerprint(ctx: AppContext, found: list[Offer]) -> str:
    return ctx.cipher.blind_index(json.dumps([[o.step_id, o.field, str(o.profile)] for o in found]))


def answer(ctx: AppContext, actor: Actor, packet_id: int, accept: bool) -> PacketView:
    """Use the profile's values here (saved as this producer's change), or keep this packet's; asked once."""
    from core.packets import saving

    view = packets.load(ctx, actor, packet_id)
    found = offers(ctx, actor, view)
    if not found:
        return view
    if actor.account_id != view.producer_account_id:
        raise NotAllowed("Only the producer decides whether their profile's details are used.")
    if accept:
        by_step: dict[str, dict[str, Any]] = {}
        for offer in found:
            by_step.setdefault(offer.step_id, dict(view.answers.get(offer.step_id, {})))[offer.field] = offer.profile
        for step_id, values in by_step.items():
            view = saving.save(ctx, actor, packet_id, step_id, values, view.version, complete=False,
                               go_to=view.current_step).view
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        session.add(ProfileOffer(packet_id=packet_id, fingerprint=fingerprint(ctx, found),
                                 answer="accepted" if accept else "declined", at=now))
        record(session, "profile details used" if accept else "profile details declined", now, actor=actor,
               packet_id=packet_id, detail=", ".join(o.label for o in found))
    return packets.load(ctx, actor, packet_id)
