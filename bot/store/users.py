"""People Steward has seen: names, language and whether it may DM them; names are written
behind (a newcomer's join waits for no write) and read back at once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import UserRecord
from bot.store.schema import users

# A person's username, first name, language code, and when they were seen so.
_Names = tuple[str | None, str | None, str | None, datetime]


class UserStore:
    """People methods; a base of Store, which opens the engine and calls start_users."""

    engine: AsyncEngine

    if TYPE_CHECKING:

        def _insert(self, table: Table) -> Any:
            """An INSERT that knows its backend's ON CONFLICT clause (AlertStore has it)."""

    def start_users(self) -> None:
        """No names waiting yet."""
        # People's names and languages waiting to be written (remember_user_later): the reads
        # of people see them at once, the next flush_users writes them in one transaction.
        self._users_later: dict[int, _Names] = {}
        self._users_writing: dict[int, _Names] = {}  # being written (seen until committed)
        self._users_lock = asyncio.Lock()

    def remember_user_later(
        self,
        user_id: int,
        *,
        username: str | None,
        first_name: str | None,
        language_code: str | None,
        at: datetime,
    ) -> None:
        """Keep a person's names and language current, without waiting: written by the next
        flush_users, seen by get_user and find_user_by_username at once (a newcomer's join
        costs no write)."""
        self._users_later.pop(user_id, None)  # the newest last: find_user_by_username's order
        self._users_later[user_id] = (username, first_name, language_code, at)

    async def flush_users(self) -> None:
        """Write the names remember_user_later keeps; on failure they wait for the next try."""
        if not self._users_later:
            return
        async with self._users_lock:
            batch, self._users_later = self._users_later, {}
            self._users_writing = batch
            try:
                await self.remember_users((u, *named) for u, named in batch.items())
            except BaseException:
                self._users_later = batch | self._users_later  # names seen since are newer
                raise
            finally:
                self._users_writing = {}

    async def remember_users(
        self, people: Iterable[tuple[int, str | None, str | None, str | None, datetime]]
    ) -> None:
        """Keep many people's names and languages current in one transaction: (user id,
        username, first name, language code, when seen), the last entry for a person winning."""
        rows = {
            user_id: {
                "user_id": user_id,
                "username": username,
                "username_lower": username.lower() if username else None,
                "first_name": first_name,
                "language_code": language_code,
                "updated_at": at,
            }
            for user_id, username, first_name, language_code, at in people
        }
        if not rows:
            return
        stmt = self._insert(users)
        stmt = stmt.on_conflict_do_update(
            index_elements=[users.c.user_id],
            set_={
                name: stmt.excluded[name]
                for name in (
                    "username",
                    "username_lower",
                    "first_name",
                    "language_code",
                    "updated_at",
                )
            },
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt, [rows[u] for u in sorted(rows)])

    async def mark_user_started(self, user_id: int, at: datetime) -> None:
        """The user started the bot in private: Steward may DM them."""
        stmt = self._insert(users).values(user_id=user_id, started_at=at, updated_at=at)
        stmt = stmt.on_conflict_do_update(
            index_elements=[users.c.user_id],
            set_={"started_at": at, "unreachable_at": None, "updated_at": at},
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def mark_user_unreachable(self, user_id: int, at: datetime) -> None:
        """A DM failed with 403: stop trying until they start the bot again."""
        stmt = self._insert(users).values(user_id=user_id, unreachable_at=at, updated_at=at)
        stmt = stmt.on_conflict_do_update(
            index_elements=[users.c.user_id], set_={"unreachable_at": at, "updated_at": at}
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def get_user(self, user_id: int) -> UserRecord | None:
        """What Steward knows about a person (names not written yet included)."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(users).where(users.c.user_id == user_id))).first()
        return self._with_names(user_id, _user(row) if row is not None else None)

    async def find_user_by_username(self, username: str) -> UserRecord | None:
        """A person by @username, case-insensitively; the most recently seen wins."""
        wanted = username.lstrip("@").lower()
        for waiting in (self._users_later, self._users_writing):
            for user_id, (name, *_) in reversed(waiting.items()):
                if name and name.lower() == wanted:
                    return await self.get_user(user_id)
        query = (
            select(users)
            .where(users.c.username_lower == wanted)
            .order_by(users.c.updated_at.desc())
            .limit(1)
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return self._with_names(row.user_id, _user(row)) if row is not None else None

    def _with_names(self, user_id: int, stored: UserRecord | None) -> UserRecord | None:
        """A person as stored, with the names and language waiting to be written over it."""
        waiting = self._users_later.get(user_id) or self._users_writing.get(user_id)
        if waiting is None:
            return stored
        username, first_name, language_code, _ = waiting
        if stored is None:
            return UserRecord(user_id, username, first_name, language_code, None, None)
        return replace(
            stored, username=username, first_name=first_name, language_code=language_code
        )

    async def can_dm(self, user_id: int) -> bool:
        """Whether Steward may write to this person in private."""
        user = await self.get_user(user_id)
        return user is not None and user.reachable


def _user(row: Any) -> UserRecord:
    return UserRecord(
        user_id=row.user_id,
        username=row.username,
        first_name=row.first_name,
        language_code=row.language_code,
        started_at=row.started_at,
        unreachable_at=row.unreachable_at,
    )
