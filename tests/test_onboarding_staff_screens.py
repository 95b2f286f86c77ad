"""HCSC onboarding staff screens driven by keys (Pilot): the recruiter's invitation and the review queue."""

from __future__ import annotations

from core.desk import staff
from core.kernel.context import AppContext
from core.notify import outbox
from core.packets import review
from core.packets.program import program
from tests.helpers.onboarding import staff as staff_actor
from tests.pilot_helpers import SIZE, app_for, screen_text, type_text, wait_until
from tui.entry import EntryScreen
from tui.packet.review import ReviewScreen
from tui.packet.review_queue import ReviewQueueScreen


async def test_recruiter_invites_from_the_invitation_screen(sqlite_ctx: AppContext) -> None:
    from tui.packet.account_invite import AccountInviteScreen

    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.signed_in(staff_actor(sqlite_ctx, "admin"))
        app.push_screen(AccountInviteScreen("hcsc_onboarding"))
        await pilot.pause(0.1)
        await type_text(pilot, "new.one@example")
        await pilot.press(*["enter"] * 6)  # through the five states: Enter on the last sends
        await wait_until(pilot, lambda: "Enter the producer's email" in screen_text(app))
        assert "Choose at least one state" in screen_text(app)
        assert app.focused is not None and app.focused.id == "invite-email"
        await type_text(pilot, ".com")
        await pilot.press("enter", "space", "enter", "enter", "enter", "enter", "space", "enter")  # IL and TX
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
    message = outbox.latest(sqlite_ctx, to="new.one@example.com", kind="invitation")
    assert message is not None and "Illinois, Texas" in message.body


async def open_the_first_waiting(pilot, reviewer) -> None:
    """The reviewer's queue, then Enter on the first packet waiting (Priya Raman's in the demo)."""
    app = pilot.app
    app.signed_in(reviewer)
    app.push_screen(ReviewQueueScreen())
    await wait_until(pilot, lambda: "Priya Raman" in screen_text(app))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def test_reviewer_reveals_asks_for_more_information_and_approves(sqlite_ctx: AppContext) -> None:
    reviewer = staff_actor(sqlite_ctx, "reviewer")
    packet_id = review.queue(sqlite_ctx, reviewer)[0].packet_id
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_the_first_waiting(pilot, reviewer)
        assert "•••••5375" in screen_text(app) and "795-11-5375" not in screen_text(app)
        await pilot.press("f2")
        await wait_until(pilot, lambda: "795-11-5375" in screen_text(app))
        for _ in range(5):
            await pilot.press("f4")
        await wait_until(pilot, lambda: "•••••0025" in screen_text(app))
        await pilot.press("f9")
        await wait_until(pilot, lambda: "Decide OB-" in screen_text(app))
        await pilot.press("f5")  # More info without a note is refused
        await wait_until(pilot, lambda: "Write what is needed" in screen_text(app))
        await type_text(pilot, "Please upload page 2.")
        await pilot.press("f5")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewQueueScreen) and "Nothing is waiting" in screen_text(app))
    kinds = [line.kind for line in staff.packet_history(sqlite_ctx, reviewer, packet_id)]
    assert kinds.count("PII revealed") == 2 and "more information requested" in kinds
    assert review.latest_note(sqlite_ctx, packet_id, program("hcsc_onboarding")) == "Please upload page 2."


async def test_approve_is_asked_once_and_no_leaves_the_packet_waiting(sqlite_ctx: AppContext) -> None:
    """Irreversible decisions on one key were one slip away: Approve asks "Approve OB-...?" (y/n), No first."""
    reviewer = staff_actor(sqlite_ctx, "reviewer")
    waiting = review.queue(sqlite_ctx, reviewer)[0]
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_the_first_waiting(pilot, reviewer)
        for answer in ("n", "y"):
            await pilot.press("f9")
            await wait_until(pilot, lambda: "Decide OB-" in screen_text(app))
            await pilot.press("f8")  # Approve's own key, from the note
            await wait_until(pilot, lambda: f"Approve {waiting.key}?" in screen_text(app))
            await pilot.press(answer)
            if answer == "n":
                await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
                await pilot.pause(0.2)
                assert [row.packet_id for row in review.queue(sqlite_ctx, reviewer)][0] == waiting.packet_id
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewQueueScreen))
    assert waiting.packet_id not in [row.packet_id for row in review.queue(sqlite_ctx, reviewer)]
    kinds = [line.kind for line in staff.packet_history(sqlite_ctx, reviewer, waiting.packet_id)]
    assert kinds.count("application approved") == 1, kinds


def second_in_the_queue(ctx: AppContext) -> int:
    """The demo's invited producer (Dana Whitfield) completes, signs and submits: two packets wait."""
    from core.identity import accounts
    from core.onboarding import case
    from core.onboarding.demo import READY, complete_and_sign
    from core.packets import accounts as onboarding_invite
    from tests.helpers.onboarding import NEW_PASSWORD

    outcome = onboarding_invite.login(ctx, "hcsc_onboarding", READY.user_id, READY.password, "HCSC")
    policy = onboarding_invite.program("hcsc_onboarding").password_policy
    accounts.change_password(ctx, outcome.actor, NEW_PASSWORD, NEW_PASSWORD, policy)
    packet_id = onboarding_invite.my_cases(ctx, outcome.actor, "hcsc_onboarding")[0].packet_id
    complete_and_sign(ctx, outcome.actor, packet_id, READY.ssn, READY.states)
    case.submit(ctx, outcome.actor, packet_id)
    return packet_id


async def test_a_down_pressed_as_the_queue_opens_is_kept(sqlite_ctx: AppContext, monkeypatch) -> None:
    """Issue 14: the queue loaded twice on opening (mount, then the first resume), so a Down pressed at once was undone."""
    import time

    second_in_the_queue(sqlite_ctx)
    reviewer = staff_actor(sqlite_ctx, "reviewer")
    first, second = review.queue(sqlite_ctx, reviewer)
    loads = []
    real_queue = review.queue

    def slow_queue(*args, **kwargs):  # a busy shared database: each load takes a moment
        loads.append(1)
        time.sleep(0.3)
        return real_queue(*args, **kwargs)

    monkeypatch.setattr(review, "queue", slow_queue)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.signed_in(reviewer)
        app.push_screen(ReviewQueueScreen())
        await wait_until(pilot, lambda: first.producer_name in screen_text(app))
        await pilot.press("down")  # at once, while the queue may still be loading
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert app.screen.view.id == second.packet_id  # type: ignore[attr-defined]
    assert len(loads) == 1, "opening the queue loads it once"
