"""The store's own health: a write probe, and an SQLite file deleted or replaced under it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from bot.store.records import LeaseInfo


class HealthStore:
    """Probe and file checks; a base of Store, which opens the engine and notes its file."""

    engine: AsyncEngine
    file: Path | None
    _identity: tuple[int, int] | None

    if TYPE_CHECKING:

        async def acquire_lease(
            self, name: str, holder: str, at: datetime, ttl_s: float
        ) -> LeaseInfo:
            """Take a named lease (Store has it)."""

    def note_file(self) -> None:
        """Remember which SQLite file the engine opened (none for PostgreSQL or memory)."""
        self.file, self._identity = None, None
        if self.engine.dialect.name != "sqlite":
            return
        database = self.engine.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            self.file = Path(database).resolve()
            self._identity = file_identity(self.file)

    async def probe(self, holder: str, at: datetime) -> None:
        """One small write, raising what the database says when it cannot take writes."""
        await self.acquire_lease("store-probe", holder, at, 60.0)

    def file_missing(self) -> bool:
        """Whether the SQLite file was deleted or replaced since it was opened."""
        if self.file is None or self._identity is None:
            return False
        return file_identity(self.file) != self._identity

    async def restore_file(self) -> bool:
        """Write the database a still-open connection sees back to its path (the file was
        deleted under us), then reconnect to it; False when that was not possible."""
        if self.file is None:
            return False
        target = self.file
        try:
            async with self.engine.connect() as conn:
                raw = await conn.get_raw_connection()
                source: Any = raw.driver_connection
                copy = await asyncio.to_thread(_open_sqlite, target)
                try:
                    await source.backup(copy)
                finally:
                    await asyncio.to_thread(copy.close)
        except (SQLAlchemyError, OSError, sqlite3.Error, AttributeError):
            return False
        await self.engine.dispose()
        self._identity = file_identity(target)
        return self._identity is not None

    async def reconnect(self) -> None:
        """Drop every pooled connection (one opened while the database was read-only stays so)."""
        await self.engine.dispose()


def file_identity(path: Path) -> tuple[int, int] | None:
    """A file's device and inode (None when it is gone)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _open_sqlite(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, check_same_thread=False)
