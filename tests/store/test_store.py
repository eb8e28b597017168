"""The store on both backends: migrations, every method, persistence, concurrency, migration."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event, text

from bot.store import AdminRecord, Store, StoreUnavailable
from bot.store.merge import chat_tables
from bot.store.schema import metadata

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


async def test_migrations_are_idempotent(store_url: str) -> None:
    """Opening the same database again re-runs no migration and keeps the data."""
    first = await Store.open(store_url)
    await first.upsert_chat(-1, type="group", title="A", username=None, at=T0)
    await first.close()
    second = await Store.open(store_url)
    chat = await second.get_chat(-1)
    await second.close()
    assert chat is not None and chat.title == "A"


async def test_chat_lifecycle(store: Store) -> None:
    """A chat is registered, configured, and changes status; settings merge."""
    await store.onboard_chat(
        -5,
        type="supergroup",
        title="Shop",
        username="shop",
        rights={"is_admin": True},
        added_by=7,
        language="en",
        timezone="UTC",
        at=T0,
    )
    await store.set_chat_language(-5, "ru")
    await store.set_chat_timezone(-5, "Europe/Moscow")
    assert await store.update_chat_settings(-5, {"mode": "observe", "x": 1}) == {
        "mode": "observe",
        "x": 1,
    }
    assert await store.update_chat_settings(-5, {"x": None}) == {"mode": "observe"}
    await store.set_chat_status(-5, "left", T0)
    chat = await store.get_chat(-5)
    assert chat is not None
    assert (chat.status, chat.language, chat.timezone, chat.added_by) == (
        "left",
        "ru",
        "Europe/Moscow",
        7,
    )
    assert chat.bot_rights == {"is_admin": True}
    assert chat.added_at == T0
    assert [c.chat_id for c in await store.list_chats("left")] == [-5]
    with pytest.raises(KeyError):
        await store.update_chat_settings(-999, {"a": 1})


async def test_members_join_leave_and_count(store: Store) -> None:
    """First-seen survives a re-join; messages are counted; warnings never go below zero."""
    await store.member_joined(-1, 10, T0)
    await store.record_message(-1, 10, T0 + timedelta(minutes=1))
    await store.member_left(-1, 10, T0 + timedelta(hours=1))
    await store.member_joined(-1, 10, T0 + timedelta(days=1))
    member = await store.get_member(-1, 10)
    assert member is not None
    assert member.first_seen_at == T0
    assert member.joined_at == T0 + timedelta(days=1)
    assert member.left_at is None
    assert member.messages_seen == 1
    assert member.last_message_at == T0 + timedelta(minutes=1)
    assert await store.add_warning(-1, 10, T0) == 1
    assert await store.add_warning(-1, 10, T0, n=2) == 3
    assert await store.add_warning(-1, 10, T0, n=-10) == 0
    await store.set_member_approved(-1, 10, True, T0)
    await store.set_member_trusted(-1, 11, True, T0)
    assert (await store.get_member(-1, 10)).approved  # type: ignore[union-attr]
    assert (await store.get_member(-1, 11)).trusted  # type: ignore[union-attr]
    assert await store.list_approved(-1) == [10]
    await store.set_member_approved(-1, 10, False, T0)
    assert await store.list_approved(-1) == []


async def test_concurrent_counters_add_up(store: Store) -> None:
    """Many concurrent writers incrementing the same member lose no count."""
    batches = [[(-1, 10, T0)] * 5 for _ in range(20)]
    await asyncio.gather(*(store.record_messages(b) for b in batches))
    await asyncio.gather(*(store.record_message(-1, 10, T0) for _ in range(10)))
    member = await store.get_member(-1, 10)
    assert member is not None and member.messages_seen == 110


async def test_two_store_instances_share_counts(store_url: str) -> None:
    """Two processes' stores on one database add their increments up."""
    a, b = await Store.open(store_url), await Store.open(store_url)
    try:
        await asyncio.gather(
            *(s.record_messages([(-2, 3, T0)] * 4) for s in (a, b) for _ in range(10))
        )
        member = await a.get_member(-2, 3)
        assert member is not None and member.messages_seen == 80
    finally:
        await a.close()
        await b.close()


