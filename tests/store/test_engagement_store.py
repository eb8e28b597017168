"""The store's engagement rows on both backends: claims, leases, finishing a run, owners'
prompts, posts and their effect, and a group's rows following it to its supergroup."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

from bot.store import PostRecord, Store, WindowCount

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
CHAT = -100500


async def _schedule(store: Store, at: datetime = T0) -> int:
    await store.upsert_chat(CHAT, type="supergroup", title="Shop", username=None, at=T0)
    return await store.add_schedule(
        CHAT, cron="0 13 * * *", shown="daily 13:00", next_run_at=at, created_by=1, at=T0
    )


def _post(schedule_id: int | None, key: str = "lib:a", message_id: int = 50) -> PostRecord:
    return PostRecord(
        id=0,
        chat_id=CHAT,
        schedule_id=schedule_id,
        prompt_key=key,
        kind="question",
        message_id=message_id,
        posted_at=T0,
    )


async def test_a_due_run_is_claimed_once_even_when_raced(store: Store) -> None:
    await _schedule(store)
    due = await store.due_schedules(T0)
    assert [s.shown for s in due] == ["daily 13:00"]
    lease = T0 + timedelta(minutes=2)
    wins = await asyncio.gather(*(store.claim_schedule(due[0], T0, lease) for _ in range(5)))
    assert sorted(wins) == [False, False, False, False, True]
    assert await store.due_schedules(T0) == []  # claimed: not offered again
    # A worker that died mid-post lets the lease lapse: the run is offered again.
    later = lease + timedelta(seconds=1)
    assert [s.id for s in await store.due_schedules(later)] == [due[0].id]
    assert await store.claim_schedule(due[0], later, later + timedelta(minutes=2))


async def test_a_run_marked_as_sending_keeps_the_mark_unless_given_back_unsent(
    store: Store,
) -> None:
    await _schedule(store)
    (due,) = await store.due_schedules(T0)
    assert await store.claim_schedule(due, T0, T0 + timedelta(minutes=2))
    await store.mark_sending(due, T0)
    (row,) = await store.list_schedules(CHAT)
    assert (row.last_outcome, row.last_run_at) == ("sending", T0)
    await store.release_schedule(due.id, T0 + timedelta(minutes=1))  # failed after the post
    (row,) = await store.list_schedules(CHAT)
    assert row.last_outcome == "sending"
    await store.release_schedule(due.id, T0 + timedelta(minutes=1), unsent=due)  # 429: not sent
    (row,) = await store.list_schedules(CHAT)
    assert (row.last_outcome, row.last_run_at) == (None, None)
    stale = await store.list_schedules(CHAT)
    other_run = dataclasses.replace(due, next_run_at=T0 - timedelta(days=1))
    await store.mark_sending(other_run, T0)  # another run's mark never lands on this one
    assert await store.list_schedules(CHAT) == stale


async def test_finishing_records_the_post_and_advances_in_one_step(store: Store) -> None:
    schedule_id = await _schedule(store)
    (due,) = await store.due_schedules(T0)
    assert await store.claim_schedule(due, T0, T0 + timedelta(minutes=2))
    post_id = await store.finish_schedule(
        schedule_id,
        next_run_at=T0 + timedelta(days=1),
        outcome="posted",
        at=T0,
        post=_post(schedule_id),
    )
    assert post_id is not None
    (row,) = await store.list_schedules(CHAT)
    assert row.next_run_at == T0 + timedelta(days=1) and row.last_outcome == "posted"
    assert not await store.claim_schedule(due, T0, T0)  # the old run is gone
    (post,) = await store.list_posts(CHAT)
    assert (post.id, post.schedule_id, post.measured_at) == (post_id, schedule_id, None)
    assert [p.id for p in await store.open_posts(T0 - timedelta(hours=1))] == [post_id]
    await store.set_post_effect(
        post_id,
        replies=2,
        messages=5,
        participants=3,
        baseline_messages=1.5,
        baseline_participants=1.0,
        at=T0 + timedelta(hours=1),
    )
    assert await store.open_posts(T0 - timedelta(hours=1)) == []
    (measured,) = await store.measured_posts(chat_id=CHAT)
    assert (measured.replies, measured.participants, measured.baseline_messages) == (2, 3, 1.5)
    assert await store.count_posts(CHAT, T0) == 1


async def test_pause_resume_release_and_remove(store: Store) -> None:
    schedule_id = await _schedule(store)
    assert await store.set_schedule_paused(CHAT, schedule_id, True, None) == 1
    assert await store.due_schedules(T0 + timedelta(days=3)) == []
    fresh = T0 + timedelta(days=3, hours=1)
    assert await store.set_schedule_paused(CHAT, None, False, fresh) == 1
    (row,) = await store.list_schedules(CHAT)
    assert not row.paused and row.next_run_at == fresh
    (due,) = await store.due_schedules(fresh)
    assert await store.claim_schedule(due, fresh, fresh + timedelta(minutes=2))
    await store.release_schedule(schedule_id, fresh + timedelta(seconds=30))
    assert await store.due_schedules(fresh + timedelta(seconds=10)) == []
    assert len(await store.due_schedules(fresh + timedelta(seconds=31))) == 1
    assert not await store.remove_schedule(CHAT + 1, schedule_id)
    assert await store.remove_schedule(CHAT, schedule_id)
    assert await store.list_schedules(CHAT) == []


async def test_owners_prompts(store: Store) -> None:
    first = await store.add_chat_prompt(
        CHAT, kind="poll", text="Which?", options=["A", "B"], created_by=1, at=T0
    )
    await store.add_chat_prompt(
        CHAT, kind="question", text="Why?", options=[], created_by=1, at=T0
    )
    rows = await store.list_chat_prompts(CHAT)
    assert [(p.kind, p.text, p.options) for p in rows] == [
        ("poll", "Which?", ("A", "B")),
        ("question", "Why?", ()),
    ]
    assert not await store.remove_chat_prompt(CHAT + 1, first)
    assert await store.remove_chat_prompt(CHAT, first)
    assert [p.text for p in await store.list_chat_prompts(CHAT)] == ["Why?"]


async def test_chat_windows_reads_one_chat_by_kind_and_literal_prefix(store: Store) -> None:
    rows = [
        WindowCount(CHAT, "prompt_effect", "5:messages", T0, 3),
        WindowCount(CHAT, "prompt_effect", "55:messages", T0, 9),
        WindowCount(CHAT, "prompt_effect", "5:u7", T0, 1),
        WindowCount(CHAT, "activity", "messages", T0, 4),
        WindowCount(CHAT + 1, "prompt_effect", "5:messages", T0, 8),
    ]
    await store.add_to_windows(rows, T0)
    found = await store.chat_windows(CHAT, ("prompt_effect",), T0, key_prefix="5:")
    assert sorted((r.key, r.n) for r in found) == [("5:messages", 3), ("5:u7", 1)]
    both = await store.chat_windows(CHAT, ("prompt_effect", "activity"), T0)
    assert len(both) == 4
    assert await store.chat_windows(CHAT, ("activity",), T0 + timedelta(hours=1)) == []


async def test_schedules_prompts_and_posts_follow_a_group_to_its_supergroup(store: Store) -> None:
    old, new = -5, -1005
    await store.upsert_chat(old, type="group", title="Shop", username=None, at=T0)
    await store.add_schedule(
        old, cron="0 13 * * *", shown="daily 13:00", next_run_at=T0, created_by=1, at=T0
    )
    await store.add_chat_prompt(old, kind="question", text="Why?", options=[], created_by=1, at=T0)
    await store.record_post(PostRecord(0, old, None, "lib:a", "question", 5, T0))
    assert await store.migrate_chat(old, new, T0)
    assert [s.chat_id for s in await store.list_schedules(new)] == [new]
    assert [p.text for p in await store.list_chat_prompts(new)] == ["Why?"]
    assert [p.chat_id for p in await store.list_posts(new)] == [new]
    assert await store.list_schedules(old) == []


async def test_migration_0007_downgrades_and_upgrades_again(store: Store) -> None:
    """Downgrading to 0006 drops exactly the three engagement tables (and 0008's outbox);
    upgrading brings them back empty and working."""
    import sqlalchemy as sa
    from alembic import command

    from tests.store.test_competitors import _alembic, _tables

    await _schedule(store)
    async with store.engine.begin() as conn:
        before = await conn.run_sync(_tables)
        await conn.run_sync(_alembic, lambda config: command.downgrade(config, "0006"))
        after = await conn.run_sync(_tables)
    assert before - after == {"schedules", "chat_prompts", "prompt_posts", "outbox"}
    assert "competitors" in after
    async with store.engine.begin() as conn:
        await conn.run_sync(_alembic, lambda config: command.upgrade(config, "head"))
        columns = await conn.run_sync(
            lambda c: {col["name"] for col in sa.inspect(c).get_columns("schedules")}
        )
    assert {"cron", "next_run_at", "claimed_until", "paused"} <= columns
    assert await store.list_schedules(CHAT) == []
    await _schedule(store)
    assert len(await store.list_schedules(CHAT)) == 1
