"""The Store: every read and write Steward makes, as intent-named async methods (alerts and
history in their own modules, mixed in)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.store import engine as engines
from bot.store.alerting import AlertStore
from bot.store.competitors import CompetitorStore
from bot.store.engagement import EngagementStore
from bot.store.health import HealthStore
from bot.store.history import HistoryStore
from bot.store.merge import move_chat_rows
from bot.store.outbox import OutboxStore
from bot.store.records import (
    AdminRecord,
    ChatRecord,
    LeaseInfo,
    MemberRecord,
    StoreUnavailable,
)
from bot.store.schema import chat_admins, chats, leases, members
from bot.store.users import UserStore
from bot.store.windows import WindowStore

log = logging.getLogger(__name__)


def _chat_query(chat_id: int) -> Select[Any]:
    return select(chats).where(chats.c.chat_id == chat_id)


def _member_query(chat_id: int, user_id: int) -> Select[Any]:
    return select(members).where(members.c.chat_id == chat_id, members.c.user_id == user_id)


class Store(
    AlertStore,
    HistoryStore,
    WindowStore,
    CompetitorStore,
    EngagementStore,
    OutboxStore,
    HealthStore,
    UserStore,
):
    """Steward's state in SQLite or PostgreSQL; safe for several processes on one database."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        # An SQLite database's file and which file it was when opened (a deleted or replaced
        # file goes unnoticed by SQLite itself: writes go to the unlinked file and are lost).
        self.note_file()
        self.start_users()

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Open (and by default migrate) the database, or raise StoreUnavailable."""
        normalised = engines.normalise_url(url)
        engine = engines.create_engine(normalised)
        try:
            await engines.check(engine, normalised)
            if migrate:
                try:
                    await engines.migrate(engine)
                except (SQLAlchemyError, OSError) as exc:
                    safe = engines.safe_url(normalised)
                    raise StoreUnavailable(
                        f"cannot migrate database {safe}: {engines.reason(exc)}"
                    ) from None
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    async def close(self) -> None:
        """Write the names still waiting (if the database takes them) and release every
        connection."""
        try:
            await self.flush_users()
        except Exception:  # closing anyway: one line, not a traceback
            log.warning("the names of %d people were not written", len(self._users_later))
        self.close_keeper()
        await self.engine.dispose()

    # -- chats ---------------------------------------------------------------------------------

    async def upsert_chat(
        self,
        chat_id: int,
        *,
        type: str,
        title: str,
        username: str | None,
        at: datetime,
        language: str | None = None,
        timezone: str | None = None,
    ) -> None:
        """Register a chat or refresh its type, title and username; a language or time zone
        given only fills a gap (a chat's own choice is kept)."""
        stmt = self._insert(chats).values(
            chat_id=chat_id,
            type=str(type),
            title=title,
            username=username,
            status="active",
            settings={},
            bot_rights={},
            language=language,
            timezone=timezone,
            updated_at=at,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[chats.c.chat_id],
            set_={
                "type": str(type),
                "title": title,
                "username": username,
                "updated_at": at,
                "language": func.coalesce(chats.c.language, stmt.excluded.language),
                "timezone": func.coalesce(chats.c.timezone, stmt.excluded.timezone),
            },
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def onboard_chat(
        self,
        chat_id: int,
        *,
        type: str,
        title: str,
        username: str | None,
        rights: Mapping[str, Any],
        added_by: int,
        language: str,
        timezone: str,
        at: datetime,
    ) -> ChatRecord:
        """Steward was added: register or refresh the chat, active, with its rights and adder,
        in one transaction. A language or time zone the chat already has is kept; the given
        ones only fill a gap. Returns the chat as it now stands."""
        values = {
            "type": str(type),
            "title": title,
            "username": username,
            "status": "active",
            "bot_rights": dict(rights),
            "added_by": added_by,
            "added_at": at,
            "updated_at": at,
        }
        stmt = self._insert(chats).values(
            chat_id=chat_id, settings={}, language=language, timezone=timezone, **values
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[chats.c.chat_id],
            set_={
                **values,
                "language": func.coalesce(chats.c.language, stmt.excluded.language),
                "timezone": func.coalesce(chats.c.timezone, stmt.excluded.timezone),
            },
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)
            row = (await conn.execute(_chat_query(chat_id))).one()
        return _chat(row)

    async def _update_chat(self, chat_id: int, **values: Any) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(chats).where(chats.c.chat_id == chat_id).values(**values))

    async def set_chat_status(self, chat_id: int, status: str, at: datetime) -> None:
        """Mark a chat active, left, kicked or migrated."""
        await self._update_chat(chat_id, status=status, updated_at=at)

    async def set_bot_rights(self, chat_id: int, rights: Mapping[str, Any], at: datetime) -> None:
        """Remember what Steward may do in a chat."""
        await self._update_chat(chat_id, bot_rights=dict(rights), updated_at=at)

    async def set_chat_language(self, chat_id: int, language: str) -> None:
        """Set the language Steward speaks in a chat."""
        await self._update_chat(chat_id, language=language)

    async def set_chat_timezone(self, chat_id: int, timezone: str) -> None:
        """Set a chat's time zone."""
        await self._update_chat(chat_id, timezone=timezone)

    async def swap_chat_setting(self, chat_id: int, key: str, expected: Any, new: Any) -> bool:
        """Set one of a chat's settings to `new` only if it still holds `expected` (None: not
        set); whether it did. One worker of several wins a once-only job this way."""
        async with self.engine.begin() as conn:
            settings = await _locked_settings(conn, chat_id)
            if settings is None or settings.get(key) != expected:
                return False
            await _write_settings(conn, chat_id, {**settings, key: new})
        return True

    async def update_chat_settings(
        self, chat_id: int, changes: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Merge changes into a chat's settings (None removes a key); returns the result."""
        async with self.engine.begin() as conn:
            merged = await _locked_settings(conn, chat_id)
            if merged is None:
                raise KeyError(chat_id)
            for key, value in changes.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            await _write_settings(conn, chat_id, merged)
        return merged

    async def get_chat(self, chat_id: int) -> ChatRecord | None:
        """A chat, or None if Steward never saw it."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(_chat_query(chat_id))).first()
        return _chat(row) if row is not None else None

    async def list_chats(self, status: str | None = None) -> list[ChatRecord]:
        """All chats, or those with one status."""
        query = select(chats).order_by(chats.c.chat_id)
        if status is not None:
            query = query.where(chats.c.status == status)
        async with self.engine.connect() as conn:
            return [_chat(r) for r in await conn.execute(query)]

    async def migrated_chats(self, chat_ids: Iterable[int]) -> dict[int, int]:
        """Of these chats, the ones that became supergroups, with their new ids."""
        ids = list(chat_ids)
        if not ids:
            return {}
        query = select(chats.c.chat_id, chats.c.migrated_to).where(
            chats.c.chat_id.in_(ids),
            chats.c.status == "migrated",
            chats.c.migrated_to.is_not(None),
        )
        async with self.engine.connect() as conn:
            return {int(r.chat_id): int(r.migrated_to) for r in await conn.execute(query)}

    async def chat_timezones(self, chat_ids: Iterable[int]) -> dict[int, str | None]:
        """Of these chats, the ones Steward knows, with their time zones' names (None: unset)."""
        ids = sorted(set(chat_ids))
        found: dict[int, str | None] = {}
        async with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                query = select(chats.c.chat_id, chats.c.timezone).where(
                    chats.c.chat_id.in_(ids[start : start + 500])
                )
                for row in await conn.execute(query):
                    found[int(row.chat_id)] = row.timezone
        return found

    async def list_admin_chats(self, user_id: int) -> list[ChatRecord]:
        """Chats where the admin cache lists this user, whatever their status."""
        query = (
            select(chats)
            .join(chat_admins, chat_admins.c.chat_id == chats.c.chat_id)
            .where(chat_admins.c.user_id == user_id)
            .order_by(chats.c.title)
        )
        async with self.engine.connect() as conn:
            return [_chat(r) for r in await conn.execute(query)]

    # -- members -------------------------------------------------------------------------------

    async def member_joined(self, chat_id: int, user_id: int, at: datetime) -> MemberRecord:
        """A member joined (again): first-seen stays, joined is now, left is cleared.

        Returns the member's row as it now stands, from the same statement (a newcomer's first
        message is the one most worth judging fast).
        """
        stmt = self._insert(members).values(
            chat_id=chat_id, user_id=user_id, first_seen_at=at, joined_at=at, messages_seen=0
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[members.c.chat_id, members.c.user_id],
            set_={"joined_at": at, "left_at": None},
        ).returning(*members.c)
        async with self.engine.begin() as conn:
            row = (await conn.execute(stmt)).one()
        return MemberRecord(**row._mapping)

    async def member_left(self, chat_id: int, user_id: int, at: datetime) -> None:
        """A member left or was removed; their row and history stay."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(members)
                .where(members.c.chat_id == chat_id, members.c.user_id == user_id)
                .values(left_at=at)
            )

    async def record_message(self, chat_id: int, user_id: int, at: datetime) -> None:
        """Count one message (commutative, so concurrent writers add up)."""
        await self.record_messages([(chat_id, user_id, at)])

    async def record_messages(self, batch: Iterable[tuple[int, int, datetime]]) -> None:
        """Count many messages in one transaction: per member, count + n and the latest time."""
        totals: dict[tuple[int, int], tuple[int, datetime, datetime]] = {}
        for chat_id, user_id, at in batch:
            key = (chat_id, user_id)
            n, first, last = totals.get(key, (0, at, at))
            totals[key] = (n + 1, min(first, at), max(last, at))
        if not totals:
            return
        rows = [
            {
                "chat_id": c,
                "user_id": u,
                "first_seen_at": first,
                "messages_seen": n,
                "last_message_at": last,
            }
            for (c, u), (n, first, last) in totals.items()
        ]
        stmt = self._insert(members)
        stmt = stmt.on_conflict_do_update(
            index_elements=[members.c.chat_id, members.c.user_id],
            set_={
                "messages_seen": members.c.messages_seen + stmt.excluded.messages_seen,
                "last_message_at": func.coalesce(
                    _greatest(
                        self.dialect, members.c.last_message_at, stmt.excluded.last_message_at
                    ),
                    stmt.excluded.last_message_at,
                ),
            },
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt, rows)

    async def get_member(self, chat_id: int, user_id: int) -> MemberRecord | None:
        """A member's standing in a chat."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(_member_query(chat_id, user_id))).first()
        return MemberRecord(**row._mapping) if row is not None else None

    async def _member_flag(self, chat_id: int, user_id: int, at: datetime, **flags: Any) -> None:
        stmt = self._insert(members).values(
            chat_id=chat_id, user_id=user_id, first_seen_at=at, messages_seen=0, **flags
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[members.c.chat_id, members.c.user_id], set_=flags
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def set_member_trusted(
        self, chat_id: int, user_id: int, trusted: bool, at: datetime
    ) -> None:
        """Mark a member trusted (skips content checks) or not."""
        await self._member_flag(chat_id, user_id, at, trusted=trusted)

    async def set_member_approved(
        self, chat_id: int, user_id: int, approved: bool, at: datetime
    ) -> None:
        """Approve a member (skips content checks) or withdraw it."""
        await self._member_flag(chat_id, user_id, at, approved=approved)

    async def list_approved(self, chat_id: int, limit: int | None = None) -> list[int]:
        """User ids of a chat's approved members (all of them, or the first `limit`)."""
        query = (
            select(members.c.user_id)
            .where(members.c.chat_id == chat_id, members.c.approved.is_(True))
            .order_by(members.c.user_id)
            .limit(limit)
        )
        async with self.engine.connect() as conn:
            return [int(uid) for uid in (await conn.execute(query)).scalars()]

    async def add_warning(self, chat_id: int, user_id: int, at: datetime, n: int = 1) -> int:
        """Add warnings (commutative) and return the new count."""
        stmt = self._insert(members).values(
            chat_id=chat_id, user_id=user_id, first_seen_at=at, messages_seen=0, warnings=n
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[members.c.chat_id, members.c.user_id],
            set_={
                "warnings": func.max(0, members.c.warnings + n)
                if self.dialect == "sqlite"
                else func.greatest(0, members.c.warnings + n)
            },
        ).returning(members.c.warnings)
        async with self.engine.begin() as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def reset_warnings(
        self, chat_id: int, user_id: int, at_least: int | None = None, *, restart: bool = False
    ) -> bool:
        """Clear a member's warnings (with `at_least`, only while they are at least that many);
        whether they were cleared. Two warnings reaching the limit at once (two moderators, two
        workers) clear them once, so the limit is acted on once. With `restart` (the limit was
        reached) their clean messages are forgotten too: the offence leaves them a newcomer, and
        no warning-free regular, until they earn it again."""
        stmt = update(members).where(members.c.chat_id == chat_id, members.c.user_id == user_id)
        if at_least is not None:
            stmt = stmt.where(members.c.warnings >= at_least)
        values = {"warnings": 0, "messages_seen": 0} if restart else {"warnings": 0}
        async with self.engine.begin() as conn:
            return (await conn.execute(stmt.values(**values))).rowcount == 1

    # -- admin cache ---------------------------------------------------------------------------

    def _admin_values(self, record: AdminRecord, at: datetime) -> dict[str, Any]:
        return {
            "chat_id": record.chat_id,
            "user_id": record.user_id,
            "status": record.status,
            "is_anonymous": record.is_anonymous,
            "can_delete_messages": record.can_delete_messages,
            "can_restrict_members": record.can_restrict_members,
            "can_promote_members": record.can_promote_members,
            "can_pin_messages": record.can_pin_messages,
            "can_change_info": record.can_change_info,
            "updated_at": at,
        }

    async def replace_admins(
        self, chat_id: int, admins: Sequence[AdminRecord], at: datetime
    ) -> None:
        """Replace a chat's whole admin list with what Telegram just said."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(chat_admins).where(chat_admins.c.chat_id == chat_id))
            if admins:
                await conn.execute(
                    chat_admins.insert(), [self._admin_values(a, at) for a in admins]
                )

    async def upsert_admin(self, record: AdminRecord, at: datetime) -> None:
        """Add or update one admin."""
        values = self._admin_values(record, at)
        stmt = self._insert(chat_admins).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[chat_admins.c.chat_id, chat_admins.c.user_id],
            set_={k: v for k, v in values.items() if k not in ("chat_id", "user_id")},
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)

    async def remove_admin(self, chat_id: int, user_id: int) -> None:
        """Someone is no longer an admin."""
        async with self.engine.begin() as conn:
            await conn.execute(
                delete(chat_admins).where(
                    chat_admins.c.chat_id == chat_id, chat_admins.c.user_id == user_id
                )
            )

    async def get_admin(self, chat_id: int, user_id: int) -> AdminRecord | None:
        """One admin of a chat, or None."""
        query = select(chat_admins).where(
            chat_admins.c.chat_id == chat_id, chat_admins.c.user_id == user_id
        )
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return AdminRecord(**row._mapping) if row is not None else None

    async def list_admins(self, chat_id: int) -> list[AdminRecord]:
        """A chat's cached admins."""
        query = select(chat_admins).where(chat_admins.c.chat_id == chat_id)
        async with self.engine.connect() as conn:
            return [AdminRecord(**r._mapping) for r in await conn.execute(query)]

    # -- migration and leases ------------------------------------------------------------------

    async def migrate_chat(self, old_id: int, new_id: int, at: datetime) -> bool:
        """Move every chat row to a supergroup's new id; False when already done."""
        async with self.engine.begin() as conn:
            return await move_chat_rows(conn, old_id, new_id, at)

    async def acquire_lease(self, name: str, holder: str, at: datetime, ttl_s: float) -> LeaseInfo:
        """Take a named lease if it is free, expired or already ours (atomic on both backends)."""
        expires = at + timedelta(seconds=ttl_s)
        stmt = self._insert(leases).values(name=name, holder=holder, expires_at=expires)
        stmt = stmt.on_conflict_do_update(
            index_elements=[leases.c.name],
            set_={"holder": holder, "expires_at": expires},
            where=or_(leases.c.holder == holder, leases.c.expires_at < at),
        )
        async with self.engine.begin() as conn:
            await conn.execute(stmt)
            row = (await conn.execute(select(leases).where(leases.c.name == name))).one()
        return LeaseInfo(row.holder == holder, row.holder, row.expires_at)

    async def renew_lease(self, name: str, holder: str, at: datetime, ttl_s: float) -> bool:
        """Extend our lease; False if someone else holds it now."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(leases)
                .where(and_(leases.c.name == name, leases.c.holder == holder))
                .values(expires_at=at + timedelta(seconds=ttl_s))
            )
        return bool(result.rowcount)

    async def release_lease(self, name: str, holder: str) -> None:
        """Give a lease up at a clean stop (only if it is ours)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                delete(leases).where(leases.c.name == name, leases.c.holder == holder)
            )


def _greatest(dialect: str, a: Any, b: Any) -> Any:
    return func.max(a, b) if dialect == "sqlite" else func.greatest(a, b)


def _chat(row: Any) -> ChatRecord:
    data = dict(row._mapping)
    data["settings"] = dict(data.get("settings") or {})
    data["bot_rights"] = dict(data.get("bot_rights") or {})
    return ChatRecord(**data)


async def _locked_settings(conn: AsyncConnection, chat_id: int) -> dict[str, Any] | None:
    """A chat's settings (a copy to change), its row locked until the transaction ends; None
    if Steward never saw the chat."""
    row = (
        await conn.execute(
            select(chats.c.settings).where(chats.c.chat_id == chat_id).with_for_update()
        )
    ).first()
    return None if row is None else dict(row.settings or {})


async def _write_settings(conn: AsyncConnection, chat_id: int, settings: dict[str, Any]) -> None:
    await conn.execute(update(chats).where(chats.c.chat_id == chat_id).values(settings=settings))
