"""The hot-path cache: unflushed counts are visible, flushed exactly once, kept on failure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.caches import HotCache
from bot.store import Store

T0 = datetime(2026, 5, 1, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path):
    """A fresh SQLite store."""
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3")
    yield opened
    await opened.close()


async def test_pending_counts_are_seen_before_and_after_flush(store: Store) -> None:
    """A member read before the flush includes this process's pending messages; no double count."""
    await store.member_joined(-1, 7, T0)
    cache = HotCache(store)
    for _ in range(3):
        await cache.count_message(-1, 7, T0)
    seen = await cache.member(-1, 7)
    assert seen is not None and seen.messages_seen == 3
    await cache.flush()
    stored = await store.get_member(-1, 7)
    assert stored is not None and stored.messages_seen == 3
    cache.forget_member(-1, 7)
    again = await cache.member(-1, 7)
    assert again is not None and again.messages_seen == 3


async def test_failed_flush_keeps_counts(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the database refuses a flush, nothing is lost; the next flush writes it all."""
    cache = HotCache(store)
    await cache.count_message(-1, 8, T0)
    await cache.count_message(-1, 8, T0)

    async def broken(_batch: object) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(store, "record_messages", broken)
    with pytest.raises(RuntimeError):
        await cache.flush()
    assert cache.pending == 2
    monkeypatch.undo()
    await cache.flush()
    stored = await store.get_member(-1, 8)
    assert stored is not None and stored.messages_seen == 2
