"""Open data: a process's candidacies and published proposals as CSV and JSON."""
