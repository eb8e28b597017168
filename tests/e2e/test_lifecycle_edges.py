"""Onboarding and a group's life cycle (renamed, upgraded, Steward demoted, removed and added
back), driven through the sandbox. Each test failed while its bug lived, and says what a user saw
against what they should see."""

from __future__ import annotations

import random

from bot.harness import Harness
from bot.sandbox import World
from bot.sandbox.handles import User
from tests.e2e.test_herd import COMPLAINTS, _herd_dms

AD = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"


async def _owner(world: World, name: str = "alice") -> User:
    owner = world.user(name, started_bot=True)
    await owner.start_bot()
    return owner


async def _tick(world: World, steward: Harness, seconds: float = 0) -> None:
    """Move the clock and run the engagement tick (as the job queue would)."""
    world.clock.advance(seconds)  # type: ignore[attr-defined]
    assert steward.app is not None
    await steward.services.engagement.tick(steward.services, steward.app.bot)
    await steward.settle()


async def test_a_renamed_group_keeps_its_old_title_in_alerts_and_start(
    world: World, steward: Harness
):
    """The owner renames "Old Shop" to "New Shop" (Telegram tells the bot with a new_chat_title
    service message, and every later message carries the new title). The owner then sees
    alerts "… in «Old Shop»" and /start lists "Old Shop", a group that no longer exists under
    that name; an owner of several groups cannot tell which one is meant. They should see the
    group's current title."""
    alice = await _owner(world)
    shop = await world.group_with_steward("Old Shop", owner=alice)
    await steward.settle()
    shop.chat.title = "New Shop"
    world.announce(world.store_message(shop.chat, alice.state, {"new_chat_title": "New Shop"}))
    await steward.settle()

    spammer = await shop.join(world.user("mallory"))
    ad = await spammer.says(AD)
    await steward.settle()
    assert ad.deleted
    alert = alice.last_dm.text
    await alice.dm_bot("/start")
    await steward.settle()
    listing = alice.last_dm.text

    assert "«New Shop»" in alert, alert
    assert "New Shop" in listing and "Old Shop" not in listing, listing


async def test_herd_alert_links_use_a_username_the_group_no_longer_has(clocked):
    """A public group @publicshop changes its username to @publicshop_new after Steward joined
    (Telegram sends bots no update for that, but every message's chat carries the username).
    The owner's complaint alert still links to https://t.me/publicshop/N: dead links, or links
    into whoever took the freed name. The links should use the current username (or t.me/c/)."""
    world, steward = clocked
    alice = await _owner(world)
    shop = await world.group("Public Shop", owner=alice)
    shop.chat.username = "publicshop"
    await shop.add_bot(by=alice, admin=True)
    await steward.settle()
    shop.chat.username = "publicshop_new"
    for n in range(3):
        buyer = await shop.join(world.user(f"buyer{n}"))
        world.clock.advance(60)
        await buyer.says(COMPLAINTS[n])
        await steward.settle()
    alerts = _herd_dms(alice)
    assert alerts, "no complaint alert"
    text = alerts[0].text
    assert "https://t.me/publicshop/" not in text, text


async def test_settings_keyboard_of_an_upgraded_group_tells_the_owner_they_are_no_admin(
    world: World, steward: Harness
):
    """The owner opens /settings in private for a basic group; the group is then upgraded to a
    supergroup, and she presses a button of the page still on her screen. She is told "Only
    admins of that group can do this." about her own group. She should be told the group
    became a supergroup (the catalogue already has "…if it became a supergroup, send /settings
    again"), or the press should act on the supergroup."""
    alice = await _owner(world)
    group = await world.group("Small", owner=alice, supergroup=False)
    await group.add_bot(by=alice, admin=True)
    await steward.settle()
    await alice.dm_bot("/settings")
    await steward.settle()
    await alice.presses(alice.last_dm, "Small")
    await steward.settle()
    page = alice.last_dm
    await group.migrate_to_supergroup()
    await steward.settle()

    press = await alice.presses(page, page.buttons[0])
    await steward.settle()

    assert press.answer_text is not None
    assert "Only admins" not in press.answer_text, press.answer_text


async def test_greeting_start_link_of_an_upgraded_group_is_not_recognised(
    world: World, steward: Harness
):
    """The owner (who never pressed Start) is shown a start link in the greeting of her basic
    group. The group is upgraded to a supergroup (the greeting stays in its history) and she
    then taps the link: "That start link is not for a group I know" (now: "not for a group you
    run with me"). It is her group; the link should open the supergroup's setup ("Setting up
    «Small»" and what to turn on)."""
    alice = world.user("alice")
    group = await world.group("Small", owner=alice, supergroup=False)
    await group.add_bot(by=alice, admin=True, rights={"can_pin_messages": False})
    await steward.settle()
    assert f"?start=setup_m{-group.id}" in group.last_bot_message.text
    await group.migrate_to_supergroup()
    await steward.settle()

    await alice.start_bot(payload=f"setup_m{-group.id}")
    await steward.settle()

    text = alice.last_dm.text
    assert "not for a group you run with me" not in text, text
    assert "Setting up «Small»" in text, text


