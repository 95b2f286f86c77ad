"""The outbox keeps every message and, when SMTP is configured, sends it to a real server on loopback."""

import re

import pytest
from aiosmtpd.handlers import Message

from core.identity import accounts
from core.notify import outbox
from core.packets import invitations
from tests.helpers.serve import free_port
from tests.helpers.smtp import local_smtp, with_smtp


class Collector(Message):
    """Keeps what the SMTP server received."""

    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


@pytest.fixture
def smtp_server():
    handler = Collector()
    with local_smtp(handler) as controller:
        yield controller, handler


def test_temporary_password_email_goes_out_by_smtp(demo_ctx, smtp_server):
    controller, handler = smtp_server
    ctx = with_smtp(demo_ctx, controller.port)
    opened = invitations.open_code(ctx, "DEMOIL-ILLINOIS26")
    program = invitations.program(opened.program_id)
    accounts.issue_temporary_password(ctx, opened.account_id, program.login_policy, program.emails["temporary_password"])
    received = handler.received[-1]
    assert received["To"] == "marisol.oneil@example.com"
    assert received["Subject"] == "Contracting Information for Health Care Service Corporation"
    delivered = received.get_payload(decode=True).decode().replace("\r\n", "\n").strip()
    recipients_copy = outbox.latest_for_recipient(ctx, kind="temporary password")
    assert recipients_copy.sent_at is not None and recipients_copy.error == ""
    assert recipients_copy.body.strip() == delivered
    # The email carries the password (8 characters on its own indented line); what is stored shows it masked.
    password = re.search(r"^ {4}(\S{8})$", delivered, re.MULTILINE).group(1)
    stored = outbox.latest(ctx, kind="temporary password")
    assert password not in stored.body and "••••••••" in stored.body
    assert stored.body.split("••••••••")[0] == delivered.split(password)[0]


def test_an_unreachable_smtp_server_is_recorded_not_raised(demo_ctx):
    ctx = with_smtp(demo_ctx, free_port())
    opened = invitations.open_code(ctx, "DEMOIL-ILLINOIS26")
    program = invitations.program(opened.program_id)
    accounts.issue_temporary_password(ctx, opened.account_id, program.login_policy, program.emails["temporary_password"])
    stored = outbox.latest(ctx, kind="temporary password")
    assert stored.sent_at is None and "ConnectionRefusedError" in stored.error


def test_without_smtp_messages_stay_in_the_outbox(demo_ctx):
    assert outbox.deliver_pending(demo_ctx) == 0
    subjects = {m.subject for m in outbox.messages(demo_ctx)}
    assert "Action requested regarding contracting with Blue Cross and Blue Shield" in subjects
