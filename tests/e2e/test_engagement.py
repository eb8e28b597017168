"""Engagement end to end: schedules posting on time with the clock moved by hand, the effect of a
prompt counted, skips (busy, quiet hours, an outage), no repeat after a restart, Telegram
refusing, the owner's commands and their bad input."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from bot.activity import ACTIVITY, SENDER
from bot.harness import Harness
from bot.sandbox import World
from bot.store import WindowCount

TITLE = "Sneaker Swap"


@pytest.fixture(autouse=True)
def seeded(clocked: tuple[World, Harness]) -> None:
    """The prompt choice is random: seeded, so each run posts the same prompts."""
    clocked[1].services.engagement.rng = random.Random(7)


async def _group(world: World, steward: Harness):
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward(TITLE, owner=alice)
    await steward.settle()
    return alice, shop, shop.member(alice)


async def _command(steward: Harness, who, text: str) -> str:
    """Send a command and return Steward's answer in the group."""
    await who.says(text)
    await steward.settle()
    return str(who.group.last_bot_message.text)


async def _tick(world: World, steward: Harness, seconds: float = 0) -> None:
    world.clock.advance(seconds)  # type: ignore[attr-defined]
    services = steward.services
    assert steward.app is not None
    await services.engagement.tick(services, steward.app.bot)
    await steward.settle()


async def _posted(steward: Harness, shop) -> list[Any]:
    """Steward's prompts in the group, oldest first: its messages the store says it posted."""
    ids = {p.message_id for p in await steward.services.store.list_posts(shop.id)}
    return [m for m in shop.bot_messages if m.id in ids]


async def test_a_daily_schedule_posts_on_time_and_its_effect_is_counted(clocked):
    """/schedule add daily 13:00: nothing before, one prompt at 13:00; members reply; an hour
    later /prompt stats counts its replies and participants."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    answer = await _command(steward, owner, "/schedule add daily 13:00")
    assert "Schedule #1: daily 13:00 (UTC). Next prompt: 2026-01-01 13:00." in answer

    await _tick(world, steward, 30 * 60)  # 12:30: not yet
    assert await _posted(steward, shop) == []
    await _tick(world, steward, 30 * 60 + 20)  # 13:00:20
    posted = await _posted(steward, shop)
    assert len(posted) == 1
    prompt = posted[0]

    bob = await shop.join(world.user("bob"))
    carol = await shop.join(world.user("carol"))
    world.clock.advance(120)
    await bob.says("Mine are the grey ones from last week", reply_to=prompt)
    await carol.says("Same here, love them", reply_to=prompt)
    await carol.says("and the laces are great")
    await steward.settle()
    await _tick(world, steward, 3600)  # the prompt's hour is over: measured

    posts = await steward.services.store.list_posts(shop.id)
    assert len(posts) == 1 and posts[0].measured_at is not None
    assert (posts[0].replies, posts[0].messages, posts[0].participants) == (2, 3, 2)
    stats = await _command(steward, owner, "/prompt stats")
    assert "Prompts posted in the last four months: 1, measured: 1." in stats
    assert "On average 2.0 replies and 2.0 people talking" in stats
    log = await _command(steward, owner, "/log")
    assert "posted an engagement prompt" in log


async def test_a_restart_neither_loses_nor_repeats_a_prompt(clocked):
    """The job runs, Steward restarts, the job runs again at the same minute: one prompt. The
    next day's comes as planned."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 13:00")
    await _tick(world, steward, 3600 + 5)
    assert len(await _posted(steward, shop)) == 1
    await steward.restart()
    steward.services.engagement.rng = random.Random(3)
    await _tick(world, steward, 10)
    assert len(await _posted(steward, shop)) == 1
    await _tick(world, steward, 24 * 3600)
    posted = await _posted(steward, shop)
    assert len(posted) == 2
    assert posted[0].text != posted[1].text or posted[0].state.data != posted[1].state.data


