"""Email: rendering from templates and sending through SES, idempotently per event and recipient."""
