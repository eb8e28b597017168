"""The herd detector: a surge of delivery complaints in one chat, seen while it is small.

A chat-level detector (`policies/chatlevel.py`) over the chat's durable windows:

- `complaint`: complaint messages per complainer (key: user id) per bucket;
- `complaint_follow`: "me too" replies and replies to complaints (contagion), per user;
- `complaint_new`: complaints by members who joined in the last day, per user.

It compares distinct complainers in the last half hour with the chat's own baseline (its normal
trickle over the past week), so a big group's daily handful is no surge and a small group's three
complainers in half an hour may be. Levels escalate watch -> warning -> critical; one surge is one
alert thread: a level is announced once, again only when it rises, and the chat calms down after
two quiet hours. The checks say when most complaints come from new members or from one account
(an orchestrated pile-on rather than a real delivery problem).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from policies.chatlevel import ChatAction, ChatDecision, Windows
from policies.chatpolicy import ChatPolicy
from policies.explain import reason
from policies.facts import AlertPlan, Check, check
from policies.increments import Recorded

COMPLAINT = "complaint"
FOLLOW = "complaint_follow"
NEW_MEMBER = "complaint_new"
KINDS = (COMPLAINT, FOLLOW, NEW_MEMBER)

SHORT = timedelta(minutes=30)
FAST = timedelta(minutes=10)
BASELINE = timedelta(days=7)
QUIET = timedelta(hours=2)
# A chat's normal rate of complainers per half hour is never taken below this: a chat that never
# complains would otherwise see a surge in its first two complaints.
BASELINE_FLOOR = 0.5
# A busy chat's normal trickle reaches three complainers in half an hour now and then: each level
# also needs a count the chat's own rate (its busy hours taken as BUSY times the week's average)
# would reach by chance at most CHANCE of the time. Quiet chats keep the levels as set.
BUSY = 2.0
CHANCE = 0.001
LEVELS = ("calm", "watch", "warning", "critical")
# How long windows are kept: the baseline week and the short window before it.
HORIZON = BASELINE + SHORT
# A complainer who joined this recently counts as a new member (a pile-on from newcomers).
NEW_MEMBER_AGE = timedelta(days=1)
# A message this soon after another member's complaint "follows" it ("me too" counts then).
FOLLOW_WINDOW = timedelta(minutes=10)
# A dismissed surge teaches the detector the chat's normal for this long.
LEARNED_FOR = timedelta(days=30)
BUCKET_S = 60
# What the owner's alert offers: post the holding statement, calm mode (text only) on or off,
# the list of complainers, and "this is normal here".
BUTTONS = ("statement", "calm", "complainers", "dismiss")


@dataclass(frozen=True, slots=True)
class Level:
    """What it takes to reach a level: distinct complainers in the short window, and how many
    times the chat's baseline that is."""

    name: str
    complainers: int
    ratio: float


# Contagion (members joining others' complaints) brings each level one complainer closer.
THRESHOLDS = (
    Level("critical", 10, 8.0),
    Level("warning", 5, 5.0),
    Level("watch", 3, 3.0),
)


def thresholds(
    policy: ChatPolicy, rate: float = 0.0, *, window: timedelta = SHORT, normal: int = 0
) -> tuple[Level, ...]:
    """The levels as a chat set them (complainers per level; the ratios are the detector's),
    raised together when the chat's normal rate (complainers per half hour) would reach the
    watch level by chance within `window`, or when the owner said `normal` complainers in half
    an hour are normal here."""
    share = window / SHORT
    bar = max(chance_bar(rate * share, CHANCE * share), normal + 1)
    shift = max(0, bar - policy.herd_watch)
    wanted = {"watch": policy.herd_watch, "warning": policy.herd_warning}
    wanted["critical"] = policy.herd_critical
    return tuple(replace(level, complainers=wanted[level.name] + shift) for level in THRESHOLDS)


def chance_bar(expected_normal: float, chance: float = CHANCE) -> int:
    """The fewest complainers in one window that a chat whose normal is `expected_normal`
    complainers per window reaches by chance at most `chance` of the time in its busy hours
    (Poisson)."""
    expected = max(0.0, expected_normal) * BUSY
    term = math.exp(-expected)  # P(X = n), from n = 0
    below = 0.0  # P(X < n)
    n = 0
    while 1.0 - below > chance and n < 1000:
        below += term
        n += 1
        term *= expected / n
    return n


