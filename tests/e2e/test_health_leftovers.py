"""Leftovers of the engagement bug hunt: /prompt list paged, /health's day in a half-hour zone,
and the "usual" a prompt's hour is compared with."""

from __future__ import annotations

import random

import pytest

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_engagement import _command, _group, _posted, _tick


@pytest.fixture(autouse=True)
def seeded(clocked: tuple[World, Harness]) -> None:
    """The prompt choice is random: seeded, so each run posts the same prompts."""
    clocked[1].services.engagement.rng = random.Random(7)


async def test_prompt_list_shows_every_prompt_the_group_may_have(clocked):
    """An owner may keep 200 prompts. With 60 of them, /prompt list is cut at Telegram's 4,096
    characters: prompts #36 to #60 are not shown anywhere (no second page, no second message),
    so the owner cannot find their numbers to preview or remove them. Every prompt should be
    listed (over several messages or pages): paged as `/competitor list [page]` is."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    store = steward.services.store
    now = steward.services.clock()
    for i in range(1, 61):
        await store.add_chat_prompt(
            shop.id,
            kind="question",
            text=f"Question {i}: what is the best pair you ever bought, and where was it?",
            options=(),
            created_by=None,
            at=now,
        )
    first = await _command(steward, owner, "/prompt list")
    assert "Prompts: 60 of this group's own" in first and "page 1 of 3:" in first, first[:200]
    answers = [first] + [await _command(steward, owner, f"/prompt list {n}") for n in (2, 3)]
    assert all(len(a) <= 4096 for a in answers)
    assert "page 3 of 3:" in answers[2]
    listed = "\n".join(answers)
    for i in range(1, 61):
        assert f"#{i} question: Question {i}:" in listed, i
    assert "page 3 of 3:" in await _command(steward, owner, "/prompt list 9")  # the last
    assert "Usage: /prompt add" in await _command(steward, owner, "/prompt list two")


async def test_health_counts_messages_after_midnight_as_today_in_a_half_hour_zone(clocked):
    """A group in India (/tz Asia/Kolkata, UTC+5:30). Just after midnight there, members
    write five messages; at 00:20 the owner asks /health and reads "Today so far: messages 0,
    members who wrote 0", and the five are counted for yesterday: every day's first half hour
    goes to the day before. Today's messages should be today's."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    assert "Asia/Kolkata" in await _command(steward, owner, "/tz Asia/Kolkata")
    bob = await shop.join(world.user("bob"))
    await steward.settle()
    world.clock.advance(6 * 3600 + 33 * 60)  # 00:03 in India
    for n in range(5):
        await bob.says(f"good night everyone, number {n}")
        world.clock.advance(60)
    await steward.settle()
    world.clock.advance(10 * 60)  # 00:18 in India
    report = await _command(steward, owner, "/health")
    assert "Today so far: messages 5, members who wrote 1." in report, report


