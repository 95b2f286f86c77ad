"""Recontracting campaigns: the command line (import, worker) and the campaign dashboard."""
