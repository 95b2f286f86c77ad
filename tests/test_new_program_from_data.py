"""A new program is data, not Python: two made-up carriers, declared in a temporary folder, run end to end.

Northwind Mutual's recontracting packet (a wizard) and Borealis Life's onboarding (tabs) are written
here as TOML and text templates only, in a folder given to Packetdesk with PACKETDESK_DATA_DIRS.
Each is driven through the real screens with Pilot to signed documents saved as PDFs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Input

from core import demo
from core.identity import accounts
from core.identity.accounts import LoginOutcome
from core.kernel.context import AppContext
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor
from core.notify import outbox
from core.packets import accounts as account_access
from core.packets import invitations, packets, progress, review, saving, signing
from core.packets.invitations import RosterEntry
from core.packets.program import declared_programs, program, programs
from tests.helpers.journey import temporary_password
from tests.helpers.onboarding import staff
from tests.pilot_helpers import SIZE, app_for, on_kind, screen_text, type_text, wait_until
from tui.packet.decision import DecisionModal
from tui.packet.document import DocumentScreen
from tui.packet.review import ReviewScreen
from tui.packet.review_queue import ReviewQueueScreen
from tui.packet.tabs import TabsScreen

NORTHWIND = '''
id = "northwind_recontracting"
title = "Northwind Recontracting"
carrier = "Northwind Mutual Insurance Company"
source = "made up for the one-engine test"
key_prefix = "NW"
stages = ["Information", "Sign", "Send", "Print"]

[statuses]
invited = "Invited"
in_progress = "In Progress"
sent = "Sent to Northwind"
countersigned = "Fully Executed"

[password_policy]
min_length = 6

[login_policy]
max_failures = 4

[service_center]
name = "Northwind Desk"
phone = "555-201-0000"

[consent]
template = "documents/northwind/consent.txt"
version = "nw-1"

[emails.invitation]
subject = "Northwind recontracting"
body = "Dear {name}, packet {key} for {states}. Your code:\\n\\n    {code}\\n"

[emails.temporary_password]
subject = "Northwind temporary password"
body = "Dear {name}, your temporary password is:\\n\\n    {password}\\n\\nIt is valid {minutes} minutes.\\n"

[emails.submitted]
subject = "Northwind received your packet"
body = "Dear {name}, packet {key} was sent. Code to come back:\\n\\n    {code}\\n"

[[steps]]
id = "start"
title = "Before You Begin"
kind = "info"
text = "documents/northwind/start.txt"

[[steps]]
id = "details"
title = "Your Details"
kind = "form"

  [[steps.sections]]
  title = "You"

    [[steps.sections.fields]]
    name = "first_name"
    label = "First Name"
    readonly = true
    source = "profile.first_name"

    [[steps.sections.fields]]
    name = "last_name"
    label = "Last Name"
    readonly = true
    source = "profile.last_name"

    [[steps.sections.fields]]
    name = "email"
    label = "Email Address"
    type = "email"
    required = true
    source = "profile.email"

    [[steps.sections.fields]]
    name = "has_agency"
    label = "Do you contract through an agency?"
    type = "yesno"
    required = true

    [[steps.sections.fields]]
    name = "agency_name"
    label = "Agency Name"
    required = true
    shown_when = { field = "has_agency", equals = "Yes" }

[[steps]]
id = "sign"
title = "Review and Sign"
kind = "documents"

[[steps]]
id = "send"
title = "Send"
kind = "send"

[[steps]]
id = "print"
title = "Print"
kind = "print"

[[documents]]
id = "agreement"
title = "Northwind Producer Agreement"
template = "documents/northwind/agreement.txt"
countersign = true

[[documents]]
id = "agency_addendum"
title = "Northwind Agency Addendum"
template = "documents/northwind/agency.txt"
signature = "review"
when = { field = "details.has_agency", equals = "Yes" }
'''

BOREALIS = '''
id = "borealis_onboarding"
title = "Borealis Onboarding"
carrier = "Borealis Life Company"
source = "made up for the one-engine test"
key_prefix = "BL"
navigation = "tabs"
stages = ["Contracting", "Home Office Review"]
locked_statuses = ["home_office_review", "approved"]

[settings]
portal_name = "Borealis Desk"

[submit]
status = "home_office_review"
from = ["invited", "in_progress", "more_info"]
event = "application submitted"
detail = "status Home Office Review"

[statuses]
invited = "Invited"
in_progress = "In Progress"
home_office_review = "Home Office Review"
more_info = "More Needed"
approved = "Welcome Aboard"

[access]
kind = "account"
offered_states = ["OK", "TX"]
invitation_email = "account_invitation"
login_title = "Borealis Desk"
login_heading = "Log in to Borealis Desk"
invite_title = "Borealis invitation"
invite_heading = "Invite a producer to Borealis"

[review]
queue_status = "home_office_review"
explanation = "Approve welcomes the producer; asking for more needs a note."

[[review.decisions]]
id = "more_info"
label = "Ask for more"
status = "more_info"
event = "more requested"
email = "more_info"
from = ["home_office_review"]
note_label = "Needed"
done = "{key}: {label}."

[[review.decisions]]
id = "approve"
label = "Welcome"
note = false
status = "approved"
event = "producer welcomed"
email = "welcome"
from = ["home_office_review"]
done = "Welcomed {key}."

[password_policy]
min_length = 8
require_upper = false

[login_policy]
max_failures = 4

[service_center]
name = "Borealis Support"
phone = "555-202-0000"

[consent]
template = "documents/borealis/consent.txt"
version = "bl-1"

[emails.invitation]
subject = "Borealis onboarding"
body = "Dear {name}, case {key} for {states}. Your code:\\n\\n    {code}\\n"

[emails.temporary_password]
subject = "Borealis temporary password"
body = "Dear {name}, your temporary password is:\\n\\n    {password}\\n\\nIt is valid {minutes} minutes.\\n"

[emails.account_invitation]
subject = "Your Borealis account"
body = "Hello, case {key} for {states}. User ID: {user_id}. Temporary password:\\n\\n    {password}\\n"

[emails.more_info]
subject = "Borealis needs more"
body = "Dear {name}, for {key} we need: {note}\\n"

[emails.welcome]
subject = "Welcome to Borealis"
body = "Dear {name}, {key} is approved.\\n"

[emails.submitted]
subject = "Borealis received your application"
body = "Dear {name}, application {key} is with the home office.\\n"

[[steps]]
id = "contact"
title = "Contact"
kind = "form"
tab = true

  [[steps.sections]]
  title = "Contact"

    [[steps.sections.fields]]
    name = "phone"
    label = "Business Phone"
    type = "phone"
    required = true
    source = "profile.business_phone"

    [[steps.sections.fields]]
    name = "city"
    label = "City"
    required = true
    source = "profile.city"

[[steps]]
id = "coverage"
title = "E&O"
kind = "form"
tab = true

  [[steps.sections]]
  title = "Errors and omissions"

    [[steps.sections.fields]]
    name = "eo_amount"
    label = "Coverage Amount"
    type = "money"
    required = true
    rules = ["positive"]

[[steps]]
id = "esign"
title = "eSignature"
kind = "documents"
tab = true

  [[steps.sections]]
  title = "Attestation"

    [[steps.sections.fields]]
    name = "attest"
    label = "I attest that my answers are true"
    type = "checkbox"
    required = true

[[documents]]
id = "contract"
title = "Borealis Producer Contract"
template = "documents/borealis/contract.txt"
'''

TEXTS = {
    "documents/northwind/start.txt": "# Before You Begin\n\nNorthwind moves every producer to its new agreement.",
    "documents/northwind/consent.txt": "# Electronic records\n\nYou agree to receive and sign Northwind records electronically.",
    "documents/northwind/agreement.txt": (
        "# Northwind Producer Agreement\n\nPacket {{packet.key}} for {{details.first_name}} {{details.last_name}}, "
        "reachable at {{details.email}}.\n\n{{signature:producer}}\n\n{{signature:company}}"),
    "documents/northwind/agency.txt": "# Northwind Agency Addendum\n\nAgency: {{details.agency_name}}.",
    "documents/borealis/consent.txt": "# Electronic records\n\nYou agree to sign Borealis records electronically.",
    "documents/borealis/contract.txt": (
        "# Borealis Producer Contract\n\nCase {{packet.key}}. Business phone {{contact.phone}}, {{contact.city}}. "
        "E&O coverage {{coverage.eo_amount}}.\n\n{{signature:producer}}"),
}


@pytest.fixture
def carriers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The two declarations and their texts in a folder of their own, and nothing else."""
    root = tmp_path / "carriers"
    (root / "programs").mkdir(parents=True)
    (root / "programs" / "northwind_recontracting.toml").write_text(NORTHWIND, encoding="utf-8")
    (root / "programs" / "borealis_onboarding.toml").write_text(BOREALIS, encoding="utf-8")
    for relative, text in TEXTS.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_DATA_DIRS", str(root))
    declared_programs.cache_clear()
    yield root
    declared_programs.cache_clear()


