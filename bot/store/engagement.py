"""The store's engagement rows: prompt schedules, owners' own prompts, and prompts posted.

A schedule is claimed before it is posted (`claim_schedule`: one atomic UPDATE with a short
lease), and finished in one transaction that records the post and advances `next_run_at`
(`finish_schedule`). Two workers never post the same run; a worker that dies between the claim
and the post lets the lease lapse, and the run is taken up again within its grace time. The run
is marked as being sent just before the post (`mark_sending`), so a worker that posted and then
could not record it (the database failed, then a restart) is never followed by a second post.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store.records import PostRecord, PromptRecord, ScheduleRecord
from bot.store.schema import chat_prompts, prompt_posts, schedules

SENDING = "sending"  # a schedule's last outcome while its run's prompt is being posted


def _schedule(row: Any) -> ScheduleRecord:
    return ScheduleRecord(
        id=int(row.id),
        chat_id=int(row.chat_id),
        cron=str(row.cron),
        shown=str(row.shown),
        next_run_at=row.next_run_at,
        paused=bool(row.paused),
        last_run_at=row.last_run_at,
        last_outcome=row.last_outcome,
    )


def _post(row: Any) -> PostRecord:
    return PostRecord(
        id=int(row.id),
        chat_id=int(row.chat_id),
        schedule_id=row.schedule_id,
        prompt_key=str(row.prompt_key),
        kind=str(row.kind),
        message_id=row.message_id,
        posted_at=row.posted_at,
        measured_at=row.measured_at,
        replies=row.replies,
        messages=row.messages,
        participants=row.participants,
        baseline_messages=row.baseline_messages,
        baseline_participants=row.baseline_participants,
    )


class EngagementStore:
    """Schedule, prompt and post methods; a base of Store, which opens the engine."""

    engine: AsyncEngine

    # -- schedules ------------------------------------------------------------------------

    async def add_schedule(
        self,
        chat_id: int,
        *,
        cron: str,
        shown: str,
        next_run_at: datetime,
        created_by: int | None,
        at: datetime,
    ) -> int:
        """Add a schedule; its id."""
        stmt = insert(schedules).values(
            chat_id=chat_id,
            cron=cron,
            shown=shown[:200],
            next_run_at=next_run_at,
            paused=False,
            created_by=created_by,
            created_at=at,
        )
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt)
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    async def list_schedules(self, chat_id: int) -> list[ScheduleRecord]:
        """A chat's schedules, oldest first."""
        query = select(schedules).where(schedules.c.chat_id == chat_id).order_by(schedules.c.id)
        async with self.engine.connect() as conn:
            return [_schedule(r) for r in await conn.execute(query)]

    async def remove_schedule(self, chat_id: int, schedule_id: int) -> bool:
        """Remove one of a chat's schedules; False when it has no such schedule."""
        stmt = delete(schedules).where(
            schedules.c.chat_id == chat_id, schedules.c.id == schedule_id
        )
        async with self.engine.begin() as conn:
            return bool((await conn.execute(stmt)).rowcount)

    async def set_schedule_paused(
        self, chat_id: int, schedule_id: int | None, paused: bool, next_run_at: datetime | None
    ) -> int:
        """Pause or resume one schedule (or all of a chat's, id None); how many changed. A
        resumed schedule gets a fresh next run, so it does not fire for what it missed."""
        values: dict[str, Any] = {"paused": paused}
        if next_run_at is not None:
            values["next_run_at"] = next_run_at
        stmt = update(schedules).where(schedules.c.chat_id == chat_id)
        if schedule_id is not None:
            stmt = stmt.where(schedules.c.id == schedule_id)
        async with self.engine.begin() as conn:
            return int((await conn.execute(stmt.values(**values))).rowcount or 0)

    async def move_schedule(self, schedule_id: int, next_run_at: datetime) -> None:
        """Set when a schedule runs next (a decline brings it forward)."""
        stmt = update(schedules).where(schedules.c.id == schedule_id)
        async with self.engine.begin() as conn:
            await conn.execute(stmt.values(next_run_at=next_run_at))

    async def due_schedules(self, now: datetime, limit: int = 100) -> list[ScheduleRecord]:
        """Schedules whose run is due and not claimed by a live worker, most overdue first."""
        query = (
            select(schedules)
            .where(
                schedules.c.paused.is_(False),
                schedules.c.next_run_at <= now,
                or_(schedules.c.claimed_until.is_(None), schedules.c.claimed_until < now),
            )
            .order_by(schedules.c.next_run_at)
            .limit(limit)
        )
        async with self.engine.connect() as conn:
            return [_schedule(r) for r in await conn.execute(query)]

    async def claim_schedule(
        self, schedule: ScheduleRecord, now: datetime, until: datetime
    ) -> bool:
        """Claim one due run; True for the one worker, in any process, that got it."""
        stmt = (
            update(schedules)
            .where(
                schedules.c.id == schedule.id,
                schedules.c.paused.is_(False),
                schedules.c.next_run_at == schedule.next_run_at,
                or_(schedules.c.claimed_until.is_(None), schedules.c.claimed_until < now),
            )
            .values(claimed_until=until)
        )
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount == 1

    async def finish_schedule(
        self,
        schedule_id: int,
        *,
        next_run_at: datetime,
        outcome: str,
        at: datetime,
        post: PostRecord | None = None,
        pause: bool = False,
    ) -> int | None:
        """Advance a claimed schedule and record its post, in one transaction; the post's id."""
        post_id = None
        async with self.engine.begin() as conn:
            if post is not None:
                post_id = await self._insert_post(conn, post)
            await conn.execute(
                update(schedules)
                .where(schedules.c.id == schedule_id)
                .values(
                    next_run_at=next_run_at,
                    claimed_until=None,
                    last_run_at=at,
                    last_outcome=outcome[:32],
                    **({"paused": True} if pause else {}),
                )
            )
        return post_id

    async def mark_sending(self, schedule: ScheduleRecord, at: datetime) -> None:
        """Note, before the post, that this run is being sent (`SENDING`): a worker that
        finds the mark after a restart knows the prompt may be in the group already."""
        stmt = update(schedules).where(
            schedules.c.id == schedule.id, schedules.c.next_run_at == schedule.next_run_at
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt.values(last_outcome=SENDING, last_run_at=at))

    async def release_schedule(
        self, schedule_id: int, retry_at: datetime, *, unsent: ScheduleRecord | None = None
    ) -> None:
        """Give a claimed run back, to be tried again from retry_at (Telegram said wait);
        `unsent`, the schedule as it was claimed, takes back the mark of a post not sent."""
        stmt = update(schedules).where(schedules.c.id == schedule_id)
        values: dict[str, Any] = {"claimed_until": retry_at}
        if unsent is not None:
            values.update(last_outcome=unsent.last_outcome, last_run_at=unsent.last_run_at)
        async with self.engine.begin() as conn:
            await conn.execute(stmt.values(**values))

    # -- owners' prompts ------------------------------------------------------------------

    async def add_chat_prompt(
        self,
        chat_id: int,
        *,
        kind: str,
        text: str,
        options: Sequence[str],
        created_by: int | None,
        at: datetime,
    ) -> int:
        """Keep a prompt an owner wrote; its id."""
        stmt = insert(chat_prompts).values(
            chat_id=chat_id,
            kind=kind,
            text=text,
            options=list(options),
            created_by=created_by,
            created_at=at,
        )
        async with self.engine.begin() as conn:
            result = await conn.execute(stmt)
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    async def list_chat_prompts(self, chat_id: int) -> list[PromptRecord]:
        """A chat's own prompts, oldest first."""
        query = (
            select(chat_prompts)
            .where(chat_prompts.c.chat_id == chat_id)
            .order_by(chat_prompts.c.id)
        )
        async with self.engine.connect() as conn:
            return [
                PromptRecord(
                    int(r.id), int(r.chat_id), str(r.kind), str(r.text), tuple(r.options or ())
                )
                for r in await conn.execute(query)
            ]

    async def remove_chat_prompt(self, chat_id: int, prompt_id: int) -> bool:
        """Remove one of a chat's own prompts; False when it has no such prompt."""
        stmt = delete(chat_prompts).where(
            chat_prompts.c.chat_id == chat_id, chat_prompts.c.id == prompt_id
        )
        async with self.engine.begin() as conn:
            return bool((await conn.execute(stmt)).rowcount)

    # -- posts ----------------------------------------------------------------------------

    async def _insert_post(self, conn: AsyncConnection, post: PostRecord) -> int:
        result = await conn.execute(
            insert(prompt_posts).values(
                chat_id=post.chat_id,
                schedule_id=post.schedule_id,
                prompt_key=post.prompt_key[:64],
                kind=post.kind,
                message_id=post.message_id,
                posted_at=post.posted_at,
            )
        )
        return int(result.inserted_primary_key[0])  # type: ignore[index]

    async def record_post(self, post: PostRecord) -> int:
        """Record a prompt posted outside a schedule (`/prompt post`); its id."""
        async with self.engine.begin() as conn:
            return await self._insert_post(conn, post)

    async def list_posts(
        self, chat_id: int, *, since: datetime | None = None, limit: int = 500
    ) -> list[PostRecord]:
        """A chat's posts, newest first."""
        query = select(prompt_posts).where(prompt_posts.c.chat_id == chat_id)
        if since is not None:
            query = query.where(prompt_posts.c.posted_at >= since)
        query = query.order_by(prompt_posts.c.posted_at.desc(), prompt_posts.c.id.desc())
        async with self.engine.connect() as conn:
            return [_post(r) for r in await conn.execute(query.limit(limit))]

    async def open_posts(self, since: datetime) -> list[PostRecord]:
        """Posts not yet measured that were posted at or after since (their hour may be on)."""
        query = (
            select(prompt_posts)
            .where(prompt_posts.c.measured_at.is_(None), prompt_posts.c.posted_at >= since)
            .order_by(prompt_posts.c.posted_at)
        )
        async with self.engine.connect() as conn:
            return [_post(r) for r in await conn.execute(query)]

    async def set_post_effect(
        self,
        post_id: int,
        *,
        replies: int,
        messages: int,
        participants: int,
        baseline_messages: float | None,
        baseline_participants: float | None,
        at: datetime,
    ) -> None:
        """Keep what a prompt did in the hour after it (a usual of None: nothing to compare
        with, kept as NULL)."""
        stmt = update(prompt_posts).where(prompt_posts.c.id == post_id)
        async with self.engine.begin() as conn:
            await conn.execute(
                stmt.values(
                    measured_at=at,
                    replies=replies,
                    messages=messages,
                    participants=participants,
                    baseline_messages=baseline_messages,
                    baseline_participants=baseline_participants,
                )
            )

    async def measured_posts(
        self, *, chat_id: int | None = None, since: datetime | None = None
    ) -> list[PostRecord]:
        """Measured posts of one chat (or every chat's, for the shared prior)."""
        query = select(prompt_posts).where(prompt_posts.c.measured_at.is_not(None))
        if chat_id is not None:
            query = query.where(prompt_posts.c.chat_id == chat_id)
        if since is not None:
            query = query.where(prompt_posts.c.posted_at >= since)
        async with self.engine.connect() as conn:
            return [_post(r) for r in await conn.execute(query.order_by(prompt_posts.c.id))]

    async def count_posts(self, chat_id: int, since: datetime) -> int:
        """How many prompts were posted in a chat since a time."""
        query = select(func.count()).where(
            prompt_posts.c.chat_id == chat_id, prompt_posts.c.posted_at >= since
        )
        async with self.engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())
