"""The store's durable windows: detector counts per chat, kind, key and time bucket.

Writes are commutative upserts (count = count + n), so several workers sharing one database
add their counts up, and each can read the others' back to keep its in-memory windows in sync.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import WindowCount
from bot.store.schema import windows

# Rows per INSERT statement in add_to_windows (all of them in one transaction).
_BATCH = 500

_Key = tuple[int, str, str, datetime]


class WindowStore:
    """Durable window methods; a base of Store, which opens the engine."""

    engine: AsyncEngine
    dialect: str

    if TYPE_CHECKING:

        def _insert(self, table: Table) -> Any:
            """An INSERT that knows its backend's ON CONFLICT clause (AlertStore has it)."""

    async def add_to_windows(self, rows: Iterable[WindowCount], at: datetime) -> None:
        """Add counts to their windows in one transaction (commutative: count + n, touched `at`).

        Rows for the same window are summed first (a window whose sum is 0 is left alone); empty
        input does nothing. Windows are written in key order, so concurrent writers on
        PostgreSQL take row locks in one order and cannot deadlock. (Nothing is returned: on
        SQLite a RETURNING clause makes SQLAlchemy send one large statement per batch size, and
        the driver keeps each prepared, several megabytes at 10,000 chats.)
        """
        totals: dict[_Key, int] = {}
        for row in rows:
            key = (row.chat_id, row.kind, row.key, row.bucket)
            totals[key] = totals.get(key, 0) + row.n
        values = [
            {"chat_id": c, "kind": k, "key": key, "bucket": b, "count": n, "touched_at": at}
            for (c, k, key, b), n in sorted(totals.items(), key=lambda item: item[0])
            if n
        ]
        if not values:
            return
        stmt = self._insert(windows)
        stmt = stmt.on_conflict_do_update(
            index_elements=[windows.c.chat_id, windows.c.kind, windows.c.key, windows.c.bucket],
            set_={"count": windows.c.count + stmt.excluded.count, "touched_at": at},
        )
        async with self.engine.begin() as conn:
            for start in range(0, len(values), _BATCH):
                await conn.execute(stmt, values[start : start + _BATCH])

    async def window_totals(
        self, chat_id: int, kind: str, since: datetime, *, key_prefix: str | None = None
    ) -> dict[str, int]:
        """Per key, the count summed over a chat's windows of one kind with buckets >= since.

        key_prefix keeps the keys that start with it, matched literally and case-sensitively
        (LIKE wildcards in it are escaped) on both backends.
        """
        query = (
            select(windows.c.key, func.sum(windows.c.count).label("total"))
            .where(
                windows.c.chat_id == chat_id,
                windows.c.kind == kind,
                windows.c.bucket >= since,
            )
            .group_by(windows.c.key)
        )
        if key_prefix:
            query = query.where(windows.c.key.startswith(key_prefix, autoescape=True))
            if self.dialect == "sqlite":  # SQLite's LIKE ignores ASCII case; PostgreSQL's not
                query = query.where(func.substr(windows.c.key, 1, len(key_prefix)) == key_prefix)
        async with self.engine.connect() as conn:
            return {str(r.key): int(r.total) for r in await conn.execute(query)}

    async def window_rows(
        self,
        kinds: str | Iterable[str],
        *,
        touched_since: datetime,
        since: datetime,
        not_touched_at: Iterable[datetime] = (),
    ) -> list[WindowCount]:
        """Windows of one kind (or several), in any chat, touched at or after touched_since with
        buckets >= since, each with its stored total as n (how workers pick up each other's
        counts).

        `not_touched_at` leaves out windows whose last write was at one of those times: a
        worker's own writes, whose totals it already has from add_to_windows."""
        query = (
            select(
                windows.c.chat_id, windows.c.kind, windows.c.key, windows.c.bucket, windows.c.count
            )
            .where(
                windows.c.kind.in_([kinds] if isinstance(kinds, str) else list(kinds)),
                windows.c.touched_at >= touched_since,
                windows.c.bucket >= since,
            )
            .order_by(windows.c.chat_id, windows.c.kind, windows.c.key, windows.c.bucket)
        )
        own = sorted(set(not_touched_at))
        if own:
            query = query.where(windows.c.touched_at.not_in(own))
        async with self.engine.connect() as conn:
            # Positional: a Row's .count is tuple.count, not the column.
            return [
                WindowCount(int(chat_id), str(kind_), str(key), bucket, int(n))
                for chat_id, kind_, key, bucket, n in await conn.execute(query)
            ]

    async def chat_windows(
        self, chat_id: int, kinds: Iterable[str], since: datetime, *, key_prefix: str = ""
    ) -> list[WindowCount]:
        """One chat's windows of some kinds with buckets >= since (keys starting with
        key_prefix, matched literally), oldest bucket first."""
        query = select(
            windows.c.chat_id, windows.c.kind, windows.c.key, windows.c.bucket, windows.c.count
        ).where(
            windows.c.chat_id == chat_id,
            windows.c.kind.in_(list(kinds)),
            windows.c.bucket >= since,
        )
        if key_prefix:
            query = query.where(func.substr(windows.c.key, 1, len(key_prefix)) == key_prefix)
        async with self.engine.connect() as conn:
            return [
                WindowCount(int(c), str(k), str(key), bucket, int(n))
                for c, k, key, bucket, n in await conn.execute(
                    query.order_by(windows.c.bucket, windows.c.kind, windows.c.key)
                )
            ]

    async def claim_window(
        self, chat_id: int, kind: str, key: str, bucket: datetime, at: datetime
    ) -> bool:
        """Create a window with count 1 if it does not exist; True only for the one caller,
        in any process, that created it (e.g. the worker that alerts about this surge)."""
        stmt = (
            self._insert(windows)
            .values(chat_id=chat_id, kind=kind, key=key, bucket=bucket, count=1, touched_at=at)
            .on_conflict_do_nothing(
                index_elements=[
                    windows.c.chat_id,
                    windows.c.kind,
                    windows.c.key,
                    windows.c.bucket,
                ]
            )
        )
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount == 1

    async def purge_windows(
        self, older_than: datetime, *, kinds: Iterable[str] | None = None
    ) -> int:
        """Forget windows (of some kinds, or all) whose bucket started before a time."""
        stmt = delete(windows).where(windows.c.bucket < older_than)
        if kinds is not None:
            stmt = stmt.where(windows.c.kind.in_(list(kinds)))
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt)
        return int(result.rowcount or 0)
