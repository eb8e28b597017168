"""Herd detection in simulated group-days: how soon a complaint surge is flagged, how often not.

    python -c "import benchmarks.herd_sim as h; h.main()"

Ordinary chatter and a background of occasional true complaints run through many simulated days
of groups of 20 to 5,000 members; into some, a surge of complaints is injected. Every message
draws a text from the real pool of its class in `../shared/corpus` (true complaints from
`complaint_zh.jsonl`, ordinary chat from `ham_en/ru/zh.jsonl` and `noncomplaint_zh.jsonl`, each
line once), judged by `policies.complaints.find` once up front; only messages it calls a hit
become complaint events, so its misses delay detection and its false hits in chatter are
background noise.

Groups: ordinary messages grow with size (2 a member a day at 20 members down to 0.5, at most
3,000 a day) with a daily cycle, written mostly by a few talkers; true background complaints
come from random members (Poisson). A surge's complaints arrive as a Poisson process from
members new to it (one in five from a member who already complained in it); three in ten reply
to an earlier surge complaint.

The detector is fed as the bot will feed it: per-chat windows of one-minute buckets keyed by
user id (`complaint` per hit; `complaint_follow` for a reply to a complaint the bot recognised,
or, with `Rules.follow_within`, for a complaint soon after another member's),
`HerdDetector.judge_chat` after each complaint event and every five minutes (the periodic job),
its state carried forward. A periodic call is skipped only when it cannot say anything: the
chat is calm and nobody complained in the last half hour. `Rules` also carries the chat's
policy, so other thresholds can be tried.

Printed:

1. false alarms per 30 group-days (every alert, any level) by group size and background rate
   (true complaints a day), after seven warm-up days so the baseline is real;
2. detection of 60-minute surges of 0.2 to 5 complaints a minute after seven days of background:
   the share flagged within the surge, by its 3rd and by its 5th distinct true complainer, and
   the median and p90 of distinct true complainers and minutes from its first complaint to the
   first alert (a surge not flagged counts as infinitely late).

Aim (issue): a surge of one complaint a minute or faster flagged by its fifth distinct
complainer (goal: third); at most one false alarm per 30 group-days with up to five complaints a
day in the background. Skips when `../shared` is absent.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from benchmarks.complaint_quality import _judge, _texts
from benchmarks.poaching_quality import CORPUS, SHARED
from policies import ChatPolicy
from policies.chatlevel import Windows
from policies.herd import COMPLAINT, FOLLOW, KINDS, HerdDetector, State

MINUTE = 60
DAY = 24 * 60 * MINUTE
TICK = 5 * MINUTE  # the periodic job
SHORT = 30 * MINUTE  # the detector's short window
BASELINE = 7 * DAY  # and its baseline
START = datetime(2026, 1, 5, tzinfo=UTC)
CHAT_ID = -1001
WARMUP_DAYS = 7

SIZES = (20, 200, 1000, 5000)
BACKGROUND_RATES = (0.0, 1.0, 3.0, 5.0)
BACKGROUND_DAYS = 120  # counted per cell, after the warm-up
SURGE_SPEEDS = (0.2, 0.5, 1.0, 2.0, 5.0)  # complaints a minute
SURGE_MINUTES = 60
SURGE_BACKGROUND = 5.0  # the worst background the aim allows
SURGE_RUNS = 20
REPEAT_SHARE = 0.2  # surge complaints from a member who already complained in it
REPLY_SHARE = 0.3  # surge messages replying to an earlier surge complaint

# Ordinary messages per member a day: small groups talk more per head; a big group is capped.
PER_MEMBER_MAX, PER_MEMBER_MIN, MESSAGES_CAP = 2.0, 0.5, 3000.0
# Relative activity per hour of the day (quiet at night, busiest in the evening).
HOURLY = (
    *(0.5, 0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.7, 1.0, 1.2, 1.3, 1.3),
    *(1.4, 1.3, 1.2, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.6, 1.3, 0.9),
)
_HOURLY_CUM = tuple(sum(HOURLY[: i + 1]) for i in range(24))
_HOURS = tuple(range(24))
# Talkers: member i writes in proportion to 1 / (i + 1) ** ZIPF.
ZIPF = 0.9


@dataclass(frozen=True, slots=True)
class Pools:
    """The classifier's verdicts (True: a hit) on each text of a class, drawn from per message."""

    complaints: tuple[bool, ...]
    ordinary: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """A simulated group: members, and true complaints a day in the background (Poisson)."""

    size: int
    complaints_per_day: float = 0.0


