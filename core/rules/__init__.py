"""Rules: plain functions returning what is wrong (None or a message), shared by every front end."""
