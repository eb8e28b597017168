"""Competitor poaching at its edges, end to end: a site listed with a path, a listed rival behind
a hidden link or an inline button, a member the group knows only asking about a listed rival
(the owner is told, nobody is warned), and names separated the way a Chinese keyboard types."""

from __future__ import annotations

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import owner_and_shop
from tests.e2e.test_poaching import _known_member


async def test_a_competitor_listed_as_a_site_with_a_path_is_matched_by_its_site(
    world: World, steward: Harness
):
    """The owner copies a rival's link without https: /competitor add rivalbags.com/catalog
    ("Added"). A newcomer's "rivalbags.com has these" stayed up with no event, though the same
    entry typed as https://rivalbags.com/catalog or www.rivalbags.com/catalog catches it: the
    entry should be read as the site rivalbags.com, whichever way the link was pasted."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add rivalbags.com/catalog")
    await steward.settle()
    assert "Added to the competitor list (1)" in shop.last_bot_message.text
    newcomer = await shop.join(world.user("nina"))
    message = await newcomer.says("rivalbags.com has these")
    await steward.settle()
    assert message.deleted
    event = await steward.services.store.find_event_by_message(shop.id, message.id)
    assert event is not None and event.kind == "poaching_removed"


async def test_a_listed_competitors_site_behind_a_hidden_link_is_caught(
    world: World, steward: Harness
):
    """shopxyz.com is listed. A member of 25 messages posting "the same bag is here
    https://shopxyz.com/bags/123" is removed as poaching; the same with the address hidden
    behind the word "here" (a text link, one click in any Telegram app) went through with no
    event and no word to the owner. A hidden link to a listed rival is still that rival."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add shopxyz.com")
    await steward.settle()
    bob = await _known_member(world, steward, shop)
    hidden = await bob.says(
        "the same bag is here",
        entities=[
            {"type": "text_link", "offset": 16, "length": 4, "url": "https://shopxyz.com/bags/123"}
        ],
    )
    await steward.settle()
    event = await steward.services.store.find_event_by_message(shop.id, hidden.id)
    assert event is not None and event.kind.startswith("poaching"), event
    assert "shopxyz.com" in (event.reason or "")


async def test_a_known_member_asking_whether_a_listed_rival_is_legit_is_not_warned(
    world: World, steward: Harness
):
    """README: from a member the group knows, a listed name only asked about ("is X legit?")
    is reported to the owner. bob (25 messages) asks "is ShopXyz legit? anyone ordered
    there?" and gets a public "@bob, please do not lead members to other groups... Warning
    1/3", a strike towards the warning limit, for a question. The owner should hear of it;
    bob should not be warned."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add ShopXyz")
    await steward.settle()
    bob = await _known_member(world, steward, shop)
    before = len(shop.bot_messages)
    await bob.says("is ShopXyz legit? anyone ordered there?")
    await steward.settle()
    said = [m.text for m in shop.bot_messages[before:]]
    assert not any("@bob" in text for text in said), said
    record = await steward.services.store.get_member(shop.id, bob.id)
    assert record is not None and record.warnings == 0


async def test_a_full_width_semicolon_separates_competitor_names(world: World, steward: Harness):
    """/competitor add takes names separated by ",", ";", "，" or "、"; a Chinese keyboard's
    "；" made "店铺甲；店铺乙" one name, so a member naming 店铺甲 alone was not matched. It
    should list two names, as "店铺甲;店铺乙" does."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add 店铺甲；店铺乙")
    await steward.settle()
    reply = shop.last_bot_message.text
    assert "Added to the competitor list (2): 店铺甲, 店铺乙." in reply, reply


async def test_a_competitor_listed_with_a_path_is_removed_by_its_site(
    world: World, steward: Harness
):
    """Listed as rivalbags.com/catalog, the rival is removed from the list as rivalbags.com (the
    same site), and the list is empty after."""
    alice, shop = await owner_and_shop(world, steward)
    owner = shop.member(alice)
    await owner.says("/competitor add rivalbags.com/catalog")
    await steward.settle()
    await owner.says("/competitor remove rivalbags.com")
    await steward.settle()
    assert "rivalbags.com/catalog" in shop.last_bot_message.text, shop.last_bot_message.text
    assert await steward.services.store.list_competitors(shop.id) == []


async def test_a_listed_competitors_site_on_an_inline_button_is_caught(
    world: World, steward: Harness
):
    """A message whose inline button opens a listed rival's site (a post sent via an inline
    bot) went through with no event, however plain its words: the button is one tap away."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add shopxyz.com")
    await steward.settle()
    bob = await _known_member(world, steward, shop)
    posted = await bob.says(
        "the same bag, a lot cheaper",
        buttons=[[{"text": "Open", "url": "https://shopxyz.com/bags/123"}]],
    )
    await steward.settle()
    event = await steward.services.store.find_event_by_message(shop.id, posted.id)
    assert event is not None and event.kind.startswith("poaching"), event
    assert "shopxyz.com" in (event.reason or "")


async def test_a_known_members_question_about_a_listed_rival_is_reported_to_the_owner(
    world: World, steward: Harness
):
    """bob's "is ShopXyz legit?" stays up, unwarned; the owner gets an alert saying so (no
    "I warned them"), and /log records it as reported."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add ShopXyz")
    await steward.settle()
    bob = await _known_member(world, steward, shop)
    asked = await bob.says("is ShopXyz legit? anyone ordered there?")
    await steward.settle()
    assert not asked.deleted
    event = await steward.services.store.find_event_by_message(shop.id, asked.id)
    assert event is not None and event.kind == "poaching_reported", event
    dm = alice.last_dm.text
    assert "mentions a rival but sends nobody there" in dm, dm
    assert "did not warn them" in dm and "I warned them" not in dm, dm
    assert "Rival: ShopXyz" in dm, dm


async def test_a_newcomer_naming_a_listed_rival_is_still_removed(world: World, steward: Harness):
    """The same question from an account that just joined is removed, as before."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add ShopXyz")
    await steward.settle()
    newcomer = await shop.join(world.user("nina"))
    asked = await newcomer.says("is ShopXyz legit? anyone ordered there?")
    await steward.settle()
    assert asked.deleted