@dataclass(frozen=True, slots=True)
class Surge:
    """A surge: its first complaint at `start` (seconds), then `per_minute` on average."""

    start: int
    per_minute: float
    minutes: int = SURGE_MINUTES

    @property
    def end(self) -> int:
        """When the last surge complaint may come."""
        return self.start + self.minutes * MINUTE


@dataclass(frozen=True, slots=True)
class Rules:
    """How the detector is set and fed: the chat's policy (its thresholds), and how soon after
    another member's recognised complaint a complaint also counts as following it (seconds;
    0: only a reply to a recognised complaint follows one)."""

    policy: ChatPolicy = field(default_factory=ChatPolicy)
    follow_within: int = 0


DEFAULT_RULES = Rules()


@dataclass(frozen=True, slots=True)
class Event:
    """One detector input: a window count for a member at a time (seconds from the start)."""

    at: int
    kind: str
    key: str
    source: str  # "chatter" (a false hit), "background" (a true complaint) or "surge"


@dataclass(frozen=True, slots=True)
class Alert:
    """An alert the detector raised: when, at which level, and whether it opened a thread."""

    at: int
    level: str
    opened: bool


@dataclass(frozen=True, slots=True)
class Run:
    """One simulated group: its detector inputs, its alerts, and every true surge complaint
    (time, author), recognised or not."""

    events: tuple[Event, ...]
    alerts: tuple[Alert, ...]
    surge_log: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Detection:
    """A surge's first alert: distinct true complainers by then, minutes after it began."""

    complainers: int
    minutes: float
    level: str


# --- drawing -----------------------------------------------------------------------------------


def messages_per_day(size: int) -> float:
    """Ordinary messages a day in a group of `size` members."""
    per_member = PER_MEMBER_MAX - 0.5 * math.log10(max(1.0, size / 20))
    per_member = min(PER_MEMBER_MAX, max(PER_MEMBER_MIN, per_member))
    return min(MESSAGES_CAP, size * per_member)


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth below 30, the normal approximation above)."""
    if lam <= 0:
        return 0
    if lam >= 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def second_of_day(rng: random.Random) -> int:
    """A moment of the day, following the daily cycle."""
    hour = rng.choices(_HOURS, cum_weights=_HOURLY_CUM)[0]
    return hour * 3600 + rng.randrange(3600)


@lru_cache(maxsize=16)
def _talker_weights(size: int) -> tuple[float, ...]:
    total, out = 0.0, []
    for i in range(size):
        total += 1.0 / (i + 1) ** ZIPF
        out.append(total)
    return tuple(out)


def member_key(index: int) -> str:
    """A member's user id as the windows key it."""
    return str(100_000 + index)


def talker(rng: random.Random, size: int) -> str:
    """The author of an ordinary message (a few members write most)."""
    return member_key(rng.choices(range(size), cum_weights=_talker_weights(size))[0])


# --- inputs ------------------------------------------------------------------------------------


def background_events(rng: random.Random, group: Group, pools: Pools, days: int) -> list[Event]:
    """`days` of ordinary chatter and background complaints: the complaint hits among them."""
    events: list[Event] = []
    for day in range(days):
        base = day * DAY
        sent = poisson(rng, messages_per_day(group.size))
        for _ in range(sum(rng.choices(pools.ordinary, k=sent))):
            at = base + second_of_day(rng)
            events.append(Event(at, COMPLAINT, talker(rng, group.size), "chatter"))
        for _ in range(poisson(rng, group.complaints_per_day)):
            author = member_key(rng.randrange(group.size))
            at = base + second_of_day(rng)
            if rng.choice(pools.complaints):
                events.append(Event(at, COMPLAINT, author, "background"))
    return events


