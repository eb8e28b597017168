"""The life-cycle simulation: a tiny run whose figures must be sane."""

from __future__ import annotations

import math

import numpy as np
import pytest

from benchmarks import lifecycle_sim
from benchmarks.lifecycle_sim import (
    FALLS,
    HOBBY_WEEK,
    WORK_WEEK,
    Group,
    detection_delay,
    fall_table,
    quantile,
    simulate,
    steady,
    steady_table,
)


def test_simulated_weeks_have_their_rhythm_and_their_mean() -> None:
    days = simulate(np.random.default_rng(1), Group(100, WORK_WEEK), [1.0] * 70)
    weekday = [d.messages for d in days if d.day.weekday() < 5]
    weekend = [d.messages for d in days if d.day.weekday() >= 5]
    assert sum(weekend) / len(weekend) < 0.6 * sum(weekday) / len(weekday)
    assert sum(d.messages for d in days) / 70 == pytest.approx(100, rel=0.05)
    assert all(sum(d.senders.values()) == d.messages for d in days)


@pytest.mark.parametrize("size", [20, 100])
@pytest.mark.parametrize("week", [WORK_WEEK, HOBBY_WEEK], ids=["work", "hobby"])
def test_steady_groups_rarely_look_declining(size: int, week: tuple[float, ...]) -> None:
    run = steady(np.random.default_rng([size, len(week)]), Group(size, week), groups=3, days=56)
    assert run.group_days == 3 * 42
    assert run.per_100(run.declining) < 2.0 and run.per_100(run.growing) < 2.0


@pytest.mark.parametrize("size", [20, 100, 500])
def test_a_step_to_half_is_caught_within_ten_days(size: int) -> None:
    delays = [
        detection_delay(np.random.default_rng([size, g]), Group(size), FALLS["step to 50%"])
        for g in range(4)
    ]
    assert all(d is not None and d <= 10 for d in delays), delays


def test_faster_falls_are_caught_sooner() -> None:
    def median(name: str) -> float:
        fall = FALLS[name]
        rng = np.random.default_rng(3)
        return quantile([detection_delay(rng, Group(100), fall) for _ in range(4)], 0.5)

    step, fast, slow = median("step to 50%"), median("-3%/day"), median("-1%/day")
    assert step < fast < slow < math.inf


def test_quantile_counts_a_miss_as_infinitely_late() -> None:
    assert quantile([1, 2, 3, None], 0.5) == 2
    assert quantile([1, 2, 3, None], 0.9) == math.inf


def test_the_tables_have_a_row_per_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifecycle_sim, "SIZES", (20,))
    assert len(steady_table(groups=2, days=30)) == 1 + 2
    rows = fall_table(groups=2, horizon=20)
    assert len(rows) == 1 + len(FALLS)
    assert rows[1].split()[-1] == "100%"  # the step, caught in both groups
