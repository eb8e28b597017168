"""Competitor poaching end to end: signals, the owner's alert and its buttons, the lists."""

from __future__ import annotations

import pytest

from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_moderation import owner_and_shop

RIVAL = "DM me, same bags much cheaper than here: @rivalbags"
DISGUISED = "r i v a l b a g s has them for half"


async def test_rival_pushing_a_contact_is_removed_and_the_owner_told_who(
    world: World, steward: Harness
):
    """A newcomer's "DM me, cheaper" with a contact: removed; the alert names the rival."""
    alice, shop = await owner_and_shop(world, steward)
    rival = await shop.join(world.user("rival"))
    message = await rival.says(RIVAL)
    await steward.settle()

    assert message.deleted
    event = await steward.services.store.find_event_by_message(shop.id, message.id)
    assert event is not None and event.kind == "poaching_removed"
    dm = alice.last_dm
    assert "Removed a rival's message from @rival in «Alice's Shop»" in dm.text
    assert "Rival: @rivalbags" in dm.text
    assert "asks to continue in private" in dm.text
    assert dm.buttons == ["↩️ Restore", "⛔ Ban author", "📋 Add to competitors"]


async def test_add_to_competitors_from_the_alert_then_the_name_is_caught_in_disguise(
    world: World, steward: Harness
):
    """One press lists the contact; later the same name, spaced out, is caught by the list."""
    alice, shop = await owner_and_shop(world, steward)
    rival = await shop.join(world.user("rival"))
    await rival.says(RIVAL)
    await steward.settle()
    alert = alice.last_dm

    press = await alice.presses(alert, "📋 Add to competitors")
    await steward.settle()
    assert press.answer_text == "Added @rivalbags to the competitor list of «Alice's Shop»."
    entries = await steward.services.store.list_competitors(shop.id)
    assert [e.shown for e in entries] == ["@rivalbags"]
    # The alert stays open: the owner can still ban.
    ban = await alice.presses(alert, "⛔ Ban author")
    await steward.settle()
    assert ban.answer_text is not None and "author banned" in ban.answer_text
    assert world.user("rival").id in shop.banned

    friend = await shop.join(world.user("friend_of_rival"))
    disguised = await friend.says(DISGUISED)
    await steward.settle()
    assert disguised.deleted
    event = await steward.services.store.find_event_by_message(shop.id, disguised.id)
    assert event is not None and event.kind == "poaching_removed"
    assert "names a listed competitor (@rivalbags)" in event.reason


async def test_competitor_command_adds_lists_and_removes_with_clear_refusals(
    world: World, steward: Harness
):
    """/competitor add takes several names and refuses bad ones, one line each."""
    alice, shop = await owner_and_shop(world, steward)
    owner = shop.member(alice)
    await owner.says(
        "/competitor add ShopXyz, t.me/rivalgroup, x, (.*)+[, Best.*Shop+, " + "a" * 129
    )
    await steward.settle()
    reply = shop.last_bot_message.text
    assert "Added to the competitor list (3): ShopXyz, t.me/rivalgroup, Best.*Shop+." in reply
    assert "«x» is too short to list" in reply
    assert "«(.*)+[» is too short to list" in reply
    assert "is too long to list (at most 128 characters)" in reply

    await owner.says("/competitor add shop_xyz")
    await steward.settle()
    assert "Already listed: shop_xyz." in shop.last_bot_message.text

    await owner.says("/competitor list")
    await steward.settle()
    listing = shop.last_bot_message.text
    assert "Competitors (3), page 1 of 1:" in listing
    assert "• ShopXyz" in listing and "• Best.*Shop+" in listing

    await owner.says("/competitor remove SHOP XYZ")
    await steward.settle()
    assert "Removed «ShopXyz» from the competitor list." in shop.last_bot_message.text
    await owner.says("/competitor remove nothing-here")
    await steward.settle()
    assert "«nothing-here» is not on the competitor list" in shop.last_bot_message.text
    await owner.says("/competitor frobnicate")
    await steward.settle()
    assert "Usage: /competitor add NAME" in shop.last_bot_message.text

    # The regex-looking entry is matched as the literal text it is, and nothing else.
    member = await shop.join(world.user("carol"))
    harmless = await member.says("anything at all matches .* in a regex (shop+ too)")
    await steward.settle()
    assert not harmless.deleted
    named = await member.says("BestShop sells it too")
    await steward.settle()
    assert named.deleted


