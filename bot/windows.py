"""Durable detector windows in use: flood and poaching campaigns, shared through the store.

Each process counts sightings in memory (the hot path never waits for the database), hands its
increments to the store about once a second as commutative upserts, and merges back what other
workers counted. At start-up the window is read back from the store, so a restart keeps the
last ten minutes, and two workers on one database see each other's repeats within a second.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from policies.flood import TEXT_KIND, USER_KIND, WINDOW, FloodFacts, FloodWindow
from policies.poaching import CAMPAIGN_WINDOW
from policies.poaching import KINDS as CAMPAIGN_KINDS
from policies.tally import Tally

if TYPE_CHECKING:
    from bot.store import Store, WindowCount

log = logging.getLogger(__name__)

KINDS = (TEXT_KIND, USER_KIND)
# Rows touched this long before the last sync are read again: clocks of workers drift a little.
SKEW = timedelta(seconds=5)


class Shareable(Protocol):
    """An in-memory window whose counts can go to the store and come back."""

    def drain(self) -> list[tuple[str, int, str, int, int]]:
        """Increments not yet written (emptied)."""
        ...

    def restore(self, increments: list[tuple[str, int, str, int, int]]) -> None:
        """Put back increments the store did not take."""
        ...

    def merge(self, kind: str, chat_id: int, key: str, second: int, count: int) -> None:
        """Take a stored count."""
        ...


W = TypeVar("W", bound=Shareable)


class SharedWindow(Generic[W]):
    """An in-memory window whose counts live in the store's durable windows."""

    def __init__(self, window: W, kinds: tuple[str, ...], horizon: timedelta) -> None:
        self.window = window
        self.kinds = kinds
        self.horizon = horizon
        self._synced_at: datetime | None = None
        # When this process last wrote: a window whose last write is one of these is read back
        # no more (this process knows its own counts). Another worker's count in the same window
        # (one author, one chat, one second, served by two workers) is then seen once either
        # worker writes to it again, or at the next start.
        self._wrote_at: list[datetime] = []

    async def sync(self, store: Store, now: datetime) -> None:
        """Write this process's counts and read everyone's since the last sync."""
        from bot.store import WindowCount

        pending = self.window.drain()
        rows = [
            WindowCount(chat, kind, key, datetime.fromtimestamp(second, tz=UTC), n)
            for kind, chat, key, second, n in pending
        ]
        try:
            await store.add_to_windows(rows, now)
        except BaseException:
            self.window.restore(pending)
            raise
        if rows:
            self._wrote_at.append(now)
        since = now - self.horizon
        touched = since if self._synced_at is None else self._synced_at - SKEW
        self._wrote_at = [t for t in self._wrote_at if t >= touched]
        for row in await store.window_rows(
            self.kinds, touched_since=touched, since=since, not_touched_at=self._wrote_at
        ):
            self._merge(row)
        self._synced_at = now

    def _merge(self, row: WindowCount) -> None:
        self.window.merge(row.kind, row.chat_id, row.key, int(row.bucket.timestamp()), row.n)

    async def purge(self, store: Store, now: datetime) -> int:
        """Forget windows older than they can matter."""
        return await store.purge_windows(now - 2 * self.horizon, kinds=self.kinds)


class SharedFlood(SharedWindow[FloodWindow]):
    """The flood window, shared through the store."""

    def __init__(self, window: FloodWindow | None = None) -> None:
        super().__init__(window or FloodWindow(record=True), KINDS, WINDOW)

    def observe(self, norm: str, chat_id: int, user_id: int | None, now: datetime) -> FloodFacts:
        """Count one message and say what was seen (no database on this path)."""
        return self.window.observe(norm, chat_id, user_id, now)


def campaign_window() -> SharedWindow[Tally]:
    """Poaching campaigns (members approached, accounts pushing one contact), shared."""
    return SharedWindow(Tally(CAMPAIGN_WINDOW, record=True), CAMPAIGN_KINDS, CAMPAIGN_WINDOW)
