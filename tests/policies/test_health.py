"""Group health: stages and their boundaries, robust comparisons, suggestions, alerts, texts."""

from __future__ import annotations

import random
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from policies.health import STAGES, Day, Health, assess, decline_alert

TODAY = date(2026, 3, 2)  # a Monday
LOCALES = Path(__file__).resolve().parents[2] / "bot" / "locales"
LANGS = ("en", "ru", "zh")


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def spread(messages: int, members: int, first: int = 1) -> dict[int, int]:
    """`messages` shared as evenly as can be among members first .. first + members - 1."""
    if messages <= 0:
        return {}
    base, extra = divmod(messages, members)
    out = {first + i: base + (1 if i < extra else 0) for i in range(members)}
    return {user: n for user, n in out.items() if n}


def activity(counts: Mapping[int, int], members: int = 10, **extra: int) -> list[Day]:
    """Days from {days before today: messages}, each day's messages spread over `members`."""
    return [
        Day(ago(offset), messages=n, senders=spread(n, members), **extra)
        for offset, n in sorted(counts.items())
        if n
    ]


def flat(per_day: int, first: int = 1, last: int = 35) -> dict[int, int]:
    return dict.fromkeys(range(first, last + 1), per_day)


def weekly(week: int, per_day_before: int = 10) -> dict[int, int]:
    """Four past weeks at `per_day_before` a day and a last week of `week` messages."""
    base, extra = divmod(week, 7)
    last = {offset: base + (1 if offset <= extra else 0) for offset in range(1, 8)}
    return {**flat(per_day_before, 8, 35), **last}


def judge(
    days: list[Day], *, history: int = 40, joiners: Mapping[int, date] | None = None
) -> Health:
    return assess(days, TODAY, first_seen=ago(history), joiners=joiners or {})


@pytest.mark.parametrize(
    ("counts", "history", "stage", "reason"),
    [
        (flat(10), 13, "new", "reason_new"),  # under two weeks seen: nothing to compare
        (flat(10), 14, "steady", "reason_steady"),  # two weeks: judged, one past week
        (flat(0), 14, "dormant", "reason_dormant"),
        (flat(10, 15), 40, "dormant", "reason_dormant"),  # a silent fortnight after a busy month
        ({**flat(10, 15), 3: 3}, 40, "dormant", "reason_dormant"),  # almost no messages
        ({**flat(10, 15), 3: 4}, 40, "declining", "reason_fewer_messages"),  # a few is a fall
        (weekly(41), 40, "declining", "reason_fewer_messages"),  # 41 of 70: under 60%
        (weekly(42), 40, "steady", "reason_steady"),  # 42 of 70: exactly 60%
        (weekly(105), 40, "growing", "reason_more_messages"),  # 1.5 times
        (weekly(104), 40, "steady", "reason_steady"),
        (flat(1), 40, "steady", "reason_quiet"),  # seven a week: too quiet to read a trend
        (weekly(4, 1), 40, "steady", "reason_quiet"),  # falling, but from too little
        ({**flat(0, 8, 35), **flat(5, 1, 7)}, 40, "growing", "reason_revived"),
        (weekly(35, 2), 40, "growing", "reason_more_messages"),  # 14 a week before
    ],
    ids=[
        "new-13-days",
        "judged-at-14-days",
        "dormant-never-spoke",
        "dormant-after-busy-month",
        "dormant-3-messages",
        "not-dormant-4-messages",
        "declining-59pct",
        "steady-60pct",
        "growing-150pct",
        "steady-149pct",
        "quiet",
        "quiet-fall-not-judged",
        "revived",
        "growing-from-little",
    ],
)
def test_stages_and_their_boundaries(
    counts: dict[int, int], history: int, stage: str, reason: str
) -> None:
    health = judge(activity(counts), history=history)
    assert (health.stage, health.reason[0]) == (stage, reason)
    assert health.days_of_history == history


def test_small_groups_need_a_fall_beyond_chance() -> None:
    """Two a day falling to one a day is under 60%, but a small count's swing: steady; the same
    halving at twenty a day is a decline."""
    small = judge(activity(weekly(7, 2)))
    assert small.trend == pytest.approx(0.5) and small.stage == "steady"
    big = judge(activity(weekly(70, 20)))
    assert big.trend == pytest.approx(0.5) and big.stage == "declining"