async def test_two_workers_never_post_the_same_run(clocked):
    """Two jobs on one database claim the same due run: only one posts."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 13:00")
    world.clock.advance(3600)
    services = steward.services
    from bot.engagement import Engagement

    other = Engagement(random.Random(9))
    import asyncio

    await asyncio.gather(
        services.engagement.tick(services, steward.app.bot),
        other.tick(services, steward.app.bot),
    )
    await steward.settle()
    assert len(await _posted(steward, shop)) == 1


async def test_an_outage_longer_than_the_grace_time_skips_instead_of_bursting(clocked):
    """The clock jumps a week past the run: no prompt now, none for the missed days, and the
    schedule's next run is the next 13:00."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 13:00")
    await _tick(world, steward, 7 * 24 * 3600 + 3600 * 2)  # Thu 14:00 a week later
    assert await _posted(steward, shop) == []
    listing = await _command(steward, owner, "/schedule list")
    assert (
        "#1 daily 13:00 · next 2026-01-09 13:00 · last: skipped (missed while I was away)"
        in listing
    )
    await _tick(world, steward, 23 * 3600)
    assert len(await _posted(steward, shop)) == 1


async def test_a_busy_group_and_quiet_hours_skip_the_prompt(clocked):
    """Forty messages in the hour before 13:00: skipped (the group talks anyway). Quiet hours
    over 13:00 the next day: skipped too. Both are in /schedule list and /log."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 13:00")
    members = [await shop.join(world.user(f"m{i}")) for i in range(4)]
    world.clock.advance(20 * 60)
    for n in range(40):
        await members[n % 4].says(f"talking about drop number {n}")
    await steward.settle()
    await _tick(world, steward, 40 * 60 + 5)
    assert await _posted(steward, shop) == []
    assert "last: skipped (the group was busy)" in await _command(steward, owner, "/schedule list")

    answer = await _command(steward, owner, "/schedule quiet 12:30-14:00")
    assert "Quiet hours set: 12:30-14:00" in answer
    await _tick(world, steward, 24 * 3600)
    assert await _posted(steward, shop) == []
    assert "last: skipped (quiet hours)" in await _command(steward, owner, "/schedule list")
    await _command(steward, owner, "/schedule quiet off")
    await _tick(world, steward, 24 * 3600)
    assert len(await _posted(steward, shop)) == 1


async def test_telegram_refusing_pauses_the_schedule_and_tells_the_owner(clocked):
    """A 403 when posting: the schedule pauses and the owner's DM says why and how to resume;
    a 429 is tried again a little later and posted once."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 13:00")
    world.faults.fail("sendMessage", "429", times=1, retry_after=30, chat_id=shop.id)
    world.faults.fail("sendPoll", "429", times=1, retry_after=30, chat_id=shop.id)
    await _tick(world, steward, 3600 + 1)
    assert await _posted(steward, shop) == []
    world.faults.clear()  # one of the two was used: the prompt is a poll or a text
    await _tick(world, steward, 10)
    assert await _posted(steward, shop) == []  # Telegram said wait 30 s
    await _tick(world, steward, 30)
    assert len(await _posted(steward, shop)) == 1

    world.faults.fail("sendMessage", "403", times=1, chat_id=shop.id)
    world.faults.fail("sendPoll", "403", times=1, chat_id=shop.id)
    await _tick(world, steward, 24 * 3600)
    assert len(await _posted(steward, shop)) == 1
    assert "I could not post the scheduled prompt in «Sneaker Swap»" in alice.last_dm.text
    assert "/schedule resume 1" in alice.last_dm.text
    listing = await _command(steward, owner, "/schedule list")
    assert "#1 daily 13:00 · paused · last: Telegram refused" in listing
    world.faults.clear()
    assert "resumed" in await _command(steward, owner, "/schedule resume 1")
    await _tick(world, steward, 24 * 3600)
    assert len(await _posted(steward, shop)) == 2


