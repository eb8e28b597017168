"""Group life cycles in simulated group-days: how soon a fall is called "declining", how often not.

    python -m benchmarks.lifecycle_sim

Each simulated group writes a mean number of member messages a day (5, 20, 100 or 500) shaped by
its week: a work group is quiet at the weekend (half its weekday rate), a hobby group busiest
then (1.4 times), each the same mean. A day's count is Poisson around the day's rate; its
messages go to members drawn with Zipf weights (member i writes in proportion to
1 / (i + 1) ** 0.9; a group of `per_day` messages has 6 + 4 * sqrt(per_day) members who write),
so distinct senders come out as in a real chat where a few talk most. The "bursty" rows also
multiply each day's rate by a gamma draw (coefficient of variation 0.3), as real chats swing
more than Poisson.

`policies.health.assess` is called for every simulated day, as the bot's daily job will, with
the days before it (Steward saw the group from its first simulated day).

Printed:

1. steady groups: for each size and noise, "declining" days per 100 group-days (false alarms),
   decline alerts (`decline_alert` firing) per 100 group-days, and "growing" days per 100
   (also false), counted over every day the group is past its "new" fortnight;
2. falling groups: after 42 steady days (so five whole weeks are seen), activity falls: a step
   to 50%, or -3% or -1% a day from the start; the median and 90th percentile of days from the
   first fallen day until the stage first turns "declining" (the day of `assess` minus the
   first fallen day: the first fallen day is judged the day after it), and the share caught
   within the horizon (a group not caught counts as infinitely late).

Seeded: the same figures every run.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from policies.health import Day, assess, decline_alert

START = date(2026, 1, 5)  # a Monday
SEED = 20260105
SIZES = (5, 20, 100, 500)
WORK_WEEK = (1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5)  # Monday first
HOBBY_WEEK = (0.9, 0.9, 0.9, 0.9, 1.1, 1.4, 1.4)
ZIPF = 0.9
BURSTY_CV = 0.3
STEADY_GROUPS = 40
STEADY_DAYS = 120
FALL_GROUPS = 40
WARMUP = 42
HORIZON = 84


@dataclass(frozen=True, slots=True)
class Group:
    """A simulated group: mean messages a day, its weekly shape, and extra day-to-day swing
    (the gamma coefficient of variation; 0: Poisson only)."""

    per_day: float
    week: tuple[float, ...] = WORK_WEEK
    swing: float = 0.0

    @property
    def members(self) -> int:
        """Members who write at all."""
        return 6 + round(4 * math.sqrt(self.per_day))


Fall = Callable[[int], float]  # days since the fall began (0: its first day) -> activity level

FALLS: dict[str, Fall] = {
    "step to 50%": lambda t: 0.5,
    "-3%/day": lambda t: 0.97 ** (t + 1),
    "-1%/day": lambda t: 0.99 ** (t + 1),
}


def simulate(rng: np.random.Generator, group: Group, levels: Sequence[float]) -> list[Day]:
    """Days from START, the i-th at `levels[i]` times the group's usual rate."""
    weights = 1.0 / (np.arange(group.members) + 1.0) ** ZIPF
    weights /= weights.sum()
    shape = np.array(group.week) / (sum(group.week) / len(group.week))
    out: list[Day] = []
    for i, level in enumerate(levels):
        day = START + timedelta(days=i)
        rate = group.per_day * shape[day.weekday()] * level
        if group.swing > 0:
            k = 1.0 / group.swing**2
            rate *= rng.gamma(k, 1.0 / k)
        count = int(rng.poisson(rate))
        if not count:
            continue
        drawn = rng.multinomial(count, weights)
        senders = {int(u): int(n) for u in np.flatnonzero(drawn) for n in (drawn[u],)}
        out.append(Day(day, messages=count, senders=senders))
    return out


def stages(days: Sequence[Day], first: int, last: int) -> list[str]:
    """The stage `assess` gives on each day index from `first` to `last` (inclusive)."""
    out = []
    for i in range(first, last + 1):
        today = START + timedelta(days=i)
        seen = [d for d in days if d.day <= today]
        out.append(assess(seen, today, first_seen=START, joiners={}).stage)
    return out


@dataclass(frozen=True, slots=True)
class Steady:
    """False alarms on steady groups: judged group-days and the days (or alerts) of each."""

    group_days: int
    declining: int
    alerts: int
    growing: int

    def per_100(self, count: int) -> float:
        """A count per 100 judged group-days."""
        return 100 * count / self.group_days if self.group_days else 0.0