def surge_events(
    rng: random.Random, size: int, pools: Pools, surge: Surge
) -> tuple[list[Event], list[tuple[int, str]]]:
    """A surge's detector inputs, and its every true complaint (time, author)."""
    fresh = rng.sample(range(size), size)
    joined: list[str] = []
    recognised: list[bool] = []  # per earlier surge message: the bot saw a complaint
    events: list[Event] = []
    log: list[tuple[int, str]] = []
    at = float(surge.start)
    while at < surge.end:
        if fresh and not (joined and rng.random() < REPEAT_SHARE):
            author = member_key(fresh.pop())
            joined.append(author)
        else:
            author = rng.choice(joined)
        second = int(at)
        hit = rng.choice(pools.complaints)
        if recognised and rng.random() < REPLY_SHARE and rng.choice(recognised):
            events.append(Event(second, FOLLOW, author, "surge"))
        if hit:
            events.append(Event(second, COMPLAINT, author, "surge"))
        recognised.append(hit)
        log.append((second, author))
        at += rng.expovariate(surge.per_minute) * MINUTE
    return events, log


# --- the detector, fed as the bot feeds it ------------------------------------------------------


@dataclass(slots=True)
class Feed:
    """A chat's windows and detector state, as the bot keeps them, and the alerts raised."""

    rules: Rules = DEFAULT_RULES
    detector: HerdDetector = field(default_factory=HerdDetector)
    counts: dict[str, dict[str, dict[datetime, int]]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS}
    )
    state: str | None = None
    level: str = "calm"
    last_complaint: int = -DAY  # the bucket start of the latest complaint
    last_author: tuple[int, str] | None = None  # the latest complaint's second and author
    pruned: int = 0
    alerts: list[Alert] = field(default_factory=list)

    def add(self, event: Event) -> None:
        """Count one event in its one-minute bucket, then judge (the bot does on a complaint)."""
        if event.kind == COMPLAINT:
            if self._follows(event):
                self.count(FOLLOW, event)
            self.last_complaint = event.at - event.at % MINUTE
            self.last_author = (event.at, event.key)
        self.count(event.kind, event)
        self.judge(event.at)

    def count(self, kind: str, event: Event) -> None:
        """One more for the event's author in its minute."""
        buckets = self.counts[kind].setdefault(event.key, {})
        when = START + timedelta(seconds=event.at - event.at % MINUTE)
        buckets[when] = buckets.get(when, 0) + 1

    def _follows(self, event: Event) -> bool:
        last, within = self.last_author, self.rules.follow_within
        return bool(within and last and last[1] != event.key and event.at - last[0] <= within)

    def tick(self, now: int) -> None:
        """The periodic job (skipped when calm and nobody complained in the last half hour, where
        the detector could only answer calm)."""
        if now - self.pruned >= DAY:
            self.prune(now)
        if self.level == "calm" and self.last_complaint < now - SHORT:
            return
        self.judge(now)

    def judge(self, now: int) -> None:
        """Ask the detector; keep its state and any alert."""
        windows = Windows(CHAT_ID, self.counts)
        decision = self.detector.judge_chat(
            windows, self.rules.policy, START + timedelta(seconds=now), self.state
        )
        for action in decision.actions:
            if action.kind == "alert" and action.alert is not None:
                level = action.alert.text.removeprefix("herd.")
                self.alerts.append(Alert(now, level, self.level == "calm"))
        self.state = decision.state
        self.level = State.decode(decision.state).level

    def prune(self, now: int) -> None:
        """Drop buckets older than the detector ever reads (the store's retention)."""
        oldest = START + timedelta(seconds=now - BASELINE - SHORT)
        for keys in self.counts.values():
            for key in list(keys):
                kept = {at: n for at, n in keys[key].items() if at >= oldest}
                if kept:
                    keys[key] = kept
                else:
                    del keys[key]
        self.pruned = now


