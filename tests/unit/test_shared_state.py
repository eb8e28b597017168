"""Shared detector state through the store: flood windows and per-chat learning, two workers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.models import Models
from bot.store import Store, WindowCount
from bot.windows import SharedFlood
from policies.flood import TEXT_KIND, USER_KIND, WINDOW
from policies.spam import _flood_check
from policies.text import normalise

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
# Long enough to be tracked as a possible campaign (MIN_CHARS after normalising).
CAMPAIGN = "Limited offer: premium accounts for sale today, message me for the price list"
LESSON = "New collection drop tonight in our partner store, prices lower than here, ask me"
OTHER = "Fresh sneakers restock this weekend, our outlet has every size, come by soon"


@pytest.fixture
def db_url(tmp_path) -> str:
    """One SQLite database file that several Store objects (workers) open."""
    return f"sqlite+aiosqlite:///{tmp_path}/shared.sqlite3"


@pytest.fixture
async def open_store(db_url: str) -> AsyncIterator[Callable[[], Awaitable[Store]]]:
    """Open another Store on the shared file (one per worker or restart); all closed after."""
    opened: list[Store] = []

    async def open_one() -> Store:
        store = await Store.open(db_url)
        opened.append(store)
        return store

    yield open_one
    for store in opened:
        await store.close()


def at(seconds: float) -> datetime:
    """T0 plus some seconds."""
    return T0 + timedelta(seconds=seconds)


# -- flood windows ------------------------------------------------------------------------------


async def test_two_workers_count_one_campaign_across_chats(open_store) -> None:
    """A text worker A saw in chat 1 counts when worker B sees its author post it in chat 2."""
    store_a, store_b = await open_store(), await open_store()
    flood_a, flood_b = SharedFlood(), SharedFlood()
    await flood_b.sync(store_b, at(-1))  # B started before A saw anything
    norm = normalise(CAMPAIGN)
    first = flood_a.observe(norm, 1, 7, at(0))
    assert first.same_user_chats == 1 and _flood_check(first) is None
    await flood_a.sync(store_a, at(0.5))
    await flood_b.sync(store_b, at(1))
    seen = flood_b.observe(norm, 2, 7, at(1.5))
    assert seen.same_user_chats == 2
    assert seen.same_text_chats == 2 and seen.same_text_count == 2
    assert _flood_check(seen) is not None


async def test_a_worker_does_not_read_its_own_writes_back_yet_sees_the_others(
    open_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync reads back only windows another worker touched since, not its own writes. Both
    workers counting the very same window (one author, one chat, one second) end up with the
    sum once each has read the other's write."""
    store_a, store_b = await open_store(), await open_store()
    flood_a, flood_b = SharedFlood(), SharedFlood()
    norm = normalise(CAMPAIGN)
    read: list[int] = []
    real_rows = store_a.window_rows

    async def counted(kind: str, **kwargs: Any) -> list[WindowCount]:
        rows: list[WindowCount] = await real_rows(kind, **kwargs)
        read.append(len(rows))
        return rows

    monkeypatch.setattr(store_a, "window_rows", counted)
    flood_a.observe(norm, 1, 7, at(0))
    await flood_a.sync(store_a, at(0.5))
    await flood_a.sync(store_a, at(1.5))
    assert sum(read) == 0  # its own two windows (text and author) are not read back
    # B counts the same author in the same chat in the same second, then A writes again.
    flood_b.observe(norm, 1, 7, at(0.2))
    await flood_b.sync(store_b, at(2))
    flood_a.observe(normalise(OTHER), 1, 8, at(2.2))
    await flood_a.sync(store_a, at(2.5))
    assert sum(read) == 2  # B's two windows, once
    seen = flood_a.observe(norm, 1, 7, at(3))
    assert seen.same_text_count == 3  # A's, B's and this one
    # A wrote the shared window last: B learns A's count from A's write, read back once.
    flood_a.observe(norm, 1, 7, at(0.4))
    await flood_a.sync(store_a, at(3.5))
    await flood_b.sync(store_b, at(4))
    assert flood_b.observe(norm, 1, 7, at(4.5)).same_text_count == 5


async def test_restart_keeps_recent_sightings_only(open_store) -> None:
    """A fresh window synced at start-up sees recent sightings but not ones past the window."""
    store = await open_store()
    flood = SharedFlood()
    norm = normalise(CAMPAIGN)
    flood.observe(norm, 1, 7, at(0))
    await flood.sync(store, at(1))

    # A restart five minutes later: new process, new Store object, same database.
    restarted = SharedFlood()
    await restarted.sync(await open_store(), at(300))
    seen = restarted.observe(norm, 2, 7, at(301))
    assert seen.same_user_chats == 2 and _flood_check(seen) is not None

    # A restart eleven minutes after the first sighting: it is past the window and stays gone.
    late = SharedFlood()
    await late.sync(await open_store(), at(WINDOW.total_seconds() + 60))
    fresh = late.observe(norm, 3, 7, at(WINDOW.total_seconds() + 61))
    assert fresh.same_user_chats == 1 and fresh.same_text_count == 1
    assert _flood_check(fresh) is None