def test_the_numbers() -> None:
    days = activity(weekly(35, 10), members=5)
    days.append(Day(TODAY, messages=3, senders={7: 2, 8: 1}))  # today: not part of the week
    health = judge(days)
    assert health.messages_week == 35 and health.messages_prev == 70.0
    assert health.active_week == 5 and health.active_prev == 5.0 and health.active_today == 2
    assert health.per_member == 7.0 and health.trend == 0.5
    assert health.top_share == pytest.approx(0.6)  # three of five equal writers
    assert health.weeks_compared == 4


def test_past_weeks_only_as_far_as_steward_has_seen() -> None:
    """Days before the chat was first seen are no past; three weeks seen, one past week."""
    health = judge(activity(flat(10)), history=21)
    assert health.weeks_compared == 2 and health.messages_prev == 70.0
    assert judge(activity(flat(10)), history=20).weeks_compared == 1
    assert judge(activity(flat(10)), history=400).weeks_compared == 4


def test_sparse_days_are_days_without_activity() -> None:
    sparse = activity({1: 5, 9: 50, 30: 7})
    dense = sparse + [Day(ago(n)) for n in range(1, 36) if n not in (1, 9, 30)]
    random.Random(1).shuffle(dense)
    assert judge(dense) == judge(sparse)


def test_two_entries_for_one_day_are_added_up() -> None:
    split = [
        Day(ago(2), messages=3, senders={1: 3}),
        Day(ago(2), messages=4, senders={1: 1, 2: 3}),
        Day(ago(40), messages=9, senders={1: 9}),  # outside every window
    ]
    health = judge(split)
    assert health.messages_week == 7 and health.active_week == 2
    assert health.top_share == 1.0


def test_days_after_today_are_ignored() -> None:
    health = judge([*activity(flat(10)), Day(TODAY + timedelta(days=1), messages=999)])
    assert health == judge(activity(flat(10)))


def seasonal(weekday: int, weekend: int, days: int = 60) -> list[Day]:
    counts = {}
    for offset in range(-14, days):  # the fortnight ahead is judged too
        n = weekend if ago(offset).weekday() >= 5 else weekday
        counts[offset] = n
    return [Day(ago(o), messages=n, senders=spread(n, 12)) for o, n in counts.items() if n]


@pytest.mark.parametrize(("weekday", "weekend"), [(30, 2), (3, 40)], ids=["work", "hobby"])
def test_a_weekly_rhythm_never_alarms(weekday: int, weekend: int) -> None:
    """A group quiet every weekend (or busy only then) is steady whichever day it is judged."""
    days = seasonal(weekday, weekend)
    for shift in range(14):
        today = TODAY + timedelta(days=shift)
        health = assess(days, today, first_seen=ago(60), joiners={})
        assert health.stage == "steady", today


def test_a_chat_that_always_swung_needs_a_larger_fall() -> None:
    """Two chats of 140 messages a week fall to 80: one wrote 20 every day, the other 40 or
    nothing, day by day; only the first fall is beyond the chat's own swing."""
    even = judge(activity(weekly(80, 20)))
    swinging = {7 * w + 1 + i: 40 * ((i + w) % 2) for w in range(1, 5) for i in range(7)}
    swung = judge(activity({**weekly(80, 20), **swinging}))
    assert even.trend == swung.trend == pytest.approx(80 / 140)
    assert (even.stage, swung.stage) == ("declining", "steady")


def test_one_noisy_day_in_the_past_is_no_fall() -> None:
    """A giveaway day of 300 messages in the past does not make an ordinary week a decline."""
    counts = {**flat(10), 20: 300}
    health = judge(activity(counts))
    assert health.trend is not None and health.trend < 0.6  # the plain average would alarm
    assert health.stage == "steady"


def test_one_busy_day_is_no_growth() -> None:
    health = judge(activity({**flat(10), 3: 120}))
    assert health.trend is not None and health.trend > 1.5
    assert health.stage == "steady"


