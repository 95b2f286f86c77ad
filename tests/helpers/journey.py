"""Core-level steps of the recontracting journey, shared by tests (not a test themselves)."""

from __future__ import annotations

import hashlib
import re

from core.identity import accounts
from core.identity.accounts import LoginOutcome
from core.kernel.context import AppContext
from core.notify import outbox
from core.packets import invitations, packets, signing
from core.packets.invitations import OpenedPacket
from core.packets.program import program

PROGRAM = program("bcbs_recontracting")
NEW_PASSWORD = "Secret1x"


def temporary_password(ctx: AppContext, email: str) -> str:
    message = outbox.latest_for_recipient(ctx, to=email, kind="temporary password")
    assert message is not None, "no temporary password in the outbox"
    match = re.search(r"^\s{4}(\S{8})$", message.body, re.MULTILINE)
    assert match, message.subject
    return match.group(1)


def log_in_first_time(ctx: AppContext, code: str) -> tuple[OpenedPacket, LoginOutcome]:
    opened = invitations.open_code(ctx, code)
    account = accounts.get(ctx, opened.account_id)
    accounts.issue_temporary_password(
        ctx, opened.account_id, PROGRAM.login_policy, PROGRAM.emails["temporary_password"], opened.packet_id
    )
    outcome = accounts.login(
        ctx, opened.account_id, temporary_password(ctx, account.email), PROGRAM.login_policy,
        service_phone="855-782-4272", packet_id=opened.packet_id,
    )
    accounts.change_password(ctx, outcome.actor, NEW_PASSWORD, NEW_PASSWORD, PROGRAM.password_policy)
    return opened, outcome


def consent_code_for(ctx: AppContext, actor: object, packet_id: int) -> str:
    """The code the disclosure prints: the first 4 hex digits of its text's SHA-256, in capitals."""
    text = packets.load(ctx, actor, packet_id).program.consent_text()  # type: ignore[arg-type]
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:4].upper()


def agree(ctx: AppContext, actor: object, packet_id: int) -> packets.PacketView:
    """I Agree with the right confirmation code."""
    return signing.give_consent(ctx, actor, packet_id, consent_code_for(ctx, actor, packet_id))  # type: ignore[arg-type]


def sign_everything(ctx: AppContext, outcome: LoginOutcome, packet_id: int) -> packets.PacketView:
    view = packets.load(ctx, outcome.actor, packet_id)
    view = packets.save_step(ctx, outcome.actor, packet_id, "interview", view.answers["interview"], view.version)
    view = agree(ctx, outcome.actor, packet_id)
    for state in signing.document_states(ctx, view):
        act = signing.sign if state.spec.needs_signature else signing.review
        act(ctx, outcome.actor, packet_id, state.spec.id, state.document.sha256)
    return packets.load(ctx, outcome.actor, packet_id)
