"""Replay's engagement side: the group's life stage day by day, and the prompts a schedule would
have posted, from the history alone.

Stages come from the same pure assessment the live bot runs once a day (`policies.health`), fed
the replayed days (members' messages and who wrote them, replies, joins, leaves, removals,
complaints); consecutive days with one stage make one span. Prompts follow the schedules of the
settings file (`schedules = ["daily 19:00"]`, with `quiet_hours`, `timezone`, `language` and the
chat settings `busy_messages` and `prompt_theme`), or `daily 19:00` when it names none: at each
run the group's last hour decides (quiet hours, too busy), as live, and the prompt is chosen as
live would with nothing learned yet. Memory is bounded: five weeks of days, a month of joiners,
an hour of message times.
"""

from __future__ import annotations

import random
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.config import SUPPORTED_LANGUAGES
from bot.prompts import library
from policies.bandit import choose, next_prompt
from policies.chatpolicy import ChatPolicy
from policies.health import Day as HealthDay
from policies.health import assess
from policies.prompts import Prompt
from policies.schedule import (
    Quiet,
    ScheduleError,
    Spec,
    next_run,
    parse_quiet,
    parse_spec,
    parse_zone,
)

DEFAULT_SCHEDULE = "daily 19:00"
HISTORY_DAYS = 36
# A new stage is reported once it held for this many daily assessments in a row.
HOLD_DAYS = 3
JOINERS_FOR = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Plan:
    """How prompts would be scheduled: the schedules, zone, quiet hours and language."""

    specs: tuple[Spec, ...]
    zone: ZoneInfo
    quiet: Quiet | None
    language: str
    default: bool = False


def plan_of(data: dict[str, Any]) -> Plan:
    """The prompt plan of a settings file (ValueError says what is wrong with it)."""
    raw = data.get("schedules")
    default = raw is None
    if raw is None:
        raw = [DEFAULT_SCHEDULE]
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        raise ValueError('schedules must be a list like ["daily 19:00"]')
    specs = []
    for text in raw:
        spec = parse_spec(text)
        if isinstance(spec, ScheduleError):
            raise ValueError(f"schedule {text!r} is not readable ({spec.key})")
        specs.append(spec)
    zone_name = data.get("timezone") or "UTC"
    zone = parse_zone(str(zone_name))
    if isinstance(zone, ScheduleError):
        raise ValueError(f"unknown time zone {zone_name!r}")
    language = str(data.get("language") or "en")
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(SUPPORTED_LANGUAGES)}")
    quiet_raw = data.get("quiet_hours")
    quiet = parse_quiet(str(quiet_raw)) if quiet_raw else None
    if isinstance(quiet, ScheduleError):
        raise ValueError(f"quiet_hours {quiet_raw!r} is not readable ({quiet.key})")
    return Plan(tuple(specs), zone, quiet, language, default)


@dataclass
class _Today:
    day: date
    messages: int = 0
    replies: int = 0
    joins: int = 0
    leaves: int = 0
    removed: int = 0
    complaints: int = 0
    senders: Counter[int] = field(default_factory=Counter)

    def done(self) -> HealthDay:
        return HealthDay(
            day=self.day,
            messages=self.messages,
            replies=self.replies,
            joins=self.joins,
            leaves=self.leaves,
            removed=self.removed,
            complaints=self.complaints,
            senders=dict(self.senders),
        )


