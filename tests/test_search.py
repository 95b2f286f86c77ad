"""One search box over packets: every key it understands, and paging without gaps or duplicates."""

import pytest

from core.desk import search
from core.identity import accounts
from core.kernel.errors import NotAllowed
from core.packets import invitations, packets
from tests.helpers.journey import log_in_first_time


@pytest.fixture
def rep(demo_ctx):
    return accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor


def keys(results):
    return [hit.key for hit in results.hits]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("nguyen", "José Nguyễn"), ("NGUYỄN José", "José Nguyễn"), ("jose ngu", "José Nguyễn"),
        ("oneil", "Marisol O'Neil"), ("O'Neil, Marisol", "Marisol O'Neil"), ("marisol o", "Marisol O'Neil"),
        ("李", "Wei 李"), ("wei", "Wei 李"), ("[bold]stone", "Harriet [bold]Stone"),
        ("whitfield-ruiz", "Dana Whitfield-Ruiz"), ("whitfield ruiz d", "Dana Whitfield-Ruiz"),
        # What a rep types while the caller spells: spacing, hyphens, apostrophes and tags never decide.
        ("o neil", "Marisol O'Neil"), ("O NEIL MARI", "Marisol O'Neil"), ("stone", "Harriet [bold]Stone"),
        ("harriet stone", "Harriet [bold]Stone"), ("whitfieldruiz", "Dana Whitfield-Ruiz"),
        ("whitfield - ruiz", "Dana Whitfield-Ruiz"), ("josé nguyen", "José Nguyễn"),
        # What the caller says of a name not written in Latin letters: 李 is "Li", surname first or last.
        ("li wei", "Wei 李"), ("wei li", "Wei 李"), ("LI", "Wei 李"),
    ],
)
def test_names_ignore_case_accents_and_punctuation(demo_ctx, rep, query, name):
    results = search.find(demo_ctx, rep, query)
    assert name in [hit.producer_name for hit in results.hits], results.understood


def invite(ctx, first, last, tin):
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    entry = invitations.RosterEntry(first_name=first, last_name=last, tin=tin, email=f"{tin[-4:]}@example.com",
                                    states=["IL"])
    return invitations.invite(ctx, admin, entry, "bcbs_recontracting")


def test_either_name_order_finds_both_spellings(demo_ctx, rep):
    wei_li = invite(demo_ctx, "Wei", "Li", "401-55-1001")
    li_wei = invite(demo_ctx, "Li", "Wei", "401-55-1002")
    for query in ("li wei", "wei li", "LI-WEI", "liwei"):
        assert {wei_li.packet_key, li_wei.packet_key} <= set(keys(search.find(demo_ctx, rep, query))), query


def test_a_long_pasted_string_or_markup_finds_nothing_and_breaks_nothing(demo_ctx, rep):
    assert search.find(demo_ctx, rep, "x" * 10_000).hits == []
    for nothing in ("[bold]", "[/] ' -"):  # a tag or punctuation alone is no name
        with pytest.raises(NotAllowed, match="two letters"):
            search.find(demo_ctx, rep, nothing)


def test_keys_follow_a_rename_and_the_migration_refills_old_keys(demo_ctx, rep):
    from sqlalchemy import text

    from core.kernel.db import migrate

    invite(demo_ctx, "Ann", "Smith-Jones", "401-55-1003")
    assert keys(search.find(demo_ctx, rep, "smithjones"))
    # A database from before: spaced keys, and the revision that refills them not applied yet.
    with demo_ctx.engine.begin() as connection:
        connection.execute(text("UPDATE producer SET name_key = 'smith jones ann', name_alt = 'ann smith jones' "
                                "WHERE last_name = 'Smith-Jones'"))
        connection.execute(text("UPDATE alembic_version SET version_num = '0006_search' "
                                "WHERE version_num = '0108_transliterated_name_keys'"))
    assert not keys(search.find(demo_ctx, rep, "smithjones"))
    migrate(demo_ctx.engine)
    assert keys(search.find(demo_ctx, rep, "smithjones")) and keys(search.find(demo_ctx, rep, "ann smith j"))
    # A rename (the roster, the producer's own profile) writes both keys again.
    from sqlmodel import select

    from core.kernel.db import writing
    from core.packets.models import Producer
    from core.packets.producers import set_identity

    with writing(demo_ctx.engine) as session:
        producer = session.exec(select(Producer).where(Producer.last_name == "Smith-Jones")).one()
        set_identity(demo_ctx, producer, last_name="O'Hara Lee")
    assert not keys(search.find(demo_ctx, rep, "smithjones"))
    assert keys(search.find(demo_ctx, rep, "oharalee ann")) and keys(search.find(demo_ctx, rep, "ann o hara"))


def test_the_migration_transliterates_the_keys_of_a_database_from_before(demo_ctx, rep):
    from sqlalchemy import text

    from core.kernel.db import migrate

    with demo_ctx.engine.begin() as connection:  # the keys as 0104 wrote them, before transliteration
        connection.execute(text("UPDATE producer SET name_key = '李wei', name_alt = 'wei李' WHERE first_name = 'Wei'"))
        connection.execute(text("UPDATE alembic_version SET version_num = '0104_search_keys' "
                                "WHERE version_num = '0108_transliterated_name_keys'"))
    assert "Wei 李" not in [hit.producer_name for hit in search.find(demo_ctx, rep, "li wei").hits]
    migrate(demo_ctx.engine)
    assert "Wei 李" in [hit.producer_name for hit in search.find(demo_ctx, rep, "li wei").hits]


