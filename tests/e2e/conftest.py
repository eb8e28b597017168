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
