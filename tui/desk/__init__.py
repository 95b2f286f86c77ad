"""The staff desk: sign-in, packet list, search, dashboard, a packet opened by a rep."""
