"""Outside sources behind interfaces (the NIPR Producer Database today)."""
