"""A stale admin list never costs an admin a message (#15, item 7): Telegram is asked before
Steward acts on a sender, and /del on an admin's message asks to be sure."""

from __future__ import annotations

from typing import Any

from bot.harness import Harness
from bot.sandbox import World
from bot.sandbox.state import Membership
from tests.e2e.test_moderation import AD, owner_and_shop


async def test_a_member_promoted_without_news_is_not_moderated(world: World, steward: Harness):
    """Bob was promoted and Steward never heard (no chat_member update): his link-heavy post
    stays up, he is not muted, and he is in the admin cache afterwards."""
    alice, shop = await owner_and_shop(world, steward)
    bob = await shop.join(world.user("bob"))
    await steward.settle()
    shop.chat.members[world.user("bob").id] = Membership(
        "administrator", rights={"can_delete_messages": True}
    )
    post = await bob.says(AD)
    await steward.settle()
    assert not post.deleted and not shop.is_restricted(world.user("bob"))
    assert world.user("bob").id in await steward.services.cache.admin_ids(shop.id)
    assert all("Removed a message from @bob" not in m.text for m in alice.dms)


async def test_an_ordinary_member_is_still_moderated(world: World, steward: Harness):
    """The check asks Telegram and goes on: a member's ad is removed as before."""
    _alice, shop = await owner_and_shop(world, steward)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert ad.deleted


async def test_del_on_an_admins_message_asks_to_be_sure(world: World, steward: Harness):
    """/del in reply to an admin's message refuses once with how to insist; /del force deletes."""
    alice, shop = await owner_and_shop(world, steward)
    carol = world.user("carol")
    await shop.join(carol)
    shop.chat.members[carol.id] = Membership("administrator", rights={"can_delete_messages": True})
    await steward.services.cache.admin_ids(shop.id)
    steward.services.cache.forget_admins(shop.id)
    note = await shop.member(carol).says("Meeting moved to 6pm")
    owner = shop.member(alice)
    await owner.says("/del", reply_to=note)
    await steward.settle()
    assert not note.deleted
    assert "That message is from an admin (@carol)" in shop.last_bot_message.text
    await owner.says("/del force oops, old news", reply_to=note)
    await steward.settle()
    assert note.deleted
    event = (await steward.services.store.list_events(shop.id, 1))[0]
    assert event.kind == "mod_delete" and event.reason == "oops, old news"


async def test_a_bot_the_admins_added_is_never_judged(world: World, steward: Harness):
    """Only an admin can add a bot to a group: its posts (a price bot's links, a welcome bot's
    invite) are left alone; a member's identical post is not."""
    _alice, shop = await owner_and_shop(world, steward)
    helper = world.user("price_bot")
    helper.state.is_bot = True
    bot_post = await (await shop.join(helper)).says(AD)
    mallory = await shop.join(world.user("mallory"))
    member_post = await mallory.says(AD)
    await steward.settle()
    assert not bot_post.deleted
    assert member_post.deleted


async def _menu_of(steward: Harness, user, title: str):
    await user.dm_bot("/settings")
    await steward.settle()
    press = await user.presses(user.last_dm, title)
    await steward.settle()
    return press


async def _admin_dave_and_a_plain_steward(world: World, steward: Harness) -> tuple[Any, Any]:
    """Alice's shop where dave may add admins, and Steward is a plain member (no rights)."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group("Shop", owner=alice)
    dave = world.user("dave", started_bot=True)
    await dave.start_bot()
    await shop.join(dave)
    await shop.promote(dave, rights={"can_manage_chat": True, "can_promote_members": True})
    await shop.add_bot(by=alice, admin=False)
    await steward.settle()
    return shop, dave


async def test_demoted_admin_keeps_changing_settings_while_steward_is_not_admin(
    world: World, steward: Harness
):
    """Steward is a plain member (as the README's set-up allows before promotion), so Telegram
    sends it no chat_member update when the owner demotes dave: dave kept every power, from the
    keyboard and by command. Now Telegram is asked each time while Steward is not an admin."""
    shop, dave = await _admin_dave_and_a_plain_steward(world, steward)
    await dave.dm_bot("/settings")
    await steward.settle()
    menu = dave.last_dm
    await shop.demote(dave)  # dave is no longer an admin
    await steward.settle()
    await dave.presses(menu, "Shop")
    await steward.settle()
    press = await dave.presses(dave.last_dm, "Mode: enforce")
    await steward.settle()
    await shop.member(dave).says("/settings warn_limit 9")
    await steward.settle()
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None
    assert chat.settings == {}, chat.settings  # was {'mode': 'observe', 'warn_limit': 9}
    assert press.show_alert


async def test_admin_who_left_keeps_powers_while_steward_is_not_admin(
    world: World, steward: Harness
):
    """An admin who left the group kept their powers the same way."""
    shop, dave = await _admin_dave_and_a_plain_steward(world, steward)
    await shop.member(dave).leaves()
    await steward.settle()
    await _menu_of(steward, dave, "Shop")
    press = await dave.presses(dave.last_dm, "Mode: enforce")
    await steward.settle()
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None
    assert chat.settings == {}, chat.settings
    assert press.show_alert


async def test_an_admin_who_left_no_longer_sees_the_group_in_private(world: World, steward):
    """Steward a plain member of the group: an admin who was demoted and left still got the
    group's /health in private (the stored admin list kept him; Telegram tells a non-admin bot
    nothing of demotions)."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Alice's Shop", owner=alice, admin=False)
    await steward.settle()
    dave = world.user("dave", started_bot=True)
    await shop.join(dave)
    await shop.promote(dave, rights={"can_restrict_members": True})
    await steward.settle()
    await shop.member(dave).says("/warns")  # Steward reads the admin list
    await steward.settle()
    await shop.demote(dave)
    await shop.member(dave).leaves()
    await steward.settle()
    await dave.start_bot()
    await dave.dm_bot("/health")
    await steward.settle()
    assert "Alice's Shop" not in dave.last_dm.text
