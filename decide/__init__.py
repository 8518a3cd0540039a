"""Operator tooling for DecideIEEM: the `decide` command and the local stack. Not deployed."""