async def test_members_cannot_edit_the_competitor_list(world: World, steward: Harness):
    """Only admins list competitors."""
    _alice, shop = await owner_and_shop(world, steward)
    bob = await shop.join(world.user("bob"))
    await bob.says("/competitor add bobshop")
    await steward.settle()
    assert await steward.services.store.list_competitors(shop.id) == []


async def test_the_groups_own_handle_and_links_are_never_poaching(world: World, steward: Harness):
    """/allow handle keeps the group's own shop out of it; a look-alike of it is caught."""
    alice, shop = await owner_and_shop(world, steward)
    owner = shop.member(alice)
    await owner.says("/allow handle @alicebags")
    await steward.settle()
    assert "allow_handles = alicebags" in shop.last_bot_message.text

    dana = await shop.join(world.user("dana"))
    own = await dana.says("DM me if you want the link, or just order from @alicebags")
    await steward.settle()
    assert not own.deleted

    fake = await shop.join(world.user("faker"))
    # "@аlicebags" with a Cyrillic а: Telegram usernames are ASCII, so this is an impostor.
    impostor = await fake.says("Official store moved, write to @\u0430licebags for orders")
    await steward.settle()
    assert impostor.deleted
    event = await steward.services.store.find_event_by_message(shop.id, impostor.id)
    assert event is not None and event.kind == "poaching_removed"
    assert "look-alike letters" in event.reason


async def test_a_customer_giving_a_phone_for_delivery_is_left_alone(
    world: World, steward: Harness
):
    """A phone number for the courier is not a hand-off to a rival."""
    _alice, shop = await owner_and_shop(world, steward)
    erin = await shop.join(world.user("erin"))
    message = await erin.says("My number is +7 912 345 67 89, please call before delivery")
    await steward.settle()
    assert not message.deleted
    assert await steward.services.store.find_event_by_message(shop.id, message.id) is None


async def test_one_account_approaching_many_members_is_a_campaign(world: World, steward: Harness):
    """Replies to several different members, each pulling them away, add up to a campaign."""
    alice, shop = await owner_and_shop(world, steward, poaching_action="observe")
    rival = await shop.join(world.user("rival"))
    for n in range(21):  # a long-standing member: the spam checks trust them by now
        await rival.says(f"nice one {n}")
        await steward.settle()
    await steward.services.cache.flush()
    steward.services.cache.forget_member(shop.id, rival.id)
    asked = []
    for name in ("ann", "ben", "cat", "dan"):
        person = await shop.join(world.user(name))
        asked.append(await person.says("Does anyone know where to get these cheaper?"))
    await steward.settle()
    for question in asked:
        await rival.says("check your pm, sent you details", reply_to=question)
    await steward.settle()
    events = await steward.services.store.list_events(shop.id, 20)
    observed = [e for e in events if e.kind == "poaching_observed"]
    assert observed, [e.kind for e in events]
    assert any("approached" in e.reason and "different members" in e.reason for e in observed)
    assert "👀" in alice.last_dm.text


async def test_poaching_action_setting_and_russian_alert(world: World, steward: Harness):
    """/settings poaching_action warn: the rival is warned, the owner told in Russian."""
    alice, shop = await owner_and_shop(world, steward, language="ru")
    owner = shop.member(alice)
    await owner.says("/settings poaching_action warn")
    await steward.settle()
    rival = await shop.join(world.user("rival"))
    message = await rival.says("пишите в лс, у меня дешевле чем тут: @rivalbags")
    await steward.settle()
    assert not message.deleted
    event = await steward.services.store.find_event_by_message(shop.id, message.id)
    assert event is not None and event.kind == "poaching_warned"
    assert "пожалуйста, не уводите участников" in shop.last_bot_message.text
    dm = alice.last_dm.text
    assert "Конкурент: @rivalbags" in dm
    assert "зовёт продолжить в личке" in dm


