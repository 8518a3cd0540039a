"""Moved to chalicelib/adapters/signing.py (the AWS adapters live in chalicelib/adapters). This re-export
keeps branches written before the move importing; new code imports chalicelib.adapters.signing."""

from chalicelib.adapters.signing import *  # noqa: F403
