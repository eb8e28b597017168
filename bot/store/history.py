"""The store's history side: the moderation log (events) and the texts moderators labelled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import EventRecord, SampleRow
from bot.store.schema import events, samples
from bot.store.schema import outbox as outbox_table
from policies.facts import LABELS

# A sample is positive for one label's model, or "ham": fine for every label.
SAMPLE_LABELS = frozenset((*LABELS, "ham"))


class HistoryStore:
    """Event and sample methods; a base of Store, which opens the engine."""

    engine: AsyncEngine

    # -- events --------------------------------------------------------------------------------

    async def record_event(
        self,
        chat_id: int,
        *,
        at: datetime,
        kind: str,
        actor_id: int | None = None,
        target_user_id: int | None = None,
        target_chat_id: int | None = None,
        message_id: int | None = None,
        checks: Sequence[Mapping[str, Any]] = (),
        reason: str = "",
        text: str | None = None,
        outbox: Sequence[Mapping[str, Any]] = (),
    ) -> int:
        """Log a moderation event, and the actions it led to in the outbox (one transaction);
        returns its id."""
        stmt = (
            events.insert()
            .values(
                chat_id=chat_id,
                at=at,
                kind=kind,
                actor_id=actor_id,
                target_user_id=target_user_id,
                target_chat_id=target_chat_id,
                message_id=message_id,
                checks=[dict(c) for c in checks],
                reason=reason,
                text=text,
            )
            .returning(events.c.id)
        )
        async with self.engine.begin() as conn:
            event_id = int((await conn.execute(stmt)).scalar_one())
            if outbox:
                rows = [
                    {"chat_id": chat_id, "event_id": event_id, "created_at": at, **item}
                    for item in outbox
                ]
                await conn.execute(outbox_table.insert(), rows)
            return event_id

    async def set_event_reason(self, event_id: int, reason: str) -> None:
        """Rewrite an event's reason (its outcome changed: a retried action was done)."""
        stmt = events.update().where(events.c.id == event_id).values(reason=reason)
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def get_event(self, event_id: int) -> EventRecord | None:
        """One event by id."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(events).where(events.c.id == event_id))).first()
        return EventRecord(**row._mapping) if row is not None else None

    async def find_event_by_message(
        self, chat_id: int, message_id: int, kinds: tuple[str, ...] = ()
    ) -> EventRecord | None:
        """The latest event about one message (of one of `kinds`, when given)."""
        query = (
            select(events)
            .where(events.c.chat_id == chat_id, events.c.message_id == message_id)
            .order_by(events.c.id.desc())
            .limit(1)
        )
        if kinds:
            query = query.where(events.c.kind.in_(kinds))
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return EventRecord(**row._mapping) if row is not None else None

    async def was_undone(self, event: EventRecord, kind: str = "moderator_restore") -> bool:
        """Whether a moderator has already undone an event (a `kind` event about the same
        message and member recorded after it)."""
        query = (
            select(events.c.id)
            .where(
                events.c.chat_id == event.chat_id,
                events.c.kind == kind,
                events.c.id > event.id,
                events.c.message_id == event.message_id
                if event.message_id is not None
                else events.c.message_id.is_(None),
                events.c.target_user_id == event.target_user_id
                if event.target_user_id is not None
                else events.c.target_user_id.is_(None),
            )
            .limit(1)
        )
        async with self.engine.connect() as conn:
            return (await conn.execute(query)).first() is not None

    async def list_events(self, chat_id: int, limit: int = 20) -> list[EventRecord]:
        """A chat's most recent events, newest first."""
        query = (
            select(events).where(events.c.chat_id == chat_id).order_by(events.c.id.desc())
        ).limit(max(1, limit))
        async with self.engine.connect() as conn:
            return [EventRecord(**r._mapping) for r in await conn.execute(query)]

    async def events_since(
        self, chat_id: int, kind: str, since: datetime, limit: int = 500
    ) -> list[EventRecord]:
        """A chat's events of one kind at or after a time, oldest first."""
        query = (
            select(events)
            .where(events.c.chat_id == chat_id, events.c.kind == kind, events.c.at >= since)
            .order_by(events.c.at, events.c.id)
            .limit(max(1, limit))
        )
        async with self.engine.connect() as conn:
            return [EventRecord(**r._mapping) for r in await conn.execute(query)]

    async def purge_texts(self, older_than: datetime) -> int:
        """Blank stored message texts older than a time (retention); the events stay."""
        stmt = (
            update(events)
            .where(events.c.at < older_than, events.c.text.is_not(None))
            .values(text=None)
        )
        async with self.engine.begin() as conn:
            return int((await conn.execute(stmt)).rowcount or 0)

    # -- labelled samples ----------------------------------------------------------------------

    async def add_samples(
        self,
        rows: Sequence[tuple[int | None, str, str]],
        *,
        source: str,
        at: datetime,
        lang: str | None = None,
        actor_id: int | None = None,
    ) -> int:
        """Store labelled texts (chat None: for the shared model); returns how many were new.

        A text already stored with the same label for the same chat is not stored again, so
        training twice on one file changes nothing.
        """
        wanted = {
            (chat_id, text, label): None
            for chat_id, text, label in rows
            if label in SAMPLE_LABELS and text
        }
        async with self.engine.begin() as conn:
            texts = sorted({text for _, text, _ in wanted})
            for start in range(0, len(texts), 500):
                query = select(samples.c.chat_id, samples.c.text, samples.c.label).where(
                    samples.c.text.in_(texts[start : start + 500])
                )
                for chat_id, text, label in await conn.execute(query):
                    wanted.pop((chat_id, text, label), None)
            values = [
                {
                    "chat_id": chat_id,
                    "text": text,
                    "label": label,
                    "lang": lang,
                    "source": source,
                    "actor_id": actor_id,
                    "at": at,
                }
                for chat_id, text, label in wanted
            ]
            if values:
                await conn.execute(samples.insert(), values)
        return len(values)

    async def list_samples(self) -> list[tuple[int | None, str, str]]:
        """Every stored sample as (chat id or None, text, label), oldest first."""
        query = select(samples.c.chat_id, samples.c.text, samples.c.label).order_by(samples.c.id)
        async with self.engine.connect() as conn:
            return [(r.chat_id, r.text, r.label) for r in await conn.execute(query)]

    async def list_samples_after(self, after_id: int) -> list[SampleRow]:
        """Samples with an id above after_id, oldest first (how a worker picks up new ones)."""
        query = (
            select(samples.c.id, samples.c.chat_id, samples.c.text, samples.c.label)
            .where(samples.c.id > after_id)
            .order_by(samples.c.id)
        )
        async with self.engine.connect() as conn:
            return [
                SampleRow(int(r.id), r.chat_id, str(r.text), str(r.label))
                for r in await conn.execute(query)
            ]
