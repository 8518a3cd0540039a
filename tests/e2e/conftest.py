"""End-to-end tests drive the real local stack (`decide run`) over HTTP; the stack is shared."""

from tests.browser.conftest import stack  # noqa: F401  (the session's one local stack)
