"""Municipalities, local districts and electoral sections (versioned section maps)."""
