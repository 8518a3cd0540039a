"""Electoral processes, their calendars and phases, ballots, contenders and candidacies."""
