"""Candidacy profiles: what a party publishes about each of its candidacies, per election."""
