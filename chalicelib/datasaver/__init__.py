"""The data saver: a section's ballots as one small HTML page that needs no JavaScript."""
