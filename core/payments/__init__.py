"""Payments any enrollment carrier takes: card and bank account checks, and the processor interface."""
