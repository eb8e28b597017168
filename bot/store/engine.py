"""Opening the database: URL forms, SQLite pragmas, migrations at start-up, one-line errors."""

from __future__ import annotations

import asyncio
import re
import threading
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store.records import StoreUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

# Serialises migrations when several workers start at once on one PostgreSQL database.
_MIGRATION_LOCK = 727_001
# The newest migration (bot/store/migrations/versions; a test holds the two equal). A database
# already there needs no migration, and alembic is not loaded at all: importing it costs 11 MB of
# resident memory for the life of the process, and 0.15 s of every start.
SCHEMA_HEAD = "0009"


_SSLMODE = re.compile(r"([?&])sslmode=")


def normalise_url(url: str) -> str:
    """Map the URL forms people write onto the async drivers Steward uses."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise StoreUnavailable(f"DATABASE_URL {url!r} is not a database URL")
    scheme = scheme.lower()
    if scheme in ("sqlite", "sqlite+aiosqlite"):
        return f"sqlite+aiosqlite://{rest}"
    if scheme in ("postgres", "postgresql", "postgresql+asyncpg"):
        # libpq's "?sslmode=require" (what hosted PostgreSQL hands out) is asyncpg's "ssl".
        return "postgresql+asyncpg://" + _SSLMODE.sub(r"\1ssl=", rest)
    raise StoreUnavailable(
        f"DATABASE_URL scheme {scheme!r} is not supported (sqlite or postgresql)"
    )


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"


def reason(exc: BaseException) -> str:
    """The first line of what the driver said, without SQLAlchemy's boilerplate."""
    inner: BaseException = exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        inner = exc.orig
    text_ = str(inner).strip() or type(inner).__name__
    return text_.splitlines()[0]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine(url: str) -> AsyncEngine:
    """An async engine for the URL with the right settings per backend."""
    try:
        if url.startswith("sqlite"):
            engine = create_async_engine(url, connect_args={"timeout": 5})
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            engine = create_async_engine(
                url, pool_size=5, max_overflow=5, pool_pre_ping=True, connect_args={"timeout": 5}
            )
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StoreUnavailable(f"cannot use database {safe_url(url)}: {reason(exc)}") from None
    return engine


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("bot.store") / "migrations"
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def _at_head(connection: Connection) -> bool:
    """Whether the schema is at the newest migration already (the usual restart)."""
    if not inspect(connection).has_table("alembic_version"):
        return False
    versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return list(versions) == [SCHEMA_HEAD]


def _upgrade(connection: Connection) -> None:
    from alembic import command

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
    command.upgrade(_alembic_config(connection), "head")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest migration (without loading alembic when it already is)."""
    async with engine.begin() as conn:
        if await conn.run_sync(_at_head):
            return
        await conn.run_sync(_upgrade)


async def check(engine: AsyncEngine, url: str) -> None:
    """Connect once, turning any failure into StoreUnavailable with one clear line."""
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError, TypeError, ValueError, OverflowError) as exc:
        # TypeError, ValueError, OverflowError: the driver refusing the URL's parts (an unknown
        # query parameter, a port past 65535) before it connects.
        await _settle_sqlite_workers()
        raise StoreUnavailable(f"cannot open database {safe_url(url)}: {reason(exc)}") from None


async def _settle_sqlite_workers(timeout_s: float = 1.0) -> None:
    """Let aiosqlite's worker threads of failed connections finish while the loop still runs.

    aiosqlite stops the worker of a connection that failed to open without waiting for it; if
    the process then exits at once, the worker reports to a closed event loop and prints a
    traceback over our one-line error.
    """
    step = 0.005
    for _ in range(int(timeout_s / step)):
        if not any("_connection_worker_thread" in t.name for t in threading.enumerate()):
            return
        await asyncio.sleep(step)
