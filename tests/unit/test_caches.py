"""The hot-path cache: unflushed counts are visible, flushed exactly once, kept on failure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.caches import HotCache
from bot.store import MemberRecord, Store

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


async def test_names_wait_for_the_flush_yet_are_read_at_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newcomer's names cost their join no write: the store's reads see them before the flush
    (a DM in their language, /approve @them), the flush writes them, a failed one keeps them."""
    await store.mark_user_started(5, T0)
    cache = HotCache(store)
    written: list[int] = []
    real = store.remember_users

    async def counted(people: object) -> None:
        batch = list(people)  # type: ignore[call-overload]
        written.append(len(batch))
        await real(batch)

    monkeypatch.setattr(store, "remember_users", counted)
    await cache.remember_person(5, username="Olga", first_name="Olga", language_code="ru", at=T0)
    await cache.remember_person(6, username="newbie", first_name="N", language_code=None, at=T0)
    assert written == []
    olga = await store.get_user(5)
    assert olga is not None and olga.language_code == "ru" and olga.reachable  # row kept
    found = await store.find_user_by_username("@NEWBIE")
    assert found is not None and found.user_id == 6 and found.started_at is None
    # The same names again are no news; a new name replaces the waiting one.
    await cache.remember_person(6, username="newbie", first_name="N", language_code=None, at=T0)
    await cache.remember_person(6, username="newbie2", first_name="N", language_code=None, at=T0)
    assert await store.find_user_by_username("newbie") is None
    monkeypatch.setattr(store, "remember_users", _refuse)
    await cache.flush()  # logged, kept, and the message counts are still written
    assert written == []
    monkeypatch.setattr(store, "remember_users", counted)
    await cache.flush()
    assert written == [2]
    await cache.flush()
    assert written == [2]
    again = await store.find_user_by_username("Newbie2")
    assert again is not None and again.user_id == 6


async def _refuse(people: object) -> None:
    raise RuntimeError("database is locked")


async def test_a_handle_first_unknown_is_a_member_once_they_are_seen(store: Store) -> None:
    """A mention of @newbie before they joined was nobody; once they are seen in the chat, the
    same mention is of a member (the "nobody" answer is not kept for ten minutes)."""
    cache = HotCache(store)
    assert await cache.members_among(-1, ["newbie"]) == frozenset()
    await store.member_joined(-1, 6, T0)
    await cache.remember_person(6, username="Newbie", first_name="N", language_code=None, at=T0)
    assert await cache.members_among(-1, ["newbie"]) == frozenset({"newbie"})


def test_a_counted_member_record_keeps_every_other_field() -> None:
    """`MemberRecord.counted` builds the record field by field (faster than `replace`): every
    field but the count and the last message's time stays as it was."""
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    record = MemberRecord(-100, 7, t0, t0 + timedelta(1), t0 + timedelta(2), 5, t0, True, False, 2)
    later = t0 + timedelta(3)
    expected = replace(record, messages_seen=8, last_message_at=later)
    assert record.counted(3, later) == expected
