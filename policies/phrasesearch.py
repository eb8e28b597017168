"""Fast search of a table of phrase patterns grouped by category: does a text match any pattern
of one category?

Written for the ad lexicon (`policies.lexicon`), which holds the table and what its categories
mean; this module knows only (category, pattern) entries and answers yes or no, exactly as one
alternation of the category's patterns (each under its condition, see `PhraseSearch`) would.

Why: in the lexicon, a gate (`policies.gates`) opens on many texts its category's phrases do not
hold ("job" opens on 147 messages of the benchmark stream and matches 6), and each opened category
was searched with its whole alternation at every position. So a category is searched one top-level
alternative (a piece) at a time, and a piece only where the text holds one of the literals every
match of it contains (read from its parse tree: `policies.firstchar.head_and_literals`), found in
one Aho-Corasick pass, as the complaint policy does. Exact: a match lies inside the text, so a text
with none of a piece's literals holds no match of it; and the category's alternation finds
something exactly where one of its pieces does (its answer is yes or no, so which piece, and where,
does not count).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import ahocorasick

from policies.firstchar import LazyPattern, gated_piece, top_alternatives
from policies.text import literal_automaton

# One top-level alternative of a category's entries, compiled when first searched.
_Piece = LazyPattern


class _Category:
    """A category's pieces, the literals that open each, and those with no known literal
    (searched on every text the category is asked of)."""

    __slots__ = ("always", "opens", "pieces")

    def __init__(self, entries: Iterable[str], condition: Callable[[str], str]) -> None:
        self.pieces: list[_Piece] = []
        always: list[_Piece] = []
        opens: dict[str, list[_Piece]] = {}
        for entry in entries:
            guard = condition(entry)
            for alternative in top_alternatives(entry):
                # A piece keeps the condition the table puts on its whole entry (in the lexicon,
                # no Latin letter before an alphabetic entry, as `category_source` has it).
                source, needed = gated_piece(alternative, guard)
                piece = _Piece(source)
                if needed is None:
                    always.append(piece)
                for literal in needed or ():
                    opens.setdefault(literal, []).append(piece)
                self.pieces.append(piece)
        self.always = tuple(always)
        self.opens = {literal: tuple(found) for literal, found in opens.items()}


class _Opens(NamedTuple):
    automaton: ahocorasick.Automaton | None  # (None while no literal is known)
    covers: frozenset[str]  # the categories whose literals it holds


_NO_OPENS = _Opens(None, frozenset())


class _Seen:
    """A text, the pieces its literals open by category (under the automaton of the categories
    in `covers`), and the categories answered for it so far."""

    __slots__ = ("answers", "covers", "live", "norm")

    def __init__(self, norm: str, answers: dict[str, bool], opens: _Opens) -> None:
        live: dict[str, list[_Piece]] = {}
        if opens.automaton is not None:
            for _end, opened in opens.automaton.iter(norm):
                for category, pieces in opened.items():
                    live.setdefault(category, []).extend(pieces)
        self.norm = norm
        self.covers = opens.covers
        self.live = live
        self.answers = answers


class PhraseSearch:
    """Whether a text matches a category's patterns, searched a piece at a time where the
    text's literals open it, each category analysed the first time it is asked of.

    `entries` are (category, pattern) in table order; `condition` gives, for an entry's
    pattern, the zero-width condition (such as a lookbehind) the whole alternation puts before
    that entry, or "" for none: each piece of the entry keeps it.
    """

    __slots__ = ("_building", "_built", "_condition", "_entries", "_last", "_opens", "_warm")

    def __init__(
        self, entries: Iterable[tuple[str, str]], condition: Callable[[str], str]
    ) -> None:
        grouped: dict[str, list[str]] = {}
        for category, pattern in entries:
            grouped.setdefault(category, []).append(pattern)
        self._entries = {category: tuple(patterns) for category, patterns in grouped.items()}
        self._condition = condition
        # The categories analysed so far (each the first time its gate opens: analysing all the
        # lexicon's pieces, 566 then, at import took 100-200 ms of start-up), and one automaton
        # over all their literals, each carrying the pieces it opens by category: one pass over
        # a text serves every category asked of it (a pass per opened category scanned a text
        # two or three times). Both are replaced whole, under the lock, when a category is
        # added.
        self._built: dict[str, _Category] = {}
        self._building = threading.Lock()
        self._opens = _NO_OPENS
        # The last text searched: the spam policy asks for every opened category, then the
        # poaching policy and the topic filter ask again for some of them, of the same text.
        # (Replaced whole, so a caller never reads another text's answers.)
        self._last = _Seen("", {}, _NO_OPENS)
        self._warm = False

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories in the order of their first entry."""
        return tuple(self._entries)

    def _category(self, category: str) -> _Category:
        """A category's pieces, analysed (and its literals added to `_opens`) on first use."""
        built = self._built.get(category)
        if built is not None:
            return built
        entries = self._entries[category]  # (KeyError for a category the table lacks)
        with self._building:
            if category not in self._built:
                self._built[category] = _Category(entries, self._condition)
                opens: dict[str, dict[str, tuple[_Piece, ...]]] = {}
                for name, one in self._built.items():
                    for literal, pieces in one.opens.items():
                        opens.setdefault(literal, {})[name] = pieces
                self._opens = _Opens(
                    literal_automaton(opens) if opens else None, frozenset(self._built)
                )
        return self._built[category]

    def search(self, norm: str, category: str) -> bool:
        """Whether a category's patterns match a text (the caller's gate aside)."""
        last = self._last
        same = last.norm is norm or last.norm == norm
        if same:
            answer = last.answers.get(category)
            if answer is not None:
                return answer
        built = self._built.get(category) or self._category(category)
        if not same or category not in last.covers:
            # (A category first analysed after this text's pass has no literals in it: pass
            # again.)
            last = self._last = _Seen(norm, last.answers if same else {}, self._opens)
        answer = False
        live = last.live.get(category)
        if built.always:
            live = [*built.always, *(live or ())]
        if live:
            for piece in dict.fromkeys(live) if len(live) > 1 else live:
                if piece.pattern.search(norm):
                    answer = True
                    break
        last.answers[category] = answer
        return answer

    def warm_steps(self) -> Iterator[None]:
        """Analyse every category and compile every piece ahead of need, one small step at a
        time (a caller yields to other work between steps): otherwise the first message to open
        a category waits for its analysis (up to 22 ms) and the first to reach a piece for its
        compiling. Nothing is searched; answers are the same either way."""
        if self._warm:
            return  # (once a process: each restart of the bot in one process asks again)
        for category in self._entries:
            for piece in self._category(category).pieces:
                _ = piece.pattern
                yield
        self._warm = True