async def test_users_and_dm_reachability(store: Store) -> None:
    """Starting the bot makes a user reachable; a 403 makes them unreachable until /start."""
    await store.remember_users([(1, "Alice_Shop", "Alice", "ru", T0)])
    assert not await store.can_dm(1)
    await store.mark_user_started(1, T0)
    assert await store.can_dm(1)
    await store.mark_user_unreachable(1, T0)
    assert not await store.can_dm(1)
    await store.mark_user_started(1, T0)
    assert await store.can_dm(1)
    found = await store.find_user_by_username("@alice_shop")
    assert found is not None and found.user_id == 1 and found.language_code == "ru"
    assert await store.find_user_by_username("nobody") is None
    assert not await store.can_dm(404)


async def test_admin_cache(store: Store) -> None:
    """The admin list is replaced wholesale, updated one by one, and listed per user."""
    await store.upsert_chat(-3, type="supergroup", title="B", username=None, at=T0)
    await store.upsert_chat(-4, type="supergroup", title="A", username=None, at=T0)
    await store.replace_admins(
        -3, [AdminRecord(-3, 1, "creator"), AdminRecord(-3, 2, "administrator")], T0
    )
    await store.upsert_admin(AdminRecord(-4, 1, "administrator", can_promote_members=True), T0)
    await store.upsert_admin(AdminRecord(-3, 2, "administrator", can_delete_messages=True), T0)
    assert (await store.get_admin(-3, 2)).can_delete_messages  # type: ignore[union-attr]
    await store.replace_admins(-3, [AdminRecord(-3, 1, "creator")], T0)
    assert await store.get_admin(-3, 2) is None
    assert [c.title for c in await store.list_admin_chats(1)] == ["A", "B"]
    await store.remove_admin(-4, 1)
    assert [a.user_id for a in await store.list_admins(-4)] == []


async def test_an_event_is_undone_by_a_later_restore_of_the_same_message(store: Store) -> None:
    """A moderator_restore about the same message and member, recorded after the event, undoes
    it; one about another message, another member or from before does not."""
    removed = await store.record_event(
        -1, at=T0, kind="spam_removed", target_user_id=7, message_id=5
    )
    event = await store.get_event(removed)
    assert event is not None and not await store.was_undone(event)
    await store.record_event(-1, at=T0, kind="moderator_restore", target_user_id=7, message_id=6)
    await store.record_event(-1, at=T0, kind="moderator_restore", target_user_id=8, message_id=5)
    await store.record_event(-2, at=T0, kind="moderator_restore", target_user_id=7, message_id=5)
    await store.record_event(-1, at=T0, kind="moderator_confirm", target_user_id=7, message_id=5)
    assert not await store.was_undone(event)
    await store.record_event(-1, at=T0, kind="moderator_restore", target_user_id=7, message_id=5)
    assert await store.was_undone(event)
    hidden = await store.record_event(-1, at=T0, kind="report_hidden", message_id=9)
    report = await store.get_event(hidden)
    assert report is not None and not await store.was_undone(report)
    await store.record_event(-1, at=T0, kind="moderator_restore", message_id=9)
    assert await store.was_undone(report)


async def test_a_nul_or_a_lone_surrogate_in_a_text_is_stored(store: Store) -> None:
    """PostgreSQL refused a member's message holding a NUL ("invalid byte sequence"), so its
    event was never written and Steward took it for the database going away. Both backends
    store such text with U+FFFD in place of the unstorable character."""
    at = await store.record_event(
        -1, at=T0, kind="spam_removed", text="buy\x00now \ud800!", reason="ad\x00"
    )
    event = await store.get_event(at)
    assert event is not None
    assert event.text == "buy\ufffdnow \ufffd!" and event.reason == "ad\ufffd"