@pytest.mark.parametrize(
    ("zone", "to_midnight"),
    [
        ("Asia/Kathmandu", 6 * 3600 + 15 * 60),  # +5:45: 17:45 there, midnight at 18:15 UTC
        ("America/St_Johns", 15 * 3600 + 30 * 60),  # -3:30: 08:30 there, midnight at 03:30 UTC
        ("Pacific/Chatham", 22 * 3600 + 15 * 60),  # +13:45 in summer: 01:45 there
    ],
)
async def test_health_cuts_the_day_at_midnight_in_quarter_hour_zones(clocked, zone, to_midnight):
    """Nepal, Newfoundland and the Chatham Islands start their day at :15, :30 or :45 UTC.
    Bob writes twice just before midnight there, Carol three times just after: /health a quarter
    hour into the day counts Carol's three, not Bob's two (nor none)."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    assert zone in await _command(steward, owner, f"/tz {zone}")
    bob = await shop.join(world.user("bob"))
    carol = await shop.join(world.user("carol"))
    await steward.settle()
    world.clock.advance(to_midnight - 10 * 60)  # 23:50 there
    await bob.says("still up?")
    await steward.settle()
    world.clock.advance(8 * 60)  # 23:58
    await bob.says("good night")
    await steward.settle()
    world.clock.advance(3 * 60)  # 00:01
    for n in range(3):
        await carol.says(f"happy new day, {n}")
        await steward.settle()
        world.clock.advance(60)
    world.clock.advance(10 * 60)  # 00:14
    report = await _command(steward, owner, "/health")
    assert "Today so far: messages 3, members who wrote 1." in report, report


async def test_a_daily_prompt_is_not_compared_with_an_empty_usual_hour(clocked):
    """Three members talk every day around 13:05, for a week before any prompt and after. The
    owner then schedules `daily 13:00`. Two weeks on, the digest (and /prompt stats) says the
    prompts had "3.0 people talking on average (usually 0.0)": with a prompt every day, every
    comparable hour of the week before had one, so "the usual for that hour" is taken as
    nobody. The prompts look as if they made all the talk; the usual is three people."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    members = [await shop.join(world.user(f"m{i}")) for i in range(3)]
    await steward.settle()

    async def lunch_talk() -> None:
        for i, member in enumerate(members):
            await member.says(f"lunch break chat, I am number {i}")
        await steward.settle()

    await _tick(world, steward, 65 * 60)  # 13:05
    for day in range(7):
        await lunch_talk()
        await _tick(world, steward, 24 * 3600 - (65 * 60 if day == 6 else 0))
    # 12:00 on the eighth day
    await _command(steward, owner, "/schedule add daily 13:00")
    for _day in range(14):
        await _tick(world, steward, 3600 + 5)  # 13:00:05: the prompt
        world.clock.advance(5 * 60)
        await lunch_talk()
        await _tick(world, steward, 3600)  # 14:05: measured
        await _tick(world, steward, 22 * 3600 - 5 * 60 - 5)  # 12:00 the next day
    assert len(await _posted(steward, shop)) == 14
    await _command(steward, owner, "/digest on")
    await _command(steward, owner, "/digest now")
    [digest] = [m for m in alice.dms if "photo" in m.state.data]
    assert "usually 0.0" not in str(digest.text), digest.text
    assert "3.0 people talking on average (usually 3.0)" in str(digest.text), digest.text
    stats = await _command(steward, owner, "/prompt stats")
    assert "3.0 people talking in the hour after a prompt (usually 3.0 at that hour)" in stats


async def test_a_prompt_whose_hour_always_had_one_has_nothing_to_compare_with(clocked):
    """`daily 13:00` from the day Steward joins: no 13:00 without a prompt has ever been seen,
    so there is no usual for that hour. /prompt stats and the digest say there is nothing to
    compare with, not "usually 0.0" (nor count the hours before Steward was there as quiet)."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    members = [await shop.join(world.user(f"m{i}")) for i in range(3)]
    await _command(steward, owner, "/schedule add daily 13:00")
    for _day in range(3):
        await _tick(world, steward, 3600 + 5)  # 13:00:05: the prompt
        world.clock.advance(5 * 60)
        for i, member in enumerate(members):
            await member.says(f"lunch break chat, I am number {i}")
        await steward.settle()
        await _tick(world, steward, 3600)  # 14:05: measured
        await _tick(world, steward, 22 * 3600 - 5 * 60 - 5)  # 12:00 the next day
    assert len(await _posted(steward, shop)) == 3
    stats = await _command(steward, owner, "/prompt stats")
    assert "3.0 people talking in the hour after a prompt (nothing to compare with)" in stats
    await _command(steward, owner, "/digest on")
    await _command(steward, owner, "/digest now")
    [digest] = [m for m in alice.dms if "photo" in m.state.data]
    assert "3.0 people talking on average (nothing to compare with)" in str(digest.text)
