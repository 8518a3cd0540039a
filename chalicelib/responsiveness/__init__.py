"""The responsiveness board (issue 16): who answered the proposals delivered to them, how soon."""
