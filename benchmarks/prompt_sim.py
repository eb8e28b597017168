"""Engagement prompts in simulated groups: does the bandit find each group's favourite kind?

    python -m benchmarks.prompt_sim

Each simulated group has a latent reply rate per kind of prompt: its size (a lognormal level, so
a big group gives every kind several times the replies of a small one), times a population-wide
lift per kind (`TENDENCY`: polls and this-or-that do a bit better everywhere, "show us yours" a
bit worse), times the group's own taste (a lognormal lift per kind, `Scenario.taste`), so the
best kind differs between groups but leans towards the population's favourite. Each group gets
`PROMPTS` prompts; a prompt's replies are Poisson at its kind's rate, times the group's activity,
which in the declining scenarios falls linearly over the run. The reward fed back is
`policies.bandit.reward` of an outcome with those replies and no extra participants. Replies are
drawn once per group, prompt and kind, so every strategy meets the same luck.

Strategies, all over the same groups:

- fixed rotation through the kinds (each group starting at a different kind);
- Thompson per chat, no shared prior (`choose` with empty shared stats: every kind starts at the
  chat's own overall mean);
- Thompson with the shared prior as pooled means (`relative=False`);
- Thompson with the shared prior as lifts over the chat's own level (the default);
- the oracle: always the group's best kind (an upper bound, not a strategy).

Groups post in rounds, one prompt each; the shared stats a group sees are every other group's
totals after the rounds before (built as they go, none at the start).

Printed per scenario: replies per prompt, the gain over fixed rotation (with its standard error
over groups, paired), and the share of the last 20 prompts that were the group's best kind.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from policies.bandit import ArmStats, Outcome, choose, reward

KINDS = ("question", "poll", "show", "contest", "this_or_that")
# Population-wide lift per kind (log scale), in the order of KINDS.
TENDENCY = (0.0, 0.35, -0.25, -0.1, 0.2)
GROUPS = 300
PROMPTS = 60
LAST = 20  # the best-kind share is measured over this many last prompts
FIRST = 10  # replies per prompt are also shown over this many first prompts (a new chat)
SEED = 20260301
# A group's replies per prompt at lift 1: lognormal around MEDIAN_REPLIES, spread SIZE_SPREAD.
MEDIAN_REPLIES = 1.5
SIZE_SPREAD = 0.9

ROTATION = "fixed rotation"
CHAT_ONLY = "thompson, chat only"
POOLED = "thompson + shared (pooled)"
RELATIVE = "thompson + shared (relative)"
ORACLE = "always the best kind"
STRATEGIES = (ROTATION, CHAT_ONLY, POOLED, RELATIVE, ORACLE)


@dataclass(frozen=True, slots=True)
class Scenario:
    """How groups differ and behave: the spread of their own taste per kind (log scale), and
    the share of activity lost by the last prompt (0: steady)."""

    name: str
    taste: float = 0.45
    decline: float = 0.0


SCENARIOS = (
    Scenario("steady"),
    Scenario("declining activity (-50% by the last prompt)", decline=0.5),
    Scenario("strong own taste (spread 0.8)", taste=0.8),
)


@dataclass(frozen=True, slots=True)
class Group:
    """A simulated group: its latent replies per prompt per kind (in the order of KINDS)."""

    rates: tuple[float, ...]

    @property
    def best(self) -> int:
        """The index of its best kind."""
        return max(range(len(self.rates)), key=self.rates.__getitem__)


@dataclass(frozen=True, slots=True)
class Result:
    """One strategy over all groups: replies per group (in all, and in the first `FIRST`
    prompts), and best-kind posts in the last `LAST` prompts per group."""

    strategy: str
    replies: tuple[int, ...]
    early: tuple[int, ...]
    best_last: tuple[int, ...]
    prompts: int

    @property
    def per_prompt(self) -> float:
        """Replies per prompt over all groups."""
        return sum(self.replies) / (len(self.replies) * self.prompts)

    @property
    def early_per_prompt(self) -> float:
        """Replies per prompt over the first prompts of every group."""
        return sum(self.early) / (len(self.early) * min(FIRST, self.prompts))

    @property
    def best_share(self) -> float:
        """The share of the last prompts that were the group's best kind."""
        last = min(LAST, self.prompts)
        return sum(self.best_last) / (len(self.best_last) * last)


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth below 30, the normal approximation above)."""
    if lam <= 0:
        return 0
    if lam >= 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def draw_groups(rng: random.Random, n: int, scenario: Scenario) -> tuple[Group, ...]:
    """`n` groups: a size level each, the population's lifts, and their own taste."""
    out = []
    for _ in range(n):
        level = MEDIAN_REPLIES * math.exp(rng.gauss(0.0, SIZE_SPREAD))
        lifts = (t + rng.gauss(0.0, scenario.taste) for t in TENDENCY)
        out.append(Group(tuple(level * math.exp(lift) for lift in lifts)))
    return tuple(out)


