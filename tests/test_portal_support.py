"""Report an issue: required details, the masked screenshot, the support outbox; portal masking rules."""

from __future__ import annotations

import pytest

from core.kernel.errors import ValidationFailed
from core.notify import outbox
from core.portal import support
from core.portal.masking import mask_pii
from core.portal.rules import mask_email, mask_mobile, username_problems
from tests.portal_helpers import sign_in_by_email

SCREEN = """ Packetdesk  Interview Questions
 SSN/TIN          512-34-1296   or 512 34 1296
 Routing          021000021     Account 123456789012
 Email            marisol.oneil@example.com
 Phone            (217) 555-0142 · 505-555-0117
 Already masked   •••••1296   xxxxxx0001   NPN 19284756   ZIP 62704-1234
"""


def test_masking_keeps_only_the_last_four_and_hides_email_names():
    masked = mask_pii(SCREEN)
    for secret in ("512-34-1296", "512 34 1296", "021000021", "123456789012", "marisol.oneil", "555-0142", "555-0117"):
        assert secret not in masked, secret
    assert "•••-••-1296" in masked and "•••••0021" in masked and "••••••••9012" in masked
    assert "•••@example.com" in masked and "•••-•••-0142" in masked and "•••-•••-0117" in masked
    # Already masked values, 8-digit NPNs and ZIP+4 are left as they are.
    assert "•••••1296" in masked and "xxxxxx0001" in masked and "19284756" in masked and "62704-1234" in masked


def test_seed_style_destinations():
    assert mask_email("devi.patel@example.com") == "xxxxxxatel@example.com"
    assert mask_email("name@email.com") == "xxx@email.com"
    assert mask_mobile("918-555-0001") == "xxxxxx0001"


def test_username_rules():
    assert username_problems("abc1234", 7, 30) == []
    assert username_problems("abc123", 7, 30) == ["Username must be at least 7 characters."]
    assert username_problems("abc_1234", 7, 30) == ["Username can contain letters and digits only (no spaces or symbols)."]
    assert username_problems("a" * 31, 7, 30) == ["Username can be at most 30 characters."]


def test_report_goes_to_support_with_the_screenshot_masked_in_core(demo_ctx):
    actor = sign_in_by_email(demo_ctx).actor
    values = support.prefill(demo_ctx, actor)
    assert values == {"when": "11/24/2026 14:00 UTC", "agent": "Devi Patel (dpatel2026)"}
    with pytest.raises(ValidationFailed) as refused:
        support.report_issue(demo_ctx, actor, {**values, "product": "Vision", "state": "ZZ"}, SCREEN, "Home")
    assert set(refused.value.problems) == {"description", "product", "state"}
    sent = support.report_issue(
        demo_ctx, actor, {**values, "description": "Quote page shows an error", "product": "ACA Dental", "state": "tx"},
        SCREEN, "Interview Questions",
    )
    message = outbox.latest(demo_ctx, to="ProducerExperiencePortal@bcbsil.com")
    assert message is not None and message.kind == "issue report"
    assert message.subject == f"Issue report {sent.reference}: ACA Dental, TX"
    assert "Product type: ACA Dental" in message.body and "Screen: Interview Questions" in message.body
    assert "512-34-1296" not in message.body and "•••-••-1296" in message.body


def test_anyone_can_report_without_signing_in(demo_ctx):
    values = {**support.prefill(demo_ctx, None), "description": "Cannot log in", "agent": "Jo, 123456789"}
    support.report_issue(demo_ctx, None, values, "Login screen", "Producer portal login")
    message = outbox.latest(demo_ctx, kind="issue report")
    # Nine digits typed anywhere in a report (an SSN without dashes looks the same) keep their last 4.
    assert message is not None and "Agent / Producer ID: Jo, •••••6789" in message.body
