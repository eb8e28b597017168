"""Steward: wiring and the outside world (config, app, store, scheduler, alerts, CLI, sandbox)."""