def test_the_folder_holds_no_python(carriers: Path) -> None:
    assert not list(carriers.rglob("*.py"))
    assert {"northwind_recontracting", "borealis_onboarding"} <= set(programs())


def invite(ctx: AppContext, program_id: str, first: str, last: str) -> tuple[int, LoginOutcome]:
    """The roster's invitation (core), then the producer's first login with a temporary password (core)."""
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    entry = RosterEntry(first_name=first, last_name=last, tin="512-34-1296", email=f"{first.lower()}@example.com",
                        states=["TX"], business_phone="512-555-0188", city="Austin")
    invited = invitations.invite(ctx, admin, entry, program_id)
    prog = program(program_id)
    accounts.issue_temporary_password(ctx, invited.account_id, prog.login_policy, prog.emails["temporary_password"],
                                      invited.packet_id)
    outcome = accounts.login(ctx, invited.account_id, temporary_password(ctx, entry.email), prog.login_policy,
                             service_phone=prog.service_center["phone"], packet_id=invited.packet_id)
    accounts.change_password(ctx, outcome.actor, "Borealis#2026x", "Borealis#2026x", prog.password_policy)
    return invited.packet_id, outcome


def consent_code_of(program_id: str) -> str:
    """The code printed in the disclosure: the first four hex digits of its SHA-256, in capitals."""
    return hashlib.sha256(program(program_id).consent_text().encode("utf-8")).hexdigest()[:4].upper()