async def test_schedule_commands_refuse_bad_input_clearly(clocked):
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    cases = {
        "/schedule add": "Say when",
        "/schedule add sometimes": "as a schedule",
        "/schedule add daily 25:00": "is not a time of day",
        '/schedule add cron "* * * * *"': "prompts a day; the most is 4",
        '/schedule add cron "61 * * * *"': "is not a valid cron expression",
        "/schedule quiet 08:00-08:00": "can't cover the whole day",
        "/schedule remove": "Usage: /schedule remove N",
        "/schedule remove 99": "no schedule #99",
        "/schedule pause x": "Usage: /schedule pause N",
        "/schedule frobnicate": "Usage: /schedule add daily 20:00",
    }
    for command, expected in cases.items():
        assert expected in await _command(steward, owner, command), command
    for at in ("08:00", "12:00", "16:00", "20:00"):
        await _command(steward, owner, f"/schedule add daily {at}")
    answer = await _command(steward, owner, "/schedule add daily 22:00")
    assert "more than 4 prompts a day" in answer
    assert "already has a schedule" in await _command(steward, owner, "/schedule add daily 8:00")
    bob = await shop.join(world.user("bob"))
    await bob.says("/schedule add daily 10:00")
    await steward.settle()
    assert len(await steward.services.store.list_schedules(shop.id)) == 4


async def test_owners_add_preview_list_and_remove_their_own_prompts(clocked):
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    answer = await _command(steward, owner, "/prompt add poll Which drop next? | Jordans | Dunks")
    assert "Prompt #1 added (poll)" in answer
    answer = await _command(steward, owner, "/prompt add What did you cop this week?")
    assert "Prompt #2 added (question)" in answer
    listing = await _command(steward, owner, "/prompt list")
    assert "#1 poll: Which drop next? Jordans | Dunks" in listing
    assert "#2 question: What did you cop this week?" in listing
    preview = await _command(steward, owner, "/prompt preview 1")
    assert "Which drop next?" in preview and "☐ Dunks" in preview
    cases = {
        "/prompt add poll Only one? | yes": "at least 2 options",
        "/prompt add <b>Bold</b> question": "plain text",
        "/prompt add": "The prompt is empty",
        "/prompt add " + "x" * 1200: "the limit is 1000",
        "/prompt remove 42": "no prompt #42",
        "/prompt remove two": "Usage: /prompt remove N",
    }
    for command, expected in cases.items():
        assert expected in await _command(steward, owner, command), command
    assert "Prompt #1 removed." in await _command(steward, owner, "/prompt remove 1")
    assert "#1 poll" not in await _command(steward, owner, "/prompt list")


async def test_prompt_post_posts_prompts_of_the_groups_theme_without_repeating(clocked):
    """/prompt post a dozen times in a selling group: twelve different prompts, none of them
    meant for fan groups, each recorded with its kind."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/settings prompt_theme selling")
    for _ in range(12):
        await owner.says("/prompt post")
        await steward.settle()
        world.clock.advance(60)
    posts = await steward.services.store.list_posts(shop.id)
    keys = [p.prompt_key for p in posts]
    assert len(keys) == 12 == len(set(keys))
    from bot.prompts import library

    themes = {p.key: p.theme for p in library("en")}
    assert {themes[k] for k in keys} <= {"selling", "any"}
    assert len(await _posted(steward, shop)) == 12


async def test_health_in_the_group_and_in_private(clocked):
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    bob = await shop.join(world.user("bob"))
    for n in range(5):
        await bob.says(f"hello number {n}")
    await steward.settle()
    report = await _command(steward, owner, "/health")
    assert f"Health of «{TITLE}»:" in report
    # A group Steward joined today: its messages are today's, not "0 messages this week".
    assert "Today so far: messages 5, members who wrote 1." in report, report
    assert "The last 7 full days: messages 0," in report
    dm = await alice.dm_bot("/health")
    await steward.settle()
    assert f"Health of «{TITLE}»" in alice.last_dm.text, dm


async def test_health_gives_the_trend_as_a_change(clocked):
    """Activity fell 93%: the report said so, then "trend 7%" (the week as a share of a usual
    week), which reads as growth. The trend is the change: -93%."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    services = steward.services
    now = world.clock()
    rows = []
    for day in range(1, 36):
        at = (now - timedelta(days=day)).replace(minute=0, second=0, microsecond=0)
        busy = day >= 8
        rows.append(WindowCount(shop.id, ACTIVITY, "messages", at, 60 if busy else 4))
        senders = range(10) if busy else range(1)
        rows += [
            WindowCount(shop.id, SENDER, str(1000 + u), at, 6 if busy else 4) for u in senders
        ]
    await services.store.add_to_windows(rows, now)
    report = await _command(steward, owner, "/health")
    assert "trend -93%" in report, report


