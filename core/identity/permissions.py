"""The one permission table: may this actor do this action (on this packet)?

Every service asks `require(actor, action, facts)`; screens ask `may(...)` to decide what to offer.
A rule that needs to know whose packet it is reads the PacketFacts the caller gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.kernel.errors import NotAllowed
from core.kernel.events import Actor

STAFF = ("rep", "reviewer", "admin")


@dataclass(frozen=True)
class PacketFacts:
    """What a rule may need to know about the packet an action is on."""

    owner_account_id: int | None
    """The account of the producer the packet belongs to."""
    editable: bool = True
    """False once sent, or in a status the program locks."""
    delegate_allowed: bool = False
    """The actor is a delegate with access to this packet's producer and state (enrollment)."""


Rule = Callable[[Actor, PacketFacts | None], bool]


def anyone(_actor: Actor, _facts: PacketFacts | None) -> bool:
    return True


def owner(actor: Actor, facts: PacketFacts | None) -> bool:
    return facts is not None and facts.owner_account_id == actor.account_id


def owner_in_person(actor: Actor, facts: PacketFacts | None) -> bool:
    """The producer, signed in as themselves (never someone acting on their behalf): E-SIGN attribution."""
    return owner(actor, facts) and actor.on_behalf_of is None


def owner_editable(actor: Actor, facts: PacketFacts | None) -> bool:
    return owner(actor, facts) and facts is not None and facts.editable


def owner_in_person_editable(actor: Actor, facts: PacketFacts | None) -> bool:
    return owner_in_person(actor, facts) and facts is not None and facts.editable


def delegate_of_owner(_actor: Actor, facts: PacketFacts | None) -> bool:
    return facts is not None and facts.delegate_allowed


def delegate_editable(actor: Actor, facts: PacketFacts | None) -> bool:
    return delegate_of_owner(actor, facts) and facts is not None and facts.editable


def editable(_actor: Actor, facts: PacketFacts | None) -> bool:
    return facts is None or facts.editable


TABLE: dict[str, dict[str, Rule]] = {
    # a producer's packet
    "packet.read": {"producer": owner, "delegate": delegate_of_owner, "rep": anyone, "reviewer": anyone, "admin": anyone},
    "packet.edit": {"producer": owner_editable, "delegate": delegate_editable, "rep": editable, "admin": editable},
    "packet.upload": {"producer": owner_in_person_editable},
    "packet.consent": {"producer": owner_in_person_editable},
    "packet.sign": {"producer": owner_in_person_editable},
    "packet.send": {"producer": owner_in_person_editable},
    "packet.enroll": {"producer": owner_editable, "delegate": delegate_editable},
    # an application a producer or their delegate fills for a client (staff do not see clients' applications)
    "application.read": {"producer": owner, "delegate": delegate_of_owner},
    "application.edit": {"producer": owner_editable, "delegate": delegate_editable},
    "application.submit": {"producer": owner_editable, "delegate": delegate_editable},
    # the home office
    "packet.countersign": {"reviewer": anyone, "admin": anyone},
    "packet.review": {"reviewer": anyone, "admin": anyone},
    "packet.reveal_pii": {"reviewer": anyone, "admin": anyone},
    "packet.mark_processed": {"reviewer": anyone, "admin": anyone},
    # the service center
    "packet.unlock": {"rep": anyone, "admin": anyone},
    "packet.reinvite": {"rep": anyone, "admin": anyone},
    "packet.temporary_password": {"rep": anyone, "admin": anyone},
    "packet.ready_to_sign": {"rep": anyone, "admin": anyone},
    "packet.notes": {"rep": anyone, "reviewer": anyone, "admin": anyone},
    "packet.history": {"rep": anyone, "reviewer": anyone, "admin": anyone},
    "packet.outbox": {"rep": anyone, "reviewer": anyone, "admin": anyone},
    "producer.invite": {"rep": anyone, "admin": anyone},
    "recruit.invite": {"admin": anyone},
    "desk.search": {"rep": anyone, "reviewer": anyone, "admin": anyone},
    "desk.dashboard": {"rep": anyone, "reviewer": anyone, "admin": anyone},
    "desk.list": {"rep": anyone, "reviewer": anyone, "admin": anyone},
    "account.unlock": {"rep": anyone, "admin": anyone},
    "typing.reset": {"admin": anyone},
    "campaign.manage": {"admin": anyone},
    "campaign.watch": {"reviewer": anyone, "admin": anyone},
}

REFUSALS = {
    "packet.read": "This packet belongs to another producer.",
    "packet.edit": "This packet has been sent and can no longer be changed.",
    "application.read": "You do not work for that producer.",
    "application.edit": "A submitted application can't be changed.",
    "application.submit": "This application was already submitted.",
    "packet.upload": "Only the producer can upload files to this application.",
    "packet.consent": "Only the producer, signed in as themselves, can accept the electronic records consent.",
    "packet.sign": "Only the producer, signed in as themselves, can sign or review documents.",
    "packet.send": "Only the producer, signed in as themselves, can send the packet.",
    "packet.countersign": "Only a home-office reviewer can countersign.",
    "packet.review": "Only a home-office reviewer can decide on an application.",
    "packet.unlock": "Only a service-center rep or an admin can unlock an account.",
    "account.unlock": "Only a service-center rep or an admin can unlock an account.",
    "packet.reinvite": "Only an admin or a rep can resend invitations.",
    "packet.temporary_password": "Only a service-center rep or an admin can send a temporary password.",
    "producer.invite": "Only an admin or a rep can invite producers.",
    "recruit.invite": "Only an admin (the recruiter) can send onboarding invitations.",
    "typing.reset": "Only an admin can reset a typing profile.",
    "packet.mark_processed": "Only the home office marks a packet processed.",
}


def may(actor: Actor | None, action: str, facts: PacketFacts | None = None) -> bool:
    """Whether the actor may do the action (unknown actions are refused)."""
    if actor is None:
        return False
    rule = TABLE[action].get(actor.role)
    return rule is not None and rule(actor, facts)


def require(actor: Actor, action: str, facts: PacketFacts | None = None, message: str = "") -> None:
    if not may(actor, action, facts):
        raise NotAllowed(message or REFUSALS.get(action, "You are not allowed to do that."))


def is_staff(actor: Actor | None) -> bool:
    return actor is not None and actor.role in STAFF
