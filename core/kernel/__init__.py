"""The kernel: settings, clock and ids, database, encryption, hashing, errors, history events."""
