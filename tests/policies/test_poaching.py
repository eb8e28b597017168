"""Table tests for the poaching policy: rivals pulling members elsewhere, in every language, and
what is left alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies import (
    ButtonFact,
    ChatPolicy,
    EntityFact,
    Finding,
    ForwardFacts,
    MemberFacts,
    poaching,
)
from policies.competitors import Competitors, Entry, entry_of
from tests.policies.poaching_support import (
    DEFAULT,
    NEWCOMER,
    NO_RIVALS,
    NOW,
    OWN_HANDLE,
    REGULAR,
    RIVAL_CHANNEL,
    RIVALS,
    SHOP,
    campaign,
    facts,
    judge,
    listed,
    names,
    show,
)

# -- positives ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "member", "policy", "competitors", "extra", "checks"),
    [
        pytest.param(
            "Join my group t.me/+AbCdEf123, we have everything",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"other_chat", "join", "rival"},
            id="en-invite-join-my-group",
        ),
        pytest.param(
            "join my group https://t.me/rivalchat",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"other_chat", "join", "rival"},
            id="en-public-link-join-my-group",
        ),
        pytest.param(
            "Мы теперь в новом канале t.me/+AbCdEf123, подписывайтесь на наш канал",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"other_chat", "join", "rival"},
            id="ru-invite-our-channel",
        ),
        pytest.param(
            "Перейдите в чат t.me/+AbCdEf123, там всё дешевле",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"other_chat", "join", "cheaper", "rival"},
            id="ru-perfective-go-to-our-channel",
        ),
        pytest.param(
            "join my new group, link t.me/+AbCdEf123, everything cheaper there",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"other_chat", "join", "cheaper", "rival"},
            id="en-invite-join-cheaper",
        ),
        pytest.param(
            "进群 t.me/+AbCdEf123 更便宜",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"other_chat", "join", "cheaper", "rival"},
            id="zh-invite-join-cheaper",
        ),
        pytest.param(
            "DM me, cheaper than here @rivalshop",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"contact", "handoff", "cheaper", "rival"},
            id="en-dm-me-cheaper-handle",
        ),
        pytest.param(
            "DM me, cheaper than here @rivalshop",
            NEWCOMER,
            DEFAULT,
            NO_RIVALS,
            {},
            {"contact", "handoff", "cheaper", "newcomer", "ends_with_contact", "rival"},
            id="en-dm-me-cheaper-handle-newcomer",
        ),
        pytest.param(
            "пишите в лс, дешевле чем тут",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"handoff", "cheaper"},
            id="ru-write-in-dm-cheaper",
        ),
        pytest.param(
            "пишите в лс, дешевле чем тут @rivalshop",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"contact", "handoff", "cheaper", "rival"},
            id="ru-write-in-dm-cheaper-handle",
        ),
        pytest.param(
            "加我微信 abc12345 更便宜",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"contact", "handoff", "cheaper", "rival"},
            id="zh-add-my-wechat-cheaper",
        ),
        pytest.param(
            "看我头像 加我",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {},
            {"profile", "handoff"},
            id="zh-see-my-avatar-add-me",
        ),
        pytest.param(
            "Best deals at S h o p X y z, come see",
            REGULAR,
            DEFAULT,
            RIVALS,
            {},
            {"competitor", "rival"},
            id="en-competitor-spaced",
        ),
        pytest.param(
            "Buy from ShopXуz instead",
            REGULAR,
            DEFAULT,
            RIVALS,
            {},
            {"competitor", "rival"},
            id="en-competitor-cyrillic-letter",
        ),
        pytest.param(
            "Покупайте в Shop🔥Xyz, там дешевле",
            REGULAR,
            DEFAULT,
            RIVALS,
            {},
            {"competitor", "cheaper", "rival"},
            id="ru-competitor-emoji-cheaper",
        ),
        pytest.param(
            "去 ＲＩＶＡＬ ＳＴＯＲＥ 买",
            REGULAR,
            DEFAULT,
            RIVALS,
            {},
            {"competitor", "rival"},
            id="zh-competitor-fullwidth",
        ),
        pytest.param(
            "Our new account: @shоpxyz, order there",
            REGULAR,
            OWN_HANDLE,
            NO_RIVALS,
            {},
            {"fake_handle", "rival"},
            id="fake-own-handle",
        ),
        pytest.param(
            "write me at @shоpxyz for orders",
            REGULAR,
            OWN_HANDLE,
            NO_RIVALS,
            {},
            {"fake_handle", "handoff", "rival"},
            id="fake-own-handle-write-me",
        ),
        pytest.param(
            "contact me @rivalshop",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {"forward": RIVAL_CHANNEL},
            {"contact", "forward", "handoff", "rival"},
            id="forward-contact-me-handle",
        ),
        pytest.param(
            "great deals, write me +7 912 345 67 89",
            REGULAR,
            DEFAULT,
            NO_RIVALS,
            {"forward": RIVAL_CHANNEL},
            {"contact", "forward", "handoff", "rival"},
            id="forward-write-me-phone",
        ),
    ],
)
def test_poaching_is_a_hit(
    text: str,
    member: MemberFacts,
    policy: ChatPolicy,
    competitors: Competitors,
    extra: dict[str, Any],
    checks: set[str],
) -> None:
    """Rivals pulling members to another chat, shop or private chat are caught, in any script."""
    finding = judge(facts(text, member, **extra), policy, competitors=competitors)
    assert finding.label == "poaching"
    assert finding.level == "hit", show(finding)
    assert names(finding) == checks, show(finding)
    assert not finding.exempt


# -- hard negatives -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "policy", "extra"),
    [
        pytest.param(
            "New arrivals at myshop.com/new and t.me/myshop_news", SHOP, {}, id="own-links"
        ),
        pytest.param("our site: https://www.myshop.com/catalog", SHOP, {}, id="own-site-www"),
        pytest.param("shop.myshop.com has the sizes", SHOP, {}, id="own-subdomain"),
        pytest.param("ask @myshop_support for sizes", SHOP, {}, id="own-support-handle"),
        pytest.param("write to @MyShop_Support, they answer fast", SHOP, {}, id="own-handle-case"),
        pytest.param(
            "Official channel: t.me/myshop_news — subscribe to our channel",
            SHOP,
            {},
            id="moderator-official-channel",
        ),
        pytest.param(
            "Все новинки в нашем канале t.me/myshop_news", SHOP, {}, id="ru-official-channel"
        ),
        pytest.param(
            "The group is t.me/steward_shop, share it",
            DEFAULT,
            {"chat_username": "Steward_Shop"},
            id="group-own-link",
        ),
        pytest.param(
            "ask @steward_shop admins",
            DEFAULT,
            {"chat_username": "Steward_Shop"},
            id="group-own-handle",
        ),
        pytest.param(
            "my number is +7 912 345 67 89, please call before delivery",
            DEFAULT,
            {},
            id="phone-for-delivery",
        ),
        pytest.param(
            "мой номер +7 912 345 67 89, позвоните курьеру перед доставкой",
            DEFAULT,
            {},
            id="ru-phone-for-delivery",
        ),
        pytest.param("let's talk in pm later", DEFAULT, {}, id="talk-in-pm"),
        pytest.param("давай в личке обсудим", DEFAULT, {}, id="ru-talk-in-pm"),
        pytest.param("我们私聊吧", DEFAULT, {}, id="zh-talk-in-private"),
        pytest.param("the delivery was cheaper last time", DEFAULT, {}, id="cheaper-delivery"),
        pytest.param("в прошлый раз доставка была дешевле", DEFAULT, {}, id="ru-cheaper-delivery"),
        pytest.param(
            "@anna_k did your parcel arrive?",
            DEFAULT,
            {"mentions_of_members": frozenset({"anna_k"})},
            id="mention-of-member",
        ),
        pytest.param(
            "@anna_k write me in pm about the size",
            DEFAULT,
            {"mentions_of_members": frozenset({"anna_k"})},
            id="member-asked-to-pm",
        ),
        pytest.param(
            "see https://github.com/python-telegram-bot/ptb", DEFAULT, {}, id="well-known-site"
        ),
        pytest.param(
            "I bought the same shoes at Zara last year", DEFAULT, {}, id="unlisted-brand"
        ),
        pytest.param("@Наташа спасибо, посылка пришла!", DEFAULT, {}, id="ru-name-after-at"),
        pytest.param("@小明你好啊 收到了吗", DEFAULT, {}, id="zh-name-after-at"),
        pytest.param(
            "@Наташа, напиши мне в личку, обсудим размер",
            DEFAULT,
            {},
            id="ru-name-after-at-talk-in-pm",
        ),
    ],
)
@pytest.mark.parametrize("member", [REGULAR, NEWCOMER], ids=["regular", "newcomer"])
def test_ordinary_talk_is_clear(
    text: str, policy: ChatPolicy, extra: dict[str, Any], member: MemberFacts
) -> None:
    """The group's own links and handles, customers' phones, friends' "talk in pm" are clear."""
    finding = judge(facts(text, member, **extra), policy)
    assert finding.level == "clear", show(finding)


