"""Who people are: accounts, passwords and policies, sessions, permissions."""
