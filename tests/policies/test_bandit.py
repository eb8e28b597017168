"""The prompt bandit: rewards, Thompson sampling with a shared prior, and the prompt library."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping

import pytest

from policies.bandit import (
    DEFAULT_MEAN,
    ArmStats,
    Outcome,
    choose,
    next_prompt,
    reward,
    summary,
)

KINDS = ("question", "poll", "show", "contest", "this_or_that")
NONE: dict[str, ArmStats] = {}


def picks(
    chat: Mapping[str, ArmStats],
    shared: Mapping[str, ArmStats],
    *,
    runs: int = 400,
    arms: tuple[str, ...] = KINDS,
    relative: bool = True,
) -> Counter[str]:
    """How often each arm is chosen over `runs` seeds."""
    return Counter(
        choose(arms, chat, shared, random.Random(seed), relative=relative).arm
        for seed in range(runs)
    )


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome(0, 0, 0, 0.0, 0.0), 0.0),
        (Outcome(4, 4, 0, 0.0, 0.0), 4.0),  # replies alone
        (Outcome(2, 9, 5, 6.0, 3.5), 3.5),  # plus the participants above the baseline
        (Outcome(2, 9, 1, 6.0, 3.5), 2.0),  # a quiet hour is no penalty
        (Outcome(0, 0, 0, 40.0, 12.0), 0.0),  # never below zero
        (Outcome(-3, 0, 0, 0.0, 0.0), 0.0),  # a bad count is no reward
        (Outcome(1, 500, 3, 2.0, 3.0), 1.0),  # extra messages alone earn nothing
        (Outcome(1, 5, 4, 2.0, math.nan), 1.0),  # no baseline: no extra participants
        (Outcome(1, 5, 4, 2.0, math.inf), 1.0),
        (Outcome(1, 5, 4, 2.0, -2.0), 5.0),  # a negative baseline counts as none
    ],
)
def test_reward(outcome: Outcome, expected: float) -> None:
    assert reward(outcome) == pytest.approx(expected)


def test_arm_stats_add_and_mean() -> None:
    stats = ArmStats().add(3.0).add(1.0)
    assert stats == ArmStats(2, 4.0) and stats.mean == 2.0
    assert ArmStats().mean is None


def test_choose_is_deterministic_for_a_seeded_rng() -> None:
    chat = {"poll": ArmStats(4, 9.0), "question": ArmStats(3, 2.0)}
    shared = {"poll": ArmStats(100, 180.0), "show": ArmStats(50, 40.0)}
    first = choose(KINDS, chat, shared, random.Random(7))
    assert first == choose(KINDS, chat, shared, random.Random(7))
    assert first.arms == KINDS and len(first.sampled) == len(KINDS) == len(first.means)
    assert first.arm == KINDS[first.sampled.index(max(first.sampled))]
    # ... and random between seeds: with no history every arm comes up.
    assert set(picks(NONE, NONE)) == set(KINDS)


def test_posterior_mean_is_the_prior_updated_by_the_chats_posts() -> None:
    """No shared history: prior mean DEFAULT_MEAN worth 3 posts, then 2 posts earning 8."""
    chat = {"poll": ArmStats(2, 8.0)}
    choice = choose(("poll", "show"), chat, NONE, random.Random(0), relative=False)
    assert choice.mean_of("poll") == pytest.approx((3 * DEFAULT_MEAN + 8.0) / 5)
    assert choice.mean_of("show") == pytest.approx(DEFAULT_MEAN)
    assert choice.sampled_of(choice.arm) == max(choice.sampled)


def test_an_arm_with_much_higher_rewards_is_chosen_most_of_the_time() -> None:
    chat = {k: ArmStats(20, 20.0) for k in KINDS} | {"contest": ArmStats(20, 60.0)}
    counts = picks(chat, NONE)
    assert counts["contest"] >= 0.9 * 400


def test_the_shared_prior_steers_a_chat_with_no_history() -> None:
    shared = {k: ArmStats(500, 500.0) for k in KINDS} | {"show": ArmStats(500, 2000.0)}
    counts = picks(NONE, shared)
    assert counts["show"] >= 0.8 * 400
    choice = choose(KINDS, NONE, shared, random.Random(1))
    # The pooled mean for the kind, barely drawn toward the pooled mean over all kinds.
    assert choice.mean_of("show") == pytest.approx(4.0, rel=0.01)
    assert choice.mean_of("poll") == pytest.approx(1.0, rel=0.01)


def test_a_chats_own_strong_evidence_overrides_the_shared_prior() -> None:
    shared = {"poll": ArmStats(1000, 3000.0), "question": ArmStats(1000, 1000.0)}
    chat = {"poll": ArmStats(30, 15.0), "question": ArmStats(30, 120.0)}
    counts = picks(chat, shared, arms=("poll", "question"))
    assert counts["question"] >= 0.95 * 400


def test_shared_means_are_lifts_on_the_chats_own_level() -> None:
    """A big chat (10 replies a question) and other chats where polls do twice as well as
    questions at about one reply: an untried poll is expected to do better here, not worse."""
    shared = {"question": ArmStats(100, 100.0), "poll": ArmStats(100, 200.0)}
    chat = {"question": ArmStats(10, 100.0)}
    arms = ("question", "poll")
    relative = choose(arms, chat, shared, random.Random(0))
    pooled = choose(arms, chat, shared, random.Random(0), relative=False)
    assert relative.mean_of("poll") > 9.0 > relative.mean_of("question") * 0.9
    assert pooled.mean_of("poll") < 2.1
    assert picks(chat, shared, arms=arms)["poll"] > 200
    assert picks(chat, shared, arms=arms, relative=False)["poll"] < 20


@pytest.mark.parametrize(
    ("shared", "expected"),
    [
        (NONE, DEFAULT_MEAN),  # nobody has any history
        ({"poll": ArmStats(10, 30.0)}, 3.0),  # no shared question: the pooled mean of all
        ({"poll": ArmStats(0, 0.0)}, DEFAULT_MEAN),
    ],
)
def test_the_prior_falls_back_to_the_pooled_mean_then_the_default(
    shared: Mapping[str, ArmStats], expected: float
) -> None:
    rows = summary(("question", "poll"), NONE, shared)
    question = next(r for r in rows if r.arm == "question")
    assert question.posterior == pytest.approx(expected)
    assert question.posts == 0 and question.mean is None and question.shared_mean is None


def test_summary_is_sorted_best_first() -> None:
    chat = {"poll": ArmStats(10, 30.0), "question": ArmStats(10, 5.0)}
    shared = {"poll": ArmStats(50, 100.0), "show": ArmStats(50, 150.0)}
    rows = summary(("question", "poll", "show"), chat, shared)
    assert [r.arm for r in rows] == ["poll", "show", "question"]
    poll = rows[0]
    assert (poll.posts, poll.mean, poll.shared_mean) == (10, 3.0, 2.0)
    assert [r.posterior for r in rows] == sorted((r.posterior for r in rows), reverse=True)
    ties = summary(("b", "a"), NONE, NONE)
    assert [r.arm for r in ties] == ["b", "a"]


@pytest.mark.parametrize("weight", [0.0, -1.0, math.nan, math.inf])
def test_choose_rejects_a_prior_weight_that_is_not_positive(weight: float) -> None:
    with pytest.raises(ValueError):
        choose(KINDS, NONE, NONE, random.Random(0), prior_weight=weight)


def test_choose_needs_an_arm() -> None:
    with pytest.raises(ValueError):
        choose((), NONE, NONE, random.Random(0))


# --- the prompt library -------------------------------------------------------------------------

LIBRARY = tuple((f"{kind}-{i}", kind) for kind in ("poll", "question", "show") for i in range(3))


def pick(used: set[str] | list[str], kind: str, seed: int = 0) -> tuple[str, str] | None:
    return next_prompt(
        LIBRARY, used, kind, random.Random(seed), key=lambda p: p[0], kind_of=lambda p: p[1]
    )


def test_next_prompt_never_repeats_until_the_library_is_used_up() -> None:
    used: list[str] = []
    for _ in range(len(LIBRARY)):
        prompt = pick(used, "poll", seed=len(used))
        assert prompt is not None and prompt[0] not in used
        used.append(prompt[0])
    assert sorted(used) == sorted(key for key, _ in LIBRARY)
    # The polls come first, then whatever is left.
    assert all(key.startswith("poll") for key in used[:3])
    again = pick(used, "question")
    assert again is not None and again[1] == "question"  # starts over, the kind as asked


@pytest.mark.parametrize(
    ("used", "kind", "allowed"),
    [
        (set(), "show", {"show-0", "show-1", "show-2"}),
        ({"show-0", "show-2"}, "show", {"show-1"}),
        ({"show-0", "show-1", "show-2"}, "show", {k for k, _ in LIBRARY if "show" not in k}),
        ({k for k, _ in LIBRARY if k != "poll-1"}, "show", {"poll-1"}),
        ({k for k, _ in LIBRARY}, "show", {"show-0", "show-1", "show-2"}),
        ({k for k, _ in LIBRARY if k != "poll-1"}, "contest", {"poll-1"}),
        ({k for k, _ in LIBRARY}, "contest", {k for k, _ in LIBRARY}),  # no such kind at all
    ],
)
def test_next_prompt_falls_back_to_other_kinds(
    used: set[str], kind: str, allowed: set[str]
) -> None:
    seen = set()
    for seed in range(60):
        prompt = pick(used, kind, seed)
        assert prompt is not None
        seen.add(prompt[0])
    assert seen == allowed


def test_next_prompt_with_no_candidates_is_none() -> None:
    rng = random.Random(0)
    assert next_prompt((), set(), "poll", rng, key=str, kind_of=str) is None
