"""Tests: unit tests per module, end-to-end tests against the Bot API sandbox."""
