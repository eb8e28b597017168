"""Table tests for the poaching policy: rivals pulling members elsewhere, campaigns, decisions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies import (
    ChatPolicy,
    Finding,
    ForwardFacts,
    MemberFacts,
    MessageFacts,
    combine,
    evaluate,
    poaching,
    read_text,
)
from policies.competitors import Competitors, Entry, entry_of
from policies.explain import reason
from policies.facts import check
from policies.tally import Tally

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NEWCOMER = MemberFacts(joined_at=NOW - timedelta(minutes=5), messages_seen=0)
REGULAR = MemberFacts(joined_at=NOW - timedelta(days=60), messages_seen=12)
DEFAULT = ChatPolicy()
# A shop group: its own site, its news channel and its official account are allowed.
SHOP = ChatPolicy.from_settings(
    {"allow_domains": ["myshop.com"], "allow_handles": ["@MyShop_News", "myshop_support"]}
)
# A group whose own public handle is `shopxyz`.
OWN_HANDLE = ChatPolicy.from_settings({"allow_handles": ["shopxyz"]})
RIVAL_CHANNEL = ForwardFacts("channel", chat_id=-1002002, username="rivaldeals", title="Deals")


def listed(*raws: str) -> Competitors:
    """A competitor list from entries as moderators type them."""
    entries = [entry_of(raw) for raw in raws]
    assert all(isinstance(e, Entry) for e in entries), entries
    return Competitors(e for e in entries if isinstance(e, Entry))


RIVALS = listed("ShopXyz", "Rival Store")
NO_RIVALS = Competitors(())


def facts(text: str, member: MemberFacts = REGULAR, **extra: Any) -> MessageFacts:
    """A group message with sensible defaults."""
    values: dict[str, Any] = {"chat_id": -100, "message_id": 7, "user_id": 42}
    values.update(extra)
    return MessageFacts(text=text, date=values.pop("date", NOW), member=member, **values)


def judge(
    message: MessageFacts,
    policy: ChatPolicy = DEFAULT,
    *,
    competitors: Competitors = RIVALS,
    tally: Tally | None = None,
    now: datetime = NOW,
) -> Finding:
    """The poaching finding about one message."""
    return poaching.find(
        message, read_text(message), policy, now, competitors=competitors, tally=tally
    )


def names(finding: Finding) -> set[str]:
    return {c.name for c in finding.checks}


def show(finding: Finding) -> str:
    checks = ", ".join(f"{c.name}={c.score}" for c in finding.checks)
    return f"{finding.level} {finding.score} [{checks}]"


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


def test_rival_of_without_checks() -> None:
    assert poaching.rival_of(()) is None


# -- campaigns ----------------------------------------------------------------------------------


def campaign() -> Tally:
    return Tally(poaching.CAMPAIGN_WINDOW, record=True)


def reach_of(finding: Finding) -> tuple[float, object] | None:
    for c in finding.checks:
        if c.name == "campaign_reach":
            return c.score, c.reasons[0].values()["count"]
    return None


def accounts_of(finding: Finding) -> tuple[float, object] | None:
    for c in finding.checks:
        if c.name == "campaign_accounts":
            return c.score, c.reasons[0].values()["count"]
    return None


SOLICIT = "my wechat: abc12345"  # a contact alone: clear, until it is a campaign


@pytest.mark.parametrize(
    ("replies", "expected", "level"),
    [
        pytest.param(
            [501, 502, 503],
            [None, None, (1.0, 3)],
            "hit",  # an id offered as one ("wechat: ...") to three members
            id="three-members",
        ),
        pytest.param(
            [501, 502, 503, 504, 505],
            [None, None, (1.0, 3), (1.0, 4), (1.5, 5)],
            "hit",
            id="five-members",
        ),
        pytest.param([501, 501, 502, 502], [None] * 4, "clear", id="same-two-members"),
        pytest.param([42, 42, 42, 501], [None] * 4, "clear", id="replies-to-self"),
        pytest.param([None, None, None, None], [None] * 4, "clear", id="no-replies"),
    ],
)
def test_one_account_approaching_many_members(
    replies: list[int | None], expected: list[tuple[float, int] | None], level: str
) -> None:
    """One account answering 3+ different members with a contact is a campaign."""
    tally = campaign()
    findings = []
    for i, (member, want) in enumerate(zip(replies, expected, strict=True)):
        now = NOW + timedelta(minutes=i)
        message = facts(SOLICIT, reply_to_user_id=member, date=now)
        finding = judge(message, tally=tally, now=now)
        assert reach_of(finding) == want, (i, show(finding))
        assert accounts_of(finding) is None
        findings.append(finding)
    assert findings[-1].level == level, show(findings[-1])


def test_mentions_of_members_count_as_approached() -> None:
    """Naming three members in one pitch approaches three members at once."""
    members = frozenset({"anna_k", "bob_kk", "carl_k"})
    message = facts("@anna_k @bob_kk @carl_k my wechat: abc12345", mentions_of_members=members)
    finding = judge(message, tally=campaign())
    assert reach_of(finding) == (1.0, 3), show(finding)


def test_no_target_campaign_of_five_members_is_noticed() -> None:
    """Pitching "check your pm, sent you details" to five members within hours is a campaign.

    The text names no contact (the sender is the contact), so alone it stays clear; approaching
    three and more different members gives it a target and makes it a hit.
    """
    tally = campaign()
    findings = []
    for i, member in enumerate([501, 502, 503, 504, 505]):
        now = NOW + timedelta(minutes=i)
        message = facts("check your pm, sent you details", reply_to_user_id=member, date=now)
        findings.append(judge(message, tally=tally, now=now))
    assert [f.level for f in findings[:2]] == ["clear", "clear"], [show(f) for f in findings]
    assert reach_of(findings[-1]) == (1.5, 5)
    assert findings[-1].level == "hit", show(findings[-1])


@pytest.mark.parametrize(
    ("posts", "expected"),
    [
        pytest.param(
            [(61, "orders: @rivalshop"), (62, "orders: @rivalshop"), (63, "orders: @rivalshop")],
            [None, (1.2, 2), (1.2, 3)],
            id="three-accounts-one-handle",
        ),
        pytest.param(
            [(61, "orders: @RivalShop"), (62, "ask @rivalshop")],
            [None, (1.2, 2)],
            id="handle-case-differs",
        ),
        pytest.param(
            [(61, "orders: @rivalshop"), (61, "orders: @rivalshop"), (61, "orders: @rivalshop")],
            [None, None, None],
            id="one-account-thrice",
        ),
        pytest.param(
            [(61, "orders: @rivalshop"), (62, "orders: @othershop")],
            [None, None],
            id="different-contacts",
        ),
        pytest.param(
            [(61, "join t.me/+AbCdEf123"), (62, "join t.me/+AbCdEf123")],
            [None, (1.2, 2)],
            id="same-invite",
        ),
        pytest.param(
            [(61, "Best deals at ShopXyz"), (62, "S h o p X y z is better")],
            [None, None],
            id="competitor-name-alone-is-no-solicitation",
        ),
        pytest.param(
            [(61, "my wechat: abc12345"), (62, "wechat abc12345")],
            [None, (1.2, 2)],
            id="same-wechat-id-spelt-differently",
        ),
        pytest.param(
            [(61, "call +7 912 345 67 89"), (62, "call +79123456789")],
            [None, (1.2, 2)],
            id="same-phone-spelt-differently",
        ),
    ],
)
def test_several_accounts_pushing_one_contact(
    posts: list[tuple[int, str]], expected: list[tuple[float, int] | None]
) -> None:
    """Several accounts pushing the same contact within the window are a campaign."""
    tally = campaign()
    for i, ((user, text), want) in enumerate(zip(posts, expected, strict=True)):
        now = NOW + timedelta(minutes=i)
        finding = judge(facts(text, user_id=user, date=now), tally=tally, now=now)
        assert accounts_of(finding) == want, (i, show(finding))


def test_accounts_campaign_makes_a_contact_a_hit() -> None:
    """A bare contact is clear; the second account pushing it makes it a hit."""
    tally = campaign()
    first = judge(facts("orders: @rivalshop", user_id=61), tally=tally)
    second = judge(facts("orders: @rivalshop", user_id=62), tally=tally)
    assert first.level == "clear", show(first)
    assert second.level == "hit", show(second)
    assert names(second) == {"contact", "campaign_accounts", "rival"}


@pytest.mark.parametrize(
    ("gap", "reach"),
    [
        pytest.param(poaching.CAMPAIGN_WINDOW - timedelta(minutes=5), (1.0, 3), id="inside"),
        pytest.param(poaching.CAMPAIGN_WINDOW + timedelta(minutes=5), None, id="after"),
        pytest.param(timedelta(days=2), None, id="days-later"),
    ],
)
def test_reach_resets_after_the_window(gap: timedelta, reach: tuple[float, int] | None) -> None:
    """Members approached before the window are forgotten."""
    tally = campaign()
    judge(facts(SOLICIT, reply_to_user_id=501), tally=tally)
    judge(facts(SOLICIT, reply_to_user_id=502), tally=tally)
    later = NOW + gap
    finding = judge(facts(SOLICIT, reply_to_user_id=503, date=later), tally=tally, now=later)
    assert reach_of(finding) == reach, show(finding)


@pytest.mark.parametrize(
    ("gap", "accounts"),
    [
        pytest.param(poaching.CAMPAIGN_WINDOW - timedelta(minutes=5), (1.2, 2), id="inside"),
        pytest.param(poaching.CAMPAIGN_WINDOW + timedelta(minutes=5), None, id="after"),
    ],
)
def test_accounts_reset_after_the_window(
    gap: timedelta, accounts: tuple[float, int] | None
) -> None:
    """Accounts that pushed a contact before the window are forgotten."""
    tally = campaign()
    judge(facts("orders: @rivalshop", user_id=61), tally=tally)
    later = NOW + gap
    message = facts("orders: @rivalshop", user_id=62, date=later)
    assert accounts_of(judge(message, tally=tally, now=later)) == accounts


@pytest.mark.parametrize(
    ("edit", "users"),
    [(True, (61, 62)), (False, (None, None))],
    ids=["edits", "anonymous"],
)
def test_edits_and_anonymous_messages_are_not_counted(
    edit: bool, users: tuple[int | None, int | None]
) -> None:
    """Editing one pitch three times (or an unknown author) is no campaign."""
    tally = campaign()
    for member in (501, 502, 503):
        message = facts(SOLICIT, reply_to_user_id=member, is_edit=edit, user_id=users[0])
        assert reach_of(judge(message, tally=tally)) is None
    for user in users:
        message = facts("orders: @rivalshop", user_id=user, is_edit=edit)
        assert accounts_of(judge(message, tally=tally)) is None
    assert tally.count(poaching.REACH_KIND, -100, "42", NOW) == 0
    assert tally.count(poaching.CONTACT_KIND, -100, "@rivalshop", NOW) == 0
    assert tally.drain() == []


def test_ordinary_replies_are_not_counted() -> None:
    """Replies with no solicitation in them never count toward a campaign."""
    tally = campaign()
    for member in (501, 502, 503, 504):
        judge(facts("thanks, got it!", reply_to_user_id=member), tally=tally)
    assert tally.count(poaching.REACH_KIND, -100, "42", NOW) == 0


def test_campaigns_are_per_chat() -> None:
    """Approaches in one chat do not add up with another chat's."""
    tally = campaign()
    for chat, member in ((-1, 501), (-2, 502), (-3, 503)):
        finding = judge(facts(SOLICIT, chat_id=chat, reply_to_user_id=member), tally=tally)
        assert reach_of(finding) is None