def pdf_text(folder: Path) -> dict[str, str]:
    return {p.name: "\n".join(page.extract_text() for page in PdfReader(p).pages) for p in sorted(folder.glob("*.pdf"))}


async def open_packet_screen(pilot, ctx: AppContext, actor: Actor, packet_id: int) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.pause()
    app.signed_in(actor)
    app.show_packet_step(packets.load(ctx, actor, packet_id))


async def test_a_made_up_wizard_program_runs_to_signed_pdfs(carriers: Path, sqlite_ctx: AppContext) -> None:
    packet_id, outcome = invite(sqlite_ctx, "northwind_recontracting", "Ada", "O'Neil")
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_packet_screen(pilot, sqlite_ctx, outcome.actor, packet_id)
        await wait_until(pilot, lambda: on_kind(app, "info") and "Northwind moves every producer" in screen_text(app))
        await pilot.press("enter")  # Start
        await wait_until(pilot, lambda: on_kind(app, "form") and isinstance(app.focused, Input))
        # The profile filled the email; the agency name shows only after Yes.
        assert app.focused.id == "f-email" and app.focused.value == "ada@example.com"  # type: ignore[union-attr]
        form = app.screen.body.form  # type: ignore[attr-defined]
        assert not form.rows["agency_name"].display
        await pilot.press("enter")
        await type_text(pilot, "y")
        await wait_until(pilot, lambda: form.rows["agency_name"].display)
        await pilot.press("enter")
        await type_text(pilot, "Tejas Partners")
        await pilot.press("enter")  # the last field saves and moves on
        await wait_until(pilot, lambda: on_kind(app, "documents") and app.screen.body.table.row_count == 2)  # type: ignore[attr-defined]
        await type_text(pilot, consent_code_of("northwind_recontracting"))
        await pilot.press("enter")  # I Agree opens the first document
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen) and app.screen.state.spec.id == "agreement")
        assert "Tejas" not in app.screen.state.document.text and "Ada O'Neil" in app.screen.state.document.text
        await pilot.press("f9")  # Click to Sign, then the addendum
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen) and app.screen.state.spec.id == "agency_addendum")
        assert "Tejas Partners" in app.screen.state.document.text
        await pilot.press("f9")  # Next (review only)
        await wait_until(pilot, lambda: on_kind(app, "documents") and app.focused is app.screen.query_one("#continue"))
        await pilot.press("enter")  # Continue
        await wait_until(pilot, lambda: on_kind(app, "send"))
        await pilot.press("enter")  # Send Now has the focus
        await wait_until(pilot, lambda: on_kind(app, "print") and app.screen.body.table.row_count >= 2)  # type: ignore[attr-defined]
        await pilot.press("f8")  # Save PDFs
        await wait_until(pilot, lambda: "Saved" in screen_text(app))

    view = packets.load(sqlite_ctx, outcome.actor, packet_id)
    assert view.status == "sent" and view.key.startswith("NW-")
    texts = pdf_text(sqlite_ctx.settings.documents_dir / view.key)
    agreement = texts["agreement.pdf"]
    assert "Northwind Producer Agreement" in agreement and "Ada O'Neil" in agreement
    assert "Electronically signed by Ada O'Neil" in " ".join(agreement.split())
    assert any("Tejas Partners" in t for t in texts.values())
    received = outbox.latest(sqlite_ctx, to="ada@example.com", kind="submitted")
    assert received is not None and received.subject == "Northwind received your packet"


