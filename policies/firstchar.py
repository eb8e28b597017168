"""A faster search for large alternations: a lookahead on the characters a match can start with.

Python's `re` tries a pattern of many alternatives ("earn ...|passive income|...|日结") at
every position of a text, walking each alternative's first step. When every alternative starts
with one of a known set of characters, a leading `(?=[...])` rejects most positions with one
C-level class test instead: the category patterns of `policies.lexicon` search 2-4 times faster
on chat. The match is the same (the lookahead is a condition every match already meets).

The set is read from the pattern's parse tree (`re._parser`, the standard library's own parser).
A pattern whose first character could be almost anything (`\\w`, `\\S`, `.`, a negated class),
or that could match the empty string, or that the parser here does not follow, is compiled as
written: the helper only ever speeds a pattern up, never changes or rejects one.
"""

from __future__ import annotations

import re
from re import _constants as _sc  # type: ignore[attr-defined]  # (Python 3.11+, as required)
from re import _parser as _sp  # type: ignore[attr-defined]
from typing import Any

_ZERO_WIDTH = {_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT}
_REPEATS = {_sc.MAX_REPEAT, _sc.MIN_REPEAT}
# Class categories narrow enough to keep in the set (a digit, a space); a word character or
# "not a space" is nearly every character of a text, so no set is made.
_CATEGORIES = {_sc.CATEGORY_DIGIT: r"\d", _sc.CATEGORY_SPACE: r"\s"}


class _Unbounded(Exception):
    """The first character is not narrowed down."""


def _char(code: int) -> str:
    return re.escape(chr(code))


def _class_items(items: Any) -> list[str]:
    out = []
    for op, av in items:
        if op is _sc.LITERAL:
            out.append(_char(av))
        elif op is _sc.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _sc.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            raise _Unbounded  # a negated class, a word-character class
    return out


def _first(seq: Any) -> tuple[set[str], bool]:
    """The class items a match of `seq` can start with, and whether it can match nothing."""
    found: set[str] = set()
    for op, av in seq:
        if op is _sc.LITERAL:
            found.add(_char(av))
            return found, False
        if op is _sc.IN:
            found.update(_class_items(av))
            return found, False
        if op is _sc.SUBPATTERN:
            items, empty = _first(av[-1])
        elif op is _sc.BRANCH:
            items, empty = set(), False
            for branch in av[1]:
                branch_items, branch_empty = _first(branch)
                items |= branch_items
                empty = empty or branch_empty
        elif op in _REPEATS:
            low, _high, item = av
            items, empty = _first(item)
            empty = empty or low == 0
        elif op in _ZERO_WIDTH:
            continue
        else:
            raise _Unbounded  # any character, a back reference, a conditional...
        found |= items
        if not empty:
            return found, False
    return found, True


def first_char_class(pattern: str, flags: int = 0) -> str | None:
    """A character class every match of `pattern` starts with, or None where there is none."""
    return head_and_literals(pattern, flags)[0]


def head_and_literals(pattern: str, flags: int = 0) -> tuple[str | None, set[str] | None]:
    """`first_char_class` and `needed_literals` of a pattern, from one parse of it (parsing the
    300 alternatives of the complaint phrases twice cost 40 ms of start-up)."""
    try:
        tree = _sp.parse(pattern, flags)
    except (re.error, RecursionError, TypeError, ValueError):
        return None, None
    return _head(tree), _literals(tree, flags)


def gated_piece(alternative: str, guard: str = "") -> tuple[str, set[str] | None]:
    """One top-level alternative of a phrase table made ready to search alone, and the literals
    every match of it holds (None: none known, so it is searched wherever it is asked of).

    One parse for both. The lookahead on its first characters (a condition every match meets)
    goes first, the cheaper test at most positions; `guard`, a zero-width condition on where a
    match may start (a lookbehind), comes next: neither changes the literals a match holds nor
    where it can start, and two conditions on one place match the same in either order."""
    head, needed = head_and_literals(alternative)
    ahead = f"(?={head})" if head else ""
    if guard:
        return f"{ahead}{guard}(?:{alternative})", needed
    return (f"{ahead}(?:{alternative})" if head else alternative), needed


def _head(tree: Any) -> str | None:
    try:
        items, empty = _first(tree)
    except (_Unbounded, RecursionError, TypeError, ValueError):
        return None
    if empty or not items:
        return None
    return "[" + "".join(sorted(items)) + "]"


def with_lookahead(pattern: str, flags: int = 0) -> str:
    """`pattern` led by a lookahead on its first characters where it has a set (for a pattern
    that is a part of a larger one)."""
    head = first_char_class(pattern, flags)
    return pattern if head is None else f"(?={head})(?:{pattern})"


