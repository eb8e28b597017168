"""Engagement prompt schedules: what a moderator typed, when it next fires, and whether it is due.

A moderator writes `/schedule add daily 20:00`, `weekdays 9:30`, `weekly mon,thu 18:00` or a
crontab (`cron "0 12 * * 1-5"`). `parse_spec` reads any of these into a `Spec`: one normalised
five-field crontab (as APScheduler's `CronTrigger.from_crontab` reads it) and the form shown back
to the chat. Days of the week are always written as names in the normalised crontab, because
APScheduler 3 counts weekday numbers from Monday = 0 while crontab counts from Sunday = 0: a
typed `1-5` (Monday to Friday in crontab) is stored as `mon-fri`, which both read alike.

Prompts are a courtesy, not a flood: no schedule (and no chat's schedules together) may fire
more than `MAX_PER_DAY` times on any day. A crontab fires on a day at every pair of its minutes
and hours, so a schedule's count per day is the product of the two, whichever days it picks.

`next_run` turns a schedule and the chat's time zone into the next UTC instant, strictly after
a given one. A local time skipped by a spring change fires once, an hour late (at the same UTC
instant the old offset gives); a local time repeated by an autumn change fires only the first
time. `due` says whether a stored run should be posted now, waited for, or skipped because it
was missed by more than the grace (an outage): the caller then asks for the next run after now,
so a missed week is never posted as a burst. Quiet hours are a daily local window, possibly
across midnight, in which the caller holds prompts back. A whole-hour offset (`UTC+3`) is stored
as IANA's `Etc/GMT-3`, whose sign reads backwards: `zone_shown` names it for people.

Pure: no clock (every instant is passed in) and nothing raised for anything a user types; every
refusal is a `ScheduleError` naming a catalogue key under `schedule.` and its values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo, available_timezones

from apscheduler.triggers.cron import CronTrigger

from policies.text import visible

MAX_PER_DAY = 4
GRACE = timedelta(minutes=30)
# Counts and checks run from this fixed instant (a Monday), in UTC, so they never depend on
# when they are asked.
REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)
# The combined check looks at a week (every weekday) and at the first this many days on which
# each schedule fires (a monthly one's days, falling on each weekday in turn).
FIRE_DAYS = 64
# Days are looked for this far ahead: a whole 28-year cycle of weekdays, so a February 29 (the
# rarest day a crontab picks) falls on each weekday within it. Beyond it a schedule never fires.
HORIZON = timedelta(days=29 * 366)
# How much of a user's text an error quotes back.
QUOTED = 40

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKENDS = frozenset({5, 6})

_DAY_WORDS: dict[str, int] = {}
for _index, _words in enumerate(
    (
        "mon monday пн понедельник 周一 星期一 礼拜一",
        "tue tues tuesday вт вторник 周二 星期二 礼拜二",
        "wed weds wednesday ср среда 周三 星期三 礼拜三",
        "thu thur thurs thursday чт четверг 周四 星期四 礼拜四",
        "fri friday пт пятница 周五 星期五 礼拜五",
        "sat saturday сб суббота 周六 星期六 礼拜六",
        "sun sunday вс воскресенье 周日 周天 星期日 星期天 礼拜日 礼拜天",
    )
):
    for _word in _words.split():
        _DAY_WORDS[_word] = _index

_FORMS = {
    "daily": ALL_DAYS,
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "weekends": WEEKENDS,
    "weekend": WEEKENDS,
}
_FILLERS = frozenset({"at", "and", "&"})
# Straight, curly and angle quotes, and the backticks of Telegram's code formatting.
_QUOTES = str.maketrans("", "", "\"'`“”„‟«»‘’‚‛")
_CHINESE_DAY = re.compile(r"(周|星期|礼拜)([一二三四五六日天])")
_SPLIT = re.compile(r"[\s,;、]+")
_CLOCK = re.compile(r"(\d{1,2})(?:[:.h](\d{2}))?(h)?")
_TWELVE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)")
_RANGE = re.compile(r"\s*(?:-|–|—|~|\bto\b|\bдо\b|至|到)\s*")
_OFFSET = re.compile(r"(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?00)?")
# IANA's whole-hour zones: `Etc/GMT-3` is three hours east of UTC (the sign reversed).
_ETC_GMT = re.compile(r"Etc/GMT(?:([+-])(\d{1,2})|0)?", re.IGNORECASE)
_QUIET_OFF = frozenset({"off", "none", "no", "выкл", "нет", "关", "关闭"})


@dataclass(frozen=True, slots=True)
class ScheduleError:
    """Why a schedule, quiet hours or a time zone was refused: a catalogue key under
    `schedule.` and the values its text names."""

    key: str
    values: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class Spec:
    """An accepted schedule: `cron` is a five-field crontab with weekdays as names (minute,
    hour, day, month, day of week, as `CronTrigger.from_crontab` reads it); `shown` is how it is
    displayed back, and reads back as the same spec."""

    cron: str
    shown: str


@dataclass(frozen=True, slots=True)
class Quiet:
    """Daily quiet hours in the chat's local time: from `start` (inclusive) to `end`
    (exclusive), wrapping midnight when `end` is earlier than `start`."""

    start: time
    end: time


def parse_spec(raw: str) -> Spec | ScheduleError:
    """The schedule a moderator typed, or why it cannot be one. Accepts (any case, any spacing)
    `daily 20:00` (or just `20:00`, `8pm`, `20h`), several times `daily 9:00,20:00`,
    `weekdays 9:30`, `weekends 11:00`, `weekly mon,thu 18:00` (English, Russian or Chinese day
    names; ranges like `mon-fri`) and `cron "0 12 * * 1-5"` (quotes optional, straight or
    curly). Never raises."""
    text = _normal(raw)
    if not text:
        return ScheduleError("empty")
    first, _, rest = text.partition(" ")
    if first == "cron":
        return _parse_cron(rest)
    if len(text.split()) == 5 and "*" in text:
        return _parse_cron(text)
    tokens = [t for t in _SPLIT.split(_CHINESE_DAY.sub(r" \1\2 ", text)) if t]
    if not tokens:
        return ScheduleError("empty")
    head = tokens[0]
    if head in _FORMS:
        return _parse_fixed_days(_FORMS[head], tokens[1:])
    if head == "weekly":
        return _parse_weekly(tokens[1:])
    if _day_set(head) is not None:
        return _parse_weekly(tokens)
    if any(c.isdigit() for c in head):
        return _parse_fixed_days(ALL_DAYS, tokens)
    return ScheduleError("unknown_form", (("text", _quote(raw)),))


def too_often(specs: Sequence[Spec], extra: Spec) -> bool:
    """Whether a chat's schedules together with `extra` would fire more than `MAX_PER_DAY`
    times on some day (schedules firing on different days do not add up). Raises ValueError
    for a spec whose crontab CronTrigger cannot read (never one `parse_spec` returned)."""
    profiles = [_profile(spec.cron) for spec in (*specs, extra)]
    if sum(count for count, _ in profiles) <= MAX_PER_DAY:
        return False
    days = {REFERENCE + timedelta(days=i) for i in range(8)}
    for _, day_trigger in profiles:
        fire: datetime | None = day_trigger.get_next_fire_time(None, REFERENCE)
        for _ in range(FIRE_DAYS):
            if fire is None:
                break
            days.add(fire)
            fire = day_trigger.get_next_fire_time(fire, fire)
    for day in sorted(days):
        total = sum(count for count, trigger in profiles if _fires_on(trigger, day))
        if total > MAX_PER_DAY:
            return True
    return False


def next_run(spec: Spec, zone: ZoneInfo, after: datetime) -> datetime:
    """The first run of `spec` in `zone` strictly after `after` (aware), as an aware UTC
    instant. A local time a spring change skips fires an hour late that day; one an autumn
    change repeats fires once. Raises ValueError for a naive `after` or a crontab CronTrigger
    cannot read or that never fires (never one `parse_spec` returned)."""
    if after.tzinfo is None or after.utcoffset() is None:
        raise ValueError("next_run needs an aware datetime")
    # The crontab is read on the zone's wall clock (written as if UTC, where every minute
    # exists once), and each wall time placed in the zone with fold=0: a time a spring change
    # skips lands an hour late, one an autumn change repeats on its first pass. (The trigger
    # in the zone itself skipped a missing time to the next day when another time of the same
    # schedule came first that night: "daily 01:30,02:30" lost its 02:30.)
    # The search starts two hours of wall clock early: a run an hour late after a spring change
    # lies before its wall time ("*/30 2 * * *": 02:30 runs at 03:30, after 03:00's wall time).
    trigger = _trigger(spec.cron, UTC)
    wall = after.astimezone(zone).replace(tzinfo=UTC, fold=0) - timedelta(hours=2)
    for _ in range(24 * 60 + 1):  # a repeated hour holds at most sixty fire times
        fire: datetime | None = trigger.get_next_fire_time(None, wall + timedelta(microseconds=1))
        if fire is None:
            raise ValueError(f"schedule {spec.cron!r} never fires")
        wall = fire
        instant = fire.replace(tzinfo=zone, fold=0).astimezone(UTC)
        if instant > after:
            return instant
    raise ValueError(f"schedule {spec.cron!r} found no run")  # pragma: no cover


def due(
    next_run_at: datetime, now: datetime, grace: timedelta = GRACE
) -> Literal["wait", "post", "skip"]:
    """What to do with a stored run: `wait` before it, `post` once due (up to `grace` late),
    `skip` when it was missed by more than `grace` (the caller then stores
    `next_run(.., after=now)`, so an outage or a clock jump never posts a burst)."""
    if now < next_run_at:
        return "wait"
    if now - next_run_at <= grace:
        return "post"
    return "skip"


def parse_quiet(raw: str) -> Quiet | None | ScheduleError:
    """Quiet hours as a moderator typed them (`23:00-08:00`, `23-8`, `11pm-7am`), None for
    `off`, or why they cannot be quiet hours (a window covering the whole day is refused).
    Never raises."""
    text = _normal(raw)
    if not text:
        return ScheduleError("empty")
    if text in _QUIET_OFF:
        return None
    parts = _RANGE.split(text)
    if len(parts) != 2:
        return ScheduleError("bad_quiet", (("text", _quote(raw)),))
    start = _clock(parts[0].replace(" ", ""), bare=True)
    end = _clock(parts[1].replace(" ", ""), bare=True, midnight=True)
    if start is None or end is None:
        return ScheduleError("bad_quiet", (("text", _quote(raw)),))
    if start == end % (24 * 60):
        return ScheduleError("quiet_whole_day")
    return Quiet(_as_time(start), _as_time(end % (24 * 60)))


def first_outside_quiet(
    spec: Spec, zone: ZoneInfo, quiet: Quiet | None, first: datetime, days: int = 8
) -> datetime | None:
    """The first run from `first` (a run of `spec`) that quiet hours do not skip, looking
    `days` ahead; None when every run in that time falls in them (nothing would be posted)."""
    run, end = first, first + timedelta(days=days)
    for _ in range(MAX_PER_DAY * days * 8):  # a schedule posts at most a few times a day
        if not in_quiet(quiet, run.astimezone(zone)):
            return run
        run = next_run(spec, zone, run)
        if run > end:
            return None
    return None


def quiet_ends(quiet: Quiet | None, zone: ZoneInfo, at: datetime) -> datetime:
    """The first instant from `at` (aware) that quiet hours do not hold back, in UTC: `at`
    itself outside them, else the next end of the quiet hours on the zone's clock."""
    local = at.astimezone(zone)
    if quiet is None or not in_quiet(quiet, local):
        return at.astimezone(UTC)
    end = datetime.combine(local.date(), quiet.end, tzinfo=zone)
    if end <= local.replace(fold=0):
        end = datetime.combine(local.date() + timedelta(days=1), quiet.end, tzinfo=zone)
    return end.astimezone(UTC)


