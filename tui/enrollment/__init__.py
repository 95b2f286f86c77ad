"""Quote & Enroll: quotes, plans, the enrollment wizard, payment, application details."""
