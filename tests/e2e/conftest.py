"""End-to-end tests drive the real local stack (`decide run`) over HTTP: fixture `stack`."""
