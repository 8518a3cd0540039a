"""Moved to chalicelib/adapters/deferral.py (the AWS adapters live in chalicelib/adapters). This re-export
keeps branches written before the move importing; new code imports chalicelib.adapters.deferral."""

from chalicelib.adapters.deferral import *  # noqa: F403