def in_quiet(quiet: Quiet | None, local: datetime) -> bool:
    """Whether the chat's local time `local` falls within its quiet hours (never, without)."""
    if quiet is None:
        return False
    now = local.time().replace(tzinfo=None)
    if quiet.start < quiet.end:
        return quiet.start <= now < quiet.end
    return now >= quiet.start or now < quiet.end


def parse_zone(raw: str) -> ZoneInfo | ScheduleError:
    """The time zone a moderator named: an IANA name in any case (`Europe/Berlin`), `UTC`, or a
    whole-hour offset (`UTC+3`, `+03:00`, `GMT-5`). Never raises."""
    text = unicodedata.normalize("NFKC", visible(raw)).strip()
    if not text:
        return ScheduleError("empty")
    folded = text.casefold().replace("−", "-")
    key: str | None
    if folded in ("utc", "gmt", "z"):
        key = "UTC"
    elif match := _OFFSET.fullmatch(folded):
        hours = int(match[2])
        east = match[1] == "+"
        key = None if hours > (14 if east else 12) else _offset_zone(hours, east)
    else:
        key = _zone_keys().get(folded)
    if key is None:
        return ScheduleError("bad_zone", (("zone", _quote(text)),))
    try:
        return ZoneInfo(key)
    except (ValueError, OSError, KeyError):
        return ScheduleError("bad_zone", (("zone", _quote(text)),))


