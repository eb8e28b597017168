"""The herd simulation: a tiny run on synthetic verdict pools, no corpus needed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks import herd_sim
from benchmarks.herd_sim import (
    DAY,
    MINUTE,
    Event,
    Group,
    Pools,
    Rules,
    messages_per_day,
    replay,
    simulate,
    surge_run,
)
from policies.herd import COMPLAINT

# Every complaint recognised, no ordinary message mistaken for one.
CLEAN = Pools(complaints=(True,), ordinary=(False,))


def test_quiet_background_raises_no_alert() -> None:
    run = simulate(random.Random(1), Group(200, 0.0), CLEAN, days=3)
    assert run.events == () and run.alerts == ()


def test_a_fast_surge_is_flagged_by_its_third_complainer() -> None:
    found = surge_run(random.Random(2), Group(200, 1.0), CLEAN, per_minute=2.0, warmup=1)
    assert found is not None
    assert found.complainers <= 3 and found.minutes < 10 and found.level == "watch"


def test_complaints_the_classifier_misses_are_never_flagged() -> None:
    deaf = Pools(complaints=(False,), ordinary=(False,))
    assert surge_run(random.Random(3), Group(200), deaf, per_minute=5.0, warmup=1) is None


def test_false_hits_in_chatter_reach_the_detector() -> None:
    noisy = Pools(complaints=(True,), ordinary=(True,))
    run = simulate(random.Random(4), Group(200), noisy, days=1)
    assert run.alerts and {e.source for e in run.events} == {"chatter"}


def test_the_periodic_job_lets_the_chat_calm_down_so_a_later_surge_alerts_again() -> None:
    def burst(at: int) -> list[Event]:
        return [Event(at + i * MINUTE, COMPLAINT, f"u{at}-{i}", "surge") for i in range(3)]

    alerts = replay(burst(DAY) + burst(DAY + 5 * 60 * MINUTE), 2 * DAY)
    assert [(a.level, a.opened) for a in alerts] == [("watch", True), ("watch", True)]
    assert alerts[0].at == DAY + 2 * MINUTE


def test_complaints_close_on_each_other_can_count_as_contagion() -> None:
    """Two members answering each other within the follow window: two complainers, two
    followers, one complainer short of a watch alert without contagion."""
    events = [Event(DAY + i * MINUTE, COMPLAINT, ("a", "b")[i % 2], "surge") for i in range(3)]
    assert replay(events, 2 * DAY) == []
    alerts = replay(events, 2 * DAY, Rules(follow_within=10 * MINUTE))
    assert [a.level for a in alerts] == ["watch"]


def test_chatter_grows_with_the_group_and_is_capped() -> None:
    volumes = [messages_per_day(n) for n in (20, 200, 1000, 5000, 50_000)]
    assert volumes == sorted(volumes) and volumes[-1] == herd_sim.MESSAGES_CAP


def test_main_skips_without_the_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(herd_sim, "CORPUS", tmp_path / "absent")
    herd_sim.main()
    assert "herd_sim: skipped" in capsys.readouterr().out
