"""Steward: wiring and the outside world (config, app, store, scheduler, alerts, CLI, sandbox)."""

import os

# Opt in to python-telegram-bot's timedelta durations now (its next major version makes them the
# default); without this, reading RetryAfter.retry_after warns on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "1")