def zone_shown(key: str | None) -> str:
    """A time zone's name as a person reads it: the whole-hour zones an offset was stored as
    (`Etc/GMT-3`, whose sign POSIX reverses) as `UTC+3`; every other name as it is."""
    if not key:
        return "UTC"
    match = _ETC_GMT.fullmatch(key)
    if match is None:
        return key
    hours = int(match[2] or 0)
    if hours == 0:
        return "UTC"
    return f"UTC{'+' if match[1] == '-' else '-'}{hours}"


def _parse_fixed_days(days: frozenset[int], tokens: list[str]) -> Spec | ScheduleError:
    """`daily`, `weekdays`, `weekends`: times only."""
    minutes: list[int] = []
    for token in tokens:
        if token in _FILLERS:
            continue
        found = _clock(token)
        if found is not None:
            minutes.append(found)
        elif _day_set(token) is not None:
            return ScheduleError("bad_days", (("days", _quote(token)),))
        else:
            return ScheduleError("bad_time", (("time", _quote(token)),))
    return _build(days, minutes)


def _parse_weekly(tokens: list[str]) -> Spec | ScheduleError:
    """`weekly mon,thu 18:00`: days and times in any order."""
    days: set[int] = set()
    minutes: list[int] = []
    for token in tokens:
        if token in _FILLERS:
            continue
        found_days = _day_set(token)
        if found_days is not None:
            days |= found_days
            continue
        found = _clock(token)
        if found is not None:
            minutes.append(found)
        elif any(c.isdigit() for c in token):
            return ScheduleError("bad_time", (("time", _quote(token)),))
        else:
            return ScheduleError("bad_days", (("days", _quote(token)),))
    if not days:
        return ScheduleError("no_days")
    return _build(frozenset(days), minutes)


