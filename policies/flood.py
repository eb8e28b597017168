"""Repeats: the same text posted across chats or by many accounts, and bursts from one member.

Only texts long enough to be a campaign are tracked: "thanks!" or "+1" from many people in many
groups is ordinary life. Memory is bounded and time is passed in.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=10)
BURST_WINDOW = timedelta(seconds=30)
# Shorter normalised texts are too common to say anything when repeated.
MIN_CHARS = 30
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")


@dataclass(frozen=True, slots=True)
class FloodFacts:
    """What was seen recently of a text and of its author."""

    same_text_chats: int = 0
    same_text_users: int = 0
    same_user_chats: int = 0
    same_text_count: int = 0
    user_burst: int = 0


def fingerprint(norm: str) -> str:
    """A short fingerprint of a normalised text (digits folded so counters do not hide it)."""
    # Bytes translate in C; str.translate would look each character up in Python.
    folded = "".join(norm.split()).encode().translate(_DIGITS_TO_ZERO)
    return hashlib.blake2b(folded, digest_size=8).hexdigest()


class FloodWindow:
    """Recent sightings of texts and authors."""

    def __init__(self, max_keys: int = 50_000, window: timedelta = WINDOW) -> None:
        self.window = window
        self.max_keys = max_keys
        self._texts: OrderedDict[str, deque[tuple[datetime, int, int | None]]] = OrderedDict()
        self._users: OrderedDict[tuple[int, int], deque[datetime]] = OrderedDict()

    def observe(self, norm: str, chat_id: int, user_id: int | None, now: datetime) -> FloodFacts:
        """Record one message and report what was seen in the window, this one included."""
        burst = self._burst(chat_id, user_id, now)
        if len(norm) < MIN_CHARS:
            return FloodFacts(user_burst=burst)
        fp = fingerprint(norm)
        seen = self._texts.pop(fp, None)
        if seen is None:
            # A text not seen in the window: the common case, answered without counting.
            self._texts[fp] = deque(((now, chat_id, user_id),))
            while len(self._texts) > self.max_keys:
                self._texts.popitem(last=False)
            return FloodFacts(1, 1, 1, 1, burst)
        oldest = now - self.window
        while seen and seen[0][0] < oldest:
            seen.popleft()
        seen.append((now, chat_id, user_id))
        self._texts[fp] = seen
        while len(self._texts) > self.max_keys:
            self._texts.popitem(last=False)
        return FloodFacts(
            same_text_chats=len({c for _, c, _ in seen}),
            same_text_users=len({u for _, _, u in seen}),
            same_user_chats=len({c for _, c, u in seen if u == user_id}),
            same_text_count=len(seen),
            user_burst=burst,
        )

    def _burst(self, chat_id: int, user_id: int | None, now: datetime) -> int:
        if user_id is None:
            return 0
        key = (chat_id, user_id)
        times = self._users.pop(key, None) or deque()
        oldest = now - BURST_WINDOW
        while times and times[0] < oldest:
            times.popleft()
        times.append(now)
        self._users[key] = times
        while len(self._users) > self.max_keys:
            self._users.popitem(last=False)
        return len(times)
