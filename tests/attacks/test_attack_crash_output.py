"""Crash output: an IntegrityError that reaches the screen or a log must not carry names, emails or SSNs.

The attack: a duplicate insert crashed the app and the traceback printed the SQL parameters (the
producer's name and email), and PostgreSQL's DETAIL line quoted the duplicate value again.
"""

from __future__ import annotations

import logging
import traceback

import pytest
from sqlalchemy.exc import IntegrityError

from core.identity import accounts
from core.kernel.db import writing
from core.packets.models import Producer

EMAIL = "jane.doe.secret@example.com"
NAME = "Janeprivate Doeprivate"
SSN_LAST = "512341296"


def every_text(exc: BaseException) -> str:
    return "\n".join([str(exc), repr(exc), *traceback.format_exception(exc)])


def test_a_duplicate_username_crash_shows_no_pii(ctx, caplog):
    caplog.set_level(logging.DEBUG)
    with writing(ctx.engine) as session:
        accounts.create_account(ctx, session, username=EMAIL, role="producer", display_name=NAME, email=EMAIL)
    with pytest.raises(IntegrityError) as crashed:
        with writing(ctx.engine) as session:
            accounts.create_account(ctx, session, username=EMAIL, role="producer", display_name=NAME, email=EMAIL)
    shown = every_text(crashed.value) + caplog.text
    assert "IntegrityError" in shown or "UniqueViolation" in shown  # still says what went wrong
    for secret in (EMAIL, "Janeprivate", "Doeprivate"):
        assert secret not in shown


def test_a_not_null_crash_with_pii_in_other_columns_shows_none(ctx, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(IntegrityError) as crashed:
        with writing(ctx.engine) as session:
            session.add(Producer(first_name="Janeprivate", last_name="Doeprivate", name_key="doeprivate janeprivate",
                                 tin_enc=SSN_LAST, tin_last4="1296", tin_index="x", email=EMAIL,
                                 created_at=None))  # type: ignore[arg-type]
    shown = every_text(crashed.value) + caplog.text
    for secret in (EMAIL, "Janeprivate", SSN_LAST):
        assert secret not in shown
