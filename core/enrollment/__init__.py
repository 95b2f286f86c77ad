"""IFM enrollment: plans and rating, quotes, applications, effective dates, payments."""
