"""Ad spam end to end: what gets removed, who is spared, and what the owner is told."""

from __future__ import annotations

import pytest

from bot.harness import Harness
from bot.sandbox import World

AD = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"


async def owner_and_shop(
    world: World, steward: Harness, *, language: str = "en", **settings: object
):
    """An owner who started the bot, and a shop group with Steward as a full admin."""
    alice = world.user("alice", started_bot=True, language_code=language)
    await alice.start_bot()
    shop = await world.group_with_steward("Alice's Shop", owner=alice)
    await steward.settle()
    if settings:
        await steward.services.store.update_chat_settings(shop.id, settings)
        steward.services.cache.forget_chat(shop.id)
    return alice, shop


async def test_link_ad_in_first_message_is_removed_and_owner_told(world: World, steward: Harness):
    """A new member's first message advertising elsewhere is deleted; the owner learns why."""
    alice, shop = await owner_and_shop(world, steward)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert ad.deleted
    assert shop.is_restricted(world.user("mallory"))
    dm = alice.last_dm.text
    assert "Removed a message from @mallory" in dm
    assert "invite link" in dm and "muted" in dm
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and event.kind == "spam_removed"
    assert {c["name"] for c in event.checks} >= {"links", "stop_phrases"}
    assert event.text == AD


async def test_everyday_chat_is_left_alone(world: World, steward: Harness):
    """Questions, thanks and complaints from customers are never touched."""
    _, shop = await owner_and_shop(world, steward)
    bob = await shop.join(world.user("bob"))
    lines = [
        "Hi! Is the blue hoodie still in stock in M?",
        "hello all",
        "My parcel is two weeks late, tracking says nothing",
        "спасибо, всё пришло!",
        "请问这款还有货吗？",
    ]
    sent = [await bob.says(line) for line in lines]
    await steward.settle()
    assert not any(m.deleted for m in sent)
    assert not shop.is_restricted(world.user("bob"))
    member = await steward.services.store.get_member(shop.id, world.user("bob").id)
    assert member is not None and member.messages_seen == len(lines)


async def test_admins_and_anonymous_admins_are_never_judged(world: World, steward: Harness):
    """An admin (or the group speaking as itself) may post links and promotions."""
    alice, shop = await owner_and_shop(world, steward)
    owner_ad = await shop.member(alice).says(AD)
    anon = await shop.anonymous_admin_says(AD)
    await steward.settle()
    assert not owner_ad.deleted and not anon.deleted


async def test_message_posted_as_a_channel_bans_the_channel(world: World, steward: Harness):
    """Spam sent as a channel gets that channel banned, not the shared channel-bot user."""
    _, shop = await owner_and_shop(world, steward)
    channel = world.channel("Cheap Deals", username="cheapdeals")
    post = await shop.channel_says(channel, AD)
    await steward.settle()
    assert post.deleted
    assert channel.id in shop.banned_sender_chats
    assert not shop.banned


async def test_linked_channel_forward_is_spared(world: World, steward: Harness):
    """The group's own linked channel's automatic forwards are never judged."""
    _, shop = await owner_and_shop(world, steward)
    channel = world.channel("Alice News")
    shop.link_channel(channel)
    post = await shop.channel_says(channel, AD, automatic_forward=True)
    await steward.settle()
    assert not post.deleted


async def test_clean_message_edited_into_an_ad_is_removed(world: World, steward: Harness):
    """Spammers post clean text and edit it into an ad later; the edit is judged too."""
    _, shop = await owner_and_shop(world, steward)
    eve = await shop.join(world.user("eve"))
    message = await eve.says("hi everyone")
    await steward.settle()
    assert not message.deleted
    await eve.edits(message, AD)
    await steward.settle()
    assert message.deleted


async def test_an_ad_edited_before_steward_saw_it_is_acted_on_once(world: World, steward: Harness):
    """The post and its edits all waiting when Steward gets to them: one removal, one mute,
    one event and one alert (a second alert said "I could not remove it": it was gone)."""
    alice, shop = await owner_and_shop(world, steward)
    eve = await shop.join(world.user("eve"))
    await steward.settle()
    dms = len(alice.dms)
    ad = await eve.says(AD)
    await eve.edits(ad, AD + " !!")
    await eve.edits(ad, AD + " !!!")
    await steward.settle()
    assert ad.deleted
    events = [
        e for e in await steward.services.store.list_events(shop.id) if e.message_id == ad.id
    ]
    assert [e.kind for e in events] == ["spam_removed"]
    assert len(world.calls_to("restrictChatMember")) == 1
    assert len(alice.dms) == dms + 1 and "could not remove" not in alice.last_dm.text


