"""Which screen draws which kind of step: a new program needs declarations, not screens."""

from __future__ import annotations

from core.forms.spec import StepSpec
from core.packets.packets import PacketView
from tui.kit.base import PacketStepScreen


def screen_for_step(view: PacketView, step: StepSpec) -> PacketStepScreen:
    from tui.packet.documents_step import DocumentsStepScreen
    from tui.packet.form_step import FormStepScreen
    from tui.packet.info_step import InfoStepScreen
    from tui.packet.print_step import PrintStepScreen
    from tui.packet.send_step import SendStepScreen
    from tui.packet.summary_step import SummaryStepScreen

    if view.program.navigation == "tabs":
        from tui.onboarding.steps import TabbedProgramScreen

        return TabbedProgramScreen(view, step)
    kinds: dict[str, type[PacketStepScreen]] = {
        "info": InfoStepScreen,
        "form": FormStepScreen,
        "documents": DocumentsStepScreen,
        "send": SendStepScreen,
        "print": PrintStepScreen,
        "summary": SummaryStepScreen,
    }
    return kinds[step.kind](view, step)
