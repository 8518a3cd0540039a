"""The section lookup by text message: parse a request, answer it in few characters, send it back."""
