"""Steward's store: SQLAlchemy Core (async) over SQLite or PostgreSQL, migrated by Alembic."""

from bot.store.records import (
    AdminRecord,
    AlertRecord,
    ChatRecord,
    DeliveryRecord,
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
    "AlertRecord",
    "ChatRecord",
    "DeliveryRecord",
    "EventRecord",
    "LeaseInfo",
    "MemberRecord",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UserRecord",
]
