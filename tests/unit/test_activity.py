"""The activity counters: what one message, join or leave adds, prompt effects, and the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.activity import ACTIVITY, EFFECT, JOINER, SENDER, Activity, OpenPost, hour_of
from bot.engagement import arm_stats, used_this_round
from bot.store import PostRecord, WindowCount

T0 = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)


class FakeStore:
    """Takes window rows, or fails when told to."""

    def __init__(self) -> None:
        self.rows: list[WindowCount] = []
        self.fail = False

    async def add_to_windows(self, rows: list[WindowCount], at: datetime) -> None:
        if self.fail:
            raise OSError("disk gone")
        self.rows.extend(rows)

    async def chat_timezones(self, chat_ids: list[int]) -> dict[int, str | None]:
        return {}  # chats it does not know: UTC


def _counts(store: FakeStore) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for row in store.rows:
        out[(row.kind, row.key)] = out.get((row.kind, row.key), 0) + row.n
    return out


async def test_messages_replies_joins_and_leaves_land_in_their_hour() -> None:
    activity, store = Activity(), FakeStore()
    activity.message(-1, 7, T0)
    activity.message(-1, 7, T0 + timedelta(minutes=1), reply_to=3)
    activity.message(-1, 8, T0 + timedelta(minutes=2))
    activity.joined(-1, 9, T0)
    activity.left(-1, 9, T0 + timedelta(minutes=5))
    activity.left(-1, 9, T0 + timedelta(minutes=6))  # Telegram said it twice: one leave
    activity.count(-1, "spam", T0)
    await activity.flush(store, T0)  # type: ignore[arg-type]
    assert _counts(store) == {
        (ACTIVITY, "messages"): 3,
        (ACTIVITY, "replies"): 1,
        (SENDER, "7"): 2,
        (SENDER, "8"): 1,
        (ACTIVITY, "joins"): 1,
        (JOINER, "9"): 1,
        (ACTIVITY, "leaves"): 1,
        (ACTIVITY, "spam"): 1,
    }
    assert {row.bucket for row in store.rows} == {hour_of(T0)}
    assert activity.pending == 0


async def test_a_failed_flush_keeps_every_count_for_the_next() -> None:
    activity, store = Activity(), FakeStore()
    activity.message(-1, 7, T0)
    store.fail = True
    with pytest.raises(OSError):
        await activity.flush(store, T0)  # type: ignore[arg-type]
    activity.message(-1, 7, T0)
    store.fail = False
    await activity.flush(store, T0)  # type: ignore[arg-type]
    assert _counts(store)[(ACTIVITY, "messages")] == 2


async def test_a_prompt_counts_messages_replies_and_people_in_its_hour_only() -> None:
    activity, store = Activity(), FakeStore()
    activity.watch(-1, OpenPost(5, 100, T0))
    activity.watch(-1, OpenPost(5, 100, T0))  # twice (a restart): counted once
    activity.message(-1, 7, T0 + timedelta(minutes=1), reply_to=100)
    activity.message(-1, 7, T0 + timedelta(minutes=2))
    activity.message(-1, 8, T0 + timedelta(minutes=3), reply_to=99)
    activity.message(-1, 9, T0 + timedelta(minutes=61))  # after its hour
    activity.message(-2, 9, T0 + timedelta(minutes=5), reply_to=100)  # another chat
    await activity.flush(store, T0)  # type: ignore[arg-type]
    effect = {k: n for (kind, k), n in _counts(store).items() if kind == EFFECT}
    assert effect == {"5:messages": 3, "5:replies": 1, "5:u7": 2, "5:u8": 1}
    assert activity.watching(-1) == ()  # its hour is over


async def test_a_migration_moves_pending_counts_and_prompts() -> None:
    activity, store = Activity(), FakeStore()
    activity.message(-1, 7, T0)
    activity.watch(-1, OpenPost(5, 100, T0))
    activity.move(-1, -1001)
    activity.message(-1001, 7, T0, reply_to=100)
    await activity.flush(store, T0)  # type: ignore[arg-type]
    assert {row.chat_id for row in store.rows} == {-1001}
    assert _counts(store)[(ACTIVITY, "messages")] == 2
    assert _counts(store)[(EFFECT, "5:replies")] == 1


@pytest.mark.parametrize(
    ("recent", "keys", "expected"),
    [
        ([], {"a", "b", "c"}, set()),
        (["b", "a"], {"a", "b", "c"}, {"a", "b"}),
        # Everything used: the one used longest ago ("a") is free again.
        (["c", "b", "a"], {"a", "b", "c"}, {"b", "c"}),
        (["a", "c", "b", "a"], {"a", "b", "c"}, {"a", "c"}),
        # Removed prompts and repeats do not count.
        (["gone", "b", "b"], {"a", "b", "c"}, {"b"}),
        (["a"], {"a"}, set()),
    ],
)
def test_used_this_round(recent: list[str], keys: set[str], expected: set[str]) -> None:
    assert used_this_round(recent, keys) == expected


def test_arm_stats_sum_measured_rewards_per_kind() -> None:
    def post(kind: str, replies: int | None, people: int = 0, usual: float = 0.0) -> PostRecord:
        return PostRecord(
            id=1,
            chat_id=-1,
            schedule_id=None,
            prompt_key="k",
            kind=kind,
            message_id=1,
            posted_at=T0,
            measured_at=T0 if replies is not None else None,
            replies=replies,
            messages=replies,
            participants=people,
            baseline_messages=0.0,
            baseline_participants=usual,
        )

    stats = arm_stats([post("poll", 2, 3, 1.0), post("poll", 0), post("question", None)])
    assert set(stats) == {"poll"}
    assert stats["poll"].posts == 2 and stats["poll"].reward == pytest.approx(4.0)


async def test_a_burst_is_written_at_once_and_a_failure_keeps_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot import activity as module

    monkeypatch.setattr(module, "FLUSH_AT", 4)
    activity, store = Activity(), FakeStore()
    activity.message(-1, 7, T0)  # 2 counters
    await activity.flush_if_full(store, T0)  # type: ignore[arg-type]
    assert store.rows == []
    activity.message(-1, 8, T0, reply_to=1)  # 5 counters: full
    store.fail = True
    await activity.flush_if_full(store, T0)  # type: ignore[arg-type]
    assert activity.pending == 4 and store.rows == []
    store.fail = False
    await activity.flush_if_full(store, T0)  # type: ignore[arg-type]
    assert activity.pending == 0 and _counts(store)[(ACTIVITY, "messages")] == 2


def test_activity_days_read_rows_as_the_chats_days() -> None:
    from zoneinfo import ZoneInfo

    from bot.activity import activity_days

    late = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)  # already the 3rd in Moscow
    rows = [
        WindowCount(-1, ACTIVITY, "messages", late, 4),
        WindowCount(-1, ACTIVITY, "spam", late, 2),
        WindowCount(-1, ACTIVITY, "poaching", late, 1),
        WindowCount(-1, SENDER, "7", late, 3),
        WindowCount(-1, SENDER, "8", T0, 1),  # a day with a sender and nothing else
        WindowCount(-1, JOINER, "9", T0, 1),  # not a day's count
    ]
    days = activity_days(rows, ZoneInfo("Europe/Moscow"))
    assert [d.day.isoformat() for d in days] == ["2026-03-02", "2026-03-03"]
    assert (days[0].messages, dict(days[0].senders)) == (0, {8: 1})
    assert (days[1].messages, days[1].removed, dict(days[1].senders)) == (4, 3, {7: 3})


def test_arm_stats_count_no_extra_participants_without_a_usual() -> None:
    """A prompt whose hour had nothing to compare with (usual stored as NULL) is rewarded for
    its replies only, as policies.bandit.reward reads a missing baseline: not for every
    participant, as if the usual were nobody."""

    def post(usual: float | None) -> PostRecord:
        return PostRecord(
            id=1,
            chat_id=-1,
            schedule_id=None,
            prompt_key="k",
            kind="question",
            message_id=1,
            posted_at=T0,
            measured_at=T0,
            replies=1,
            messages=9,
            participants=4,
            baseline_messages=None if usual is None else 5.0,
            baseline_participants=usual,
        )

    assert arm_stats([post(None)])["question"].reward == pytest.approx(1.0)
    assert arm_stats([post(0.0)])["question"].reward == pytest.approx(5.0)
    assert arm_stats([post(3.0)])["question"].reward == pytest.approx(2.0)


class ZonedStore(FakeStore):
    """A FakeStore that knows its chats' time zones, and how often it was asked."""

    def __init__(self, zones: dict[int, str | None]) -> None:
        super().__init__()
        self.zones = zones
        self.asked: list[list[int]] = []

    async def chat_timezones(self, chat_ids: list[int]) -> dict[int, str | None]:
        self.asked.append(sorted(chat_ids))
        return {c: self.zones[c] for c in chat_ids if c in self.zones}


