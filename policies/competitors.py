"""A chat's list of competitors, matched in disguise and many names at once.

Moderators list rivals' names, shop handles, domains and group links. Each entry and each message
are reduced to the same *squashed* form: normalised (spacing, look-alike letters and leetspeak
undone by `policies.text.normalise`), look-alike Cyrillic and Greek letters read as Latin, the
word "dot" read as a dot before a domain ending, and then everything but letters and digits
dropped. So `S h o p X y z`, `ShopXуz`, `shop_xyz`, `shop xyz dot com` and `Shop🔥Xyz` all read
`shopxyz...`.

All names of a chat are matched in one pass with an Aho-Corasick automaton (pyahocorasick: C, so a
list of thousands costs about what one name does). A match counts only at word edges of the
normalised text, so "apple" is not found in "pineapple" (Chinese, written without spaces, needs no
edges). Entries are literal text: they are never compiled as patterns.
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
MAX_KEY = 160  # the store's column
MAX_ENTRIES = 5000

_LOOKALIKES = str.maketrans(
    "аеорсухкмтвнізјԁԛԝѕһαβεικνορτυχωηζ", "aeopcyxkmtbhi3jdqwshabeiknoptuxwnz"
)
# "dot", "точка" or "点" spelled out for the dot of a domain: read as a dot only where a domain
# ending follows ("shopxyz dot com", "магазин точка ру"), so "Red Dot" and "Точка" stay names.
# Endings that are also everyday words ("shop", "in", "me") are left out: "Dot Shop" is a name.
_DOMAIN_ENDINGS = (
    "com net org info biz xyz io tv cc ru su ua by kz uz cn hk tw uk de fr es pl nl ca au "
    "рф ру ком орг"
)
_DOT_WORD = re.compile(
    r"(?<![^\W_])(?:dot|точка|点)(?=[\W_]*(?:"
    + "|".join(_DOMAIN_ENDINGS.split())
    + r")(?![^\W_]))"
)
_LINK_PREFIX = re.compile(
    r"^(?:[a-z]+://)?(?:www\.)?(?:(?:t|telegram)\.(?:me|dog)/(?:\+|joinchat/|s/)?)?"
)
_NOT_ALNUM = re.compile(r"[\W_]+")
# A site pasted without https:// but with a path ("rivalbags.com/catalog", "shop.xyz?ref=1"):
# a dotted host ending in letters, then a path, a query or a fragment.
_BARE_SITE = re.compile(r"[^\s/?#]+\.[^\W\d_]{2,63}[/?#]")
_PAST_HOST = re.compile(r"[/?#]")
# Hosts of many communities or people, each named by the link's path: the rival is
# "discord.gg/kickzone", not "discord.gg" (listed, that would make every Discord link a rival's).
NAMED_BY_PATH = frozenset({"discord.gg", "discord.com", "wa.me", "linktr.ee"})


# Words members use every day: listed as a rival's name, each would make every message holding
# it poaching ("/competitor add the" removed "the bag arrived today"). The project's own list,
# kept to words no shop could be told apart by; a rival called so is listed by handle or site.
_EVERYDAY_WORDS = (
    "the and for you are with this that have from not but all any buy sell sale sales shop "
    "shops store stores price prices cheap new best good order orders delivery shipping size "
    "here there today thanks please hello group chat channel online market"
    " магазин магазины продам продаю куплю купить цена цены скидка доставка заказ размер "
    "привет спасибо группа чат канал новый новые"
    " 商店 店铺 网店 价格 便宜 优惠 快递 发货 订单 谢谢 你好 群聊"
)


def squash_lookalikes(text: str) -> str:
    """Cyrillic and Greek letters that look Latin, read as Latin (nothing else changes)."""
    return text.translate(_LOOKALIKES)


def squash(norm: str) -> str:
    """A normalised text as letters and digits only, look-alikes read as Latin."""
    if "dot" in norm or "точка" in norm or "点" in norm:
        norm = _DOT_WORD.sub("", norm)
    return _NOT_ALNUM.sub("", norm.translate(_LOOKALIKES))


_EVERYDAY = frozenset(squash(word) for word in _EVERYDAY_WORDS.split())


@dataclass(frozen=True, slots=True)
class Entry:
    """One listed competitor: its squashed key and the text a moderator typed."""

    key: str
    shown: str


def entry_of(raw: str) -> Entry | str:
    """A moderator's entry as a listed competitor, or a catalogue key saying why not.

    Links are reduced to what identifies them (`https://t.me/shopxyz` -> `shopxyz`,
    `www.shopxyz.com/sale` and `shopxyz.com/sale` -> `shopxyz.com`, `discord.gg/kickzone` keeps
    its name), a leading @ is dropped.
    """
    shown = " ".join(raw.split())
    if not shown:
        return "competitor_empty"
    if len(shown) > MAX_CHARS:
        return "competitor_long"
    norm = normalise(shown).lstrip("@")
    stripped = _LINK_PREFIX.sub("", norm)
    if stripped != norm or _BARE_SITE.match(stripped):
        stripped = _site_of(stripped)
    key = squash(stripped)
    if len(key) < MIN_KEY:
        return "competitor_short"
    if key in _EVERYDAY:
        return "competitor_everyday"
    if len(key) > MAX_KEY:
        return "competitor_long"  # normalising can lengthen a name ("⑳" reads "20")
    return Entry(key, shown)


def earlier_key(raw: str) -> str | None:
    """The key an earlier version listed the same text under, when it differs from today's
    (None otherwise): a site pasted with a path without https:// kept its path
    ("rivalbags.com/catalog" -> "rivalbagscomcatalog", now "rivalbagscom"), and a link to a host
    many share kept only the host ("https://discord.gg/kickzone" -> "discordgg"). So an entry
    listed before can still be taken off the list by typing it again."""
    entry = entry_of(raw)
    if not isinstance(entry, Entry):
        return None
    norm = normalise(" ".join(raw.split())).lstrip("@")
    stripped = _LINK_PREFIX.sub("", norm)
    if stripped != norm:
        stripped = stripped.split("/", 1)[0].split("?", 1)[0]
    key = squash(stripped)
    return key if key != entry.key and MIN_KEY <= len(key) <= MAX_KEY else None


def _site_of(link: str) -> str:
    """A link without its scheme as the site it names: the host, or for a host many share the
    host and the name its path gives ("discord.gg/kickzone", "discord.com/invite/kickzone")."""
    host = _PAST_HOST.split(link, 1)[0]
    if host in NAMED_BY_PATH and link.startswith(f"{host}/"):
        path = link[len(host) + 1 :]
        invite = "invite/" if path.startswith("invite/") else ""
        name = _PAST_HOST.split(path.removeprefix(invite), 1)[0]
        return f"{host}/{invite}{name}" if name else host
    return host


class Competitors:
    """A chat's competitors, ready to match (build once per list, match every message)."""

    __slots__ = ("_automaton", "size")

    def __init__(self, entries: Iterable[Entry]) -> None:
        automaton = ahocorasick.Automaton()
        for entry in entries:
            stem = _russian_stem(entry)
            if entry.key not in automaton:  # the first spelling listed is the one shown
                automaton.add_word(entry.key, (len(entry.key), entry.shown, stem is not None))
            if stem is not None and stem not in automaton:
                automaton.add_word(stem, (len(stem), entry.shown, True))
        self.size = len(automaton)
        if self.size:
            automaton.make_automaton()
            self._automaton: ahocorasick.Automaton | None = automaton
        else:
            self._automaton = None

    def __bool__(self) -> bool:
        return self.size > 0

    def find(self, norm: str) -> tuple[str, ...]:
        """The listed names a normalised text holds (as the moderator typed them), in the order
        they appear."""
        automaton = self._automaton
        if automaton is None or not norm:
            return ()
        hits = list(automaton.iter(squash(norm)))
        if not hits:
            return ()
        origin = _origins(norm)
        found: dict[str, None] = {}
        for end, (length, shown, declines) in sorted(
            hits, key=lambda h: (h[0] - h[1][0], -h[1][0])
        ):
            if shown not in found and _at_edges(norm, origin, end - length + 1, end, declines):
                found[shown] = None
        return tuple(found)


