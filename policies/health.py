"""Group health: where a chat stands in its life cycle, from its own daily activity.

Most groups die within weeks of being made, quietly: fewer people write, the same three carry the
conversation, newcomers never say a word. `assess` reads one chat's days (members' messages,
distinct senders, joins; spam is never activity) and tells the owner the chat's stage, the
numbers behind it, the reason and one suggestion, each as a catalogue key under `health.` with
its values so the bot can say it in the owner's language. Time is passed in (`today`, the current
and still incomplete day, in the chat's time zone); the result depends on nothing else.

Windows. Only whole days before `today` are judged, in whole weeks: "the week" is the seven full
days before today, "the past" the (up to) four whole weeks before that, as far as Steward has
seen the chat. Comparing whole weeks with whole weeks means a group that is quiet every weekend
never looks like it is falling on Monday: each week holds every weekday once.

Stages (`STAGES`), the first that applies:

- ``new``: fewer than `NEW_DAYS` (14) days of history. One week and nothing to compare it with
  says little, and a group's first days are unlike its later ones.
- ``dormant``: at most `DORMANT_MESSAGES` (3) member messages in the last `DORMANT_DAYS` (14)
  full days. Two quiet weeks is no weekend lull or holiday any more.
- ``declining``, any of:
  1. *fewer messages*: the week has under `DECLINE` (60%) of the past weekly average, the past
     had at least `MIN_WEEKLY` (14) messages a week (about two a day: less is too little to read
     a trend from), and the drop is beyond chance (see below). The past's busiest day is first
     replaced by the mean of its other days, so one outlier (a giveaway, a flame war) that
     inflated the past cannot make an ordinary week look like a fall;
  2. *fewer members*: distinct senders in the week under 60% of the past's usual weekly count
     (the weekly average leaving out the past's busiest week, when there are two or more), the
     usual count at least `MIN_ACTIVE` (5), and beyond chance;
  3. *a slow slide*: with five whole weeks seen, the straight line fitted through the five weekly
     totals lost at least `1 - SLIDE` (20%) over four weeks, its slope is beyond chance, and the
     line through the four past weeks alone falls too (by `SLIDE_PAST_Z` (1.5) standard errors:
     a slide, not one bad week, which rule 1 judges). A group losing one percent a day never has
     one week at 60% of the four before it (each week is only ~7% below the last), yet halves
     in ten weeks; this rule sees it.
- ``growing``: the week has at least `GROW` (1.5x) the past weekly average and at least
  `MIN_WEEKLY` messages, beyond chance, even with the week's own busiest day replaced by the
  mean of its other days (one busy day is an event, not growth). A group that was silent in the
  past and now talks is growing.
- ``steady``: anything else, including groups too quiet to judge a trend in.

"Beyond chance": message counts are treated as over-dispersed Poisson counts, and a difference
counts when it is at least `Z` (2) standard errors. How over-dispersed is the chat's own: the
variance of each weekday's count across the past weeks (pooled over the seven weekdays, so the
weekly rhythm is no swing; the busiest day trimmed as above) over the mean daily count, never
below `DISPERSION` (2: members write in bursts, a conversation at a time). A chat that swings a
lot from week to week needs a larger fall before it is called declining. The ratio rules carry
the size of the change; this guard keeps small and bursty groups, whose weeks swing by chance,
from raising alarms. (Distinct senders vary less than Poisson; their guard uses `DISPERSION`.)

Suggestions follow the stage and the numbers: newcomers who never spoke (at least
`NEWCOMERS_MIN` joined in the last 30 days, under `SPOKE_LOW` of them wrote) want a welcome with
a question; a group where the top three write at least `TOP_SHARE_HIGH` of the messages (with
`FEW_CARRY_ACTIVE` or more members writing) is carried by a few; a declining group wants a poll
or a contest this week and the next engagement prompt brought forward; a dormant one a fresh
announcement, or winding it down.

`decline_alert` says when the owner is told: once, when a group turns declining (or dormant)
from better, not on every day it stays there and not from its first "new" weeks.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

STAGES = ("new", "growing", "steady", "declining", "dormant")

WEEK = 7
PAST_WEEKS = 4
NEW_DAYS = 14
DORMANT_DAYS = 14
DORMANT_MESSAGES = 3
# The week against the past weekly average: below DECLINE is a fall, at GROW or above a rise.
DECLINE = 0.6
GROW = 1.5
# The slow slide: the line through five weekly totals ends below SLIDE times where it starts.
SLIDE = 0.8
SLIDE_WEEKS = PAST_WEEKS + 1
# Too little to read a trend from: messages a week, distinct senders a week.
MIN_WEEKLY = 14.0
MIN_ACTIVE = 5.0
# Over-dispersed Poisson counts; a change counts from Z standard errors.
DISPERSION = 2.0
Z = 2.0
# The slide's four past weeks alone must fall too, by this many standard errors.
SLIDE_PAST_Z = 1.5
# Members who joined this many days ago or less are newcomers.
JOINER_DAYS = 30
TOP = 3
# Suggestion thresholds.
TOP_SHARE_HIGH = 0.6
FEW_CARRY_ACTIVE = 6
NEWCOMERS_MIN = 3
SPOKE_LOW = 0.3

Said = tuple[str, tuple[tuple[str, object], ...]]  # a catalogue key under "health." and values


@dataclass(frozen=True, slots=True)
class Day:
    """One chat's activity on one day (in the chat's time zone); spam is never activity."""

    day: date
    messages: int = 0  # members' messages (spam and removed messages excluded)
    replies: int = 0
    joins: int = 0
    leaves: int = 0
    removed: int = 0  # spam + poaching removed by Steward
    complaints: int = 0
    prompts: int = 0  # engagement prompts Steward posted
    senders: Mapping[int, int] = field(default_factory=dict)  # user id -> messages that day


@dataclass(frozen=True, slots=True)
class Health:
    """Where a chat stands: its stage, the numbers behind it, why, and what to do.

    "Week" is the seven full days before today (today's own numbers are `messages_today` and
    `active_today`, so a group Steward joined this morning is not "0 messages this week");
    "prev" the average week of the (up to four) whole weeks before that which Steward saw
    (`weeks_compared` of them, 0.0 when none);
    `trend` is the week over that average (None when there is no past or it had no messages).
    `top_share` and the active counts come from `Day.senders`. `reason` and `suggestion` are
    catalogue keys under `health.` with their format values.
    """

    stage: str
    active_today: int
    active_week: int
    active_prev: float
    messages_week: int
    messages_prev: float
    per_member: float
    top_share: float
    new_members: int
    new_spoke: int
    trend: float | None
    reason: Said
    suggestion: Said
    days_of_history: int
    weeks_compared: int = 0
    messages_today: int = 0
    replies_week: int = 0
    joins_week: int = 0
    leaves_week: int = 0
    removed_week: int = 0
    complaints_week: int = 0
    prompts_week: int = 0

    def keys(self) -> tuple[str, ...]:
        """Every catalogue key (under `health.`) this assessment uses: stage, reason, advice."""
        return (f"stage_{self.stage}", self.reason[0], self.suggestion[0])


def assess(
    days: Sequence[Day], today: date, *, first_seen: date, joiners: Mapping[int, date]
) -> Health:
    """Assess one chat: `days` may be sparse (a missing day had no activity) and may include
    `today`, the current incomplete day; `first_seen` is when Steward first saw the chat;
    `joiners` maps members who joined in the last 30 days to the day they joined."""
    by_day = _index(days, today)
    history = max(0, (today - first_seen).days)
    weeks = min(PAST_WEEKS, max(0, (history - WEEK) // WEEK))

    def span(start: int, length: int) -> list[Day | None]:
        # `length` days ending `start` days before today (start 1: yesterday), oldest first.
        return [by_day.get(today - timedelta(days=start + i)) for i in reversed(range(length))]

    week = span(1, WEEK)
    past = [span(1 + WEEK * w, WEEK) for w in range(1, weeks + 1)]
    messages_week = _messages(week)
    past_totals = [_messages(w) for w in past]
    messages_prev = sum(past_totals) / weeks if weeks else 0.0
    active_week = len(_senders(week))
    past_active = [len(_senders(w)) for w in past]
    active_prev = sum(past_active) / weeks if weeks else 0.0
    trend = messages_week / messages_prev if messages_prev > 0 else None

    written: Counter[int] = Counter()
    for d in week:
        if d is not None:
            written.update(d.senders)
    total_written = sum(n for n in written.values() if n > 0)
    top = sum(n for _, n in written.most_common(TOP) if n > 0)
    top_share = top / total_written if total_written else 0.0
    per_member = messages_week / active_week if active_week else 0.0

    new_members, new_spoke = _newcomers(by_day, joiners, today)
    today_day = by_day.get(today)
    active_today = sum(1 for n in today_day.senders.values() if n > 0) if today_day else 0
    messages_today = _count(today_day)

    # The past's days, oldest first, its busiest day replaced by the mean of the others.
    trimmed = _trim([_count(d) for w in reversed(past) for d in w])
    spread = _dispersion(trimmed)
    numbers = _Numbers(
        week=messages_week,
        prev=messages_prev,
        usual=sum(trimmed) / weeks if weeks else 0.0,
        spread=spread,
        week_robust=_trimmed([_count(d) for d in week]),
        weeks=weeks,
        active=active_week,
        active_prev=active_prev,
        active_usual=_usual_active(past_active),
        slide=_slide([*trimmed, *(float(_count(d)) for d in week)], spread)
        if weeks == PAST_WEEKS
        else None,
        slide_past=_slide(trimmed, spread)[2] if weeks == PAST_WEEKS else 0.0,
    )
    quiet = _messages(span(1, DORMANT_DAYS))
    why: Said
    if history < NEW_DAYS:
        stage, why = "new", ("reason_new", (("days", history), ("needed", NEW_DAYS)))
    elif quiet <= DORMANT_MESSAGES:
        stage, why = "dormant", ("reason_dormant", (("messages", quiet), ("days", DORMANT_DAYS)))
    else:
        stage, why = _trend_stage(numbers)
    advice = _suggest(
        stage,
        active_week=active_week,
        top_share=top_share,
        new_members=new_members,
        new_spoke=new_spoke,
        prompts_week=_sum(week, "prompts"),
    )
    return Health(
        stage=stage,
        active_today=active_today,
        messages_today=messages_today,
        active_week=active_week,
        active_prev=active_prev,
        messages_week=messages_week,
        messages_prev=messages_prev,
        per_member=per_member,
        top_share=top_share,
        new_members=new_members,
        new_spoke=new_spoke,
        trend=trend,
        reason=why,
        suggestion=advice,
        days_of_history=history,
        weeks_compared=weeks,
        replies_week=_sum(week, "replies"),
        joins_week=_sum(week, "joins"),
        leaves_week=_sum(week, "leaves"),
        removed_week=_sum(week, "removed"),
        complaints_week=_sum(week, "complaints"),
        prompts_week=_sum(week, "prompts"),
    )


_WORSE = {"declining": 1, "dormant": 2}


def decline_alert(previous_stage: str | None, health: Health) -> bool:
    """Whether to tell the owner: the stage turned declining or dormant from a better one
    (growing or steady; dormant also from declining). Not while it stays there, not out of
    "new" (a young group's first weeks are no decline), and not without a known previous
    stage (the first assessment after Steward starts keeping stages would otherwise alert every
    ailing group at once)."""
    if previous_stage is None or previous_stage == "new" or previous_stage not in STAGES:
        return False
    now = _WORSE.get(health.stage, 0)
    return now > 0 and now > _WORSE.get(previous_stage, 0)


@dataclass(frozen=True, slots=True)
class _Numbers:
    week: int  # messages in the week
    prev: float  # the past's weekly average
    usual: float  # the same, its busiest day replaced by the mean of the others
    spread: float  # the past's daily counts' variance over their mean (at least DISPERSION)
    week_robust: float  # the week, its busiest day replaced likewise
    weeks: int  # whole past weeks seen
    active: int  # distinct senders in the week
    active_prev: float
    active_usual: float  # the past's weekly senders, its busiest week left out
    slide: tuple[float, float, float] | None  # fitted start, end, z of the five-week line
    slide_past: float  # z of the line through the four past weeks alone


def _trend_stage(n: _Numbers) -> tuple[str, Said]:
    if n.weeks and n.usual >= MIN_WEEKLY and _fell(n.usual, n.week, n.weeks, n.spread):
        percent = _percent(1 - n.week / n.prev) if n.prev else 100
        return "declining", (
            "reason_fewer_messages",
            (("week", n.week), ("usual", round(n.prev)), ("percent", percent)),
        )
    if (
        n.weeks
        and n.active_usual >= MIN_ACTIVE
        and _fell(n.active_usual, n.active, n.weeks, DISPERSION)
    ):
        return "declining", (
            "reason_fewer_members",
            (
                ("active", n.active),
                ("usual", round(n.active_prev)),
                ("percent", _percent(1 - n.active / n.active_prev)),
            ),
        )
    if n.slide is not None:
        start, end, z = n.slide
        sliding = end < SLIDE * start and z >= Z and n.slide_past >= SLIDE_PAST_Z
        if start > 0 and n.usual >= MIN_WEEKLY and sliding:
            return "declining", (
                "reason_slide",
                (("percent", _percent(1 - max(0.0, end) / start)), ("weeks", PAST_WEEKS)),
            )
    if n.weeks and n.week_robust >= MIN_WEEKLY and _rose(n.prev, n.week_robust, n.weeks, n.spread):
        if n.prev <= 0:
            return "growing", ("reason_revived", (("week", n.week),))
        return "growing", (
            "reason_more_messages",
            (
                ("week", n.week),
                ("usual", round(n.prev)),
                ("percent", _percent(n.week / n.prev - 1)),
            ),
        )
    if not n.weeks or n.prev < MIN_WEEKLY:
        return "steady", ("reason_quiet", (("week", n.week), ("active", n.active)))
    return "steady", (
        "reason_steady",
        (("week", n.week), ("usual", round(n.prev)), ("active", n.active)),
    )


def _fell(mean: float, week: float, weeks: int, spread: float) -> bool:
    """Whether a week is below DECLINE times the past's weekly `mean` (over `weeks` weeks) by
    at least Z standard errors of Poisson counts over-dispersed by `spread`."""
    error = math.sqrt(spread * (week + mean / weeks))
    return week < DECLINE * mean and mean - week >= Z * error


def _rose(mean: float, week: float, weeks: int, spread: float) -> bool:
    """Whether a week is at least GROW times the past's weekly `mean`, by Z standard errors."""
    error = math.sqrt(spread * (week + mean / weeks))
    return week >= GROW * mean and week - mean >= Z * error


def _slide(daily: list[float], spread: float) -> tuple[float, float, float]:
    """The least-squares line through the weekly totals of `daily` (whole weeks, oldest first):
    fitted start, fitted end, and how many standard errors (Poisson counts over-dispersed by
    `spread`) its slope is below zero."""
    totals = [sum(daily[i : i + WEEK]) for i in range(0, len(daily), WEEK)]
    n = len(totals)
    xs = [i - (n - 1) / 2 for i in range(n)]
    mean = sum(totals) / n
    sxx = sum(x * x for x in xs)
    slope = sum(x * y for x, y in zip(xs, totals, strict=True)) / sxx
    variance = spread * sum(x * x * max(y, 1.0) for x, y in zip(xs, totals, strict=True))
    error = math.sqrt(variance) / sxx
    return mean + xs[0] * slope, mean + xs[-1] * slope, -slope / error


def _dispersion(daily: list[float]) -> float:
    """How much more than Poisson the chat's days swing: the variance of each weekday's count
    across whole weeks (pooled over the seven weekdays, so the weekly rhythm is no swing) over
    the mean daily count; DISPERSION at least, and DISPERSION when under two weeks are seen."""
    weeks = len(daily) // WEEK
    mean = sum(daily) / len(daily) if daily else 0.0
    if weeks < 2 or mean <= 0:
        return DISPERSION
    squares = 0.0
    for j in range(WEEK):
        column = daily[j::WEEK]
        centre = sum(column) / len(column)
        squares += sum((v - centre) ** 2 for v in column)
    return max(DISPERSION, squares / (WEEK * (weeks - 1)) / mean)


def _newcomers(
    by_day: Mapping[date, Day], joiners: Mapping[int, date], today: date
) -> tuple[int, int]:
    """Members who joined in the last JOINER_DAYS days, and how many of them wrote since."""
    recent = {u: d for u, d in joiners.items() if 0 <= (today - d).days <= JOINER_DAYS}
    last_spoke: dict[int, date] = {}
    for d in by_day.values():
        for user, n in d.senders.items():
            if n > 0 and user in recent and d.day > last_spoke.get(user, date.min):
                last_spoke[user] = d.day
    spoke = sum(1 for user, joined in recent.items() if last_spoke.get(user, date.min) >= joined)
    return len(recent), spoke


def _suggest(
    stage: str,
    *,
    active_week: int,
    top_share: float,
    new_members: int,
    new_spoke: int,
    prompts_week: int,
) -> Said:
    quiet_newcomers = new_members >= NEWCOMERS_MIN and new_spoke < SPOKE_LOW * new_members
    few_carry = active_week >= FEW_CARRY_ACTIVE and top_share >= TOP_SHARE_HIGH
    share = (("share", _percent(top_share)), ("top", TOP))
    welcome = ("suggest_welcome", (("joined", new_members), ("silent", new_members - new_spoke)))
    if stage == "dormant":
        return ("suggest_dormant", ())
    if stage == "declining":
        if few_carry:
            return ("suggest_declining_few", share)
        if prompts_week == 0:
            return ("suggest_declining", ())
        return ("suggest_declining_prompted", (("prompts", prompts_week),))
    if quiet_newcomers:
        return welcome
    if stage == "new":
        return ("suggest_new", ())
    if few_carry:
        return ("suggest_few_carry", share)
    if stage == "growing":
        return ("suggest_growing", ())
    return ("suggest_steady", ())


def _index(days: Iterable[Day], today: date) -> dict[date, Day]:
    """Days by date, up to today; two entries for one date are added up."""
    out: dict[date, Day] = {}
    for d in days:
        if d.day > today:
            continue
        seen = out.get(d.day)
        out[d.day] = d if seen is None else _add(seen, d)
    return out


def _add(a: Day, b: Day) -> Day:
    senders = Counter(a.senders)
    senders.update(b.senders)
    return Day(
        a.day,
        messages=a.messages + b.messages,
        replies=a.replies + b.replies,
        joins=a.joins + b.joins,
        leaves=a.leaves + b.leaves,
        removed=a.removed + b.removed,
        complaints=a.complaints + b.complaints,
        prompts=a.prompts + b.prompts,
        senders=dict(senders),
    )


def _count(d: Day | None) -> int:
    return max(0, d.messages) if d is not None else 0


def _messages(days: Iterable[Day | None]) -> int:
    return sum(_count(d) for d in days)


def _sum(days: Iterable[Day | None], name: str) -> int:
    return sum(max(0, int(getattr(d, name))) for d in days if d is not None)


def _senders(days: Iterable[Day | None]) -> set[int]:
    out: set[int] = set()
    for d in days:
        if d is not None:
            out.update(user for user, n in d.senders.items() if n > 0)
    return out


def _trim(counts: list[int]) -> list[float]:
    """The counts with the largest replaced by the mean of the others (one outlier)."""
    out = [float(c) for c in counts]
    if len(out) >= 2:
        top = max(range(len(out)), key=out.__getitem__)
        out[top] = (sum(out) - out[top]) / (len(out) - 1)
    return out


def _trimmed(counts: list[int]) -> float:
    """The total with its largest count replaced by the mean of the others."""
    return sum(_trim(counts))


def _usual_active(weekly: list[int]) -> float:
    """The past's usual distinct senders a week: the average leaving out its busiest week."""
    if len(weekly) < 2:
        return float(sum(weekly))
    return (sum(weekly) - max(weekly)) / (len(weekly) - 1)


def _percent(share: float) -> int:
    return round(100 * share)
