"""End-to-end fixtures: the real Steward Application on a sandbox world and an SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.harness import Harness, sandbox_settings
from bot.sandbox import World


@pytest.fixture
def world() -> World:
    """A fresh Telegram sandbox with Steward's bot account."""
    return World(bot_username="StewardTestBot")


@pytest.fixture
async def steward(world: World, tmp_path) -> AsyncIterator[Harness]:
    """Steward running on the world; the test fails if any handler raised."""
    harness = Harness(world, sandbox_settings(tmp_path / "steward.sqlite3", world))
    await harness.start()
    yield harness
    await harness.stop()
    assert not harness.errors, f"handlers raised: {harness.errors!r}"


@pytest.fixture
async def clocked(tmp_path) -> AsyncIterator[tuple[World, Harness]]:
    """A world on a clock the test moves by hand (from 2026-01-01 12:00 UTC, a Thursday), and
    Steward on that clock; the test fails if any handler raised (a test that expects a failure
    clears `steward.errors` once it has looked at them)."""
    world = World(bot_username="StewardTestBot", fake_clock=True)
    harness = Harness(world, sandbox_settings(tmp_path / "s.sqlite3", world), clock=world.clock)
    await harness.start()
    yield world, harness
    await harness.stop()
    assert not harness.errors, f"handlers raised: {harness.errors!r}"
