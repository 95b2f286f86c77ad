"""The reviewer's decision on a packet: one button per decision its program declares ([review])."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.packets.review import ReviewRule
from tui.kit.error_line import ErrorLine

KEYS = ("f5", "f6", "f7", "f8", "f9")


@dataclass(frozen=True)
class Decision:
    action: str
    """The id of one of the program's decisions."""
    note: str


class DecisionModal(ModalScreen[Decision | None]):
    """A note first (what is needed, or the reason: the producer sees it), then the decision's button."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True, id="decision-cancel"),
        # One key per decision, from the note: Tab four times to reach Approve cost a reviewer 4 keys.
        *(Binding(key, f"decide({i})", f"Decision {i + 1}", show=False, priority=True, id=f"decision-{i + 1}")
          for i, key in enumerate(KEYS)),
    ]
    AUTO_FOCUS = "#decision-note"

    def __init__(self, packet_key: str, producer: str, rule: ReviewRule) -> None:
        super().__init__()
        self.rule = rule
        # The footer names each declared decision on its key (the class can only say "Decision 1").
        keys = self._bindings.key_to_bindings
        for key, decision in zip(KEYS, rule.decisions, strict=False):
            keys[key] = [replace(binding, description=decision.label, show=True) for binding in keys.get(key, [])]
        self.packet_key = packet_key
        self.producer = producer
        self.note = Input(id="decision-note", placeholder="What is needed, or the reason (no SSN or bank numbers)",
                          compact=True, max_length=1000, select_on_focus=False)
        self.error = ErrorLine(id="decision-error")

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card", id="decision-box"):
            yield Static(Text(f"Decide {self.packet_key}: {self.producer}", style="bold"), classes="card-title")
            yield Static(self.rule.explanation, classes="card-text")
            yield self.note
            yield self.error
            with Horizontal(classes="buttons"):
                # The declaration puts approval last, so Enter typed after a note never approves by accident.
                for key, decision in zip(KEYS, self.rule.decisions, strict=False):
                    yield Button(f"{key.upper()} {decision.label}", id=f"dec-{decision.id}", compact=True,
                                 variant=decision.variant)  # type: ignore[arg-type]
        yield Footer(compact=True)  # Esc and the decision keys, as on every screen

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.note:
            self.focus_next()
            return True
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        decision = next((d for d in self.rule.decisions if f"dec-{d.id}" == event.button.id), None)
        if decision is None:
            return
        note = " ".join(self.note.value.split())
        if decision.needs_note and not note:
            self.error.update("Write what is needed, or the reason, first: the producer sees it.")
            self.set_focus(self.note)
            return
        self.dismiss(Decision(decision.id, note))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "decide" or int(str(parameters[0])) < len(self.rule.decisions)

    def action_decide(self, index: int) -> None:
        self.query_one(f"#dec-{self.rule.decisions[index].id}", Button).press()

    def action_cancel(self) -> None:
        self.dismiss(None)
