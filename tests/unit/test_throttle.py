"""Alert throttling folds a wave into few messages and reports how many it folded."""

from __future__ import annotations

from bot.throttle import AlertThrottle


def test_first_alert_passes_then_a_wave_is_folded() -> None:
    """A few alerts now, the rest of the minute counted, the next one says how many."""
    throttle = AlertThrottle(window_s=60, burst=3)
    assert [throttle.admit(-1, "spam", now=t) for t in (0.0, 1.0, 2.0)] == [0, 0, 0]
    assert [throttle.admit(-1, "spam", now=t) for t in range(3, 50)] == [None] * 47
    assert throttle.admit(-1, "spam", now=61.0) == 47
    assert throttle.admit(-1, "spam", now=62.0) == 0  # a new window: a fresh burst


def test_chats_and_kinds_are_separate() -> None:
    """A wave in one chat does not silence another chat or another kind of alert."""
    throttle = AlertThrottle(window_s=60, burst=1)
    assert throttle.admit(-1, "spam", now=0.0) == 0
    assert throttle.admit(-1, "spam", now=0.5) is None
    assert throttle.admit(-2, "spam", now=1.0) == 0
    assert throttle.admit(-1, "herd", now=1.0) == 0
