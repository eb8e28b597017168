"""Ad-spam checks and the evaluation of one message: named evidence, combined, turned into actions.

Every check is a small function of the facts that returns a `Check` (name, human sentence, score)
or None. Scores are evidence on one scale; the classifier adds or subtracts; a newcomer's positive
evidence counts extra. The sum becomes a probability-like spam score that the chat's policy turns
into actions. Trusted and approved members skip content checks entirely.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from policies.chatpolicy import ChatPolicy
from policies.domains import is_well_known
from policies.facts import Action, Check, MessageFacts, Verdict
from policies.flood import FloodFacts, FloodWindow
from policies.gates import gated_categories
from policies.lexicon import CATEGORY_ANY, CATEGORY_NAMES
from policies.text import Extracted, caps_ratio, emoji_count, extract, normalise, text_units

_MONEY = re.compile(r"[$€£₽¥]\s?\d|\d\s?(?:usd|usdt|\$|€|£|₽|руб\w*|元|块|万|k\b)")
NEWCOMER_BOOST = 1.35
# Where the combined evidence crosses from "probably fine" to "probably an ad".
EVIDENCE_MIDPOINT = 1.0
EVIDENCE_SLOPE = 1.8
# How far the classifier alone can move the evidence (±2.5 at its most certain).
CLASSIFIER_WEIGHT = 5.0
# At least this much evidence must come from content checks before anything is done.
MIN_INDEPENDENT = 0.5
_AMPLIFIERS = frozenset({"classifier", "newcomer"})
# ...unless the model is this sure about a message at least this long.
SURE_P = 0.72
SURE_MIN_CHARS = 45  # text_units: 45 letters, or 15 Chinese characters


class SpamModel(Protocol):
    """What evaluate needs from a classifier: a score for normalised text."""

    def score(self, text: str) -> float:
        """Spam probability of a normalised text."""
        ...


@dataclass(slots=True)
class Context:
    """Everything a check may look at, computed once per message."""

    facts: MessageFacts
    policy: ChatPolicy
    now: datetime
    norm: str
    found: Extracted
    newcomer: bool
    gates: frozenset[str]


def check_stop_phrases(ctx: Context) -> Check | None:
    """Phrases typical of ads, by category, in several languages."""
    if not ctx.norm:
        return None
    hits = [c for c in CATEGORY_ANY if c in ctx.gates and CATEGORY_ANY[c].search(ctx.norm)]
    if not hits:
        return None
    weights = {"urgency": 0.4, "crypto": 0.8, "contact": 0.8, "job": 0.9}
    score = sum(weights.get(c, 1.1) for c in hits)
    names = ", ".join(CATEGORY_NAMES[c] for c in hits)
    return Check("stop_phrases", f"ad wording: {names}", min(score, 3.0))


def _allowed(domain: str, allow: frozenset[str]) -> bool:
    """A domain the chat allows, or a subdomain of one."""
    return domain in allow or any(domain.endswith("." + a) for a in allow)


def _external(ctx: Context) -> list[str]:
    allow = ctx.policy.allow_domains
    return [d for d in ctx.found.domains if not _allowed(d, allow)]


_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})


def check_links(ctx: Context) -> Check | None:
    """Links to other sites and invite links to other Telegram chats."""
    invites = ctx.found.invite_links
    tg = [h for h in ctx.found.telegram_links if h not in ctx.policy.allow_handles]
    external = [d for d in _external(ctx) if d not in _TELEGRAM_HOSTS]
    if not invites and not tg and not external:
        return None
    parts = []
    score = 0.0
    if invites:
        parts.append(f"{invites} invite link{'s' if invites > 1 else ''} to another chat")
        score += 1.2 + 0.3 * (invites - 1)
    if tg:
        parts.append(f"link to Telegram account or channel {tg[0]}")
        score += 0.8
    risky = [d for d in external if not is_well_known(d)]
    if risky:
        parts.append(f"{len(risky)} link{'s' if len(risky) > 1 else ''} ({risky[0]})")
        score += 0.5 + 0.25 * (len(risky) - 1)
    elif external:
        parts.append(f"link to a well-known site ({external[0]})")
        score += 0.15
    if ctx.newcomer and (invites or tg or risky):
        score += 0.3
    return Check("links", "; ".join(parts), min(score, 2.2))


def check_hidden_links(ctx: Context) -> Check | None:
    """A link dressed up as other words (a text link): ordinary members rarely bother, ads do it
    so that harmless-looking text carries them past readers and filters."""
    if not ctx.found.hidden:
        return None
    allow = ctx.policy.allow_domains
    hidden = [
        d
        for d in ctx.found.hidden
        if d in _TELEGRAM_HOSTS or not (is_well_known(d) or _allowed(d, allow))
    ]
    if not hidden:
        return None
    return Check("hidden_link", f"a link hidden behind other words ({hidden[0]})", 0.8)


def check_mentions(ctx: Context) -> Check | None:
    """@handles of accounts that are not members of this chat."""
    strangers = [
        h
        for h in ctx.found.handles
        if h not in ctx.facts.mentions_of_members and h not in ctx.policy.allow_handles
    ]
    if not strangers:
        return None
    return Check(
        "mentions",
        f"mentions @{strangers[0]}, not a member here",
        min(0.5 + 0.2 * (len(strangers) - 1), 1.0),
    )


def check_contacts(ctx: Context) -> Check | None:
    """Phone numbers, messenger ids and crypto wallets: ways to take the talk elsewhere."""
    found = ctx.found
    score = 0.0
    parts = []
    if found.crypto:
        score += 1.0
        parts.append("crypto wallet address")
    if found.messengers:
        score += 0.5
        parts.append(f"messenger contact ({found.messengers[0]})")
    if found.phones:
        # Couriers, shops and friends share numbers too: a number alone never removes a message.
        score += 0.45 if ctx.newcomer else 0.3
        parts.append("phone number")
    if ctx.facts.contact_card:
        score += 0.7 if ctx.newcomer else 0.3
        parts.append("contact card")
    return Check("contacts", ", ".join(parts), min(score, 1.8)) if parts else None


def check_forward(ctx: Context) -> Check | None:
    """Forwarded from a channel: the classic way ads travel."""
    forward = ctx.facts.forward
    if forward is None or forward.kind not in ("channel", "chat"):
        return None
    where = forward.title or forward.username or "a channel"
    return Check("forwarded", f"forwarded from {where}", 0.7 if ctx.newcomer else 0.4)


def check_media(ctx: Context) -> Check | None:
    """A picture or video whose caption is only a hook (short, with a link or a handle)."""
    facts = ctx.facts
    if facts.media_type is None or not facts.has_caption:
        return None
    hooks = ctx.found.urls or ctx.found.handles or ctx.found.invite_links
    if hooks and len(ctx.norm) < 120:
        return Check("media_hook", f"{facts.media_type} with a short caption and a link", 0.6)
    return None


def check_buttons(ctx: Context) -> Check | None:
    """Inline buttons with links, which only bots and inline ads attach."""
    linked = [b for b in ctx.facts.buttons if b.url]
    if not linked:
        return None
    return Check("buttons", f"{len(linked)} link button{'s' if len(linked) > 1 else ''}", 1.2)


def check_shouting(ctx: Context) -> Check | None:
    """Emoji walls and capital letters, the typography of ads."""
    text = ctx.facts.text
    emoji = emoji_count(text)
    # Shouting needs at least 8 capitals (over 0.6 of 12 or more letters): count those first.
    caps = caps_ratio(text) if sum(map(str.isupper, text)) >= 8 else 0.0
    parts = []
    score = 0.0
    if emoji >= 5 and emoji / max(1, len(text)) > 0.06:
        parts.append(f"{emoji} emoji")
        score += 0.4
    if caps > 0.6:
        parts.append(f"{int(caps * 100)}% capital letters")
        score += 0.4
    return Check("shouting", " and ".join(parts), score) if parts else None


def check_money(ctx: Context) -> Check | None:
    """Amounts of money, weighed more in a newcomer's first messages."""
    if not _MONEY.search(ctx.norm):
        return None
    return Check("money", "mentions sums of money", 0.4 if ctx.newcomer else 0.2)


