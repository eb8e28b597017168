"""Leftovers of automatic moderation: the owner's alert when the warning limit's own action is
refused by Telegram, and the outbox's own reasons for giving a step up, read in the owner's
language (reasons stored in English before stay readable)."""

from __future__ import annotations

import pytest

from bot.actuator import Done
from bot.alerts import Text
from bot.harness import Harness
from bot.sandbox import World
from handlers.moderation import _limit_refusal
from tests.e2e.test_moderation import AD, owner_and_shop
from tests.e2e.test_moderation_edges import later, three_warnings
from tests.e2e.test_outbox import _ad_whose_mute_failed, _tick, fast_retries  # noqa: F401

# ---- the warning limit's action refused -------------------------------------------------------

NO_RESTRICT = {"can_restrict_members": False}


async def _weak_shop(world: World, steward: Harness, language: str):
    """An owner, and a group where Steward may delete and post but not mute or ban."""
    alice = world.user("alice", started_bot=True, language_code=language)
    await alice.start_bot()
    shop = await world.group_with_steward("Weak Shop", owner=alice, rights=NO_RESTRICT)
    await steward.settle()
    return alice, shop


@pytest.mark.parametrize(
    ("language", "reached", "right"),
    [
        ("en", "reached the limit (3), but Telegram would not let me mute", "Ban users"),
        ("ru", "достигло лимита (3), но Telegram не дал мне", "Блокировка пользователей"),
        ("zh", "这次警告已达上限（3 次），但 Telegram 不允许我", "封禁用户"),
    ],
)
async def test_the_owner_hears_the_limit_was_reached_when_its_mute_is_refused(
    clocked, language: str, reached: str, right: str
):
    """Steward lacks the right to mute: the third warning reaches the limit, the group reads
    "reached the warning limit, but Telegram would not let me act on them", and the owner's
    alert said only "so I warned them and left it up", as for any warning: nothing about the
    limit. It now says the limit was reached, the mute was refused, and which right is missing."""
    world, steward = clocked
    alice, shop = await _weak_shop(world, steward, language)
    await three_warnings(world, steward, shop, world.user("dana"))
    assert not shop.is_restricted(world.user("dana"))
    alert = alice.last_dm.text
    assert "@dana" in alert
    assert reached in alert, alert
    assert right in alert, alert
    events = await steward.services.store.list_events(shop.id)
    assert "not done: mute 1d (warning limit 3 reached)" in events[0].reason, events[0].reason


async def test_telegrams_own_reason_for_refusing_the_limits_mute_is_named(clocked):
    """With every right, Telegram refuses the mute for its own reason (here: Steward was just
    removed): the owner's alert says the limit was reached and gives that reason."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward)
    member = await shop.join(world.user("dana"))
    for _ in range(2):
        await member.says("Photos from the meetup are in t.me/+Abcdefg, have a look")
        await steward.settle()
        later(world, 900)
    world.faults.fail("restrictChatMember", "403", times=3)
    await member.says("Photos from the meetup are in t.me/+Abcdefg, have a look")
    await steward.settle()
    alert = alice.last_dm.text
    assert "reached the limit (3), but Telegram would not let me mute them" in alert, alert
    assert "I was removed from the chat" in alert, alert


def test_a_vague_refusal_names_the_right_steward_lacks():
    """Telegram only says "not enough rights": the right Steward's stored rights lack is named;
    a refusal Steward does not know is given as Telegram wrote it."""
    done = Done("restrict", -100, False, 7, "Bad Request: CHAT_ADMIN_REQUIRED")
    named = _limit_refusal(done, {"can_restrict_members": False})
    assert isinstance(named, Text) and named.key == "refusal.no_right"
    assert named.values["right"] == Text("rights.can_restrict_members")
    odd = Done("restrict", -100, False, 7, "Bad Gateway")
    assert _limit_refusal(odd, {"can_restrict_members": False}) == "Bad Gateway"


async def test_a_limit_reached_and_done_still_reads_as_done(clocked):
    """The mute at the limit goes through: the alert says what was done, not a refusal."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward)
    await three_warnings(world, steward, shop, world.user("dana"))
    alert = alice.last_dm.text
    assert "so I muted them for 1d" in alert and "would not let me" not in alert, alert


# ---- the outbox's own reasons, in the owner's language ----------------------------------------


@pytest.mark.parametrize(
    ("language", "expired"),
    [("en", "its time is over"), ("ru", "его срок уже прошёл"), ("zh", "时限已过")],
)
async def test_a_mute_whose_time_passed_is_explained_in_the_owners_language(
    clocked, language: str, expired: str
):
    """A mute still waiting in the outbox when its day has passed is given up: a Russian or
    Chinese owner read "(its time is over)" in English in the follow-up."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward, language=language)
    await _ad_whose_mute_failed(world, steward, shop)
    assert await _tick(world, steward, 86400 + 60) == 1
    follow = alice.last_dm.text
    assert expired in follow, follow
    if language != "en":
        assert "its time is over" not in follow, follow
    events = await steward.services.store.list_events(shop.id)
    assert "not done: restrict (its time is over)" in events[0].reason, events[0].reason


async def test_giving_up_after_many_tries_is_explained_in_the_owners_language(clocked):
    """A mute that keeps failing in passing is given up after the last backoff: the Russian
    owner read "(gave up after 12 tries)" in English."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward, language="ru")
    world.faults.fail("restrictChatMember", "5xx", times=3 * 20)
    await (await shop.join(world.user("mallory"))).says(AD)
    await steward.settle()
    for _ in range(12):
        await _tick(world, steward, 3600)
    follow = alice.last_dm.text
    assert "я перестал пробовать, попыток: 12" in follow, follow
    assert "gave up" not in follow, follow
    events = await steward.services.store.list_events(shop.id)
    assert "not done: restrict (gave up after 12 tries)" in events[0].reason, events[0].reason


async def test_a_reason_stored_in_english_before_is_shown_as_it_was(clocked):
    """An outbox step settled by an earlier version kept its reason in English: it is still
    shown, as written, in the follow-up."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward, language="ru")
    await _ad_whose_mute_failed(world, steward, shop)
    services = steward.services
    now = services.clock()
    (item,) = await services.store.due_outbox(now.replace(year=now.year + 1))
    await services.store.settle_outbox(
        item.id, status="failed", attempts=2, at=now, next_at=None, error="its time is over"
    )
    assert steward.app is not None and item.event_id is not None
    await services.outbox.settled(services, steward.app.bot, item.event_id)
    await steward.settle()
    assert "(its time is over)" in alice.last_dm.text, alice.last_dm.text
