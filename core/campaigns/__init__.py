"""Recontracting campaigns: a carrier's whole book invited to one program before a deadline (issue 15)."""