async def test_an_observed_ad_touched_up_is_not_reported_again(world: World, steward: Harness):
    """In observe mode a spammer editing the ad they posted does not make a second event and
    a second alert about the same message."""
    alice, shop = await owner_and_shop(world, steward, mode="observe")
    eve = await shop.join(world.user("eve"))
    ad = await eve.says(AD)
    await steward.settle()
    dms = len(alice.dms)
    await eve.edits(ad, AD + " now!")
    await steward.settle()
    kinds = [e.kind for e in await steward.services.store.list_events(shop.id)]
    assert kinds.count("spam_observed") == 1
    assert len(alice.dms) == dms


async def test_missing_rights_are_survived(world: World, steward: Harness):
    """Without delete and ban rights Steward records the decision and keeps running."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward(
        "Weak", owner=alice, rights={"can_delete_messages": False, "can_restrict_members": False}
    )
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert not ad.deleted
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and "done: nothing" in event.reason
    refused = [c for c in world.calls_to("deleteMessage") if not c.ok]
    assert refused and "not enough rights" in (refused[0].description or "")


async def test_message_already_gone_is_fine(world: World, steward: Harness):
    """If Telegram says the message is already gone, Steward still mutes and records."""
    owner, shop = await owner_and_shop(world, steward)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    ad.state.deleted = True  # another admin removed it a moment earlier
    await steward.settle()
    assert shop.is_restricted(world.user("mallory"))
    assert await steward.services.store.find_event_by_message(shop.id, ad.id) is not None
    # The owner reads that it was removed (someone was quicker), not "I could not remove it".
    dm = owner.last_dm.text
    assert "could not remove" not in dm and "NOT deleted" not in dm
    assert "already gone" in dm


async def test_strange_messages_do_not_crash(world: World, steward: Harness):
    """Combining marks, direction overrides, emoji-only and media without text are handled."""
    _, shop = await owner_and_shop(world, steward)
    zed = await shop.join(world.user("zed"))
    await zed.says("\u0301" * 4000)
    await zed.says("\u202e" * 50 + "hello")
    await zed.says("🙂" * 1000)
    await zed.says(photo=True)
    await zed.says(photo=True, caption="t.me/+Xyz join")
    await steward.settle()
    assert not steward.errors


async def test_spam_wave_is_one_alert_not_fifty(clocked: tuple[World, Harness]):
    """Fifty spammers in a minute: all removed, the owner gets a few DMs, not fifty. On the
    test's own clock: on the wall clock a run that crossed a minute's boundary let a second
    burst of three through (alerts are counted per fixed one-minute window), and failed."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward)
    before = len(alice.dms)
    ads = []
    for n in range(50):
        bot_account = await shop.join(world.user(f"spammer{n}"))
        ads.append(
            await bot_account.says(f"Crypto signals, double your deposit, write me t.me/+Sig{n}x")
        )
    await steward.settle()
    assert all(ad.deleted for ad in ads)
    assert len(alice.dms) - before == 3


async def test_moderator_spam_command_deletes_bans_and_learns(world: World, steward: Harness):
    """/spam by reply removes the message, bans the author, and the lesson survives a restart."""
    alice, shop = await owner_and_shop(world, steward)
    sly = await shop.join(world.user("sly"))
    text = "New collection drop tonight in our partner store, prices lower than here, ask me"
    first = await sly.says(text)
    await steward.settle()
    assert not first.deleted  # nothing obviously wrong with it on its own
    command = await shop.member(alice).says("/spam", reply_to=first)
    await steward.settle()
    assert first.deleted and command.deleted
    assert world.user("sly").id in shop.banned
    assert "Removed and banned @sly" in shop.last_bot_message.text
    chat_model = steward.services.models.for_chat(shop.id)
    before = steward.services.models.shared.score(text.lower())
    assert chat_model.score(text.lower()) > before
    await steward.restart()
    assert steward.services.models.for_chat(shop.id).score(text.lower()) > before


async def test_spam_command_needs_admin_and_reply(world: World, steward: Harness):
    """Non-admins change nothing; an admin without a reply is told how to use it."""
    alice, shop = await owner_and_shop(world, steward)
    bob = await shop.join(world.user("bob"))
    victim = await shop.join(world.user("carol"))
    msg = await victim.says("Hello, when is the next sale?")
    await bob.says("/spam", reply_to=msg)
    await steward.settle()
    assert shop.last_bot_message.text == "Only admins can use that command."
    await shop.member(alice).says("/spam")
    await steward.settle()
    assert not msg.deleted
    assert "Reply to the message" in shop.last_bot_message.text


async def test_restore_undoes_a_wrong_removal(world: World, steward: Harness):
    """/restore <event> unmutes the author, reposts the text as a quote and learns it as ham."""
    alice, shop = await owner_and_shop(world, steward)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and shop.is_restricted(world.user("mallory"))
    await shop.member(alice).says(f"/restore {event.id}")
    await steward.settle()
    assert not shop.is_restricted(world.user("mallory"))
    assert AD in shop.last_bot_message.text
    await shop.member(alice).says("/restore 99999")
    await shop.member(alice).says("/restore")
    await steward.settle()
    assert "Use /restore" in shop.last_bot_message.text


