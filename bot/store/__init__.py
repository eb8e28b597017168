"""Steward's store: SQLAlchemy Core (async) over SQLite or PostgreSQL, migrated by Alembic."""

from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError, StatementError

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


def refused_record(exc: BaseException) -> bool:
    """Whether a write failed for what the record holds (a value the database will not take, a
    broken constraint), not because the database is away: trying it again can never succeed."""
    if isinstance(exc, (DataError, IntegrityError)):
        return True
    return isinstance(exc, StatementError) and isinstance(exc.orig, (ValueError, TypeError))


__all__ = [
    "DATABASE_ERRORS",
    "refused_record",
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
