"""Albums at the edges: a moderator's /spam in reply to one photo of a post, and what the event
of an album removed as an ad says about the photos that went with the captioned one.

Telegram delivers an album as one message per photo sharing a `media_group_id` (bot/albums.py
remembers each chat's recent ones)."""

from __future__ import annotations

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_commands import said, shop_with_team
from tests.e2e.test_message_edges import album, later
from tests.e2e.test_moderation import AD, owner_and_shop


async def test_spam_in_reply_to_one_photo_removes_the_whole_album(clocked):
    """A member posts an album of three photos (nothing wrong with it on its face); minutes
    later a moderator replies /spam to the second photo. Only that photo was removed, the other
    two of the same post stayed up. The album's other photos Steward saw go too."""
    world, steward = clocked
    _alice, shop, dave, _bob, _carol = await shop_with_team(world, steward)
    bob, carol = world.user("bob"), world.user("carol")
    photos = album(world, shop, bob, ["New drop tonight, prices lower than here", None, None])
    holiday = album(world, shop, carol, ["From our holiday", None])
    await steward.settle()
    assert not any(p.deleted for p in photos)
    later(world, 5 * 60)  # moderators are rarely that quick
    command = await said(steward, shop.member(dave), "/spam", reply_to=photos[1])
    assert command.deleted
    assert bob.id in shop.banned
    assert [p.deleted for p in photos] == [True, True, True]
    assert not any(p.deleted for p in holiday)
    assert "Removed and banned @bob" in shop.last_bot_message.text


async def test_the_photos_after_an_albums_ad_are_part_of_its_event(world: World, steward: Harness):
    """An album whose first photo carries the ad: the two photos after it were deleted with a
    log line only, so the event (and /why) told of one message removed. The event says how
    many of the album's other messages went with it; the owner still gets one alert."""
    alice, shop = await owner_and_shop(world, steward)
    before = len(alice.dms)
    mallory = world.user("mallory")
    await shop.join(mallory)
    photos = album(world, shop, mallory, [AD, None, None])
    await steward.settle()
    assert [p.deleted for p in photos] == [True, True, True]
    assert len(alice.dms) - before == 1
    store = steward.services.store
    event = await store.find_event_by_message(shop.id, photos[0].id)
    assert event is not None and event.kind == "spam_removed"
    assert "album: 2 more messages removed" in (event.reason or ""), event.reason
    for photo in photos[1:]:
        assert await store.find_event_by_message(shop.id, photo.id) is None
    await shop.member(alice).says(f"/why {event.id}")
    await steward.settle()
    assert "album: 2 more messages removed" in shop.last_bot_message.text


async def test_the_photos_before_an_albums_ad_are_counted_too(world: World, steward: Harness):
    """Photos seen before the captioned one are removed when it is, and counted with those after
    it: the event of the post tells of all of them."""
    alice, shop = await owner_and_shop(world, steward)
    mallory = world.user("mallory")
    await shop.join(mallory)
    photos = album(world, shop, mallory, [None, AD, None])
    await steward.settle()
    assert [p.deleted for p in photos] == [True, True, True]
    event = await steward.services.store.find_event_by_message(shop.id, photos[1].id)
    assert event is not None
    assert "album: 2 more messages removed" in (event.reason or ""), event.reason
