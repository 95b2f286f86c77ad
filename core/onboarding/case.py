"""HCSC onboarding, the producer's side: PDB lookup, tabs saved as typed, completeness, consent, submit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from core.forms.fields import step_problems
from core.forms.identifiers import digits_only, format_ssn
from core.forms.names import name_keys
from core.forms.states import STATES
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.packets import packets, progress, saving, signing
from core.packets.models import Packet, Producer
from core.packets.packets import PacketView, decrypt_answers, encrypt_answers
from core.packets.pdb import PdbRecord, ProducerDatabase, prefill, producer_database
from core.packets.program import program

EDITABLE_STATUSES = ("invited", "in_progress", "more_info")


@dataclass(frozen=True)
class PdbSummary:
    """What the first screen shows after the lookup."""

    npn: str
    name: str
    resident_state: str
    birth_date: str


@dataclass(frozen=True)
class TabSaved:
    view: PacketView
    problems: dict[str, str]
    """What keeps the tab from being complete (saved anyway: Save keeps everything typed)."""
    resign: list[str]
    """Documents whose signature or review stopped counting because of this save."""


def record_for(view: PacketView, pdb: ProducerDatabase | None = None) -> PdbRecord | None:
    """The producer's PDB report, once looked up."""
    npn = view.answers.get("pdb", {}).get("npn")
    return (pdb or producer_database(view.program)).by_npn(npn) if npn else None


def unavailable(view: PacketView, on: date, pdb: ProducerDatabase | None = None) -> dict[str, str]:
    """The offered states that can't be chosen, each with the message the producer sees (Licenses tab)."""
    licenses = view.answers.get("licenses", {})
    available = licenses.get("available") or []
    record = record_for(view, pdb)
    phone = view.program.service_center.get("phone", "")
    out = {}
    for state in (s for s in licenses.get("offered") or [] if s not in available):
        reason = (record.health_problem(state, on) if record else None) or "no active license in the PDB"
        out[state] = (f"{STATES.name(state)}: {reason}, so it cannot be chosen. "
                      f"Questions: Producer Service Center, {phone}.")
    return out


def today(ctx: AppContext) -> date:
    return ctx.clock.now().date()


def _producer_only(actor: Actor, view: PacketView) -> None:
    if actor.role != "producer" or actor.on_behalf_of or view.producer_account_id != actor.account_id:
        raise NotAllowed("Only the producer, signed in as themselves, can change this application.")
    if view.status not in EDITABLE_STATUSES:
        raise NotAllowed(f"This application is in {view.status_label} and can no longer be changed.")


def lookup(
    ctx: AppContext, actor: Actor, packet_id: int, ssn: str, ssn_confirm: str, pdb: ProducerDatabase | None = None
) -> PdbSummary:
    """Find the producer in the PDB by SSN, typed twice (SSN and Confirm SSN, seed 001); a clear message
    at the field when the SSN is wrong, unconfirmed or unknown."""
    view = packets.load(ctx, actor, packet_id)
    _producer_only(actor, view)
    ssn_spec = view.program.field("pdb.ssn")
    found_problems = step_problems(view.program.step("pdb"), {"ssn": ssn, "ssn_confirm": ssn_confirm, "authorize": "true"})
    problems: dict[str, str] = {name: found_problems[name] for name in ("ssn", "ssn_confirm") if name in found_problems}
    if problems:
        raise ValidationFailed(problems)
    found = (pdb or producer_database(view.program)).by_ssn(ssn)
    if found is None:
        phone = view.program.service_center.get("phone", "")
        raise ValidationFailed({"ssn": f"No producer with that {ssn_spec.label} in the NIPR Producer Database. "
                                       f"Check the number, or call the Producer Service Center at {phone}."})
    return PdbSummary(found.npn, found.name, found.resident_state, found.birth_date)


