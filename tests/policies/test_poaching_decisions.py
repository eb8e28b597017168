"""What the combiner does about poaching: actions per setting, alerts and their buttons, and
which policy leads when spam also hits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from policies import (
    ChatPolicy,
    Finding,
    MemberFacts,
    combine,
    evaluate,
)
from policies.explain import reason
from policies.facts import check
from tests.policies.poaching_support import (
    DEFAULT,
    NEWCOMER,
    NOW,
    RIVALS,
    accounts_of,
    campaign,
    facts,
    judge,
)

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
    levels = {f.label: f.level for f in decision.findings}
    assert levels == {"spam": "hit", "poaching": "hit", "complaint": "clear"}
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
    assert not decision.counts  # a warned message is no part of the member's clean record


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
