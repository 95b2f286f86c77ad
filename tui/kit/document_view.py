"""A rendered document as terminal text: data in blue, signatures in green, never parsed as markup."""

from __future__ import annotations

from rich.text import Text

from core.packets.documents import RenderedDocument
from tui.kit.signature_style import signature_text

ROLE_LABELS = {"producer": "Producer signature", "company": "Company signature"}


def document_text(document: RenderedDocument) -> Text:
    text = Text()
    for block in document.blocks:
        if block.kind == "signature":
            mark = document.signature_for(block.role)
            label = ROLE_LABELS.get(block.role, block.role)
            if mark is None:
                text.append(f"{label}: ______________________  (not signed)\n\n", style="dim")
            else:
                text.append(f"{label}: ", style="bold")
                text.append_text(signature_text(mark.name, mark.style) if mark.style else Text(f"/s/ {mark.name}", style="bold green italic"))
                text.append(f"  electronically signed {mark.signed_at}\n\n", style="green")
            continue
        style = {"heading1": "bold underline", "heading2": "bold"}.get(block.kind, "")
        for span in block.spans:
            text.append(span.text, style=f"{style} blue" if span.is_data else style)
        text.append("\n\n")
    text.rstrip()
    return text