def replay(events: Sequence[Event], end: int, rules: Rules = DEFAULT_RULES) -> list[Alert]:
    """Feed one chat's events in time order, with the periodic job every five minutes."""
    feed = Feed(rules)
    tick = TICK
    for event in sorted(events, key=lambda e: e.at):
        if event.at > end:
            break
        while tick <= event.at:
            feed.tick(tick)
            tick += TICK
        feed.add(event)
    while tick <= end:
        feed.tick(tick)
        tick += TICK
    return feed.alerts


def simulate(
    rng: random.Random,
    group: Group,
    pools: Pools,
    days: int,
    surge: Surge | None = None,
    rules: Rules = DEFAULT_RULES,
) -> Run:
    """One group's `days` (and a surge, if any): its detector inputs and the alerts raised."""
    events = background_events(rng, group, pools, days)
    log: list[tuple[int, str]] = []
    if surge is not None:
        more, log = surge_events(rng, group.size, pools, surge)
        events.extend(more)
    alerts = replay(events, days * DAY, rules)
    return Run(tuple(events), tuple(alerts), tuple(log))


def detection(run: Run, surge: Surge) -> Detection | None:
    """The surge's first alert (from its start to half an hour after its end), or None."""
    first = next((a for a in run.alerts if surge.start <= a.at <= surge.end + SHORT), None)
    if first is None:
        return None
    complainers = len({key for at, key in run.surge_log if at <= first.at})
    return Detection(complainers, (first.at - surge.start) / MINUTE, first.level)


def surge_run(
    rng: random.Random,
    group: Group,
    pools: Pools,
    per_minute: float,
    warmup: int = WARMUP_DAYS,
    rules: Rules = DEFAULT_RULES,
) -> Detection | None:
    """A surge at a random daytime moment after `warmup` days of background: its detection."""
    surge = Surge(warmup * DAY + rng.randrange(9 * 3600, 21 * 3600), per_minute)
    run = simulate(rng, group, pools, warmup + 1, surge, rules)
    return detection(run, surge)


# --- the corpus and the tables -----------------------------------------------------------------


def load_pools() -> Pools | None:
    """The classifier's verdicts on the shared corpus (None when it is absent); prints rates."""
    if not CORPUS.is_dir():
        return None
    policy = ChatPolicy()
    rates = []
    verdicts: dict[str, tuple[bool, ...]] = {}
    names = ("complaint_zh", "ham_en", "ham_ru", "ham_zh", "noncomplaint_zh")
    for name in names:
        verdicts[name] = tuple(_judge(t, policy).level == "hit" for t in _texts(f"{name}.jsonl"))
        hits = verdicts[name]
        rates.append(f"{name} {sum(hits) / max(1, len(hits)):.2%} of {len(hits)}")
    ordinary = tuple(v for name in names[1:] for v in verdicts[name])
    print("classifier hits: " + ", ".join(rates))
    print(
        f"chatter pool (the four non-complaint files, one draw per line): "
        f"{sum(ordinary) / max(1, len(ordinary)):.3%} false hits"
    )
    if not verdicts["complaint_zh"] or not ordinary:
        return None
    return Pools(verdicts["complaint_zh"], ordinary)


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _show(value: float, digits: int = 0) -> str:
    return "miss" if math.isinf(value) else f"{value:.{digits}f}"


def background_table(
    pools: Pools, days: int = BACKGROUND_DAYS, rules: Rules = DEFAULT_RULES
) -> dict[tuple[int, float], float]:
    """Print false alarms per 30 group-days per size and background rate; return them."""
    print(
        f"\nfalse alarms per 30 group-days (every alert, any level; {WARMUP_DAYS} warm-up days, "
        f"then {days} counted days per cell)"
    )
    head = "".join(f"  bg {r:g}/day" for r in BACKGROUND_RATES)
    print(f"  {'members':>7}  {'msgs/day':>8}  {'false hits/day':>14}{head}   levels")
    out: dict[tuple[int, float], float] = {}
    for size in SIZES:
        cells, levels, chatter = [], dict.fromkeys(("watch", "warning", "critical"), 0), 0
        for rate in BACKGROUND_RATES:
            rng = random.Random(f"background-{size}-{rate}")
            run = simulate(rng, Group(size, rate), pools, WARMUP_DAYS + days, rules=rules)
            counted = [a for a in run.alerts if a.at >= WARMUP_DAYS * DAY]
            for alert in counted:
                levels[alert.level] += 1
            chatter += sum(e.source == "chatter" for e in run.events)
            out[size, rate] = len(counted) * 30 / days
            cells.append(f"{out[size, rate]:>11.2f}")
        per_day = chatter / (len(BACKGROUND_RATES) * (WARMUP_DAYS + days))
        shown = " ".join(f"{k[0]}{v}" for k, v in levels.items())
        print(
            f"  {size:>7}  {messages_per_day(size):>8.0f}  {per_day:>14.1f}{''.join(cells)}"
            f"   {shown}"
        )
    return out


