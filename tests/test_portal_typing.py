"""Keyboard typing pattern: enrollment, the same rhythm accepted, a different one refused, bursts refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.identity import accounts
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.portal import helpdesk, typing_pattern
from core.portal import login as portal_login
from core.portal.login import SignedIn
from core.portal.policy import policy
from core.portal.typing_pattern import Sample
from tests.portal_helpers import SENTENCE, Typist, burst_sample, pending, sign_in_by_email

TYPING = policy().typing


def enrolled(ctx, typist: Typist):
    """Devi signs in by email (her first login), then types the sentence three times."""
    signed = sign_in_by_email(ctx)
    assert signed.needs_typing_enrollment
    typing_pattern.enroll(ctx, signed.actor, [typist.sample() for _ in range(TYPING.enroll_samples)])
    return signed


def test_enrollment_needs_three_clean_samples_of_the_sentence(demo_ctx):
    signed = sign_in_by_email(demo_ctx)
    devi = Typist(11)
    with pytest.raises(ValidationFailed) as short:
        typing_pattern.enroll(demo_ctx, signed.actor, [devi.sample(), devi.sample()])
    assert "3 times" in short.value.problems["samples"]
    with pytest.raises(ValidationFailed) as wrong:
        typing_pattern.enroll(demo_ctx, signed.actor, [devi.sample(), devi.sample(), Sample(SENTENCE[:-1] + "X", devi.sample().times)])
    assert "Sample 3" in wrong.value.problems["samples"]
    with pytest.raises(ValidationFailed) as batched:
        typing_pattern.enroll(demo_ctx, signed.actor, [devi.sample(), burst_sample(), devi.sample()])
    assert "bursts" in batched.value.problems["samples"]
    assert not typing_pattern.is_enrolled(demo_ctx, signed.actor.account_id)
    typing_pattern.enroll(demo_ctx, signed.actor, [devi.sample() for _ in range(3)])
    assert typing_pattern.is_enrolled(demo_ctx, signed.actor.account_id)
    assert pending(demo_ctx).typing_enrolled


def test_the_same_rhythm_is_accepted_as_verification(demo_ctx):
    devi = Typist(11)
    enrolled(demo_ctx, devi)
    for _ in range(5):
        signed = portal_login.verify_typing(demo_ctx, pending(demo_ctx), devi.sample())
        assert isinstance(signed, SignedIn) and signed.actor.auth_method == "password + typing pattern"
        assert not signed.needs_typing_enrollment


@pytest.mark.parametrize("impostor", [Typist(12, speed=0.34), Typist(13, rhythm=0.6), Typist(14, speed=0.09)],
                         ids=["twice-as-slow", "uneven-rhythm", "twice-as-fast"])
def test_a_clearly_different_rhythm_is_refused_and_tries_run_out(demo_ctx, impostor):
    enrolled(demo_ctx, Typist(11))
    step = pending(demo_ctx)
    for _ in range(TYPING.max_attempts):
        with pytest.raises(LoginFailed, match="does not match"):
            portal_login.verify_typing(demo_ctx, step, impostor.sample())
    with pytest.raises(LoginFailed, match="Verify with a code instead"):
        portal_login.verify_typing(demo_ctx, step, Typist(11).sample())
    portal_login.send_code(demo_ctx, step, "email")  # a code is always still on offer


def test_batched_keys_say_nothing_and_are_refused(demo_ctx):
    enrolled(demo_ctx, Typist(11))
    with pytest.raises(LoginFailed, match="bursts"):
        portal_login.verify_typing(demo_ctx, pending(demo_ctx), burst_sample())


def test_typing_needs_an_enrolled_profile_and_a_password_first(demo_ctx):
    step = pending(demo_ctx)
    with pytest.raises(NotAllowed, match="No typing pattern"):
        portal_login.verify_typing(demo_ctx, step, Typist(11).sample())


def test_an_admin_resets_a_typing_profile_on_a_help_desk_ticket(demo_ctx):
    """Permission "typing.reset": the help desk (a rep) takes the ticket, an admin resets the pattern."""
    signed = enrolled(demo_ctx, Typist(11))
    with pytest.raises(NotAllowed):
        typing_pattern.reset(demo_ctx, signed.actor, signed.actor.account_id, "lost my rhythm")
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    with pytest.raises(NotAllowed, match="Only an admin"):
        typing_pattern.reset(demo_ctx, rep, signed.actor.account_id, "caller verified")
    assert pending(demo_ctx).typing_enrolled
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    with pytest.raises(ValidationFailed):
        typing_pattern.reset(demo_ctx, admin, signed.actor.account_id, " ")
    typing_pattern.reset(demo_ctx, admin, signed.actor.account_id, "caller verified, new keyboard")
    assert not pending(demo_ctx).typing_enrolled


def test_the_reset_form_names_a_portal_user_and_a_reason(demo_ctx):
    enrolled(demo_ctx, Typist(11))
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    with pytest.raises(ValidationFailed) as refused:
        helpdesk.reset_typing(demo_ctx, admin, {"username": "rep", "reason": ""})  # staff, not a portal user
    assert refused.value.problems == {"username": helpdesk.UNKNOWN, "reason": "Reason is required."}
    assert pending(demo_ctx).typing_enrolled
    done = helpdesk.reset_typing(demo_ctx, admin, {"username": "DPATEL2026", "reason": "ticket 4471"})
    assert done.username == "dpatel2026"
    assert not pending(demo_ctx).typing_enrolled


def test_remember_device_works_after_typing_too(demo_ctx):
    devi = Typist(11)
    enrolled(demo_ctx, devi)
    signed = portal_login.verify_typing(demo_ctx, pending(demo_ctx), devi.sample(), remember=True)
    assert signed.device_token
    assert isinstance(portal_login.log_in(demo_ctx, "dpatel2026", "Delegate#2026", signed.device_token), SignedIn)


def recorded() -> dict[str, list[Sample]]:
    """Key arrival times recorded through a real pty (see the file's "source")."""
    data = json.loads((Path(__file__).parent / "data" / "portal_typing_recorded.json").read_text(encoding="utf-8"))
    found: dict[str, list[Sample]] = {}
    for sample in data["samples"]:
        found.setdefault(sample["who"], []).append(Sample(data["sentence"], tuple(sample["times"])))
    return found


def test_recorded_terminal_timings_accept_the_typist_and_refuse_the_others(demo_ctx):
    samples = recorded()
    assert samples["genuine"][0].text == SENTENCE
    typing_pattern.enroll(demo_ctx, sign_in_by_email(demo_ctx).actor, samples["genuine"][:3])
    for sample in samples["genuine"][3:]:
        assert isinstance(portal_login.verify_typing(demo_ctx, pending(demo_ctx), sample), SignedIn)
    for who, words in (("slow", "does not match"), ("uneven", "does not match"), ("fast", "does not match"),
                       ("pasted", "bursts")):
        with pytest.raises(LoginFailed, match=words):
            portal_login.verify_typing(demo_ctx, pending(demo_ctx), samples[who][0])
