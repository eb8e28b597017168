"""Repeats: the same text posted across chats or by many accounts, and bursts from one member.

Only texts long enough to be a campaign are tracked: "thanks!" or "+1" from many people in many
groups is ordinary life. Sightings are counted per second, so the window is a set of counters
that can be merged: the bot writes each process's increments to the store's durable windows and
merges back what other workers counted (the larger count wins, since the store holds the sum).
Memory is bounded and time is passed in.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from policies.increments import Recorded
from policies.values import immutable

WINDOW = timedelta(minutes=10)
BURST_WINDOW = timedelta(seconds=30)
# Shorter normalised texts are too common to say anything when repeated.
MIN_CHARS = 30
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")

# Window kinds, as the store keeps them: a text's sightings across all chats (chat 0, key
# "<fingerprint>|<chat>|<user>") and one member's messages in one chat (key "<user>").
TEXT_KIND = "flood_text"
USER_KIND = "flood_user"

Sighting = tuple[int, int | None, int]  # chat, user, second


@immutable
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


def _second(now: datetime) -> int:
    return int(now.timestamp())


class FloodWindow(Recorded):
    """Recent sightings of texts and authors, as mergeable per-second counters."""

    def __init__(
        self, max_keys: int = 50_000, window: timedelta = WINDOW, *, record: bool = False
    ) -> None:
        self.window = window
        self.max_keys = max_keys
        self._texts: OrderedDict[str, dict[Sighting, int]] = OrderedDict()
        self._users: OrderedDict[tuple[int, int], dict[int, int]] = OrderedDict()
        super().__init__(record=record)

    def observe(self, norm: str, chat_id: int, user_id: int | None, now: datetime) -> FloodFacts:
        """Record one message and report what was seen in the window, this one included."""
        second = _second(now)
        burst = self._burst(chat_id, user_id, second)
        if len(norm) < MIN_CHARS:
            return FloodFacts(user_burst=burst)
        fp = fingerprint(norm)
        self._note(TEXT_KIND, 0, f"{fp}|{chat_id}|{'' if user_id is None else user_id}", second)
        seen = self._texts.pop(fp, None)
        oldest = second - int(self.window.total_seconds())
        if seen is None:
            # A text not seen in the window: the common case, answered without counting.
            self._texts[fp] = {(chat_id, user_id, second): 1}
            self._trim(self._texts)
            self._expire(self._texts, oldest, _text_last_seen)
            return FloodFacts(1, 1, 1, 1, burst)
        key = (chat_id, user_id, second)
        seen[key] = seen.get(key, 0) + 1
        if any(at < oldest for _, _, at in seen):
            seen = {k: n for k, n in seen.items() if k[2] >= oldest}
        self._texts[fp] = seen
        self._trim(self._texts)
        self._expire(self._texts, oldest, _text_last_seen)
        return _facts(seen, user_id, burst)

    def _burst(self, chat_id: int, user_id: int | None, second: int) -> int:
        if user_id is None:
            return 0
        self._note(USER_KIND, chat_id, str(user_id), second)
        key = (chat_id, user_id)
        times = self._users.pop(key, None) or {}
        times[second] = times.get(second, 0) + 1
        oldest = second - int(BURST_WINDOW.total_seconds())
        if any(at < oldest for at in times):
            times = {at: n for at, n in times.items() if at >= oldest}
        self._users[key] = times
        self._trim(self._users)
        self._expire(self._users, oldest, _user_last_seen)
        return sum(times.values())

    def _trim(self, table: OrderedDict[Any, Any]) -> None:
        while len(table) > self.max_keys:
            table.popitem(last=False)

    @staticmethod
    def _expire(
        table: OrderedDict[Any, Any], oldest: int, last: Callable[[Any], int | None]
    ) -> None:
        """Drop the entries last seen before `oldest` (the authors past the burst window, the
        texts past the window). Each table is in last-seen order, so the expired ones are at its
        front: a look-up or two per message, and memory follows recent traffic, not the last
        50,000 keys."""
        while table:
            key = next(iter(table))
            seen = last(table[key])
            if seen is not None and seen >= oldest:
                return
            del table[key]

    def merge(self, kind: str, chat_id: int, key: str, second: int, count: int) -> None:
        """Take a count other workers (or an earlier run) stored: the larger count wins."""
        if kind == TEXT_KIND:
            fp, _, rest = key.partition("|")
            chat_part, _, user_part = rest.partition("|")
            try:
                sighting = (int(chat_part), int(user_part) if user_part else None, second)
            except ValueError:
                return
            seen = self._texts.get(fp)
            if seen is None:
                seen = self._texts[fp] = {}
                self._trim(self._texts)
            seen[sighting] = max(seen.get(sighting, 0), count)
        elif kind == USER_KIND:
            try:
                user = int(key)
            except ValueError:
                return
            times = self._users.get((chat_id, user))
            if times is None:
                times = self._users[(chat_id, user)] = {}
                self._trim(self._users)
            times[second] = max(times.get(second, 0), count)


def _user_last_seen(times: dict[int, int]) -> int | None:
    return max(times, default=None)


def _text_last_seen(seen: dict[Sighting, int]) -> int | None:
    return max((at for _, _, at in seen), default=None)


def _facts(seen: dict[Sighting, int], user_id: int | None, burst: int) -> FloodFacts:
    return FloodFacts(
        same_text_chats=len({c for c, _, _ in seen}),
        same_text_users=len({u for _, u, _ in seen}),
        same_user_chats=len({c for c, u, _ in seen if u == user_id}),
        same_text_count=sum(seen.values()),
        user_burst=burst,
    )
