"""Poaching campaigns across messages: members approached, accounts pushing one contact, and
the campaign window's round trip through the store's increments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from policies import (
    poaching,
)
from policies.tally import Tally
from tests.policies.poaching_support import (
    NOW,
    accounts_of,
    campaign,
    facts,
    judge,
    names,
    reach_of,
    show,
)

# -- campaigns ----------------------------------------------------------------------------------


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