async def test_why_explains_a_poaching_decision_in_the_groups_language(
    world: World, steward: Harness
):
    """/why on a rival's removal lists the poaching checks, in Chinese in a Chinese group."""
    alice, shop = await owner_and_shop(world, steward, language="zh")
    await shop.member(alice).says("/lang zh")
    rival = await shop.join(world.user("rival"))
    message = await rival.says("私聊我，比这里便宜，加我微信 abc12345")
    await steward.settle()
    assert message.deleted
    event = await steward.services.store.find_event_by_message(shop.id, message.id)
    assert event is not None and event.kind == "poaching_removed"
    await shop.member(alice).says(f"/why {event.id}")
    await steward.settle()
    reply = shop.last_bot_message.text
    assert f"#{event.id}" in reply
    lines = [line for line in reply.splitlines() if line.startswith("•")]
    assert any("声称别处更便宜" in line for line in lines), reply
    assert any("要求私下联系" in line for line in lines), reply
    assert any("对手：" in line for line in lines), reply
    assert not any("offers it cheaper elsewhere" in line for line in lines), reply
    # The header's one-line reason is in Chinese too (only "done: delete" stays as logged).
    header = reply.splitlines()[0]
    assert "Steward 删除了对手的消息，发送者 @rival" in header, reply
    assert "poaching (" in header and "声称别处更便宜" in header, reply
    assert "offers it cheaper" not in reply, reply


SIGNALS = [
    # (author's display name, text, forwarded from a channel, the check that must be among them)
    ("Vera", "Join my group for the same sneakers t.me/+RivalSneakers1", False, "other_chat"),
    ("Vera", "check out my new channel, sneaker reviews every day!", False, "self_promo"),
    ("Vera", "All the sizes you want, see my bio, DM me", False, "profile"),
    ("Sneakers cheap @rival_kicks", "DM me for the catalogue", False, "name_pointer"),
    ("Vera", "进群领优惠 群号 12345678", False, "group_number"),
    ("Vera", "Same kicks 30% cheaper, order here: @rival_kicks", True, "forward"),
]


@pytest.mark.parametrize(
    ("name", "text", "forwarded", "signal"),
    SIGNALS,
    ids=["invite-link", "self-promo", "profile", "name", "group-number", "forward"],
)
async def test_each_signal_removes_a_newcomers_pitch(
    world: World, steward: Harness, name: str, text: str, forwarded: bool, signal: str
):
    """Each generic signal, sent by a new member in a live group, is removed as poaching."""
    _alice, shop = await owner_and_shop(world, steward)
    vera = await shop.join(world.user("vera", first_name=name))
    origin = world.channel("Rival Kicks", username="rival_kicks_news") if forwarded else None
    message = await vera.says(text, forward_from=origin)
    await steward.settle()
    assert message.deleted
    event = await steward.services.store.find_event_by_message(shop.id, message.id)
    assert event is not None and event.kind == "poaching_removed", event
    assert signal in {c["name"] for c in event.checks}


async def test_several_new_accounts_pushing_one_contact_is_a_campaign(
    world: World, steward: Harness
):
    """The same contact pushed by several accounts is noticed, however it is written."""
    _alice, shop = await owner_and_shop(world, steward, poaching_action="observe")
    for n, text in enumerate(("wechat: kicks888", "my wechat kicks888", "WeChat - kicks888")):
        member = await shop.join(world.user(f"pusher{n}"))
        await member.says(text)
        await steward.settle()
    events = await steward.services.store.list_events(shop.id, 10)
    reasons = " ".join(e.reason or "" for e in events)
    assert "3 accounts pushed the same contact" in reasons, reasons


async def _known_member(world: World, steward: Harness, shop, name: str = "bob", said: int = 25):
    """A member past their first messages, as Steward counts them."""
    member = await shop.join(world.user(name))
    for n in range(said):
        await member.says(f"good morning everyone, day {n}")
        await steward.settle()
    await steward.services.cache.flush()
    steward.services.cache.forget_member(shop.id, member.id)
    return member


async def test_a_known_members_complaint_naming_a_listed_rival_is_kept(
    world: World, steward: Harness
):
    """ "I bought from ShopXyz and it never came" from a member of 25 messages was removed as a
    rival's message (the listed name alone). It names a rival and sends nobody there: kept."""
    alice, shop = await owner_and_shop(world, steward)
    await shop.member(alice).says("/competitor add ShopXyz")
    await steward.settle()
    bob = await _known_member(world, steward, shop)
    message = await bob.says("I bought from ShopXyz last month and it never came, avoid them")
    await steward.settle()
    assert not message.deleted
    newcomer = await shop.join(world.user("eve"))
    pitch = await newcomer.says("ShopXyz has all of these, way better, go there")
    await steward.settle()
    assert pitch.deleted  # a newcomer naming the rival is still the classic pull


