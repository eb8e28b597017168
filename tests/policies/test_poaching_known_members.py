"""A member the group knows saying "DM me" is not poaching by itself (#10): selling their own
pair of shoes, friends moving a chat to private. A hand-off counts once. "Cheaper in DM", a
rival's contact or a campaign still are, from anyone."""

from __future__ import annotations

import pytest

from policies import Finding, MemberFacts
from tests.policies.poaching_support import NEWCOMER, NO_RIVALS, REGULAR, campaign, facts, show
from tests.policies.poaching_support import judge as judge_message


def judge(text: str, member: MemberFacts = REGULAR) -> Finding:
    return judge_message(facts(text, member), competitors=NO_RIVALS)


@pytest.mark.parametrize(
    "text",
    [
        "Selling my own pair of Air Jordans 1 size 43, worn twice. DM me if interested",
        "Продаю свои кроссовки, 43 размер, надевал два раза. Цена в личку",
        "Напиши мне в личку, скину фотки с выходных",
        "自己的鞋子转让，43码，只穿过两次，价格私聊",
    ],
)
def test_a_known_member_saying_dm_me_is_never_acted_on(text: str) -> None:
    finding = judge(text)
    assert finding.level != "hit", finding


@pytest.mark.parametrize(
    "text",
    [
        "Same Air 90s 30% cheaper than here, DM me",
        "Пишите в лс, у меня дешевле чем тут",
    ],
)
def test_cheaper_or_a_contact_from_a_known_member_is_still_poaching(text: str) -> None:
    assert judge(text).level == "hit", judge(text)


def test_a_price_in_dm_counts_once() -> None:
    """ "Price in DM" is one hand-off: one check for it, not a hand-off and a private price."""
    finding = judge("Selling my jacket, price in DM", NEWCOMER)
    names = [c.name for c in finding.checks]
    assert "private_price" in names and "handoff" not in names


@pytest.mark.parametrize(
    "text",
    [
        "this is my channel",
        "my channel with their node is open and routing, so it is not down",
        "I copied my channel.backup file from the sd card",
    ],
)
def test_my_channel_from_a_known_member_is_not_a_plug(text: str) -> None:
    """On a Lightning node's group "my channel" is a payment channel: bare, from a member the
    group knows, it is no promotion (real export, raspiblitz)."""
    assert judge(text).level == "clear", judge(text)


@pytest.mark.parametrize(
    ("text", "member"),
    [
        ("hey everyone, my channel is all about guitar covers, please subscribe", NEWCOMER),
        ("check out my channel for more covers", REGULAR),
        ("I post on my youtube channel every week", REGULAR),
    ],
)
def test_my_channel_from_a_new_account_or_with_an_invitation_is_a_plug(
    text: str, member: MemberFacts
) -> None:
    assert judge(text, member).level == "hit", judge(text, member)


@pytest.mark.parametrize(
    "text",
    [
        "My bot can't post to my channel, it says chat not found",
        "How did you get 1000 subscribers so fast? My channel is stuck at 200",
    ],
)
def test_my_channel_from_a_new_account_names_no_place_to_go(text: str) -> None:
    """Bare "my channel" with no link, handle or invitation points nowhere: not removed."""
    assert judge(text, NEWCOMER).level != "hit", judge(text, NEWCOMER)


@pytest.mark.parametrize(
    "text",
    [
        "LIKE AND SUBSCRIBE",
        "Great video. Like and subscribe!",
        "please suscribe, only 5 subscribers so far",
        "Help me get 50 subs please",
        "hi all! i made a new channel please go check it out",
    ],
)
def test_begging_for_subscribers_is_a_plug(text: str) -> None:
    assert judge(text, NEWCOMER).level == "hit", judge(text, NEWCOMER)


@pytest.mark.parametrize(
    "text",
    [
        "I like and subscribe to that channel too, it's great",
        "did you subscribe and like the update post?",
        "the subs on this film are out of sync",
        "Can someone please sub for me on Friday's shift?",
        "Like and subscribe lol, that's what every youtuber says",
        "Hit 500 subscribers today, thanks everyone",
        "We need to get more subscribers for the club newsletter",
    ],
)
def test_talk_of_subscribing_is_not_a_plug(text: str) -> None:
    assert judge(text, NEWCOMER).level == "clear", judge(text, NEWCOMER)


@pytest.mark.parametrize(
    "text",
    [
        "ZZ全新客户端已经公开，火速加675899789获取",
        "需要发票找13913796881张生",
    ],
)
def test_a_new_account_offering_a_contact_number_is_removed(text: str) -> None:
    """ "加675899789获取": a contact offered by a new account is where the talk goes."""
    assert judge(text, NEWCOMER).level == "hit", judge(text, NEWCOMER)


