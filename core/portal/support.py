"""Report an issue: the seed's required details and a PII-masked screenshot, to the support outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from core.forms.fields import step_problems
from core.forms.spec import FieldSpec, Section, StepSpec
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor, record
from core.notify import outbox
from core.portal.masking import mask_pii
from core.portal.policy import policy

PRODUCT_TYPES = ("ACA Medical", "ACA Dental", "MAPD", "PDP", "DSNP", "Med Supp")

REPORT_STEP = StepSpec(
    id="report_issue",
    title="Report an issue",
    kind="form",
    sections=(
        Section("What happened", (
            FieldSpec("description", "Issue / error message", required=True, max_length=2000,
                      help="Describe the issue, or copy the error message."),
            FieldSpec("steps", "Steps taken", max_length=2000, help="What you did before the error appeared."),
            FieldSpec("client", "Client / contact name", max_length=80, help="Where applicable."),
            FieldSpec("agent", "Agent / Producer ID", required=True, max_length=80),
            FieldSpec("product", "Product type", type="choice", options=PRODUCT_TYPES, max_length=12,
                      placeholder=" / ".join(PRODUCT_TYPES[:3]) + " ...",
                      help="ACA Medical, ACA Dental, MAPD, PDP, DSNP or Med Supp."),
            FieldSpec("state", "State", type="state", max_length=2, placeholder="TX"),
            FieldSpec("when", "Date and time", required=True, max_length=40,
                      help="When the issue was observed (prefilled with now)."),
        )),
    ),
)
"""The seed's "Emails must include" list (seed 004, "How to report an Issue")."""


REPORT_EMAIL = {"subject": "Issue report {reference}: {product}, {state}", "body": "{report}"}
"""The report is written here, not from a data file; it holds no secret (everything in it is masked)."""


@dataclass(frozen=True)
class ReportSent:
    reference: str
    to: str


def prefill(ctx: AppContext, actor: Actor | None) -> dict[str, Any]:
    """Date and time now; the agent's name and username when someone is signed in."""
    values: dict[str, Any] = {"when": f"{ctx.clock.now():%m/%d/%Y %H:%M} UTC"}
    if actor is not None:
        with reading(ctx.engine) as session:
            account = session.get(Account, actor.account_id)
        if account is not None:
            values["agent"] = f"{account.display_name} ({account.username})"
    return values


def _masker(ctx: AppContext, actor: Actor | None, typed_secrets: Iterable[str]) -> Callable[[str], str]:
    known = outbox.recent_secrets(ctx, account_id=actor.account_id if actor else None)
    secrets, today = [*typed_secrets, *known], ctx.clock.now().date()
    return lambda text: mask_pii(text, today=today, secrets=secrets)


def masked(ctx: AppContext, actor: Actor | None, text: str, typed_secrets: Iterable[str] = ()) -> str:
    """Text that leaves the screen for support: secrets (those on the screen's secret fields, and the
    codes and temporary passwords the outbox sent lately) and anything shaped like PII masked."""
    return _masker(ctx, actor, typed_secrets)(text)


def report_issue(
    ctx: AppContext, actor: Actor | None, values: dict[str, Any], screenshot: str, came_from: str,
    typed_secrets: Iterable[str] = (),
) -> ReportSent:
    """Validate the report and queue it to the support address, every typed field and the screenshot
    masked here, in core, before anything is stored."""
    problems = step_problems(REPORT_STEP, values)
    if problems:
        raise ValidationFailed(problems)
    support = policy().support["email"]
    reference = f"PD-{ctx.ids.token(6)}"
    mask = _masker(ctx, actor, typed_secrets)
    came_from = mask(came_from)
    lines = [f"Reference: {reference}", f"Screen: {came_from}"]
    for spec in REPORT_STEP.fields:
        value = mask(str(values.get(spec.name) or "").strip())
        lines.append(f"{spec.label}: {value or '—'}")
    body = "\n".join(lines) + "\n\nScreenshot of the screen (PII masked):\n\n" + mask(screenshot)
    product = mask(str(values.get("product") or "").strip()) or "no product"
    state = mask(str(values.get("state") or "").strip().upper()) or "no state"
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        outbox.queue(ctx, session, kind="issue report", to=support, template=REPORT_EMAIL,
                     values={"reference": reference, "product": product, "state": state, "report": body},
                     account_id=actor.account_id if actor else None)
        record(session, "issue reported", now, actor=actor, detail=f"{reference} from {came_from[:60]}")
    outbox.deliver_pending(ctx)
    return ReportSent(reference, support)
