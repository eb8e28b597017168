"""The poaching policy's fast path is exact: each pattern runs only where it may match.

`poachwords.cues_in` answers, in one pass, whether a text holds any cue (`CUES`: no pattern runs
without one) and which patterns' own cues it holds, and drops the patterns that need a digit from
a text with none. `poaching.find` runs only the patterns so cued, and a message with no link,
handle, phone, forward or contact card and no pattern cued is cleared at once. That is exact only
if each pattern's own cues cover it: every match holds one. Here a reading of each pattern's parse
tree proves it (for normalised text, where every run of spaces is one space), sampled texts check
it, and tables show messages still found and ordinary chat cleared early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as _sc  # type: ignore[attr-defined]  # (Python 3.11+, as required)
from re import _parser as _sp  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies import poaching, poachwords
from policies.text import normalise
from tests.policies.poaching_support import NEWCOMER, NO_RIVALS, REGULAR, facts, judge, names

# -- the proof: every match of a pattern holds one of its cues ----------------------------------

_LIMIT = 4096  # strings a part of a pattern is spelled out as, at most
_EMPTY = frozenset({""})


@dataclass(frozen=True)
class _Part:
    """What is known of every match of a part of a pattern (each field is a sound claim)."""

    exact: frozenset[str] | None  # the part matches one of these strings (where few)
    starts: frozenset[str]  # every match starts with one of these
    ends: frozenset[str]  # every match ends with one of these
    cued: bool  # every match holds a cue


_UNKNOWN = _Part(None, _EMPTY, _EMPTY, False)


def _holds(strings: frozenset[str] | None, cues: tuple[str, ...]) -> bool:
    return strings is not None and all(any(c in s for c in cues) for s in strings)


def _spelled(strings: set[str] | frozenset[str], cues: tuple[str, ...]) -> _Part:
    exact = frozenset(strings)
    return _Part(exact, exact, exact, _holds(exact, cues))


def _product(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None or b is None or len(a) * len(b) > _LIMIT:
        return None
    return frozenset(x + y for x in a for y in b)


def _then(a: _Part, b: _Part, cues: tuple[str, ...]) -> _Part:
    """What is known of `a` followed by `b`."""
    exact = _product(a.exact, b.exact)
    if exact is not None:
        return _spelled(exact, cues)
    starts = (_product(a.exact, b.starts) if a.exact is not None else None) or a.starts
    ends = (_product(a.ends, b.exact) if b.exact is not None else None) or b.ends
    across = _product(a.ends, b.starts)  # the end of `a` and the start of `b` are adjacent
    cued = a.cued or b.cued or any(_holds(s, cues) for s in (across, starts, ends))
    return _Part(None, starts, ends, cued)


def _sequence(items: Any, cues: tuple[str, ...]) -> _Part:
    out = _spelled(_EMPTY, cues)
    for op, av in items:
        out = _then(out, _item(op, av, cues), cues)
    return out


def _item(op: Any, av: Any, cues: tuple[str, ...]) -> _Part:
    if op is _sc.LITERAL:
        return _spelled({chr(av)}, cues)
    if op in (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT):
        return _spelled(_EMPTY, cues)  # zero width: nothing of the match
    if op is _sc.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _sc.LITERAL:
                chars.add(chr(value))
            elif kind is _sc.RANGE and value[1] - value[0] < 64:
                chars.update(chr(code) for code in range(value[0], value[1] + 1))
            elif kind is _sc.CATEGORY and value is _sc.CATEGORY_SPACE:
                chars.add(" ")  # normalised text has no other space
            else:
                return _UNKNOWN  # a negated class, \w, \d...
        return _spelled(chars, cues)
    if op is _sc.SUBPATTERN:
        if av[1] & re.IGNORECASE:
            return _UNKNOWN
        return _sequence(av[-1], cues)
    if op is _sc.BRANCH:
        parts = [_sequence(branch, cues) for branch in av[1]]
        spelled = [p.exact for p in parts if p.exact is not None]
        if len(spelled) == len(parts):
            union = frozenset().union(*spelled)
            if len(union) <= _LIMIT:
                return _spelled(union, cues)
        return _Part(
            None,
            frozenset().union(*(p.starts for p in parts)),
            frozenset().union(*(p.ends for p in parts)),
            all(p.cued for p in parts),
        )
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT):
        low, high, item = av
        inner = _sequence(item, cues)
        if inner.exact == frozenset({" "}):
            return _spelled({" "} if low else {"", " "}, cues)  # never two spaces in a row
        if inner.exact is not None and high <= 8:
            out: set[str] = set()
            run: frozenset[str] | None = _EMPTY
            for count in range(high + 1):
                if run is None or len(out) > _LIMIT:
                    break
                if count >= low:
                    out |= run
                run = _product(run, inner.exact) if count < high else run
            else:
                return _spelled(out, cues)
        if low >= 1:
            return _Part(None, inner.starts, inner.ends, inner.cued)
        return _UNKNOWN
    return _UNKNOWN  # any character, a back reference, a conditional...


def covers(pattern: re.Pattern[str], cues: tuple[str, ...]) -> bool:
    """Whether every match of `pattern` in a normalised text holds one of `cues` (False where
    the reading cannot tell)."""
    assert not pattern.flags & re.IGNORECASE
    return _sequence(_sp.parse(pattern.pattern, pattern.flags), tuple(cues)).cued


def _has_digit(items: Any) -> bool:
    """Whether every match of a parsed pattern, or the text a lookaround of it reads, holds a
    digit (`\\d`)."""
    for op, av in items:
        if op is _sc.IN and all(
            kind is _sc.CATEGORY and value is _sc.CATEGORY_DIGIT for kind, value in av
        ):
            return True
        if op is _sc.SUBPATTERN and _has_digit(av[-1]):
            return True
        if op is _sc.ASSERT and _has_digit(av[1]):
            return True  # what a lookahead or lookbehind sees is in the text too
        if op is _sc.BRANCH and all(_has_digit(branch) for branch in av[1]):
            return True
        if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT) and av[0] >= 1 and _has_digit(av[2]):
            return True
    return False


GATED = [
    pytest.param(pattern, bit, cues, id=pattern.pattern[-30:])
    for pattern, (bit, cues) in poachwords.GATED.items()
]


@pytest.mark.parametrize(("pattern", "bit", "cues"), GATED)
def test_each_pattern_is_covered_by_its_own_cues(
    pattern: re.Pattern[str], bit: int, cues: tuple[str, ...]
) -> None:
    assert covers(pattern, cues)


@pytest.mark.parametrize(("pattern", "bit", "cues"), GATED)
def test_each_cue_is_needed(pattern: re.Pattern[str], bit: int, cues: tuple[str, ...]) -> None:
    """The reading is no rubber stamp: without any one of its cues a pattern is not covered
    (and the lists hold nothing that opens a pattern for no reason)."""
    assert not covers(pattern, ())
    spare = [cue for cue in cues if covers(pattern, tuple(c for c in cues if c != cue))]
    assert not spare


def test_the_reading_on_small_patterns() -> None:
    assert covers(re.compile(r"\bdm\s+me\b|\bcall\s+me\b"), ("dm me", "call me"))
    assert not covers(re.compile(r"\bdm\s+me\b|\bcall\s+me\b"), ("dm me",))
    assert covers(re.compile(r"(?:check|see)\s+my\s+(?:bio|pfp)"), ("k my", "see my"))
    assert covers(re.compile(r"\b(?:в|на)\s+(?:профил\w*|био\b)"), (" профил", " био"))
    assert not covers(re.compile(r"a\w*b"), ("ab",))  # letters may stand between
    assert not covers(re.compile(r"(?:dm)?\s*me"), ("dm",))  # "dm" may be absent


def test_the_patterns_that_need_a_digit_do() -> None:
    needing = [p for p, (bit, _) in poachwords.GATED.items() if bit & poachwords.NEED_DIGIT]
    assert len(needing) == 3
    for pattern in needing:
        assert _has_digit(_sp.parse(pattern.pattern, pattern.flags)), pattern.pattern[:40]
    assert not _has_digit(_sp.parse(r"a\d*|b\d"))


def test_every_pattern_is_gated() -> None:
    assert set(poachwords.PATTERNS) <= set(poachwords.GATED)
    bits = [bit for bit, _ in poachwords.GATED.values()]
    assert all(bit & (bit - 1) == 0 for bit in bits)  # one bit each
    assert len({*bits, poachwords.ANY_CUE}) == len(bits) + 1  # none shared
    union = 0
    for bit in bits:
        union |= bit
    assert union == poachwords.ANY_PATTERN_CUED


# -- the same, sampled ----------------------------------------------------------------------------


def _pieces() -> list[str]:
    words = {w for p in poachwords.GATED for w in re.findall(r"[^\W\d_]+", p.pattern)}
    words.update(poachwords.CUES)
    words.update(c for _, cues in poachwords.GATED.values() for c in cues)
    words -= {"s", "b", "d", "w", "u"}  # escapes such as \s, \b, \d, \w and \u4e00
    glue = [" ", "@", "'", ": ", "12345678", "abc123", "!", "-", "，", "👉", "+"]
    return sorted(words) + glue


PIECES = _pieces()


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join))
def test_a_pattern_that_matches_is_cued(raw: str) -> None:
    norm = normalise(raw)
    bits = poachwords.cues_in(norm) if norm else 0
    assert bool(bits) == (bool(norm) and poachwords.has_cue(norm))
    if not bits:
        return
    for pattern, (bit, _) in poachwords.GATED.items():
        if pattern.search(norm):
            assert bits & bit, (norm, pattern.pattern[:40])


# -- tables: still found, and cleared early -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "checks"),
    [
        ("DM me for the price", {"private_price", "newcomer"}),
        ("пишите в лс, цены ниже", {"private_price", "cheaper", "newcomer"}),
        ("Here it is cheaper, write me", {"cheaper", "handoff", "newcomer"}),
        ("加我微信 abc12345", {"contact", "handoff", "newcomer", "rival"}),
        ("群号 12345678 欢迎加入", {"group_number", "join", "rival"}),
        ("联系13800138000", {"contact", "ends_with_contact", "newcomer", "rival"}),
        ("wechat: abc12345", {"contact", "newcomer", "rival"}),
        ("qq 12345678", {"contact", "newcomer", "rival"}),
        ("check out my new videos", {"self_promo"}),
        ("please subscribe to my channel", {"self_promo", "join"}),
        ("join my group, lots of deals", {"join"}),
        ("check my pinned post", {"profile", "newcomer"}),
        ("link in bio", {"profile"}),
        ("看我头像", {"profile", "newcomer"}),
    ],
)
def test_pitches_are_still_found(text: str, checks: set[str]) -> None:
    finding = judge(facts(text, NEWCOMER), competitors=NO_RIVALS)
    assert names(finding) == checks


@pytest.mark.parametrize(
    "text",
    [
        # A cue ("цен" in "центре", "pm" in "3pm", "лс" in "сломался", "личн" in "отличный"),
        # but no pattern's own: nothing runs.
        "Привет всем, кто-нибудь знает где купить хороший кофе в центре?",
        "does the 3pm pickup still work?",
        "у нас опять лифт сломался",
        "отличный магазин, беру уже третий раз",
        "yes, give it a week away from direct sun",
        "the italian place has a private room",
        "courier just texted me the window",
        "有没有类似但便宜一点的?",
        # A pattern's own cue, but the digit it needs is missing ("line" in "offline", "找",
        # "群"): nothing runs.
        "the printer says offline again",
        "我在找兼职，谁有靠谱的推荐吗？",
        "群主辛苦了",
        # No cue at all.
        "see you in 5 min",
    ],
)
def test_ordinary_chat_is_cleared_at_once(text: str) -> None:
    for member in (NEWCOMER, REGULAR):
        assert judge(facts(text, member), competitors=NO_RIVALS) is poaching.CLEAR


def test_the_early_clear_waits_for_what_points_elsewhere() -> None:
    """The same ordinary words with a handle, a phone or a listed rival go the whole way."""
    chat = "кто-нибудь знает где купить хороший кофе в центре?"
    assert judge(facts(chat + " @coffee_rival", NEWCOMER), competitors=NO_RIVALS) is not (
        poaching.CLEAR
    )
    assert judge(facts(chat + " +44 7700 900123", NEWCOMER), competitors=NO_RIVALS) is not (
        poaching.CLEAR
    )
    assert judge(facts(chat, NEWCOMER)) is not poaching.CLEAR  # a competitor list is set