@dataclass(frozen=True, slots=True)
class State:
    """The detector's memory for one chat: the level last announced and when, and what a
    dismissed surge taught it (how many complainers in half an hour are normal here, and until
    when)."""

    level: str = "calm"
    since: datetime | None = None
    learned: float = 0.0
    learned_until: datetime | None = None

    def encode(self) -> str:
        """As the caller stores it."""
        parts = [self.level, _iso(self.since)]
        if self.learned and self.learned_until is not None:
            parts += [f"{self.learned:.3f}", _iso(self.learned_until)]
        return "|".join(parts)

    @classmethod
    def decode(cls, raw: str | None) -> State:
        """From what the caller stored (anything unreadable is calm)."""
        if not raw or "|" not in raw:
            return cls()
        level, at, *learned = raw.split("|")
        try:
            since = datetime.fromisoformat(at) if at else None
            floor = float(learned[0]) if len(learned) == 2 else 0.0
            until = datetime.fromisoformat(learned[1]) if len(learned) == 2 else None
        except ValueError:
            return cls()
        if level not in LEVELS:
            level, since = "calm", None
        return cls(level, since, floor if until else 0.0, until)

    def normal(self, now: datetime) -> int:
        """Complainers in half an hour the owner said are normal here, while that lasts."""
        if self.learned_until is None or now >= self.learned_until:
            return 0
        return int(self.learned)

    def dismissed(self, complainers: int, now: datetime) -> State:
        """An owner said this surge is normal here: the same count will not alert again."""
        learned = max(self.normal(now), complainers)
        return replace(self, learned=float(learned), learned_until=now + LEARNED_FOR)

    def calmed(self) -> State:
        """The surge is over: no level, what was learned kept."""
        return replace(self, level="calm", since=None)


def _iso(at: datetime | None) -> str:
    return at.isoformat() if at else ""


class HerdDetector:
    """Complaint surges per chat (a `ChatDetector`)."""

    def judge_chat(
        self, windows: Windows, policy: ChatPolicy, now: datetime, previous: str | None
    ) -> ChatDecision:
        """The decision for one chat now: an alert when the level rises, the new state."""
        state = State.decode(previous)
        if surge_over(windows, state, now):
            # It calmed down while nobody judged it (the watch off, Steward away): over.
            state = state.calmed()
        short_since = now - SHORT
        complainers = windows.distinct(COMPLAINT, short_since)
        followers = windows.distinct(FOLLOW, short_since)
        rate = weekly_rate(windows, now)
        usual = max(BASELINE_FLOOR, rate)
        normal = state.normal(now)
        level = _level(
            complainers, followers, complainers / usual, thresholds(policy, rate, normal=normal)
        )
        # A fast surge shows in ten minutes before a busy chat's half hour gives it away.
        fast = windows.distinct(COMPLAINT, now - FAST)
        quick = _level(
            fast,
            windows.distinct(FOLLOW, now - FAST),
            fast * (SHORT / FAST) / usual,
            thresholds(policy, rate, window=FAST, normal=normal),
        )
        if LEVELS.index(quick) > LEVELS.index(level):
            level = quick
        checks = _checks(windows, now, complainers, followers, rate)
        if level == "calm":
            quiet = windows.total(COMPLAINT, now - QUIET) == 0
            if state.level != "calm" and not quiet:
                # Still simmering: keep the thread open rather than announce it again later.
                return ChatDecision(windows.chat_id, (), tuple(checks), state.encode())
            return ChatDecision(windows.chat_id, (), tuple(checks), state.calmed().encode())
        if LEVELS.index(level) <= LEVELS.index(state.level):
            return ChatDecision(windows.chat_id, (), tuple(checks), state.encode())
        alert = AlertPlan(
            "herd", f"herd.{level}", "critical" if level == "critical" else "warning", BUTTONS
        )
        action = ChatAction("alert", values=(("complainers", complainers),), alert=alert)
        risen = replace(state, level=level, since=state.since if state.level != "calm" else now)
        return ChatDecision(windows.chat_id, (action,), tuple(checks), risen.encode())


def surge_over(windows: Windows, state: State, now: datetime) -> bool:
    """Whether the surge `state` is in has calmed down since it began: complaints stopped for
    two quiet hours at some point after its start, up to now. The job says so within a minute
    while the watch is on; a watch turned off and on again days later (or Steward away that
    long) finds the old surge over, not a new one's first complaint added to it."""
    if state.level == "calm" or state.since is None:
        return False
    start = state.since - SHORT
    times = sorted(
        {
            at
            for buckets in windows.counts.get(COMPLAINT, {}).values()
            for at, n in buckets.items()
            if n > 0 and start <= at <= now
        }
    )
    last = times[0] if times and times[0] <= state.since else state.since
    for at in (*times, now):
        if at - last >= QUIET:
            return True
        last = max(last, at)
    return False


def weekly_rate(windows: Windows, now: datetime) -> float:
    """Distinct complainers per half hour over the past week, before the short window."""
    keys = windows.counts.get(COMPLAINT, {})
    start, end = now - BASELINE, now - SHORT
    seen = sum(1 for buckets in keys.values() if any(start <= at < end for at in buckets))
    return seen / (BASELINE / SHORT)


