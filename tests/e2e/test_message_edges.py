"""Messages at the edges of what a text is: albums (one post, one message per photo), ads
written on inline buttons, and channels posting in the group as themselves."""

from __future__ import annotations

from typing import Any

from bot.harness import Harness
from bot.sandbox import World
from bot.sandbox.handles import Message
from bot.sandbox.objects import CHANNEL_BOT_ID
from bot.sandbox.world import FakeClock
from tests.e2e.test_moderation import AD, owner_and_shop

# One invite link and nothing else ad-like: a newcomer's such message is warned and kept.
BORDERLINE = "Photos from the meetup are in t.me/+Abcdefg, have a look"


def later(world: World, seconds: float) -> None:
    """Move the world's hand-driven clock on."""
    assert isinstance(world.clock, FakeClock)
    world.clock.advance(seconds)


def album(world: World, shop: Any, user: Any, captions: list[str | None]) -> list[Message]:
    """An album as Telegram delivers it: one message per photo, all with one media_group_id."""
    group_id = str(world.next_id())
    sent = []
    for n, caption in enumerate(captions):
        body: dict[str, Any] = {
            "photo": [
                {"file_id": f"ph{group_id}{n}", "file_unique_id": f"u{n}", "width": 8, "height": 6}
            ],
            "media_group_id": group_id,
        }
        if caption:
            body["caption"] = caption
        sent.append(world.announce(world.store_message(shop.chat, user.state, body)))
    return sent


async def test_an_album_with_an_ad_caption_is_removed_whole(world: World, steward: Harness):
    """A newcomer posts an album of three photos with the ad as its caption (Telegram puts the
    caption on the first photo). Steward deletes the captioned photo and mutes the author, but
    the other two photos of the same post stay in the group. The whole album should go."""
    alice, shop = await owner_and_shop(world, steward)
    mallory = world.user("mallory")
    await shop.join(mallory)
    photos = album(world, shop, mallory, [AD, None, None])
    await steward.settle()
    assert photos[0].deleted and shop.is_restricted(mallory)
    assert [p.deleted for p in photos] == [True, True, True]


async def test_the_photos_seen_before_an_albums_ad_caption_go_too(world: World, steward: Harness):
    """The photos that arrived before the captioned one (judged and left alone: a photo with no
    caption is nothing) go with it once it is removed; another member's album stays whole."""
    alice, shop = await owner_and_shop(world, steward)
    bob, mallory = world.user("bob"), world.user("mallory")
    await shop.join(bob)
    await shop.join(mallory)
    holiday = album(world, shop, bob, ["From our holiday", None])
    photos = album(world, shop, mallory, [None, None, AD])
    await steward.settle()
    assert [p.deleted for p in photos] == [True, True, True]
    assert not any(p.deleted for p in holiday)
    assert len(shop.deleted_ids) == 3


async def test_an_ad_on_an_inline_button_is_removed(world: World, steward: Harness):
    """A newcomer posts "." with one inline button, "Earn $500 a day from home, no experience
    needed!", linking to an invite (how inline-bot spam looks). The same words as text are
    removed at once, but here Steward only warns ("1 link button") and leaves the ad up: the
    button's words are never read and its invite link is not counted as one. It should be
    removed like the same ad written out."""
    alice, shop = await owner_and_shop(world, steward)
    eve = await shop.join(world.user("eve"))
    button = {
        "text": "Earn $500 a day from home, no experience needed!",
        "url": "https://t.me/+AbCdEfGh",
    }
    ad = await eve.says(".", buttons=[[button]])
    await steward.settle()
    assert ad.deleted