async def test_events_and_retention(store: Store) -> None:
    """Events are logged with their checks; retention blanks old texts but keeps the events."""
    old = await store.record_event(
        -1,
        at=T0,
        kind="delete",
        message_id=5,
        text="buy now",
        checks=[{"name": "link", "detail": "1 link"}],
        reason="spam",
    )
    new = await store.record_event(-1, at=T0 + timedelta(days=10), kind="warn", text="fresh")
    assert (await store.find_event_by_message(-1, 5)).id == old  # type: ignore[union-attr]
    assert [e.id for e in await store.list_events(-1)] == [new, old]
    assert await store.purge_texts(T0 + timedelta(days=5)) == 1
    event = await store.get_event(old)
    assert event is not None and event.text is None and event.checks[0]["name"] == "link"
    assert (await store.get_event(new)).text == "fresh"  # type: ignore[union-attr]


async def test_the_latest_event_about_a_message_of_some_kinds(store: Store) -> None:
    """find_event_by_message gives the latest event about a message, or the latest of the
    kinds asked for (a complaint counted, then taken back, among other events)."""
    first = await store.record_event(-1, at=T0, kind="complaint_noted", message_id=5)
    later = await store.record_event(-1, at=T0, kind="spam_warned", message_id=5)
    await store.record_event(-1, at=T0, kind="complaint_noted", message_id=6)
    assert (await store.find_event_by_message(-1, 5)).id == later  # type: ignore[union-attr]
    kinds = ("complaint_noted", "complaint_withdrawn")
    assert (await store.find_event_by_message(-1, 5, kinds)).id == first  # type: ignore[union-attr]
    assert await store.find_event_by_message(-1, 5, ("complaint_withdrawn",)) is None
    assert await store.find_event_by_message(-2, 5, kinds) is None


async def test_migrate_chat_leaves_the_old_groups_message_ids_behind(store: Store) -> None:
    """The supergroup numbers its messages from 1 again: events keep no message id of the old
    group, its reports are dropped (they would count toward another message) and a delete
    still to retry fails, with why."""
    await store.upsert_chat(-20, type="group", title="G", username=None, at=T0)
    event = await store.record_event(
        -20,
        at=T0,
        kind="spam_removed",
        message_id=7,
        outbox=[
            {
                "what": "delete",
                "target": 7,
                "until": None,
                "status": "pending",
                "attempts": 1,
                "next_at": T0,
                "error": "Bad Gateway",
            }
        ],
    )
    await store.add_report(-20, 7, 1, 2, T0)
    assert await store.migrate_chat(-20, -10020, T0)
    moved = await store.get_event(event)
    assert moved is not None and moved.chat_id == -10020 and moved.message_id is None
    (step,) = await store.outbox_for_event(event)
    assert step.status == "failed" and "upgraded" in (step.error or "")
    assert await store.add_report(-10020, 7, 1, 2, T0) == (True, 1)


