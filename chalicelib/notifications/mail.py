"""Moved to chalicelib/adapters/mail.py (the AWS adapters live in chalicelib/adapters). This re-export
keeps branches written before the move importing; new code imports chalicelib.adapters.mail."""

from chalicelib.adapters.mail import *  # noqa: F403
