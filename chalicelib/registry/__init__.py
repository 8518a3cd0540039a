"""Loading the official candidate registry of a process."""
