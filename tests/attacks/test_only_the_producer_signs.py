"""Attack: anyone but the producer, in an open login of their own, consents, adopts, signs, reviews or sends.

Tried with every kind of impostor the services can be handed: staff as themselves, a rep acting
for the producer (desk.for_producer, as the desk's pages do), a delegate, another producer, the
producer's account with someone else's login or none, a producer acting for someone else, and a
producer whose session has ended. BCBS, Cigna and HCSC; SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from core.desk import assist as desk
from core.identity import accounts, sessions
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.onboarding import case as onboarding
from core.onboarding.demo import complete_and_sign
from core.packets import packets, progress, signing
from core.packets.packets import PacketView
from tests.helpers import onboarding as hcsc
from tests.helpers.journey import consent_code_for, log_in_first_time, sign_everything
from tests.portal_helpers import sign_in_by_email
from tests.test_cigna import interview


def impostors(ctx, producer: Actor, view: PacketView) -> dict[str, Actor]:
    rep = accounts.staff_login(ctx, "rep", "RepDesk#2026").actor
    _, other = log_in_first_time(ctx, "DEMOALL-FIVESTATES")
    return {
        "rep": rep,
        "rep acting for the producer": desk.for_producer(rep, view),
        "reviewer": accounts.staff_login(ctx, "reviewer", "Review#2026").actor,
        "admin": accounts.staff_login(ctx, "admin", "Admin#2026").actor,
        "delegate": sign_in_by_email(ctx).actor,
        "another producer": other.actor,
        "another producer acting for this one": replace(other.actor, on_behalf_of=producer.account_id),
        "the producer's account with the rep's login": replace(producer, login_id=rep.login_id),
        "the producer's account without a login": replace(producer, login_id=None, auth_method="password"),
        "the producer acting for someone else": replace(producer, on_behalf_of=other.actor.account_id),
        "the producer's account and role claimed by a rep": Actor(producer.account_id, "producer",
                                                                   rep.login_id, None, "password"),
    }


def refused_for_all(ctx, producer: Actor, view: PacketView, attempt: Callable[[Actor], object]) -> None:
    for who, actor in impostors(ctx, producer, view).items():
        with pytest.raises(NotAllowed):
            attempt(actor)
            pytest.fail(f"{who} was let through")


def test_bcbs_consent_sign_review_and_send(demo_ctx):
    opened, outcome = log_in_first_time(demo_ctx, "DEMONMOK-NMOK2026")
    producer, pid = outcome.actor, opened.packet_id
    view = packets.load(demo_ctx, producer, pid)
    view = packets.save_step(demo_ctx, producer, pid, "interview", view.answers["interview"], view.version)
    code = consent_code_for(demo_ctx, producer, pid)
    refused_for_all(demo_ctx, producer, view, lambda a: signing.give_consent(demo_ctx, a, pid, code))

    view = signing.give_consent(demo_ctx, producer, pid, code)
    states = signing.document_states(demo_ctx, view)
    signed = next(s for s in states if s.spec.needs_signature)
    reviewed = next(s for s in states if not s.spec.needs_signature)
    refused_for_all(demo_ctx, producer, view,
                    lambda a: signing.sign(demo_ctx, a, pid, signed.spec.id, signed.document.sha256))
    refused_for_all(demo_ctx, producer, view,
                    lambda a: signing.review(demo_ctx, a, pid, reviewed.spec.id, reviewed.document.sha256))

    view = sign_everything(demo_ctx, outcome, pid)
    refused_for_all(demo_ctx, producer, view, lambda a: progress.submit(demo_ctx, a, pid))
    assert packets.load(demo_ctx, producer, pid).status != "sent"
    assert progress.submit(demo_ctx, producer, pid).status == "sent", "the producer, as themselves, can"


def test_cigna_adopt_and_sign(demo_ctx):
    opened, outcome, view = interview(demo_ctx, "CIGNA5-LEVELFIVE")
    producer, pid = outcome.actor, opened.packet_id
    view = signing.give_consent(demo_ctx, producer, pid, consent_code_for(demo_ctx, producer, pid))
    refused_for_all(demo_ctx, producer, view,
                    lambda a: signing.adopt_signature(demo_ctx, a, pid, "Dana Whitfield-Ruiz", "DWR", "formal"))
    signing.adopt_signature(demo_ctx, producer, pid, "Dana Whitfield-Ruiz", "DWR", "formal")
    state = next(s for s in signing.document_states(demo_ctx, view) if s.spec.needs_signature)
    refused_for_all(demo_ctx, producer, view,
                    lambda a: signing.sign(demo_ctx, a, pid, state.spec.id, state.document.sha256))


def test_hcsc_consent_sign_and_submit(demo_ctx):
    invited, outcome = hcsc.invite_and_log_in(demo_ctx, states=("TX",))
    producer, pid = outcome.actor, invited.packet_id
    view = complete_and_sign(demo_ctx, producer, pid, hcsc.DANA_SSN, ["TX"])
    code = consent_code_for(demo_ctx, producer, pid)
    refused_for_all(demo_ctx, producer, view, lambda a: onboarding.give_consent(demo_ctx, a, pid, code))
    state = next(s for s in signing.document_states(demo_ctx, view) if s.spec.needs_signature)
    refused_for_all(demo_ctx, producer, view,
                    lambda a: signing.sign(demo_ctx, a, pid, state.spec.id, state.document.sha256))
    refused_for_all(demo_ctx, producer, view, lambda a: onboarding.submit(demo_ctx, a, pid))
    assert onboarding.submit(demo_ctx, producer, pid).status == "hcsc_review"


def test_a_session_that_has_ended_signs_nothing(demo_ctx):
    opened, outcome = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    view = packets.load(demo_ctx, outcome.actor, opened.packet_id)
    packets.save_step(demo_ctx, outcome.actor, opened.packet_id, "interview", view.answers["interview"], view.version)
    sessions.end(demo_ctx, outcome.actor, "idle timeout")
    with pytest.raises(NotAllowed, match="signed in as themselves"):
        signing.give_consent(demo_ctx, outcome.actor, opened.packet_id, "0000")