# -- the tally's store round trip ---------------------------------------------------------------


def _run_campaign(tally: Tally) -> None:
    for i, member in enumerate((501, 502, 503)):
        now = NOW + timedelta(seconds=i)
        judge(facts(SOLICIT, reply_to_user_id=member, date=now), tally=tally, now=now)
    for user in (61, 62):
        judge(facts("orders: @rivalshop", user_id=user), tally=tally)
    judge(facts("orders: @rivalshop", user_id=61), tally=tally)  # the same account again


GROUPS = [
    (poaching.REACH_KIND, "42"),
    (poaching.CONTACT_KIND, "abc12345"),  # contacts are counted by poaching.contact_key
    (poaching.CONTACT_KIND, "rivalshop"),
]


def test_drained_increments_merge_into_the_same_counts() -> None:
    """Increments drained from one worker and merged into another give the same counts."""
    source = campaign()
    _run_campaign(source)
    increments = source.drain()
    assert increments and source.drain() == []
    target = Tally(poaching.CAMPAIGN_WINDOW)
    for increment in increments:
        target.merge(*increment)
    later = NOW + timedelta(minutes=1)
    for kind, group in GROUPS:
        assert target.count(kind, -100, group, later) == source.count(kind, -100, group, later)
        assert target.members(kind, -100, group, later) == source.members(kind, -100, group, later)
    assert [target.count(k, -100, g, later) for k, g in GROUPS] == [3, 1, 2]


