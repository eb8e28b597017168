"""Onboarding end to end: Steward joins a group, checks its rights, greets, talks in private."""

from __future__ import annotations

import pytest

from bot.harness import Harness
from bot.sandbox import World
from bot.sandbox.handles import Group
from bot.sandbox.state import FULL_RIGHTS, Membership

NO_PIN = {"can_delete_messages": True, "can_restrict_members": True, "can_pin_messages": False}
NONE_ = {"can_delete_messages": False, "can_restrict_members": False, "can_pin_messages": False}


async def test_added_as_full_admin_greets_and_dms_the_owner(world: World, steward: Harness):
    """Added with every right by an owner who started the bot: a greeting and a setup DM."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    await steward.settle()
    shop = await world.group_with_steward("Alice's Shop", owner=alice)
    await steward.settle()
    greeting = shop.last_bot_message
    assert "Alice's Shop" in greeting.text
    assert "every right I need" in greeting.text
    assert "sent the setup summary to Alice" in greeting.text
    summary = alice.last_dm.text
    assert "Steward is now in «Alice's Shop»" in summary
    assert "Everything is set" in summary
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and chat.status == "active"
    assert chat.bot_rights["can_pin_messages"] is True


async def test_owner_who_never_started_the_bot_gets_a_deep_link(world: World, steward: Harness):
    """No DM is possible before /start, so the greeting carries a t.me deep link instead."""
    bob = world.user("bob")
    shop = await world.group_with_steward("Bob's Merch", owner=bob)
    await steward.settle()
    text = shop.last_bot_message.text
    assert f"https://t.me/StewardTestBot?start=setup_m{-shop.id}" in text
    assert not bob.dms
    assert not [c for c in world.calls_to("sendMessage") if c.params.get("chat_id") == bob.id]


async def test_added_as_plain_member_explains_how_to_promote(world: World, steward: Harness):
    """Without admin rights Steward says it can only watch and names the rights to grant."""
    carol = world.user("carol", started_bot=True)
    await carol.start_bot()
    group = await world.group("Fan Club", owner=carol)
    await group.add_bot(by=carol, admin=False)
    await steward.settle()
    text = group.last_bot_message.text
    assert "not an admin here yet" in text
    assert "Delete messages, Ban users, Pin messages" in text


async def test_missing_pin_right_is_named(world: World, steward: Harness):
    """An admin without the pin right hears exactly that right is missing and why."""
    dan = world.user("dan", started_bot=True)
    await dan.start_bot()
    shop = await world.group_with_steward("Dan's", owner=dan, rights=NO_PIN)
    await steward.settle()
    assert "❌ Pin messages (to pin announcements)" in shop.last_bot_message.text
    assert "turn on: Pin messages" in dan.last_dm.text


async def test_greeting_speaks_the_adders_language(world: World, steward: Harness):
    """A Russian-speaking owner gets a Russian greeting and a Russian DM."""
    olga = world.user("olga", started_bot=True, language_code="ru")
    await olga.start_bot()
    shop = await world.group_with_steward("Магазин", owner=olga)
    await steward.settle()
    assert "Привет, я Steward" in shop.last_bot_message.text
    assert "Steward теперь в «Магазин»" in olga.last_dm.text
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and chat.language == "ru"


async def test_added_by_non_admin_tells_the_owner(world: World, steward: Harness):
    """A plain member adds Steward: the owner gets the setup DM; admins are asked to set up."""
    owner = world.user("owner", started_bot=True)
    await owner.start_bot()
    group = await world.group("Open group", owner=owner)
    eve = world.user("eve", started_bot=True)
    await eve.start_bot()
    await group.join(eve)
    await steward.settle()
    await group.add_bot(by=eve, admin=False)
    await steward.settle()
    assert "Only the group's admins can set me up" in group.last_bot_message.text
    assert "Steward is now in «Open group»" in owner.last_dm.text
    assert not [m for m in eve.dms if "Steward is now in" in m.text]


async def test_promotion_and_demotion_are_reported_to_the_owner(world: World, steward: Harness):
    """Promoting and demoting Steward re-checks its rights and DMs the owner what changed."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    group = await world.group("Shop", owner=alice)
    await group.add_bot(by=alice, admin=False)
    await steward.settle()
    await group.promote_bot(by=alice, rights=NO_PIN)
    await steward.settle()
    assert "I'm now an admin in «Shop»" in alice.last_dm.text
    assert "Gained: Delete messages, Ban users" in alice.last_dm.text
    await group.demote_bot(by=alice)
    await steward.settle()
    assert "no longer an admin in «Shop»" in alice.last_dm.text
    chat = await steward.services.store.get_chat(group.id)
    assert chat is not None and chat.bot_rights["is_admin"] is False


async def test_removed_marks_inactive_keeps_data(world: World, steward: Harness):
    """Removing Steward marks the chat left, keeps its members, and tells the owner."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Shop", owner=alice)
    member = await shop.join(world.user("mike"))
    await member.says("hello all")
    await steward.settle()
    await shop.remove_bot(by=alice)
    await steward.settle()
    store = steward.services.store
    chat = await store.get_chat(shop.id)
    assert chat is not None and chat.status in ("left", "kicked")
    mike = await store.get_member(shop.id, world.user("mike").id)
    assert mike is not None and mike.messages_seen == 1
    assert "removed from «Shop»" in alice.last_dm.text


async def test_start_lists_groups_with_state(world: World, steward: Harness):
    """/start in private remembers the user and lists their groups with Steward's state there."""
    alice = world.user("alice")
    await world.group_with_steward("Full Shop", owner=alice)
    half = await world.group("Half Shop", owner=alice)
    await half.add_bot(by=alice, admin=False)
    await steward.settle()
    await alice.start_bot()
    await steward.settle()
    text = alice.last_dm.text
    assert "Full Shop: active, all rights" in text
    assert "Half Shop: present, not an admin yet" in text
    assert await steward.services.store.can_dm(alice.id)


