"""Moved to chalicelib/adapters/dead_letters.py (the AWS adapters live in chalicelib/adapters). This re-export
keeps branches written before the move importing; new code imports chalicelib.adapters.dead_letters."""

from chalicelib.adapters.dead_letters import *  # noqa: F403
