"""Moved to chalicelib/adapters/cognito.py (the AWS adapters live in chalicelib/adapters). This re-export
keeps branches written before the move importing; new code imports chalicelib.adapters.cognito."""

from chalicelib.adapters.cognito import *  # noqa: F403
