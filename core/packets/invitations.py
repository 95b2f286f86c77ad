"""Inviting a producer from roster data, and opening a packet with the invitation code."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from core.forms.fields import EMAIL
from core.forms.identifiers import digits_only, tin_problem
from core.forms.names import compact_key, name_keys
from core.forms.spec import FieldSpec
from core.forms.states import STATES
from core.identity.models import Account
from core.identity.permissions import require
from core.kernel.bulk import insert_rows, new_ids
from core.kernel.context import AppContext
from core.kernel.counters import next_number
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, Event, record
from core.notify import outbox
from core.notify.models import OutboxMessage
from core.packets import counts, followers, profile
from core.packets.models import Invitation, Packet, Producer
from core.packets.packets import decrypt_answers, encrypt_answers, pii_fields
from core.packets.producers import set_identity
from core.packets.program import INDIVIDUAL, Program, program

SELECTOR_LENGTH = 6
VERIFIER_LENGTH = 10


@dataclass
class RosterEntry:
    """What the carrier already knows about a producer it invites to recontract."""

    first_name: str
    last_name: str
    tin: str
    email: str
    states: list[str]
    tin_kind: str = "SSN"
    title: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    business_phone: str = ""
    business_ext: str = ""
    resident_phone: str = ""
    npn: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    entity_type: str = INDIVIDUAL
    """individual, or a variant the program declares (an agency: the principal is the person named above)."""
    agency_name: str = ""


@dataclass(frozen=True)
class Invited:
    packet_id: int
    packet_key: str
    account_id: int
    code: str


def name_key(first: str, last: str) -> str:
    """The "last first" search key (see core.forms.names)."""
    return name_keys(first, last)[0]


def split_code(code: str) -> tuple[str, str]:
    cleaned = code.strip().upper().replace(" ", "")
    selector, _, verifier = cleaned.partition("-")
    return selector, verifier


def new_code(
    ctx: AppContext, session: Session, packet_id: int, code: str | None = None, *, keep_earlier: bool = False
) -> str:
    """A new code for the packet; every earlier code of the packet stops working unless `keep_earlier`.

    The verifier is kept as a keyed hash (HMAC-SHA-256): a code is random, not chosen, so argon2's
    cost buys nothing and a campaign of 100,000 invitations must not spend hours hashing.
    """
    if code is None:
        # Selectors are short (typed from an email): with a campaign's worth of codes two can meet
        # (about 15% over 100,000), and the unique index would then crash the invitation.
        selector = ctx.ids.token(SELECTOR_LENGTH).upper()
        while session.exec(select(Invitation.id).where(Invitation.selector == selector)).first() is not None:
            selector = ctx.ids.token(SELECTOR_LENGTH).upper()
        code = f"{selector}-{ctx.ids.token(VERIFIER_LENGTH)}"
    code = code.upper()
    selector, verifier = split_code(code)
    now = ctx.clock.now()
    if not keep_earlier:
        revoke_codes(session, packet_id, now)
    session.add(Invitation(packet_id=packet_id, selector=selector, verifier_hash=ctx.tokens.digest(verifier), created_at=now))
    return code


def revoke_codes(session: Session, packet_id: int, now: datetime) -> int:
    """Stop every code of the packet that still works; returns how many."""
    result = session.execute(
        update(Invitation)
        .where(col(Invitation.packet_id) == packet_id, col(Invitation.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def entity_problems(prog: Program, entity_type: str, tin_kind: str, given: dict[str, str]) -> dict[str, str]:
    """What an invitation of this entity type lacks: a type the program declares, the identifier kind
    its variant takes ([roster] tin_kinds, e.g. an agency's EIN) and the values it requires (agency name).

    Args:
        given: the invitation's values by name (agency_name...).
    """
    if entity_type not in prog.entity_types:
        return {"entity_type": f"Entity type is one of: {', '.join(prog.entity_types)}."}
    declared = prog.variant(entity_type)
    problems = {}
    kinds = tuple(declared.roster.get("tin_kinds", ()))
    if kinds and tin_kind not in kinds:
        problems["tin_kind"] = f"An {declared.entity_label.lower()} is identified by its {' or '.join(kinds)}."
    for name in declared.roster.get("requires", ()):
        if not str(given.get(name) or "").strip():
            label = next((spec.label for step in declared.steps for spec in step.fields
                          if spec.source == f"invite.{name}"), name.replace("_", " "))
            problems[name] = f"{label} is required for an {declared.entity_label.lower()}."
    return problems


def _entity(declared: Program, entry: RosterEntry) -> dict[str, str]:
    """An agency's name on its packet, for the desk's search and lists (the producer is its principal)."""
    name = entry.agency_name.strip() if declared.entity_type != INDIVIDUAL else ""
    return {"entity_name": name, "entity_key": compact_key(name)}


def default_tin_kind(prog: Program, entity_type: str) -> str:
    """The identifier kind an invitation takes when it names none: its variant's first, else SSN."""
    if entity_type not in prog.entity_types:
        return "SSN"
    return (tuple(prog.variant(entity_type).roster.get("tin_kinds", ())) or ("SSN",))[0]


def _roster_problems(entry: RosterEntry, prog: Program) -> dict[str, str]:
    problems = entity_problems(program(prog.id), entry.entity_type, entry.tin_kind, {"agency_name": entry.agency_name})
    if not entry.first_name.strip() or not entry.last_name.strip():
        problems["name"] = "First and last name are required."
    if (prog.invite_requires_tin or entry.tin.strip()) and tin_problem(entry.tin, entry.tin_kind):
        problems["tin"] = tin_problem(entry.tin, entry.tin_kind) or ""
    if not EMAIL.match(entry.email.strip()):
        problems["email"] = "A valid email address is required."
    if not entry.states or any(s not in STATES for s in entry.states):
        problems["states"] = "At least one contracted state (two-letter code) is required."
    return problems


def packet_key(session: Session, prefix: str, when: datetime) -> str:
    """The next packet key, e.g. RC-2611-00042 (prefix-yymm-number), from one counter shared by every program."""
    number = next_number(session, "packet", lambda s: s.exec(select(func.count()).select_from(Packet)).one())
    return f"{prefix}-{when:%y%m}-{number:05d}"


def invite(
    ctx: AppContext, actor: Actor, entry: RosterEntry, program_id: str, *, code: str | None = None
) -> Invited:
    require(actor, "producer.invite")
    prog = program(program_id)
    problems = _roster_problems(entry, prog)
    if problems:
        raise ValidationFailed(problems)
    with writing(ctx.engine) as session:
        invited = create_invited(ctx, session, actor, entry, prog, code=code)
    outbox.deliver_pending(ctx)
    return invited


def create_invited(
    ctx: AppContext, session: Session, actor: Actor, entry: RosterEntry, prog: Any, *, code: str | None = None,
    values: dict[str, Any] | None = None, by_worker: bool = False,
) -> Invited:
    """Producer, account, packet, code and queued invitation email for a checked roster entry, inside
    the caller's transaction. Nothing is sent here.

    Args:
        values: more values the invitation email may show (a campaign's deadline).
        by_worker: the email waits for the outbox worker (a campaign's paced batches).
    """
    return create_invited_many(ctx, session, actor, [entry], prog, codes=[code] if code else None, values=values,
                               by_worker=by_worker)[0]


def create_invited_many(
    ctx: AppContext, session: Session, actor: Actor, entries: list[RosterEntry], prog: Any, *,
    codes: list[str] | None = None, values: dict[str, Any] | None = None, by_worker: bool = False,
) -> list[Invited]:
    """`create_invited` for many checked entries at once: ids reserved in one statement per table, rows
    inserted in one pass (executemany on SQLite, COPY on PostgreSQL), one counter update and one
    selector check for the whole batch (a campaign of 100,000 must not cost a round trip, or an
    object, per row and table)."""
    now = ctx.clock.now()
    empty = ctx.cipher.encrypt("")  # replaced by set_identity when there is a TIN
    # Each entry follows its program's variant for its entity type (an agency's documents and emails).
    declared = [program(prog.id).variant(entry.entity_type) for entry in entries]
    producers: list[Any] = []
    for producer_id, entry in zip(new_ids(session, Producer, len(entries)), entries, strict=True):
        producer = SimpleNamespace(
            **_PRODUCER_DEFAULTS, id=producer_id, first_name=entry.first_name.strip(),
            last_name=entry.last_name.strip(), tin_kind=entry.tin_kind, tin_enc=empty, email=entry.email.strip(),
            states=",".join(entry.states), created_at=now,
        )
        set_identity(
            ctx, producer, tin=digits_only(entry.tin), title=entry.title, address1=entry.address1,  # type: ignore[arg-type]
            address2=entry.address2, city=entry.city, state=entry.state, postal_code=entry.postal_code,
            business_phone=entry.business_phone, business_ext=entry.business_ext,
            resident_phone=entry.resident_phone, npn=entry.npn, birth_date=entry.extra.get("birth_date"),
        )
        producers.append(producer)
    insert_rows(session, Producer, [vars(p) for p in producers])
    account_ids = new_ids(session, Account, len(entries))
    account_rows = [
        {"id": account_id, "username": f"{p.email.lower()}#{p.id}", "role": "producer",
         "display_name": f"{p.first_name} {p.last_name}", "email": p.email, "producer_id": p.id, "created_at": now}
        for account_id, p in zip(account_ids, producers, strict=True)
    ]
    insert_rows(session, Account, account_rows)
    first = next_number(session, "packet", lambda s: s.exec(select(func.count()).select_from(Packet)).one(),
                        count=len(entries))
    variants = {own.entity_type: own for own in declared}
    fields = {kind: profile.profile_fields(own) for kind, own in variants.items()}
    pii = {kind: pii_fields(own) for kind, own in variants.items()}
    packet_ids = new_ids(session, Packet, len(entries))
    packet_rows = [
        {"id": packet_id, "key": f"{prog.key_prefix}-{now:%y%m}-{first + n:05d}", "program": prog.id,
         "producer_id": producer.id, "entity_type": own.entity_type, "account_id": account_id, "status": "invited",
         **_entity(own, entry),
         "current_step": own.steps[0].id,
         "answers_json": encrypt_answers(ctx, own, _prefill(ctx, own, producer, digits_only(entry.tin), entry,
                                                             fields=fields[own.entity_type]), pii=pii[own.entity_type]),
         "created_at": now, "updated_at": now}
        for n, (packet_id, producer, account_id, entry, own) in enumerate(
            zip(packet_ids, producers, account_ids, entries, declared, strict=True))
    ]
    insert_rows(session, Packet, packet_rows)
    # Rows inserted without the ORM pass no flush hook: the dashboard's counts move here, same transaction.
    counts.add(session.connection(), {(prog.id, "invited", counts.day_of(now)): len(packet_rows)})
    new_codes = [c.upper() for c in codes] if codes else _fresh_codes(ctx, session, len(entries))
    invitations, messages, events, invited = [], [], [], []
    for n, entry in enumerate(entries):
        packet_id, account_id, code = packet_ids[n], account_ids[n], new_codes[n]
        key, name = packet_rows[n]["key"], account_rows[n]["display_name"]
        selector, verifier = split_code(code)
        invitations.append({"packet_id": packet_id, "selector": selector, "verifier_hash": ctx.tokens.digest(verifier),
                            "created_at": now})
        messages.append(outbox.message_values(
            ctx, kind="invitation", to=account_rows[n]["email"], template=declared[n].emails["invitation"],
            values={**entry.extra, **(values or {}), "name": name, "key": key, "agency_name": entry.agency_name,
                    "states": ", ".join(STATES.name(s) for s in entry.states)},
            secrets={"code": code}, account_id=account_id, packet_id=packet_id, by_worker=by_worker,
        ))
        events.append({"packet_id": packet_id, "account_id": actor.account_id, "on_behalf_of": actor.on_behalf_of,
                       "login_id": actor.login_id, "kind": "producer invited", "detail": prog.title, "at": now})
        invited.append(Invited(packet_id, str(key), account_id, code))
    for model, rows in ((Invitation, invitations), (OutboxMessage, messages), (Event, events)):
        insert_rows(session, model, rows)
    return invited


_PRODUCER_DEFAULTS = {
    name: ("" if name not in ("npn", "birth_date_enc") else None)
    for name in Producer.model_fields if name not in ("id", "first_name", "last_name", "tin_kind", "tin_enc", "email",
                                                       "states", "created_at")
}
"""Every other producer column, as a new Producer has it (set_identity fills what the roster gives)."""


def _fresh_codes(ctx: AppContext, session: Session, count: int) -> list[str]:
    """New codes whose selectors no invitation uses (selectors are short, so over 100,000 two can meet)."""
    codes: dict[str, str] = {}
    while len(codes) < count:
        wanted = [ctx.ids.token(SELECTOR_LENGTH).upper() for _ in range(count - len(codes))]
        taken = set(session.exec(select(Invitation.selector).where(col(Invitation.selector).in_(wanted))).all())
        for selector in wanted:
            if selector not in taken and selector not in codes:
                codes[selector] = f"{selector}-{ctx.ids.token(VERIFIER_LENGTH)}"
    return list(codes.values())


def _prefill(
    ctx: AppContext, prog: Any, producer: Producer, tin: str, entry: RosterEntry, *,
    fields: list[tuple[str, str, FieldSpec]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Answers known before the producer starts: the producer's profile (profile.*) and the invitation (invite.*)."""
    answers = profile.prefill(prog, profile.values_of(ctx, producer, tin=tin), fields=fields)
    for step in prog.steps:
        for spec in step.fields:
            origin, _, attribute = spec.source.partition(".")
            if origin != "invite":
                continue
            known = {"states": entry.states, "agency_name": entry.agency_name}
            value = known[attribute] if attribute in known else entry.extra.get(attribute, "")
            if spec.type == "states" and not isinstance(value, list):
                value = [s for s in str(value).split(",") if s]
            answers.setdefault(step.id, {})[spec.name] = value
    return answers


@dataclass(frozen=True)
class OpenedPacket:
    packet_id: int
    packet_key: str
    account_id: int
    producer_name: str
    program_id: str


def open_code(ctx: AppContext, code: str) -> OpenedPacket:
    """The packet an invitation code opens; the same message for every way a code can be wrong."""
    refusal = NotAllowed("That invitation code is not valid. Check the invitation email, or call the service center.")
    selector, verifier = split_code(code)
    if not selector or not verifier:
        raise refusal
    with reading(ctx.engine) as session:
        invitation = session.exec(select(Invitation).where(Invitation.selector == selector)).first()
        if invitation is None or invitation.revoked_at is not None:
            ctx.tokens.verify(None, verifier)
            raise refusal
        if not ctx.tokens.verify(invitation.verifier_hash, verifier):
            raise refusal
        packet = session.get(Packet, invitation.packet_id)
        assert packet is not None and packet.account_id is not None
        if packet.status == "expired":
            # Only the code's holder gets here: tell them why it closed and whom to call.
            why = session.exec(select(Event.detail).where(Event.packet_id == packet.id, Event.kind == "packet expired")
                               .order_by(col(Event.id).desc())).first()
            raise NotAllowed(why or "This packet has closed. Call the service center.")
        account = session.get(Account, packet.account_id)
        assert account is not None
        opened = OpenedPacket(packet.id, packet.key, account.id, account.display_name, packet.program)  # type: ignore[arg-type]
        first_time = packet.status == "invited"
    if first_time:
        with writing(ctx.engine) as session:
            followers.progressed(session, opened.packet_id, "opened")
    return opened


def _known_answers(ctx: AppContext, packet: Packet) -> dict[str, str]:
    """Plain answers (upline, level...) that an invitation email template may mention."""
    answers = decrypt_answers(ctx, packet.answers_json)
    return {k: v for values in answers.values() for k, v in values.items() if isinstance(v, str) and k not in ("name", "key", "states", *outbox.SECRET_NAMES)}


def reinvite(ctx: AppContext, actor: Actor, packet_id: int) -> str:
    """Send a new invitation; every older code for the packet stops working."""
    require(actor, "packet.reinvite")
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        packet = session.get(Packet, packet_id)
        if packet is None:
            raise NotAllowed("No such packet.")
        account = session.get(Account, packet.account_id)
        assert account is not None
        code = new_code(ctx, session, packet_id)  # older codes stop working
        prog = program(packet.program).variant(packet.entity_type)
        producer = session.get(Producer, packet.producer_id)
        assert producer is not None
        email = prog.emails["invitation"]
        outbox.queue(ctx, session, kind="invitation", to=account.email, template=email,
                     values={**_known_answers(ctx, packet), "name": account.display_name, "key": packet.key,
                             "states": ", ".join(STATES.name(s) for s in producer.states.split(",") if s)},
                     secrets={"code": code}, account_id=account.id, packet_id=packet_id)
        record(session, "invitation resent", now, actor=actor, packet_id=packet_id, detail="older codes revoked")
    outbox.deliver_pending(ctx)
    return code
