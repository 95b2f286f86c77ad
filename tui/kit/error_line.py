"""A field's error message: takes no room until there is something to say."""

from __future__ import annotations

from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Static


class ErrorLine(Static):
    """Static that hides itself while empty; messages are plain text, never markup."""

    def __init__(self, message: str = "", *, id: str | None = None, classes: str = "field-error") -> None:
        super().__init__(Text(message), id=id, classes=classes)
        self.display = bool(message)

    @property
    def has_text(self) -> bool:
        return bool(self.display)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        text = content if isinstance(content, Text) else Text(str(content))
        if text == self.content and self.display == bool(text.plain):
            return  # the same message again (live checks run on every key): nothing to lay out or paint
        super().update(text, layout=layout)
        self.display = bool(text.plain)


def attention(count: int, noun: str = "field") -> Text:
    """The one "N fields need attention." line a form shows under its buttons after a refused save."""
    return Text(f"{count} {noun}{'s' if count != 1 else ''} need{'s' if count == 1 else ''} attention.", style="red")
