"""F1: help for the focused field, from its declaration."""

from __future__ import annotations

from textual.widget import Widget

KINDS = {
    "phone": "10 digits, e.g. 555-666-7777", "zip": "5 digits or ZIP+4", "state": "a two-letter state code",
    "email": "an email address", "digits": "digits only", "date": "a date as MM/DD/YYYY",
    "birthdate": "a date as MM/DD/YYYY", "yesno": "Yes or No (y or n is enough)",
    "ssn": "9 digits, AAA-GG-SSSS", "tin": "an SSN (AAA-GG-SSSS) or an EIN (XX-XXXXXXX)",
    "ein": "the federal tax ID (EIN), 9 digits, XX-XXXXXXX",
    "money": "an amount, e.g. 1,000,000", "routing": "the 9-digit ABA routing number",
    "bank_account": "4 to 17 digits", "npn": "the National Producer Number, digits only",
}


def help_for(focused: Widget | None) -> str:
    """The focused field's label, what it takes, whether it is required, and its declared help."""
    from tui.kit.field_row import FieldRow

    row = next((n for n in (focused.ancestors_with_self if focused is not None else []) if isinstance(n, FieldRow)), None)
    if row is None:
        return ""
    spec = row.spec
    kind = KINDS.get(spec.type)
    if kind is None:
        kind = f"one of: {', '.join(spec.options)}" if spec.type == "choice" and len(spec.options) <= 6 else \
            f"up to {spec.max_length} characters"
    required = "Required." if row.required else "Optional."  # required_when included, as the "*" shows
    return f"{spec.label}: {kind}. {required} {spec.help}".strip()
