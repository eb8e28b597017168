"""The combiner: every policy's finding, the member and the chat's settings -> one decision.

Policies say what they see (a label, a score, a level, named checks); this module alone says what
is done about it: which actions, which event kind is recorded, which alert the owner gets, and
whether the message counts toward the member's standing. Handlers carry the decision out and
decide nothing.
"""

from __future__ import annotations

from datetime import datetime

from policies.chatpolicy import ChatPolicy
from policies.facts import LABELS, Action, AlertPlan, Decision, Finding, MessageFacts

# Event kinds are `<label>_<outcome>`; these outcomes are Steward's own actions on a message
# ("reported": only the owner was told).
OUTCOMES = ("removed", "warned", "observed", "reported")


def event_kind(label: str, outcome: str) -> str:
    """The event recorded for a decision about a message (`spam_removed`, ...)."""
    return f"{label}_{outcome}"


def label_of(kind: str) -> str | None:
    """The label an event kind is about, if it is one of Steward's message decisions."""
    label, _, outcome = kind.rpartition("_")
    return label if label in LABELS and outcome in OUTCOMES else None


def is_restorable(kind: str) -> bool:
    """Events whose action a moderator can undo: Steward's own decisions and hidden reports."""
    return label_of(kind) is not None or kind == "report_hidden"


def combine(
    facts: MessageFacts, findings: tuple[Finding, ...], policy: ChatPolicy, now: datetime
) -> Decision:
    """The decision about one message from every policy's finding."""
    if all(f.level == "clear" for f in findings):
        return Decision(findings=findings, actions=())  # most messages: nothing to weigh
    lead = _lead(_without_complained_rivals(facts, findings, policy), policy)
    if lead is None:
        return Decision(findings=findings, actions=())
    # A label the chat only observes is judged as if enforced, and nothing but the alert is done.
    observe = policy.mode == "observe" or policy.action_for(lead.label) == "observe"
    intended = _actions(lead, facts, policy, now)
    actions: tuple[Action, ...] = (Action("alert"),) if observe and intended else intended
    if _only_asked_about(lead):
        outcome = "reported"  # in observe mode too: telling the owner is all it would have done
    elif observe:
        outcome = "observed"
    elif lead.level == "hit" and any(a.kind == "delete" for a in intended):
        outcome = "removed"
    else:
        outcome = "warned"
    return Decision(
        findings=findings,
        actions=actions,
        intended=intended,
        lead=lead,
        event=event_kind(lead.label, outcome) if intended else None,
        alert=_alert(lead, outcome) if intended else None,
        observe=observe,
        # What Steward removes or warns about (or would, observing) is not part of the member's
        # standing: warned ads must not make a newcomer a regular. A rival only asked about is
        # no offence, and counts.
        counts=not intended or outcome == "reported",
    )


# Poaching checks that only say a listed rival was named.
_NAMING_ONLY = frozenset({"competitor", "rival", "asked_about"})


def _only_asked_about(lead: Finding) -> bool:
    """A member the group knows only naming a listed rival ("is X legit?", "X shut down"), as
    the poaching policy found it: the owner is told, the member is not warned (a question is
    no offence)."""
    if lead.label != "poaching" or lead.level != "borderline":
        return False
    return any(c.name == "asked_about" for c in lead.checks)


def _without_complained_rivals(
    facts: MessageFacts, findings: tuple[Finding, ...], policy: ChatPolicy
) -> tuple[Finding, ...]:
    """A member past their first messages complaining about a listed rival ("I bought from X
    and it never came"), sending nobody there: the rival's name alone does not make it poaching
    (a complaint is never removed)."""
    poaching = next((f for f in findings if f.label == "poaching"), None)
    complaint = next((f for f in findings if f.label == "complaint"), None)
    if (
        poaching is None
        or poaching.level == "clear"
        or complaint is None
        or complaint.level == "clear"
        or facts.member.messages_seen < policy.new_member_messages
        or not {c.name for c in poaching.checks} <= _NAMING_ONLY
    ):
        return findings
    return tuple(f for f in findings if f is not poaching)


def _lead(findings: tuple[Finding, ...], policy: ChatPolicy) -> Finding | None:
    """The finding that decides: one the chat acts on before one it only records (a complaint
    never hides an ad), a hit before a borderline, then one with its policy's hallmark, then
    LABELS order.

    A rival's "DM me, cheaper @shop" reads as an ad too; poaching's hallmark ("cheaper
    elsewhere", a listed rival, a campaign) makes it lead, so the owner hears of a rival as a
    rival. An ad that merely carries a contact stays spam.
    """
    if all(f.level == "clear" for f in findings):
        return None  # most messages: nothing to rank
    ranked = sorted(
        (f for f in findings if f.level != "clear" and not f.exempt),
        key=lambda f: (
            policy.action_for(f.label) == "none",
            f.level != "hit",
            not f.hallmark,
            LABELS.index(f.label) if f.label in LABELS else 99,
        ),
    )
    return ranked[0] if ranked else None


def _actions(
    lead: Finding, facts: MessageFacts, policy: ChatPolicy, now: datetime
) -> tuple[Action, ...]:
    what = policy.action_for(lead.label)
    if what == "observe":
        what = "delete"
    if what == "none":
        return ()
    if _only_asked_about(lead):
        return (Action("alert"),)
    if lead.level == "borderline" or what == "warn":
        return (Action("warn"), Action("alert"))
    actions = [Action("delete")]
    if facts.sender_chat_id is not None:
        actions.append(Action("ban_sender_chat"))
    elif what == "delete_mute":
        actions.append(Action("restrict", until=now + policy.mute_for))
    elif what == "delete_ban":
        actions.append(Action("ban"))
    actions.append(Action("alert"))
    return tuple(actions)


def _alert(lead: Finding, outcome: str) -> AlertPlan:
    """Which alert the owner gets, and the buttons on it."""
    # A rival's alert also offers to ban them and to list what they pushed as a competitor.
    extra: tuple[str, ...] = ()
    if lead.label == "poaching":
        # No "add" button when the rival was caught by the list: it is on it already.
        listed = any(c.name == "competitor" for c in lead.checks)
        extra = ("ban",) if listed else ("ban", "add_competitor")
    if outcome == "observed":
        buttons = ("confirm", "not_spam", *extra)
        return AlertPlan(lead.label, f"{lead.label}.observed", "warning", buttons)
    if outcome == "reported":
        buttons = ("confirm", "not_spam", *extra)
        return AlertPlan(lead.label, f"{lead.label}.reported", "info", buttons)
    if outcome == "warned":
        buttons = ("confirm", "not_spam", *extra)
        return AlertPlan(lead.label, f"{lead.label}.borderline", "info", buttons)
    if lead.label == "poaching":
        return AlertPlan(lead.label, "poaching.alert", "warning", ("restore", *extra))
    return AlertPlan(lead.label, f"{lead.label}.alert", "warning", ("restore", "confirm"))