async def test_migrate_chat_moves_every_table_and_merges(store: Store) -> None:
    """Every chat table moves to the new id; colliding members merge; a second call is a no-op."""
    await store.upsert_chat(-10, type="group", title="G", username=None, at=T0)
    await store.update_chat_settings(-10, {"mode": "observe"})
    await store.member_joined(-10, 1, T0)
    await store.record_messages([(-10, 1, T0)] * 3 + [(-10, 2, T0)])
    await store.add_warning(-10, 1, T0)
    await store.upsert_admin(AdminRecord(-10, 1, "creator"), T0)
    await store.record_event(-10, at=T0, kind="bot_added")
    # The new supergroup already saw member 1 before the migration message arrived.
    await store.record_messages([(-1001, 1, T0 + timedelta(minutes=5))] * 2)
    assert await store.migrate_chat(-10, -1001, T0)
    assert not await store.migrate_chat(-10, -1001, T0)
    moved = await store.get_member(-1001, 1)
    assert moved is not None and moved.messages_seen == 5 and moved.warnings == 1
    assert moved.first_seen_at == T0
    assert (await store.get_member(-1001, 2)).messages_seen == 1  # type: ignore[union-attr]
    assert await store.get_member(-10, 1) is None
    assert await store.get_admin(-1001, 1) is not None
    assert len(await store.list_events(-1001)) == 1 and not await store.list_events(-10)
    old, new = await store.get_chat(-10), await store.get_chat(-1001)
    assert old is not None and old.status == "migrated" and old.migrated_to == -1001
    assert new is not None and new.type == "supergroup" and new.settings == {"mode": "observe"}


async def test_migration_covers_tables_added_later(store: Store) -> None:
    """A table a later migration adds with a chat_id column is moved without new code."""
    extra = sa.Table(
        "test_extra",
        metadata,
        sa.Column("chat_id", sa.BigInteger),
        sa.Column("note", sa.Text),
        extend_existing=True,
    )
    try:
        assert extra in chat_tables()
        async with store.engine.begin() as conn:
            await conn.run_sync(extra.create)
            await conn.execute(extra.insert().values(chat_id=-20, note="keep me"))
        await store.upsert_chat(-20, type="group", title="X", username=None, at=T0)
        assert await store.migrate_chat(-20, -1020, T0)
        async with store.engine.connect() as conn:
            rows = (await conn.execute(sa.select(extra.c.chat_id))).scalars().all()
        assert rows == [-1020]
    finally:
        metadata.remove(extra)
        async with store.engine.begin() as conn:
            await conn.run_sync(lambda c: extra.drop(c, checkfirst=True))


async def test_leases(store: Store) -> None:
    """A second holder is refused while the lease lives and takes it over once it lapses."""
    first = await store.acquire_lease("poller", "a", T0, 60)
    assert first.acquired
    second = await store.acquire_lease("poller", "b", T0 + timedelta(seconds=30), 60)
    assert not second.acquired and second.holder == "a"
    assert await store.renew_lease("poller", "a", T0 + timedelta(seconds=50), 60)
    assert not await store.renew_lease("poller", "b", T0, 60)
    late = await store.acquire_lease("poller", "b", T0 + timedelta(seconds=200), 60)
    assert late.acquired
    await store.release_lease("poller", "a")  # not a's any more: nothing happens
    assert not (await store.acquire_lease("poller", "c", T0 + timedelta(seconds=201), 60)).acquired
    await store.release_lease("poller", "b")
    assert (await store.acquire_lease("poller", "c", T0 + timedelta(seconds=202), 60)).acquired


async def test_concurrent_lease_has_one_winner(store: Store) -> None:
    """Racing acquirers: exactly one gets the lease."""
    results = await asyncio.gather(
        *(store.acquire_lease("race", f"h{i}", T0, 60) for i in range(8))
    )
    assert sum(r.acquired for r in results) == 1


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite+aiosqlite:///{tmp}/no/such/dir/x.db", "cannot open database sqlite+aiosqlite"),
        ("mysql://root@localhost/x", "DATABASE_URL scheme 'mysql' is not supported"),
        ("nonsense", "is not a database URL"),
        (
            "postgresql://postgres:secret@127.0.0.1:9/x",
            "cannot open database postgresql+asyncpg://postgres:***@127.0.0.1:9/x",
        ),
    ],
    ids=["sqlite-missing-dir", "wrong-scheme", "not-a-url", "postgres-closed-port"],
)
async def test_unusable_database_is_one_clear_line(tmp_path, url: str, expected: str) -> None:
    """An unusable database raises StoreUnavailable with one line and no password."""
    with pytest.raises(StoreUnavailable) as info:
        await Store.open(url.format(tmp=tmp_path))
    message = str(info.value)
    assert expected in message
    assert "\n" not in message and "secret" not in message


