"""Forms: field and step declarations, and the checks that every front end runs."""