def test_a_product_key_is_not_a_wechat_id() -> None:
    """ "J8C8N-WX96K-FVQ78" is a licence key from a key-sharing group, not "wx 96k..."."""
    text = "FTDV8-KNHYV-97MR8-WWQWB-G3BK7 J8C8N-WX96K-FVQ78-CYH8Q-C39RR"
    assert "contact" not in {c.name for c in judge(text, NEWCOMER).checks}


@pytest.mark.parametrize(
    "text",
    [
        "自己穿过两次的球鞋，42码，九成新，300元转让，有意联系13812345678",
        "闲置一个包包，自用的，买了没怎么背，500出，电话13912345678",
        "Selling my own boots, worn twice, 40 euro, whatsapp +447911123456",
    ],
    ids=["zh-worn-twice", "zh-idle-bag", "en-whatsapp"],
)
def test_a_new_member_selling_their_own_thing_with_a_number_is_warned_not_removed(
    text: str,
) -> None:
    """A newcomer's own item with a number to call is how a resale group trades: it was
    removed as a rival's contact hand-off. The owner is told (borderline), the post stays."""
    finding = judge(text, NEWCOMER)
    assert finding.level == "borderline", finding
    assert "personal_sale" in {c.name for c in finding.checks}


@pytest.mark.parametrize(
    "text",
    [
        "自己用过的，九成新，更多便宜货加我微信 abc12345",
        "Selling my boots, worn twice, more items in my shop, whatsapp +447911123456",
        "自己穿过两次，加群 123456789 看更多",
        "Selling my old phone, worn case, cheaper than here, whatsapp +447911123456",
    ],
    ids=["zh-more-goods", "en-more-items", "zh-group-number", "en-cheaper"],
)
def test_a_shop_posing_as_a_personal_sale_is_still_removed(text: str) -> None:
    """More stock, a group to join or "cheaper than here" is a shop, whatever it says first."""
    assert judge(text, NEWCOMER).level == "hit"


@pytest.mark.parametrize(
    "text",
    [
        "Who's joining the raffle on our channel tonight?",
        "the restock is live on our channel, go go go",
        "Check our store, size 10s are back",
    ],
)
def test_a_known_member_speaking_of_our_channel_means_the_groups_own(text: str) -> None:
    """ "Our channel" from a member the group knows is the group's own: it was removed as the
    member promoting their own channel. From a new account it is still a plug."""
    assert judge(text).level == "clear", show(judge(text))
    assert judge(text, NEWCOMER).level == "hit"


@pytest.mark.parametrize(
    "text",
    [
        "Is Rival Store legit? saw their ads on insta",
        "heads up Rival Store shut down, their site is gone",
        "ShopXyz нормальный магазин? Кто-нибудь заказывал?",
        "ShopXyz закрылся, кстати, сайт не открывается",
        "ShopXyz靠谱吗？有人买过吗？",
        "ShopXyz倒闭了，难怪最近没消息",
    ],
)
def test_a_known_member_asking_about_a_listed_rival_is_not_acted_on(text: str) -> None:
    """A listed rival asked about or in the news sends nobody there: it was removed on the name
    alone. The owner still hears of it (borderline); a new account naming it is removed."""
    found = judge_message(facts(text))
    assert found.level == "borderline", show(found)
    assert judge_message(facts(text, NEWCOMER)).level == "hit"


@pytest.mark.parametrize(
    "text",
    [
        "Best deals at S h o p X y z, come see",
        "Buy from ShopXуz instead",
        "去 ＲＩＶＡＬ ＳＴＯＲＥ 买",
        "Покупайте в ShopXyz, у них скидки",
        "ShopXyz is great, DM me for the link",
    ],
)
def test_a_known_member_recommending_a_listed_rival_is_still_removed(text: str) -> None:
    """Sending members to a listed rival is poaching from anyone."""
    assert judge_message(facts(text)).level == "hit", show(judge_message(facts(text)))


def test_members_warning_about_the_same_scammer_are_no_campaign() -> None:
    """Two members warning about one scammer's handle: the second warning was removed as "2
    accounts pushed the same contact". Two accounts pushing one contact still are."""
    tally = campaign()
    warnings = (
        "Осторожно, @kross_msk_88 мошенник, взял предоплату и пропал",
        "Подтверждаю, @kross_msk_88 и меня кинул на 8000, не ведитесь",
    )
    for user, text in enumerate(warnings):
        found = judge_message(facts(text, user_id=100 + user), competitors=NO_RIVALS, tally=tally)
        assert found.level == "clear", show(found)
    tally = campaign()
    pushes = ("great prices, write to @kross_msk_88", "best sneakers, write to @kross_msk_88")
    pushed = [
        judge_message(facts(text, user_id=100 + user), competitors=NO_RIVALS, tally=tally)
        for user, text in enumerate(pushes)
    ]
    assert "campaign_accounts" in {c.name for c in pushed[-1].checks}


