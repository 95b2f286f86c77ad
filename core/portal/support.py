"""Report an issue: the seed's required details and a PII-masked screenshot, to the support outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from core.forms.fields import step_problems
from core.forms.spec import StepSpec
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor, record
from core.notify import outbox
from core.portal import forms as portal_forms
from core.portal.masking import mask_pii
from core.portal.policy import policy


def report_step() -> StepSpec:
    """The seed's "Emails must include" list (seed 004, "How to report an Issue"): data/portal_forms/report_issue.toml."""
    return portal_forms.form("report_issue")


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
    problems = step_problems(report_step(), values)
    if problems:
        raise ValidationFailed(problems)
    support = policy().support["email"]
    reference = f"PD-{ctx.ids.token(6)}"
    mask = _masker(ctx, actor, typed_secrets)
    came_from = mask(came_from)
    lines = [f"Reference: {reference}", f"Screen: {came_from}"]
    for spec in report_step().fields:
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
