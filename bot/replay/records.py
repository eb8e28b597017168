"""What an export holds, as plain values: `Record`, `ChatExport`, and their shared bookkeeping.

Both readers (`bot/replay/json_export.py`, `bot/replay/html_export.py`) produce these; a
record that cannot be read is counted in the chat's tally and left out, never fatal.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from policies.facts import EntityFact

# One entity of a record's text, exactly as the policies take it (offsets in UTF-16 units).
Entity = EntityFact

PeerKind = Literal["user", "channel", "chat", "unknown"]
RecordKind = Literal["message", "service"]

# Telegram ids fit in 52 bits; pseudo ids for HTML senders live in [2**60, 2**61): never real,
# still a signed 64-bit integer for the store.
PSEUDO_ID_MIN = 1 << 60
_PSEUDO_SPAN = 1 << 60

GROUP_TYPES = frozenset(
    {"private_group", "public_group", "private_supergroup", "public_supergroup"}
)
CHANNEL_TYPES = frozenset({"private_channel", "public_channel"})
# Chats of one person with another (or a bot, or themself): never replayed, but named as such.
PERSONAL_TYPES = frozenset({"personal_chat", "bot_chat", "saved_messages", "private"})


class ExportError(ValueError):
    """The path is not a Telegram Desktop export this reader knows."""


@dataclass(frozen=True, slots=True)
class Record:
    """One message or service line of an export, in plain values.

    `from_*` is the author of a message or the actor of a service line: `from_name` is None for
    a deleted account; in HTML `from_id` is a pseudo id and `from_kind` is `unknown`. Entities
    carry Bot API type names (`url`, `text_link`, `mention`, `phone_number`, ...) and UTF-16
    offsets, as `EntityFact` does; HTML keeps only those drawn as links (bold and the like are
    not in its markup as entities). `media` uses the JSON export's words (`photo`, `sticker`,
    `video_file`, `voice_message`, `animation`, `poll`, `document`, ...).

    `members` holds ids of the people a service line invites or removes where known (JSON names
    them only, so only the actor's own id is known, when they add or remove themselves; HTML
    gives their pseudo ids); `member_names` their names, None for a deleted account. `text` of
    an HTML service line is the line as shown; of a JSON one, whatever the export put there
    (usually nothing). HTML service lines carry no time: theirs is the last message's, or
    midnight of the day heading above them when that is later.
    """

    id: int
    date: datetime
    kind: RecordKind
    from_id: int | None = None
    from_kind: PeerKind = "unknown"
    from_name: str | None = None
    text: str = ""
    entities: tuple[Entity, ...] = ()
    reply_to: int | None = None
    forwarded_from: str | None = None
    forwarded_from_id: int | None = None
    forwarded_from_kind: PeerKind = "unknown"
    edited: datetime | None = None
    media: str | None = None
    via_bot: str | None = None
    poll_question: str | None = None
    action: str | None = None
    members: tuple[int, ...] = ()
    member_names: tuple[str | None, ...] = ()
    inviter: str | None = None
    title: str | None = None
    pinned: int | None = None


@dataclass(slots=True)
class _Tally:
    """What one pass over a chat's records left out, and why."""

    read: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    error: str | None = None

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.reasons[reason] += 1

    def reset(self) -> None:
        self.read = self.skipped = 0
        self.reasons = Counter()
        self.error = None


@dataclass(frozen=True, slots=True)
class ChatExport:
    """One chat of an export: what the export says about it, and its records on demand.

    `type` is the export's own word (`private_supergroup`, `public_channel`, ...; `unknown` for
    HTML, which does not say); `id` is the export's bare id (no `-100`), None for HTML.
    """

    name: str
    type: str
    id: int | None
    source: str
    _stream: Callable[[_Tally], Iterator[Record]] = field(repr=False, compare=False)
    _tally: _Tally = field(default_factory=_Tally, repr=False, compare=False)

    @property
    def skipped(self) -> int:
        """Records left out by the last pass over `records()` (malformed or repeated)."""
        return self._tally.skipped

    @property
    def read(self) -> int:
        """Records yielded by the last pass over `records()`."""
        return self._tally.read

    @property
    def skip_reasons(self) -> dict[str, int]:
        """Why records were left out, with counts."""
        return dict(self._tally.reasons)

    @property
    def error(self) -> str | None:
        """Why the last pass stopped early (a truncated file, an unreadable page), if it did."""
        return self._tally.error

    @property
    def bot_api_id(self) -> int | None:
        """The id the Bot API gives this chat (`-100…` for supergroups and channels)."""
        if self.id is None:
            return None
        if "supergroup" in self.type or "channel" in self.type:
            return -(10**12 + abs(self.id))
        if "group" in self.type:
            return -abs(self.id)
        return self.id

    def records(self) -> Iterator[Record]:
        """The chat's records in file order, streamed; each id at most once."""
        tally = self._tally
        tally.reset()
        seen = _SeenIds()
        for record in self._stream(tally):
            if not seen.add(record.id):
                tally.skip("repeated id")
                continue
            tally.read += 1
            yield record


class _SeenIds:
    """Ids already read: one bit per id in chunks of 4,096, so memory follows the span of ids
    (a few kilobytes for a chat's consecutive ids), never the size of the messages."""

    __slots__ = ("_chunks",)

    def __init__(self) -> None:
        self._chunks: dict[int, bytearray] = {}

    def add(self, n: int) -> bool:
        """Mark an id; False when it was marked already."""
        chunk = self._chunks.get(n >> 12)
        if chunk is None:
            chunk = self._chunks[n >> 12] = bytearray(512)
        bit = n & 4095
        mask = 1 << (bit & 7)
        if chunk[bit >> 3] & mask:
            return False
        chunk[bit >> 3] |= mask
        return True


def pseudo_id(name: str) -> int:
    """A stable id for a sender known only by name (HTML exports), in [2**60, 2**61)."""
    key = " ".join(name.split()).encode("utf-8")
    digest = hashlib.blake2b(key, digest_size=8, person=b"steward-replay").digest()
    return PSEUDO_ID_MIN + int.from_bytes(digest, "big") % _PSEUDO_SPAN


def in_time_order(records: Iterable[Record], window: int = 1000) -> Iterator[Record]:
    """Records sorted by date within a sliding buffer of `window` records (a heap).

    Fixes exports whose records are a little out of order (a record at most `window` places
    from where it belongs) without holding the export; equal dates keep file order.
    """
    heap: list[tuple[datetime, int, Record]] = []
    for seq, record in enumerate(records):
        heapq.heappush(heap, (record.date, seq, record))
        if len(heap) > window:
            yield heapq.heappop(heap)[2]
    while heap:
        yield heapq.heappop(heap)[2]


def _matches(chat: str, name: str, chat_id: int | None) -> bool:
    """Whether `chat` (a name, or an id with or without `-100`) names this chat."""
    want = chat.strip()
    if chat_id is not None and re.fullmatch(r"-?\d+", want):
        ids = {abs(int(want))}
        if want.startswith("-100") and len(want) > 4:
            ids.add(int(want[4:]))
        if abs(chat_id) in ids:
            return True
    return name.casefold() == want.casefold()


def _utf16(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts entity offsets."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2
