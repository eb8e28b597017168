"""Alert throttling folds a wave into few messages and hands the rest out as one digest."""

from __future__ import annotations

from bot.throttle import AlertThrottle, Cooldown


def test_a_wave_is_a_burst_now_and_a_count_later() -> None:
    """A few alerts now; the rest of the window counted and drained once it closes."""
    throttle = AlertThrottle(window_s=60, burst=3)
    assert [throttle.admit(-1, "spam", now=t) for t in (0.0, 1.0, 2.0)] == [True] * 3
    assert [throttle.admit(-1, "spam", now=t) for t in range(3, 50)] == [False] * 47
    assert throttle.drain(now=30.0) == []  # the window is still open
    assert throttle.drain(now=60.0) == [(-1, "spam", 47)]
    assert throttle.drain(now=61.0) == []  # handed out once
    assert len(throttle) == 0


def test_a_new_window_keeps_what_the_old_one_owed() -> None:
    """An alert after the window opens a fresh burst; the old count is still drained."""
    throttle = AlertThrottle(window_s=60, burst=1)
    assert throttle.admit(-1, "spam", now=0.0)
    assert not throttle.admit(-1, "spam", now=1.0)
    assert throttle.admit(-1, "spam", now=61.0)
    assert throttle.drain(now=62.0) == [(-1, "spam", 1)]


def test_chats_and_kinds_are_separate() -> None:
    """A wave in one chat does not silence another chat or another kind of alert."""
    throttle = AlertThrottle(window_s=60, burst=1)
    assert throttle.admit(-1, "spam", now=0.0)
    assert not throttle.admit(-1, "spam", now=0.5)
    assert throttle.admit(-2, "spam", now=1.0)
    assert throttle.admit(-1, "herd", now=1.0)


def test_evicted_slots_still_owe_their_count() -> None:
    """Under memory pressure the oldest slot goes, but its held-back alerts are not lost."""
    throttle = AlertThrottle(window_s=60, burst=1, max_keys=2)
    throttle.admit(-1, "spam", now=0.0)
    throttle.admit(-1, "spam", now=0.1)
    throttle.admit(-2, "spam", now=0.2)
    throttle.admit(-3, "spam", now=0.3)
    assert len(throttle) == 2
    assert throttle.drain(now=1.0) == [(-1, "spam", 1)]


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
