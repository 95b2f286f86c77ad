"""Which screen draws which kind of step: a new program needs declarations, not screens."""

from __future__ import annotations

from core.programs import StepSpec
from core.services.packets import PacketView
from tui.screens.base import PacketStepScreen


def screen_for_step(view: PacketView, step: StepSpec) -> PacketStepScreen:
    from tui.screens.documents_step import DocumentsStepScreen
    from tui.screens.form_step import FormStepScreen
    from tui.screens.info_step import InfoStepScreen
    from tui.screens.print_step import PrintStepScreen
    from tui.screens.send_step import SendStepScreen
    from tui.screens.summary_step import SummaryStepScreen

    if view.program.navigation == "tabs":
        from tui.screens.onboarding_steps import TabbedProgramScreen

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
