"""The prompt simulation: a small run, where Thompson sampling must beat a fixed rotation."""

from __future__ import annotations

import random

import pytest

from benchmarks import prompt_sim
from benchmarks.prompt_sim import (
    CHAT_ONLY,
    KINDS,
    ORACLE,
    RELATIVE,
    ROTATION,
    SCENARIOS,
    Scenario,
    draw_groups,
    gain,
    simulate,
    table,
)

STRATEGIES = prompt_sim.STRATEGIES


def small(
    scenario: Scenario, strategies: tuple[str, ...] = STRATEGIES, *, groups: int = 60
) -> tuple[tuple[prompt_sim.Group, ...], tuple[prompt_sim.Result, ...]]:
    """A small seeded run: `groups` groups, 40 prompts each."""
    return simulate(scenario, groups=groups, prompts=40, seed=5, strategies=strategies)


@pytest.fixture(scope="module")
def steady() -> tuple[tuple[prompt_sim.Group, ...], dict[str, prompt_sim.Result]]:
    groups, results = small(SCENARIOS[0])
    return groups, {r.strategy: r for r in results}


def test_thompson_beats_rotation(steady) -> None:
    _, results = steady
    rotation = results[ROTATION]
    for name in (CHAT_ONLY, RELATIVE):
        better, se = gain(results[name], rotation)
        assert better > 0.15 and better > 3 * se, name
        assert results[name].best_share > 0.4 > rotation.best_share
    assert rotation.best_share == pytest.approx(0.2)
    assert results[ORACLE].per_prompt >= max(r.per_prompt for r in results.values())
    assert results[ORACLE].best_share == 1.0


def test_every_strategy_meets_the_same_groups(steady) -> None:
    groups, results = steady
    assert {len(r.replies) for r in results.values()} == {len(groups)}
    again, _ = small(SCENARIOS[0], (ROTATION,))
    assert again == groups


def test_groups_differ_in_their_best_kind_but_lean_to_the_population_favourite() -> None:
    groups = draw_groups(random.Random(3), 400, Scenario("test"))
    best = [KINDS[g.best] for g in groups]
    favourite = KINDS[prompt_sim.TENDENCY.index(max(prompt_sim.TENDENCY))]
    assert len(set(best)) >= 4
    assert max(set(best), key=best.count) == favourite


def test_declining_activity_means_fewer_replies() -> None:
    _, steady = small(Scenario("same"), (ROTATION,), groups=40)
    _, falling = small(Scenario("same", decline=0.6), (ROTATION,), groups=40)
    assert falling[0].per_prompt < 0.85 * steady[0].per_prompt


def test_table_shows_every_strategy(steady) -> None:
    groups, results = steady
    text = table(SCENARIOS[0], groups, list(results.values()))
    for name in results:
        assert name in text
    assert "shared prior (relative) over chat only" in text
