"""Citizen proposals, party responses, supports and moderation."""