async def test_onboarding_fills_gaps_and_keeps_choices(store: Store) -> None:
    """Adding Steward registers the chat in one go; re-adding keeps the language and time zone
    the group chose and makes it active again with the new rights and adder."""
    first = await store.onboard_chat(
        -77,
        type="supergroup",
        title="Shop",
        username=None,
        rights={"can_delete_messages": True},
        added_by=1,
        language="ru",
        timezone="Europe/Moscow",
        at=T0,
    )
    assert (first.language, first.timezone, first.status, first.added_by) == (
        "ru",
        "Europe/Moscow",
        "active",
        1,
    )
    await store.set_chat_language(-77, "zh")
    await store.set_chat_status(-77, "kicked", T0 + timedelta(hours=1))
    again = await store.onboard_chat(
        -77,
        type="supergroup",
        title="Shop 2",
        username="shop",
        rights={},
        added_by=2,
        language="en",
        timezone="UTC",
        at=T0 + timedelta(hours=2),
    )
    assert (again.language, again.timezone, again.status) == ("zh", "Europe/Moscow", "active")
    assert (again.title, again.username, again.added_by, again.bot_rights) == (
        "Shop 2",
        "shop",
        2,
        {},
    )


async def test_a_chat_setting_is_swapped_only_from_what_it_held(store: Store) -> None:
    """swap_chat_setting sets a key only while it holds the expected value: of two workers
    swapping from the same value, one wins."""
    await store.upsert_chat(-7, type="supergroup", title="S", username=None, at=T0)
    assert await store.swap_chat_setting(-7, "sent", None, "monday")
    assert not await store.swap_chat_setting(-7, "sent", None, "monday")
    assert await store.swap_chat_setting(-7, "sent", "monday", "next monday")
    chat = await store.get_chat(-7)
    assert chat is not None and chat.settings == {"sent": "next monday"}
    assert not await store.swap_chat_setting(-8, "sent", None, "x")  # no such chat


async def test_warnings_reaching_the_limit_twice_at_once_are_cleared_once(store: Store) -> None:
    """Two /warn at once (two moderators, two workers) both read 3 of 3: only one clears the
    count, so only one mutes (both did, and one said "4/3")."""
    await store.add_warning(-1, 5, T0, n=2)
    assert await store.add_warning(-1, 5, T0) == 3
    assert await store.add_warning(-1, 5, T0) == 4
    cleared = await asyncio.gather(
        store.reset_warnings(-1, 5, at_least=3), store.reset_warnings(-1, 5, at_least=3)
    )
    assert sorted(cleared) == [False, True]
    assert not await store.reset_warnings(-1, 5, at_least=3)
    assert await store.reset_warnings(-1, 5)  # unconditional, as /unwarn does


async def test_a_connection_in_use_while_the_store_reconnects_is_closed_when_it_comes_back(
    store: Store,
) -> None:
    """`reconnect` (the store watch's retry on fresh connections after a failed probe) used
    `engine.dispose()`, which drops only the pooled connections: one in use at that moment went
    back to the discarded pool and was never closed (with aiosqlite, a worker thread left open
    and, at garbage collection, the ResourceWarning that failed CI now and then). It is closed
    at its next checkout now, and a fresh one takes its place."""
    engine = store.engine.sync_engine
    closed: list[object] = []
    event.listen(engine, "close", lambda dbapi, _record: closed.append(dbapi))
    async with store.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
        in_use = (await conn.get_raw_connection()).dbapi_connection
        await store.reconnect()
    await store.probe("test", datetime(2026, 1, 1, tzinfo=UTC))
    assert in_use in closed
    async with store.engine.connect() as conn:
        assert (await conn.get_raw_connection()).dbapi_connection is not in_use
