"""Steward's store: SQLAlchemy Core (async) over SQLite or PostgreSQL, migrated by Alembic."""

from sqlalchemy.exc import SQLAlchemyError

from bot.store.engine import reason as database_reason
from bot.store.records import (
    AdminRecord,
    AlertRecord,
    ChatRecord,
    DeliveryRecord,
    EventRecord,
    LeaseInfo,
    MemberRecord,
    OutboxRecord,
    PostRecord,
    PromptRecord,
    SampleRow,
    ScheduleRecord,
    StoreError,
    StoreUnavailable,
    UserRecord,
    WindowCount,
)
from bot.store.store import Store

# What a store call raises when the database fails at run time (locked, full, gone): callers
# catch these to give a clear answer instead of a traceback.
DATABASE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, StoreError)

__all__ = [
    "DATABASE_ERRORS",
    "AdminRecord",
    "AlertRecord",
    "ChatRecord",
    "DeliveryRecord",
    "EventRecord",
    "LeaseInfo",
    "MemberRecord",
    "OutboxRecord",
    "PostRecord",
    "PromptRecord",
    "SampleRow",
    "ScheduleRecord",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UserRecord",
    "WindowCount",
    "database_reason",
]