def draw_replies(
    rng: random.Random, groups: Sequence[Group], prompts: int, decline: float
) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Replies per group, prompt and kind: what a prompt of that kind would get then."""
    out = []
    for group in groups:
        rows = []
        for t in range(prompts):
            activity = 1.0 - decline * t / max(1, prompts - 1)
            rows.append(tuple(poisson(rng, rate * activity) for rate in group.rates))
        out.append(tuple(rows))
    return tuple(out)


def gained(replies: int) -> float:
    """The reward fed back for a prompt with these replies (no extra participants)."""
    return reward(Outcome(replies, replies, 0, 0.0, 0.0))


def run(
    strategy: str,
    groups: Sequence[Group],
    replies: Sequence[Sequence[Sequence[int]]],
    prompts: int,
    seed: int,
) -> Result:
    """One strategy over every group, in rounds of one prompt per group."""
    rng = random.Random(f"{seed}/{strategy}")
    own = [dict.fromkeys(KINDS, ArmStats()) for _ in groups]
    totals = dict.fromkeys(KINDS, ArmStats())
    got = [0] * len(groups)
    early = [0] * len(groups)
    best_last = [0] * len(groups)
    for t in range(prompts):
        posted: list[tuple[int, str, float]] = []
        for g, group in enumerate(groups):
            if strategy == ROTATION:
                kind = KINDS[(g + t) % len(KINDS)]
            elif strategy == ORACLE:
                kind = KINDS[group.best]
            elif strategy == CHAT_ONLY:
                kind = choose(KINDS, own[g], {}, rng).arm
            else:
                mine = own[g]
                shared = {
                    k: ArmStats(totals[k].posts - mine[k].posts, totals[k].reward - mine[k].reward)
                    for k in KINDS
                }
                kind = choose(KINDS, mine, shared, rng, relative=strategy == RELATIVE).arm
            index = KINDS.index(kind)
            count = replies[g][t][index]
            got[g] += count
            if t < FIRST:
                early[g] += count
            if t >= prompts - LAST and index == group.best:
                best_last[g] += 1
            posted.append((g, kind, gained(count)))
        for g, kind, value in posted:
            own[g][kind] = own[g][kind].add(value)
            totals[kind] = totals[kind].add(value)
    return Result(strategy, tuple(got), tuple(early), tuple(best_last), prompts)


def simulate(
    scenario: Scenario,
    *,
    groups: int = GROUPS,
    prompts: int = PROMPTS,
    seed: int = SEED,
    strategies: Sequence[str] = STRATEGIES,
) -> tuple[tuple[Group, ...], tuple[Result, ...]]:
    """The scenario's groups, and each strategy's result over them."""
    rng = random.Random(f"{seed}/{scenario.name}")
    drawn = draw_groups(rng, groups, scenario)
    replies = draw_replies(rng, drawn, prompts, scenario.decline)
    return drawn, tuple(run(s, drawn, replies, prompts, seed) for s in strategies)


def gain(result: Result, base: Result, *, early: bool = False) -> tuple[float, float]:
    """The gain in replies over `base` (a fraction), and its standard error over groups (paired);
    over the first prompts only with `early`."""
    mine, theirs = (result.early, base.early) if early else (result.replies, base.replies)
    diffs = [a - b for a, b in zip(mine, theirs, strict=True)]
    n = len(diffs)
    mean = sum(diffs) / n
    var = sum((d - mean) ** 2 for d in diffs) / max(1, n - 1)
    base_mean = sum(theirs) / n
    return mean / base_mean, math.sqrt(var / n) / base_mean


def _percent(value: tuple[float, float]) -> str:
    return f"{100 * value[0]:+.1f}% ± {100 * value[1]:.1f}"


def table(scenario: Scenario, groups: Sequence[Group], results: Sequence[Result]) -> str:
    """The printed table for one scenario."""
    favourites = [0] * len(KINDS)
    for group in groups:
        favourites[group.best] += 1
    spread = ", ".join(
        f"{k} {100 * c / len(groups):.0f}%" for k, c in zip(KINDS, favourites, strict=True)
    )
    named = {r.strategy: r for r in results}
    base = named[ROTATION]
    lines = [
        f"{scenario.name}: {len(groups)} groups, {base.prompts} prompts each",
        f"  best kind: {spread}",
        f"  {'strategy':<30} {'replies/prompt':>14} {f'first {FIRST}':>9} "
        f"{'gain vs rotation':>17} {f'best kind, last {LAST}':>19}",
    ]
    for r in results:
        shown = "-" if r is base else _percent(gain(r, base))
        lines.append(
            f"  {r.strategy:<30} {r.per_prompt:>14.2f} {r.early_per_prompt:>9.2f} "
            f"{shown:>17} {100 * r.best_share:>18.0f}%"
        )
    if RELATIVE in named and CHAT_ONLY in named:
        shared, alone = named[RELATIVE], named[CHAT_ONLY]
        lines.append(
            f"  shared prior (relative) over chat only: {_percent(gain(shared, alone))} in all, "
            f"{_percent(gain(shared, alone, early=True))} in the first {FIRST} prompts"
        )
    return "\n".join(lines)


def main() -> None:
    """Run every scenario and print its table."""
    start = time.perf_counter()
    for scenario in SCENARIOS:
        groups, results = simulate(scenario)
        print(table(scenario, groups, results))
        print()
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
