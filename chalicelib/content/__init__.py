"""Institute-managed content pages: versioned Markdown rendered to safe HTML."""