def test_merging_twice_changes_nothing() -> None:
    """The store holds sums: merging the same counts again keeps the larger, not the total."""
    source = campaign()
    _run_campaign(source)
    increments = source.drain()
    target = Tally(poaching.CAMPAIGN_WINDOW)
    for increment in increments + increments:
        target.merge(*increment)
    assert [target.count(k, -100, g, NOW) for k, g in GROUPS] == [3, 1, 2]


def test_merge_takes_the_larger_count() -> None:
    """A second's count merged twice keeps the larger of the two."""
    tally = Tally(poaching.CAMPAIGN_WINDOW)
    second = int(NOW.timestamp())
    tally.merge(poaching.CONTACT_KIND, -100, "@rivalshop|61", second, 3)
    tally.merge(poaching.CONTACT_KIND, -100, "@rivalshop|61", second, 1)
    tally.merge(poaching.CONTACT_KIND, -100, "@rivalshop|61", second, 2)
    assert tally._groups[(poaching.CONTACT_KIND, -100, "@rivalshop")] == {"61": {second: 3}}
    assert tally.count(poaching.CONTACT_KIND, -100, "@rivalshop", NOW) == 1


def test_same_second_increments_are_summed_in_the_drain() -> None:
    """Two sightings of one member in one second drain as one increment of 2."""
    tally = campaign()
    tally.add(poaching.CONTACT_KIND, -100, "@rivalshop", "61", NOW)
    tally.add(poaching.CONTACT_KIND, -100, "@rivalshop", "61", NOW)
    second = int(NOW.timestamp())
    assert tally.drain() == [(poaching.CONTACT_KIND, -100, "@rivalshop|61", second, 2)]


