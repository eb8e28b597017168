"""Member reports: when enough distinct members report a message, it is hidden until an admin
decides.

Two kinds of report are kept and shown to the admins but never count toward hiding:
- reports of a message an admin already settled (pressed Dismiss: "this message is fine"), so
  the same members, or their friends, cannot hide again what the owner just cleared;
- reports from accounts still in their first messages here, of a long-standing member's
  message, so a handful of fresh accounts cannot silence a regular.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from policies.chatpolicy import ChatPolicy
from policies.facts import MemberFacts

# Why a report left the message up, or hid it.
Outcome = Literal["hide", "below", "never", "settled"]


@dataclass(frozen=True, slots=True)
class ReportTally:
    """A message's reports as the store counts them."""

    # Distinct members whose reports of the message stand (not settled by an admin).
    reporters: int = 0
    # Of them, those still in their first messages here when they reported.
    newcomers: int = 0
    # An admin already decided on the message (dismissed its reports, say).
    settled: bool = False


@dataclass(frozen=True, slots=True)
class ReportVerdict:
    """What the reports of one message come to."""

    outcome: Outcome
    # Reports that count toward hiding it.
    counted: int
    # Reports left out because they came from new accounts.
    uncounted_newcomers: int

    @property
    def hide(self) -> bool:
        """Whether the message is hidden until an admin decides."""
        return self.outcome == "hide"


def is_newcomer(member: MemberFacts, policy: ChatPolicy) -> bool:
    """Whether a member is still in their first messages here (`new_member_messages`), as the
    topic learning and the poaching checks judge it; trusted and approved members never are.

    Only the messages count, not `new_member_hours`: a group's regulars who joined today and
    talk are real members whose reports should count, while an account made to report has
    said nothing (and its first messages are judged strictly by the spam checks)."""
    if member.trusted or member.approved:
        return False
    return member.messages_seen < policy.new_member_messages


def judge_reports(
    tally: ReportTally, policy: ChatPolicy, *, regular_author: bool
) -> ReportVerdict:
    """What a message's reports come to. `regular_author`: its author is past their first
    messages here (a member, not a newcomer nor a channel): reports from new accounts then do
    not count toward hiding it."""
    uncounted = tally.newcomers if regular_author else 0
    counted = max(tally.reporters - uncounted, 0)
    if tally.settled:
        outcome: Outcome = "settled"
    elif policy.report_threshold <= 0:
        outcome = "never"
    elif counted >= policy.report_threshold:
        outcome = "hide"
    else:
        outcome = "below"
    return ReportVerdict(outcome, counted, uncounted)
