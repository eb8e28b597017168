"""The store's competitor lists: what moderators listed, per chat, keyed by the squashed name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.schema import competitors
from policies.competitors import MAX_ENTRIES, Entry


class CompetitorStore:
    """Competitor list methods; a base of Store, which opens the engine."""

    engine: AsyncEngine

    if TYPE_CHECKING:

        def _insert(self, table: Table) -> Any:
            """An INSERT that knows its backend's ON CONFLICT clause (AlertStore has it)."""

    async def add_competitors(
        self, chat_id: int, entries: Sequence[Entry], actor_id: int | None, at: datetime
    ) -> tuple[list[Entry], list[Entry], bool]:
        """List entries for a chat: (added, already listed, whether the list is full).

        Entries whose key is already listed are left as they are; once the chat has
        MAX_ENTRIES, the rest are not added.
        """
        added: list[Entry] = []
        known: list[Entry] = []
        async with self.engine.begin() as conn:
            have = {
                row.key
                for row in await conn.execute(
                    select(competitors.c.key).where(competitors.c.chat_id == chat_id)
                )
            }
            room = MAX_ENTRIES - len(have)
            for entry in entries:
                if entry.key in have:
                    known.append(entry)
                    continue
                if room <= 0:
                    return added, known, True
                stmt = self._insert(competitors).on_conflict_do_nothing(
                    index_elements=[competitors.c.chat_id, competitors.c.key]
                )
                await conn.execute(
                    stmt.values(
                        chat_id=chat_id,
                        key=entry.key,
                        shown=entry.shown[:160],
                        added_by=actor_id,
                        # One microsecond apart, so a list keeps the order the names were typed.
                        added_at=at + timedelta(microseconds=len(added)),
                    )
                )
                have.add(entry.key)
                added.append(entry)
                room -= 1
        return added, known, False

    async def remove_competitor(self, chat_id: int, key: str) -> str | None:
        """Take one entry off a chat's list: the name as it was listed, or None if it was not."""
        where = (competitors.c.chat_id == chat_id, competitors.c.key == key)
        async with self.engine.begin() as conn:
            shown = await conn.scalar(select(competitors.c.shown).where(*where))
            if shown is None:
                return None
            await conn.execute(delete(competitors).where(*where))
        return str(shown)

    async def list_competitors(self, chat_id: int) -> list[Entry]:
        """A chat's competitors, in the order they were listed."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(competitors.c.key, competitors.c.shown)
                .where(competitors.c.chat_id == chat_id)
                .order_by(competitors.c.added_at, competitors.c.key)
            )
            return [Entry(row.key, row.shown) for row in rows]

    async def count_competitors(self, chat_id: int) -> int:
        """How many competitors a chat lists."""
        async with self.engine.connect() as conn:
            total = await conn.scalar(
                select(func.count())
                .select_from(competitors)
                .where(competitors.c.chat_id == chat_id)
            )
        return int(total or 0)
