"""`make soak` stays runnable: its two quickest scenarios run here (the rest only in make soak)
and count nothing wrong."""

from __future__ import annotations

import gc

import pytest

from benchmarks import soak


# The scenario deletes the database file under open connections: a connection the pool lost
# track of then is collected unclosed, which is the outage's debris, not a product failure
# (what the scenario checks is its counts).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
async def test_the_outage_scenario_counts_nothing_wrong() -> None:
    result = await soak.outage()
    # Collect that debris now, under this test's filter: left to a later collection, it was
    # reported when the session ended and turned a green run red.
    gc.collect()
    assert result.ads == 50 and result.counted_nothing_wrong, soak._row(result)
    assert "down 1x, back 1x" in result.notes[0]


async def test_the_flood_scenario_removes_every_quiet_groups_ad() -> None:
    """Every ad in the ten quiet groups is removed while one group floods commands. How fast is
    a figure `make soak` prints (p99 from the ad to its removal), not a timed assertion here: a
    busy machine would fail it."""
    result = await soak.flood()
    assert result.ads == 10 and result.counted_nothing_wrong, soak._row(result)
    assert result.p99_ms is not None