@pytest.mark.parametrize(
    ("zone", "midnight"),
    [
        ("Asia/Kolkata", datetime(2026, 3, 1, 18, 30, tzinfo=UTC)),  # +5:30
        ("Asia/Kathmandu", datetime(2026, 3, 1, 18, 15, tzinfo=UTC)),  # +5:45
        ("America/St_Johns", datetime(2026, 3, 2, 3, 30, tzinfo=UTC)),  # -3:30
        ("Pacific/Chatham", datetime(2026, 3, 1, 10, 15, tzinfo=UTC)),  # +13:45 (summer)
        ("Australia/Lord_Howe", datetime(2026, 7, 1, 13, 30, tzinfo=UTC)),  # +10:30 (winter)
    ],
)
async def test_a_day_starts_at_the_chats_midnight_in_a_zone_off_the_whole_hour(
    zone: str, midnight: datetime
) -> None:
    """Messages either side of local midnight in an hour that straddles it are counted for
    their own days (before, the whole UTC hour went to the day it started in)."""
    from zoneinfo import ZoneInfo

    from bot.activity import activity_days

    activity, store = Activity(), ZonedStore({-1: zone})
    for minutes, user in ((-20, 7), (-1, 7), (0, 8), (14, 8), (14, 9)):
        activity.message(-1, user, midnight + timedelta(minutes=minutes))
    activity.joined(-1, 9, midnight + timedelta(minutes=14))
    await activity.flush(store, midnight + timedelta(minutes=15))  # type: ignore[arg-type]
    days = activity_days(store.rows, ZoneInfo(zone))
    assert [(d.day, d.messages, dict(d.senders), d.joins) for d in days] == [
        ((midnight - timedelta(days=1)).astimezone(ZoneInfo(zone)).date(), 2, {7: 2}, 0),
        (midnight.astimezone(ZoneInfo(zone)).date(), 3, {8: 2, 9: 1}, 1),
    ]
    # The counts stay in their UTC hour otherwise: measuring reads whole hours.
    before = hour_of(midnight - timedelta(minutes=20))
    assert {row.bucket for row in store.rows} <= {before, hour_of(midnight), midnight}


