"""The store's outbox: message actions waiting to be retried, claimed by one worker at a time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import OutboxRecord
from bot.store.schema import outbox


def _row(row: Any) -> OutboxRecord:
    return OutboxRecord(
        id=int(row.id),
        chat_id=int(row.chat_id),
        event_id=row.event_id,
        what=str(row.what),
        target=int(row.target),
        until=row.until,
        status=str(row.status),
        attempts=int(row.attempts),
        next_at=row.next_at,
        error=row.error,
    )


class OutboxStore:
    """Outbox methods; a base of Store, which opens the engine."""

    engine: AsyncEngine

    async def due_outbox(self, now: datetime, limit: int = 200) -> list[OutboxRecord]:
        """Pending actions whose retry is due and that no live worker holds, oldest first."""
        query = (
            select(outbox)
            .where(
                outbox.c.status == "pending",
                outbox.c.next_at <= now,
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now),
            )
            .order_by(outbox.c.next_at, outbox.c.id)
            .limit(limit)
        )
        async with self.engine.connect() as conn:
            return [_row(r) for r in await conn.execute(query)]

    async def claim_outbox(
        self, item_id: int, now: datetime, until: datetime, attempts: int | None = None
    ) -> bool:
        """Take one pending action to retry; True for the one worker that got it. It must still
        be due, and (with `attempts`, as the caller read it) not tried since: a worker working
        through a stale list retried a step another had just tried, at once, and wrote its
        count over the other's."""
        conditions = [
            outbox.c.id == item_id,
            outbox.c.status == "pending",
            outbox.c.next_at <= now,
            or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now),
        ]
        if attempts is not None:
            conditions.append(outbox.c.attempts == attempts)
        stmt = update(outbox).where(*conditions).values(claimed_until=until)
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount == 1

    async def settle_outbox(
        self,
        item_id: int,
        *,
        status: str,
        attempts: int,
        at: datetime,
        next_at: datetime | None = None,
        error: str | None = None,
    ) -> None:
        """Record an attempt: done, gone, failed for good, or pending until next_at."""
        values: dict[str, Any] = {
            "status": status,
            "attempts": attempts,
            "next_at": next_at,
            "claimed_until": None,
            "error": error,
        }
        if status != "pending":
            values["settled_at"] = at
        async with self.engine.begin() as conn:
            await conn.execute(update(outbox).where(outbox.c.id == item_id).values(**values))

    async def outbox_for_event(self, event_id: int) -> list[OutboxRecord]:
        """The actions one event led to, in the order they were planned."""
        query = select(outbox).where(outbox.c.event_id == event_id).order_by(outbox.c.id)
        async with self.engine.connect() as conn:
            return [_row(r) for r in await conn.execute(query)]

    async def pending_outbox(self) -> int:
        """How many actions wait for a retry."""
        from sqlalchemy import func

        query = select(func.count()).where(outbox.c.status == "pending")
        async with self.engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def cancel_outbox(
        self,
        chat_id: int,
        at: datetime,
        *,
        event_id: int | None = None,
        target: int | None = None,
        whats: tuple[str, ...] = (),
    ) -> list[int]:
        """Drop the pending steps a moderator has undone: every step of one event, and the
        `whats` steps (mute, ban) aimed at one member. Returns the events whose steps were
        dropped (each now settled)."""
        undone = []
        if event_id is not None:
            undone.append(outbox.c.event_id == event_id)
        if target is not None and whats:
            undone.append((outbox.c.target == target) & outbox.c.what.in_(whats))
        if not undone:
            return []
        where = (outbox.c.chat_id == chat_id, outbox.c.status == "pending", or_(*undone))
        async with self.engine.begin() as conn:
            rows = (await conn.execute(select(outbox.c.event_id).where(*where))).all()
            await conn.execute(
                update(outbox)
                .where(*where)
                .values(
                    status="failed",
                    next_at=None,
                    claimed_until=None,
                    error="undone by a moderator",
                    settled_at=at,
                )
            )
        return sorted({int(r.event_id) for r in rows if r.event_id is not None})
