"""Voting advice built from the contenders' own stated positions; the match is computed in the browser."""