class Lifecycle:
    """Stages and prompts over a replayed history."""

    def __init__(self, plan: Plan, policy: ChatPolicy) -> None:
        self.plan = plan
        self.policy = policy
        self.first: date | None = None
        self.today: _Today | None = None
        self.days: deque[HealthDay] = deque(maxlen=HISTORY_DAYS)
        self.joiners: dict[int, date] = {}
        self.stage: str | None = None
        self.stage_from: date | None = None
        self._pending: tuple[str, date, int] | None = None
        self.stages: list[dict[str, Any]] = []
        self.prompts: list[dict[str, Any]] = []
        self.skipped: Counter[str] = Counter()
        self._recent: deque[datetime] = deque()
        self._next: list[datetime] = []
        self._rng = random.Random(0)
        self._used: list[str] = []
        theme = policy.prompt_theme
        self._library = [
            p for p in library(plan.language) if theme == "any" or p.theme in (theme, "any")
        ]

    # -- what happened ----------------------------------------------------------------------

    def _day(self, at: datetime) -> _Today:
        day = at.astimezone(self.plan.zone).date()
        if self.today is None or self.today.day != day:
            if self.today is not None:
                self._close(self.today, day)
            if self.first is None:
                self.first = day
            self.today = _Today(day)
        return self.today

    def message(self, at: datetime, user_id: int | None, reply: bool) -> None:
        """A member's message that counts (not spam)."""
        self._runs(at)
        today = self._day(at)
        today.messages += 1
        today.replies += reply
        if user_id is not None:
            today.senders[user_id] += 1
        self._recent.append(at)
        while self._recent and at - self._recent[0] > timedelta(hours=1):
            self._recent.popleft()

    def joined(self, at: datetime, user_ids: tuple[int, ...], count: int) -> None:
        """Members joined."""
        self._runs(at)
        today = self._day(at)
        today.joins += count
        for user_id in user_ids:
            self.joiners[user_id] = today.day

    def left(self, at: datetime, count: int) -> None:
        """Members left or were removed."""
        self._runs(at)
        self._day(at).leaves += count

    def removed(self, at: datetime) -> None:
        """Steward would have removed a message."""
        self._day(at).removed += 1

    def complaint(self, at: datetime) -> None:
        """A complaint was noted."""
        self._day(at).complaints += 1

    def finish(self) -> None:
        """Close the last day and the last stage span."""
        if self.today is not None:
            self._close(self.today, self.today.day + timedelta(days=1))
        if self.stage is not None and self.stage_from is not None and self.today is not None:
            self.stages.append(
                {
                    "from": self.stage_from.isoformat(),
                    # A stage first assessed the morning after the last day ends that day too.
                    "to": max(self.stage_from, self.today.day).isoformat(),
                    "stage": self.stage,
                }
            )

    # -- stages -----------------------------------------------------------------------------

    def _close(self, done: _Today, next_day: date) -> None:
        self.days.append(done.done())
        cutoff = next_day - JOINERS_FOR
        if len(self.joiners) > 1000:
            self.joiners = {u: d for u, d in self.joiners.items() if d >= cutoff}
        joiners = {u: d for u, d in self.joiners.items() if d >= cutoff}
        assert self.first is not None
        health = assess(list(self.days), next_day, first_seen=self.first, joiners=joiners)
        if health.stage == self.stage:
            self._pending = None
            return
        if self.stage is not None:
            # A group near a threshold is assessed one way, then the other: a stage counts
            # once it held for HOLD_DAYS assessments in a row (from the first of them).
            pending = self._pending
            if pending is None or pending[0] != health.stage:
                self._pending = (health.stage, next_day, 1)
                return
            self._pending = (pending[0], pending[1], pending[2] + 1)
            if self._pending[2] < HOLD_DAYS:
                return
            next_day = pending[1]
            self._pending = None
        if self.stage is not None and self.stage_from is not None:
            self.stages.append(
                {
                    "from": self.stage_from.isoformat(),
                    "to": (next_day - timedelta(days=1)).isoformat(),
                    "stage": self.stage,
                }
            )
        self.stage, self.stage_from = health.stage, next_day

    # -- prompts ----------------------------------------------------------------------------

    def _runs(self, now: datetime) -> None:
        """Every scheduled run up to now: posted, or skipped for quiet hours or a busy hour."""
        if not self._next:
            self._next = [
                next_run(s, self.plan.zone, now - timedelta(seconds=1)) for s in self.plan.specs
            ]
        # The earliest due run of any schedule first: the prompts come out in time order (one
        # schedule's whole backlog came before the next schedule's).
        while self._next and min(self._next) <= now:
            i = min(range(len(self._next)), key=lambda k: self._next[k])
            self._run(self._next[i])
            self._next[i] = next_run(self.plan.specs[i], self.plan.zone, self._next[i])

    def _run(self, at: datetime) -> None:
        from policies.schedule import in_quiet

        if in_quiet(self.plan.quiet, at.astimezone(self.plan.zone)):
            self.skipped["quiet"] += 1
            return
        recent = sum(1 for t in self._recent if at - t <= timedelta(hours=1))
        busy = self.policy.busy_messages
        if busy and recent >= busy:
            self.skipped["busy"] += 1
            return
        prompt = self._pick()
        if prompt is None:
            return
        self._used.append(prompt.key)
        self.prompts.append(
            {
                "at": at.astimezone(self.plan.zone).isoformat(),
                "prompt": prompt.text,
                "kind": prompt.kind,
                "key": prompt.key,
            }
        )

    def _pick(self) -> Prompt | None:
        from bot.engagement import used_this_round

        if not self._library:
            return None
        keys = {p.key for p in self._library}
        used = used_this_round(list(reversed(self._used[-len(keys) :])), keys)
        kinds = sorted({p.kind for p in self._library})
        arm = choose(kinds, {}, {}, self._rng).arm
        return next_prompt(
            self._library, used, arm, self._rng, key=lambda p: p.key, kind_of=lambda p: p.kind
        )
