"""The recontracting journey through core on both databases."""

from core.identity import accounts
from core.notify import outbox
from core.packets import progress, signing
from tests.helpers.journey import log_in_first_time, sign_everything


def test_nm_ok_packet_from_invitation_to_countersignature(demo_ctx):
    opened, outcome = log_in_first_time(demo_ctx, "DEMONMOK-NMOK2026")
    view = sign_everything(demo_ctx, outcome, opened.packet_id)
    view = progress.submit(demo_ctx, outcome.actor, opened.packet_id)
    assert view.status == "sent"
    reviewer = accounts.staff_login(demo_ctx, "reviewer", "Review#2026")
    view = signing.countersign(demo_ctx, reviewer.actor, opened.packet_id)
    assert view.status == "countersigned"
    agreement = next(s for s in signing.document_states(demo_ctx, view) if s.spec.id == "producer_agreement")
    assert {m.role for m in agreement.document.signatures} == {"producer", "company"}
    kinds = [m.kind for m in outbox.messages(demo_ctx)]
    assert kinds[0] == "congratulations"
