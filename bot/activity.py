"""Each chat's pulse, counted in hourly buckets: what group health and prompt effects read.

The message path calls `message`, membership handlers `joined` and `left`, moderation `removed`.
Each call adds to counters in memory (a few dictionary updates: the hot path never waits for
the database); `flush` hands them to the store's durable windows as commutative upserts, with
the other counters, about once a second. No message text is kept, and spam is never activity.

Windows written (chat, kind, key, hour):
- `activity`: members' `messages`, `replies`, `joins`, `leaves`, removed `spam` and `poaching`,
  `complaints`, `prompts` posted;
- `activity_sender`: messages per member (key: user id), so active members per day and week,
  and the share of the top few, can be read back;
- `activity_joiner`: who joined (key: user id), for "new members who ever spoke";
- `prompt_effect`: for a prompt in its first hour, `<post>:messages`, `<post>:replies` and one
  key `<post>:u<user>` per participant.

A bucket is the UTC hour, except where the chat's day begins inside it: a zone whose offset is
not a whole hour (India +5:30, Nepal +5:45, Newfoundland -3:30, Chatham +12:45) starts its day
at :15, :30 or :45, and the counts from then to the hour's end are kept under a bucket starting
at the chat's midnight, so each count lies in the local day its bucket starts in (what
`activity_days` reads) and every other hour of the day stays one whole UTC hour (what measuring
compares). The hot path counts by the quarter hour (every zone's offset is a whole number of
quarters), which costs what counting by the hour did; the flush looks the chats' zones up (once
every `ZONE_FOR` per chat) and makes the cut: one more row a day and key in such a zone, none
in the others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from policies.health import Day
from policies.values import immutable

if TYPE_CHECKING:
    from bot.store import Store, WindowCount

log = logging.getLogger(__name__)

ACTIVITY = "activity"
SENDER = "activity_sender"
JOINER = "activity_joiner"
EFFECT = "prompt_effect"
KINDS = (ACTIVITY, SENDER, JOINER, EFFECT)
# Health reads five weeks back, joiners a month, digests a week: keep eight weeks.
HORIZON = timedelta(days=56)
# A prompt's effect is what happens in the hour after it.
EFFECT_HOUR = timedelta(hours=1)
# Counters kept before a burst is written at once rather than by the next second's flush.
FLUSH_AT = 5000
# Two reports of one member leaving this close together are one leave.
SAME_LEAVE = timedelta(minutes=10)
# A chat's time zone, read from the store at a flush, is trusted this long (a /tz change is
# seen within it).
ZONE_FOR = timedelta(minutes=10)
# The kinds read as the chat's days: cut at its midnight.
DAY_KINDS = frozenset((ACTIVITY, SENDER, JOINER))

# (chat, kind, key, quarter-hour number since the epoch): ints hash faster than datetimes.
_Key = tuple[int, str, str, int]


def hour_of(at: datetime) -> datetime:
    """The start of the UTC hour a time falls in (the bucket)."""
    return _hour(int(at.timestamp()) // 3600)


@lru_cache(maxsize=256)
def _hour(number: int) -> datetime:
    # One datetime per hour, shared: the hot path only divides a timestamp.
    return datetime.fromtimestamp(number * 3600, tz=UTC)


@lru_cache(maxsize=4096)
def _day_starts(zone: tzinfo, hour: int) -> int | None:
    """The quarter of a UTC hour in which the zone's next day begins, if it begins inside the
    hour (not at its start): from it on, the hour's counts are the next day's."""
    first = datetime.fromtimestamp(hour * 3600, zone).date()
    for quarter in range(hour * 4 + 1, hour * 4 + 4):
        if datetime.fromtimestamp(quarter * 900, zone).date() != first:
            return quarter
    return None


def _bucket(kind: str, quarter: int, zone: tzinfo | None) -> datetime:
    """Where a count made in a quarter hour is kept: its UTC hour, or for the chat's days the
    part of the hour after its midnight."""
    hour = quarter // 4
    if zone is not None and kind in DAY_KINDS:
        cut = _day_starts(zone, hour)
        if cut is not None and quarter >= cut:
            return datetime.fromtimestamp(cut * 900, tz=UTC)
    return _hour(hour)


@immutable
class OpenPost:
    """A prompt in its first hour: its message, and when its hour ends."""

    post_id: int
    message_id: int | None
    posted_at: datetime

    @property
    def until(self) -> datetime:
        """When the prompt's hour is over."""
        return self.posted_at + EFFECT_HOUR


