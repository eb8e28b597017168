"""Durable windows on both backends: commutative upserts, totals, sync rows, claims, purge,
chat migration; and reading samples after an id."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

from bot.store import SampleRow, Store, WindowCount

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
B0 = T0
B1 = T0 + timedelta(minutes=1)
B2 = T0 + timedelta(minutes=2)


def _w(chat_id: int, key: str, bucket: datetime, n: int = 1, kind: str = "flood") -> WindowCount:
    return WindowCount(chat_id=chat_id, kind=kind, key=key, bucket=bucket, n=n)


async def test_upserts_add_up_across_calls(store: Store) -> None:
    """Two calls (and repeats inside one batch) add their counts; empty input writes nothing."""
    await store.add_to_windows([], T0)
    await store.add_to_windows(iter(()), T0)
    assert await store.window_rows("flood", touched_since=T0, since=T0) == []
    await store.add_to_windows([_w(-1, "u:1", B0, 2), _w(-1, "u:1", B0, 3), _w(-1, "u:2", B0)], T0)
    await store.add_to_windows([_w(-1, "u:1", B0, 4), _w(-1, "u:1", B1)], T0 + timedelta(1))
    assert await store.window_totals(-1, "flood", B0) == {"u:1": 10, "u:2": 1}
    rows = await store.window_rows("flood", touched_since=T0, since=B0)
    assert rows == [_w(-1, "u:1", B0, 9), _w(-1, "u:1", B1, 1), _w(-1, "u:2", B0, 1)]


async def test_buckets_in_other_time_zones_are_the_same_window(store: Store) -> None:
    """An aware bucket in another offset names the same UTC window and comes back in UTC."""
    plus3 = B0.astimezone(timezone(timedelta(hours=3)))
    await store.add_to_windows([_w(0, "text:abc", B0), _w(0, "text:abc", plus3)], T0)
    (row,) = await store.window_rows("flood", touched_since=T0, since=B0)
    assert row == _w(0, "text:abc", B0, 2) and row.bucket.tzinfo is UTC


async def test_large_batches_are_written_whole(store: Store) -> None:
    """A batch larger than one INSERT's share lands completely in one call."""
    await store.add_to_windows([_w(-1, f"u:{i:04d}", B0) for i in range(1234)], T0)
    totals = await store.window_totals(-1, "flood", B0)
    assert len(totals) == 1234 and set(totals.values()) == {1}


async def test_two_workers_add_up(store_url: str) -> None:
    """Two Store objects on one database writing overlapping windows at once lose no count."""
    a, b = await Store.open(store_url), await Store.open(store_url)
    try:
        batch = [_w(0, f"k{i}", B0) for i in range(5)]
        await asyncio.gather(
            *(
                s.add_to_windows(batch if i % 2 else batch[::-1], T0)
                for s in (a, b)
                for i in range(10)
            )
        )
        assert await b.window_totals(0, "flood", B0) == {f"k{i}": 20 for i in range(5)}
        assert await a.window_totals(0, "flood", B0) == {f"k{i}": 20 for i in range(5)}
    finally:
        await a.close()
        await b.close()


async def test_window_totals_since_chat_and_kind(store: Store) -> None:
    """Totals sum buckets at or after since, in the one chat and kind asked for."""
    await store.add_to_windows(
        [
            _w(-1, "u:1", B0, 1),
            _w(-1, "u:1", B1, 2),
            _w(-1, "u:1", B2, 4),
            _w(-2, "u:1", B2, 8),
            _w(-1, "u:1", B2, 16, kind="links"),
        ],
        T0,
    )
    assert await store.window_totals(-1, "flood", B0) == {"u:1": 7}
    assert await store.window_totals(-1, "flood", B1) == {"u:1": 6}
    assert await store.window_totals(-1, "flood", B2 + timedelta(seconds=1)) == {}
    assert await store.window_totals(-2, "flood", B0) == {"u:1": 8}
    assert await store.window_totals(-1, "links", B0) == {"u:1": 16}


async def test_window_totals_key_prefix_is_literal(store: Store) -> None:
    """A key prefix matches literally: % and _ and the escape character are no wildcards."""
    keys = ["50%_off:a", "50%_off:b", "50%Xoff:c", "50abcoff:d", "50%_OFF:e", "a/b:1", "a/c:2"]
    await store.add_to_windows([_w(-1, k, B0) for k in keys], T0)
    assert await store.window_totals(-1, "flood", B0, key_prefix="50%_off:") == {
        "50%_off:a": 1,
        "50%_off:b": 1,
    }
    assert await store.window_totals(-1, "flood", B0, key_prefix="50%") == {
        "50%_off:a": 1,
        "50%_off:b": 1,
        "50%Xoff:c": 1,
        "50%_OFF:e": 1,
    }
    assert await store.window_totals(-1, "flood", B0, key_prefix="a/b") == {"a/b:1": 1}
    assert await store.window_totals(-1, "flood", B0, key_prefix="_") == {}
    assert len(await store.window_totals(-1, "flood", B0, key_prefix=None)) == len(keys)