@pytest.mark.parametrize(
    ("text", "rival"),
    [
        ("discord.gg/kickzone, DM me for cheaper pairs", "discord.gg/kickzone"),
        ("all my pairs at linktr.ee/kickplug, cheaper than here", "linktr.ee/kickplug"),
        ("my shop kicksfast.shop, cheaper than here, DM me", "kicksfast.shop"),
    ],
)
def test_a_rival_on_a_platform_is_named_by_its_own_link(text: str, rival: str) -> None:
    """The rival named for the alert's "Add to competitors" was the platform ("discord.gg"):
    listed, every Discord link anyone posts would have been a rival's."""
    found = judge(text, NEWCOMER)
    assert found.topic == rival, show(found)


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("whatsapp +44 7700 900123 for yeezys, cheaper than here", "whatsapp +44 7700 900123"),
        ("ватсап +7 916 123-45-67 пишите, дешевле чем тут", "ватсап +7 916 123-45-67"),
        ("add me on snap: kicksbyjay99, way more stock", "snap: kicksbyjay99"),
        ("Signal me +1 415 555 0134 for the plug", "signal me +1 415 555 0134"),
    ],
)
def test_a_messenger_with_a_number_in_groups_is_an_offered_contact(
    text: str, contact: str
) -> None:
    """ "whatsapp: 447700900123" was an offered contact; written in groups, as numbers are, it
    was a bare phone (0.3) and a member pushing it went unseen. Snapchat and Signal count too."""
    found = judge(text)
    checks = {c.name: c for c in found.checks}
    assert checks["contact"].score >= 1.4, show(found)


def test_the_word_signal_alone_is_no_contact() -> None:
    assert "contact" not in {c.name for c in judge("the signal is weak here, 5 bars on 4g").checks}


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("看我头像有福利", "borderline"),
        ("我的店在淘宝，搜潮品小屋，比这里便宜", "hit"),
        ("guys we moved, new chat is t.me/solesquadchat come over", "hit"),
        ("Есть поставщик из Китая, цены ниже чем тут в 2 раза. Контакты в био", "hit"),
    ],
)
def test_a_new_account_pulling_members_elsewhere_without_a_link_is_seen(
    text: str, level: str
) -> None:
    """Missed before: a new account's "see my avatar" (no newcomer weight without a link), "my
    shop, cheaper than here" (the shop was no destination), "we moved, new chat is ..." and
    "цены ниже" (only "ниже цен" was read)."""
    assert judge(text, NEWCOMER).level == level, show(judge(text, NEWCOMER))


@pytest.mark.parametrize(
    "text",
    [
        "有的名字里有巴黎，影片跟巴黎有关吗？",
        "we moved house last month, the new place is great",
        "come over to my place tonight guys",
    ],
)
def test_ordinary_talk_of_names_and_moving_is_left_alone(text: str) -> None:
    assert judge(text, NEWCOMER).level == "clear", show(judge(text, NEWCOMER))


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        # A buyer asks for the price to be sent to them: nothing is hidden from the group.
        ("Can someone DM me the price list please? I can't find it", False),
        ("pm me your price for the black ones", False),
        ("Send me the prices in private please, I want 3 pairs", False),
        ("Напишите мне в личку цену на оптовую партию, пожалуйста", False),
        ("Скиньте прайс в лс пожалуйста", False),
        ("谁能私我一下价格表？找不到了", False),
        # A seller hides the price in private.
        ("DM me for the price", True),
        ("Price in DM, limited stock", True),
        ("Цена в лс, пишите", True),
        ("Пишите в лс, скажу цену", True),
        ("价格私聊，货源充足", True),
        # Found in review: a seller's own words that read like a buyer's.
        ("出闲置耳机，九成新，想要的私我价格美丽", True),
        ("Продаю кроссовки, напишите в личку цену скажу", True),
        ("Продаю коляску, цена в лс, пришлите мне свою цену", True),
    ],
)
def test_a_buyer_asking_for_the_price_is_not_a_private_price(text: str, hidden: bool) -> None:
    finding = judge(text, NEWCOMER)
    assert ("private_price" in {c.name for c in finding.checks}) is hidden, show(finding)
    if not hidden:
        assert finding.level == "clear", show(finding)
