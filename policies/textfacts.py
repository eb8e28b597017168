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
    """Normalise, gate and extract a message's text (and its hidden links) in one pass.

    Inline buttons are part of what a message says: their words are read after its text (one
    line each) and their addresses count as its links, so an ad written on a button ("." with
    one button "Earn $500 a day...", an invite behind it) is read as the same ad written out.
    """
    raw = facts.text
    hidden = (
        tuple(e.url for e in facts.entities if e.type == "text_link" and e.url)
        if facts.entities
        else ()
    )
    buttons = facts.buttons
    if buttons:
        raw = "\n".join(part for part in (raw, *(b.text for b in buttons)) if part)
    if not raw and not hidden and not buttons:
        return NO_TEXT
    norm = normalise(raw)
    gates = gated_categories(norm)
    found = extract(
        raw,
        norm,
        hidden_links=hidden,
        button_links=tuple(b.url for b in buttons if b.url and _web_or_invite(b.url)),
    )
    return TextFacts(raw=raw, norm=norm, gates=gates, found=found, disguised=disguised_words(raw))


def _web_or_invite(url: str) -> bool:
    """A button's address read as a link: a web address or an invite (not tg://user?id=, which
    names an account; the button check counts every link button anyway)."""
    return url.lower().startswith(("http://", "https://", "tg://join"))
