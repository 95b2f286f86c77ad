"""Consent, signatures, reviews and countersignatures, each tied to the exact rendered document.

A signature counts only while the document renders to the hash that was signed: change an answer
the document shows and the signature no longer applies.
"""

from __future__ import annotations

import hashlib

from sqlmodel import Session, col, select

from core.identity import accounts
from core.identity.models import Login
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, PacketdeskError, ValidationFailed
from core.kernel.events import Actor, record
from core.packets import certificate, followers, packets
from core.packets.documents import (
    Approval,
    DocumentState,
    RenderedDocument,
    SignatureMark,
    field_kinds,
    flatten,
    render,
)
from core.packets.models import Packet, Signature
from core.packets.packets import PacketView
from core.packets.program import DocumentSpec


def render_all(view: PacketView, today: str) -> list[tuple[DocumentSpec, RenderedDocument]]:
    context = flatten(view.answers, {"packet.key": view.key, "today": today}, field_kinds(view.program))
    return [(spec, render(spec, context)) for spec in view.program.documents_for(view.answers)]


def _signatures(session: Session, packet_id: int) -> list[Signature]:
    return list(session.exec(select(Signature).where(Signature.packet_id == packet_id).order_by(col(Signature.id))).all())


def _today(view: PacketView, ctx: AppContext) -> str:
    # Documents carry the date consent was given, so a signature survives a return the next day.
    when = view.consent_at or ctx.clock.now()
    return when.strftime("%m/%d/%Y")


def _approval(view: PacketView, spec: DocumentSpec) -> Approval | None:
    """Who must still approve a signed document, or when they did (the packet is locked from then on)."""
    if not spec.approved_status or not spec.needs_signature:
        return None
    approved = view.status == spec.approved_status
    return Approval(by=view.program.carrier, on=f"{view.updated_at:%m/%d/%Y}" if approved else "")


def document_states(ctx: AppContext, view: PacketView) -> list[DocumentState]:
    with reading(ctx.engine) as session:
        rows = _signatures(session, view.id)
    states = []
    for spec, document in render_all(view, _today(view, ctx)):
        valid = [r for r in rows if r.document_id == spec.id and r.doc_hash == document.sha256]
        marks = [
            SignatureMark(
                role="producer" if r.kind == "sign" else "company",
                name=r.signer_name,
                signed_at=as_utc(r.signed_at).strftime("%m/%d/%Y %H:%M UTC"),
                style=r.style,
            )
            for r in valid
            if r.kind in ("sign", "countersign")
        ]
        states.append(
            DocumentState(
                spec=spec,
                document=document.with_signatures(marks, _approval(view, spec)),
                signed=any(r.kind == "sign" for r in valid),
                reviewed=any(r.kind == "review" for r in valid),
            )
        )
    return states


def require_producer(ctx: AppContext, actor: Actor, view: PacketView, what: str) -> Login:
    """E-SIGN attribution: only the producer, in an open login of their own, consents, signs or sends."""
    refusal = NotAllowed(f"Only the producer, signed in as themselves, can {what}.")
    if actor.role != "producer" or actor.on_behalf_of or view.producer_account_id != actor.account_id:
        raise refusal
    with reading(ctx.engine) as session:
        login = session.get(Login, actor.login_id) if actor.login_id is not None else None
    if login is None or login.account_id != actor.account_id or login.ended_at is not None:
        raise refusal
    return login


def flag(session: Session, ctx: AppContext, actor: Actor, packet_id: int, login: Login, what: str) -> None:
    """The history says, in plain words, why an act may not be the producer's own."""
    if login.attribution_warning:
        record(session, "attribution warning", ctx.clock.now(), actor=actor, packet_id=packet_id,
               detail=f"{what}: {login.attribution_warning}")


def consent_code(text: str) -> str:
    """A code printed inside the disclosure; typing it back shows the signer can open the records (E-SIGN)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:4].upper()


def give_consent(ctx: AppContext, actor: Actor, packet_id: int, code: str) -> PacketView:
    """I Agree: only with the confirmation code typed back, and only once every step is complete."""
    view = packets.load(ctx, actor, packet_id)
    login = require_producer(ctx, actor, view, "accept the electronic records consent")
    if code.strip().upper() != consent_code(view.program.consent_text()):
        raise ValidationFailed({"consent_code": "Type the confirmation code shown above to agree."})
    packets.require_complete(view)
    with writing(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        assert row is not None
        row.consent_version = view.program.consent_version
        row.consent_at = ctx.clock.now()
        row.consent_login_id = actor.login_id
        record(session, "consent accepted", ctx.clock.now(), actor=actor, packet_id=packet_id,
               detail=f"version {view.program.consent_version}")
        flag(session, ctx, actor, packet_id, login, "consent")
    return packets.load(ctx, actor, packet_id)


ADOPTED = "_adopted_signature"


def initials_problem(full_name: str, initials: str) -> str | None:
    """Initials must be the first letters of the name's words, in order (case and dots ignored)."""
    words = [w for w in full_name.replace(".", " ").replace("-", " ").split() if w[:1].isalpha()]
    expected = "".join(w[0] for w in words).upper()
    given = "".join(c for c in initials if c.isalpha()).upper()
    if not full_name.strip():
        return "Full Name is required."
    if not given:
        return "Initials are required."
    if given != expected and given != expected[0] + expected[-1]:
        return f"Initials {given} do not match the name (expected {expected} or {expected[0] + expected[-1]})."
    return None