async def test_rights_change_posted_in_a_russian_group_is_in_english(
    world: World, steward: Harness
):
    """The owner (English app, never pressed Start) switched her group to Russian with /lang ru.
    Steward is demoted; as the DM cannot be delivered the notice goes to the group, but in
    English ("I'm no longer an admin…"), the owner's app language, in a group Steward speaks
    Russian in. A notice posted in the group should be in the group's language."""
    alice = world.user("alice")
    shop = await world.group_with_steward("Shop", owner=alice)
    await steward.settle()
    await shop.member(alice).says("/lang ru")
    await steward.settle()
    assert "по-русски" in shop.last_bot_message.text

    await shop.demote_bot(by=alice)
    await steward.settle()

    text = shop.last_bot_message.text
    assert "no longer an admin" not in text, text
    assert "администратор" in text, text


async def test_schedules_stay_paused_after_steward_is_added_back(clocked):
    """The owner removes Steward and is told "add me back any time and I'll pick up where I
    left off". A daily prompt comes due meanwhile and its schedule pauses ("Steward left the
    group"). She adds Steward back: the schedule stays paused for good, and neither the greeting
    nor the setup DM says so; no prompt is ever posted again. Steward should resume what the
    removal paused (or at least tell her to /schedule resume)."""
    world, steward = clocked
    steward.services.engagement.rng = random.Random(7)
    alice = await _owner(world)
    shop = await world.group_with_steward("Shop", owner=alice)
    await steward.settle()
    await shop.member(alice).says("/schedule add daily 13:00")
    await steward.settle()
    await shop.remove_bot(by=alice)
    await steward.settle()
    assert "pick up where I left off" in alice.last_dm.text
    await _tick(world, steward, 3600 + 20)  # 13:00: due while Steward is out
    await _tick(world, steward, 3600)
    await shop.add_bot(by=alice, admin=True)
    await steward.settle()
    told = " ".join(m.text for m in alice.dms[-2:]) + shop.last_bot_message.text

    await _tick(world, steward, 23 * 3600)  # the next day, 13:00:20
    await _tick(world, steward, 20)

    posts = await steward.services.store.list_posts(shop.id)
    assert posts, ("the schedule silently stays paused", told)


async def test_restore_after_steward_lost_ban_right_blames_telegram(
    world: World, steward: Harness
):
    """Steward muted a spammer; the owner then took Steward's "Ban users" right away and presses
    Restore on the alert. The group reads "Telegram did not lift @mallory's mute or ban (it
    failed on its side): use /unmute or /unban in a moment" — but nothing failed on Telegram's
    side and /unmute will fail the same way; the owner's alert says "✔️ restored". Steward
    should name the missing right (Ban users), as /unmute itself does."""
    alice = await _owner(world)
    shop = await world.group_with_steward("Shop", owner=alice)
    await steward.settle()
    spammer = await shop.join(world.user("mallory"))
    await spammer.says(AD)
    await steward.settle()
    alert = alice.last_dm
    await shop.promote_bot(by=alice, rights={"can_restrict_members": False})
    await steward.settle()

    press = await alice.presses(alert, "↩️ Restore")
    await steward.settle()

    assert shop.is_restricted(world.user("mallory"))  # the mute really is still on
    notice = shop.last_bot_message.text
    assert "failed on its side" not in notice, notice
    assert "Ban users" in (press.answer_text or ""), press.answer_text


async def test_restore_pressed_after_steward_was_removed_says_restored(
    world: World, steward: Harness
):
    """The owner removes Steward from the group, then presses Restore on an older spam alert.
    Every Bot API call fails (the bot was kicked), the author stays muted and nothing is
    reposted, yet the owner is told "✔️ restored by @alice" and the alert's button now says so.
    She should be told Steward is no longer in that group (as the settings keyboard says)."""
    alice = await _owner(world)
    shop = await world.group_with_steward("Shop", owner=alice)
    await steward.settle()
    spammer = await shop.join(world.user("mallory"))
    await spammer.says(AD)
    await steward.settle()
    alert = alice.last_dm
    await shop.remove_bot(by=alice)
    await steward.settle()

    press = await alice.presses(alert, "↩️ Restore")
    await steward.settle()

    assert shop.is_restricted(world.user("mallory"))
    assert press.answer_text is not None
    assert "restored" not in press.answer_text, press.answer_text
    assert not any("restored" in b for b in alert.buttons), alert.buttons
