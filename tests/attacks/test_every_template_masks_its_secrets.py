"""Every email and text template, run through the outbox: staff see its secrets masked, the recipient gets them.

The templates are found in the data files, not listed by hand, so a new one is checked the day it
is added. A placeholder that is neither a known public value nor a declared secret fails the test
until someone decides which it is.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.kernel.config import DATA_DIR
from core.kernel.context import AppContext
from core.kernel.db import writing
from core.notify import outbox

PUBLIC = {
    "name", "key", "states", "minutes", "hours", "days", "user_id", "username", "login_hint", "upline",
    "producer", "help_name", "help_phone", "when", "note", "number", "letter_date", "certify_date",
    "appointments", "deadline",
}
"""Placeholders staff may see: names, keys, durations, help-desk details, dates, a reviewer's note and the
producer number and appointment states of a welcome letter, a campaign's deadline."""


def templates() -> list[tuple[str, dict[str, str]]]:
    """(where, template) for every [emails.*] and [texts.*] message (subject and body) in every data file."""
    found = []
    for path in sorted(Path(DATA_DIR).rglob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for group in ("emails", "texts"):
            for name, template in data.get(group, {}).items():
                if isinstance(template, dict) and {"subject", "body"} <= set(template):
                    found.append((f"{path.relative_to(DATA_DIR)} {group}.{name}", template))
    return found


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


TEMPLATES = templates()


def test_the_data_files_hold_the_templates_the_services_queue():
    where = [w for w, _ in TEMPLATES]
    assert len(where) >= 20, where
    assert "programs/bcbs_recontracting.toml emails.invitation" in where
    assert "portal.toml texts.code" in where and "desk.toml emails.ready_for_signature" in where


def test_every_placeholder_is_either_public_or_a_declared_secret():
    unknown = {
        (where, field)
        for where, template in TEMPLATES
        for field in placeholders(template["subject"]) | placeholders(template["body"])
        if field not in PUBLIC and field not in outbox.SECRET_NAMES
    }
    assert unknown == set(), "classify each: add it to PUBLIC here, or to outbox.SECRET_NAMES"


@pytest.fixture(scope="module")
def plain_ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """One empty database for every template (the outbox does not depend on the database kind)."""
    context = AppContext.for_tests(tmp_path_factory.mktemp("templates"))
    yield context
    context.engine.dispose()


@pytest.mark.parametrize("where,template", TEMPLATES, ids=[w for w, _ in TEMPLATES])
def test_staff_never_see_a_template_secret_and_the_recipient_does(plain_ctx, where, template):
    ctx, to = plain_ctx, f"{where.replace(' ', '.').replace('/', '.')}@example.com"
    fields = placeholders(template["subject"]) | placeholders(template["body"])
    secrets = {f: f"S3CRET{i}{f.upper()}" for i, f in enumerate(sorted(fields & outbox.SECRET_NAMES))}
    values = {f: f"<{f}>" for f in fields - outbox.SECRET_NAMES}
    with writing(ctx.engine) as session:
        outbox.queue(ctx, session, kind="template check", to=to, template=template, values=values, secrets=secrets)
    [staff_copy] = outbox.messages(ctx, to=to)
    seen = staff_copy.subject + "\n" + staff_copy.body
    for secret in secrets.values():
        assert secret not in seen
    occurrences = sum(template["body"].count("{" + name + "}") for name in secrets)
    assert seen.count("••••••••") == occurrences
    for value in values.values():
        assert value in seen, "the rest of the message stays readable"
    recipient = outbox.latest_for_recipient(ctx, to=to)
    assert recipient is not None
    for secret in secrets.values():
        assert secret in recipient.body
    assert "••••" not in recipient.body


def test_a_secret_passed_as_a_value_is_refused(plain_ctx):
    template = {"subject": "Your code", "body": "Code: {code}"}
    with writing(plain_ctx.engine) as session:
        with pytest.raises(ValueError, match="secret"):
            outbox.queue(plain_ctx, session, kind="x", to="a@example.com", template=template, values={"code": "ABC"})
        with pytest.raises(ValueError, match="secret"):
            outbox.queue(plain_ctx, session, kind="x", to="a@example.com", template=template)
        with pytest.raises(ValueError, match="subject"):
            outbox.queue(plain_ctx, session, kind="x", to="a@example.com",
                         template={"subject": "Code {code}", "body": ""}, secrets={"code": "ABC"})
        with pytest.raises(ValueError, match="formatting"):
            outbox.queue(plain_ctx, session, kind="x", to="a@example.com",
                         template={"subject": "s", "body": "{code[0]}"}, secrets={"code": "ABC"})
        session.rollback()


def test_typed_text_cannot_forge_a_placeholder(plain_ctx):
    """A name typed with the outbox's private placeholder characters does not pull a secret in."""
    forged = "\ue000code\ue001"
    with writing(plain_ctx.engine) as session:
        outbox.queue(plain_ctx, session, kind="x", to="a@example.com",
                     template={"subject": "Hi {name}", "body": "Dear {name}: {code}"},
                     values={"name": forged}, secrets={"code": "K7QFM2XD9P"})
    recipient = outbox.latest_for_recipient(plain_ctx, to="a@example.com")
    assert recipient is not None and recipient.body.count("K7QFM2XD9P") == 1


def test_a_message_stored_before_secrets_were_kept_apart_shows_no_text_to_staff(plain_ctx):
    from core.notify.models import OutboxMessage

    with writing(plain_ctx.engine) as session:
        session.add(OutboxMessage(kind="temporary password", to_address="old@example.com", subject="Old",
                                  body_enc=plain_ctx.cipher.encrypt("Your password:\n    Xy7Kp2Qa"),
                                  secrets_enc=None, created_at=plain_ctx.clock.now()))
    [staff_copy] = outbox.messages(plain_ctx, to="old@example.com")
    assert "Xy7Kp2Qa" not in staff_copy.body and staff_copy.subject == "Old"
    recipient = outbox.latest_for_recipient(plain_ctx, to="old@example.com")
    assert recipient is not None and "Xy7Kp2Qa" in recipient.body


def test_no_screen_asks_for_the_recipients_copy():
    """Only the tester's script drivers stand in for a recipient; every screen reads masked text."""
    tui = Path(__file__).resolve().parents[2] / "tui"
    readers = sorted(str(p.relative_to(tui)) for p in tui.rglob("*.py")
                     if "latest_for_recipient" in p.read_text(encoding="utf-8") or "_recipient_body" in p.read_text(encoding="utf-8"))
    assert readers == ["script/inprocess.py", "script/pty_driver.py"]
