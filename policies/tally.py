"""Distinct counts over a sliding window, as mergeable per-second counters.

"How many different members did this account approach in the last hour?", "how many accounts
pushed this contact today?": each is a count of distinct *members* of a *group* (the approaching
account, the contact) per chat and kind. Sightings are kept per second like the flood window's, so
the same increments can be written to the store's durable windows (key "<group>|<member>") and
merged back from other workers (the larger count wins, since the store holds the sum). Memory is
bounded and time is passed in.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from policies.increments import Recorded

_Group = tuple[str, int, str]  # kind, chat, group


class Tally(Recorded):
    """Distinct members per (kind, chat, group) within a window."""

    def __init__(
        self, window: timedelta, max_groups: int = 50_000, *, record: bool = False
    ) -> None:
        self.window = window
        self.max_groups = max_groups
        self._groups: OrderedDict[_Group, dict[str, dict[int, int]]] = OrderedDict()
        super().__init__(record=record)

    def add(self, kind: str, chat_id: int, group: str, member: str, now: datetime) -> int:
        """Count one sighting of `member` under `group`; the distinct members now in the window."""
        second = int(now.timestamp())
        self._note(kind, chat_id, f"{group}|{member}", second)
        members = self._live((kind, chat_id, group), second, create=True)
        times = members.setdefault(member, {})
        times[second] = times.get(second, 0) + 1
        return len(members)

    def count(self, kind: str, chat_id: int, group: str, now: datetime) -> int:
        """Distinct members under `group` within the window (nothing counted)."""
        return len(self._live((kind, chat_id, group), int(now.timestamp()), create=False))

    def members(self, kind: str, chat_id: int, group: str, now: datetime) -> tuple[str, ...]:
        """The distinct members under `group` within the window, first seen first."""
        return tuple(self._live((kind, chat_id, group), int(now.timestamp()), create=False))

    def _live(self, key: _Group, second: int, *, create: bool) -> dict[str, dict[int, int]]:
        members = self._groups.pop(key, None)
        if members is None:
            if not create:
                return {}
            members = {}
        oldest = second - int(self.window.total_seconds())
        stale = [m for m, times in members.items() if max(times) < oldest]
        for m in stale:
            del members[m]
        if members or create:
            self._groups[key] = members
            while len(self._groups) > self.max_groups:
                self._groups.popitem(last=False)
        return members

    def merge(self, kind: str, chat_id: int, key: str, second: int, count: int) -> None:
        """Take a count other workers (or an earlier run) stored: the larger count wins."""
        group, sep, member = key.rpartition("|")
        if not sep:
            return
        members = self._groups.get((kind, chat_id, group))
        if members is None:
            members = self._groups[(kind, chat_id, group)] = {}
            while len(self._groups) > self.max_groups:
                self._groups.popitem(last=False)
        times = members.setdefault(member, {})
        times[second] = max(times.get(second, 0), count)