def baseline(windows: Windows, now: datetime) -> float:
    """The chat's normal rate as the levels' ratios read it (never below BASELINE_FLOOR)."""
    return max(BASELINE_FLOOR, weekly_rate(windows, now))


def _level(complainers: int, followers: int, ratio: float, levels: tuple[Level, ...]) -> str:
    effective = complainers + (1 if followers >= 2 else 0)
    for level in levels:
        if effective >= level.complainers and ratio >= level.ratio:
            return level.name
    return "calm"


def _checks(
    windows: Windows, now: datetime, complainers: int, followers: int, baseline: float
) -> list[Check]:
    since = now - SHORT
    out = [
        check(
            "complainers",
            float(complainers),
            reason("herd_complainers", count=complainers, baseline=f"{baseline:.1f}"),
        )
    ]
    if followers:
        out.append(check("contagion", float(followers), reason("herd_contagion", count=followers)))
    newcomers = windows.distinct(NEW_MEMBER, since)
    if complainers >= 3 and newcomers * 2 > complainers:
        out.append(
            check("new_members", 0.0, reason("herd_new_members", count=newcomers, of=complainers))
        )
    keys = windows.counts.get(COMPLAINT, {})
    totals = sorted(
        (sum(n for at, n in buckets.items() if at >= since) for buckets in keys.values()),
        reverse=True,
    )
    total = sum(totals)
    if total >= 5 and totals and totals[0] * 2 > total:
        out.append(
            check("one_account", 0.0, reason("herd_one_account", count=totals[0], of=total))
        )
    return out


_Buckets = dict[int, int]  # bucket start (seconds) -> count
# A message counted as a complaint: its author, when (seconds), and the kinds it was counted in
# (None: counted before a restart or by another worker, so not known here).
_Counted = tuple[int, int, tuple[str, ...] | None]
_NO_MESSAGES: OrderedDict[int, _Counted] = OrderedDict()