async def test_a_made_up_tabbed_program_runs_to_signed_pdfs(carriers: Path, sqlite_ctx: AppContext) -> None:
    packet_id, outcome = invite(sqlite_ctx, "borealis_onboarding", "José", "Nguyễn")
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_packet_screen(pilot, sqlite_ctx, outcome.actor, packet_id)
        await wait_until(pilot, lambda: isinstance(app.screen, TabsScreen) and isinstance(app.focused, Input)
                         and "Complete 1 of 3 · still to do: E&O, eSignature" in screen_text(app))
        screen = app.screen
        assert isinstance(screen, TabsScreen)
        assert "Borealis Desk" in screen_text(app)
        # The profile filled the phone and the city from the roster.
        assert screen.bodies["contact"].values() == {"phone": "512-555-0188", "city": "Austin"}
        await pilot.press("f4")  # leaving saves the tab
        await wait_until(pilot, lambda: screen.active == "coverage" and isinstance(app.focused, Input))
        await type_text(pilot, "0")
        await pilot.press("f2")
        await wait_until(pilot, lambda: "must be greater than 0" in screen_text(app))
        app.focused.value = ""  # type: ignore[union-attr]
        await type_text(pilot, "1,000,000")
        await pilot.press("f4")
        await wait_until(pilot, lambda: screen.active == "esign")
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "f-attest")
        await pilot.press("space")
        await pilot.press("f2")
        await wait_until(pilot, lambda: "eSignature saved and complete" in screen_text(app))
        code = screen.query_one("#consent-code", Input)
        code.focus()
        await type_text(pilot, consent_code_of("borealis_onboarding"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen) and app.screen.state.spec.id == "contract")
        assert "1,000,000" in app.screen.state.document.text and "Austin" in app.screen.state.document.text
        await pilot.press("f9")
        await wait_until(pilot, lambda: app.screen is screen and "Press F9 to Submit" in screen_text(app))
        await pilot.press("f9")
        await wait_until(pilot, lambda: "Submit BL-" in screen_text(app))  # asked once: it cannot be undone
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, TabsScreen) and "Home Office Review" in screen_text(app))
        await pilot.press("f8")  # read-only now: F8 saves the documents as PDFs
        await wait_until(pilot, lambda: "Saved 1 PDF file" in screen_text(app) or "Saved" in screen_text(app))

    view = packets.load(sqlite_ctx, outcome.actor, packet_id)
    assert view.status == "home_office_review" and view.read_only
    texts = pdf_text(sqlite_ctx.settings.documents_dir / view.key)
    contract = " ".join(texts["contract.pdf"].split())
    assert "Borealis Producer Contract" in contract and "1,000,000" in contract
    assert "Electronically signed by José Nguyễn" in contract