def rotating(first: int, last: int, per_day: int, pool: int) -> list[Day]:
    """Days whose writers rotate through a pool of `pool` members, one message each."""
    out = []
    for offset in range(first, last + 1):
        start = (offset * per_day) % pool
        senders = {1 + (start + i) % pool: 1 for i in range(per_day)}
        out.append(Day(ago(offset), messages=per_day, senders=senders))
    return out


def test_fewer_members_writing_is_a_decline() -> None:
    """As many messages as ever, but from 5 members instead of 20."""
    days = rotating(8, 35, 10, 20) + rotating(1, 7, 10, 5)
    health = judge(days)
    assert health.messages_week == 70 and health.messages_prev == 70.0
    assert health.active_week == 5 and health.active_prev == 20.0
    assert (health.stage, health.reason[0]) == ("declining", "reason_fewer_members")
    assert dict(health.reason[1])["percent"] == 75


def test_a_slow_slide_is_a_decline() -> None:
    """Down 1.5% a day for five weeks: no week is at 60% of the four before it, yet it slides."""
    days = activity({o: round(100 * 0.985 ** (35 - o)) for o in range(1, 36)})
    health = judge(days)
    assert health.trend is not None and health.trend > 0.6
    assert (health.stage, health.reason[0]) == ("declining", "reason_slide")
    percent = dict(health.reason[1])["percent"]
    assert isinstance(percent, int) and 25 <= percent <= 40


def test_one_bad_week_after_flat_weeks_is_no_slide() -> None:
    """A big group's week at 65% of four flat weeks: above the 60% bar, and no slide."""
    health = judge(activity(weekly(455, 100)))
    assert health.stage == "steady"


def test_top_share_and_a_group_carried_by_a_few() -> None:
    writers = {1: 30, 2: 20, 3: 10, **dict.fromkeys(range(10, 30), 2)}  # 100 messages
    days = activity(flat(14, 8, 35), members=20)
    days += [Day(ago(o), messages=0, senders={}) for o in range(2, 8)]
    days.append(Day(ago(1), messages=100, senders=writers))
    health = judge(days)
    assert health.top_share == pytest.approx(0.6)
    assert health.suggestion == ("suggest_few_carry", (("share", 60), ("top", 3)))
    even = judge(activity(flat(14), members=14))
    assert even.top_share == pytest.approx(3 / 14) and even.suggestion[0] == "suggest_steady"


def test_new_members_who_spoke() -> None:
    joiners = {
        101: ago(10),  # spoke five days ago
        102: ago(10),  # spoke only before joining (an earlier stay): still silent
        103: ago(3),  # spoke the day they joined
        104: ago(12),
        105: ago(20),
        106: ago(25),
        107: ago(29),
        200: ago(45),  # joined too long ago
    }
    days = activity(flat(10))
    days += [
        Day(ago(5), messages=1, senders={101: 1}),
        Day(ago(15), messages=2, senders={102: 2}),
        Day(ago(3), messages=1, senders={103: 1}),
        Day(ago(2), messages=1, senders={200: 1}),
    ]
    health = judge(days, joiners=joiners)
    assert (health.new_members, health.new_spoke) == (7, 2)
    assert health.suggestion == ("suggest_welcome", (("joined", 7), ("silent", 5)))
    chatty = judge(days, joiners={101: ago(10), 103: ago(3), 102: ago(10)})
    assert (chatty.new_members, chatty.new_spoke) == (3, 2)
    assert chatty.suggestion[0] == "suggest_steady"


@pytest.mark.parametrize(
    ("previous", "stage", "alert"),
    [
        ("steady", "declining", True),
        ("growing", "declining", True),
        ("steady", "dormant", True),
        ("declining", "dormant", True),  # worse again: the group went silent
        ("declining", "declining", False),  # not every day it stays there
        ("dormant", "dormant", False),
        ("dormant", "declining", False),  # waking up is no worse news
        ("new", "declining", False),
        ("new", "dormant", False),
        (None, "declining", False),  # no stage kept yet
        ("unknown", "declining", False),
        ("declining", "steady", False),
        ("steady", "growing", False),
    ],
)
def test_decline_alert_on_a_turn_for_the_worse(
    previous: str | None, stage: str, alert: bool
) -> None:
    health = replace(judge(activity(flat(10))), stage=stage)
    assert decline_alert(previous, health) is alert


