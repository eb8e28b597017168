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

from dataclasses import dataclass
from datetime import datetime, timedelta

from policies.chatlevel import ChatAction, ChatDecision, Windows
from policies.chatpolicy import ChatPolicy
from policies.explain import reason
from policies.facts import AlertPlan, Check, check

COMPLAINT = "complaint"
FOLLOW = "complaint_follow"
NEW_MEMBER = "complaint_new"
KINDS = (COMPLAINT, FOLLOW, NEW_MEMBER)

SHORT = timedelta(minutes=30)
BASELINE = timedelta(days=7)
QUIET = timedelta(hours=2)
# A chat's normal rate of complainers per half hour is never taken below this: a chat that never
# complains would otherwise see a surge in its first two complaints.
BASELINE_FLOOR = 0.5
LEVELS = ("calm", "watch", "warning", "critical")


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


@dataclass(frozen=True, slots=True)
class State:
    """The detector's memory for one chat: the level last announced and when."""

    level: str = "calm"
    since: datetime | None = None

    def encode(self) -> str:
        """As the caller stores it."""
        return f"{self.level}|{self.since.isoformat() if self.since else ''}"

    @classmethod
    def decode(cls, raw: str | None) -> State:
        """From what the caller stored (anything unreadable is calm)."""
        if not raw or "|" not in raw:
            return cls()
        level, _, at = raw.partition("|")
        try:
            since = datetime.fromisoformat(at) if at else None
        except ValueError:
            return cls()
        return cls(level if level in LEVELS else "calm", since)


class HerdDetector:
    """Complaint surges per chat (a `ChatDetector`)."""

    def judge_chat(
        self, windows: Windows, policy: ChatPolicy, now: datetime, previous: str | None
    ) -> ChatDecision:
        """The decision for one chat now: an alert when the level rises, the new state."""
        state = State.decode(previous)
        short_since = now - SHORT
        complainers = windows.distinct(COMPLAINT, short_since)
        followers = windows.distinct(FOLLOW, short_since)
        baseline = _baseline(windows, now)
        ratio = complainers / baseline
        level = _level(complainers, followers, ratio)
        checks = _checks(windows, now, complainers, followers, baseline)
        if level == "calm":
            quiet = windows.total(COMPLAINT, now - QUIET) == 0
            if state.level != "calm" and not quiet:
                # Still simmering: keep the thread open rather than announce it again later.
                return ChatDecision(windows.chat_id, (), tuple(checks), state.encode())
            return ChatDecision(windows.chat_id, (), tuple(checks), State().encode())
        if LEVELS.index(level) <= LEVELS.index(state.level):
            return ChatDecision(windows.chat_id, (), tuple(checks), state.encode())
        alert = AlertPlan(
            "herd",
            f"herd.{level}",
            "critical" if level == "critical" else "warning",
            ("dismiss",),
        )
        action = ChatAction("alert", values=(("complainers", complainers),), alert=alert)
        return ChatDecision(windows.chat_id, (action,), tuple(checks), State(level, now).encode())


def _baseline(windows: Windows, now: datetime) -> float:
    """Distinct complainers per half hour over the past week, before the short window."""
    keys = windows.counts.get(COMPLAINT, {})
    start, end = now - BASELINE, now - SHORT
    seen = sum(1 for buckets in keys.values() if any(start <= at < end for at in buckets))
    per_half_hour = seen / (BASELINE / SHORT)
    return max(BASELINE_FLOOR, per_half_hour)


def _level(complainers: int, followers: int, ratio: float) -> str:
    effective = complainers + (1 if followers >= 2 else 0)
    for level in THRESHOLDS:
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
