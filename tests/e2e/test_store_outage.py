"""The database going away (#15, item 4): while it takes no writes Steward keeps removing spam
from what it knows, keeps the records, tells the owners once, and, when the database is back,
writes them (alerts included) and answers commands again, without a restart. A deleted SQLite
file is noticed and written back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DataError

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import AD, owner_and_shop


def _query_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


@asynccontextmanager
async def read_only(steward: Harness) -> AsyncIterator[None]:
    """Every connection of the store refuses writes, as SQLite does for a read-only file."""
    store = steward.services.store
    engine = store.engine.sync_engine
    event.listen(engine, "connect", _query_only)
    await store.reconnect()
    try:
        yield
    finally:
        event.remove(engine, "connect", _query_only)


async def _watch(world: World, steward: Harness, seconds: float = 5) -> None:
    world.clock.advance(seconds)  # type: ignore[attr-defined]
    services = steward.services
    assert steward.app is not None
    await services.watch.tick(services, steward.app.bot)
    await steward.settle()


async def test_a_read_only_database_stops_nothing_and_loses_nothing(clocked):
    world, steward = clocked
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Shop", owner=alice)
    bob = await shop.join(world.user("bob"))
    await bob.says("hello all")
    await steward.settle()
    await _watch(world, steward)  # learns whom to tell
    dms_before = len(alice.dms)

    async with read_only(steward):
        mallory = await shop.join(world.user("mallory"))
        ad = await mallory.says(AD)
        await steward.settle()
        assert ad.deleted and shop.is_restricted(world.user("mallory"))  # moderation goes on
        await _watch(world, steward)
        await _watch(world, steward)
        told = [m.text for m in alice.dms[dms_before:]]
        assert sum("can't write to its database" in t for t in told) == 1  # told once
        assert steward.services.watch.waiting == 1
        await shop.member(alice).says("/warn @bob rude")
        await steward.settle()
        assert "database" in shop.last_bot_message.text.lower()

    await _watch(world, steward)
    told = [m.text for m in alice.dms[dms_before:]]
    assert any("database is back. 1 records" in t for t in told)
    assert any("Removed a message from @mallory" in t for t in told)  # the alert, late not lost
    event_ = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event_ is not None and event_.kind == "spam_removed"
    await shop.member(alice).says("/warn @bob rude")
    await steward.settle()
    assert "@bob has been warned (1/3)" in shop.last_bot_message.text  # no restart needed
    # The one update that failed is the /warn sent during the outage, answered plainly.
    assert [type(e).__name__ for e in steward.errors] == ["OperationalError"]
    steward.errors.clear()


async def test_a_deleted_database_file_is_noticed_and_written_back(clocked):
    world, steward = clocked
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Shop", owner=alice)
    await steward.settle()
    store = steward.services.store
    assert store.file is not None and store.file.exists()
    store.file.unlink()
    assert store.file_missing()
    await _watch(world, steward)
    assert store.file.exists() and not store.file_missing()
    chat = await store.get_chat(shop.id)
    assert chat is not None and chat.title == "Shop"  # what the lost file held is back
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert ad.deleted
    await steward.restart()
    assert await steward.services.store.find_event_by_message(shop.id, ad.id) is not None


async def test_no_connection_makes_an_empty_database_where_the_file_was(tmp_path) -> None:
    """While the file is gone, a new connection is refused rather than letting SQLite create an
    empty database at the path (every reader after it would find no tables, and a write back
    could copy the empty one); a pooled connection to the old file still writes it back."""
    from datetime import UTC, datetime

    from bot.store import DATABASE_ERRORS, Store

    path = tmp_path / "s.sqlite3"
    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    now = datetime(2026, 3, 1, tzinfo=UTC)
    try:
        await store.probe("me", now)
        async with store.engine.connect():  # a connection held open on the old file
            path.unlink()
            assert store.file_missing()
            try:
                async with store.engine.connect():  # needs a second, new connection
                    raise AssertionError("a new connection to a missing file was opened")
            except DATABASE_ERRORS:
                pass
            assert not path.exists(), "an empty database appeared at the path"
        assert await store.restore_file()
        assert path.exists() and not store.file_missing()
        await store.probe("me", now)
    finally:
        await store.engine.dispose()


async def test_a_write_under_way_when_the_file_is_written_back_is_not_lost(tmp_path) -> None:
    """The write-back waits for a write already under way on the deleted file (so the copy has
    it) and hands out no connection until the copy is made: a write in that window used to land
    on the deleted file after the copy, and was lost with it."""
    import asyncio
    from datetime import UTC, datetime

    from sqlalchemy import text

    from bot.store import DATABASE_ERRORS, Store

    path = tmp_path / "s.sqlite3"
    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    now = datetime(2026, 3, 1, tzinfo=UTC)
    try:
        await store.probe("me", now)
        async with store.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE notes (body TEXT)"))
        writing = store.engine.connect()
        conn = await writing.__aenter__()  # a write under way on the old file
        path.unlink()
        restore = asyncio.create_task(store.restore_file())
        for _ in range(20):
            await asyncio.sleep(0)
        assert not restore.done(), "the write-back did not wait for the write under way"
        try:
            async with store.engine.connect():
                raise AssertionError("a connection was handed out during the write-back")
        except DATABASE_ERRORS:
            pass
        await conn.execute(text("INSERT INTO notes VALUES ('kept')"))
        await conn.commit()
        await writing.__aexit__(None, None, None)
        assert await restore
        async with store.engine.connect() as fresh:
            rows = (await fresh.execute(text("SELECT body FROM notes"))).all()
        assert [r[0] for r in rows] == ["kept"]
    finally:
        await store.engine.dispose()


async def test_a_connection_tried_during_the_write_back_does_not_lose_the_last_writes(
    tmp_path, monkeypatch
) -> None:
    """The last writes before the file was deleted are only in its write-ahead log. The copy is
    written at the path, so for a moment an empty database is there; a new connection opened on
    it then (a handler trying the store) made SQLite delete the log as an empty database's stale
    one, and those writes were gone from the copy (the outage soak's "lost 30"). No new
    connection is opened until the copy is made."""
    import asyncio
    import sqlite3
    import threading
    from datetime import UTC, datetime
    from pathlib import Path

    from sqlalchemy import text

    from bot.store import DATABASE_ERRORS, Store, health

    path = tmp_path / "s.sqlite3"
    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    now = datetime(2026, 3, 1, tzinfo=UTC)
    created, proceed = threading.Event(), threading.Event()
    original = health._open_sqlite

    def copy_then_wait(target: Path) -> sqlite3.Connection:
        copy = original(target)
        created.set()
        proceed.wait(5)
        return copy

    monkeypatch.setattr(health, "_open_sqlite", copy_then_wait)
    try:
        await store.probe("me", now)
        async with store.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE notes (body TEXT)"))
            await conn.execute(text("INSERT INTO notes VALUES ('last')"))
        path.unlink()
        await store.engine.dispose()  # no checkpoint on a deleted file: the row is in the log
        restore = asyncio.create_task(store.restore_file())
        assert await asyncio.to_thread(created.wait, 5)
        try:
            async with store.engine.connect():
                raise AssertionError("a connection was opened during the write-back")
        except DATABASE_ERRORS:
            pass
        proceed.set()
        assert await restore
        async with store.engine.connect() as fresh:
            rows = (await fresh.execute(text("SELECT body FROM notes"))).all()
        assert [r[0] for r in rows] == ["last"]
    finally:
        proceed.set()
        await store.engine.dispose()
        store.close_keeper()


async def test_two_ticks_at_once_write_each_kept_record_once(clocked):
    """The watch's job and a caller may tick together when the store comes back: the records
    kept during the outage are written once, and neither tick fails."""
    import asyncio

    world, steward = clocked
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Shop", owner=alice)
    await steward.settle()
    await _watch(world, steward)
    async with read_only(steward):
        ad = await (await shop.join(world.user("mallory"))).says(AD)
        await steward.settle()
        await _watch(world, steward)
        assert steward.services.watch.waiting == 1
    services = steward.services
    assert steward.app is not None
    await asyncio.gather(
        services.watch.tick(services, steward.app.bot),
        services.watch.tick(services, steward.app.bot),
    )
    await steward.settle()
    assert services.watch.waiting == 0
    events = await services.store.list_events(shop.id, limit=50)
    assert sum(1 for e in events if e.message_id == ad.id) == 1


async def test_a_record_the_database_refuses_is_dropped_not_taken_for_an_outage(
    clocked, monkeypatch
):
    """A write refused for what it holds (PostgreSQL's "invalid byte sequence" for a NUL was
    one) marked the database down, and the record, kept and tried first on every probe, held
    back every write after it for the life of the process. It is logged and dropped; the ad is
    still removed and the next event is written at once."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward)
    store = steward.services.store
    original = store.record_event
    refusals = 0

    async def refuse_once(*args: Any, **kwargs: Any) -> int:
        nonlocal refusals
        if kwargs.get("kind") == "spam_removed" and not refusals:
            refusals += 1
            raise DataError("INSERT", {}, ValueError("invalid byte sequence"))
        event_id: int = await original(*args, **kwargs)
        return event_id

    monkeypatch.setattr(store, "record_event", refuse_once)
    first = await (await shop.join(world.user("mallory"))).says(AD)
    await steward.settle()
    assert first.deleted and refusals == 1
    watch = steward.services.watch
    assert watch.down_since is None and watch.waiting == 0
    second = await (await shop.join(world.user("trudy"))).says(AD)
    await steward.settle()
    await _watch(world, steward)
    assert second.deleted
    recorded = await store.find_event_by_message(shop.id, second.id)
    assert recorded is not None and recorded.kind == "spam_removed"
    assert not any("database" in m.text for m in alice.dms)


async def test_records_kept_during_an_outage_outlive_a_stop(clocked):
    """The database refuses writes; an ad comes and Telegram fails its deletion in passing.
    The owner, told the database is away, fixes it and restarts Steward: the kept event and its
    pending delete were lost with the process, and the ad stayed up for good. They are kept on
    disk at the stop and written at the first good probe after the start."""
    world, steward = clocked
    _alice, shop = await owner_and_shop(world, steward)
    world.faults.fail("deleteMessage", "5xx", times=3)
    store = steward.services.store
    engine = store.engine.sync_engine
    event.listen(engine, "connect", _query_only)
    await store.reconnect()
    ad = await (await shop.join(world.user("mallory"))).says(AD)
    await steward.settle()
    assert not ad.deleted and steward.services.watch.waiting == 1
    await steward.stop()
    event.remove(engine, "connect", _query_only)
    await steward.start()
    for _ in range(4):
        await _watch(world, steward, 30)
        assert steward.app is not None
        await steward.services.outbox.tick(steward.services, steward.app.bot)
        await steward.settle()
    assert await steward.services.store.find_event_by_message(shop.id, ad.id) is not None
    assert ad.deleted
    assert steward.services.watch.waiting == 0


def test_a_spool_is_taken_up_only_from_a_stopped_process(tmp_path) -> None:
    """Another worker's spool (its process running) is its own; a stopped one's is taken up."""
    from bot.durable import StoreWatch

    (tmp_path / "steward-spool-1").write_text('{"chat_id": 1}\n', encoding="utf-8")  # init runs
    (tmp_path / "steward-spool-4194999").write_text('{"a": 1}\n{"b": 2}\n', encoding="utf-8")
    watch = StoreWatch(tmp_path)
    assert watch.adopt() == 2 and watch.waiting == 2
    assert (tmp_path / "steward-spool-1").exists()
    assert not (tmp_path / "steward-spool-4194999").exists()
