"""Messages people receive: the outbox of emails and texts, and SMTP delivery."""
