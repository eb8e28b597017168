"""Window counts not yet written to the store: what the flood and campaign windows share.

Each in-memory window counts sightings per second; when asked to record, it also keeps the
increments since the last drain, so the bot can add them to the store's durable windows as
commutative upserts (and put them back if the store did not take them).
"""

from __future__ import annotations

Increment = tuple[str, int, str, int, int]  # kind, chat, key, second, count
_Slot = tuple[str, int, str, int]


class Recorded:
    """Increments counted in memory and not yet handed to the store (kept only if recording)."""

    def __init__(self, *, record: bool) -> None:
        self._record = record
        self._pending: dict[_Slot, int] = {}

    def _note(self, kind: str, chat_id: int, key: str, second: int, n: int = 1) -> None:
        if self._record:
            slot = (kind, chat_id, key, second)
            self._pending[slot] = self._pending.get(slot, 0) + n

    def drain(self) -> list[Increment]:
        """The increments counted since the last drain, for the store (emptied by this call)."""
        pending, self._pending = self._pending, {}
        return [(kind, chat, key, second, n) for (kind, chat, key, second), n in pending.items()]

    def restore(self, increments: list[Increment]) -> None:
        """Put back increments the store could not take, to be written next time."""
        for kind, chat, key, second, n in increments:
            slot = (kind, chat, key, second)
            self._pending[slot] = self._pending.get(slot, 0) + n