_WARNING = re.compile(
    r"\bbeware\b|watch\s+out|be\s+careful|careful\s+guys|(?:don'?t|do\s+not)\s+fall\s+for|"
    r"\bscam(?:mer)?s?\b|pretending\s+to\s+be|impersonat\w+|"
    r"осторожн\w*|мошенни\w*|не\s+ведитесь|не\s+верьте|не\s+переводите|кидал\w*|"
    r"小心|骗子|被骗|别信|不要相信|别上当|诈骗|冒充|千万别"
)
_NOT_A_SCAM = re.compile(
    r"(?:not|no|never|zero)\s+(?:a\s+)?scam|100%\s+legit|не\s+(?:скам|развод)|без\s+обмана|"
    r"не\s+мошенни|不是骗子|绝不骗|没有套路"
)


def check_warning(ctx: Context) -> Check | None:
    """A member warning others about scams quotes the scam's words; with no link, handle, phone
    or wallet of its own, that is a warning, not an ad (recovery scams, which promise money back
    from scammers, are caught as phishing and keep their contact details)."""
    found = ctx.found
    if found.urls or found.handles or found.phones or found.crypto or found.invite_links:
        return None
    if ctx.facts.buttons or ctx.facts.forward is not None:
        return None
    if not _WARNING.search(ctx.norm) or _NOT_A_SCAM.search(ctx.norm):
        return None
    if "phishing" in ctx.gates and CATEGORY_ANY["phishing"].search(ctx.norm):
        return None
    return Check("warning", "speaks of scams as a warning, with no contact of its own", -1.6)


