"""A packet's payment (core/payments/packet.py), run by a program's [payment] table: when a packet can be paid and
by whom, what is kept (a card's brand and last 4; a bank account's numbers encrypted), how its status reads, and
migration 0112 moving ifm_payment rows and "Bill by mail" over on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, select

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.enrollment.pricing import price
from core.forms import registry
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import migrate, reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, Event
from core.packets import packets, progress
from core.packets.models import Packet
from core.packets.packets import PacketView
from core.packets.program import PaymentRule, declared_programs, program
from core.payments import packet as payments
from core.payments.models import PacketPayment
from tests.helpers.applications import payment_status
from tests.helpers.ifm import family_answers
from tests.helpers.migrations import database_before, old_producer, upgrade_to

WHEN = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
FEE = Decimal("25.00")
registry.computation_named("tests.flat_fee")(lambda answers, today: FEE)
FEE_RULE = PaymentRule(amount="tests.flat_fee", after=("invited", "in_progress"), refused="Not now.", paid="Fee paid",
                       later="Fee billed", paid_event="fee paid", later_event="fee billed",
                       paid_notice="Paid: {confirmation}.", later_notice="Billed.")


def producer(ctx: AppContext) -> Actor:
    actor = demo_actor(ctx)
    assert actor is not None
    return actor


def staff(ctx: AppContext, role: str) -> Actor:
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.role == role)).first()
    assert account is not None and account.id is not None
    return Actor(account.id, role)


def submitted(ctx: AppContext, pay: str = "Pay Now") -> PacketView:
    actor = producer(ctx)
    view = enrollment.start(ctx, actor, answers=family_answers(ctx.clock.now().date(), pay=pay))
    assert progress.submit_outcome(ctx, actor, view.id, view.version).accepted
    return enrollment.load(ctx, actor, view.id)


def card(ctx: AppContext, **changes: str) -> dict[str, Any]:
    return {"payment_date": f"{ctx.clock.now():%m/%d/%Y}", "method": "New Card", "card_number": "4111111111111111",
            "expiry": "12/29", "name": "Jessica Tester", "terms": "true", **changes}


def bank(ctx: AppContext, **changes: str) -> dict[str, Any]:
    return {"payment_date": f"{ctx.clock.now():%m/%d/%Y}", "method": "New Bank Account", "routing": "111000025",
            "account": "4455667788", "account_again": "4455667788", "autopay": "true", "terms": "true", **changes}


def stored(ctx: AppContext) -> list[PacketPayment]:
    with reading(ctx.engine) as session:
        return list(session.exec(select(PacketPayment).order_by(PacketPayment.id)))  # type: ignore[arg-type]


def database_bytes(ctx: AppContext) -> bytes:
    """The SQLite file and its write-ahead log as they are on disk."""
    path = Path(ctx.settings.database_url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def test_a_submitted_application_reads_pending_then_successful_once_paid_for_its_premium(demo_ctx: AppContext) -> None:
    view = submitted(demo_ctx)
    actor = producer(demo_ctx)
    assert payment_status(view) == "Pending"
    assert payments.balance(view) == f"Current Balance ${price(view.answers, demo_ctx.clock.now().date()).total:,.2f}"
    notice = payments.pay(demo_ctx, actor, view, card(demo_ctx), True)
    [row] = stored(demo_ctx)
    assert notice == f"Payment submitted. Confirmation number {row.confirmation}."
    total = price(view.answers, demo_ctx.clock.now().date()).total
    assert (row.packet_id, row.status, row.amount_cents) == (view.id, "paid", int(total * 100))
    assert payment_status(enrollment.load(demo_ctx, actor, view.id)) == "Successful"
    with reading(demo_ctx.engine) as session:
        events = [e.kind for e in session.exec(select(Event).where(Event.packet_id == view.id))]
    assert events[-1] == "ifm payment"


def test_pay_later_reads_bill_by_mail_and_a_cancel_keeps_a_row_that_says_so(demo_ctx: AppContext) -> None:
    later = submitted(demo_ctx, pay="Pay Later")
    assert payment_status(later) == "Bill by mail" and stored(demo_ctx) == []
    view = submitted(demo_ctx)
    actor = producer(demo_ctx)
    notice = payments.bill_later(demo_ctx, actor, view)
    assert notice == "No payment taken: the client will be billed later. The application stands."
    assert [(r.packet_id, r.status, r.amount_cents, r.method) for r in stored(demo_ctx)] == [(view.id, "later", 0, "")]
    assert payment_status(enrollment.load(demo_ctx, actor, view.id)) == "Bill by mail"
    payments.pay(demo_ctx, actor, view, card(demo_ctx), True)  # paid after all: the newest row says so
    assert payment_status(enrollment.load(demo_ctx, actor, view.id)) == "Successful"


def test_a_packet_not_in_the_declared_statuses_cannot_be_paid(demo_ctx: AppContext) -> None:
    actor = producer(demo_ctx)
    view = enrollment.start(demo_ctx, actor, answers=family_answers(demo_ctx.clock.now().date()))
    assert view.status == "incomplete" and payment_status(view) == ""
    with pytest.raises(NotAllowed, match="Only a submitted application can be paid."):
        payments.pay(demo_ctx, actor, view, card(demo_ctx), True)
    with pytest.raises(NotAllowed, match="Only a submitted application can be paid."):
        payments.bill_later(demo_ctx, actor, view)
    assert stored(demo_ctx) == []


def test_the_agreement_and_every_problem_come_before_anything_is_charged(demo_ctx: AppContext) -> None:
    view = submitted(demo_ctx)
    actor = producer(demo_ctx)
    with pytest.raises(ValidationFailed) as problems:
        payments.pay(demo_ctx, actor, view, card(demo_ctx, card_number="4111111111111112"), False)
    assert {"agreement", "card_number"} <= set(problems.value.problems)
    assert stored(demo_ctx) == []


def test_someone_who_may_not_edit_the_application_cannot_pay_or_put_it_off(demo_ctx: AppContext) -> None:
    view = submitted(demo_ctx)
    with writing(demo_ctx.engine) as session:  # a delegate no producer gave anything
        stranger = Account(username="stranger", role="delegate", display_name="Stranger", email="s@example.com",
                           created_at=WHEN)
        session.add(stranger)
        session.flush()
        assert stranger.id is not None
        outsider = Actor(stranger.id, "delegate")
    for actor in (staff(demo_ctx, "rep"), staff(demo_ctx, "admin"), outsider):
        with pytest.raises(NotAllowed):
            payments.pay(demo_ctx, actor, view, card(demo_ctx), True)
        with pytest.raises(NotAllowed):
            payments.bill_later(demo_ctx, actor, view)
    assert stored(demo_ctx) == []
    helper = staff(demo_ctx, "delegate")  # the producer's delegate, given Illinois: edits the application, may pay
    assert payments.bill_later(demo_ctx, helper, view).startswith("No payment taken")
    assert [r.created_by for r in stored(demo_ctx)] == [helper.account_id]


@pytest.fixture
def fee_packet(demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> packets.PacketView:
    """A contracting packet whose program, for this test, declares a flat fee payable while it is filled in."""
    with reading(demo_ctx.engine) as session:
        row = session.exec(select(Packet).where(Packet.status == "invited", Packet.entity_type == "individual")
                           .order_by(Packet.id)).first()  # type: ignore[arg-type]
        assert row is not None and row.id is not None
        packet_id, program_id = row.id, row.program
    monkeypatch.setitem(declared_programs(), program_id, replace(program(program_id), payment=FEE_RULE))
    return packets.load(demo_ctx, staff(demo_ctx, "rep"), packet_id)


def test_any_program_declaring_a_payment_is_paid_and_only_by_who_may_edit_its_packet(
    demo_ctx: AppContext, fee_packet: packets.PacketView,
) -> None:
    reviewer = staff(demo_ctx, "reviewer")
    packets.load(demo_ctx, reviewer, fee_packet.id)  # a reviewer reads the packet...
    with pytest.raises(NotAllowed, match="Only someone who may change this packet can pay for it."):
        payments.pay(demo_ctx, reviewer, fee_packet, card(demo_ctx), True)  # ...but does not change it
    with pytest.raises(NotAllowed):
        payments.bill_later(demo_ctx, reviewer, fee_packet)
    assert stored(demo_ctx) == [] and payments.status(demo_ctx, fee_packet) == ""  # no choice declared: nothing yet

    rep = staff(demo_ctx, "rep")
    assert payments.balance(fee_packet) == "Current Balance $25.00"
    assert payments.summary(card(demo_ctx), fee_packet) == (
        f"Review Payment Details\nAmount $25.00 · Date {demo_ctx.clock.now():%m/%d/%Y} · Visa •••••1111")
    notice = payments.pay(demo_ctx, rep, fee_packet, card(demo_ctx), True)
    [row] = stored(demo_ctx)
    assert notice == f"Paid: {row.confirmation}." and row.amount_cents == 2500
    assert payments.status(demo_ctx, packets.load(demo_ctx, rep, fee_packet.id)) == "Fee paid"
    assert payments.bill_later(demo_ctx, rep, fee_packet) == "Billed."
    assert payments.status(demo_ctx, packets.load(demo_ctx, rep, fee_packet.id)) == "Fee billed"
    with reading(demo_ctx.engine) as session:
        kinds = [e.kind for e in session.exec(select(Event).where(Event.packet_id == fee_packet.id))]
    assert kinds[-2:] == ["fee paid", "fee billed"]


def test_a_program_without_a_payment_takes_none(demo_ctx: AppContext) -> None:
    rep = staff(demo_ctx, "rep")
    with reading(demo_ctx.engine) as session:
        row = session.exec(select(Packet).where(Packet.status == "invited")).first()
        assert row is not None and row.id is not None
    packet = packets.load(demo_ctx, rep, row.id)
    assert packet.program.payment is None and payments.status(demo_ctx, packet) == ""
    with pytest.raises(NotAllowed, match="takes no payment"):
        payments.pay(demo_ctx, rep, packet, card(demo_ctx), True)


def test_a_card_keeps_only_its_brand_and_last_four(sqlite_ctx: AppContext) -> None:
    view = submitted(sqlite_ctx)
    payments.pay(sqlite_ctx, producer(sqlite_ctx), view, card(sqlite_ctx), True)
    [row] = stored(sqlite_ctx)
    assert (row.method, row.brand, row.last4, row.routing_enc, row.account_enc, row.autopay) == \
        ("card", "Visa", "1111", None, None, False)
    assert "4111111111111111" not in repr(row.model_dump()) and b"4111111111111111" not in database_bytes(sqlite_ctx)


def test_a_bank_account_is_kept_encrypted_never_in_the_clear_in_the_database_file(sqlite_ctx: AppContext) -> None:
    view = submitted(sqlite_ctx)
    payments.pay(sqlite_ctx, producer(sqlite_ctx), view, bank(sqlite_ctx), True)
    [row] = stored(sqlite_ctx)
    assert (row.method, row.brand, row.last4, row.autopay) == ("bank", "Bank account", "7788", True)
    assert row.routing_enc is not None and row.account_enc is not None
    assert sqlite_ctx.cipher.decrypt(row.routing_enc) == "111000025"
    assert sqlite_ctx.cipher.decrypt(row.account_enc) == "4455667788"
    on_disk = database_bytes(sqlite_ctx)
    assert b"4455667788" not in on_disk and b"111000025" not in on_disk


# Migration 0112: ifm_payment rows and the payment_status an application kept move to packet_payment.


@pytest.fixture(params=["sqlite", "postgres"])
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database migrated up to just before 0112, on SQLite or in a PostgreSQL schema of its own."""
    with database_before(request, tmp_path, "0112_packet_payments") as engine:
        yield engine