def confirm_lookup(
    ctx: AppContext, actor: Actor, packet_id: int, ssn: str, ssn_confirm: str, authorize: str,
    pdb: ProducerDatabase | None = None,
) -> PacketView:
    """Submit on the first screen: the PDB report is authorized; the tabs are prefilled from it."""
    view = packets.load(ctx, actor, packet_id)
    _producer_only(actor, view)
    if view.answers.get("pdb", {}).get("npn"):
        raise NotAllowed("Your PDB report was already obtained for this case.")
    problems = step_problems(view.program.step("pdb"), {"ssn": ssn, "ssn_confirm": ssn_confirm, "authorize": authorize})
    if problems:
        raise ValidationFailed(problems)
    summary = lookup(ctx, actor, packet_id, ssn, ssn_confirm, pdb)
    found = (pdb or producer_database(view.program)).by_npn(summary.npn)
    assert found is not None
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = _locked(session, packet_id)
        prog = program(row.program)
        answers = decrypt_answers(ctx, row.answers_json)
        answers["pdb"] = {"ssn": format_ssn(ssn), "npn": found.npn, "name": found.name,
                          "resident_state": found.resident_state, "birth_date": found.birth_date, "authorize": "true"}
        prefill(prog, answers, found)
        offered = answers.get("licenses", {}).get("offered", [])
        # Health plans need an active Accident & Health line in the state (domain-rules.md): only those states are offered.
        answers.setdefault("licenses", {})["available"] = [s for s in offered if s in found.health_states(now.date())]
        # The W-9's TIN starts as the SSN just typed and confirmed; typing another one asks to confirm it again.
        answers.setdefault("esignature", {}).update(
            {"w9_tin_type": "SSN", "w9_tin": format_ssn(ssn), "w9_tin_confirm": format_ssn(ssn)})
        row.answers_json = encrypt_answers(ctx, prog, answers)
        row.status, row.current_step, row.version, row.updated_at = "in_progress", prog.tabs[0].id, row.version + 1, now
        _update_producer(ctx, session, row, found, ssn)
        record(session, "PDB report authorized", now, actor=actor, packet_id=packet_id, detail=f"NPN {found.npn}")
    return packets.load(ctx, actor, packet_id)


def _locked(session: Session, packet_id: int) -> Packet:
    row = session.exec(select(Packet).where(Packet.id == packet_id).with_for_update()).first()
    if row is None:
        raise NotAllowed("No such packet.")
    return row


def _update_producer(ctx: AppContext, session: Session, row: Packet, found: PdbRecord, ssn: str) -> None:
    """The producer's name, SSN and NPN are known from now on (the name signs the documents)."""
    producer = session.get(Producer, row.producer_id)
    account = session.get(Account, row.account_id)
    assert producer is not None and account is not None
    number = digits_only(ssn)
    producer.first_name, producer.middle_name, producer.last_name = found.first_name, found.middle_name, found.last_name
    producer.name_key, producer.name_alt = name_keys(found.first_name, found.last_name)
    producer.tin_kind, producer.tin_enc, producer.tin_last4 = "SSN", ctx.cipher.encrypt(number), number[-4:]
    producer.tin_index = ctx.cipher.blind_index(number)
    producer.birth_date_enc = ctx.cipher.encrypt(found.birth_date)
    producer.npn, producer.state = found.npn, found.resident_state
    account.display_name = " ".join(p for p in (found.first_name, found.last_name) if p)


def tab_problems(view: PacketView, on: date) -> dict[str, dict[str, str]]:
    """What keeps each tab from being complete, by tab id (empty dict: complete)."""
    return {s.id: p for s, p in ((s, progress.step_problems_all(view, on).get(s.id, {})) for s in view.program.tabs)}


completion = progress.completion


def _done_documents(ctx: AppContext, view: PacketView) -> set[str]:
    return {s.spec.title for s in signing.document_states(ctx, view) if s.done and not s.spec.print_only}


def save_tab(
    ctx: AppContext, actor: Actor, packet_id: int, step_id: str, values: dict[str, Any], expected_version: int
) -> TabSaved:
    """Save a tab as typed (Save keeps partial work) and say what is incomplete and what needs signing again."""
    before = packets.load(ctx, actor, packet_id)
    _producer_only(actor, before)
    if not before.program.step(step_id).tab:
        raise NotAllowed("That is not a tab of this application.")
    saved = saving.save(ctx, actor, packet_id, step_id, values, expected_version, complete=False)
    return TabSaved(saved.view, saved.problems, saved.resign)


missing = progress.missing
problem_summary = progress.problem_summary
Incomplete = progress.Incomplete


def give_consent(ctx: AppContext, actor: Actor, packet_id: int, code: str) -> PacketView:
    """Consent comes after every tab is complete, so the documents show final answers."""
    view = packets.load(ctx, actor, packet_id)
    _producer_only(actor, view)
    return signing.give_consent(ctx, actor, packet_id, code)


def submit(ctx: AppContext, actor: Actor, packet_id: int) -> PacketView:
    """Submit (or resubmit after a request for more information): status HCSC Review and a confirmation email."""
    view = packets.load(ctx, actor, packet_id)
    _producer_only(actor, view)
    if view.status not in view.program.submit.allowed_from:
        raise NotAllowed("Look up your PDB report and complete the tabs first.")
    return progress.submit(ctx, actor, packet_id)