async def test_the_weekly_digest_is_a_chart_sent_by_dm(clocked):
    """/digest on: a week later the owner gets a photo (a real PNG) with the week's numbers;
    /digest now sends one at once; a member who never started the bot is told how."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    assert "every week" in await _command(steward, owner, "/digest on")
    bob = await shop.join(world.user("bob"))
    await bob.says("first!")
    await steward.settle()
    await _tick(world, steward, 7 * 24 * 3600 + 60)
    photos = [m for m in alice.dms if "photo" in m.state.data]
    assert len(photos) == 1
    assert photos[0].state.upload is not None and photos[0].state.upload.startswith(b"\x89PNG")
    assert f"Weekly digest: «{TITLE}»" in photos[0].text
    await _tick(world, steward, 3600)
    assert len([m for m in alice.dms if "photo" in m.state.data]) == 1  # weekly, not hourly
    assert "Digest sent" in await _command(steward, owner, "/digest now")
    assert len([m for m in alice.dms if "photo" in m.state.data]) == 2
    dave = world.user("dave")
    await shop.promote(dave)
    await steward.settle()
    assert "press Start" in await _command(steward, shop.member(dave), "/digest on")


async def test_a_chinese_digest_is_drawn_without_empty_boxes(clocked, monkeypatch):
    """zh: the chart's Chinese labels were drawn in DejaVu Sans, which has no Han glyphs (empty
    boxes; under the suite's warnings-as-errors no digest was sent). With no Chinese font on the
    machine the chart is labelled in English; the caption stays Chinese."""
    from bot import digest

    digest.cjk_font.cache_clear()
    monkeypatch.setattr(digest, "CJK_FONTS", ("No Such Font For Steward",))
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/lang zh")
    await _command(steward, owner, "/digest on")
    await _command(steward, owner, "/digest now")
    photos = [m for m in alice.dms if "photo" in m.state.data]
    assert len(photos) == 1 and photos[0].state.upload is not None
    digest.cjk_font.cache_clear()


def test_chinese_labels_are_kept_where_a_chinese_font_is_installed(monkeypatch) -> None:
    from bot import digest

    monkeypatch.setattr(digest, "cjk_font", lambda: "Some CJK Font")
    zh, en = {"messages": "消息"}, {"messages": "messages"}
    assert digest.chart_labels(zh, en) == (zh, "Some CJK Font")
    monkeypatch.setattr(digest, "cjk_font", lambda: None)
    assert digest.chart_labels(zh, en) == (en, "DejaVu Sans")
    assert digest.chart_labels(en, en) == (en, "DejaVu Sans")


async def test_a_decline_alerts_the_owner_and_brings_the_next_prompt_forward(clocked):
    """Four busy weeks (from the store's history), then a quiet one: the daily health check
    turns "declining", the owner's DM says why with a suggestion, the next prompt moves up,
    and the alert's button posts a prompt at once."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add weekly mon 18:00")
    services = steward.services
    from bot.activity import ACTIVITY, SENDER
    from bot.store import WindowCount

    now = world.clock()
    rows = []
    for day in range(8, 36):
        at = (now - timedelta(days=day)).replace(minute=0, second=0, microsecond=0)
        rows.append(WindowCount(shop.id, ACTIVITY, "messages", at, 60))
        rows += [WindowCount(shop.id, SENDER, str(1000 + u), at, 6) for u in range(10)]
    for day in range(1, 8):
        at = (now - timedelta(days=day)).replace(minute=0, second=0, microsecond=0)
        rows.append(WindowCount(shop.id, ACTIVITY, "messages", at, 4))
        rows.append(WindowCount(shop.id, SENDER, "1000", at, 4))
    await services.store.add_to_windows(rows, now)
    await services.store.update_chat_settings(shop.id, {"health_stage": "steady"})
    chat = await services.store.get_chat(shop.id)
    await services.store.update_chat_settings(shop.id, {})
    assert chat is not None
    await _tick(world, steward, 60)
    alert = alice.last_dm
    assert f"«{TITLE}» is now" in alert.text and "declining" in alert.text.lower()
    assert "I brought the next scheduled prompt forward" in alert.text
    schedules = await services.store.list_schedules(shop.id)
    assert schedules[0].next_run_at <= datetime(2026, 1, 1, 12, 17, tzinfo=UTC)
    await alice.presses(alert, "💬 Post a prompt now")
    await steward.settle()
    assert len(await _posted(steward, shop)) == 1


async def test_the_daily_health_look_writes_the_counts_once_not_once_per_chat(
    clocked, monkeypatch: pytest.MonkeyPatch
):
    """The minute job writes the activity counts as it begins; the health look at every group
    (all of them at once after a start) reads without writing them again for each."""
    world, steward = clocked
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    for n in range(5):
        group = await world.group_with_steward(f"Shop {n}", owner=alice)
        await steward.settle()
        await group.join(world.user(f"member{n}"))
        await group.member(world.user(f"member{n}")).says("hello")
    await steward.settle()
    services = steward.services
    flushes: list[int] = []
    real = services.activity.flush

    async def counted(store: Any, now: datetime) -> None:
        flushes.append(services.activity.pending)
        await real(store, now)

    monkeypatch.setattr(services.activity, "flush", counted)
    await _tick(world, steward, 60)
    assert len(flushes) == 1 and flushes[0] > 0
    stages = [
        (await services.store.get_chat(c.chat_id)) for c in await services.store.list_chats()
    ]
    assert sum(1 for c in stages if c is not None and "health_stage" in c.settings) == 5


async def test_prompt_post_that_timed_out_says_it_may_have_been_posted(clocked):
    """A timeout may have posted the prompt: the answer says so (it was "Telegram refused
    ({error})", a refusal that never happened, with its placeholder left in)."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    steward.services.engagement.rng = random.Random(0)  # picks a text prompt
    world.faults.fail("sendMessage", "timeout", times=1, chat_id=shop.id)
    answer = await _command(steward, owner, "/prompt post")
    assert answer.startswith("Telegram did not answer in time")
    assert "{" not in answer and "refused" not in answer


async def test_a_time_zone_change_moves_the_schedules(clocked):
    """A "daily 15:00" added on UTC, then /tz Europe/Berlin: it runs at 15:00 in Berlin (it
    stayed at 15:00 UTC, 16:00 there)."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 15:00")
    await _command(steward, owner, "/tz Europe/Berlin")
    listing = await _command(steward, owner, "/schedule list")
    assert "#1 daily 15:00 · next 2026-01-01 15:00" in listing
    await _tick(world, steward, 2 * 3600 + 10)  # 14:00 UTC is 15:00 in Berlin
    assert len(await _posted(steward, shop)) == 1


