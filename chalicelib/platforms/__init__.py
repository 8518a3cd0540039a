"""Party platforms per process: title, summary, official document and commitments by topic."""
