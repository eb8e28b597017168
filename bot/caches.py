"""Hot-path caches in front of the store: chats, people, and write-behind message counters.

Every group message needs its chat's state and its author's standing, and bumps a counter. Doing
that with three database round trips per message would cost more than python-telegram-bot itself,
so reads are cached briefly and counter increments are buffered and written in one batched,
commutative upsert (`count = count + n`) about once a second. The store stays the truth: caches
expire, writes made through this process invalidate them, a cold start is correct, and several
processes sharing one database add their increments up. A hard kill loses at most one flush
interval of message counts; a clean stop flushes.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from bot.activity import ACTIVITY
from bot.store import DATABASE_ERRORS, MemberRecord
from policies import ChatPolicy
from policies.competitors import NONE as NO_COMPETITORS
from policies.competitors import Competitors
from policies.topics import WINDOW as TOPIC_WINDOW
from policies.topics import from_counters
from policies.values import NOTHING, immutable

if TYPE_CHECKING:
    from bot.store import ChatRecord, Store

log = logging.getLogger(__name__)

K = TypeVar("K")
V = TypeVar("V")


class _Expiring(Generic[K, V]):
    """A small LRU map whose entries also expire after `ttl` seconds of monotonic time."""

    def __init__(self, size: int, ttl: float) -> None:
        self._data: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._size = size
        self._ttl = ttl

    def get(self, key: K, now: float) -> V | None:
        item = self._data.get(key)
        if item is None:
            return None
        stamp, value = item
        if now - stamp > self._ttl:
            return None  # kept (until pushed out) in case the store is away: see `stale`
        self._data.move_to_end(key)
        return value

    def stale(self, key: K) -> V | None:
        """The last value known, however old (what to go on while the store is away)."""
        item = self._data.get(key)
        return item[1] if item is not None else None

    def put(self, key: K, value: V, now: float) -> None:
        self._data[key] = (now, value)
        self._data.move_to_end(key)
        while len(self._data) > self._size:
            self._data.popitem(last=False)

    def drop(self, key: K) -> None:
        self._data.pop(key, None)

    def clear(self) -> None:
        self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


@immutable
class _Person:
    username: str | None
    first_name: str | None
    language_code: str | None


class HotCache:
    """Chat records, member standing and known people, with write-behind message counts."""

    FLUSH_EVERY_S = 1.0
    FLUSH_AT = 2000

    def __init__(
        self,
        store: Store,
        *,
        chat_ttl: float = 30.0,
        member_ttl: float = 60.0,
        size: int = 50_000,
    ) -> None:
        self.store = store
        self._chats: _Expiring[int, ChatRecord] = _Expiring(size, chat_ttl)
        self._members: _Expiring[tuple[int, int], MemberRecord | None] = _Expiring(
            size, member_ttl
        )
        self._people: _Expiring[int, _Person] = _Expiring(size, 3600.0)
        self._admins: _Expiring[int, frozenset[int]] = _Expiring(size, member_ttl)
        # @handle -> user id (0: nobody Steward knows), for telling members' mentions apart.
        self._handles: _Expiring[str, int] = _Expiring(size, 600.0)
        # Joins already booked: Telegram tells of one join twice (a chat_member update and a
        # service message), and the second needs no work.
        self._joins: _Expiring[tuple[int, int], bool] = _Expiring(size, 120.0)
        self._policies: dict[int, tuple[ChatRecord, ChatPolicy]] = {}
        # Each chat's competitor matcher; a change another worker made shows within a minute.
        self._competitors: _Expiring[int, Competitors] = _Expiring(size, 60.0)
        # Each chat's learned topics (policies/topics.py), re-read every ten minutes.
        self._topics: _Expiring[int, frozenset[str]] = _Expiring(size, 600.0)
        self._pending: list[tuple[int, int, datetime]] = []
        self._pending_by_member: dict[tuple[int, int], tuple[int, datetime]] = {}
        self._lock = asyncio.Lock()

    @staticmethod
    def _tick() -> float:
        return asyncio.get_running_loop().time()

    async def chat(self, chat_id: int) -> ChatRecord | None:
        """A chat's record, from the cache when fresh."""
        now = self._tick()
        cached = self._chats.get(chat_id, now)
        if cached is not None:
            return cached
        try:
            record = await self.store.get_chat(chat_id)
        except DATABASE_ERRORS:
            stale = self._chats.stale(chat_id)
            if stale is None:
                raise
            return stale  # the store is away: go on with what was known
        if record is not None:
            self._chats.put(chat_id, record, now)
        return record

    def policy(self, chat: ChatRecord) -> ChatPolicy:
        """The chat's moderation policy, parsed once per cached chat record."""
        cached = self._policies.get(chat.chat_id)
        if cached is not None and cached[0] is chat:
            return cached[1]
        policy = ChatPolicy.from_settings(chat.settings)
        self._policies[chat.chat_id] = (chat, policy)
        if len(self._policies) > 50_000:
            self._policies.clear()
        return policy

    async def competitors(self, chat_id: int) -> Competitors:
        """The chat's competitor list, built into a matcher once per minute at most."""
        now = self._tick()
        cached = self._competitors.get(chat_id, now)
        if cached is not None:
            return cached
        try:
            entries = await self.store.list_competitors(chat_id)
        except DATABASE_ERRORS:
            return self._competitors.stale(chat_id) or NO_COMPETITORS
        matcher = Competitors(entries) if entries else NO_COMPETITORS
        self._competitors.put(chat_id, matcher, now)
        return matcher

    async def topics(self, chat_id: int, now: datetime) -> frozenset[str]:
        """The ad categories the chat's own members talk about (its learned topics), from the
        activity counters of the last thirty days."""
        tick = self._tick()
        cached = self._topics.get(chat_id, tick)
        if cached is not None:
            return cached
        if self.store.file_missing():
            # The SQLite file was deleted under us: a read now would create an empty one at its
            # path before the store watch writes the database back. What was known will do.
            return self._topics.stale(chat_id) or NOTHING
        try:
            counters = await self.store.window_totals(chat_id, ACTIVITY, now - TOPIC_WINDOW)
        except DATABASE_ERRORS:
            return self._topics.stale(chat_id) or NOTHING
        found = from_counters(counters)
        self._topics.put(chat_id, found, tick)
        return found

    def forget_competitors(self, chat_id: int) -> None:
        """Drop a chat's matcher after this process changed its list."""
        self._competitors.drop(chat_id)

    def forget_chat(self, chat_id: int) -> None:
        """Drop a chat (and nothing else) after this process changed it."""
        self._chats.drop(chat_id)

    async def member(self, chat_id: int, user_id: int) -> MemberRecord | None:
        """A member's standing including this process's unflushed messages."""
        now = self._tick()
        key = (chat_id, user_id)
        cached = self._members.get(key, now)
        if cached is None:
            try:
                cached = await self.store.get_member(chat_id, user_id)
            except DATABASE_ERRORS:
                return self._members.stale(key)
            if cached is not None:
                cached = self._keep_member(cached, now)
        return cached

    def _keep_member(self, stored: MemberRecord, now: float) -> MemberRecord:
        """Cache a member read from the store, with this process's unflushed messages added
        (they belong in what we report); returns what was cached."""
        key = (stored.chat_id, stored.user_id)
        pending = self._pending_by_member.get(key)
        if pending:
            stored = stored.counted(pending[0], pending[1])
        self._members.put(key, stored, now)
        return stored

    async def admin_ids(self, chat_id: int) -> frozenset[int]:
        """The chat's admins as the admin cache in the store lists them."""
        now = self._tick()
        cached = self._admins.get(chat_id, now)
        if cached is None:
            try:
                cached = (
                    frozenset(a.user_id for a in await self.store.list_admins(chat_id)) or NOTHING
                )
            except DATABASE_ERRORS:
                # Telegram is asked before acting on anyone (is_admin_now), so an empty set
                # while the store is away never gets an admin's message removed.
                return self._admins.stale(chat_id) or NOTHING
            self._admins.put(chat_id, cached, now)
        return cached

    async def members_among(self, chat_id: int, handles: Iterable[str]) -> frozenset[str]:
        """Which of these @handles (lower case, no @) belong to members or admins of the chat."""
        now = self._tick()
        found: set[str] = set()
        admins = await self.admin_ids(chat_id)
        for handle in handles:
            user_id = self._handles.get(handle, now)
            if user_id is None:
                try:
                    user = await self.store.find_user_by_username(handle)
                except DATABASE_ERRORS:
                    continue
                user_id = user.user_id if user is not None else 0
                self._handles.put(handle, user_id, now)
            if not user_id:
                continue
            if user_id in admins:
                found.add(handle)
                continue
            member = await self.member(chat_id, user_id)
            if member is not None and (
                member.left_at is None
                or (member.joined_at is not None and member.joined_at > member.left_at)
            ):
                found.add(handle)
        return frozenset(found)

    def forget_admins(self, chat_id: int) -> None:
        """Drop a chat's admin set after this process changed it."""
        self._admins.drop(chat_id)

    def first_news_of_join(self, chat_id: int, user_id: int) -> bool:
        """True the first time a join is heard of (within two minutes), False for the echo."""
        key, tick = (chat_id, user_id), self._tick()
        if self._joins.get(key, tick):
            return False
        self._joins.put(key, True, tick)
        return True

    def forget_join(self, chat_id: int, user_id: int) -> None:
        """A member left: their next join is news again."""
        self._joins.drop((chat_id, user_id))

    async def member_joined(self, chat_id: int, user_id: int, at: datetime) -> None:
        """Book a join in the store and keep the member's fresh row, so their first message is
        judged without another read."""
        try:
            stored = await self.store.member_joined(chat_id, user_id, at)
        except DATABASE_ERRORS:
            # The store is away: remember the newcomer here, so their first messages are
            # still judged as a newcomer's (the row is made when their counts are written).
            stored = MemberRecord(chat_id, user_id, at, at, None, 0, None, False, False, 0)
        self._keep_member(stored, self._tick())

    def forget_member(self, chat_id: int, user_id: int) -> None:
        """Drop a member after this process changed them outside the counters."""
        self._members.drop((chat_id, user_id))

    async def remember_person(
        self,
        user_id: int,
        *,
        username: str | None,
        first_name: str | None,
        language_code: str | None,
        at: datetime,
    ) -> None:
        """Keep a person's names, only when they changed since last seen: the store writes them
        with the next flush (and its reads see them at once). Their @handle is known here at
        once (a welcome that mentions them right after they join is a mention of a member)."""
        person = _Person(username, first_name, language_code)
        now = self._tick()
        if self._people.get(user_id, now) == person:
            return
        self.store.remember_user_later(
            user_id, username=username, first_name=first_name, language_code=language_code, at=at
        )
        self._people.put(user_id, person, now)
        if username:
            self._handles.put(username.lower(), user_id, now)

    async def count_message(self, chat_id: int, user_id: int, at: datetime) -> None:
        """Count one message now in memory; it reaches the store with the next flush."""
        self._pending.append((chat_id, user_id, at))
        key = (chat_id, user_id)
        count, _ = self._pending_by_member.get(key, (0, at))
        self._pending_by_member[key] = (count + 1, at)
        now = self._tick()
        cached = self._members.get(key, now)
        if cached is not None:
            self._members.put(key, cached.counted(1, at), now)
        if len(self._pending) >= self.FLUSH_AT:
            await self.flush()

    @property
    def pending(self) -> int:
        """Messages counted in memory but not yet written."""
        return len(self._pending)

    async def flush(self) -> None:
        """Write buffered counts in one batched upsert, and the people's names the store keeps;
        on failure keep them for the next try."""
        try:
            await self.store.flush_users()
        except Exception:  # kept by the store; the message counts are still worth writing
            log.warning("could not write people's names; will retry")
        if not self._pending:
            return
        async with self._lock:
            batch, self._pending = self._pending, []
            by_member, self._pending_by_member = self._pending_by_member, {}
            if not batch:
                return
            try:
                await self.store.record_messages(batch)
            except Exception:
                self._pending[:0] = batch
                for key, (count, at) in by_member.items():
                    newer, latest = self._pending_by_member.get(key, (0, at))
                    self._pending_by_member[key] = (count + newer, max(at, latest))
                log.warning("could not write %d message counts; will retry", len(batch))
                raise

    def clear(self) -> None:
        """Forget every cached read (pending counts are kept)."""
        self._chats.clear()
        self._members.clear()
        self._people.clear()
        self._admins.clear()
        self._joins.clear()
        self._competitors.clear()
        self._topics.clear()
