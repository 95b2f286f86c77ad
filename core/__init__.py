"""Packetdesk core: rules, services and storage. Never imports textual or rich."""