def test_restore_puts_back_what_the_store_refused() -> None:
    """Restored increments are drained again next time, added to new ones."""
    tally = campaign()
    _run_campaign(tally)
    first = tally.drain()
    tally.restore(first)
    assert sorted(tally.drain()) == sorted(first)
    tally.restore(first)
    tally.restore(first)
    doubled = {(k, c, key, s): n * 2 for k, c, key, s, n in first}
    assert {(k, c, key, s): n for k, c, key, s, n in tally.drain()} == doubled


def test_merged_history_completes_a_campaign() -> None:
    """Two approaches seen by another worker and a third seen here make a campaign."""
    other = campaign()
    for member in (501, 502):
        judge(facts(SOLICIT, reply_to_user_id=member), tally=other)
    here = campaign()
    for increment in other.drain():
        here.merge(*increment)
    finding = judge(facts(SOLICIT, reply_to_user_id=503), tally=here)
    assert reach_of(finding) == (1.0, 3), show(finding)


@pytest.mark.parametrize(
    ("key", "second", "count"),
    [
        pytest.param("no-separator", int(NOW.timestamp()), 0, id="key-without-member"),
        pytest.param(
            "42|501", int((NOW - poaching.CAMPAIGN_WINDOW * 2).timestamp()), 0, id="stale"
        ),
        pytest.param("42|501", int(NOW.timestamp()), 1, id="fresh"),
    ],
)
def test_merge_of_odd_or_old_counts(key: str, second: int, count: int) -> None:
    """Keys with no member are ignored; counts older than the window do not count."""
    tally = Tally(poaching.CAMPAIGN_WINDOW)
    tally.merge(poaching.REACH_KIND, -100, key, second, 1)
    assert tally.count(poaching.REACH_KIND, -100, "42", NOW) == count