def _build(days: frozenset[int], minutes: list[int]) -> Spec | ScheduleError:
    """One crontab for times on days: the times must share their minute past the hour."""
    if not minutes:
        return ScheduleError("no_time")
    times = sorted(set(minutes))
    if len(times) > MAX_PER_DAY:
        return ScheduleError("too_often", (("limit", MAX_PER_DAY), ("count", len(times))))
    shown_times = ",".join(f"{m // 60:02d}:{m % 60:02d}" for m in times)
    if len({m % 60 for m in times}) > 1:
        return ScheduleError("mixed_minutes", (("times", shown_times),))
    hours = ",".join(str(m // 60) for m in times)
    cron = f"{times[0] % 60} {hours} * * {_render_days(days)}"
    if days == ALL_DAYS:
        form = "daily"
    elif days == WEEKDAYS:
        form = "weekdays"
    elif days == WEEKENDS:
        form = "weekends"
    else:
        form = f"weekly {_render_days(days)}"
    return Spec(cron, f"{form} {shown_times}")


def _parse_cron(rest: str) -> Spec | ScheduleError:
    """A five-field crontab, weekdays counted the crontab way (0 or 7 = Sunday)."""
    quoted = (("cron", _quote(rest)),)
    fields = rest.translate(_QUOTES).split()
    if len(fields) != 5:
        return ScheduleError("bad_cron", quoted)
    minute, hour, day, month, weekday = fields
    day = "*" if day == "?" else day
    days = _cron_days(weekday)
    if days is None:
        return ScheduleError("bad_cron", quoted)
    if day != "*" and days != ALL_DAYS:
        # Crontab fires on either; APScheduler only when both match: refused as ambiguous.
        return ScheduleError("cron_both_days", quoted)
    cron = f"{minute} {hour} {day} {month} {_render_days(days)}"
    try:
        count, day_trigger = _profile(cron)
        first: datetime | None = day_trigger.get_next_fire_time(None, REFERENCE)
    except Exception:  # APScheduler's refusals are ValueErrors, but a user's text never raises
        return ScheduleError("bad_cron", quoted)
    if first is None:
        return ScheduleError("bad_cron", quoted)
    if count > MAX_PER_DAY:
        return ScheduleError("too_often", (("limit", MAX_PER_DAY), ("count", count)))
    return Spec(cron, f"cron {cron}")


def _cron_days(field: str) -> frozenset[int] | None:
    """A crontab day-of-week field (numbers with 0 and 7 = Sunday, names, lists, ranges, also
    wrapping ones like `fri-mon`, steps) as days counted from Monday = 0; None if unreadable."""
    if field in ("*", "?"):
        return ALL_DAYS
    found: set[int] = set()
    for part in field.split(","):
        base, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not (step_text.isdecimal() and len(step_text) <= 2 and 1 <= int(step_text) <= 7):
                return None
            step = int(step_text)
        if base == "*":
            low, high = 0, 6
        else:
            first, dash, last = base.partition("-")
            low_or_none = _cron_day(first)
            high_or_none = _cron_day(last) if dash else (6 if slash else low_or_none)
            if low_or_none is None or high_or_none is None:
                return None
            low, high = low_or_none, high_or_none
        if low == 7:  # Sunday written as 7 starts the week
            low, high = 0, 0 if high == 7 else high
        if low <= high:
            numbers = list(range(low, high + 1))
        else:
            numbers = [*range(low, 7), *range(0, high + 1)]
        found |= {(n + 6) % 7 for n in numbers[::step]}
    return frozenset(found)


def _cron_day(text: str) -> int | None:
    """One crontab weekday (0-7, Sunday = 0 and 7, or a name) in crontab numbering."""
    if text.isdecimal() and len(text) <= 2:
        return int(text) if int(text) <= 7 else None
    index = _DAY_WORDS.get(text)
    return None if index is None else (index + 1) % 7


def _day_set(token: str) -> frozenset[int] | None:
    """A day name or a range of them (`mon-fri`, `fri-mon`), counted from Monday = 0."""
    if token in _DAY_WORDS:
        return frozenset({_DAY_WORDS[token]})
    first, dash, last = token.partition("-")
    if not dash or first not in _DAY_WORDS or last not in _DAY_WORDS:
        return None
    low, high = _DAY_WORDS[first], _DAY_WORDS[last]
    return frozenset((low + i) % 7 for i in range((high - low) % 7 + 1))


def _render_days(days: frozenset[int]) -> str:
    """Days as crontab names, runs of three or more as ranges: `mon-fri`, `mon,thu`, `*`."""
    if days == ALL_DAYS:
        return "*"
    parts: list[str] = []
    ordered = sorted(days)
    run_start = 0
    for i, day in enumerate(ordered):
        if i + 1 < len(ordered) and ordered[i + 1] == day + 1:
            continue
        run = ordered[run_start : i + 1]
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
        run_start = i + 1
    return ",".join(parts)


def _clock(token: str, *, bare: bool = False, midnight: bool = False) -> int | None:
    """Minutes past midnight of `20:00`, `9.30`, `20h`, `20h30`, `8pm`, `8:30am` (and a bare
    hour `20` when `bare`; `24:00` as 1440 when `midnight`), or None."""
    twelve = _TWELVE.fullmatch(token)
    if twelve:
        hour, minute = int(twelve[1]), int(twelve[2] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return (hour % 12 + (12 if twelve[3] == "pm" else 0)) * 60 + minute
    clock = _CLOCK.fullmatch(token)
    if not clock or (clock[2] is None and clock[3] is None and not bare):
        return None
    if clock[3] is not None and clock[2] is not None:
        return None  # `20:30h`
    hour, minute = int(clock[1]), int(clock[2] or 0)
    if midnight and hour == 24 and minute == 0:
        return 24 * 60
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def _as_time(minutes: int) -> time:
    """Minutes past midnight as a clock time."""
    return time(minutes // 60, minutes % 60)


def _normal(raw: str) -> str:
    """Invisible characters dropped (a zero-width space pasted with a time), compatibility
    forms folded (full-width digits and colons), case folded, `p.m.` as `pm`, `8 pm` as
    `8pm`, spaces collapsed."""
    text = unicodedata.normalize("NFKC", visible(raw)).casefold()
    text = text.replace("a.m.", "am").replace("p.m.", "pm")
    text = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", text)
    return " ".join(text.split())


def _quote(text: str) -> str:
    """A user's text as an error quotes it: trimmed and short."""
    text = " ".join(text.split())
    return text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"


def _repeated(fire: datetime) -> bool:
    """Whether a local fire time is the second pass through an hour an autumn change repeats."""
    return fire.fold == 1 and fire.replace(fold=0).utcoffset() != fire.utcoffset()


def _fires_on(day_trigger: Any, day: datetime) -> bool:
    """Whether a schedule's day trigger (firing at midnight UTC on its days) fires on `day`."""
    fire: datetime | None = day_trigger.get_next_fire_time(None, day)
    return fire == day


def _offset_zone(hours: int, east: bool) -> str:
    """The IANA name of a whole-hour offset (its sign is reversed in `Etc/GMT` names)."""
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{'-' if east else '+'}{hours}"


@lru_cache(maxsize=1)
def _zone_keys() -> dict[str, str]:
    """IANA zone names by their case-folded form (the machine's own `localtime` left out)."""
    return {key.casefold(): key for key in available_timezones() if key != "localtime"}


@lru_cache(maxsize=512)
def _trigger(cron: str, zone: ZoneInfo) -> Any:
    """The CronTrigger of a normalised crontab in a zone (triggers keep no state)."""
    return CronTrigger.from_crontab(cron, timezone=zone)


@lru_cache(maxsize=512)
def _profile(cron: str) -> tuple[int, Any]:
    """How many times a crontab fires on each day it fires (its minutes times its hours), and
    a trigger firing at midnight UTC on exactly those days."""
    minute, hour, day, month, weekday = cron.split()
    CronTrigger.from_crontab(cron, timezone=UTC)  # validates the whole expression
    minutes = _count_within(f"{minute} 0 * * *", timedelta(hours=1))
    hours = _count_within(f"0 {hour} * * *", timedelta(days=1))
    days = CronTrigger(
        minute="0",
        hour="0",
        day=day,
        month=month,
        day_of_week=weekday,
        timezone=UTC,
        end_date=REFERENCE + HORIZON,
    )
    return minutes * hours, days


def _count_within(cron: str, span: timedelta) -> int:
    """How many times a crontab fires from REFERENCE for `span` (an hour of minutes or a day of
    hours: at most 60 steps)."""
    trigger = CronTrigger.from_crontab(cron, timezone=UTC)
    count = 0
    fire: datetime | None = trigger.get_next_fire_time(None, REFERENCE)
    while fire is not None and fire < REFERENCE + span:
        count += 1
        fire = trigger.get_next_fire_time(fire, fire)
    return count
