"""The complaint policy: delivery and order complaints, with a topic and a severity.

Recognises a member complaining about an order in English, Russian and Chinese: not received,
late, lost, stuck tracking, wrong or missing item, damaged, refund demands, quality, unanswered
service. "Me too" follow-ups (`+1`, `same here`, `我也是`, `у меня тоже`) count only when the
caller says the message follows a complaint (the herd detector knows). Praise of fast delivery,
neutral questions about shipping times and complaints about unrelated things are not complaints.

Two ways to recognise one: a phrase that says it whole ("where is my order", "快递太慢"), or a
problem named beside an order in the same sentence ("stuck in customs" near "my order",
"пропал" near "продавец"): the second finds the many ways members put it that no phrase list
holds, and asks for the order so that "stuck in traffic" stays ordinary talk.

Complaints are not spam: nobody is exempt (a trusted member's complaint counts like anyone's), and
the finding only records; what is done about a pile-up is the herd detector's business.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from policies.chatpolicy import ChatPolicy
from policies.complaintwords import (
    ANGER,
    CONTEXT,
    CUES,
    HYPOTHETICAL,
    ME_TOO,
    ORDER_CUES,
    ORDER_WORDS,
    PRAISE,
    PROBLEMS,
    REFUND_QUESTION,
    SELLER_CUES,
    SELLER_WORDS,
    TOPICS,
    WEIGHT,
)
from policies.explain import reason
from policies.facts import Check, Finding, Level, MessageFacts, check
from policies.firstchar import compile_alternation, with_lookahead
from policies.text import literal_automaton
from policies.textfacts import TextFacts

LABEL = "complaint"
MIDPOINT = 1.2
SLOPE = 3.0

# A problem counts when its order (ORDER_WORDS, SELLER_WORDS) is named within this many characters,
# in the same sentence.
REACH_PAIR = 60
_SENTENCE_ENDS = ".!?\n"


def _topics_of(cue: str) -> frozenset[str]:
    """The topics whose phrases can hold a cue (all of them when its source does not say)."""
    named = frozenset(name for name, pattern in TOPICS.items() if cue in pattern.pattern)
    return named or frozenset(TOPICS)


# Each cue carries the topics it can open, so only those topics' patterns run; an order's word
# opens ORDERED: the problems (PROBLEMS) are looked for around it.
ORDERED, SELLER = "ordered", "seller"
_CUES = literal_automaton(
    {
        cue: (_topics_of(cue) if cue in CUES else frozenset())
        | (frozenset({ORDERED}) if cue in ORDER_CUES else frozenset())
        | (frozenset({SELLER}) if cue in SELLER_CUES else frozenset())
        for cue in (*CUES, *ORDER_CUES, *SELLER_CUES)
    }
)
# Every problem in one pass, the costliest first where two match at one place. Each starts a word
# (or a number): tried only where no letter comes before, most positions are passed over at once.
_PROBLEM_ANY = compile_alternation(
    "(?<![^\\W\\d_])(?:"
    + "|".join(
        f"(?P<{name}>{with_lookahead(PROBLEMS[name])})"
        for name in sorted(PROBLEMS, key=lambda name: -WEIGHT.get(name, 1))
    )
    + ")"
)
# ...and the unanswered member's alone, for a text that names the seller and no order.
_PROBLEM_SERVICE = compile_alternation(
    f"(?<![^\\W\\d_])(?P<service>{with_lookahead(PROBLEMS['service'])})"
)
PATTERNS = tuple(TOPICS.values())
CLEAR = Finding(LABEL, 0.0, "clear")
# A short text ending on a question ("...怎么办？"): the only texts a hypothetical clears.
_ASKS = re.compile(r"(?:[?？]|怎么办|咋办|吗)[\W_]*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def has_cue(norm: str) -> bool:
    """Whether a normalised text holds any complaint cue (so the patterns may match it)."""
    return next(_CUES.iter(norm), None) is not None


def opened_topics(norm: str) -> frozenset[str]:
    """The topics whose cues a normalised text holds: only their patterns need to run."""
    opened: frozenset[str] = frozenset()
    for _end, topics in _CUES.iter(norm):
        opened |= topics
    return opened


# Every topic phrase lies within this many characters of one of its cues, so a long text is
# searched only around its cues (a 3,000-character post costs microseconds, not milliseconds).
REACH = 80
_BREAK = re.compile(r"[\s,.!?;:，。！？；：]")


def cue_spans(norm: str, opened: frozenset[str]) -> dict[str, list[tuple[int, int]]]:
    """Per opened topic, the stretches of a normalised text around its cues (merged, ends at
    breaks, so a phrase is never cut in the middle)."""
    size = len(norm)
    if size <= 3 * REACH:
        # Short texts (nearly all chat): the whole text is one stretch.
        return {topic: [(0, size)] for topic in opened}
    spans: dict[str, list[tuple[int, int]]] = {}
    for end, topics in _CUES.iter(norm):
        lo = max(0, end - REACH)
        stop = _BREAK.search(norm, min(size, end + REACH))
        hi = stop.start() + 1 if stop else size
        for topic in topics:
            found = spans.setdefault(topic, [])
            if found and lo <= found[-1][1]:
                found[-1] = (found[-1][0], max(found[-1][1], hi))
            else:
                found.append((lo, hi))
    return spans


def _says(pattern: re.Pattern[str], norm: str, spans: list[tuple[int, int]]) -> bool:
    return any(pattern.search(norm, lo, hi) for lo, hi in spans)


def problems_beside_an_order(
    norm: str, spans: list[tuple[int, int]], problems: re.Pattern[str] = _PROBLEM_ANY
) -> list[str]:
    """The topics of the problems named within REACH_PAIR characters of an order, a parcel or
    a payment (of the seller, for an unanswered member) in the same sentence, costliest first."""
    found_topics: set[str] = set()
    for lo, hi in spans:
        pos = lo
        while (found := problems.search(norm, pos, hi)) is not None:
            # A problem with no order beside it may still hold another that has one ("still
            # waiting for someone to reply to my ticket"): look again from its next character.
            pos = found.start() + 1
            topic = found.lastgroup
            if topic is None or topic in found_topics:
                continue
            order = SELLER_WORDS if topic == "service" else ORDER_WORDS
            start = max(norm.rfind(c, 0, found.start()) for c in _SENTENCE_ENDS) + 1
            ends = [i for i in (norm.find(c, found.end()) for c in _SENTENCE_ENDS) if i >= 0]
            stop = min(ends, default=len(norm))
            near = (max(start, found.start() - REACH_PAIR), min(stop, found.end() + REACH_PAIR))
            # Beside it, not inside it: "ещё не получили" names no order of its own. (The seller
            # may be inside: "nobody from the store has answered".)
            if order is SELLER_WORDS:
                if order.search(norm, *near):
                    found_topics.add(topic)
            elif order.search(norm, near[0], found.start()) or order.search(
                norm, found.end(), near[1]
            ):
                found_topics.add(topic)
    return sorted(found_topics, key=lambda name: -WEIGHT.get(name, 1))


def find(
    facts: MessageFacts,
    text: TextFacts,
    policy: ChatPolicy,
    now: datetime,
    *,
    after_complaint: bool = False,
) -> Finding:
    """The complaint policy's finding: score, level, topic and severity (in the checks).

    `after_complaint`: the message replies to or closely follows another member's complaint, so
    a bare "me too" is one.
    """
    norm = text.norm
    opened = opened_topics(norm) if norm else frozenset()
    if not opened and not after_complaint:
        return CLEAR  # most messages: nothing here names an order going wrong
    spans = cue_spans(norm, opened)
    topics = [
        name
        for name, pattern in TOPICS.items()
        if name in spans and _says(pattern, norm, spans[name])
    ]
    if topics == ["refund"] and REFUND_QUESTION.search(norm):
        topics = []  # "can I get a refund if it doesn't fit?": the shop's terms, asked before
    paired = False
    if not topics and (ORDERED in spans or SELLER in spans):
        # Around an order every problem is looked for, around the seller alone only the
        # unanswered member's; the costliest found names the complaint ("returned it, the money
        # never came" is about the refund, not a late parcel).
        problems = _PROBLEM_ANY if ORDERED in spans else _PROBLEM_SERVICE
        where = spans.get(ORDERED, []) + spans.get(SELLER, [])
        topics = problems_beside_an_order(norm, where, problems)
        paired = bool(topics)
    if topics and _short_question(norm) and HYPOTHETICAL.search(norm):
        topics, paired = [], False  # "what happens if my package is lost?": asked before
    checks: list[Check] = []
    if topics:
        weight = 1.4 + 0.3 * (len(topics) - 1)
        checks.append(check("complaint", weight, reason("complaint", topics=tuple(topics))))
        if paired or CONTEXT.search(norm):
            checks.append(check("order_context", 0.4, reason("order_context")))
    elif after_complaint and ME_TOO.search(norm):
        checks.append(check("me_too", 1.6, reason("me_too")))
    if not checks:
        return CLEAR
    if PRAISE.search(norm) and not ANGER.search(norm):
        # Mixed reviews ("good product, but the courier...") are still complaints: a small pull.
        checks.append(check("praise", -0.4 if topics else -1.2, reason("praise")))
    angry = ANGER.search(norm) is not None or text.raw.count("!") >= 3
    if angry:
        checks.append(check("anger", 0.3, reason("anger")))
    evidence = sum(c.score for c in checks)
    score = 1.0 / (1.0 + math.exp(-SLOPE * (evidence - MIDPOINT)))
    level: Level = (
        "hit"
        if score >= policy.threshold
        else ("borderline" if score >= policy.borderline else "clear")
    )
    severity = severity_of(topics, angry)
    checks.append(check("severity", 0.0, reason("severity", level=severity)))
    return Finding(
        LABEL,
        round(score, 4),
        level,
        tuple(checks),
        topic=topics[0] if topics else "me_too",
    )


def _short_question(norm: str) -> bool:
    """A short text ending on a question (80 characters, 30 of Chinese): the only kind a
    hypothetical ("what if...", "如果...") clears; a long complaint may hold one in passing."""
    limit = 80 if norm.isascii() or not _HAN.search(norm) else 30
    return len(norm) <= limit and _ASKS.search(norm) is not None


def severity_of(topics: list[str], angry: bool) -> str:
    """low, medium or high: the worst topic, one step up when the member is angry."""
    worst = max((WEIGHT.get(t, 1) for t in topics), default=1) + (1 if angry else 0)
    return "low" if worst <= 1 else ("medium" if worst == 2 else "high")
