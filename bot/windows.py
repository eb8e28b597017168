"""Durable detector windows in use: the flood window, shared through the store.

Each process counts sightings in memory (the hot path never waits for the database), hands its
increments to the store about once a second as commutative upserts, and merges back what other
workers counted. At start-up the window is read back from the store, so a restart keeps the
last ten minutes, and two workers on one database see each other's repeats within a second.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from policies.flood import TEXT_KIND, USER_KIND, WINDOW, FloodFacts, FloodWindow

if TYPE_CHECKING:
    from bot.store import Store

log = logging.getLogger(__name__)

KINDS = (TEXT_KIND, USER_KIND)
# Rows touched this long before the last sync are read again: clocks of workers drift a little.
SKEW = timedelta(seconds=5)


class SharedFlood:
    """A flood window whose counts live in the store's durable windows."""

    def __init__(self, window: FloodWindow | None = None) -> None:
        self.window = window or FloodWindow(record=True)
        self._synced_at: datetime | None = None

    def observe(self, norm: str, chat_id: int, user_id: int | None, now: datetime) -> FloodFacts:
        """Count one message and say what was seen (no database on this path)."""
        return self.window.observe(norm, chat_id, user_id, now)

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
        since = now - WINDOW
        touched = since if self._synced_at is None else self._synced_at - SKEW
        for kind in KINDS:
            for row in await store.window_rows(kind, touched_since=touched, since=since):
                self.window.merge(
                    row.kind, row.chat_id, row.key, int(row.bucket.timestamp()), row.n
                )
        self._synced_at = now

    async def purge(self, store: Store, now: datetime) -> int:
        """Forget flood windows older than they can matter."""
        return await store.purge_windows(now - 2 * WINDOW, kinds=KINDS)
