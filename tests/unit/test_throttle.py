"""Cooldowns: one event per key per period, in bounded memory."""

from __future__ import annotations

from bot.throttle import Cooldown


def test_cooldown_allows_one_per_period_per_key() -> None:
    """A second refusal within the minute is swallowed; another person is not affected."""
    cooldown = Cooldown(period_s=60)
    assert cooldown.ready(1, now=0.0)
    assert not cooldown.ready(1, now=59.0)
    assert cooldown.ready(2, now=59.0)
    assert cooldown.ready(1, now=60.0)


def test_cooldown_stays_bounded() -> None:
    """Many keys never grow the table past its bound."""
    cooldown = Cooldown(period_s=60, max_keys=10)
    for key in range(100):
        assert cooldown.ready(key, now=float(key))
    assert len(cooldown._last) <= 10