async def test_resuming_counts_against_the_daily_limit(clocked):
    """Four a day, pause one, add a fifth, resume the first: refused (five were posted)."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    for at in ("13:00", "14:00", "15:00", "16:00"):
        await _command(steward, owner, f"/schedule add daily {at}")
    await _command(steward, owner, "/schedule pause 1")
    await _command(steward, owner, "/schedule add daily 17:00")
    answer = await _command(steward, owner, "/schedule resume 1")
    assert "more than 4 prompts a day" in answer, answer
    rows = await steward.services.store.list_schedules(shop.id)
    assert [r.paused for r in rows] == [True, False, False, False, False]


async def test_a_prompt_list_longer_than_telegram_allows_is_answered(clocked):
    """Five ten-option polls made the list longer than 4,096 characters: Telegram refused it
    and the owner got no answer. Options are shortened as texts are, and the whole fits."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    for i in range(5):
        options = " | ".join(f"{i}{j}" + "o" * 95 for j in range(10))
        assert "added" in await _command(steward, owner, f"/prompt add poll Q{i}? | {options}")
    before = len(shop.bot_messages)
    await owner.says("/prompt list")
    await steward.settle()
    assert len(shop.bot_messages) == before + 1
    assert len(shop.last_bot_message.text) <= 4096 and "#5" in shop.last_bot_message.text


