"""Services: every action a screen offers is one call here."""
