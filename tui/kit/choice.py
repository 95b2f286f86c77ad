"""Choice answers typed in short: core decides what they mean (core.forms.fields.normalise_choices)."""

from core.forms.fields import normalise_choices

__all__ = ["normalise_choices"]