# -- what is done about it ----------------------------------------------------------------------

# Poaching, and no ad wording. The rival is on the list already, so no alert offers to add it.
COMPETITOR_PITCH = "Best deals at S h o p X y z, come see"


@pytest.mark.parametrize(
    ("settings_", "actions", "intended", "event", "alert"),
    [
        pytest.param(
            {},
            ["delete", "alert"],
            ["delete", "alert"],
            "poaching_removed",
            ("poaching.alert", ("restore", "ban")),
            id="default-delete",
        ),
        pytest.param(
            {"poaching_action": "observe"},
            ["alert"],
            ["delete", "alert"],
            "poaching_observed",
            ("poaching.observed", ("confirm", "not_spam", "ban")),
            id="observe-poaching",
        ),
        pytest.param(
            {"poaching_action": "warn"},
            ["warn", "alert"],
            ["warn", "alert"],
            "poaching_warned",
            ("poaching.borderline", ("confirm", "not_spam", "ban")),
            id="warn",
        ),
        pytest.param(
            {"mode": "observe"},
            ["alert"],
            ["delete", "alert"],
            "poaching_observed",
            ("poaching.observed", ("confirm", "not_spam", "ban")),
            id="observe-mode",
        ),
        pytest.param(
            {"mode": "observe", "poaching_action": "delete_ban"},
            ["alert"],
            ["delete", "ban", "alert"],
            "poaching_observed",
            ("poaching.observed", ("confirm", "not_spam", "ban")),
            id="observe-mode-ban",
        ),
        pytest.param(
            {"poaching_action": "delete_mute"},
            ["delete", "restrict", "alert"],
            ["delete", "restrict", "alert"],
            "poaching_removed",
            ("poaching.alert", ("restore", "ban")),
            id="delete-mute",
        ),
        pytest.param(
            {"poaching_action": "delete_ban"},
            ["delete", "ban", "alert"],
            ["delete", "ban", "alert"],
            "poaching_removed",
            ("poaching.alert", ("restore", "ban")),
            id="delete-ban",
        ),
    ],
)
def test_a_poaching_hit_becomes_actions(
    settings_: dict[str, str],
    actions: list[str],
    intended: list[str],
    event: str,
    alert: tuple[str, tuple[str, ...]],
) -> None:
    """The chat's settings decide what happens to a rival; observe only alerts."""
    policy = ChatPolicy.from_settings(settings_)
    decision = evaluate(facts(COMPETITOR_PITCH), policy, NOW, competitors=RIVALS)
    assert decision.lead is not None and decision.lead.label == "poaching"
    assert decision.label == "poaching"
    assert [a.kind for a in decision.actions] == actions
    assert [a.kind for a in decision.intended] == intended
    assert decision.event == event
    assert decision.alert is not None
    assert (decision.alert.text, decision.alert.buttons) == alert
    assert decision.observe == (event == "poaching_observed")
    assert not decision.counts


def test_mute_lasts_the_configured_time() -> None:
    policy = ChatPolicy.from_settings({"poaching_action": "delete_mute", "mute_minutes": 90})
    decision = evaluate(facts(COMPETITOR_PITCH), policy, NOW, competitors=RIVALS)
    assert decision.actions[1].until == NOW + timedelta(minutes=90)