def complete_and_submit(ctx: AppContext, producer: Actor, packet_id: int) -> None:
    """The producer's three tabs, consent and signature, through core (the Pilot journey above shows the screens)."""
    view = packets.load(ctx, producer, packet_id)
    answers = {"contact": {"phone": "512-555-0188", "city": "Austin"}, "coverage": {"eo_amount": "1,000,000"},
               "esign": {"attest": "true"}}
    for step_id, values in answers.items():
        view = saving.save(ctx, producer, packet_id, step_id, values, view.version, complete=False).view
    view = signing.give_consent(ctx, producer, packet_id, consent_code_of("borealis_onboarding"))
    for state in signing.document_states(ctx, view):
        signing.sign(ctx, producer, packet_id, state.spec.id, state.document.sha256)
    progress.submit(ctx, producer, packet_id)


async def test_a_made_up_tabbed_program_declares_account_access_and_a_home_office_review(
    carriers: Path, sqlite_ctx: AppContext
) -> None:
    """Borealis's [access] and [review] tables alone give it a recruiter's invitation with a User ID, the
    login without a domain, the reviewer's queue and its own two decisions."""
    ctx = sqlite_ctx
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    with pytest.raises(ValidationFailed) as refused:
        account_access.invite(ctx, admin, "borealis_onboarding", "mei@example.com", ["IL"])
    assert refused.value.problems["states"] == "Only these states can be offered: OK, TX."
    invited = account_access.invite(ctx, admin, "borealis_onboarding", "mei@example.com", ["TX"])
    mail = outbox.latest_for_recipient(ctx, to="mei@example.com", kind="invitation")
    assert mail is not None and mail.subject == "Your Borealis account" and f"User ID: {invited.user_id}" in mail.body
    found = re.search(r"^\s{4}(\S+)$", mail.body, re.MULTILINE)
    assert found is not None and invited.packet_key.startswith("BL-")
    outcome = account_access.login(ctx, "borealis_onboarding", invited.user_id, found.group(1))  # no domain declared
    assert outcome.must_change_password
    accounts.change_password(ctx, outcome.actor, "Borealis#2026x", "Borealis#2026x",
                             program("borealis_onboarding").password_policy)
    complete_and_submit(ctx, outcome.actor, invited.packet_id)

    reviewer = staff(ctx, "reviewer")
    app = app_for(ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.signed_in(reviewer)
        app.push_screen(ReviewQueueScreen())
        await wait_until(pilot, lambda: invited.packet_key in screen_text(app))
        assert "Home Office Review" in screen_text(app)  # the queue's title names Borealis's review status
        queue = app.screen
        assert isinstance(queue, ReviewQueueScreen)
        queue.table.move_cursor(row=[r.key for r in queue.rows].index(invited.packet_key))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, DecisionModal))
        assert "F5 Ask for more" in screen_text(app) and "F6 Welcome" in screen_text(app)
        assert "F7" not in screen_text(app)  # two decisions declared, two keys
        await type_text(pilot, "Send the E&O declarations page.")
        await pilot.press("f5")
        await wait_until(pilot, lambda: app.screen is queue and invited.packet_key not in screen_text(app))

    asked = outbox.latest_for_recipient(ctx, to="mei@example.com", kind="more info")
    assert asked is not None and "we need: Send the E&O declarations page." in asked.body
    case = account_access.my_cases(ctx, outcome.actor, "borealis_onboarding")[0]
    assert (case.status_label, case.note) == ("More Needed", "Send the E&O declarations page.")
    progress.submit(ctx, outcome.actor, invited.packet_id)  # resubmitted as it was
    assert review.decide(ctx, reviewer, invited.packet_id, "approve").number == ""  # Borealis issues no producer number
    assert packets.load(ctx, reviewer, invited.packet_id).status_label == "Welcome Aboard"
    welcome = outbox.latest_for_recipient(ctx, to="mei@example.com", kind="welcome")
    assert welcome is not None and welcome.subject == "Welcome to Borealis"


@pytest.fixture
def sqlite_ctx(tmp_path: Path) -> Iterator[AppContext]:
    """Demo data (the staff who invite) on SQLite, opened after the carriers' folder is in place."""
    context = AppContext.for_tests(tmp_path / "home")
    demo.seed(context)
    yield context
    context.engine.dispose()