async def test_window_rows_only_touched_since(store: Store) -> None:
    """Sync rows are those touched at or after touched_since with buckets >= since, with totals."""
    await store.add_to_windows([_w(-1, "old", B0), _w(-1, "both", B1)], T0)
    later = T0 + timedelta(seconds=30)
    await store.add_to_windows([_w(-1, "both", B1), _w(-2, "new", B2, 5)], later)
    await store.add_to_windows([_w(-1, "new", B2, kind="links")], later)
    assert await store.window_rows("flood", touched_since=later, since=B0) == [
        _w(-2, "new", B2, 5),
        _w(-1, "both", B1, 2),
    ]
    assert await store.window_rows("flood", touched_since=later, since=B2) == [
        _w(-2, "new", B2, 5)
    ]
    assert len(await store.window_rows("flood", touched_since=T0, since=B0)) == 3
    # Several kinds in one read, ordered by chat, kind, key and bucket.
    assert await store.window_rows(("flood", "links"), touched_since=later, since=B2) == [
        _w(-2, "new", B2, 5),
        _w(-1, "new", B2, kind="links"),
    ]


async def test_reads_can_skip_windows_last_written_at_given_times(store_url: str) -> None:
    """A worker leaves out windows whose last write was its own (at one of its write times);
    a window another worker wrote to since is read, with everyone's total."""
    a, b = await Store.open(store_url), await Store.open(store_url)
    try:
        await a.add_to_windows([_w(-1, "x", B0, 2)], T0)
        later = T0 + timedelta(seconds=1)
        await b.add_to_windows([_w(-1, "y", B0), _w(-1, "x", B0, 3)], later)
        assert len(await a.window_rows("flood", touched_since=T0, since=B0)) == 2
        assert await a.window_rows("flood", touched_since=T0, since=B0, not_touched_at=[T0]) == [
            _w(-1, "x", B0, 5),
            _w(-1, "y", B0, 1),
        ]
        assert (
            await b.window_rows("flood", touched_since=T0, since=B0, not_touched_at=[later]) == []
        )
        a_write = T0 + timedelta(seconds=2)
        await a.add_to_windows([_w(-1, "x", B0)], a_write)
        assert await b.window_rows(
            "flood", touched_since=T0, since=B0, not_touched_at=[later]
        ) == [_w(-1, "x", B0, 6)]
    finally:
        await a.close()
        await b.close()


async def test_claim_window_has_one_winner(store_url: str) -> None:
    """A claim is true once, then false, also from a second Store and among racing claimers."""
    a, b = await Store.open(store_url), await Store.open(store_url)
    try:
        assert await a.claim_window(-1, "surge", "text:abc", B0, T0)
        assert not await a.claim_window(-1, "surge", "text:abc", B0, T0)
        assert not await b.claim_window(-1, "surge", "text:abc", B0, T0)
        assert await b.claim_window(-1, "surge", "text:abc", B1, T0)
        results = await asyncio.gather(
            *(s.claim_window(0, "surge", "race", B0, T0) for s in (a, b) for _ in range(6))
        )
        assert sum(results) == 1
        assert await a.window_totals(-1, "surge", B0) == {"text:abc": 2}
    finally:
        await a.close()
        await b.close()


async def test_purge_windows(store: Store) -> None:
    """Purging deletes windows whose bucket started before the cut-off and counts them."""
    await store.add_to_windows([_w(-1, "a", B0), _w(-1, "b", B0), _w(0, "c", B1)], T0)
    assert await store.purge_windows(B1) == 2
    assert await store.purge_windows(B1) == 0
    assert await store.window_rows("flood", touched_since=T0, since=B0) == [_w(0, "c", B1)]


async def test_migrate_chat_merges_windows(store: Store) -> None:
    """A group's windows move to the supergroup; colliding ones add up, the latest touch wins."""
    await store.upsert_chat(-10, type="group", title="G", username=None, at=T0)
    await store.add_to_windows([_w(-10, "u:1", B0, 3), _w(-10, "u:2", B0, 1)], T0)
    late = T0 + timedelta(minutes=5)
    await store.add_to_windows([_w(-1001, "u:1", B0, 2)], late)
    assert await store.migrate_chat(-10, -1001, late)
    assert await store.window_totals(-1001, "flood", B0) == {"u:1": 5, "u:2": 1}
    assert await store.window_totals(-10, "flood", B0) == {}
    assert await store.window_rows("flood", touched_since=late, since=B0) == [
        _w(-1001, "u:1", B0, 5)
    ]


async def test_list_samples_after(store: Store) -> None:
    """Samples after an id come back oldest first with id, chat, text and label."""
    assert await store.list_samples_after(0) == []
    await store.add_samples([(None, "buy now", "spam"), (-1, "hello", "ham")], source="t", at=T0)
    first = await store.list_samples_after(0)
    assert [(s.chat_id, s.text, s.label) for s in first] == [
        (None, "buy now", "spam"),
        (-1, "hello", "ham"),
    ]
    assert first[0].id < first[1].id and isinstance(first[0], SampleRow)
    await store.add_samples([(-2, "cheap", "spam")], source="t", at=T0)
    (third,) = await store.list_samples_after(first[-1].id)
    assert third.id > first[-1].id and (third.chat_id, third.text, third.label) == (
        -2,
        "cheap",
        "spam",
    )
    assert await store.list_samples_after(third.id) == []
    assert await store.list_samples() == [
        (None, "buy now", "spam"),
        (-1, "hello", "ham"),
        (-2, "cheap", "spam"),
    ]
