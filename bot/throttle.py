"""Cooldowns: at most one event per key per period (refusals, notices).

Alert bursts are counted in the store instead (`bot/alerts.py`), so that workers sharing a
database count together.
"""

from __future__ import annotations


class Cooldown:
    """At most one event per key per period (e.g. one refusal a minute per person)."""

    def __init__(self, period_s: float = 60.0, max_keys: int = 50_000) -> None:
        self.period_s = period_s
        self.max_keys = max_keys
        self._last: dict[object, float] = {}

    def ready(self, key: object, now: float) -> bool:
        """True (and start the period) if the key is not cooling down."""
        last = self._last.get(key)
        if last is not None and now - last < self.period_s:
            return False
        if len(self._last) >= self.max_keys:
            cutoff = now - self.period_s
            self._last = {k: v for k, v in self._last.items() if v > cutoff}
            if len(self._last) >= self.max_keys:
                self._last.clear()
        self._last[key] = now
        return True
