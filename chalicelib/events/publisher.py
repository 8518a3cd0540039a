"""Moved to chalicelib/adapters/publisher.py (the AWS adapters live in chalicelib/adapters). This re-export
keeps branches written before the move importing; new code imports chalicelib.adapters.publisher."""

from chalicelib.adapters.publisher import *  # noqa: F403