async def test_spammer_who_left_before_the_ban(world: World, steward: Harness):
    """The author is gone by the time Steward acts: the ad is removed and the ban still lands."""
    _, shop = await owner_and_shop(world, steward, spam_action="delete_ban")
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await mallory.leaves()
    await steward.settle()
    assert ad.deleted
    assert world.user("mallory").id in shop.banned
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and event.kind == "spam_removed"


async def test_edit_of_a_message_already_deleted(world: World, steward: Harness):
    """An edit arriving for a message Steward already removed is judged without an error, and
    not acted on again (it used to be deleted again, "not found", and alerted twice)."""
    _, shop = await owner_and_shop(world, steward)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(AD)
    await steward.settle()
    assert ad.deleted
    world.announce(ad.state, edited=True)
    await steward.settle()
    assert [c.ok for c in world.calls_to("deleteMessage")] == [True]
    kinds = [e.kind for e in await steward.services.store.list_events(shop.id)]
    assert kinds.count("spam_removed") == 1


async def test_broken_entities_are_survived(world: World, steward: Harness):
    """Entities pointing past the end of the text, or with odd types, change nothing."""
    _, shop = await owner_and_shop(world, steward)
    zed = await shop.join(world.user("zed"))
    broken = [
        {"type": "mention", "offset": 50, "length": 10},
        # Past the end of the text, to a well-known site: odd, but harmless.
        {"type": "text_link", "offset": 0, "length": 400, "url": "https://en.wikipedia.org/"},
        {"type": "bot_command", "offset": 3, "length": 0},
    ]
    message = await zed.says("hi @x", entities=broken)
    await steward.settle()
    assert not message.deleted


async def test_an_invite_hidden_behind_harmless_words_is_removed(world: World, steward: Harness):
    """A newcomer's friendly line whose words are a text link to an invite: removed, and the
    alert names the hidden link; the same words linking to a well-known site stay."""
    alice, shop = await owner_and_shop(world, steward)
    text = "Nice shop! My page has more photos"
    hidden = [{"type": "text_link", "offset": 0, "length": len(text), "url": "https://t.me/+Hid3"}]
    known = [
        {"type": "text_link", "offset": 0, "length": len(text), "url": "https://github.com/a"}
    ]
    dana = await shop.join(world.user("dana"))
    fine = await dana.says(text, entities=known)
    mallory = await shop.join(world.user("mallory"))
    ad = await mallory.says(text, entities=hidden)
    await steward.settle()
    assert not fine.deleted
    assert ad.deleted
    assert "a link hidden behind other words (t.me)" in alice.last_dm.text
    assert not steward.errors


async def test_a_post_as_the_linked_channel_is_never_judged(world: World, steward: Harness):
    """The group's own channel posting as itself in its discussion group (not an automatic
    forward) was deleted as an ad and the channel banned from its own group."""
    _, shop = await owner_and_shop(world, steward)
    channel = world.channel("Alice News", username="alicenews")
    shop.link_channel(channel)
    post = await shop.channel_says(
        channel,
        "Our new shop site: alice-bags.shop, 20% off this week only, write to @alice_orders",
    )
    await steward.settle()
    assert channel.id not in shop.banned_sender_chats
    assert not post.deleted


@pytest.mark.parametrize("automatic", [True, False], ids=["automatic-forward", "posted-as"])
async def test_spam_and_ban_leave_the_linked_channel_alone(
    world: World, steward: Harness, automatic: bool
):
    """/spam in reply to the linked channel's post deleted it and banned the group's own
    channel (/ban refused, but only for an automatic forward)."""
    alice, shop = await owner_and_shop(world, steward)
    channel = world.channel("Alice News", username="alicenews")
    shop.link_channel(channel)
    post = await shop.channel_says(channel, "Hello subscribers", automatic_forward=automatic)
    await steward.settle()
    for command in ("/spam", "/ban"):
        await shop.member(alice).says(command, reply_to=post)
        await steward.settle()
        assert "linked channel" in shop.last_bot_message.text
    assert channel.id not in shop.banned_sender_chats
    assert not post.deleted


async def test_a_member_named_like_a_moderator_is_not_shown_as_that_moderator(
    world: World, steward: Harness
):
    """A member with no username whose name is "@dave" (a real moderator's handle) posted an
    ad: the owner read "Removed a rival's message from @dave"."""
    alice, shop = await owner_and_shop(world, steward)
    dave = world.user("dave", started_bot=True)
    await shop.join(dave)
    impostor = world.user("mallory", first_name="@dave")
    impostor.state.username = None
    await (await shop.join(impostor)).says(AD)
    await steward.settle()
    assert "from @dave" not in alice.last_dm.text
    assert "from “＠dave”" in alice.last_dm.text
