"""The producer portal: login, verification, passwords, delegates, homes."""