class Activity:
    """Activity counters in memory until the next flush, and the prompts being measured."""

    def __init__(self) -> None:
        self._pending: dict[_Key, int] = defaultdict(int)
        self._open: dict[int, list[OpenPost]] = {}
        self._left: dict[tuple[int, int], datetime] = {}
        # chat -> its zone (None: UTC, or not known to the store) and when it was read.
        self._zones: dict[int, tuple[tzinfo | None, datetime]] = {}

    # -- counting (hot path) --------------------------------------------------------------

    def message(
        self, chat_id: int, user_id: int, at: datetime, *, reply_to: int | None = None
    ) -> None:
        """A member's message that counts as activity (not spam, not a bot's)."""
        quarter = int(at.timestamp()) // 900
        pending = self._pending
        pending[(chat_id, ACTIVITY, "messages", quarter)] += 1
        if reply_to is not None:
            pending[(chat_id, ACTIVITY, "replies", quarter)] += 1
        pending[(chat_id, SENDER, str(user_id), quarter)] += 1
        posts = self._open.get(chat_id)
        if posts:
            self._effect(chat_id, posts, user_id, at, reply_to)

    def _effect(
        self,
        chat_id: int,
        posts: list[OpenPost],
        user_id: int,
        at: datetime,
        reply_to: int | None,
    ) -> None:
        live = [p for p in posts if at < p.until]
        if len(live) != len(posts):
            if live:
                self._open[chat_id] = live
            else:
                del self._open[chat_id]
        for post in live:
            if at < post.posted_at:
                continue
            bucket = int(post.posted_at.timestamp()) // 900  # kept under its hour
            self._pending[(chat_id, EFFECT, f"{post.post_id}:messages", bucket)] += 1
            self._pending[(chat_id, EFFECT, f"{post.post_id}:u{user_id}", bucket)] += 1
            if reply_to is not None and reply_to == post.message_id:
                self._pending[(chat_id, EFFECT, f"{post.post_id}:replies", bucket)] += 1

    def joined(self, chat_id: int, user_id: int, at: datetime) -> None:
        """A member joined."""
        quarter = int(at.timestamp()) // 900
        self._pending[(chat_id, ACTIVITY, "joins", quarter)] += 1
        self._pending[(chat_id, JOINER, str(user_id), quarter)] += 1

    def left(self, chat_id: int, user_id: int, at: datetime) -> None:
        """A member left or was removed (told once, though Telegram may say it twice: a
        chat_member update and a service message)."""
        seen = self._left.get((chat_id, user_id))
        if seen is not None and abs(at - seen) < SAME_LEAVE:
            return
        if len(self._left) > 10_000:
            self._left = {k: v for k, v in self._left.items() if at - v < SAME_LEAVE}
        self._left[(chat_id, user_id)] = at
        self._pending[(chat_id, ACTIVITY, "leaves", int(at.timestamp()) // 900)] += 1

    def count(self, chat_id: int, what: str, at: datetime, n: int = 1) -> None:
        """Count something else in the chat's hour: `spam`, `poaching` or `complaints`
        removed or noted, `prompts` posted."""
        self._pending[(chat_id, ACTIVITY, what, int(at.timestamp()) // 900)] += n

    # -- prompts being measured -----------------------------------------------------------

    def watch(self, chat_id: int, post: OpenPost) -> None:
        """Measure a prompt's hour (after it was posted, or after a restart)."""
        posts = self._open.setdefault(chat_id, [])
        if all(p.post_id != post.post_id for p in posts):
            posts.append(post)

    def watching(self, chat_id: int) -> tuple[OpenPost, ...]:
        """The prompts of a chat still in their hour."""
        return tuple(self._open.get(chat_id, ()))

    def unwatch(self, chat_id: int, post_id: int) -> None:
        """Stop measuring a prompt."""
        posts = [p for p in self._open.get(chat_id, ()) if p.post_id != post_id]
        if posts:
            self._open[chat_id] = posts
        else:
            self._open.pop(chat_id, None)

    def move(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its pending counts and prompts follow it."""
        for key in [k for k in self._pending if k[0] == old_id]:
            _, kind, name, quarter = key
            self._pending[(new_id, kind, name, quarter)] += self._pending.pop(key)
        if old_id in self._open:
            self._open.setdefault(new_id, []).extend(self._open.pop(old_id))

    # -- the store ------------------------------------------------------------------------

    async def flush_if_full(self, store: Store, now: datetime) -> None:
        """Flush now when a burst filled the counters (the job flushes every second anyway),
        so memory stays bounded under load; a failure keeps them for the job."""
        if len(self._pending) < FLUSH_AT:
            return
        try:
            await self.flush(store, now)
        except Exception:
            log.warning("activity counters not written; kept for the next flush", exc_info=True)

    @property
    def pending(self) -> int:
        """Counters not yet written."""
        return len(self._pending)

    def drain(self) -> dict[_Key, int]:
        """The pending counters, handed over and emptied."""
        batch, self._pending = self._pending, defaultdict(int)
        return batch

    async def flush(self, store: Store, now: datetime) -> None:
        """Write the pending counters; on failure they are kept for the next flush."""
        from bot.store import WindowCount

        if not self._pending:
            return
        batch = self.drain()
        try:
            zones = await self._zones_of(store, {key[0] for key in batch}, now)
            rows: list[WindowCount] = [
                WindowCount(chat, kind, key, _bucket(kind, quarter, zones[chat]), n)
                for (chat, kind, key, quarter), n in batch.items()
            ]
            await store.add_to_windows(rows, now)
        except BaseException:
            for key, n in batch.items():
                self._pending[key] += n
            raise

    async def _zones_of(
        self, store: Store, chats: set[int], now: datetime
    ) -> dict[int, tzinfo | None]:
        """Each chat's zone (None: UTC), read again when older than ZONE_FOR (raises when the
        store cannot say: the flush keeps its counts)."""
        from bot.context import zone_named

        known = self._zones
        stale = [c for c in chats if c not in known or now - known[c][1] >= ZONE_FOR]
        found = {c: known[c][0] for c in chats if c in known}
        if stale:
            named = await store.chat_timezones(stale)
            if len(self._zones) > 10_000:
                self._zones = {c: z for c, z in self._zones.items() if now - z[1] < ZONE_FOR}
            for chat in stale:
                zone = zone_named(named.get(chat))
                found[chat] = None if zone.key == "UTC" else zone
                self._zones[chat] = (found[chat], now)
        return found

    async def purge(self, store: Store, now: datetime) -> int:
        """Forget buckets older than anything reads."""
        return await store.purge_windows(now - HORIZON, kinds=KINDS)


def activity_days(rows: Iterable[WindowCount], zone: tzinfo) -> list[Day]:
    """Activity and per-member window rows as the chat's days in its zone, oldest first (a
    day with no row is absent): what health and the digest read."""
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    senders: dict[date, dict[int, int]] = defaultdict(dict)
    for row in rows:
        if row.kind == ACTIVITY:
            counts[row.bucket.astimezone(zone).date()][row.key] += row.n
        elif row.kind == SENDER and row.key.isdigit():
            day, who = row.bucket.astimezone(zone).date(), int(row.key)
            senders[day][who] = senders[day].get(who, 0) + row.n
    return [
        Day(
            day=day,
            messages=counts[day].get("messages", 0),
            replies=counts[day].get("replies", 0),
            joins=counts[day].get("joins", 0),
            leaves=counts[day].get("leaves", 0),
            removed=counts[day].get("spam", 0) + counts[day].get("poaching", 0),
            complaints=counts[day].get("complaints", 0),
            prompts=counts[day].get("prompts", 0),
            senders=senders.get(day, {}),
        )
        for day in sorted(set(counts) | set(senders))
    ]


def rows_by_kind(rows: list[WindowCount]) -> dict[str, dict[str, dict[datetime, int]]]:
    """Stored window rows as kind -> key -> hour -> count."""
    out: dict[str, dict[str, dict[datetime, int]]] = {}
    for row in rows:
        buckets = out.setdefault(row.kind, {}).setdefault(row.key, {})
        buckets[row.bucket] = buckets.get(row.bucket, 0) + row.n
    return out
