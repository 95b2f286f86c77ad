"""The progress indicator: the program's stages, the current one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StageBar(Static):
    """Shows e.g. ● Information Gathering ─ ○ Review & Sign ─ ○ Send Documents ─ ○ Print."""

    DEFAULT_CSS = """
    StageBar { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, stages: tuple[str, ...], current: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.stages = stages
        self.current = current

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, stage in enumerate(self.stages):
            if index:
                text.append(" ─ ", style="dim")
            if index < self.current:
                text.append(f"✓ {stage}", style="green")
            elif index == self.current:
                text.append(f"● {stage}", style="bold reverse")
            else:
                text.append(f"○ {stage}", style="dim")
        text.append(f"   {self.current + 1}/{len(self.stages)}", style="dim")
        return text
