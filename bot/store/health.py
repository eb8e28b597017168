"""The store's own health: a write probe, and an SQLite file deleted or replaced under it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.records import StoreUnavailable

if TYPE_CHECKING:
    from bot.store.records import LeaseInfo

# How long a write-back waits for writes under way on the deleted file to finish (each has the
# connection's 5-second busy timeout at most).
WRITE_BACK_WAIT_S = 6.0


class HealthStore:
    """Probe and file checks; a base of Store, which opens the engine and notes its file."""

    engine: AsyncEngine
    file: Path | None
    _identity: tuple[int, int] | None
    _restoring: asyncio.Lock
    _keeper: sqlite3.Connection | None
    _writing_back: bool
    _checked_in: asyncio.Event
    _generation: int

    if TYPE_CHECKING:

        async def acquire_lease(
            self, name: str, holder: str, at: datetime, ttl_s: float
        ) -> LeaseInfo:
            """Take a named lease (Store has it)."""

    def note_file(self) -> None:
        """Remember which SQLite file the engine opened (none for PostgreSQL or memory)."""
        self.file, self._identity = None, None
        self._restoring = asyncio.Lock()
        self._keeper = None
        self._writing_back = False
        self._checked_in = asyncio.Event()
        self._generation = 0
        event.listen(self.engine.sync_engine, "connect", self._stamp_generation)
        event.listen(self.engine.sync_engine, "checkout", self._refuse_an_old_generation)
        if self.engine.dialect.name != "sqlite":
            return
        database = self.engine.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            self.file = Path(database).resolve()
            self._identity = file_identity(self.file)
            if self._identity is not None:
                # Kept open for the store's life: should the file be deleted under us, this
                # connection still reads it, and the database is written back from it.
                self._keeper = sqlite3.connect(self.file, check_same_thread=False)
            event.listen(self.engine.sync_engine, "do_connect", self._refuse_a_missing_file)
            event.listen(self.engine.sync_engine, "checkout", self._refuse_while_writing_back)
            event.listen(self.engine.sync_engine, "checkin", self._note_checkin)

    def close_keeper(self) -> None:
        """Close the connection kept for writing the file back (the store is closing)."""
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.close()

    def _refuse_a_missing_file(self, *_args: Any) -> None:
        """A new connection to a database file that was there and is gone: refused, since
        SQLite would make an empty database at the path, and every reader after it would find
        no tables (the store watch writes the database back, then connections open again).

        Refused too while the file is written back: the copy is made at the path, empty at
        first, and SQLite opening an empty database deletes the write-ahead log it finds beside
        it as stale. That log is the deleted file's, holding its last writes not yet copied."""
        self._refuse_while_writing_back()
        if self._identity is not None and self.file is not None and not self.file.exists():
            raise sqlite3.OperationalError(f"the database file {self.file} is missing")

    def _refuse_while_writing_back(self, *_args: Any) -> None:
        """No connection is handed out while the file is written back: a write on one still
        open on the deleted file would land after the copy and be lost with it. The write fails
        as any write to a store that is away does, and the store watch keeps its record."""
        if self._writing_back:
            raise StoreUnavailable(f"the database file {self.file} is being written back")

    def _stamp_generation(self, _dbapi: Any, record: Any) -> None:
        record.info["generation"] = self._generation

    def _refuse_an_old_generation(self, _dbapi: Any, record: Any, _proxy: Any) -> None:
        """A connection opened before the last `renew` is closed as it is checked out, and the
        pool opens a fresh one in its place (SQLAlchemy's way for a connection found stale)."""
        if record.info.get("generation", 0) < self._generation:
            raise DisconnectionError("opened before the store reconnected")

    def renew(self) -> None:
        """Every connection opened so far is replaced at its next checkout, closed then.

        Not `engine.dispose()`: that closes only the connections in the pool, and one in use at
        the moment went back to the discarded pool, never closed (with aiosqlite, its worker
        thread left running; with asyncpg, its socket)."""
        self._generation += 1

    def _note_checkin(self, *_args: Any) -> None:
        self._checked_in.set()

    async def probe(self, holder: str, at: datetime) -> None:
        """One small write, raising what the database says when it cannot take writes."""
        await self.acquire_lease("store-probe", holder, at, 60.0)

    def file_missing(self) -> bool:
        """Whether the SQLite file was deleted or replaced since it was opened."""
        if self.file is None or self._identity is None:
            return False
        return file_identity(self.file) != self._identity

    async def restore_file(self) -> bool:
        """Write the database back to its path (the file was deleted under us) from the
        connection kept open on it, then reconnect to it; False when that was not possible.

        One restore at a time (the watch's job and a caller may both notice it), and the second
        finds the file back already.
        """
        if self.file is None or self._keeper is None:
            return False
        async with self._restoring:
            if not self.file_missing():
                return True  # written back meanwhile
            target, keeper = self.file, self._keeper
            self._writing_back = True
            try:
                # Writes already under way finish (on the deleted file, so the copy has them);
                # none starts until the copy is made and the pool reopens on it.
                await self._connections_returned()
                try:
                    copy = await asyncio.to_thread(_open_sqlite, target)
                    try:
                        await asyncio.to_thread(keeper.backup, copy)
                    finally:
                        await asyncio.to_thread(copy.close)
                except (OSError, sqlite3.Error):
                    return False
                self.renew()  # connections still open on the deleted file are not used again
                self._identity = file_identity(target)
                if self._identity is None:
                    return False
                self._keeper = await asyncio.to_thread(
                    sqlite3.connect, target, check_same_thread=False
                )
                await asyncio.to_thread(keeper.close)
                return True
            finally:
                self._writing_back = False

    async def _connections_returned(self, wait_s: float = WRITE_BACK_WAIT_S) -> None:
        """Wait (a while at most) until no pooled connection is in use."""
        pool = self.engine.sync_engine.pool
        checked_out = getattr(pool, "checkedout", None)
        if checked_out is None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s
        while checked_out() > 0 and loop.time() < deadline:
            self._checked_in.clear()
            try:
                await asyncio.wait_for(self._checked_in.wait(), deadline - loop.time())
            except TimeoutError:
                return

    async def reconnect(self) -> None:
        """Use fresh connections from now on (one opened while the database was read-only stays
        so): each one opened before is closed at its next checkout (`renew`)."""
        self.renew()


def file_identity(path: Path) -> tuple[int, int] | None:
    """A file's device and inode (None when it is gone)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _open_sqlite(path: Path) -> sqlite3.Connection:
    path.unlink(missing_ok=True)  # a copy left half-written by an earlier attempt
    return sqlite3.connect(path, check_same_thread=False)


def _table_count(conn: sqlite3.Connection) -> int:
    return int(
        conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    )