CHECKS: tuple[Callable[[Context], Check | None], ...] = (
    check_stop_phrases,
    check_links,
    check_hidden_links,
    check_mentions,
    check_contacts,
    check_forward,
    check_media,
    check_buttons,
    check_shouting,
    check_money,
)
# Checks that speak for a message: asked only when another check spoke against it.
EXONERATING: tuple[Callable[[Context], Check | None], ...] = (check_warning,)


def is_newcomer(facts: MessageFacts, policy: ChatPolicy, now: datetime) -> bool:
    """A member's first messages and first day are judged more strictly."""
    member = facts.member
    if member.messages_seen < policy.new_member_messages:
        return True
    age = member.age(now)
    return age is not None and age.total_seconds() < policy.new_member_hours * 3600


def is_trusted(facts: MessageFacts, policy: ChatPolicy) -> str | None:
    """Why a member skips content checks, or None."""
    member = facts.member
    if member.approved:
        return "approved by a moderator"
    if member.trusted:
        return "trusted member"
    if member.messages_seen >= policy.trust_after and member.warnings == 0:
        return f"{member.messages_seen} clean messages"
    return None


def _spam_probability(evidence: float) -> float:
    return 1.0 / (1.0 + math.exp(-EVIDENCE_SLOPE * (evidence - EVIDENCE_MIDPOINT)))


def judge(
    facts: MessageFacts,
    policy: ChatPolicy,
    now: datetime,
    *,
    model: SpamModel | None = None,
    flood: FloodWindow | None = None,
) -> tuple[float, tuple[Check, ...], bool]:
    """The spam score, the checks that fired, and whether the author is a newcomer."""
    norm = normalise(facts.text)
    newcomer = is_newcomer(facts, policy, now)
    checks: list[Check] = []
    if flood is not None and norm and not facts.is_edit:
        sightings = flood.observe(norm, facts.chat_id, facts.user_id, now)
        flood_check = _flood_check(sightings)
        if flood_check is not None:
            checks.append(flood_check)
    if not norm and facts.media_type is None and not facts.buttons and not facts.contact_card:
        return 0.0, tuple(checks), newcomer
    gates = gated_categories(norm)
    hidden = (
        tuple(e.url for e in facts.entities if e.type == "text_link" and e.url)
        if facts.entities
        else ()
    )
    found = extract(facts.text, norm, messengers="contact" in gates, hidden_links=hidden)
    ctx = Context(facts, policy, now, norm, found, newcomer, gates)
    for check in CHECKS:
        seen = check(ctx)
        if seen is not None:
            checks.append(seen)
    if checks:
        for check in EXONERATING:
            seen = check(ctx)
            if seen is not None:
                checks.append(seen)
    evidence = sum(c.score for c in checks)
    # A short text with no content evidence stays ham whatever the classifier says (it only
    # amplifies), so it is not asked: most everyday chat ends here.
    decisive = any(c.score > 0 for c in checks) or _long_enough(facts.text)
    lean = 0.0
    if model is not None and len(norm) >= 4 and decisive:
        p = model.score(norm)
        lean = (p - 0.5) * CLASSIFIER_WEIGHT
        if abs(lean) >= 0.3:
            word = "reads like known ads" if lean > 0 else "reads like ordinary chat"
            checks.append(Check("classifier", f"{word} ({p:.2f})", lean))
        evidence += lean
    # Newness sharpens evidence that agrees with itself; one lone hint (a phrase the model does
    # not find ad-like, a single link) is not made worse by who wrote it.
    corroborated = lean >= 0.3 or sum(1 for c in checks if c.score > 0) >= 2
    if newcomer and evidence > 0 and corroborated:
        boost = evidence * (NEWCOMER_BOOST - 1.0)
        evidence += boost
        if any(c.score > 0 for c in checks):
            checks.append(Check("newcomer", "first messages of a new member", boost))
    return _spam_probability(evidence), tuple(checks), newcomer


