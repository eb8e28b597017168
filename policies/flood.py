"""Repeats: the same text posted across chats or in a burst, tracked in a bounded window."""

from __future__ import annotations

import hashlib
from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class FloodFacts:
    """How often a text and its author were seen recently."""

    same_text_chats: int
    same_text_count: int
    user_burst: int


def fingerprint(norm: str) -> str:
    """A short fingerprint of a normalised text (digits folded so counters do not hide it)."""
    folded = "".join("0" if c.isdigit() else c for c in norm if not c.isspace())
    return hashlib.blake2b(folded.encode(), digest_size=8).hexdigest()


class FloodWindow:
    """Recent sightings of texts and authors; time is passed in, memory is bounded."""

    def __init__(self, max_keys: int = 50_000, window: timedelta = WINDOW) -> None:
        self.window = window
        self.max_keys = max_keys
        self._texts: OrderedDict[str, deque[tuple[datetime, int]]] = OrderedDict()
        self._users: OrderedDict[tuple[int, int], deque[datetime]] = OrderedDict()

    def observe(self, fp: str, chat_id: int, user_id: int | None, now: datetime) -> FloodFacts:
        """Record one message and report what was seen in the window, this one included."""
        cutoff = now - self.window
        seen = self._texts.pop(fp, None) or deque()
        while seen and seen[0][0] < cutoff:
            seen.popleft()
        seen.append((now, chat_id))
        self._texts[fp] = seen
        burst = 0
        if user_id is not None:
            key = (chat_id, user_id)
            times = self._users.pop(key, None) or deque()
            while times and times[0] < now - timedelta(seconds=30):
                times.popleft()
            times.append(now)
            self._users[key] = times
            burst = len(times)
        self._trim()
        return FloodFacts(
            same_text_chats=len({c for _, c in seen}),
            same_text_count=len(seen),
            user_burst=burst,
        )

    def _trim(self) -> None:
        while len(self._texts) > self.max_keys:
            self._texts.popitem(last=False)
        while len(self._users) > self.max_keys:
            self._users.popitem(last=False)
