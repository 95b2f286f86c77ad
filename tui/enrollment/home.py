"""Quote & Enroll: Quotes (saved), New Quote, Enroll; declared in data/ifm/forms/screens.toml."""

from __future__ import annotations

from core.forms.layouts import load_layouts
from tui.kit.menu_screen import MenuScreen

SCREENS = load_layouts("ifm/forms/screens.toml")
"""The Quote & Enroll menu, lists and details as data."""


class QuoteEnrollScreen(MenuScreen):
    """The three entries of the Quote & Enroll tab for a signed-in producer or delegate."""

    CSS_PATH = "../kit/kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    MENU = SCREENS.menus["home"]