async def test_failed_window_write_keeps_the_increments(
    open_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store write that fails once loses nothing: the next sync writes every increment."""
    store = await open_store()
    flood = SharedFlood()
    norm = normalise(CAMPAIGN)
    real_add = store.add_to_windows
    failures: list[int] = []

    async def flaky(rows: Iterable[WindowCount], when: datetime) -> None:
        if not failures:
            failures.append(1)
            raise RuntimeError("database is locked")
        await real_add(rows, when)

    monkeypatch.setattr(store, "add_to_windows", flaky)
    flood.observe(norm, 1, 7, at(0))
    flood.observe(norm, 1, 7, at(0))
    with pytest.raises(RuntimeError):
        await flood.sync(store, at(1))
    assert await store.window_totals(0, TEXT_KIND, at(-60)) == {}
    flood.observe(norm, 1, 7, at(2))  # counted while the store was down
    await flood.sync(store, at(3))
    texts = await store.window_totals(0, TEXT_KIND, at(-60))
    assert sum(texts.values()) == 3
    assert await store.window_totals(1, USER_KIND, at(-60)) == {"7": 3}
    # Nothing is written twice either.
    await flood.sync(store, at(4))
    assert sum((await store.window_totals(0, TEXT_KIND, at(-60))).values()) == 3
    # And another worker sees all three sightings.
    other = SharedFlood()
    await other.sync(await open_store(), at(5))
    seen = other.observe(norm, 1, 7, at(6))
    assert seen.same_text_count == 4


# -- per-chat learning --------------------------------------------------------------------------


async def test_two_workers_share_learning_and_a_restart_keeps_it(open_store) -> None:
    """One worker's stored sample reaches the other on sync and on restart; other chats' do not."""
    store_a, store_b = await open_store(), await open_store()
    models_a, models_b = await Models.load(store_a), await Models.load(store_b)
    norm, other_norm = normalise(LESSON), normalise(OTHER)
    before = models_b.for_chat(-100).score(norm)
    assert before == pytest.approx(models_b.shared.score(norm))

    await store_a.add_samples([(-100, LESSON, "spam")], source="moderator", at=T0)
    assert await models_a.sync(store_a) == 1
    learned = models_a.for_chat(-100).score(norm)
    assert learned > before + 0.05

    assert models_b.for_chat(-100).score(norm) == pytest.approx(before)  # not synced yet
    assert await models_b.sync(store_b) == 1
    assert models_b.for_chat(-100).score(norm) == pytest.approx(learned)

    restarted = await Models.load(await open_store())
    assert restarted.for_chat(-100).score(norm) == pytest.approx(learned)

    # Another chat's lessons stay in that chat: here, the same text called fine and another
    # text called spam.
    other_before = models_b.for_chat(-100).score(other_norm)
    await store_b.add_samples(
        [(-200, LESSON, "ham"), (-200, OTHER, "spam")], source="moderator", at=T0
    )
    await models_b.sync(store_b)
    await models_a.sync(store_a)
    for models in (models_a, models_b, await Models.load(await open_store())):
        assert models.for_chat(-100).score(norm) == pytest.approx(learned)
        assert models.for_chat(-100).score(other_norm) == pytest.approx(other_before)
        assert models.for_chat(-200).score(norm) < before
        assert models.for_chat(-200).score(other_norm) > other_before


async def _chat_with_lesson(store: Store, models: Models, chat_id: int) -> float:
    """Register a basic group, teach its model LESSON as spam, and return the learned score."""
    await store.upsert_chat(chat_id, type="group", title="Small group", username=None, at=T0)
    await store.add_samples([(chat_id, LESSON, "spam")], source="moderator", at=T0)
    await models.sync(store)
    return models.for_chat(chat_id).score(normalise(LESSON))


async def test_migration_moves_the_chat_model(open_store) -> None:
    """After a group becomes a supergroup its learning scores under the new id, also on restart."""
    store = await open_store()
    models = await Models.load(store)
    norm = normalise(LESSON)
    learned = await _chat_with_lesson(store, models, -100)
    assert learned > models.shared.score(norm) + 0.05

    assert await store.migrate_chat(-100, -1001, at(1))
    models.move_chat(-100, -1001)
    assert models.for_chat(-1001).score(norm) == pytest.approx(learned)
    await models.sync(store)
    assert models.for_chat(-1001).score(norm) == pytest.approx(learned)

    restarted = await Models.load(await open_store())
    assert restarted.for_chat(-1001).score(norm) == pytest.approx(learned)
    assert restarted.for_chat(-100).score(norm) == pytest.approx(restarted.shared.score(norm))


async def test_migration_reaches_a_worker_that_did_not_see_it(open_store) -> None:
    """A worker that did not handle the migration also scores the new id with the learning."""
    store_a, store_b = await open_store(), await open_store()
    models_a, models_b = await Models.load(store_a), await Models.load(store_b)
    norm = normalise(LESSON)
    learned = await _chat_with_lesson(store_a, models_a, -100)
    await models_b.sync(store_b)
    assert models_b.for_chat(-100).score(norm) == pytest.approx(learned)

    # Worker A handles the migration service message; worker B only syncs as usual.
    assert await store_a.migrate_chat(-100, -1001, at(1))
    models_a.move_chat(-100, -1001)
    await models_b.sync(store_b)
    assert models_b.for_chat(-1001).score(norm) == pytest.approx(learned)