async def test_a_listed_name_inside_the_groups_own_handle_is_not_a_rival(
    world: World, steward: Harness
):
    """/allow handle @best_bags_shop, then /competitor add Best Bags: "order from
    @best_bags_shop" was removed, the listed name found inside the group's own handle."""
    alice, shop = await owner_and_shop(world, steward)
    owner = shop.member(alice)
    await owner.says("/allow handle @best_bags_shop")
    await owner.says("/competitor add Best Bags")
    await steward.settle()
    bob = await _known_member(world, steward, shop, said=5)
    message = await bob.says("order from @best_bags_shop, they're the best")
    await steward.settle()
    assert not message.deleted


@pytest.mark.parametrize("sub", ["add shopxyz", "remove shopxyz"])
async def test_competitor_commands_are_echoed_to_the_log_chat(world: World, steward, sub: str):
    """With a log chat set, /competitor add and remove raised KeyError (no wording for their
    log line): the list changed, but the moderator got no answer and the log chat no line."""
    alice, shop = await owner_and_shop(world, steward)
    owner = shop.member(alice)
    if sub.startswith("remove"):
        await owner.says("/competitor add shopxyz")
        await steward.settle()
    log_group = await world.group_with_steward("Shop log", owner=alice)
    await steward.settle()
    await owner.says(f"/setlog {log_group.id}")
    await steward.settle()
    command = await owner.says(f"/competitor {sub}")
    await steward.settle()
    assert shop.last_bot_message.id > command.id
    line = log_group.last_bot_message.text
    assert "listed a competitor" in line and "shopxyz" in line


@pytest.mark.parametrize(
    "text",
    [
        "Follow the official channel t.me/alicebags for restock alerts",
        "Sharing the group invite for my mates: t.me/+OwnInv1te",
        "Ссылка на наш канал t.me/alicebags, подписывайтесь на новости",
    ],
    ids=["own-username-link", "allowed-invite", "own-username-link-ru"],
)
async def test_the_groups_own_links_from_a_newcomer_are_not_removed(
    world: World, steward, text: str
):
    """The group's own @username link and an invite allowed with /allow link were removed and
    their poster muted as spam (the spam links check knew neither; poaching did)."""
    alice, shop = await owner_and_shop(world, steward)
    shop.chat.username = "alicebags"
    await shop.member(alice).says("/allow link t.me/+OwnInv1te")
    await steward.settle()
    dana = await shop.join(world.user("dana"))
    message = await dana.says(text)
    await steward.settle()
    assert not message.deleted
    assert not shop.is_restricted(world.user("dana"))


@pytest.mark.parametrize(
    "text",
    [
        "Can someone DM me the price list please? I can't find it",
        "Send me the prices in private please, I want 3 pairs",
        "Напишите мне в личку цену на оптовую партию, пожалуйста, интересует 50 штук",
        "谁能私我一下价格表？找不到了",
    ],
)
async def test_a_new_customer_asking_for_the_price_in_private_is_not_warned(
    world: World, steward: Harness, text: str
):
    """A newcomer asking the shop to DM them the price list was warned in the group ("please
    do not lead members to other groups, shops or private chats") as if they hid a price in
    private: "DM me the price" read like a seller's "DM me for the price"."""
    _alice, shop = await owner_and_shop(world, steward)
    buyer = await shop.join(world.user("new_buyer"))
    message = await buyer.says(text)
    await steward.settle()
    assert not message.deleted
    assert not [m for m in shop.bot_messages if "please do not lead members" in m.text]
    assert await steward.services.store.find_event_by_message(shop.id, message.id) is None


async def test_a_newcomer_hiding_the_price_in_private_is_still_warned(
    world: World, steward: Harness
):
    """The seller's "price in DM" stays a warning (the message stays up)."""
    _alice, shop = await owner_and_shop(world, steward)
    seller = await shop.join(world.user("new_seller"))
    message = await seller.says("Price in DM, limited stock")
    await steward.settle()
    assert not message.deleted
    assert [m for m in shop.bot_messages if "please do not lead members" in m.text]