@pytest.mark.parametrize(
    "member",
    [MemberFacts(approved=True), MemberFacts(trusted=True), replace(NEWCOMER, approved=True)],
    ids=["approved", "trusted", "approved-newcomer"],
)
def test_approved_and_trusted_members_are_exempt(member: MemberFacts) -> None:
    """A member a moderator vouched for is not judged as a rival."""
    finding = judge(facts("DM me, cheaper than here @rivalshop, or ShopXyz", member))
    assert finding == Finding("poaching", 0.0, "clear", (), exempt=True)


def test_long_standing_members_are_still_judged() -> None:
    """Trust earned by message count alone does not exempt a member from poaching."""
    member = MemberFacts(joined_at=NOW - timedelta(days=90), messages_seen=200)
    finding = judge(facts("DM me, cheaper than here @rivalshop", member))
    assert finding.level == "hit" and not finding.exempt


@pytest.mark.parametrize(
    "extra",
    [
        {"forward": ForwardFacts("channel", chat_id=-100, username=None, title="Us")},
        {"forward": ForwardFacts("channel", chat_id=-5, username="MyShop_News")},
        {"forward": ForwardFacts("user", username="somebody")},
        {"forward": ForwardFacts("hidden")},
    ],
    ids=["own-chat", "allowed-channel", "from-user", "hidden-user"],
)
def test_forwards_that_do_not_count(extra: dict[str, Any]) -> None:
    """Forwards from the group itself, an allowed channel or a person are not a rival's."""
    finding = judge(facts("new drop tomorrow", **extra), SHOP)
    assert "forward" not in names(finding)
    assert finding.level == "clear"


