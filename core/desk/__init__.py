"""The call center and home office: search, dashboard, notes, staff actions."""
