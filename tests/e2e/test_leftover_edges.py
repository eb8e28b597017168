"""Leftover edges of the complaint watch, the outbox and the competitor list, end to end:
Telegram's refusals of a statement, of calm mode (on and off) and of a retried step read in the
reader's language; /herd calm on|off and the words it ignores; a competitor listed under an
earlier version's key is still removed by typing it again; a known member's question about a
listed rival is not counted as poaching in the group's hourly figures."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import outbound
from bot.activity import ACTIVITY
from bot.calm import CALM_KEY
from bot.harness import Harness
from bot.sandbox import World
from policies.competitors import Entry
from tests.e2e.test_moderation import AD, owner_and_shop
from tests.e2e.test_outbox import _tick
from tests.e2e.test_poaching import _known_member


def _lose_right(world: World, shop, right: str) -> None:
    """Steward loses an admin right in the group without hearing of it (its cache lags)."""
    shop.chat.members[world.bot.id].rights[right] = False


async def test_calm_mode_refused_by_telegram_says_why_in_russian(world: World, steward: Harness):
    """Steward lost the right to restrict members a moment ago (its cache still says it has
    it): /herd calm 1h in a Russian group answered "Режим тишины не включён (Not enough rights
    to change chat permissions)", Telegram's English. The refusal is one the
    catalogue knows: it should read in Russian."""
    alice, shop = await owner_and_shop(world, steward, language="ru")
    _lose_right(world, shop, "can_restrict_members")
    await shop.member(alice).says("/herd calm 1h")
    await steward.settle()
    reply = shop.last_bot_message.text
    assert "Режим тишины не включён" in reply, reply
    assert "у меня нет права «Блокировка пользователей»" in reply, reply
    assert "enough rights" not in reply, reply


async def test_calm_mode_that_cannot_be_ended_says_why_in_chinese(world: World, steward: Harness):
    """Calm mode on, then Steward loses the right to restrict members: /herd calm off in a
    Chinese group said why in Telegram's English; it should say it in Chinese."""
    alice, shop = await owner_and_shop(world, steward, language="zh")
    owner = shop.member(alice)
    await owner.says("/herd calm 1h")
    await steward.settle()
    assert shop.chat.permissions["can_send_photos"] is False
    _lose_right(world, shop, "can_restrict_members")
    await owner.says("/herd calm off")
    await steward.settle()
    reply = shop.last_bot_message.text
    assert "暂时无法恢复群的原有权限" in reply, reply
    assert "我没有“封禁用户”权限" in reply, reply
    assert "enough rights" not in reply, reply


async def test_a_statement_telegram_refuses_says_why_in_russian(world: World, steward: Harness):
    """Telegram refuses the statement (403, the bot kicked): /herd post in a Russian group said
    "Не получилось опубликовать заявление: Forbidden: bot was kicked from the supergroup chat"."""
    alice, shop = await owner_and_shop(world, steward, language="ru")
    world.faults.fail("sendMessage", "403", times=1, chat_id=shop.id)
    await shop.member(alice).says("/herd post")
    await steward.settle()
    reply = shop.last_bot_message.text
    assert "Не получилось опубликовать заявление: меня удалили из чата" in reply, reply
    assert "bot was kicked" not in reply, reply


