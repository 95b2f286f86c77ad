"""Choice answers typed in short: a unique case-insensitive prefix becomes the option itself."""

from __future__ import annotations

from typing import Any

from core.forms.spec import StepSpec


def normalise_choices(spec: StepSpec, values: dict[str, Any]) -> dict[str, Any]:
    """"med" -> "Medical/Dental", "f" -> "Female"; anything ambiguous is left for the check to refuse."""
    out = dict(values)
    for field in spec.fields:
        if field.type != "choice" or not isinstance(out.get(field.name), str) or not out[field.name].strip():
            continue
        typed = out[field.name].strip().lower()
        exact = [o for o in field.options if o.lower() == typed]
        matches = exact or [o for o in field.options if o.lower().startswith(typed)]
        if len(matches) == 1:
            out[field.name] = matches[0]
    return out
