"""The herd detector: complaint surges against the chat's own baseline, escalation, cooldown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from policies import ChatPolicy
from policies.chatlevel import Windows
from policies.herd import COMPLAINT, FOLLOW, NEW_MEMBER, HerdDetector, State

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DETECTOR = HerdDetector()


def windows(
    recent: int,
    *,
    followers: int = 0,
    new_members: int = 0,
    past_week: int = 0,
    minutes_ago: int = 5,
    repeats: int = 1,
) -> Windows:
    """`recent` complainers minutes ago, `past_week` others spread over the week before."""
    complaint: dict[str, dict[datetime, int]] = {}
    for i in range(recent):
        complaint[f"u{i}"] = {NOW - timedelta(minutes=minutes_ago): repeats}
    for i in range(past_week):
        complaint[f"old{i}"] = {NOW - timedelta(hours=2) - timedelta(minutes=i * 18): 1}
    follow = {f"u{i}": {NOW - timedelta(minutes=3): 1} for i in range(followers)}
    new = {f"u{i}": {NOW - timedelta(minutes=3): 1} for i in range(new_members)}
    return Windows(-1, {COMPLAINT: complaint, FOLLOW: follow, NEW_MEMBER: new})


def judge(w: Windows, previous: str | None = None, now: datetime = NOW):
    return DETECTOR.judge_chat(w, ChatPolicy(), now, previous)


@pytest.mark.parametrize(
    ("recent", "followers", "past_week", "level"),
    [
        (0, 0, 0, "calm"),
        (2, 0, 0, "calm"),  # two complainers: no surge yet
        (3, 0, 0, "watch"),  # a small quiet group: three in half an hour is one
        (5, 0, 0, "warning"),
        (4, 2, 0, "warning"),  # contagion brings the next level one complainer closer
        (10, 0, 0, "critical"),
        (3, 0, 500, "calm"),  # a big group's normal trickle (about 3 an hour) is no surge
        (6, 0, 500, "calm"),  # its busy hours reach six in half an hour by chance
        (10, 0, 500, "warning"),  # ten within minutes: its ten-minute window gives it away
        (20, 0, 500, "critical"),
    ],
)
def test_surges_are_measured_against_the_chats_own_baseline(
    recent: int, followers: int, past_week: int, level: str
) -> None:
    decision = judge(windows(recent, followers=followers, past_week=past_week))
    assert State.decode(decision.state).level == level
    alerts = [a for a in decision.actions if a.kind == "alert"]
    if level == "calm":
        assert not alerts
    else:
        assert len(alerts) == 1 and alerts[0].alert is not None
        assert alerts[0].alert.text == f"herd.{level}"


def test_one_surge_is_one_alert_thread() -> None:
    """A level is announced once; a higher one is announced; a lower one is not."""
    first = judge(windows(3))
    assert first.actions and State.decode(first.state).level == "watch"
    again = judge(windows(4), previous=first.state)
    assert not again.actions and State.decode(again.state).level == "watch"
    worse = judge(windows(6), previous=again.state)
    assert worse.actions and State.decode(worse.state).level == "warning"
    easing = judge(windows(3), previous=worse.state)
    assert not easing.actions and State.decode(easing.state).level == "warning"


def test_the_chat_calms_down_after_two_quiet_hours() -> None:
    """Complaints still simmering keep the thread; two quiet hours end it, so a new surge is
    announced again."""
    surge = judge(windows(5))
    simmer = judge(windows(1, minutes_ago=50), previous=surge.state)
    assert State.decode(simmer.state).level == "warning"
    quiet = judge(windows(0), previous=simmer.state, now=NOW + timedelta(hours=3))
    assert State.decode(quiet.state).level == "calm"
    again = judge(windows(5), previous=quiet.state)
    assert again.actions


def test_new_members_and_one_loud_account_are_pointed_out() -> None:
    """Most complainers new, or most complaints from one account: the checks say so."""
    decision = judge(windows(4, new_members=3))
    assert "new_members" in {c.name for c in decision.checks}
    loud = Windows(-1, {COMPLAINT: {"u1": {NOW - timedelta(minutes=2): 6}, "u2": {NOW: 1}}})
    assert "one_account" in {c.name for c in judge(loud).checks}


@pytest.mark.parametrize("raw", [None, "", "nonsense", "warning|not-a-date", "loud|", "|"])
def test_unreadable_state_is_calm(raw: str | None) -> None:
    assert State.decode(raw).level == "calm"


@pytest.mark.parametrize(
    ("rate", "bar"),
    [(0.0, 1), (0.02, 2), (0.05, 3), (0.1, 4), (0.3, 5), (0.5, 6), (1.0, 9)],
)
def test_the_chance_bar_grows_with_the_chats_own_rate(rate: float, bar: int) -> None:
    """Complainers a chat's normal rate (per half hour, busy hours doubled) reaches by chance at
    most 0.1% of the time: quiet chats keep the levels as set, busy ones need more."""
    from policies.herd import chance_bar

    assert chance_bar(rate) == bar


def test_a_slow_trickle_in_a_busy_chat_is_judged_on_the_half_hour_not_ten_minutes() -> None:
    """Seven complainers spread over twenty-five minutes in a chat of 500 complainers a week:
    the ten-minute window sees too few, the half hour is within the chat's busy-hour normal;
    the same seven in a quiet chat are a surge."""
    complaint = {f"u{i}": {NOW - timedelta(minutes=25 - 4 * i): 1} for i in range(7)}
    week = {f"old{i}": {NOW - timedelta(hours=2, minutes=i * 19): 1} for i in range(500)}
    assert State.decode(judge(Windows(-1, {COMPLAINT: complaint | week})).state).level == "calm"
    assert State.decode(judge(Windows(-1, {COMPLAINT: complaint})).state).level == "warning"


def test_a_dismissed_count_is_normal_for_a_month() -> None:
    """After the owner dismissed four complainers, four do not alert; five do; a month later
    four alert again."""
    state = State().dismissed(4, NOW)
    assert State.decode(state.encode()).normal(NOW) == 4
    assert not judge(windows(4), previous=state.encode()).actions
    assert judge(windows(5), previous=state.encode()).actions
    later = NOW + timedelta(days=31)
    old = windows(4, minutes_ago=5)
    shifted = Windows(
        -1,
        {
            k: {u: {at + timedelta(days=31): n for at, n in b.items()} for u, b in v.items()}
            for k, v in old.counts.items()
        },
    )
    assert judge(shifted, previous=state.encode(), now=later).actions


@pytest.mark.parametrize(
    ("text", "forwarded", "broken"),
    [
        ("any news about my order?", False, None),
        ("look https://example.org/x", False, "calm_link"),
        ("join t.me/+AbCdEfGh", False, "calm_link"),
        ("our own site shop.example.com/faq", False, None),
        ("plain words", True, "calm_forward"),
    ],
)
def test_calm_mode_allows_text_only(text: str, forwarded: bool, broken: str | None) -> None:
    """Links (but the chat's own domains) and forwards break calm mode; text does not."""
    from policies import MessageFacts, read_text
    from policies.calm import breaks_calm
    from policies.facts import ForwardFacts

    policy = ChatPolicy(allow_domains=frozenset({"shop.example.com"}))
    facts = MessageFacts(
        chat_id=-1,
        message_id=1,
        user_id=7,
        text=text,
        date=NOW,
        forward=ForwardFacts("user") if forwarded else None,
    )
    found = breaks_calm(facts, read_text(facts), policy)
    assert (found.name if found else None) == broken
