"""A member the group knows saying "DM me" is not poaching by itself (#10): selling their own
pair of shoes, friends moving a chat to private. A hand-off counts once. "Cheaper in DM", a
rival's contact or a campaign still are, from anyone."""

from __future__ import annotations

import pytest

from policies import Finding, MemberFacts
from tests.policies.poaching_support import NEWCOMER, NO_RIVALS, REGULAR, facts
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
