"""Steward's store: SQLAlchemy Core (async) over SQLite or PostgreSQL, migrated by Alembic."""

from bot.store.records import (
    AdminRecord,
    ChatRecord,
    EventRecord,
    LeaseInfo,
    MemberRecord,
    StoreError,
    StoreUnavailable,
    UserRecord,
)
from bot.store.store import Store

__all__ = [
    "AdminRecord",
    "ChatRecord",
    "EventRecord",
    "LeaseInfo",
    "MemberRecord",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UserRecord",
]
