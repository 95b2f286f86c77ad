"""Adopted signatures drawn in the terminal, one look per style (the PDF has its own fonts per style)."""

from __future__ import annotations

from rich.text import Text

STYLE_NAMES = {"script": "Script", "formal": "Formal", "plain": "Plain"}


def signature_text(name: str, style: str) -> Text:
    """The signer's name as a signature: green, and shaped by the chosen style."""
    if style == "formal":
        return Text(" ".join(name.upper()), style="bold green")
    if style == "plain":
        return Text(name, style="underline green")
    return Text.assemble(("𝓈 ", "green"), (name, "bold italic green"), (" ~", "green"))