def default_adoption(view: PacketView) -> tuple[str, str]:
    """Full name and initials prefilled from the interview (any step with name fields), else the roster."""
    for values in view.answers.values():
        if values.get("first_name") and values.get("last_name"):
            parts = [values.get("first_name", ""), values.get("middle_name", ""), values.get("last_name", "")]
            name = " ".join(str(p).strip() for p in parts if str(p or "").strip())
            break
    else:
        name = view.producer_name
    words = [w for w in name.replace(".", " ").replace("-", " ").split() if w[:1].isalpha()]
    return name, "".join(w[0] for w in words).upper()


def adopted_signature(view: PacketView) -> dict[str, str] | None:
    adopted = view.answers.get(ADOPTED)
    return adopted if adopted and adopted.get("full_name") else None


def adopt_signature(ctx: AppContext, actor: Actor, packet_id: int, full_name: str, initials: str, style: str) -> PacketView:
    """Adopt Your Signature: the name, initials and style every later signature line uses."""
    view = packets.load(ctx, actor, packet_id)
    require_producer(ctx, actor, view, "adopt a signature")
    problem = initials_problem(full_name, initials)
    if problem:
        raise ValidationFailed({"initials" if "Initials" in problem else "full_name": problem})
    if style not in view.program.signature_styles:
        raise ValidationFailed({"style": f"Choose one of the styles: {', '.join(view.program.signature_styles)}."})
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        assert row is not None
        answers = packets.decrypt_answers(ctx, row.answers_json)
        answers[ADOPTED] = {"full_name": " ".join(full_name.split()), "initials": initials.strip().upper(), "style": style}
        row.answers_json = packets.encrypt_answers(ctx, view.program, answers)
        record(session, "signature adopted", now, actor=actor, packet_id=packet_id, detail=f"style {style}")
    return packets.load(ctx, actor, packet_id)


def _act(ctx: AppContext, actor: Actor, packet_id: int, document_id: str, shown_hash: str, kind: str) -> PacketView:
    view = packets.load(ctx, actor, packet_id)
    login: Login | None = None
    if kind == "countersign":
        if actor.role not in ("reviewer", "admin"):
            raise NotAllowed("Only a home-office reviewer can countersign.")
        if view.status != "sent":
            raise NotAllowed("Only a sent packet can be countersigned.")
    else:
        login = require_producer(ctx, actor, view, "sign or review documents")
        if view.read_only:
            raise NotAllowed("This packet has been sent and can no longer be changed.")
        if view.consent_version != view.program.consent_version:
            raise NotAllowed("Accept the electronic records consent (I Agree) before opening documents.")
    state = next((s for s in document_states(ctx, view) if s.spec.id == document_id), None)
    if state is None:
        raise NotAllowed("That document is not part of this packet.")
    if state.document.sha256 != shown_hash:
        raise PacketdeskError("The document changed since it was shown. Read it again before signing.")
    if kind == "sign" and not state.spec.needs_signature:
        raise NotAllowed("This document needs a review, not a signature.")
    if kind == "review" and state.spec.needs_signature:
        raise NotAllowed("This document needs a signature.")
    if state.spec.print_only:
        raise NotAllowed("This form is printed, completed on paper and mailed.")
    account = accounts.get(ctx, actor.account_id)
    signer, style = account.display_name, ""
    adopted = adopted_signature(view)
    if kind == "sign" and view.program.adopt_signature:
        if adopted is None:
            raise NotAllowed("Adopt your signature first.")
        signer, style = adopted["full_name"], adopted["style"]
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        session.add(
            Signature(
                packet_id=packet_id,
                document_id=document_id,
                kind=kind,
                account_id=actor.account_id,
                login_id=actor.login_id,
                signer_name=signer,
                doc_hash=shown_hash,
                consent_version=view.consent_version,
                auth_method=actor.auth_method,
                host=ctx.host,
                style=style,
                signed_at=now,
                attribution_warning=login.attribution_warning if login is not None else "",
            )
        )
        label = {"sign": "document signed", "review": "document reviewed", "countersign": "document countersigned"}[kind]
        record(session, label, now, actor=actor, packet_id=packet_id, detail=f"{state.spec.title} sha256 {shown_hash[:16]}")
        if login is not None:
            flag(session, ctx, actor, packet_id, login, f"{state.spec.title} {label.removeprefix('document ')}")
        if kind == "sign":
            followers.progressed(session, packet_id, "signed")
    return packets.load(ctx, actor, packet_id)


def sign(ctx: AppContext, actor: Actor, packet_id: int, document_id: str, shown_hash: str) -> PacketView:
    return _act(ctx, actor, packet_id, document_id, shown_hash, "sign")


def review(ctx: AppContext, actor: Actor, packet_id: int, document_id: str, shown_hash: str) -> PacketView:
    return _act(ctx, actor, packet_id, document_id, shown_hash, "review")


def countersign(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    if actor.role not in ("reviewer", "admin"):
        raise NotAllowed("Only a home-office reviewer can countersign.")
    view = packets.load(ctx, actor, packet_id)
    if view.status != "sent":
        raise NotAllowed("Only a sent packet can be countersigned.")
    for state in document_states(ctx, view):
        if state.spec.countersign:
            _act(ctx, actor, packet_id, state.spec.id, state.document.sha256, "countersign")
    view = packets.load(ctx, actor, packet_id)
    executed = [s for s in document_states(ctx, view) if s.spec.countersign]
    with writing(ctx.engine) as session:
        row = session.get(Packet, packet_id)
        assert row is not None
        packets.set_status(session, ctx, actor, row, "countersigned", "packet countersigned", "fully executed")
        certificate.store_documents(ctx, session, view, executed, "countersigned")
    return packets.load(ctx, actor, packet_id)