async def test_start_with_setup_payload_opens_that_group(world: World, steward: Harness):
    """The deep link from a greeting opens that group's setup in private."""
    alice = world.user("alice")
    shop = await world.group_with_steward("Deep Shop", owner=alice, rights=NO_PIN)
    await steward.settle()
    await alice.start_bot(payload=f"setup_m{-shop.id}")
    await steward.settle()
    text = alice.last_dm.text
    assert "Setting up «Deep Shop»" in text
    assert "turn on: Pin messages" in text


async def test_start_with_foreign_payload_is_harmless(world: World, steward: Harness):
    """A payload for a group the user does not administer reveals nothing about it."""
    alice = world.user("alice")
    await world.group_with_steward("Secret", owner=alice)
    await steward.settle()
    mallory = world.user("mallory")
    await mallory.start_bot(payload="setup_m1000000000000")
    await steward.settle()
    assert "not for a group you run with me" in mallory.last_dm.text
    assert "Secret" not in mallory.last_dm.text


async def test_a_members_start_link_of_a_known_group_says_it_is_not_theirs(
    world: World, steward: Harness
):
    """Bob, a member of a group Steward runs, opens its setup link (posted in the group). The
    answer said "not for a group I know", untrue: Steward knows it, Bob does not run it. It
    says it is not a group he runs with Steward, and names nothing of it."""
    alice = world.user("alice")
    group = await world.group_with_steward("Known Shop", owner=alice)
    bob = world.user("bob", started_bot=True)
    await group.join(bob)
    await steward.settle()
    await bob.start_bot(payload=f"setup_m{-group.id}")
    await steward.settle()
    text = bob.last_dm.text
    assert "a group I know" not in text, text
    assert (
        "That start link is not for a group you run with me; here is what I know of yours "
        "instead." in text
    ), text
    assert "You have no groups with Steward yet" in text, text
    assert "Known Shop" not in text, text


async def test_private_help(world: World, steward: Harness):
    """/help in private explains what Steward does."""
    alice = world.user("alice")
    await alice.start_bot()
    await alice.dm_bot("/help")
    await steward.settle()
    assert "/start" in alice.last_dm.text and "/settings" in alice.last_dm.text


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/warn @bob", "/warn works in the group itself"),
        ("/schedule add daily 20:00", "/schedule works in the group itself"),
        ("/tz@StewardTestBot Europe/Berlin", "/tz works in the group itself"),
        ("/frobnicate", "I don't know /frobnicate"),
    ],
)
async def test_a_group_or_unknown_command_in_private_is_answered(
    world: World, steward: Harness, command: str, answer: str
):
    """A group's command sent in private said nothing at all; now where it works, and an
    unknown one that it is unknown, each with what works here."""
    alice = world.user("alice")
    await alice.start_bot()
    await steward.settle()
    dms = len(alice.dms)
    await alice.dm_bot(command)
    await steward.settle()
    assert len(alice.dms) == dms + 1
    assert answer in alice.last_dm.text and "/health" in alice.last_dm.text


async def test_blocking_the_bot_is_remembered(world: World, steward: Harness):
    """A user who blocks Steward is no longer DMed (no retry loop on 403)."""
    alice = world.user("alice")
    await alice.start_bot()
    await steward.settle()
    await alice.block_bot()
    await steward.settle()
    assert not await steward.services.store.can_dm(alice.id)


async def test_added_to_a_channel_the_adder_is_told_why_nothing_happens(
    world: World, steward: Harness
):
    """Steward added to a channel by mistake said nothing at all; the adder now hears that it
    looks after groups, in private (a channel has no member messages to look after)."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    await steward.settle()
    before = len(alice.dms)
    channel = world.channel("My Channel", "mychan")
    channel.members[alice.id] = Membership("creator")
    await Group(world, channel).add_bot(by=alice, admin=True, rights=dict(FULL_RIGHTS))
    await steward.settle()
    assert len(alice.dms) == before + 1
    assert "«My Channel», a channel" in alice.last_dm.text
    assert await steward.services.store.get_chat(channel.id) is None


async def test_plain_text_in_private_is_answered_once_in_a_while(clocked):
    """An owner who writes to Steward in words ("how do I add you?") got silence, which reads
    as a broken bot. The first message gets what works here; more in the next minutes get no
    more answers (no reply to every line), and later one is answered again."""
    world, steward = clocked
    alice = world.user("alice", language_code="ru")
    await alice.start_bot()
    await steward.settle()
    dms = len(alice.dms)
    await alice.dm_bot("привет, как тебя добавить в группу?")
    await steward.settle()
    assert len(alice.dms) == dms + 1
    assert "/start" in alice.last_dm.text and "/help" in alice.last_dm.text
    await alice.dm_bot("алло?")
    await steward.settle()
    assert len(alice.dms) == dms + 1
    world.clock.advance(11 * 60)
    await alice.dm_bot("ну?")
    await steward.settle()
    assert len(alice.dms) == dms + 2
