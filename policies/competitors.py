"""A chat's list of competitors, matched in disguise and many names at once.

Moderators list rivals' names, shop handles, domains and group links. Each entry and each message
are reduced to the same *squashed* form: normalised (spacing, look-alike letters and leetspeak
undone by `policies.text.normalise`), look-alike Cyrillic and Greek letters read as Latin, the word
"dot" read as a dot, and then everything but letters and digits dropped. So `S h o p X y z`,
`ShopXуz`, `shop_xyz`, `shop xyz dot com` and `Shop🔥Xyz` all read `shopxyz...`.

All names of a chat are matched in one pass with an Aho-Corasick automaton (pyahocorasick: C, so a
list of thousands costs about what one name does). A match counts only at word edges of the
normalised text, so "apple" is not found in "pineapple"; names of three or four letters must be a
whole word. Entries are literal text: they are never compiled as patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from policies.text import normalise

# An entry is refused below this many letters and digits once squashed (a single letter, "ab"
# would match everywhere) and above MAX_CHARS characters as typed.
MIN_KEY = 3
MAX_CHARS = 128
# Names this short must be a whole word of the message; longer ones may hide inside spacing.
SHORT_KEY = 4
MAX_ENTRIES = 5000

_LOOKALIKES = str.maketrans(
    "аеорсухкмтвнізјԁԛԝѕһαβεικνορτυχωηζ", "aeopcyxkmtbhi3jdqwshabeiknoptuxwnz"
)
_DOT_WORD = re.compile(r"(?<![^\W_])(?:dot|точка|点)(?![^\W_])")
_LINK_PREFIX = re.compile(
    r"^(?:[a-z]+://)?(?:www\.)?(?:(?:t|telegram)\.(?:me|dog)/(?:\+|joinchat/|s/)?)?"
)
_NOT_ALNUM = re.compile(r"[\W_]+")


def squash(norm: str) -> str:
    """A normalised text as letters and digits only, look-alikes read as Latin."""
    if "dot" in norm or "точка" in norm or "点" in norm:
        norm = _DOT_WORD.sub("", norm)
    return _NOT_ALNUM.sub("", norm.translate(_LOOKALIKES))


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed competitor: its squashed key and the text a moderator typed."""

    key: str
    shown: str


def entry_of(raw: str) -> Entry | str:
    """A moderator's entry as a listed competitor, or a catalogue key saying why not.

    Links are reduced to what identifies them (`https://t.me/shopxyz` -> `shopxyz`,
    `www.shopxyz.com/sale` -> `shopxyz.com`), a leading @ is dropped.
    """
    shown = " ".join(raw.split())
    if not shown:
        return "competitor_empty"
    if len(shown) > MAX_CHARS:
        return "competitor_long"
    norm = normalise(shown).lstrip("@")
    stripped = _LINK_PREFIX.sub("", norm)
    if stripped != norm:
        stripped = stripped.split("/", 1)[0].split("?", 1)[0]
    key = squash(stripped)
    if len(key) < MIN_KEY:
        return "competitor_short"
    return Entry(key, shown)


class Competitors:
    """A chat's competitors, ready to match (build once per list, match every message)."""

    __slots__ = ("_automaton", "_short", "size")

    def __init__(self, entries: Iterable[Entry]) -> None:
        automaton = ahocorasick.Automaton()
        short: dict[str, str] = {}
        size = 0
        for entry in entries:
            if len(entry.key) <= SHORT_KEY:
                short.setdefault(entry.key, entry.shown)
            elif automaton.add_word(entry.key, (len(entry.key), entry.shown)):
                size += 1
        size += len(short)
        self.size = size
        self._short = short
        if len(automaton):
            automaton.make_automaton()
            self._automaton: ahocorasick.Automaton | None = automaton
        else:
            self._automaton = None

    def __bool__(self) -> bool:
        return self.size > 0

    def find(self, norm: str) -> tuple[str, ...]:
        """The listed names a normalised text holds (as the moderator typed them), in order."""
        if not self.size or not norm:
            return ()
        found: dict[str, None] = {}
        if self._short:
            for token in _NOT_ALNUM.split(norm.translate(_LOOKALIKES)):
                shown = self._short.get(token)
                if shown is not None:
                    found[shown] = None
        automaton = self._automaton
        if automaton is not None:
            squashed = squash(norm)
            hits = list(automaton.iter(squashed))
            if hits:
                origin = _origins(norm)
                for end, (length, shown) in hits:
                    if shown not in found and _at_edges(norm, origin, end - length + 1, end):
                        found[shown] = None
        return tuple(found)


def _origins(norm: str) -> list[int]:
    """For each character of `squash(norm)`, where it came from in `norm`.

    Worked out only when the automaton found something (rare), so the common path stays in C.
    """
    text = _DOT_WORD.sub(lambda m: "\0" * len(m.group(0)), norm).translate(_LOOKALIKES)
    return [i for i, ch in enumerate(text) if ch.isalnum()]


def _at_edges(norm: str, origin: list[int], start: int, end: int) -> bool:
    if end >= len(origin):
        return False  # squash and its origins disagree: count nothing rather than guess
    first, last = origin[start], origin[end]
    before = norm[first - 1] if first > 0 else " "
    after = norm[last + 1] if last + 1 < len(norm) else " "
    return not before.isalnum() and not after.isalnum()


NONE = Competitors(())