def test_exact_keys(demo_ctx, rep):
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    assert keys(search.find(demo_ctx, rep, opened.packet_key.lower())) == [opened.packet_key]
    assert keys(search.find(demo_ctx, rep, "jose.nguyen@EXAMPLE.com")) == [opened.packet_key]
    assert keys(search.find(demo_ctx, rep, "(512) 555-0188")) == [opened.packet_key]
    assert keys(search.find(demo_ctx, rep, "20485521")) == [opened.packet_key]


def test_last4_with_a_name_or_birth_date(demo_ctx, rep):
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    assert keys(search.find(demo_ctx, rep, "8812 nguyen")) == [opened.packet_key]
    assert keys(search.find(demo_ctx, rep, "jose 8812")) == [opened.packet_key]
    assert keys(search.find(demo_ctx, rep, "8813 nguyen")) == []
    # Cigna agents give their SSN and birth date in the interview: the roster row follows.
    cigna, producer = log_in_first_time(demo_ctx, "CIGNA3-LEVELTHREE")
    view = packets.load(demo_ctx, producer.actor, cigna.packet_id)
    values = {"first_name": "Priya", "last_name": "Ramanathan", "ssn": "455-12-7788", "birth_date": "07-04-1975",
              "mobile_phone": "214-555-0111", "email": "priya.r@example.com", "npn": "99887766", "res_line1": "1 Elm",
              "res_city": "Dallas", "res_state": "TX", "res_zip": "75201", "res_county": "Dallas"}
    packets.save_step(demo_ctx, producer.actor, cigna.packet_id, "agent_information", values, view.version)
    assert keys(search.find(demo_ctx, rep, "7788 07/04/1975")) == [cigna.packet_key]
    assert keys(search.find(demo_ctx, rep, "7788 ram")) == [cigna.packet_key]
    assert keys(search.find(demo_ctx, rep, "7788 01/01/1975")) == []


def test_paging_forward_and_back_has_no_gaps_or_duplicates(demo_ctx, rep):
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    for n in range(45):
        entry = invitations.RosterEntry(first_name=f"Ann{n:02d}", last_name="Smithers", tin=f"4{n:02d}-55-{1000 + n}",
                                        email=f"ann{n}@example.com", states=["IL"])
        invitations.invite(demo_ctx, admin, entry, "bcbs_recontracting")
    pages, results = [], search.find(demo_ctx, rep, "smithers", limit=20)
    pages.append(keys(results))
    while results.has_next:
        results = search.find(demo_ctx, rep, "smithers", after=results.next_cursor, limit=20)
        pages.append(keys(results))
    seen = [key for page in pages for key in page]
    assert [len(page) for page in pages] == [20, 20, 5]
    assert len(seen) == len(set(seen)) == 45
    back = search.find(demo_ctx, rep, "smithers", before=results.previous_cursor, limit=20)
    assert keys(back) == pages[1] and back.has_previous
    back = search.find(demo_ctx, rep, "smithers", before=back.previous_cursor, limit=20)
    assert keys(back) == pages[0] and not back.has_previous


def test_only_staff_search_and_one_letter_is_too_little(demo_ctx, rep):
    opened, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    with pytest.raises(NotAllowed):
        search.find(demo_ctx, producer.actor, "oneil")
    with pytest.raises(NotAllowed, match="two letters"):
        search.find(demo_ctx, rep, "o")


def test_an_agency_is_found_by_its_own_name_and_shown_under_it(demo_ctx, rep):
    for query in ("rio grande", "Río Grande Benefits", "riogrande"):
        assert [h.producer_name for h in search.find(demo_ctx, rep, query).hits] == ["Río Grande Benefits Group, LLC"]
    by_principal = search.find(demo_ctx, rep, "okafor teresa").hits  # the principal who signs for it
    assert [h.producer_name for h in by_principal] == ["Teresa Okafor"] and by_principal[0].key.startswith("RC-")


def test_the_migration_names_the_agency_of_a_packet_from_before(tmp_path):
    from datetime import UTC, datetime

    from sqlalchemy import text
    from sqlmodel import Session

    from core.kernel.db import make_engine, migrate
    from core.packets.models import Producer
    from tests.helpers.migrations import schema_before

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    schema_before(engine, "0111_packet_entity_name")
    at = datetime(2026, 11, 20, tzinfo=UTC)
    with Session(engine) as session:  # the producer table is as it is now
        session.add(Producer(id=1, first_name="Teresa", last_name="Okafor", name_key="okaforteresa", tin_kind="EIN",
                             tin_enc="x", tin_last4="4321", tin_index="i", email="t@example.com", created_at=at))
        session.commit()
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO packet (key, program, entity_type, producer_id, status, version, current_step, answers_json, "
            "created_at, updated_at) VALUES ('RC-2611-00001', 'bcbs_recontracting', 'agency', 1, 'invited', 1, "
            "'interview', :answers, :at, :at)"),
            {"answers": '{"interview": {"agency_name": "Río Grande Benefits Group, LLC"}}', "at": at})
    migrate(engine)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT entity_name, entity_key FROM packet")).one()
    engine.dispose()
    assert tuple(row) == ("Río Grande Benefits Group, LLC", "riograndebenefitsgroupllc")