def _flood_check(seen: FloodFacts) -> Check | None:
    if seen.same_user_chats >= 2:
        return Check("flood", f"same text posted in {seen.same_user_chats} chats", 1.6)
    if seen.same_text_users >= 3 and seen.same_text_chats >= 2:
        return Check("flood", f"{seen.same_text_users} accounts posted the same text", 1.2)
    if seen.same_text_count >= 3:
        return Check("flood", f"same text {seen.same_text_count} times within minutes", 1.0)
    if seen.user_burst >= 8:
        return Check("flood", f"{seen.user_burst} messages in 30 seconds", 0.5)
    return None


def evaluate(
    facts: MessageFacts,
    policy: ChatPolicy,
    now: datetime,
    *,
    model: SpamModel | None = None,
    flood: FloodWindow | None = None,
) -> Verdict:
    """The whole evaluation of one message: score, reasons and actions."""
    trusted = is_trusted(facts, policy)
    if trusted is not None:
        check = Check("standing", f"skipped content checks: {trusted}", 0.0)
        return Verdict(actions=(), checks=(check,), scores=_scores(0.0), is_spam=False)
    score, checks, _ = judge(facts, policy, now, model=model, flood=flood)
    label = (
        "spam"
        if score >= policy.threshold
        else ("borderline" if score >= policy.borderline else "ham")
    )
    if (
        label != "ham"
        and independent_evidence(checks) < MIN_INDEPENDENT
        and not _long_and_sure(checks, facts)
    ):
        # The classifier and a member's newness only amplify; alone they condemn only a long
        # message the model is very sure about (a short greeting never).
        label = "ham"
    intended = _actions(label, facts, policy, now)
    if policy.mode == "observe" and intended:
        actions: tuple[Action, ...] = (Action("alert"),)
    else:
        actions = intended
    return Verdict(
        actions=actions,
        checks=checks,
        scores=_scores(score),
        is_spam=label == "spam",
        intended=intended,
        label=label,
    )


def _long_enough(text: str) -> bool:
    """At least SURE_MIN_CHARS text units (the plain length is a lower bound, and cheaper)."""
    return len(text) >= SURE_MIN_CHARS or text_units(text) >= SURE_MIN_CHARS


def _long_and_sure(checks: tuple[Check, ...], facts: MessageFacts) -> bool:
    lean = next((c.score for c in checks if c.name == "classifier"), 0.0)
    return lean >= (SURE_P - 0.5) * CLASSIFIER_WEIGHT and _long_enough(facts.text)


def independent_evidence(checks: tuple[Check, ...]) -> float:
    """Evidence from checks that look at the message itself, not at the model or the member."""
    return sum(c.score for c in checks if c.name not in _AMPLIFIERS and c.score > 0)


def _scores(spam: float) -> dict[str, float]:
    return {"spam": round(spam, 4), "poaching": 0.0, "complaint": 0.0}


def _actions(
    label: str, facts: MessageFacts, policy: ChatPolicy, now: datetime
) -> tuple[Action, ...]:
    if label == "ham":
        return ()
    if label == "borderline":
        return (Action("warn"), Action("alert"))
    actions = [Action("delete")]
    if facts.sender_chat_id is not None:
        actions.append(Action("ban_sender_chat"))
    elif policy.spam_action == "delete_mute":
        actions.append(Action("restrict", until=now + policy.mute_for))
    elif policy.spam_action == "delete_ban":
        actions.append(Action("ban"))
    actions.append(Action("alert"))
    return tuple(actions)
