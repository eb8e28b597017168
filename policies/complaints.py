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
from collections.abc import Iterator, Sequence
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
    REFUND_OWED,
    REFUND_QUESTION,
    SELF_BLAME,
    SELLER_CUES,
    SELLER_WORDS,
    TOPIC_SOURCES,
    TOPICS,
    WEIGHT,
)
from policies.explain import reason
from policies.facts import Check, Finding, Level, MessageFacts, check
from policies.firstchar import (
    LazyPattern,
    gated_piece,
    top_alternatives,
)
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


# Most texts that hold a cue still cannot match most of the phrases it opened ("never" opens
# "late", whose 61 alternatives nearly all need more than "never"). So the phrases (TOPIC_SOURCES)
# and the problems (PROBLEMS, costliest first) are searched one top-level alternative (a piece) at
# a time, and a piece only where the text holds one of the literals every match of it contains
# (read from its parse tree: `policies.firstchar.needed_literals`), found in one more
# Aho-Corasick pass. Exact: a match lies inside the text, so a text with none of a piece's
# literals holds no match of it; `a|b|c` finds something exactly where one of its pieces does;
# and for the problems, whose place and kind count, the alternation's match is the piece match
# that starts first and, of those at one place, the first piece's (`_first_problem`).


class _Piece(LazyPattern):
    """One top-level alternative of a topic's phrases or of a problem, compiled when first
    searched (most are searched seldom, and compiling all 300 at start-up took 70 ms)."""

    __slots__ = ("problem", "topic")

    def __init__(self, topic: str, problem: bool, source: str) -> None:
        super().__init__(source)
        self.topic = topic
        self.problem = problem  # one of PROBLEMS' alternatives (searched beside an order)


def _make_pieces() -> tuple[list[_Piece], dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The pieces (phrases by topic, then problems costliest first), the literals that open
    them, and the pieces with no known literal (searched wherever their topic is opened)."""
    pieces: list[_Piece] = []
    opens: dict[str, list[int]] = {}
    always: list[int] = []

    def add(topic: str, problem: bool, alternative: str) -> None:
        # A problem starts a word (or a number): tried only where no letter comes before.
        source, needed = gated_piece(alternative, r"(?<![^\W\d_])" if problem else "")
        if needed is None:
            always.append(len(pieces))
        for literal in needed or ():
            opens.setdefault(literal, []).append(len(pieces))
        pieces.append(_Piece(topic, problem, source))

    for name, source in TOPIC_SOURCES.items():
        for alternative in top_alternatives(source):
            add(name, False, alternative)
    for name in sorted(PROBLEMS, key=lambda name: -WEIGHT.get(name, 1)):
        for alternative in top_alternatives(PROBLEMS[name]):
            add(name, True, alternative)
    return pieces, {literal: tuple(found) for literal, found in opens.items()}, tuple(always)


_PIECES, _PIECE_LITERALS, _PIECES_ALWAYS = _make_pieces()
_PIECE_CUES = literal_automaton(_PIECE_LITERALS)
_PROBLEM_PIECES = tuple(piece for piece in _PIECES if piece.problem)


def warm_steps() -> Iterator[None]:
    """Compile every piece ahead of need, one a step (a caller yields to other work between
    steps): otherwise the first text to reach a piece waits for its compiling."""
    global _WARM
    if _WARM:
        return  # (once a process)
    for piece in _PIECES:
        _ = piece.pattern
        yield
    _WARM = True


_WARM = False


def live_pieces(norm: str) -> list[_Piece]:
    """The pieces a normalised text holds a literal of, in order: the only ones that can match."""
    live = set(_PIECES_ALWAYS)
    for _end, found in _PIECE_CUES.iter(norm):
        live.update(found)
    return [_PIECES[index] for index in sorted(live)]


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


def _first_problem(
    norm: str, pos: int, hi: int, problems: Sequence[_Piece]
) -> tuple[str, re.Match[str]] | None:
    """What the alternation of `problems` (in their order) finds in norm[pos:hi]: the match that
    starts first, and of those at one place the first piece's (as `a|b` tries a, then b; nothing
    follows, so a piece's own match there is the alternation's)."""
    first: tuple[str, re.Match[str]] | None = None
    for piece in problems:
        found = piece.pattern.search(norm, pos, hi)
        if found is not None and (first is None or found.start() < first[1].start()):
            first = (piece.topic, found)
    return first


def problems_beside_an_order(
    norm: str, spans: list[tuple[int, int]], problems: Sequence[_Piece] = _PROBLEM_PIECES
) -> list[str]:
    """The topics of the problems named within REACH_PAIR characters of an order, a parcel or
    a payment (of the seller, for an unanswered member) in the same sentence, costliest first.
    `problems`: the pieces of PROBLEMS to look for, in order (all of them, or those that can
    match the text: `live_pieces`)."""
    found_topics: set[str] = set()
    for lo, hi in spans:
        pos = lo
        while (first := _first_problem(norm, pos, hi, problems)) is not None:
            topic, found = first
            # A problem with no order beside it may still hold another that has one ("still
            # waiting for someone to reply to my ticket"): look again from its next character.
            pos = found.start() + 1
            if topic in found_topics:
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
    live = live_pieces(norm) if spans else []
    said: set[str] = set()
    for piece in live:
        name = piece.topic
        if (
            not piece.problem
            and name in spans
            and name not in said
            and _says(piece.pattern, norm, spans[name])
        ):
            said.add(name)
    topics = [name for name in TOPICS if name in said]
    if topics == ["refund"] and REFUND_QUESTION.search(norm):
        topics = []  # "can I get a refund if it doesn't fit?": the shop's terms, asked before
    paired = False
    if not topics and (ORDERED in spans or SELLER in spans):
        # Around an order every problem is looked for, around the seller alone only the
        # unanswered member's; the costliest found names the complaint ("returned it, the money
        # never came" is about the refund, not a late parcel).
        problems = [
            piece
            for piece in live
            if piece.problem and (ORDERED in spans or piece.topic == "service")
        ]
        where = spans.get(ORDERED, []) + spans.get(SELLER, [])
        topics = problems_beside_an_order(norm, where, problems)
        paired = bool(topics)
    if topics and _short_question(norm) and HYPOTHETICAL.search(norm):
        topics, paired = [], False  # "what happens if my package is lost?": asked before
    if topics and SELF_BLAME.search(norm):
        topics, paired = [], False  # "late because I gave the wrong address, my fault"
    checks: list[Check] = []
    if topics:
        weight = 1.4 + 0.3 * (len(topics) - 1)
        checks.append(check("complaint", weight, reason("complaint", topics=tuple(topics))))
        if paired or CONTEXT.search(norm) or (topics[0] == "refund" and REFUND_OWED.search(norm)):
            checks.append(check("order_context", 0.4, reason("order_context")))
    elif after_complaint and ME_TOO.search(norm):
        checks.append(check("me_too", 1.6, reason("me_too")))
    if not checks:
        return CLEAR
    anger = ANGER.search(norm) is not None  # (searched once: praise asks it too)
    if not anger and PRAISE.search(norm):
        # Mixed reviews ("good product, but the courier...") are still complaints: a small pull.
        checks.append(check("praise", -0.4 if topics else -1.2, reason("praise")))
    angry = anger or text.raw.count("!") >= 3
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
