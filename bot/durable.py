"""When the database goes away: keep moderating, keep what could not be written, tell the owners
once, and recover by itself.

Moderation decides from memory (the hot caches, the in-memory windows) and acts on Telegram
whether or not the store answers. What it must record, an event with its outbox steps and the
owner's alert that follows it, goes through `StoreWatch.record`: written at once when the store
takes it, otherwise kept in order (in memory up to a bound, then in a spool file on disk) and
written, with its alert raised, when the store is back. A job probes the store every few
seconds with one small write: a failure tells the owners once and reconnects (a connection
opened while the file was read-only stays read-only); a deleted SQLite file is written back from
a connection that still sees it; the first good probe after an outage writes what was kept and
tells the owners once that it is over.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import tempfile
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.outbound import cut
from bot.store import DATABASE_ERRORS, database_reason, refused_record

if TYPE_CHECKING:
    from bot.context import Services

log = logging.getLogger(__name__)

# Records kept in memory while the store is away; past this they go to a spool file.
MEMORY_LIMIT = 5_000
# Owners told about an outage: the people to tell are refreshed this often while all is well.
PEOPLE_EVERY_S = 600.0

Follow = Callable[[int], Awaitable[None]]


def _refused(values: dict[str, Any], exc: BaseException) -> None:
    """A record the database refuses for what it holds: said once, and dropped."""
    log.error(
        "a %s event in chat %s was not recorded: the database refused it (%s)",
        values.get("kind"),
        values.get("chat_id"),
        database_reason(exc),
    )


@dataclass(slots=True)
class _Kept:
    values: dict[str, Any]
    follow: Follow | None


def _alive(pid: int) -> bool:
    """Whether a process runs (another worker's spool is its own to write)."""
    if pid == os.getpid():
        return False  # this process: the spool of a Steward stopped and started again in it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dump(values: dict[str, Any]) -> str:
    def encode(value: Any) -> Any:
        if isinstance(value, datetime):
            return {"$dt": value.isoformat()}
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [encode(v) for v in value]
        return value

    return json.dumps(encode(values), ensure_ascii=False)


def _load(line: str) -> dict[str, Any]:
    def decode(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"$dt"}:
                return datetime.fromisoformat(value["$dt"])
            return {k: decode(v) for k, v in value.items()}
        if isinstance(value, list):
            return [decode(v) for v in value]
        return value

    loaded: dict[str, Any] = decode(json.loads(line))
    return loaded


class StoreWatch:
    """Whether the store takes writes, what is waiting for it, and who was told."""

    def __init__(self, spool_dir: Path | None = None) -> None:
        self.down_since: datetime | None = None
        self.reason = ""
        self.told_down = False
        self.kept: deque[_Kept] = deque()
        self.spooled = 0
        self.written_after = 0
        self.alerts_lost = 0
        self._spool = (spool_dir or Path(tempfile.gettempdir())) / f"steward-spool-{os.getpid()}"
        self._people: list[tuple[int, str]] = []
        self._people_at = 0.0
        self._holder = f"{os.getpid()}"
        # One tick at a time: the job and a caller (or a slow tick and the next) must not both
        # write the kept records back (each would record them, then pop one too many).
        self._ticking = asyncio.Lock()

    @classmethod
    def for_database(cls, url: str) -> StoreWatch:
        """A watch whose spool lives in a folder of its own database (under the system's temp
        folder), taking up what a stopped process left there to write."""
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        watch = cls(Path(tempfile.gettempdir()) / "steward-spool" / digest)
        if watch._spool.parent.is_dir():  # made only when something had to be kept
            watch.adopt()
        return watch

    def adopt(self) -> int:
        """Take up the records a stopped process of this database left in its spool (a stop
        while the store was away); they are written at the next good probe. How many."""
        taken = 0
        for path in sorted(self._spool.parent.glob("steward-spool-*")):
            pid = path.name.rsplit("-", 1)[-1]
            if path != self._spool and (not pid.isdecimal() or _alive(int(pid))):
                continue  # another worker's, still running
            try:
                lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln]
                if path != self._spool:
                    with self._spool.open("a", encoding="utf-8") as fh:
                        fh.writelines(line + "\n" for line in lines)
                    path.unlink()
            except OSError as exc:
                log.error("records left in %s could not be taken up: %s", path, exc)
                continue
            taken += len(lines)
        if taken:
            self.spooled += taken
            log.warning(
                "%d records kept through a stop will be written once the store answers", taken
            )
        return taken

    def persist(self) -> int:
        """At a stop with the store still away: what is kept in memory goes to the spool, for
        the next start to write (the alerts that were to follow them are lost). How many."""
        moved = 0
        try:
            self._spool.parent.mkdir(parents=True, exist_ok=True)
            with self._spool.open("a", encoding="utf-8") as fh:
                while self.kept:
                    item = self.kept[0]
                    fh.write(_dump(item.values) + "\n")
                    self.kept.popleft()
                    self.spooled += 1
                    moved += 1
                    if item.follow is not None:
                        self.alerts_lost += 1
        except OSError as exc:
            log.error("%d records kept in memory are lost at this stop: %s", len(self.kept), exc)
        if moved:
            log.warning("%d records the store did not take are kept in %s", moved, self._spool)
        return moved

    @property
    def waiting(self) -> int:
        """Records not written yet."""
        return len(self.kept) + self.spooled

    # -- recording -----------------------------------------------------------------------------

    async def record(
        self, services: Services, values: dict[str, Any], follow: Follow | None = None
    ) -> int | None:
        """Record an event (store.record_event's arguments); then `follow` with its id (the
        alert about it). None when the store is away: both happen once it is back."""
        if self.down_since is None and not self.waiting:
            try:
                event_id = await services.store.record_event(**values)
            except DATABASE_ERRORS as exc:
                if refused_record(exc):
                    _refused(values, exc)  # kept, it would block every write after it
                    return None
                self.went_down(services.clock(), exc)
            else:
                if follow is not None:
                    await follow(event_id)
                return event_id
        self._keep(values, follow)
        return None

    def _keep(self, values: dict[str, Any], follow: Follow | None) -> None:
        if len(self.kept) < MEMORY_LIMIT:
            self.kept.append(_Kept(values, follow))
            return
        try:
            self._spool.parent.mkdir(parents=True, exist_ok=True)
            with self._spool.open("a", encoding="utf-8") as fh:
                fh.write(_dump(values) + "\n")
            self.spooled += 1
        except OSError:
            log.error("a record could not be kept on disk either; it is lost")
        if follow is not None:
            self.alerts_lost += 1

    def went_down(self, now: datetime, exc: BaseException) -> None:
        """The store failed a write."""
        if self.down_since is None:
            self.down_since = now
            log.error("the database stopped taking writes: %s", database_reason(exc))
        self.reason = database_reason(exc)

    # -- the job -------------------------------------------------------------------------------

    async def tick(self, services: Services, bot: Any) -> None:
        """Probe the store; tell owners once when it went away and once when it is back."""
        async with self._ticking:
            await self._tick(services, bot)

    async def _tick(self, services: Services, bot: Any) -> None:
        store, now = services.store, services.clock()
        if store.file_missing():
            log.error("the database file %s is gone: writing it back", store.file)
            if await store.restore_file():
                log.warning("the database file %s was written back", store.file)
            else:
                self.went_down(now, OSError(f"the database file {store.file} is missing"))
        try:
            await store.probe(self._holder, now)
        except DATABASE_ERRORS:
            # A pooled connection opened while the file was read-only stays read-only: try
            # once more on fresh connections before calling it an outage.
            await store.reconnect()
            try:
                await store.probe(self._holder, now)
            except DATABASE_ERRORS as exc:
                self.went_down(now, exc)
                await self._tell(services, bot, "store.down")
                return
        if self.down_since is None and not self.waiting:
            await self._refresh_people(services, now)
            return
        written = await self._write_kept(services)
        if written is None:
            return
        self.written_after += written
        if self.told_down:
            await self._tell(services, bot, "store.back", count=written)
        self.down_since, self.told_down, self.reason = None, False, ""

    async def _write_kept(self, services: Services) -> int | None:
        """Write what was kept, in order; None if the store failed again half way."""
        written = 0
        try:
            while self.kept:
                item = self.kept[0]
                try:
                    event_id = await services.store.record_event(**item.values)
                except DATABASE_ERRORS as exc:
                    if not refused_record(exc):
                        raise
                    _refused(self.kept.popleft().values, exc)
                    continue
                self.kept.popleft()
                written += 1
                if item.follow is not None:
                    try:
                        await item.follow(event_id)
                    except DATABASE_ERRORS:
                        raise
                    except Exception:
                        log.exception("an alert kept during the outage could not be raised")
            if self.spooled:
                lines = self._spool.read_text(encoding="utf-8").splitlines()
                for n, line in enumerate(lines):
                    try:
                        await services.store.record_event(**_load(line))
                    except DATABASE_ERRORS as exc:
                        if refused_record(exc):
                            _refused(_load(line), exc)
                            continue
                        self._spool.write_text("\n".join(lines[n:]) + "\n", encoding="utf-8")
                        self.spooled = len(lines) - n
                        raise
                    written += 1
                self._spool.unlink(missing_ok=True)
                self.spooled = 0
        except DATABASE_ERRORS as exc:
            self.went_down(services.clock(), exc)
            return None
        return written

    async def _refresh_people(self, services: Services, now: datetime) -> None:
        """Who to tell if the store goes away (read while it is here): each active group's
        owner or adder who can be DMed."""
        stamp = now.timestamp()
        if self._people_at and stamp - self._people_at < PEOPLE_EVERY_S:
            return
        people: dict[int, str] = {}
        for chat in await services.store.list_chats(status="active"):
            recipients = await services.alerts.recipients(chat)
            for user_id in recipients:
                user = await services.store.get_user(user_id)
                people[user_id] = services.texts.pick(user.language_code if user else None)
        self._people = sorted(people.items())
        self._people_at = stamp

    async def _tell(self, services: Services, bot: Any, key: str, **values: Any) -> None:
        if key == "store.down":
            if self.told_down:
                return
            self.told_down = True
        for user_id, lang in self._people:
            text = services.texts.text(lang, key, reason=cut(self.reason, 200), **values)
            try:
                await bot.send_message(user_id, text)
            except Exception as exc:  # a DM that fails is not worth more than a line
                log.info("could not tell %s about the database: %s", user_id, exc)