@pytest.mark.parametrize(
    ("text", "extra", "level"),
    [
        pytest.param("", {}, "clear", id="empty"),
        pytest.param("", {"forward": RIVAL_CHANNEL}, "clear", id="empty-forward"),
        pytest.param("", {"contact_card": True}, "clear", id="contact-card-only"),
        # A forwarded post's contacts are its channel's signature, not the member's hand-off.
        pytest.param("", {"forward": RIVAL_CHANNEL, "contact_card": True}, "clear", id="both"),
    ],
)
def test_messages_without_text(text: str, extra: dict[str, Any], level: str) -> None:
    """A forward or a contact card with no words is judged (and not a hit on its own)."""
    finding = judge(facts(text, **extra))
    assert finding.level == level, show(finding)


# -- the rival ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "policy", "extra", "rival"),
    [
        pytest.param("Best deals at R i v a l S t o r e", DEFAULT, {}, "Rival Store", id="listed"),
        pytest.param("go to rival_store", DEFAULT, {}, "Rival Store", id="listed-underscore"),
        pytest.param("DM me, cheaper @rivalshop", DEFAULT, {}, "@rivalshop", id="handle"),
        pytest.param("加我微信 abc12345 更便宜", DEFAULT, {}, "微信 abc12345", id="wechat-id"),
        # QQ by its nicknames, a number in Chinese numerals, symbols between name and id.
        pytest.param("要的+口 三二一四五六七八", DEFAULT, {}, "+口 32145678", id="plus-mouth"),
        pytest.param("出配置 企鹅 1 2 3 4 5 6 7 8", DEFAULT, {}, "企鹅 12345678", id="penguin"),
        pytest.param("☆Q☆Q☆ 987654321 低价", DEFAULT, {}, "qq☆ 987654321", id="starred-qq"),
        pytest.param("v❤x：abc12345 同城", DEFAULT, {}, "vx:abc12345", id="heart-vx"),
        pytest.param("资源群 →→ 8 8 8 6 6 6 9 9 进", DEFAULT, {}, "群 88866699", id="arrows"),
        # QQ as one "q", 群 as "裙" or "君羊", WeChat as one "v", a name before the number.
        pytest.param("要的加q 12345678", DEFAULT, {}, "加q 12345678", id="one-q"),
        pytest.param("可商裙123456789", DEFAULT, {}, "123456789", id="skirt-group"),
        pytest.param("出配置 君羊 234567890", DEFAULT, {}, "234567890", id="split-group"),
        pytest.param("出号，V：abc12345", DEFAULT, {}, "v:abc12345", id="one-v"),
        pytest.param("需要联系小王2260771613", DEFAULT, {}, "2260771613", id="named-contact"),
        pytest.param("我的版本 v: 12345", DEFAULT, {}, None, id="version-v"),
        pytest.param("裙子 12 号到货，好看", DEFAULT, {}, None, id="a-skirt"),
        pytest.param("quarter q3 results: 12345678 sold", DEFAULT, {}, None, id="q3"),
        pytest.param("周一二三四五都上班，qq群里说", DEFAULT, {}, None, id="weekdays"),
        pytest.param("企鹅 2024-2025 赛季的纪录片", DEFAULT, {}, None, id="penguin-seasons"),
        pytest.param("资源群 → 20240315 的聊天记录谁有", DEFAULT, {}, None, id="group-date"),
        pytest.param("join t.me/+AbCdEf123", DEFAULT, {}, "t.me/+AbCdEf123", id="invite"),
        pytest.param("join t.me/RivalChat", DEFAULT, {}, "t.me/rivalchat", id="public-link"),
        pytest.param("write me at @shоpxyz", OWN_HANDLE, {}, "@shоpxyz", id="fake-handle"),
        pytest.param("buy at rivalshop.top", DEFAULT, {}, "rivalshop.top", id="shop-site"),
        pytest.param(
            "contact me @rivalshop",
            DEFAULT,
            {"forward": RIVAL_CHANNEL},
            "@rivalshop",
            id="forward-and-contact",
        ),
        pytest.param("new prices", DEFAULT, {"forward": RIVAL_CHANNEL}, "@rivaldeals", id="fwd"),
        pytest.param("看我头像 加我", DEFAULT, {}, None, id="profile-names-none"),
        pytest.param("let's talk in pm later", DEFAULT, {}, None, id="nothing"),
    ],
)
def test_rival_is_named(
    text: str, policy: ChatPolicy, extra: dict[str, Any], rival: str | None
) -> None:
    """The rival check names the listed competitor as typed, or the contact pushed."""
    finding = judge(facts(text, **extra), policy, competitors=listed("Rival Store"))
    assert poaching.rival_of(finding.checks) == rival, show(finding)
    assert finding.topic == rival