def steady(rng: np.random.Generator, group: Group, groups: int, days: int) -> Steady:
    """Run `groups` steady groups for `days` days each; count past their "new" fortnight."""
    judged = declining = alerts = growing = 0
    for _ in range(groups):
        run = simulate(rng, group, [1.0] * days)
        previous: str | None = None
        for i in range(14, days):
            today = START + timedelta(days=i)
            health = assess(run, today, first_seen=START, joiners={})
            judged += 1
            declining += health.stage == "declining"
            growing += health.stage == "growing"
            alerts += decline_alert(previous, health)
            previous = health.stage
    return Steady(judged, declining, alerts, growing)


def detection_delay(
    rng: np.random.Generator,
    group: Group,
    fall: Fall,
    *,
    warmup: int = WARMUP,
    horizon: int = HORIZON,
) -> int | None:
    """Days from the first fallen day until `assess` first says "declining" (None: not within
    `horizon` days)."""
    levels = [1.0] * warmup + [fall(t) for t in range(horizon)]
    run = simulate(rng, group, levels)
    for delay in range(1, horizon + 1):
        today = START + timedelta(days=warmup + delay)
        if assess(run, today, first_seen=START, joiners={}).stage == "declining":
            return delay
    return None


def quantile(delays: Sequence[int | None], q: float) -> float:
    """The q-quantile of delays, a group never caught counting as infinitely late."""
    ordered = sorted(math.inf if d is None else float(d) for d in delays)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def _rng(*key: int) -> np.random.Generator:
    return np.random.default_rng([SEED, *key])


def steady_table(groups: int = STEADY_GROUPS, days: int = STEADY_DAYS) -> list[str]:
    """Rows of the steady table (work and hobby weeks alternate among a cell's groups)."""
    rows = [
        f"{'msgs/day':>8} {'noise':>8} {'group-days':>10} {'declining':>9} {'alerts':>7} "
        f"{'growing':>8}   (per 100 group-days)"
    ]
    for size in SIZES:
        for noise, swing in (("poisson", 0.0), ("bursty", BURSTY_CV)):
            half = groups // 2
            parts = [
                steady(_rng(size, int(swing * 10), 0), Group(size, WORK_WEEK, swing), half, days),
                steady(
                    _rng(size, int(swing * 10), 1),
                    Group(size, HOBBY_WEEK, swing),
                    groups - half,
                    days,
                ),
            ]
            total = Steady(
                sum(p.group_days for p in parts),
                sum(p.declining for p in parts),
                sum(p.alerts for p in parts),
                sum(p.growing for p in parts),
            )
            rows.append(
                f"{size:>8} {noise:>8} {total.group_days:>10} "
                f"{total.per_100(total.declining):>9.2f} {total.per_100(total.alerts):>7.2f} "
                f"{total.per_100(total.growing):>8.2f}"
            )
    return rows


def fall_table(groups: int = FALL_GROUPS, horizon: int = HORIZON) -> list[str]:
    """Rows of the detection table: days to "declining" by fall and size."""
    rows = [f"{'fall':>12} {'msgs/day':>8} {'median':>7} {'p90':>6} {'caught':>7}"]
    for f, (name, fall) in enumerate(FALLS.items()):
        for size in SIZES:
            delays = [
                detection_delay(
                    _rng(size, f, g, 7),
                    Group(size, WORK_WEEK if g % 2 else HOBBY_WEEK),
                    fall,
                    horizon=horizon,
                )
                for g in range(groups)
            ]
            caught = sum(d is not None for d in delays) / len(delays)
            rows.append(
                f"{name:>12} {size:>8} {_days(quantile(delays, 0.5)):>7} "
                f"{_days(quantile(delays, 0.9)):>6} {caught:>7.0%}"
            )
    return rows


def _days(value: float) -> str:
    return f">{HORIZON}" if math.isinf(value) else f"{value:.0f}"


def main() -> None:
    """Run and print."""
    start = time.perf_counter()
    print("Steady groups: false alarms per 100 group-days (days 14-119 of each group)")
    print("\n".join(steady_table()))
    print()
    print(f"Falling groups: days from the first fallen day to 'declining' ({FALL_GROUPS} groups)")
    print("\n".join(fall_table()))
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