@pytest.mark.parametrize(
    ("settings_", "actions", "event"),
    [
        pytest.param({}, ["delete", "alert"], "poaching_removed", id="default"),
        pytest.param({"poaching_action": "observe"}, ["alert"], "poaching_observed", id="obs"),
        pytest.param({"poaching_action": "warn"}, ["warn", "alert"], "poaching_warned", id="w"),
        pytest.param({"mode": "observe"}, ["alert"], "poaching_observed", id="observe-mode"),
    ],
)
def test_combine_a_poaching_finding(
    settings_: dict[str, str], actions: list[str], event: str
) -> None:
    """The combiner alone, fed the poaching finding, decides the same."""
    policy = ChatPolicy.from_settings(settings_)
    message = facts("DM me, cheaper than here @rivalshop")
    finding = judge(message, policy)
    assert finding.level == "hit"
    decision = combine(message, (finding,), policy, NOW)
    assert decision.lead is finding
    assert [a.kind for a in decision.actions] == actions
    assert decision.event == event
    assert decision.alert is not None
    assert {"ban", "add_competitor"} <= set(decision.alert.buttons)


@pytest.mark.parametrize(
    ("text", "lead", "event"),
    [
        pytest.param(
            "DM me, cheaper than here @rivalshop",
            "poaching",
            "poaching_removed",
            id="cheaper-elsewhere-is-a-rival",
        ),
        pytest.param(
            "Earn $500 a day from home, no experience needed, write me @job_boss",
            "spam",
            "spam_removed",
            id="ad-with-a-contact-stays-spam",
        ),
        pytest.param(
            "Удалённая работа, заработок от 5000 ₽ в день, пиши в лс @job_boss",
            "spam",
            "spam_removed",
            id="ru-ad-with-a-contact-stays-spam",
        ),
    ],
)
def test_which_hit_leads_when_both_policies_hit(text: str, lead: str, event: str) -> None:
    """Both policies hit; poaching leads only with its hallmark (here "cheaper elsewhere")."""
    decision = evaluate(facts(text, NEWCOMER), DEFAULT, NOW)
    assert {f.label: f.level for f in decision.findings} == {"spam": "hit", "poaching": "hit"}
    assert decision.lead is not None and decision.lead.label == lead
    assert decision.event == event


@pytest.mark.parametrize(
    ("settings_", "actions", "event"),
    [
        pytest.param({}, ["warn", "alert"], "poaching_warned", id="default"),
        pytest.param(
            {"poaching_action": "delete_ban"}, ["warn", "alert"], "poaching_warned", id="ban"
        ),
        pytest.param({"poaching_action": "observe"}, ["alert"], "poaching_observed", id="observe"),
    ],
)
def test_a_borderline_poaching_finding_warns(
    settings_: dict[str, str], actions: list[str], event: str
) -> None:
    """Borderline poaching is never removed: it warns the member and asks the owner."""
    message = facts("Join my group t.me/+AbCdEf123")
    finding = Finding(
        "poaching",
        0.6,
        "borderline",
        (check("other_chat", 0.9), check("rival", 0.0, reason("rival", name="t.me/+AbCdEf123"))),
        topic="t.me/+AbCdEf123",
    )
    decision = combine(message, (finding,), ChatPolicy.from_settings(settings_), NOW)
    assert decision.lead is finding
    assert [a.kind for a in decision.actions] == actions
    assert decision.event == event
    assert decision.alert is not None
    assert {"ban", "add_competitor"} <= set(decision.alert.buttons)
    assert decision.counts


@pytest.mark.parametrize(
    "member",
    [MemberFacts(approved=True), MemberFacts(trusted=True)],
    ids=["approved", "trusted"],
)
def test_exempt_members_lead_to_nothing(member: MemberFacts) -> None:
    decision = evaluate(facts(COMPETITOR_PITCH, member), DEFAULT, NOW, competitors=RIVALS)
    assert decision.lead is None
    assert decision.actions == () and decision.event is None


def test_campaigns_pass_through_the_pipeline() -> None:
    """`evaluate(campaigns=...)` counts the message in the chat's campaign window."""
    tally = campaign()
    decisions = [
        evaluate(facts("orders: @rivalshop", user_id=user), DEFAULT, NOW, campaigns=tally)
        for user in (61, 62)
    ]
    assert [d.label for d in decisions] == ["ham", "poaching"]
    second = decisions[1].finding("poaching")
    assert second is not None and accounts_of(second) == (1.2, 2)


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