@pytest.mark.parametrize("text", ["可商裙123456789", "出配置 君羊 234567890", "进裙 3456789 领"])
def test_group_written_past_a_filter_is_a_group_number(text: str) -> None:
    """ "裙" (a skirt) and "君羊" (群 split in two) are how ads write 群 past a filter."""
    finding = judge(facts(text, NEWCOMER))
    assert "group_number" in names(finding) and finding.level == "hit", show(finding)


def test_a_pinned_post_pointed_to_is_a_profile_pointer() -> None:
    """ "Check my pinned post" sends members to the offer waiting one tap from the name."""
    assert "profile" in names(judge(facts("Kindly check my pinned post for an offer", NEWCOMER)))
    assert "profile" not in names(judge(facts("check my story lol, the beach", NEWCOMER)))


def test_the_name_pointed_to_for_an_offer_is_a_profile_pointer() -> None:
    """Pointing to the name for an offer ("看名字 有福利") is pointing to the profile; judging
    something by its name ("看名字就知道") is not."""
    assert "profile" in names(judge(facts("看名字 有福利", NEWCOMER)))
    assert "profile" not in names(judge(facts("看名字就知道是好东西", NEWCOMER)))
    assert "profile" not in names(judge(facts("看头像有点眼熟", NEWCOMER)))


def test_rival_of_without_checks() -> None:
    assert poaching.rival_of(()) is None


# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=400),
    st.lists(st.text(max_size=140), max_size=6),
    st.integers(min_value=0, max_value=50),
    st.booleans(),
    st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
)
def test_find_never_raises(
    text: str, raws: list[str], seen: int, edit: bool, reply: int | None
) -> None:
    """Any text, any competitor list: a finding with a score in [0, 1] and a known level."""
    entries = [e for e in map(entry_of, raws) if isinstance(e, Entry)]
    message = facts(
        text,
        MemberFacts(messages_seen=seen),
        is_edit=edit,
        reply_to_user_id=reply,
        chat_username="shopxyz",
    )
    finding = judge(message, SHOP, competitors=Competitors(entries), tally=campaign())
    assert 0.0 <= finding.score <= 1.0
    assert finding.level in ("hit", "borderline", "clear")
    rival = poaching.rival_of(finding.checks)
    assert rival is None or isinstance(rival, str)


