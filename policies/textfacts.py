"""Read a message's text once: the normalised form, gates, entities and contacts every policy uses.

Normalising and extracting are the costly part of judging a message, so they happen here, once,
and every policy (spam, poaching, complaints) reads the result; none normalises again.
"""

from __future__ import annotations

from policies.facts import MessageFacts
from policies.gates import gated_categories
from policies.text import EMPTY, Extracted, disguised_words, extract, normalise
from policies.values import immutable


@immutable
class TextFacts:
    """What the text of one message says, read once."""

    raw: str
    norm: str
    # Ad categories whose cheap gate words appear (the lexicon's regexes run only for these).
    gates: frozenset[str]
    found: Extracted
    # Words written with look-alike letters of another alphabet mixed in ("пapтнep").
    disguised: int = 0


NO_TEXT = TextFacts(raw="", norm="", gates=frozenset(), found=EMPTY)


def read_text(facts: MessageFacts) -> TextFacts:
    """Normalise, gate and extract a message's text (and its hidden links) in one pass."""
    raw = facts.text
    hidden = (
        tuple(e.url for e in facts.entities if e.type == "text_link" and e.url)
        if facts.entities
        else ()
    )
    if not raw and not hidden:
        return NO_TEXT
    norm = normalise(raw)
    gates = gated_categories(norm)
    found = extract(raw, norm, hidden_links=hidden)
    return TextFacts(raw=raw, norm=norm, gates=gates, found=found, disguised=disguised_words(raw))
