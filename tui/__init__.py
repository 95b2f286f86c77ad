"""Packetdesk's terminal front end: screens and widgets over core services."""
