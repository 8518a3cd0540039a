"""Domain events: derived from the table's stream (the outbox) and fanned out through SNS."""
