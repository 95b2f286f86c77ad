"""Demo portal people (made up): two producers with portal usernames, and one delegate working for both."""

from __future__ import annotations

from sqlmodel import select

from core.identity.models import Account, PasswordHistory
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.notify import outbox
from core.notify.outbox import Message
from core.packets.models import Producer
from core.portal.models import DelegateLink, PortalAccount

PRODUCERS = (
    # (roster email, portal username, password, mobile)
    ("harriet.stone@example.com", "hstone2026", "Portal#2026", "918-555-0170"),
    ("wei.li@example.com", "weili2026", "Portal#2026", "505-555-0190"),
)
DELEGATE = {"username": "dpatel2026", "email": "devi.patel@example.com", "first_name": "Devi",
            "last_name": "Patel", "mobile": "918-555-0001"}
DELEGATE_PASSWORD = "Delegate#2026"


def _set_password(ctx: AppContext, account_id: int, password: str) -> None:
    hashed = ctx.hasher.hash(password)
    with writing(ctx.engine) as session:
        account = session.get(Account, account_id)
        assert account is not None
        account.password_hash = hashed
        session.add(PasswordHistory(account_id=account_id, password_hash=hashed, created_at=ctx.clock.now()))


def _portal_producer(ctx: AppContext, email: str, username: str, mobile: str) -> tuple[int, int] | None:
    """A producer portal account for a demo roster producer: (account id, producer id)."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        producer = session.exec(select(Producer).where(Producer.email == email)).first()
        if producer is None or producer.id is None:
            return None
        account = Account(username=username, role="producer", display_name=f"{producer.first_name} {producer.last_name}",
                          email=email, mobile=mobile, producer_id=producer.id, created_at=now)
        session.add(account)
        session.flush()
        assert account.id is not None
        session.add(PortalAccount(account_id=account.id, kind="producer", email_verified_at=now, created_at=now))
        return account.id, producer.id


def seed(ctx: AppContext) -> None:
    """Add the portal demo people next to the roster's producers (called from core.demo.seed)."""
    with reading(ctx.engine) as session:
        if session.exec(select(PortalAccount.account_id)).first() is not None:
            return
    made = []
    for email, username, password, mobile in PRODUCERS:
        found = _portal_producer(ctx, email, username, mobile)
        if found is None:
            return
        _set_password(ctx, found[0], password)
        made.append(found)
    (stone_account, stone_producer), (li_account, li_producer) = made
    # Written directly rather than through add_delegate: the demo mailbox stays as the roster left it.
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        devi = Account(username=DELEGATE["username"], role="delegate", email=DELEGATE["email"],
                       display_name=f"{DELEGATE['first_name']} {DELEGATE['last_name']}", mobile=DELEGATE["mobile"],
                       created_at=now)
        session.add(devi)
        session.flush()
        assert devi.id is not None
        session.add(PortalAccount(account_id=devi.id, kind="delegate", email_verified_at=now,
                                  created_by=stone_account, created_at=now))
        for producer_account, producer_id, states in ((stone_account, stone_producer, "IL,TX"),
                                                      (li_account, li_producer, "NM")):
            session.add(DelegateLink(delegate_account_id=devi.id, producer_account_id=producer_account,
                                     producer_id=producer_id, states=states, created_at=now, changed_at=now))
        devi_id = devi.id
    _set_password(ctx, devi_id, DELEGATE_PASSWORD)


def demo_messages(ctx: AppContext, channel: str, limit: int = 100) -> list[Message]:
    """Emails or text messages as their recipients got them, newest first: demo databases only."""
    return outbox.demo_mailbox(ctx, channel=channel, limit=limit)