async def test_whole_hour_zones_keep_one_bucket_an_hour_and_zones_are_read_seldom() -> None:
    activity, store = Activity(), ZonedStore({-1: "Europe/Moscow", -2: None})
    start = datetime(2026, 3, 1, 20, 50, tzinfo=UTC)  # 23:50 in Moscow
    for minute in range(0, 60, 5):
        activity.message(-1, 7, start + timedelta(minutes=minute))
        activity.message(-2, 7, start + timedelta(minutes=minute))
        await activity.flush(store, start + timedelta(minutes=minute))  # type: ignore[arg-type]
    hour = hour_of(start)
    assert {row.bucket for row in store.rows} == {hour, hour + timedelta(hours=1)}
    # Read once every ZONE_FOR (ten minutes), not at each of the twelve flushes.
    assert store.asked == [[-2, -1]] * 6


async def test_a_flush_that_cannot_read_the_zones_keeps_its_counts() -> None:
    class Unreadable(ZonedStore):
        async def chat_timezones(self, chat_ids: list[int]) -> dict[int, str | None]:
            raise OSError("database gone")

    activity, store = Activity(), Unreadable({})
    activity.message(-1, 7, T0)
    with pytest.raises(OSError):
        await activity.flush(store, T0)  # type: ignore[arg-type]
    assert activity.pending == 2 and store.rows == []
