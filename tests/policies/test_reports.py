"""policies/reports.py as a table: what a message's reports come to (hide it, not yet, never,
settled by an admin), and who counts as an account new here."""

from __future__ import annotations

import pytest

from policies.chatpolicy import ChatPolicy
from policies.facts import MemberFacts
from policies.reports import ReportTally, ReportVerdict, is_newcomer, judge_reports

THREE = ChatPolicy(report_threshold=3)


@pytest.mark.parametrize(
    ("tally", "policy", "regular_author", "verdict"),
    [
        # Distinct members' reports up to the threshold hide the message.
        (ReportTally(2), THREE, True, ReportVerdict("below", 2, 0)),
        (ReportTally(3), THREE, True, ReportVerdict("hide", 3, 0)),
        (ReportTally(4), THREE, False, ReportVerdict("hide", 4, 0)),
        (ReportTally(1), ChatPolicy(report_threshold=1), True, ReportVerdict("hide", 1, 0)),
        # Threshold 0: reports never hide anything.
        (ReportTally(9), ChatPolicy(report_threshold=0), True, ReportVerdict("never", 9, 0)),
        # Fresh accounts cannot hide a regular's message...
        (ReportTally(3, newcomers=3), THREE, True, ReportVerdict("below", 0, 3)),
        (ReportTally(5, newcomers=3), THREE, True, ReportVerdict("below", 2, 3)),
        # ...but regulars' reports still count beside theirs,
        (ReportTally(6, newcomers=3), THREE, True, ReportVerdict("hide", 3, 3)),
        # and newcomers may report a newcomer's (or a channel's) message.
        (ReportTally(3, newcomers=3), THREE, False, ReportVerdict("hide", 3, 0)),
        # An admin settled the message (Dismiss): nothing hides it again.
        (ReportTally(0, settled=True), THREE, True, ReportVerdict("settled", 0, 0)),
        (ReportTally(5, settled=True), THREE, False, ReportVerdict("settled", 5, 0)),
        (
            ReportTally(5, settled=True),
            ChatPolicy(report_threshold=0),
            True,
            ReportVerdict("settled", 5, 0),
        ),
    ],
)
def test_what_a_messages_reports_come_to(
    tally: ReportTally, policy: ChatPolicy, regular_author: bool, verdict: ReportVerdict
) -> None:
    got = judge_reports(tally, policy, regular_author=regular_author)
    assert got == verdict
    assert got.hide == (verdict.outcome == "hide")


@pytest.mark.parametrize(
    ("member", "policy", "newcomer"),
    [
        (MemberFacts(), ChatPolicy(), True),  # joined and never spoke
        (MemberFacts(messages_seen=2), ChatPolicy(new_member_messages=3), True),
        (MemberFacts(messages_seen=3), ChatPolicy(new_member_messages=3), False),
        (MemberFacts(messages_seen=0), ChatPolicy(new_member_messages=0), False),
        (MemberFacts(trusted=True), ChatPolicy(), False),
        (MemberFacts(approved=True), ChatPolicy(), False),
    ],
)
def test_who_is_an_account_new_here(member: MemberFacts, policy: ChatPolicy, newcomer: bool):
    assert is_newcomer(member, policy) is newcomer
