"""Moved to chalicelib/adapters/sms.py (the AWS adapters live in chalicelib/adapters). This re-export
keeps branches written before the move importing; new code imports chalicelib.adapters.sms."""

from chalicelib.adapters.sms import *  # noqa: F403
