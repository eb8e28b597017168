"""Group-to-supergroup migration: move every row of every chat table to the new chat id.

Tables are discovered from the metadata (any table with a `chat_id` column), so tables later
migrations add are moved too. Where the new id already has a row with the same key (updates from
the new supergroup arrived first), the two are merged: counters add up, the earliest first-seen
and the latest activity win; for tables with no merge rule the newer row wins.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.schema import chats, events, members, metadata, outbox, reports

Merger = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


def _earliest(a: Any, b: Any) -> Any:
    return min(x for x in (a, b) if x is not None) if a is not None or b is not None else None


def _latest(a: Any, b: Any) -> Any:
    return max(x for x in (a, b) if x is not None) if a is not None or b is not None else None


def _merge_member(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {
        "first_seen_at": _earliest(old["first_seen_at"], new["first_seen_at"]),
        "joined_at": _earliest(old["joined_at"], new["joined_at"]),
        "messages_seen": old["messages_seen"] + new["messages_seen"],
        "last_message_at": _latest(old["last_message_at"], new["last_message_at"]),
        "trusted": old["trusted"] or new["trusted"],
        "approved": old["approved"] or new["approved"],
        "warnings": old["warnings"] + new["warnings"],
    }


def _merge_window(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {
        "count": old["count"] + new["count"],
        "touched_at": _latest(old["touched_at"], new["touched_at"]),
    }


# Tables whose colliding rows combine; any other table keeps the new chat's row.
MERGERS: dict[str, Merger] = {"members": _merge_member, "windows": _merge_window}


def chat_tables() -> list[Table]:
    """Every table with a chat_id column except chats itself."""
    return [t for t in metadata.sorted_tables if "chat_id" in t.c and t is not chats]


async def move_chat_rows(conn: AsyncConnection, old_id: int, new_id: int, at: datetime) -> bool:
    """Move a chat's rows inside the caller's transaction; False when there is nothing to do."""
    old = (await conn.execute(select(chats).where(chats.c.chat_id == old_id))).first()
    if old is None or (old.status == "migrated" and old.migrated_to == new_id):
        return False
    await _move_chat_row(conn, dict(old._mapping), new_id, at)
    await _out_of_reach(conn, old_id, at)
    for table in chat_tables():
        await _move_table(conn, table, old_id, new_id)
    # Groups that log to the migrated chat keep logging to it under its new id.
    await conn.execute(
        update(chats).where(chats.c.log_chat_id == old_id).values(log_chat_id=new_id)
    )
    return True


async def _out_of_reach(conn: AsyncConnection, old_id: int, at: datetime) -> None:
    """The old group's messages stay in its history, out of anyone's reach, and the new
    supergroup numbers its messages from 1 again: what names a message by its id must not
    follow the chat, or it would name an innocent message of the supergroup (a pending delete
    retried there, Confirm spam on an old alert, a report counted toward another message)."""
    await conn.execute(
        update(outbox)
        .where(outbox.c.chat_id == old_id, outbox.c.status == "pending", outbox.c.what == "delete")
        .values(
            status="failed",
            next_at=None,
            claimed_until=None,
            error="the group was upgraded to a supergroup: its old messages are out of reach",
            settled_at=at,
        )
    )
    await conn.execute(update(events).where(events.c.chat_id == old_id).values(message_id=None))
    await conn.execute(delete(reports).where(reports.c.chat_id == old_id))


async def _move_chat_row(
    conn: AsyncConnection, old: dict[str, Any], new_id: int, at: datetime
) -> None:
    new = (await conn.execute(select(chats).where(chats.c.chat_id == new_id))).first()
    if new is None:
        row = {
            **old,
            "chat_id": new_id,
            "type": "supergroup",
            "status": "active",
            "updated_at": at,
            "migrated_to": None,
        }
        await conn.execute(insert(chats).values(**row))
    else:
        current = dict(new._mapping)
        settings = {**(old["settings"] or {}), **(current["settings"] or {})}
        await conn.execute(
            update(chats)
            .where(chats.c.chat_id == new_id)
            .values(
                settings=settings,
                bot_rights=current["bot_rights"] or old["bot_rights"],
                language=current["language"] or old["language"],
                timezone=current["timezone"] or old["timezone"],
                added_by=current["added_by"] or old["added_by"],
                added_at=current["added_at"] or old["added_at"],
                log_chat_id=current["log_chat_id"] or old["log_chat_id"],
                status="active",
                updated_at=at,
            )
        )
    await conn.execute(
        update(chats)
        .where(chats.c.chat_id == old["chat_id"])
        .values(status="migrated", migrated_to=new_id, updated_at=at)
    )


async def _move_table(conn: AsyncConnection, table: Table, old_id: int, new_id: int) -> None:
    key = [c for c in table.primary_key.columns if c.name != "chat_id"]
    if "chat_id" not in table.primary_key.columns or not key:
        await conn.execute(update(table).where(table.c.chat_id == old_id).values(chat_id=new_id))
        return
    merger = MERGERS.get(table.name)
    rows = (await conn.execute(select(table).where(table.c.chat_id == old_id))).all()
    for row in rows:
        data = dict(row._mapping)
        match = and_(table.c.chat_id == new_id, *[c == data[c.name] for c in key])
        existing = (await conn.execute(select(table).where(match))).first()
        old_match = and_(table.c.chat_id == old_id, *[c == data[c.name] for c in key])
        if existing is None:
            await conn.execute(update(table).where(old_match).values(chat_id=new_id))
            continue
        if merger is not None:
            await conn.execute(
                update(table).where(match).values(**merger(data, dict(existing._mapping)))
            )
        await conn.execute(delete(table).where(old_match))


__all__ = ["MERGERS", "chat_tables", "members", "move_chat_rows"]
