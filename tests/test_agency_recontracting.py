"""Agency recontracting (issue 14, seed 000 "An Agency and Producer Guide"): the agency's packet.

Seed 000: the invitation goes "to the producer or the agency principal", the interview shows the
information "we have on file for you or your agency", the identifier may be a federal tax ID number
(Employer Identification Number), and the consent names "the Agency Agreement". The demo agency
(data/demo/roster.json): Río Grande Benefits Group, LLC, EIN 27-4815162, principal Teresa Okafor,
President, contracted in NM, OK and TX.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from sqlmodel import col, select
from textual.widgets import Static

from core.campaigns import importing
from core.campaigns.roster import check_text
from core.desk import staff
from core.forms.fields import step_problems
from core.forms.spec import FieldSpec, Section, StepSpec
from core.identity import accounts
from core.kernel.db import reading
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor
from core.notify import outbox
from core.packets import invitations, packets, signing
from core.packets.invitations import RosterEntry
from core.packets.models import Packet, Signature
from core.packets.signing import consent_code
from tests.helpers.journey import PROGRAM, agree, log_in_first_time, temporary_password
from tests.pilot_helpers import (
    SIZE,
    app_for,
    on_kind,
    on_packet_step,
    screen_text,
    type_text,
    wait_until,
)
from tui.packet.change_password import ChangePasswordScreen
from tui.packet.document import DocumentScreen
from tui.packet.welcome import ProducerWelcomeScreen

AGENCY_CODE = "DEMOAG-AGENCY2026"
AGENCY = "Río Grande Benefits Group, LLC"
PRINCIPAL = "Teresa Okafor"
PRINCIPAL_EMAIL = "teresa.okafor@example.com"
EIN_DIGITS = "274815162"
INDIVIDUAL_CODE = "DEMONMOK-NMOK2026"
PROGRAM_FILE = Path(__file__).parent.parent / "data" / "programs" / "bcbs_recontracting.toml"


def admin(ctx) -> Actor:
    return accounts.staff_login(ctx, "admin", "Admin#2026").actor


def agency_entry(**changes) -> RosterEntry:
    values = dict(first_name="Lena", last_name="Brooks", tin="84-1234567", tin_kind="EIN", email="lena@example.com",
                  states=["IL", "OK"], title="Managing Partner", entity_type="agency",
                  agency_name="Brooks & O'Neil [bold]Agency")
    values.update(changes)
    return RosterEntry(**values)  # type: ignore[arg-type]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# --- core: the variant chosen from the entity type -----------------------------------------------


def test_the_agency_packet_follows_the_agency_declaration_and_an_individual_the_producer_one(demo_ctx):
    _opened, agency = log_in_first_time(demo_ctx, AGENCY_CODE)
    _opened_individual, individual = log_in_first_time(demo_ctx, INDIVIDUAL_CODE)
    agency_view = packets.load(demo_ctx, agency.actor, _opened.packet_id)
    individual_view = packets.load(demo_ctx, individual.actor, _opened_individual.packet_id)

    assert agency_view.entity_type == "agency" and individual_view.entity_type == "individual"
    # Seed 000: same states and addenda; the Agency Agreement in place of the Producer Agreement.
    assert [d.title for d in agency_view.program.documents_for(agency_view.answers)] == [
        "Agency Agreement", "OK Addendum", "NM Addendum"]
    assert [d.title for d in individual_view.program.documents_for(individual_view.answers)] == [
        "Producer Agreement", "OK Addendum", "NM Addendum"]
    interview = agency_view.answers["interview"]
    assert interview["agency_name"] == AGENCY
    assert interview["tin"] == EIN_DIGITS
    assert (interview["first_name"], interview["last_name"], interview["title"]) == ("Teresa", "Okafor", "President")
    assert interview["states"] == ["NM", "OK", "TX"]
    sections = [s.title for s in agency_view.program.step("interview").sections]
    assert sections[0] == "Agency Information" and "Individual Information" not in sections
    assert "for you or your agency" in agency_view.program.step("interview").sections[0].note
    assert agency_view.program.field("interview.tin").type == "ein"


def test_the_agency_consent_names_the_agency_agreement_and_only_its_own_code_agrees(demo_ctx):
    opened, outcome = log_in_first_time(demo_ctx, AGENCY_CODE)
    view = packets.load(demo_ctx, outcome.actor, opened.packet_id)
    view = packets.save_step(demo_ctx, outcome.actor, opened.packet_id, "interview", view.answers["interview"],
                             view.version)
    text = view.program.consent_text()
    assert "including but not limited to the Agency Agreement" in text
    assert "Producer Agreement" not in text
    assert "including but not limited to the Producer Agreement" in PROGRAM.consent_text()
    individual_code = consent_code(PROGRAM.consent_text())
    assert individual_code != consent_code(text)
    with pytest.raises(ValidationFailed):
        signing.give_consent(demo_ctx, outcome.actor, opened.packet_id, individual_code)
    view = agree(demo_ctx, outcome.actor, opened.packet_id)
    assert view.consent_version == "2026-11-01"


def test_the_invitation_goes_to_the_principal_and_names_the_agency(demo_ctx):
    invitation = outbox.latest_for_recipient(demo_ctx, to=PRINCIPAL_EMAIL, kind="invitation")
    assert invitation is not None
    # Seed 000's subject for every invitation; the body addresses the agency principal.
    assert invitation.subject == "Action requested regarding contracting with Blue Cross and Blue Shield"
    body = " ".join(invitation.body.split())
    assert f"Dear {PRINCIPAL}," in body
    assert f"As the agency principal of {AGENCY}" in body
    assert "one standard Agency Agreement" in body and "Producer Agreement" not in body
    assert "New Mexico, Oklahoma, Texas" in body


def test_an_agency_invitation_needs_its_ein_and_its_name(demo_ctx):
    actor = admin(demo_ctx)
    with pytest.raises(ValidationFailed) as refused:
        invitations.invite(demo_ctx, actor, agency_entry(tin="521-44-1234", tin_kind="SSN"), PROGRAM.id)
    assert refused.value.problems["tin_kind"] == "An agency is identified by its EIN."
    with pytest.raises(ValidationFailed) as refused:
        invitations.invite(demo_ctx, actor, agency_entry(tin="07-1234567"), PROGRAM.id)  # prefix 07 never issued
    assert refused.value.problems["tin"] == "That EIN prefix is never assigned by the IRS."
    with pytest.raises(ValidationFailed) as refused:
        invitations.invite(demo_ctx, actor, agency_entry(agency_name="  "), PROGRAM.id)
    assert refused.value.problems["agency_name"] == "Agency Name is required for an agency."
    with pytest.raises(ValidationFailed) as refused:
        invitations.invite(demo_ctx, actor, agency_entry(entity_type="partnership"), PROGRAM.id)
    assert "entity_type" in refused.value.problems

    invited = invitations.invite(demo_ctx, actor, agency_entry(), PROGRAM.id)
    with reading(demo_ctx.engine) as session:
        row = session.get(Packet, invited.packet_id)
        assert row is not None
        assert row.entity_type == "agency"
        assert EIN_DIGITS not in row.answers_json and "841234567" not in row.answers_json, "the EIN is encrypted"


def test_an_ein_field_takes_only_an_ein():
    step = StepSpec("s", "S", "form", sections=(Section("S", (FieldSpec("tin", "EIN", type="ein", pii=True),)),))
    assert step_problems(step, {"tin": "27-4815162"}) == {}
    assert step_problems(step, {"tin": "07-1234567"})["tin"] == "EIN: That EIN prefix is never assigned by the IRS."
    assert step_problems(step, {"tin": "27-48151"})["tin"] == "EIN: An EIN has 9 digits (XX-XXXXXXX)."


def test_the_staff_invite_makes_an_agency_packet_with_its_name_at_the_field(demo_ctx):
    actor = admin(demo_ctx)
    typed = {"first_name": "Lena", "last_name": "Brooks", "tin": "84-1234567", "tin_kind": "EIN",
             "email": "lena@example.com", "title": "Owner", "entity_type": "Agency", "agency_name": "",
             "states": "IL, OK"}
    with pytest.raises(ValidationFailed) as refused:
        staff.invite_producer(demo_ctx, actor, typed)
    assert refused.value.problems["agency_name"] == "Agency name is required."
    with pytest.raises(ValidationFailed) as refused:
        staff.invite_producer(demo_ctx, actor, {**typed, "agency_name": "Brooks Agency", "tin_kind": "SSN",
                                                "tin": "521-44-1234"})
    assert refused.value.problems["tin_kind"] == "An agency is identified by its EIN."
    invited = staff.invite_producer(demo_ctx, actor, {**typed, "agency_name": "Brooks Agency"})
    view = packets.load(demo_ctx, actor, invited.packet_id)
    assert view.entity_type == "agency" and view.answers["interview"]["agency_name"] == "Brooks Agency"
    assert view.program.documents_for(view.answers)[0].id == "agency_agreement"
    individual = staff.invite_producer(demo_ctx, actor, {**typed, "entity_type": "Individual", "tin_kind": "SSN",
                                                         "tin": "521-44-1234", "email": "kim@example.com",
                                                         "agency_name": "typed, then Individual chosen"})
    view = packets.load(demo_ctx, actor, individual.packet_id)
    assert view.entity_type == "individual"
    assert view.program.documents_for(view.answers)[0].id == "producer_agreement"


ROSTER = """first_name,last_name,tin,tin_kind,email,states,agency,entity_type
Lena,Brooks,84-1234567,,lena@example.com,"IL,OK",Brooks Agency,agency
Omar,Haddad,84-7654321,,omar@example.com,TX,,agency
Ines,Vidal,521-44-1234,SSN,ines@example.com,TX,Vidal Group,agency
Ugo,Rossi,521-44-1235,,ugo@example.com,TX,Brooks Agency,
Ada,Moss,84-1111111,,ada@example.com,TX,Moss Co,firm
"""


def test_the_roster_entity_type_column_is_checked_and_an_agency_row_takes_its_ein_and_name():
    checked = check_text(ROSTER, PROGRAM)
    assert [(r.line, r.entry.entity_type, r.entry.tin_kind, r.entry.agency_name) for r in checked.good] == [
        (2, "agency", "EIN", "Brooks Agency"), (5, "individual", "SSN", "")]
    reasons = {b.line: b.reasons for b in checked.bad}
    assert reasons[3] == ("an agency row needs the agency's name in the agency column",)
    assert reasons[4] == ("An agency is identified by its EIN (tin_kind SSN)",)
    assert reasons[6] == ("entity_type must be one of individual, agency, not 'firm'",)


def test_a_campaign_import_creates_the_agency_packet(demo_ctx):
    actor = admin(demo_ctx)
    report = importing.import_roster(demo_ctx, actor, PROGRAM.id, date(2027, 3, 31), io.StringIO(ROSTER),
                                     good_rows_only=True)
    assert report.created == 2
    with reading(demo_ctx.engine) as session:
        rows = session.exec(select(Packet).order_by(col(Packet.id).desc()).limit(2)).all()
    by_entity = {row.entity_type: row for row in rows}
    assert set(by_entity) == {"agency", "individual"}
    view = packets.load(demo_ctx, actor, by_entity["agency"].id)  # type: ignore[arg-type]
    assert view.answers["interview"]["agency_name"] == "Brooks Agency"
    assert [d.id for d in view.program.documents_for(view.answers)] == ["agency_agreement", "ok_addendum"]


def test_only_the_principal_signs_the_agency_agreement(demo_ctx):
    opened, outcome = log_in_first_time(demo_ctx, AGENCY_CODE)
    view = packets.load(demo_ctx, outcome.actor, opened.packet_id)
    packets.save_step(demo_ctx, outcome.actor, opened.packet_id, "interview", view.answers["interview"], view.version)
    view = agree(demo_ctx, outcome.actor, opened.packet_id)
    agreement = next(s for s in signing.document_states(demo_ctx, view) if s.spec.id == "agency_agreement")
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    with pytest.raises(NotAllowed):
        signing.sign(demo_ctx, rep, opened.packet_id, "agency_agreement", agreement.document.sha256)
    signing.sign(demo_ctx, outcome.actor, opened.packet_id, "agency_agreement", agreement.document.sha256)
    with reading(demo_ctx.engine) as session:
        signature = session.exec(select(Signature).where(Signature.packet_id == opened.packet_id)).one()
    assert (signature.document_id, signature.signer_name) == ("agency_agreement", PRINCIPAL)


# --- the principal's journey through the real screens --------------------------------------------


async def test_the_principal_goes_from_invitation_to_signed_agency_agreement_pdfs(sqlite_ctx):
    ctx = sqlite_ctx
    app = app_for(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, AGENCY_CODE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen) and app.screen.opened)
        await pilot.press("f3")  # Get My Password
        await wait_until(pilot, lambda: outbox.latest_for_recipient(ctx, to=PRINCIPAL_EMAIL,
                                                                    kind="temporary password") is not None)
        await type_text(pilot, temporary_password(ctx, PRINCIPAL_EMAIL))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordScreen))
        for _ in range(2):
            await type_text(pilot, "Agency26x")
            await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "getting_started"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "interview"))

        await wait_until(pilot, lambda: "agency_name" in app.screen.body.form.rows)  # the form is drawn
        # At 80x24 the form scrolls to the first field to type: the section heads are read from the widgets.
        shown = " ".join(" ".join(str(w.content).split()) for w in app.screen.query(Static))
        assert "Agency Information" in shown and "information we have on file for you or your agency" in shown
        text = screen_text(app)
        form = app.screen.body.form
        assert str(form.rows["agency_name"].shown_value.content) == AGENCY
        assert str(form.rows["tin"].shown_value.content) == "•••••5162"
        assert "Federal Tax ID (EIN)" in text
        for clear in (EIN_DIGITS, "27-4815162"):
            assert clear not in text
        for name in ("agency_name", "tin", "first_name", "last_name"):
            assert not app.screen.query(f"#f-{name}"), f"{name} must not be editable"
        app.screen.set_focus(form.inputs[0])
        for _ in range(len(form.inputs)):
            await pilot.press("enter")  # Enter walks the fields and saves on the last one
        await wait_until(pilot, lambda: on_packet_step(app, "review_sign"))
        await wait_until(pilot, lambda: app.screen.body.table.row_count == 3)
        table = app.screen.body.table
        assert [str(table.get_row_at(i)[0]) for i in range(3)] == ["Agency Agreement", "OK Addendum", "NM Addendum"]
        assert "including but not limited to the Agency Agreement" in app.screen.body.consent_text
        await type_text(pilot, consent_code(app.screen.body.consent_text))
        await pilot.press("enter")
        for document_id in ("agency_agreement", "ok_addendum", "nm_addendum"):
            await wait_until(
                pilot, lambda d=document_id: isinstance(app.screen, DocumentScreen) and app.screen.state.spec.id == d
            )
            await pilot.press("f9")  # Click to Sign on the agreement, Next on the addenda
        await wait_until(pilot, lambda: on_kind(app, "documents") and app.focused is app.screen.query_one("#continue"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "send_request"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_packet_step(app, "print_packet"))
        packet_id = app.opened.packet_id
        key = app.opened.packet_key

        reviewer = accounts.staff_login(ctx, "reviewer", "Review#2026")
        signing.countersign(ctx, reviewer.actor, packet_id)
        await pilot.press("f8")  # Print Packet: save every document as a PDF
        await wait_until(pilot, lambda: "Saved 3 PDF files" in str(app.screen.query_one("#saved-to", Static).content))
        congratulations = outbox.latest_for_recipient(ctx, to=PRINCIPAL_EMAIL, kind="congratulations")
        assert congratulations is not None and "your Agency Agreement is fully executed" in " ".join(
            congratulations.body.split())

    folder = ctx.settings.documents_dir / key
    names = sorted(p.name for p in folder.iterdir())
    assert "agency_agreement.pdf" in names and "producer_agreement.pdf" not in names
    text = pdf_text((folder / "agency_agreement.pdf").read_bytes())
    flat = " ".join(text.split())
    assert flat.startswith("Agency Agreement")
    assert AGENCY in flat
    assert "(EIN): •••••5162" in flat
    assert "27-4815162" not in flat and EIN_DIGITS not in flat
    assert f"by its agency principal {PRINCIPAL}, President" in flat
    assert f"Electronically signed by {PRINCIPAL}" in flat and "Electronically signed by Rita Reviewer" in flat
    assert key in flat
    pages = len(pypdf.PdfReader(io.BytesIO((folder / "agency_agreement.pdf").read_bytes())).pages)
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    # The addenda form part of the agreement the agency signs, so they name it (not the Producer Agreement).
    for state, pdf in (("New Mexico", "nm_addendum.pdf"), ("Oklahoma", "ok_addendum.pdf")):
        addendum = " ".join(pdf_text((folder / pdf).read_bytes()).split())
        assert f"{state} Addendum to the Agency Agreement" in addendum
        assert f"for {AGENCY}" in addendum
        assert "Producer Agreement" not in addendum


def test_a_variant_naming_what_its_program_lacks_is_refused_at_load(tmp_path):
    from core.packets.program import load_program

    base = (PROGRAM_FILE).read_text(encoding="utf-8")
    for wrong, message in (
        ('[[variants.agency.steps]]\nid = "interviews"\n', "replaces steps the program lacks: interviews"),
        ('[[variants.agency.documents]]\nid = "x"\ntitle = "X"\ntemplate = "t.txt"\nreplaces = "producer_agreements"\n',
         "replaces producer_agreements"),
    ):
        path = tmp_path / "program.toml"
        path.write_text(base + "\n" + wrong, encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            load_program(path)
    path.write_text(base.replace('same = "Phone Number Information"', 'same = "Phones"'), encoding="utf-8")
    with pytest.raises(ValueError, match="no section 'Phones'"):
        load_program(path)


async def test_an_admin_invites_an_agency_from_the_invite_form(sqlite_ctx):
    from tui.desk.home import StaffHomeScreen
    from tui.desk.invite import InviteScreen
    from tui.desk.login import StaffLoginScreen

    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffLoginScreen))
        await pilot.press(*"admin", "enter", *"Admin#2026", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen) and app.screen.page is not None)
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, InviteScreen))
        screen = app.screen
        assert isinstance(screen, InviteScreen)
        assert not screen.form.rows["agency_name"].display, "an individual has no agency name"
        # The principal's name, the agency's EIN, then Entity: "a" chooses Agency and Agency name appears.
        for answer in ("Lena", "O'Neil", "84-1234567", "\b\b\bEIN", "lena@example.com", "President"):
            await pilot.press(*("backspace" if c == "\b" else c for c in answer), "enter")
        await pilot.press("ctrl+u", "a", "enter")
        await wait_until(pilot, lambda: screen.form.rows["agency_name"].display)
        await pilot.press(*"[bold]Brooks", "enter")
        screen.form.inputs[-1].focus()
        await pilot.press(*"IL, OK", "enter")
        await wait_until(pilot, lambda: screen.invited is not None)
        invited = screen.invited
    admin_actor = accounts.staff_login(sqlite_ctx, "admin", "Admin#2026").actor
    view = packets.load(sqlite_ctx, admin_actor, invited)
    assert view.entity_type == "agency"
    assert view.answers["interview"]["agency_name"] == "[bold]Brooks"
    assert (view.answers["interview"]["first_name"], view.answers["interview"]["last_name"]) == ("Lena", "O'Neil")
    invitation = outbox.latest_for_recipient(sqlite_ctx, to="lena@example.com", kind="invitation")
    assert invitation is not None and "As the agency principal of [bold]Brooks" in " ".join(invitation.body.split())
