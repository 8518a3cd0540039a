"""The audit log: who changed what, when, in which role, with the before and after."""