def surge_table(
    pools: Pools, runs: int = SURGE_RUNS, rules: Rules = DEFAULT_RULES
) -> dict[tuple[int, float], list[Detection | None]]:
    """Print surge detection per size and speed; return each run's detection."""
    print(
        f"\nsurge detection ({SURGE_MINUTES}-minute surges after {WARMUP_DAYS} days with "
        f"{SURGE_BACKGROUND:g} complaints/day in the background; {runs} runs per row; "
        f"complainers = distinct true complainers by the first alert, minutes from the surge's "
        f"first complaint)"
    )
    print(
        f"  {'members':>7}  {'per min':>7}  {'flagged':>7}  {'by 3rd':>6}  {'by 5th':>6}"
        f"  {'complainers med/p90':>19}  {'minutes med/p90':>15}  first level"
    )
    out: dict[tuple[int, float], list[Detection | None]] = {}
    for size in SIZES:
        group = Group(size, SURGE_BACKGROUND)
        for speed in SURGE_SPEEDS:
            out[size, speed] = [
                surge_run(
                    random.Random(f"surge-{size}-{speed}-{i}"), group, pools, speed, rules=rules
                )
                for i in range(runs)
            ]
            _surge_row(size, speed, out[size, speed])
    return out


def _by(found: Sequence[Detection | None], complainers: int) -> float:
    """The share of surges flagged by their `complainers`-th distinct true complainer."""
    return sum(d is not None and d.complainers <= complainers for d in found) / max(1, len(found))


def _surge_row(size: int, speed: float, found: Sequence[Detection | None]) -> None:
    who = [d.complainers if d else math.inf for d in found]
    mins = [d.minutes if d else math.inf for d in found]
    flagged = sum(d is not None for d in found) / max(1, len(found))
    levels = sorted({d.level for d in found if d})
    print(
        f"  {size:>7}  {speed:>7g}  {flagged:>7.0%}  {_by(found, 3):>6.0%}  {_by(found, 5):>6.0%}"
        f"  {_show(_percentile(who, 0.5)):>9} / {_show(_percentile(who, 0.9)):<7}"
        f"  {_show(_percentile(mins, 0.5), 1):>7} / {_show(_percentile(mins, 0.9), 1):<5}"
        f"  {','.join(levels)}"
    )


def _aims(
    alarms: dict[tuple[int, float], float],
    surges: dict[tuple[int, float], list[Detection | None]],
) -> None:
    fast = [d for (_, speed), found in surges.items() if speed >= 1.0 for d in found]
    (size, rate), worst = max(alarms.items(), key=lambda item: item[1])
    within = sum(v <= 1.0 for v in alarms.values())
    print(
        f"\naim: surges of >= 1/min, all sizes ({len(fast)} runs): flagged by the 5th "
        f"complainer {_by(fast, 5):.0%} (aim 100%), by the 3rd {_by(fast, 3):.0%} (goal 100%)"
    )
    print(
        f"aim: <= 1 false alarm per 30 group-days with <= 5 complaints/day: {within}/"
        f"{len(alarms)} cells; worst {worst:.2f} ({size} members, {rate:g} complaints/day)"
    )


def main() -> None:
    """Run and print."""
    start = time.perf_counter()
    pools = load_pools()
    if pools is None:
        print(f"herd_sim: skipped, {SHARED} is absent (no shared corpus)")
        return
    _aims(background_table(pools), surge_table(pools))
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
