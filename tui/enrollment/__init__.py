"""Quote & Enroll. Its menu, lists and forms are declared (data/ifm/forms/) and drawn by the kit's screens,
named here; the modules beside this one are the screens unlike a form (plans, the wizard's own steps)."""

from core.forms.layouts import load_action_form, load_confirmed_form, load_layouts
from tui.kit.action_form import ActionFormScreen
from tui.kit.confirmed_form import ConfirmedFormScreen
from tui.kit.declared_wizard import wizard_of
from tui.kit.menu_screen import MenuScreen
from tui.kit.record_details import RecordDetailsScreen
from tui.kit.record_list import RecordListScreen

SCREENS = load_layouts("ifm/forms/screens.toml")
QuoteEnrollScreen = MenuScreen.of(SCREENS.menus["home"], "QuoteEnrollScreen")
QuotesScreen = RecordListScreen.of(SCREENS.lists["quotes"], "QuotesScreen")
NewQuoteScreen = ActionFormScreen.of(load_action_form("ifm/forms/quote.toml"), "NewQuoteScreen")
ApplicationsScreen = RecordListScreen.of(SCREENS.lists["applications"], "ApplicationsScreen")
ApplicationDetailsScreen = RecordDetailsScreen.of(SCREENS.details["application"], "ApplicationDetailsScreen")
PaymentScreen = ConfirmedFormScreen.of(load_confirmed_form("ifm/forms/payment.toml"), "PaymentScreen")
WIZARD = wizard_of("ifm_enrollment")
