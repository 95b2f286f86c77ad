"""One screen or modal per file."""