# Scenarios that between them return every key the policy has.
SCENARIOS: dict[str, Callable[[], Health]] = {
    "new": lambda: judge(activity(flat(10)), history=5),
    "new-welcome": lambda: judge(
        activity(flat(10)), history=5, joiners={9001: ago(2), 9002: ago(2), 9003: ago(1)}
    ),
    "dormant": lambda: judge(activity(flat(10, 15))),
    "declining": lambda: judge(activity(weekly(30))),
    "declining-prompted": lambda: judge(activity(weekly(30), prompts=1)),
    "declining-few": lambda: judge(
        activity(flat(20, 8, 35), members=20)
        + [Day(ago(1), messages=40, senders={1: 20, 2: 10, 3: 4, 4: 2, 5: 2, 6: 2})]
    ),
    "fewer-members": lambda: judge(rotating(8, 35, 10, 20) + rotating(1, 7, 10, 5)),
    "slide": lambda: judge(activity({o: round(100 * 0.985 ** (35 - o)) for o in range(1, 36)})),
    "revived": lambda: judge(activity({**flat(0, 8, 35), **flat(5, 1, 7)})),
    "growing": lambda: judge(activity(weekly(140))),
    "quiet": lambda: judge(activity(flat(1))),
    "steady": lambda: judge(activity(flat(10))),
    "few-carry": lambda: judge(
        activity(flat(10, 8, 35), members=10)
        + [Day(ago(1), messages=70, senders={1: 40, 2: 10, 3: 5, **spread(15, 10, 4)})]
    ),
}


def load(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "health.toml").open("rb") as fh:
        table: dict[str, str] = tomllib.load(fh)["health"]
    return table


def placeholders(text: str) -> frozenset[str]:
    return frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f)


def said(health: Health) -> list[tuple[str, dict[str, object]]]:
    return [
        (f"stage_{health.stage}", {}),
        (health.reason[0], dict(health.reason[1])),
        (health.suggestion[0], dict(health.suggestion[1])),
    ]


def assert_says(health: Health, texts: Mapping[str, Mapping[str, str]]) -> None:
    """Every key the assessment returns exists in every language and formats with its values,
    which fill exactly the text's placeholders."""
    for key, values in said(health):
        for lang in LANGS:
            assert key in texts[lang], (lang, key)
            template = texts[lang][key]
            assert placeholders(template) == set(values), (lang, key)
            assert template.format(**values)


def test_the_scenarios_use_every_key_and_every_key_is_said_in_every_language() -> None:
    texts = {lang: load(lang) for lang in LANGS}
    used: set[str] = set()
    for name, scenario in SCENARIOS.items():
        health = scenario()
        assert_says(health, texts)
        used.update(key for key, _ in said(health))
        assert name  # keeps the name in a failure's locals
    used.update(f"stage_{stage}" for stage in STAGES)
    assert used == set(texts["en"]) == set(texts["ru"]) == set(texts["zh"])


def test_random_chats_are_always_said() -> None:
    """Whatever the activity, the assessment is well formed and its texts format."""
    rng = random.Random(7)
    texts = {lang: load(lang) for lang in LANGS}
    for _ in range(300):
        level = rng.choice((0, 1, 3, 10, 60))
        days = [
            Day(
                ago(o),
                messages=(n := rng.randint(0, level * 2)),
                prompts=rng.randint(0, 1),
                senders=spread(n, rng.randint(1, 12), rng.randint(1, 5)),
            )
            for o in range(0, 45)
            if rng.random() < 0.7
        ]
        joiners = {1000 + i: ago(rng.randint(0, 40)) for i in range(rng.randint(0, 8))}
        health = judge(days, history=rng.randint(0, 60), joiners=joiners)
        assert health.stage in STAGES
        assert 0.0 <= health.top_share <= 1.0
        assert 0 <= health.new_spoke <= health.new_members
        assert_says(health, texts)