def test_a_forwarded_post_signed_with_its_channels_handle_is_not_a_hit() -> None:
    """Members forward news and shop posts all day; the post's own contacts are its signature
    (seen on real exports), so a forward needs the member's own hand-off to be a hit."""
    finding = judge(facts("Orders: @rivalshop", REGULAR, forward=RIVAL_CHANNEL))
    assert finding.level == "clear", show(finding)
    assert {"contact", "forward"} <= names(finding)
    pushed = judge(facts("Orders: @rivalshop, write me", REGULAR, forward=RIVAL_CHANNEL))
    assert pushed.level == "hit", show(pushed)


@pytest.mark.parametrize(
    ("name", "text", "title", "expected"),
    [
        # Staff wear the brand the group is named after: a badge, not a pointer elsewhere.
        pytest.param(
            "Chris | Crypto.com",
            "Please read crypto.com/university before you ask",
            "Crypto.com",
            set(),
            id="group-brand",
        ),
        pytest.param(
            "Chris | Crypto.com",
            "Please read crypto.com/university before you ask",
            "Bitcoin Traders",
            {"name_pointer", "shop_link"},
            id="another-groups-brand",
        ),
    ],
)
def test_the_site_a_group_is_named_after_is_its_own(
    name: str, text: str, title: str, expected: set[str]
) -> None:
    message = replace(facts(text, REGULAR), author_name=name, chat_title=title)
    finding = judge(message)
    assert names(finding) & {"name_pointer", "shop_link"} == expected, show(finding)


@pytest.mark.parametrize(
    ("name", "text", "level"),
    [
        pytest.param("Bags cheap @rivalbags", "DM me for prices", "hit", id="handle-in-name-dm"),
        pytest.param("Rita t.me/rivalbags", "look at my name for the catalogue", "hit", id="link"),
        pytest.param("Bags cheap @rivalbags", "hi all, nice group", "clear", id="name-alone"),
        pytest.param("Anna", "DM me when you are back", "clear", id="plain-name"),
        pytest.param("Shop 2024 @alicebags", "DM me when you are back", "clear", id="own-handle"),
    ],
)
def test_a_contact_in_the_authors_name_points_somewhere(name: str, text: str, level: str) -> None:
    """Rivals write their contact into their display name and say "DM me" or "see my name"."""
    policy = ChatPolicy.from_settings({"allow_handles": ["alicebags"]})
    finding = judge(replace(facts(text, REGULAR), author_name=name), policy)
    assert finding.level == level, show(finding)


# -- a listed rival behind a link, and only named -----------------------------------------------

LINKED = "the same bag is here"


def _text_link(text: str, word: str, url: str) -> EntityFact:
    return EntityFact("text_link", text.index(word), len(word), url=url)


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(
            {"entities": (_text_link(LINKED, "here", "https://shopxyz.com/bags/123"),)},
            id="hidden-link",
        ),
        pytest.param(
            {"buttons": (ButtonFact("Open", "https://shopxyz.com/bags/123"),)},
            id="inline-button",
        ),
        pytest.param(
            {"entities": (_text_link(LINKED, "here", "https://t.me/ShopXyz"),)},
            id="hidden-telegram-link",
        ),
    ],
)
def test_a_listed_rival_behind_a_link_is_named(extra: dict[str, Any]) -> None:
    """A listed rival's address hidden behind "here" or on an inline button was never checked
    against the list (only the visible words were): from a member the group knows it went
    through. It is as named as if written out."""
    finding = judge(facts(LINKED, REGULAR, **extra))
    assert "competitor" in names(finding), show(finding)
    assert finding.level == "hit", show(finding)


def test_a_listed_rival_behind_the_groups_own_link_is_not_named() -> None:
    """The group's own handle holding a listed name behind a hidden link stays the group's."""
    policy = ChatPolicy.from_settings({"allow_handles": ["shopxyz_official"]})
    link = _text_link(LINKED, "here", "https://t.me/shopxyz_official")
    finding = judge(facts(LINKED, REGULAR, entities=(link,)), policy)
    assert "competitor" not in names(finding), show(finding)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        pytest.param("is ShopXyz legit? anyone ordered there?", True, id="question"),
        pytest.param("heads up Rival Store shut down", True, id="news"),
        pytest.param("Buy from ShopXyz instead", False, id="recommendation"),
        pytest.param("ShopXyz is great, DM me for the link", False, id="handoff"),
    ],
)
def test_a_known_member_only_naming_a_listed_rival_is_marked_as_asked_about(
    text: str, asked: bool
) -> None:
    """The finding says when a listed rival was only named by a member the group knows, so the
    combiner reports it to the owner instead of warning the member."""
    finding = judge(facts(text, REGULAR))
    assert ("asked_about" in names(finding)) is asked, show(finding)
    assert "asked_about" not in names(judge(facts(text, NEWCOMER)))