async def test_a_retried_step_refused_for_good_says_why_in_russian(
    clocked, monkeypatch: pytest.MonkeyPatch
):
    """A spammer's mute times out, and by its retry Steward has lost the right to restrict:
    the owner's follow-up in Russian ended in "(Not enough rights to restrict/unrestrict chat
    member)"; it should name the missing right in Russian."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward, language="ru")
    world.faults.fail("restrictChatMember", "timeout", times=3)  # a call and 2 quick retries
    ad = await (await shop.join(world.user("mallory"))).says(AD)
    await steward.settle()
    assert ad.deleted and not shop.is_restricted(world.user("mallory"))
    _lose_right(world, shop, "can_restrict_members")
    assert await _tick(world, steward, 5) == 1
    follow = alice.last_dm.text
    assert "❌ мьют автора: не удалось, попыток: 2" in follow, follow
    assert "у меня нет права «Блокировка пользователей»" in follow, follow
    assert "enough rights" not in follow, follow


async def test_herd_calm_on_and_off_are_understood(clocked):
    """/herd calm on was refused as a bad duration ("Calm mode needs a time from 1 minute to 7
    days"); it is calm mode for the usual two hours, as /herd calm is, and /herd calm off ends
    it."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward)
    owner = shop.member(alice)
    await owner.says("/herd calm on")
    await steward.settle()
    reply = shop.last_bot_message.text
    assert "Calm mode is on in «Alice's Shop» until 14:00" in reply, reply
    assert shop.chat.permissions["can_send_photos"] is False
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and isinstance(chat.settings.get(CALM_KEY), str)
    assert chat.settings[CALM_KEY] == (steward.services.clock() + timedelta(hours=2)).isoformat()
    await owner.says("/herd calm off")
    await steward.settle()
    assert "Calm mode is off in «Alice's Shop»" in shop.last_bot_message.text
    assert shop.chat.permissions.get("can_send_photos", True) is True


async def test_herd_calm_says_which_words_it_ignored(clocked):
    """/herd calm 30m now turned calm mode on for 30 minutes and silently dropped "now", while
    /herd on off and /herd post x say what they ignored; so does /herd calm, on and off."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward)
    owner = shop.member(alice)
    await owner.says("/herd calm 30m now")
    await steward.settle()
    on, ignored = shop.bot_messages[-2:]
    assert "Calm mode is on in «Alice's Shop» until 12:30" in on.text, on.text
    assert ignored.text == "(I ignored the words after the command's own: «now».)"
    await owner.says("/herd calm off please")
    await steward.settle()
    off, ignored = shop.bot_messages[-2:]
    assert "Calm mode is off in «Alice's Shop»" in off.text, off.text
    assert ignored.text == "(I ignored the words after the command's own: «please».)"


async def test_a_competitor_listed_under_its_earlier_key_is_removed_by_its_text(
    world: World, steward: Harness
):
    """rivalbags.com/catalog, listed before a site pasted with a path was read as its site, is
    stored under "rivalbagscomcatalog". /competitor remove rivalbags.com/catalog (the text on
    the list) answered "not on the list": the same text now gives "rivalbagscom"."""
    alice, shop = await owner_and_shop(world, steward)
    store = steward.services.store
    old = Entry("rivalbagscomcatalog", "rivalbags.com/catalog")
    await store.add_competitors(shop.id, [old], alice.id, steward.services.clock())
    steward.services.cache.forget_competitors(shop.id)
    await shop.member(alice).says("/competitor remove rivalbags.com/catalog")
    await steward.settle()
    reply = shop.last_bot_message.text
    assert "rivalbags.com/catalog" in reply and "not on" not in reply, reply
    assert await store.list_competitors(shop.id) == []


async def test_a_known_members_question_about_a_rival_is_not_counted_as_poaching(
    world: World, steward: Harness
):
    """bob (25 messages) asks "is ShopXyz legit?": reported to the owner, not warned, kept. The
    group's hourly figures (health, the weekly digest's "removed") counted it as poaching all
    the same; a newcomer's pitch removed is still counted."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add ShopXyz")
    await steward.settle()
    bob = await _known_member(world, steward, shop)
    asked = await bob.says("is ShopXyz legit? anyone ordered there?")
    await steward.settle()
    services = steward.services
    event = await services.store.find_event_by_message(shop.id, asked.id)
    assert event is not None and event.kind == "poaching_reported", event
    since = services.clock() - timedelta(hours=2)
    await services.activity.flush(services.store, services.clock())
    totals = await services.store.window_totals(shop.id, ACTIVITY, since)
    assert totals.get("poaching", 0) == 0, totals

    pitch = await (await shop.join(world.user("nina"))).says("ShopXyz has these, go there")
    await steward.settle()
    assert pitch.deleted
    await services.activity.flush(services.store, services.clock())
    totals = await services.store.window_totals(shop.id, ACTIVITY, since)
    assert totals.get("poaching", 0) == 1, totals


async def test_a_warned_message_is_not_counted_as_removed(world: World, steward: Harness):
    """The weekly digest says "Spam and poaching removed: N", from the hour's spam and poaching
    figures; a message Steward only warned about (it stays up) was counted there too."""
    _alice, shop = await owner_and_shop(world, steward)
    dana = await shop.join(world.user("dana"))
    warned = await dana.says("Selling my old bike, DM me")
    await steward.settle()
    services = steward.services
    event = await services.store.find_event_by_message(shop.id, warned.id)
    assert event is not None and event.kind.endswith("_warned") and not warned.deleted, event
    since = services.clock() - timedelta(hours=2)
    await services.activity.flush(services.store, services.clock())
    totals = await services.store.window_totals(shop.id, ACTIVITY, since)
    assert totals.get("poaching", 0) == 0 and totals.get("spam", 0) == 0, totals