def compile_alternation(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern)`, led by a lookahead on its first characters where it has a set."""
    return re.compile(with_lookahead(pattern, flags), flags)


# -- literals every match holds ------------------------------------------------------------

_SPELLED_MAX = 64  # strings a run of fixed characters may spell before it is cut in two


def _spelled(seq: Any) -> set[str] | None:
    """All the strings `seq` (a parse tree) can match, when they are few and fixed; else None."""
    out = {""}
    for op, av in seq:
        one = _spelled_item(op, av)
        if one is None:
            return None
        out = {a + b for a in out for b in one}
        if len(out) > _SPELLED_MAX:
            return None
    return out


def _spelled_item(op: Any, av: Any) -> set[str] | None:
    if op is _sc.LITERAL:
        return {chr(av)}
    if op in _ZERO_WIDTH:
        return {""}  # consumes nothing: the characters around it are next to each other
    if op is _sc.IN and len(av) <= 4 and all(item is _sc.LITERAL for item, _ in av):
        return {chr(code) for _, code in av}  # [её]: not a negated class, range or category
    if op is _sc.SUBPATTERN and not av[1] and not av[2]:  # no inline flags (no (?i:...))
        return _spelled(av[-1])
    if op is _sc.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            one = _spelled(branch)
            if one is None:
                return None
            found |= one
        return found if len(found) <= _SPELLED_MAX else None
    if op in _REPEATS and av[0] in (0, 1) and av[1] == 1:
        one = _spelled(av[2])
        return None if one is None else (one | {""} if av[0] == 0 else one)
    return None


def _rarer(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more telling of two literal sets: the longer shortest literal, then the fewer."""

    def rank(found: set[str] | None) -> tuple[int, int]:
        if not found or "" in found:
            return (0, 0)
        return (min(map(len, found)), -len(found))

    return b if rank(b) > rank(a) else a


def _needed(seq: Any) -> set[str] | None:
    """Literals one of which every match of `seq` (a parse tree) contains; None: none known."""
    best: set[str] | None = None
    run = {""}  # what the fixed items since the last other one spell, joined
    for op, av in seq:
        one = _spelled_item(op, av)
        if one is not None:
            joined = {a + b for a in run for b in one}
            if len(joined) <= _SPELLED_MAX:
                run = joined
            else:
                best, run = _rarer(best, run), one
            continue
        best, run = _rarer(best, run), {""}
        if op is _sc.SUBPATTERN and not av[1] and not av[2]:
            best = _rarer(best, _needed(av[-1]))
        elif op is _sc.BRANCH:
            branches = [_needed(branch) for branch in av[1]]
            if all(branches):
                best = _rarer(best, set().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            best = _rarer(best, _needed(av[2]))
    best = _rarer(best, run)
    if not best or "" in best:
        return None
    # "жду" or "ждум": a text with "ждум" holds "жду", the shorter is enough.
    return {one for one in best if not any(other != one and other in one for other in best)}


def top_alternatives(source: str) -> list[str]:
    """The top-level alternatives of a pattern's source ("a|b(?:c|d)" -> "a", "b(?:c|d)")."""
    whole = re.compile(source)
    if whole.groups != len(whole.groupindex):
        return [source]  # a numbered group: a reference to it would mean another apart
    found, depth, start, i = [], 0, 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 1  # the escaped character is no bar, bracket or parenthesis
        elif char == "[":
            i += 2 if source.startswith("[^", i) else 1
            i += 1 if source.startswith("]", i) else 0  # a leading "]" is one of the class
            while source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            found.append(source[start:i])
            start = i + 1
        i += 1
    return [*found, source[start:]]


def needed_literals(pattern: str, flags: int = 0) -> set[str] | None:
    """Literals one of which every match of `pattern` contains (a text holding none of them
    cannot match it), or None where none is known: a pattern the analysis does not follow, or
    one matched without regard to case (a literal would then stand for its other cases too)."""
    return head_and_literals(pattern, flags)[1]


def _literals(tree: Any, flags: int) -> set[str] | None:
    if (flags | tree.state.flags) & re.IGNORECASE:
        return None  # (?i), inline or given
    try:
        return _needed(tree)
    except (RecursionError, TypeError, ValueError):
        return None


class LazyPattern:
    """A pattern's source, compiled the first time it is searched: a table of hundreds of
    pieces, most seldom searched, is not compiled at start-up."""

    __slots__ = ("_pattern", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = re.compile(self.source)
        return self._pattern
