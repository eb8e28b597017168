"""The outbox rows on both backends: written with their event in one step, due by backoff,
claimed by one worker, settled, and following a group to its supergroup."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.store import Store

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
CHAT = -100700


def _item(what: str, status: str, next_at: datetime | None = None) -> dict[str, object]:
    return {
        "what": what,
        "target": 42,
        "until": None,
        "status": status,
        "attempts": 1,
        "next_at": next_at,
        "error": None if status == "done" else "Bad Gateway",
    }


async def test_an_event_and_its_steps_are_written_together(store: Store) -> None:
    event_id = await store.record_event(
        CHAT,
        at=T0,
        kind="spam_removed",
        reason="spam: ...; done: restrict; retrying: delete (Bad Gateway)",
        outbox=[_item("delete", "pending", T0 + timedelta(seconds=5)), _item("restrict", "done")],
    )
    rows = await store.outbox_for_event(event_id)
    assert [(r.what, r.status) for r in rows] == [("delete", "pending"), ("restrict", "done")]
    assert await store.pending_outbox() == 1
    assert await store.due_outbox(T0) == []
    (due,) = await store.due_outbox(T0 + timedelta(seconds=5))
    at = T0 + timedelta(seconds=5)
    wins = await asyncio.gather(
        *(store.claim_outbox(due.id, at, at + timedelta(minutes=2)) for _ in range(4))
    )
    assert sorted(wins) == [False, False, False, True]
    assert await store.due_outbox(T0 + timedelta(seconds=6)) == []  # held by its claimer
    await store.settle_outbox(due.id, status="done", attempts=2, at=T0 + timedelta(seconds=6))
    assert await store.pending_outbox() == 0
    assert [r.status for r in await store.outbox_for_event(event_id)] == ["done", "done"]
    await store.set_event_reason(event_id, "spam: ...; done: delete (try 2), restrict")
    event = await store.get_event(event_id)
    assert event is not None and event.reason.endswith("done: delete (try 2), restrict")


async def test_a_step_tried_since_it_was_listed_or_not_due_is_not_claimed(store: Store) -> None:
    """A worker holding a stale list (the step tried and settled by another since) gets no
    claim, nor one on a step whose next try is not due yet."""
    await store.record_event(
        CHAT, at=T0, kind="spam_removed", outbox=[_item("delete", "pending", T0)]
    )
    (stale,) = await store.due_outbox(T0)
    assert await store.claim_outbox(stale.id, T0, T0 + timedelta(seconds=1), stale.attempts)
    later = T0 + timedelta(seconds=20)
    await store.settle_outbox(
        stale.id, status="pending", attempts=2, at=T0, next_at=T0 + timedelta(seconds=15)
    )
    assert not await store.claim_outbox(stale.id, later, later + timedelta(minutes=2), 1)
    assert not await store.claim_outbox(stale.id, T0 + timedelta(seconds=2), later, 2)
    assert await store.claim_outbox(stale.id, later, later + timedelta(minutes=2), 2)


async def test_a_lapsed_claim_is_offered_again(store: Store) -> None:
    await store.record_event(
        CHAT, at=T0, kind="spam_removed", outbox=[_item("ban", "pending", T0)]
    )
    (due,) = await store.due_outbox(T0)
    assert await store.claim_outbox(due.id, T0, T0 + timedelta(minutes=2))
    later = T0 + timedelta(minutes=3)
    assert [r.id for r in await store.due_outbox(later)] == [due.id]


async def test_outbox_rows_follow_a_group_to_its_supergroup(store: Store) -> None:
    await store.upsert_chat(-7, type="group", title="Shop", username=None, at=T0)
    event_id = await store.record_event(
        -7, at=T0, kind="spam_removed", outbox=[_item("delete", "pending", T0)]
    )
    assert await store.migrate_chat(-7, -1007, T0)
    (row,) = await store.outbox_for_event(event_id)
    assert row.chat_id == -1007


async def test_undone_steps_are_dropped(store: Store) -> None:
    """A moderator's undo drops an event's pending steps and a member's pending mute or ban,
    in that chat only; steps already settled, other members' and other chats' stay."""
    soon = T0 + timedelta(seconds=5)
    first = await store.record_event(
        CHAT,
        at=T0,
        kind="spam_removed",
        outbox=[_item("delete", "pending", soon), _item("restrict", "pending", soon)],
    )
    second = await store.record_event(
        CHAT, at=T0, kind="spam_removed", outbox=[_item("restrict", "pending", soon)]
    )
    other = {**_item("restrict", "pending", soon), "target": 43}
    third = await store.record_event(CHAT, at=T0, kind="spam_removed", outbox=[other])
    elsewhere = await store.record_event(
        CHAT - 1, at=T0, kind="spam_removed", outbox=[_item("restrict", "pending", soon)]
    )
    assert await store.cancel_outbox(CHAT, T0) == []
    assert await store.cancel_outbox(CHAT, T0, event_id=first) == [first]
    assert [r.status for r in await store.outbox_for_event(first)] == ["failed", "failed"]
    assert (await store.outbox_for_event(first))[0].error == "undone by a moderator"
    assert await store.cancel_outbox(CHAT, T0, target=42, whats=("ban",)) == []
    assert await store.cancel_outbox(CHAT, T0, target=42, whats=("restrict",)) == [second]
    assert [r.status for r in await store.outbox_for_event(third)] == ["pending"]
    assert [r.status for r in await store.outbox_for_event(elsewhere)] == ["pending"]
    assert await store.due_outbox(soon) != []
    assert {r.event_id for r in await store.due_outbox(soon)} == {third, elsewhere}