def _origins(norm: str) -> list[int]:
    """For each character of `squash(norm)`, where it came from in `norm`.

    Worked out only when the automaton found something (rare), so the common path stays in C.
    """
    text = _DOT_WORD.sub(lambda m: "\0" * len(m.group(0)), norm).translate(_LOOKALIKES)
    return [i for i, ch in enumerate(text) if ch.isalnum()]


# Russian names change their ending with the case: a listed "СникерБаза" is written "в
# СникерБазе", "у СникерБазы", "в СникерБазу", "с СникерБазой". A name ending in a Cyrillic letter
# is also matched by its stem (a final vowel, ь or й dropped) followed by up to three letters a
# case ending is made of.
_ENDING_LETTERS = frozenset("аеиоуыюяйьмхвё")
_CHANGING_END = frozenset("аяоеьйыиуё")


def _russian_stem(entry: Entry) -> str | None:
    """The key a Russian name declines from, or None for a name not ending in Cyrillic."""
    last = entry.shown.rstrip()[-1:].lower()
    if not ("а" <= last <= "я" or last == "ё"):
        return None
    stem = entry.key[:-1] if last in _CHANGING_END else entry.key
    return stem if len(stem) >= MIN_KEY else None


def _at_edges(norm: str, origin: list[int], start: int, end: int, declines: bool = False) -> bool:
    """Whether a match starts and ends a word ("apple" is not in "pineapple"), a Russian name's
    case ending allowed when it `declines`. Chinese writes no spaces between words, so a match
    that begins or ends with a Han character needs none."""
    if end >= len(origin):
        return False  # squash and its origins disagree: count nothing rather than guess
    first, last = origin[start], origin[end]
    before = norm[first - 1] if first > 0 else " "
    if declines:
        ending = 0
        while ending < 3 and last + 1 < len(norm) and norm[last + 1] in _ENDING_LETTERS:
            last += 1
            ending += 1
    after = norm[last + 1] if last + 1 < len(norm) else " "
    return (not before.isalnum() or _han(before) or _han(norm[first])) and (
        not after.isalnum() or _han(after) or _han(norm[last])
    )


def _han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


NONE = Competitors(())