class HerdWindow(Recorded):
    """Complaint counts per chat, kind, member and minute, for the detector (and the store).

    Complaints are rare, so a chat that never complains costs nothing; the messages counted as
    complaints are remembered (the last few per chat) so a reply to one is contagion and an edit
    that turns one into praise can take it back. Memory is bounded; time is passed in.
    """

    RECENT_MESSAGES = 200

    def __init__(self, max_chats: int = 20_000, *, record: bool = False) -> None:
        self.max_chats = max_chats
        self._chats: OrderedDict[int, dict[str, dict[str, _Buckets]]] = OrderedDict()
        self._messages: dict[int, OrderedDict[int, _Counted]] = {}
        self._last: dict[int, tuple[int, int]] = {}  # chat -> (second, user) of the last complaint
        super().__init__(record=record)

    def add(self, kind: str, chat_id: int, user_id: int, now: datetime, n: int = 1) -> None:
        """Count `n` (or take back, with a negative n) for a member in the minute of `now`."""
        bucket = int(now.timestamp()) // BUCKET_S * BUCKET_S
        key = str(user_id)
        self._note(kind, chat_id, key, bucket, n)
        buckets = self._kinds(chat_id).setdefault(kind, {}).setdefault(key, {})
        buckets[bucket] = max(0, buckets.get(bucket, 0) + n)
        if not buckets[bucket]:
            del buckets[bucket]
        if kind == COMPLAINT and n > 0:
            self._last[chat_id] = (int(now.timestamp()), user_id)

    def complaint(
        self,
        chat_id: int,
        user_id: int,
        message_id: int,
        now: datetime,
        *,
        reply_to: int | None = None,
        me_too: bool = False,
        joined_at: datetime | None = None,
    ) -> None:
        """Count one complaint: its author, contagion (a "me too", or a reply to another
        member's complaint) and whether the author joined in the last day."""
        replied = self.counted(chat_id, reply_to) if reply_to is not None else None
        kinds = [COMPLAINT]
        if me_too or (replied is not None and replied[0] != user_id):
            kinds.append(FOLLOW)
        if joined_at is not None and now - joined_at <= NEW_MEMBER_AGE:
            kinds.append(NEW_MEMBER)
        for kind in kinds:
            self.add(kind, chat_id, user_id, now)
        self.remember(chat_id, message_id, user_id, now, tuple(kinds))

    def remember(
        self,
        chat_id: int,
        message_id: int,
        user_id: int,
        now: datetime,
        kinds: tuple[str, ...] | None = None,
    ) -> None:
        """A message counted as a complaint (so replies to it are contagion), and the kinds it
        was counted in (None: not known, counted elsewhere)."""
        recent = self._messages.setdefault(chat_id, OrderedDict())
        recent[message_id] = (user_id, int(now.timestamp()), kinds)
        while len(recent) > self.RECENT_MESSAGES:
            recent.popitem(last=False)

    def withdraw(self, chat_id: int, message_id: int, user_id: int, at: datetime) -> None:
        """A complaint counted at `at` taken back (edited into something else): it comes off
        every count it was in, the joining-in and the newcomer's too. Of a message counted
        elsewhere (before a restart, by another worker) each kind the member was counted in
        that minute comes off: one complaint is counted in all its kinds at once."""
        found = self._messages.get(chat_id, _NO_MESSAGES).get(message_id)
        kinds = found[2] if found is not None and found[0] == user_id else None
        if kinds is None:
            bucket = int(at.timestamp()) // BUCKET_S * BUCKET_S
            counts = self._chats.get(chat_id, {})
            kinds = (COMPLAINT,) + tuple(
                kind
                for kind in (FOLLOW, NEW_MEMBER)
                if counts.get(kind, {}).get(str(user_id), {}).get(bucket)
            )
        for kind in kinds:
            self.add(kind, chat_id, user_id, at, n=-1)
        self.forget(chat_id, message_id)

    def counted(self, chat_id: int, message_id: int) -> tuple[int, datetime] | None:
        """Who wrote a message counted as a complaint, and when (None: not counted)."""
        found = self._messages.get(chat_id, _NO_MESSAGES).get(message_id)
        return (found[0], datetime.fromtimestamp(found[1], tz=UTC)) if found else None

    def last_complaint(self, chat_id: int) -> datetime | None:
        """When the chat's latest counted complaint was (None: none lately)."""
        last = self._last.get(chat_id)
        return datetime.fromtimestamp(last[0], tz=UTC) if last is not None else None

    def forget(self, chat_id: int, message_id: int) -> None:
        """A counted message is no complaint any more (edited, taken back)."""
        self._messages.get(chat_id, OrderedDict()).pop(message_id, None)

    def follows(
        self, chat_id: int, user_id: int | None, reply_to: int | None, now: datetime
    ) -> bool:
        """Whether a message answers another member's complaint or closely follows one."""
        last = self._last.get(chat_id)
        if last is None:
            return False  # the common case: this chat has not complained lately
        if reply_to is not None:
            replied = self._messages.get(chat_id, _NO_MESSAGES).get(reply_to)
            if replied is not None and replied[0] != user_id:
                return True
        second, author = last
        return author != user_id and int(now.timestamp()) - second <= FOLLOW_WINDOW.seconds

    def windows(self, chat_id: int, now: datetime) -> Windows:
        """The chat's counts as the detector reads them (older than the horizon dropped)."""
        oldest = int((now - HORIZON).timestamp())
        kinds = self._chats.get(chat_id, {})
        counts: dict[str, dict[str, dict[datetime, int]]] = {}
        for kind, keys in kinds.items():
            for key, buckets in list(keys.items()):
                for bucket in [b for b in buckets if b < oldest]:
                    del buckets[bucket]
                if not buckets:
                    del keys[key]
                    continue
                counts.setdefault(kind, {})[key] = {
                    datetime.fromtimestamp(b, tz=UTC): n for b, n in buckets.items()
                }
        return Windows(chat_id, counts)

    def chats_since(self, since: datetime) -> list[int]:
        """Chats with a complaint at or after `since` (the ones worth judging again)."""
        floor = int(since.timestamp())
        return [chat for chat, (second, _) in self._last.items() if second >= floor]

    def move(self, old: int, new: int) -> None:
        """A group became a supergroup: its counts go with it."""
        if old in self._chats:
            self._chats[new] = self._chats.pop(old)
        if old in self._messages:
            self._messages[new] = self._messages.pop(old)
        if old in self._last:
            self._last[new] = self._last.pop(old)

    def merge(self, kind: str, chat_id: int, key: str, second: int, count: int) -> None:
        """Take a count other workers (or an earlier run) stored: the larger count wins."""
        if kind not in KINDS or not key.lstrip("-").isdigit():
            return
        buckets = self._kinds(chat_id).setdefault(kind, {}).setdefault(key, {})
        if count > 0:
            buckets[second] = max(buckets.get(second, 0), count)
        else:
            buckets.pop(second, None)  # taken back everywhere
        if kind == COMPLAINT and count > 0:
            last = self._last.get(chat_id)
            if last is None or second > last[0]:
                self._last[chat_id] = (second, int(key))

    def _kinds(self, chat_id: int) -> dict[str, dict[str, _Buckets]]:
        kinds = self._chats.get(chat_id)
        if kinds is None:
            kinds = self._chats[chat_id] = {}
            while len(self._chats) > self.max_chats:
                gone, _ = self._chats.popitem(last=False)
                self._messages.pop(gone, None)
                self._last.pop(gone, None)
        else:
            self._chats.move_to_end(chat_id)
        return kinds
