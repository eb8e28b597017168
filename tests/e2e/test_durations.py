"""Durations end to end: what Telegram is asked for, and what the moderator is told (#15)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import outbound
from bot.harness import Harness
from bot.sandbox import World

FULL = {"can_delete_messages": True, "can_restrict_members": True, "can_pin_messages": True}
SLACK = 5  # seconds between Steward reading its clock and the test reading the world's


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry delays shrink so a refused call never slows the test down."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))


async def shop_with_team(world: World, steward: Harness):
    """Owner alice, moderator dave (may restrict), member bob, in a supergroup."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Alice's Shop", owner=alice)
    dave = world.user("dave", started_bot=True)
    await shop.join(dave)
    await shop.promote(dave, rights={"can_restrict_members": True, "can_delete_messages": True})
    bob = await shop.join(world.user("bob"))
    await steward.settle()
    return shop, shop.member(dave), bob


def sent_until(world: World, method: str) -> float:
    """Seconds from now to the until_date of the last call to `method` (0: forever)."""
    calls = world.calls_to(method)
    assert calls, f"Steward never called {method}"
    until = int(calls[-1].params.get("until_date") or 0)
    return until - world.now().timestamp() if until else 0.0


async def test_negative_duration_is_refused_and_nobody_is_muted(world: World, steward: Harness):
    """`/mute @bob -5m` says the duration is negative; Telegram is asked for nothing."""
    shop, dave, bob = await shop_with_team(world, steward)
    await dave.says("/mute @bob -5m")
    await steward.settle()
    assert shop.last_bot_message.text.startswith("«-5m» is negative")
    assert not world.calls_to("restrictChatMember")
    assert not shop.is_restricted(world.user("bob"))
    assert bob.id not in shop.restrictions


@pytest.mark.parametrize(
    ("written", "seconds", "shown"),
    [
        ("1h30m", 5400, "(1h 30m)"),
        ("90мин", 5400, "(1h 30m)"),
        ("1小时", 3600, "(1h)"),
        ("1.5h", 5400, "(1h 30m)"),
        ("10 минут", 600, "(10m)"),
        ("1h 30m", 5400, "(1h 30m)"),
    ],
    ids=["compound", "russian", "chinese", "decimal", "russian-two-words", "two-words"],
)
async def test_mute_by_reply_keeps_the_length(
    world: World, steward: Harness, written: str, seconds: int, shown: str
):
    """Each way of writing a length mutes for exactly that long, and the reply says how long."""
    shop, dave, bob = await shop_with_team(world, steward)
    target = await bob.says("buy now")
    await dave.says(f"/mute {written} flooding", reply_to=target)
    await steward.settle()
    assert abs(sent_until(world, "restrictChatMember") - seconds) < SLACK
    _, until = shop.restrictions[bob.id]
    assert until is not None and abs(until - world.now().timestamp() - seconds) < SLACK
    reply = shop.last_bot_message.text
    assert f"@bob is muted {shown}." in reply and "Reason: flooding" in reply
    assert "clamped" not in reply


async def test_too_short_is_clamped_to_30_seconds_and_said(world: World, steward: Harness):
    """`10s` would be forever on Telegram: it becomes 30 s (sent a little longer) and is said."""
    shop, dave, bob = await shop_with_team(world, steward)
    target = await bob.says("hi")
    await dave.says("/mute 10s", reply_to=target)
    await steward.settle()
    ahead = sent_until(world, "restrictChatMember")
    assert 30 < ahead < 30 + SLACK + 5
    assert shop.is_restricted(world.user("bob"))
    reply = shop.last_bot_message.text
    assert "@bob is muted (30s)." in reply
    assert "clamped it to 30 seconds" in reply


async def test_too_long_is_clamped_to_366_days_and_said(world: World, steward: Harness):
    """`400d` would be forever on Telegram: it becomes 366 days and the reply says so."""
    shop, dave, bob = await shop_with_team(world, steward)
    target = await bob.says("hi")
    await dave.says("/mute 400d", reply_to=target)
    await steward.settle()
    ahead = sent_until(world, "restrictChatMember")
    year = timedelta(days=366).total_seconds()
    assert year - SLACK - 10 < ahead < year
    assert "clamped it to 366 days" in shop.last_bot_message.text


@pytest.mark.parametrize(
    ("written", "answer"),
    [
        ("10", "«10» needs a unit: 10m for minutes"),
        ("0m", "«0m» is zero"),
        ("5x", "I don't understand the duration «5x»"),
        ("1.5h30m", "I don't understand the duration «1.5h30m»"),
        ("12345678m", "I don't understand the duration «12345678m»"),
    ],
    ids=["no-unit", "zero", "unknown-unit", "decimal-compound", "overlong"],
)
async def test_unreadable_length_is_refused_not_taken_as_reason(
    world: World, steward: Harness, written: str, answer: str
):
    """A length Steward can't read is refused by reply; nobody is muted for good instead."""
    shop, dave, bob = await shop_with_team(world, steward)
    target = await bob.says("hi")
    await dave.says(f"/mute {written} spam", reply_to=target)
    await steward.settle()
    assert shop.last_bot_message.text.startswith(answer)
    assert not world.calls_to("restrictChatMember")
    assert not shop.is_restricted(world.user("bob"))


async def test_clamped_note_in_russian(world: World, steward: Harness):
    """The clamped note is in the chat's language."""
    shop, dave, bob = await shop_with_team(world, steward)
    await shop.member(world.user("alice")).says("/lang ru")
    await steward.settle()
    await dave.says("/ban @bob 400д")
    await steward.settle()
    assert abs(sent_until(world, "banChatMember") - timedelta(days=366).total_seconds()) < 20
    assert "срок сокращён до 366 дней" in shop.last_bot_message.text


async def test_basic_group_ban_keeps_its_end_date(world: World, steward: Harness):
    """In a basic group `/ban @bob 2d` sends until_date, as in a supergroup."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group("Small group", owner=alice, supergroup=False)
    await group.add_bot(by=alice, admin=True, rights=FULL)
    bob = await group.join(world.user("bob"))
    await bob.says("hello")
    await steward.settle()
    await group.member(alice).says("/ban @bob 2d")
    await steward.settle()
    two_days = timedelta(days=2).total_seconds()
    assert abs(sent_until(world, "banChatMember") - two_days) < SLACK
    assert bob.id in group.banned
    until = group.chat.members[bob.id].until
    assert until is not None and abs(until - world.now().timestamp() - two_days) < SLACK
    assert "@bob is banned (2d)." in group.last_bot_message.text


@pytest.mark.parametrize(
    ("lang", "typed", "shown"),
    [("en", "90m", "(1h 30m)"), ("ru", "90мин", "(1ч 30мин)"), ("zh", "2天", "2天")],
)
async def test_a_length_is_written_in_the_groups_language(
    world: World, steward: Harness, lang: str, typed: str, shown: str
):
    """Russian and Chinese groups read "(1h 30m)" and "（2d）": the units were always English."""
    shop, dave, bob = await shop_with_team(world, steward)
    await shop.member(world.user("alice")).says(f"/lang {lang}")
    await steward.settle()
    await dave.says(f"/mute @bob {typed}")
    await steward.settle()
    assert shown in shop.last_bot_message.text