def test_the_migration_moves_payments_and_bill_by_mail_to_the_packet(sqlite_ctx: AppContext, old_engine: Engine) -> None:
    engine = old_engine
    today = sqlite_ctx.clock.now().date()
    producer_id, account_id = old_producer(engine, WHEN)
    with Session(engine) as session:
        prog = program("ifm_enrollment")
        ids = []
        for number, choice in enumerate(("Pay Now", "Pay Now", "Pay Later", "Pay Now"), 1):
            answers = family_answers(today, last_name="Stone", pay=choice)
            answers["general"].update(producer_name="STONE, HARRIET")
            row = Packet(key=f"A-000{number}", program="ifm_enrollment", producer_id=producer_id, account_id=account_id,
                         status="submitted", current_step="sign", created_at=WHEN, updated_at=WHEN, submitted_at=WHEN,
                         answers_json=packets.encrypt_answers(sqlite_ctx, prog, answers))
            session.add(row)
            session.flush()
            ids.append(row.id)
        session.commit()
    # Paid; put off with Cancel after choosing Pay Now; Pay Later; not paid yet.
    statuses = ("Successful", "Bill by mail", "Bill by mail", "Pending")
    with engine.begin() as connection:
        for number, (packet_id, status) in enumerate(zip(ids, statuses, strict=True), 1):
            connection.execute(text(
                "INSERT INTO ifm_application (packet_id, record_number, client_app_id, created_by, payment_status) "
                "VALUES (:packet, :key, :client, :account, :status)"),
                {"packet": packet_id, "key": f"A-000{number}", "client": 1200 + number, "account": account_id,
                 "status": status})
        first = connection.execute(text("SELECT id FROM ifm_application WHERE packet_id = :p"), {"p": ids[0]}).scalar_one()
        connection.execute(text(
            "INSERT INTO ifm_payment (application_id, method, brand, last4, routing_enc, account_enc, amount_cents, "
            "payment_date, autopay, confirmation, status, created_by, created_at) VALUES (:app, 'bank', 'Bank account', "
            "'7788', 'r-sealed', 'a-sealed', 43982, :day, true, 'P000000042', 'Successful', :account, :at)"),
            {"app": first, "day": date(2026, 11, 20), "account": account_id, "at": WHEN})
    upgrade_to(engine, "0112_packet_payments")

    found = inspect(engine)
    assert not found.has_table("ifm_payment")
    assert "payment_status" not in {c["name"] for c in found.get_columns("ifm_application")}
    with Session(engine) as session:
        rows = session.exec(select(PacketPayment).order_by(PacketPayment.id)).all()  # type: ignore[arg-type]
    assert [(r.packet_id, r.status) for r in rows] == [(ids[0], "paid"), (ids[1], "later"), (ids[2], "later")]
    paid = rows[0]
    assert (paid.method, paid.brand, paid.last4, paid.routing_enc, paid.account_enc, paid.amount_cents, paid.autopay,
            paid.confirmation, paid.payment_date, paid.created_by) == \
        ("bank", "Bank account", "7788", "r-sealed", "a-sealed", 43982, True, "P000000042", date(2026, 11, 20), account_id)

    migrate(engine)  # the rest (0115: applications are records of their program)
    ctx = AppContext.create(sqlite_ctx.settings, clock=sqlite_ctx.clock, ids=sqlite_ctx.ids, fast_hash=True, host="t")
    ctx.engine.dispose()
    ctx.engine = engine
    actor = Actor(account_id=account_id or 0, role="producer")
    read = [payment_status(enrollment.load(ctx, actor, packet_id)) for packet_id in ids]
    assert read == list(statuses)  # each reads as it did before