async def test_a_channel_never_seen_is_no_old_member(world: World, steward: Harness):
    """A channel nobody has seen before posts, as itself, a line with an invite link. From a
    newcomer the same line is acted on (warned or removed); from the channel nothing happens and
    nothing is recorded: a channel has no member record, so Steward takes it for a member from
    before it came. A stranger channel's post should be judged at least as strictly as a
    newcomer's."""
    alice, shop = await owner_and_shop(world, steward)
    dana = await shop.join(world.user("dana"))
    from_member = await dana.says(BORDERLINE)
    await steward.settle()
    assert await steward.services.store.find_event_by_message(shop.id, from_member.id)
    channel = world.channel("Meetup Photos", username="meetupphotos")
    post = await shop.channel_says(channel, "The meetup photos: t.me/+Qwertyu, have a look")
    await steward.settle()
    event = await steward.services.store.find_event_by_message(shop.id, post.id)
    assert event is not None, "a stranger channel's invite link went unnoticed"


async def test_a_channel_is_judged_by_its_own_history(clocked):
    """A channel that has posted in the group for days is no newcomer (its messages count to
    it, not to Telegram's Channel_Bot, which every channel posts through); another channel's
    first post of the same line is acted on."""
    world, steward = clocked
    alice, shop = await owner_and_shop(world, steward)
    regular = world.channel("Meetup Photos", username="meetupphotos")
    for line in ("Good morning all", "The meetup is on Saturday", "See you there"):
        await shop.channel_says(regular, line)
        await steward.settle()
    later(world, 2 * 24 * 3600)
    known = await shop.channel_says(regular, BORDERLINE)
    stranger = await shop.channel_says(world.channel("Other Photos"), BORDERLINE)
    await steward.settle()
    store = steward.services.store
    assert await store.find_event_by_message(shop.id, known.id) is None
    assert await store.find_event_by_message(shop.id, stranger.id) is not None
    await steward.services.cache.flush()
    record = await store.get_member(shop.id, regular.id)
    assert record is not None and record.messages_seen == 4
    bot_record = await store.get_member(shop.id, CHANNEL_BOT_ID)
    assert bot_record is None or bot_record.messages_seen == 0


async def test_a_channels_warnings_are_its_own_and_its_limit_bans_the_channel(world, steward):
    """A stranger channel's borderline posts were warned on Telegram's Channel_Bot, the one
    account every channel posts through: its warnings were shared by all channels, and at the
    limit Steward tried to mute Channel_Bot. The warnings are the channel's, and at the limit
    the channel itself is banned from posting (a channel cannot be muted)."""
    _alice, shop = await owner_and_shop(world, steward)
    channel = world.channel("Meetup Photos", username="meetupphotos")
    for thing in ("bike", "lamp", "desk"):
        await shop.channel_says(channel, f"Selling my old {thing}, DM me")  # warned, not removed
        await steward.settle()
    store = steward.services.store
    warned = await store.get_member(shop.id, channel.id)
    assert warned is not None and warned.warnings == 0  # reset at the limit
    bot_record = await store.get_member(shop.id, CHANNEL_BOT_ID)
    assert bot_record is None or bot_record.warnings == 0
    restricted = world.calls_to("restrictChatMember")
    assert not [c for c in restricted if int(c.params["user_id"]) == CHANNEL_BOT_ID]
    banned = world.calls_to("banChatSenderChat")
    assert [int(c.params["sender_chat_id"]) for c in banned] == [channel.id]


async def test_calm_mode_leaves_the_linked_channels_own_post_up(world, steward):
    """Calm mode removes links and forwards members send. The group's linked channel posting
    as itself (its admins, announcing the fix with a tracking link) was removed as well: the
    linked channel is the group's own voice, as its automatic forwards are."""
    alice, shop = await owner_and_shop(world, steward)
    channel = world.channel("Shop News", username="shopnews")
    shop.link_channel(channel)
    await shop.member(alice).says("/herd calm 30m")
    await steward.settle()
    post = await shop.channel_says(channel, "Parcels are moving again: example.com/track")
    stranger = await shop.channel_says(world.channel("Other"), "Track here: example.com/track")
    await steward.settle()
    assert not post.deleted
    assert stranger.deleted
