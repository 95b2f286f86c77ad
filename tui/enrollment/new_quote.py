"""New Quote: the primary applicant, spouse and dependents, then View Plans (data/ifm/forms/quote.toml)."""

from __future__ import annotations

from core.forms.layouts import load_action_form
from tui.kit.action_form import ActionFormScreen


class NewQuoteScreen(ActionFormScreen):
    """F9 View Plans shows every plan with the household's monthly premium."""

    CSS_PATH = "../kit/kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    SPEC = load_action_form("ifm/forms/quote.toml")
