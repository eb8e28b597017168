"""What the activity counters and prompt measuring ask of the store, on both backends: the
chats' time zones (where a day begins) and a prompt's effect with no usual to compare with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import PostRecord, Store

T0 = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


async def test_chat_timezones_of_known_chats_in_one_read(store: Store) -> None:
    for chat in (-1, -2, -3):
        await store.upsert_chat(chat, type="supergroup", title="Shop", username=None, at=T0)
    await store.set_chat_timezone(-1, "Asia/Kolkata")
    await store.set_chat_timezone(-3, "America/St_Johns")
    assert await store.chat_timezones([-1, -2, -3, -4]) == {
        -1: "Asia/Kolkata",
        -2: None,
        -3: "America/St_Johns",
    }
    assert await store.chat_timezones([]) == {}
    many = await store.chat_timezones([-1, *range(1, 1200)])  # more than one IN list
    assert many == {-1: "Asia/Kolkata"}


async def test_a_prompt_effect_without_a_usual_is_kept_as_none(store: Store) -> None:
    await store.upsert_chat(-1, type="supergroup", title="Shop", username=None, at=T0)
    post_id = await store.record_post(
        PostRecord(
            id=0,
            chat_id=-1,
            schedule_id=None,
            prompt_key="lib:a",
            kind="question",
            message_id=50,
            posted_at=T0,
        )
    )
    await store.set_post_effect(
        post_id,
        replies=1,
        messages=4,
        participants=3,
        baseline_messages=None,
        baseline_participants=None,
        at=T0 + timedelta(hours=1),
    )
    (measured,) = await store.measured_posts(chat_id=-1)
    assert (measured.participants, measured.baseline_messages) == (3, None)
    assert measured.baseline_participants is None