async def test_a_store_error_after_posting_does_not_post_the_run_twice(clocked, monkeypatch):
    """The prompt is posted, then the store fails to record it ("database is locked"): the run
    was handed back and a second prompt posted a minute later. The retry records the first."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 13:00")
    store = steward.services.store
    real, calls = store.finish_schedule, []

    async def locked_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE schedules", {}, Exception("database is locked"))
        return await real(*args, **kwargs)

    monkeypatch.setattr(store, "finish_schedule", locked_once)
    before = len(shop.bot_messages)
    await _tick(world, steward, 3600 + 5)
    for _ in range(3):
        await _tick(world, steward, 60)
    assert len(shop.bot_messages) - before == 1
    assert len(await _posted(steward, shop)) == 1  # and it is recorded, so it is measured


async def test_two_workers_send_a_weeks_digest_once(clocked):
    """Two workers read the chat at once and both find the digest due: the first to claim
    it sends it, the other sends nothing (the owner got two)."""
    from bot.digest import send_digest

    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/digest on")
    world.clock.advance(7 * 24 * 3600 + 60)
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and steward.app is not None
    now = steward.services.clock()
    first = await send_digest(steward.services, steward.app.bot, chat, now)
    second = await send_digest(steward.services, steward.app.bot, chat, now)  # stale `chat`
    assert (first, second) == (1, 0)
    assert len([m for m in alice.dms if "photo" in m.state.data]) == 1


async def test_replies_sent_while_steward_restarts_count_for_the_prompt(clocked):
    """A prompt posted at 13:00; Steward stops at 13:02 and two members reply while it is
    down. Telegram hands those replies over at the start, before the engagement job's first run
    had the prompt watched again: the hour was measured with no replies."""
    world, steward = clocked
    alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 13:00")
    bob = await shop.join(world.user("bob"))
    carol = await shop.join(world.user("carol"))
    await steward.settle()
    await _tick(world, steward, 3600 + 5)
    [post] = await steward.services.store.list_posts(shop.id)
    prompt = next(m for m in shop.bot_messages if m.id == post.message_id)
    world.clock.advance(120)
    await steward.stop()
    await bob.says("Mine are the grey ones from last week", reply_to=prompt)
    await carol.says("Same here, love them", reply_to=prompt)
    await steward.start()
    await steward.settle()
    await _tick(world, steward, 5)
    await _tick(world, steward, 3600)
    [post] = await steward.services.store.list_posts(shop.id)
    assert post.measured_at is not None
    assert (post.replies, post.messages, post.participants) == (2, 2, 2)


async def test_a_restart_after_the_record_failed_does_not_post_the_run_twice(clocked, monkeypatch):
    """The prompt is posted, the store fails to record it, and Steward restarts before the
    retry: what was owed lived in memory only, so the restarted Steward posted a second prompt
    for the same run. The run is marked as being sent before the post; a restart that finds the
    mark advances the schedule and posts nothing more."""
    world, steward = clocked
    _alice, shop, owner = await _group(world, steward)
    await _command(steward, owner, "/schedule add daily 13:00")
    store = steward.services.store

    async def locked(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("UPDATE schedules", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "finish_schedule", locked)
    before = len(shop.bot_messages)
    await _tick(world, steward, 3600 + 5)
    assert len(shop.bot_messages) - before == 1
    await steward.stop()
    await steward.start()
    await steward.settle()
    for _ in range(12):
        await _tick(world, steward, 60)
    assert len(shop.bot_messages) - before == 1
    [schedule] = await steward.services.store.list_schedules(shop.id)
    assert schedule.last_outcome == "unrecorded"
    assert schedule.next_run_at > steward.services.clock()
