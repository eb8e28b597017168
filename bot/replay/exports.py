"""Telegram Desktop chat exports, read as a stream of plain records for `steward replay`.

    for chat in open_export(Path("ChatExport_2024-05-01")):
        for record in in_time_order(chat.records()):
            ...
        print(chat.skipped)

Three layouts are read: a `result.json` file (one chat, or a whole account's `chats.list` and
`left_chats.list`), a folder holding one, and an HTML export folder (`messages.html`,
`messages2.html`, ... in page order). Nothing is loaded whole: JSON is parsed as a stream of
events (ijson), HTML one page at a time (lxml), so memory stays flat however large the export.

Records come in the file's order. A record that cannot be read (no id, no date, a second record
with an id already seen, a shape the exporter never writes) is counted in `ChatExport.skipped`
and left out; it never stops the reading. Every date is timezone-aware UTC. Exports written
without an offset (JSON `date`, HTML titles with no zone) carry the exporter's wall-clock time,
which is taken as UTC: their absolute times may be off by the exporter's offset, their order and
spacing are right.

HTML exports name senders but never number them: a sender's `from_id` there is `pseudo_id(name)`,
a stable number at or above `PSEUDO_ID_MIN`, where no real Telegram id can be.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, Literal

import ijson
from lxml import etree

from policies.facts import EntityFact

log = logging.getLogger(__name__)

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

_CHAT_ITEMS = ("chats.list.item", "left_chats.list.item")

# JSON entity types with another name in the Bot API (the names the policies see).
_ENTITY_NAMES = {"link": "url", "phone": "phone_number", "mention_name": "text_mention"}

# Zone abbreviations Telegram Desktop may print after an HTML date; ambiguous ones (CST, IST)
# are left out and read as UTC like a date with no zone at all.
_ZONES = {
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "WEST": 60,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "SAMT": 240,
    "YEKT": 300,
    "OMST": 360,
    "KRAT": 420,
    "IRKT": 480,
    "HKT": 480,
    "SGT": 480,
    "AWST": 480,
    "JST": 540,
    "KST": 540,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
    "EST": -300,
    "EDT": -240,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
}


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


def open_export(path: Path, chat: str | None = None) -> Iterator[ChatExport]:
    """The chats in an export: every group and supergroup of a full-account export (personal
    chats, bots, saved messages and channels left out), or the one chat of a single-chat export.

    `chat` keeps only the chat with that name (any case) or id (bare or with `-100`); named this
    way a channel of a full-account export is taken too.
    """
    path = Path(path)
    if path.is_file() and path.suffix.lower() == ".html":
        path = path.parent
    if path.is_dir():
        if (path / "result.json").is_file():
            path = path / "result.json"
        else:
            pages = _html_pages(path)
            if not pages:
                raise ExportError(f"{path}: neither result.json nor messages*.html")
            yield from _html_chats(path, pages, chat)
            return
    if not path.is_file():
        raise ExportError(f"{path}: no such export")
    yield from _json_chats(path, chat)


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


# ---------------------------------------------------------------------------------------------
# JSON


def _json_chats(path: Path, chat: str | None) -> Iterator[ChatExport]:
    """Chats of a `result.json`, found in one pass over its events."""
    header: dict[str, Any] = {}
    current: dict[str, Any] = {}
    index = {"chats": -1, "left_chats": -1}
    layout: str | None = None
    with path.open("rb") as fh:
        try:
            for prefix, event, value in ijson.parse(fh, use_float=True):
                if prefix == "" and event == "map_key":
                    if value == "messages":
                        layout = "single"
                        if {"name", "type", "id"} <= header.keys():
                            break
                    elif value in index:
                        layout = "account"
                elif prefix in ("name", "type", "id"):
                    header[prefix] = value
                elif prefix in _CHAT_ITEMS:
                    section = prefix.partition(".")[0]
                    if event == "start_map":
                        index[section] += 1
                        current = {}
                    elif event == "end_map":
                        found = _account_chat(path, section, index[section], current, chat)
                        if found is not None:
                            yield found
                else:
                    head, _, key = prefix.rpartition(".")
                    if key in ("name", "type", "id") and head in _CHAT_ITEMS:
                        current[key] = value
        except ijson.JSONError as e:
            if layout is None:
                raise ExportError(f"{path}: not a Telegram export ({e})") from e
            log.warning("%s: JSON ends early (%s): chats after this point are missing", path, e)
    if layout == "single":
        name = str(header.get("name") or path.parent.name)
        chat_id = _int(header.get("id"))
        if chat is None or _matches(chat, name, chat_id):
            yield ChatExport(
                name,
                str(header.get("type") or "unknown"),
                chat_id,
                str(path),
                lambda tally: _single_stream(path, tally),
            )
    elif layout is None:
        raise ExportError(f"{path}: no `messages` nor `chats` in this JSON")


def _account_chat(
    path: Path, section: str, index: int, head: dict[str, Any], chat: str | None
) -> ChatExport | None:
    """One chat of a full-account export, if it is wanted."""
    kind = str(head.get("type") or "unknown")
    name = str(head.get("name") or "")
    chat_id = _int(head.get("id"))
    if chat is None:
        if kind not in GROUP_TYPES:
            return None
    elif kind not in GROUP_TYPES | CHANNEL_TYPES or not _matches(chat, name, chat_id):
        return None
    return ChatExport(
        name,
        kind,
        chat_id,
        f"{path}#{section}[{index}]",
        lambda tally: _account_stream(path, section, index, tally),
    )


def _single_stream(path: Path, tally: _Tally) -> Iterator[Record]:
    with path.open("rb") as fh:
        yield from _json_records(ijson.items(fh, "messages.item", use_float=True), tally)


def _account_stream(path: Path, section: str, index: int, tally: _Tally) -> Iterator[Record]:
    item = f"{section}.list.item"

    def events(fh: Any) -> Iterator[tuple[str, str, Any]]:
        """The events of the `index`-th chat of `section` only; stops after it."""
        n = -1
        for prefix, event, value in ijson.parse(fh, use_float=True):
            if prefix == item:
                if event == "start_map":
                    n += 1
                elif event == "end_map" and n == index:
                    return
            elif n == index:
                yield prefix, event, value

    with path.open("rb") as fh:
        yield from _json_records(ijson.items(events(fh), f"{item}.messages.item"), tally)


def _json_records(items: Iterator[Any], tally: _Tally) -> Iterator[Record]:
    """Records of raw JSON messages; a file that ends early ends the stream, counted."""
    try:
        for raw in items:
            record = _json_record(raw, tally)
            if record is not None:
                yield record
    except ijson.JSONError as e:
        tally.error = f"JSON ends early: {e}"
        tally.skip("truncated file")


def _json_record(raw: Any, tally: _Tally) -> Record | None:
    """One raw JSON message as a record, or None (counted) when it cannot be read."""
    if not isinstance(raw, dict):
        tally.skip("not an object")
        return None
    kind = raw.get("type")
    if kind not in ("message", "service"):
        tally.skip("unknown type")
        return None
    record_id = _int(raw.get("id"))
    if record_id is None:
        tally.skip("no id")
        return None
    sent = _json_date(raw.get("date_unixtime"), raw.get("date"))
    if sent is None:
        tally.skip("no date")
        return None
    service = kind == "service"
    name = raw.get("actor" if service else "from")
    from_id, from_kind = _peer(raw.get("actor_id" if service else "from_id"))
    text = _json_text(raw.get("text"))
    parts = raw.get("text_entities")
    if not isinstance(parts, list):
        parts = raw.get("text")
    entities = _json_entities(parts) if isinstance(parts, list) else ()
    fwd_id, fwd_kind = _peer(raw.get("forwarded_from_id"))
    poll = raw.get("poll")
    question = _json_text(poll.get("question")) if isinstance(poll, dict) else None
    action = _str(raw.get("action")) if service else None
    names: tuple[str | None, ...] = ()
    members: tuple[int, ...] = ()
    if isinstance(raw.get("members"), list):
        names = tuple(m if isinstance(m, str) else None for m in raw["members"])
        if from_id is not None and names == (name,) and isinstance(name, str):
            members = (from_id,)  # they added or removed themselves: the one id we know
    return Record(
        id=record_id,
        date=sent,
        kind=kind,
        from_id=from_id,
        from_kind=from_kind,
        from_name=name if isinstance(name, str) else None,
        text=text,
        entities=entities,
        reply_to=_int(raw.get("reply_to_message_id")),
        forwarded_from=_str(raw.get("forwarded_from")),
        forwarded_from_id=fwd_id,
        forwarded_from_kind=fwd_kind,
        edited=_json_date(raw.get("edited_unixtime"), raw.get("edited")),
        media=_json_media(raw),
        via_bot=_str(raw.get("via_bot")),
        poll_question=question or None,
        action=action,
        members=members,
        member_names=names,
        inviter=_str(raw.get("inviter")),
        title=_str(raw.get("title")) or _str(raw.get("new_title")) if service else None,
        pinned=_int(raw.get("message_id")) if action == "pin_message" else None,
    )


def _json_date(unixtime: Any, text: Any) -> datetime | None:
    """`date_unixtime` (UTC) when there is one, else `date`: the exporter's local time with no
    offset, taken as UTC."""
    seconds = _int(unixtime)
    if seconds is not None:
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            pass
    if isinstance(text, str):
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            return None
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return None


def _json_text(value: Any) -> str:
    """A JSON `text`: a string, or a list of strings and entity objects `{type, text}`."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return ""
    out = []
    for part in value:
        piece = part.get("text") if isinstance(part, dict) else part
        if isinstance(piece, str):
            out.append(piece)
    return "".join(out)


def _json_entities(parts: list[Any]) -> tuple[Entity, ...]:
    """Entities of `text_entities` (or a list `text`), offsets counted in UTF-16 units."""
    out: list[Entity] = []
    offset = 0
    for part in parts:
        if isinstance(part, str):
            offset += _utf16(part)  # the list form of `text`: plain text between entities
            continue
        if not isinstance(part, dict) or not isinstance(part.get("text"), str):
            continue
        length = _utf16(part["text"])
        kind = part.get("type")
        if isinstance(kind, str) and kind != "plain" and length:
            url = part.get("href") if kind == "text_link" else None
            out.append(
                Entity(
                    _ENTITY_NAMES.get(kind, kind),
                    offset,
                    length,
                    url if isinstance(url, str) else None,
                )
            )
        offset += length
    return tuple(out)


def _json_media(raw: dict[str, Any]) -> str | None:
    """What a JSON message carries besides text, in the export's words (`video_file`, ...)."""
    if "photo" in raw:
        return "photo"
    media_type = raw.get("media_type")
    if isinstance(media_type, str) and media_type:
        return media_type
    for key, media in (
        ("poll", "poll"),
        ("file", "document"),
        ("location_information", "location"),
        ("place_name", "venue"),
        ("contact_information", "contact"),
        ("game_title", "game"),
        ("invoice_information", "invoice"),
    ):
        if key in raw:
            return media
    return None


def _peer(value: Any) -> tuple[int | None, PeerKind]:
    """`user123`, `channel456`, `chat789`, or a bare number (old exports: always a user)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value, "user"
    if not isinstance(value, str):
        return None, "unknown"
    kinds: tuple[PeerKind, ...] = ("user", "channel", "chat")
    for kind in kinds:
        if value.startswith(kind):
            number = _int(value[len(kind) :])
            return (number, kind) if number is not None else (None, "unknown")
    number = _int(value)
    return (number, "user") if number is not None else (None, "unknown")


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        digits = value.strip()
        if digits.removeprefix("-").isdigit() and digits.isascii():
            return int(digits)
    return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _utf16(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts entity offsets."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------------------------------
# HTML

_PAGE = re.compile(r"messages(\d*)\.html", re.IGNORECASE)
_HTML_DATE = re.compile(
    r"(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+(\S.*))?"
)
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?")
_DAY = re.compile(r"\d{1,2} [A-Za-z]+ \d{4}")
_MESSAGE_ID = re.compile(r"message(-?\d+)")
_GO_TO = re.compile(r"go_to_message(-?\d+)")
_VIA = re.compile(r"(.*?)\s+via\s+(@\w+)")
_DELETED = "Deleted Account"
# Blocks of a message not searched inside: texts (read whole), userpics and bot buttons.
_OPAQUE = frozenset({"text", "userpic_wrap", "bot_buttons_table"})
_NO_DATE = datetime.min.replace(tzinfo=UTC)

# Service lines as Telegram Desktop writes them in English, first match wins.
_SERVICE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), action)
    for pattern, action in (
        (r"(?P<actor>.+?) joined group by link from (?P<inviter>.+)", "join_group_by_link"),
        (r"(?P<actor>.+?) joined group by link", "join_group_by_link"),
        (r"(?P<actor>.+?) joined group by request", "join_group_by_request"),
        (r"(?P<actor>.+?) invited (?P<members>.+) to the (?:voice|video) chat", "invite_to_call"),
        (r"(?P<actor>.+?) invited (?P<members>.+)", "invite_members"),
        (r"(?P<actor>.+?) removed group photo", "delete_group_photo"),
        (r"(?P<actor>.+?) removed (?P<members>.+)", "remove_members"),
        (r"(?P<actor>.+?) left the group", "remove_members"),
        (r"(?P<actor>.+?) pinned .*", "pin_message"),
        (r"(?P<actor>.+?) changed group title to «(?P<title>.*)»", "edit_group_title"),
        (r"(?P<actor>.+?) changed group photo", "edit_group_photo"),
        (
            r"(?P<actor>.+?) converted a basic group to this supergroup(?: «(?P<title>.*)»)?",
            "migrate_from_group",
        ),
        (r"(?P<actor>.+?) converted this group to a supergroup", "migrate_to_supergroup"),
        (
            r"(?P<actor>.+?) created group «(?P<title>.*)»(?: with members (?P<members>.+))?",
            "create_group",
        ),
        (r"Channel «(?P<title>.*)» created", "create_channel"),
        (r"(?P<actor>.+?) created topic «(?P<title>.*)»", "topic_created"),
        (r"(?P<actor>.+?) changed topic .*", "topic_edit"),
        (
            r"(?P<actor>.+?) (?:started|scheduled|ended) (?:a )?(?:voice|video) chat.*",
            "group_call",
        ),
        (r"(?P<actor>.+?) scored \d+ in .*", "game_score"),
        (r"(?P<actor>.+?) boosted the group.*", "boost_apply"),
    )
)


def _html_pages(folder: Path) -> list[Path]:
    """`messages.html`, `messages1.html`, `messages2.html`, ... in page order."""
    pages = []
    for page in folder.iterdir():
        match = _PAGE.fullmatch(page.name)
        if match and page.is_file():
            pages.append((int(match.group(1) or 0), page))
    return [page for _, page in sorted(pages)]


def _parse_page(page: Path) -> Any:
    """One page's element tree (Telegram writes UTF-8 and says so)."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    return etree.parse(str(page), parser=parser).getroot()


def _html_chats(folder: Path, pages: list[Path], chat: str | None) -> Iterator[ChatExport]:
    try:
        root = _parse_page(pages[0])
    except (OSError, etree.LxmlError) as e:
        raise ExportError(f"{pages[0]}: unreadable ({e})") from e
    if root is None:
        raise ExportError(f"{pages[0]}: an empty page")
    header = root.xpath('//div[contains(@class, "page_header")]//div[contains(@class, "text")]')
    name = _squash(_content(header[0])) if len(header) else folder.name
    del root
    if chat is None or _matches(chat, name, None):
        yield ChatExport(
            name, "unknown", None, str(folder), lambda tally: _html_stream(pages, tally)
        )


@dataclass(slots=True)
class _HtmlState:
    """What carries over from one HTML block to the next.

    Service lines carry no time in HTML: each takes the time of the last message before it,
    or midnight of the day heading above it when that is later; lines before any message wait
    (bounded by the run of service lines) for the first message and its time zone.
    """

    sender: tuple[str | None, int | None] | None = None
    forwarded_from: str | None = None
    clock: datetime | None = None
    zone: tzinfo = UTC
    day: date | None = None
    pending: list[tuple[Record, date | None]] = field(default_factory=list)

    def midnight(self, day: date, zone: tzinfo) -> datetime:
        return datetime.combine(day, time(), zone).astimezone(UTC)

    def service_date(self) -> datetime | None:
        """When a service line read now happened, as near as the page tells."""
        if self.clock is None:
            return None
        if self.day is not None:
            return max(self.clock, self.midnight(self.day, self.zone))
        return self.clock


def _html_stream(pages: list[Path], tally: _Tally) -> Iterator[Record]:
    """Records of every page in turn, each page parsed whole and let go before the next."""
    state = _HtmlState()
    for page in pages:
        try:
            root = _parse_page(page)
        except (OSError, etree.LxmlError) as e:
            tally.error = f"{page.name}: unreadable ({e})"
            tally.skip("unreadable page")
            continue
        if root is None:
            continue
        for el in root.iter("div"):
            classes = _classes(el)
            if "message" not in classes:
                continue
            if "service" in classes:
                yield from _html_service(el, state, tally)
            elif "default" in classes:
                record = _html_message(el, "joined" in classes, state, tally)
                if record is not None:
                    yield from _flush(state, record.date)
                    yield record
        del root
    for _ in state.pending:
        tally.skip("no date")


def _flush(state: _HtmlState, when: datetime) -> Iterator[Record]:
    """Take a message's time; date and hand over the service lines that waited for one."""
    state.clock = when
    pending, state.pending = state.pending, []
    floor = _NO_DATE
    for record, day in pending:
        at = when if day is None else min(when, state.midnight(day, state.zone))
        floor = max(floor, at)
        yield replace(record, date=floor)


def _html_message(el: Any, joined: bool, state: _HtmlState, tally: _Tally) -> Record | None:
    """A `message default` block as a record, or None (counted) when it cannot be read."""
    record_id = _element_id(el)
    if record_id is None:
        tally.skip("no id")
        return None
    sent: datetime | None = None
    sender: tuple[str | None, int | None] | None = None
    via_bot: str | None = None
    forwarded: str | None = None
    poll_question: str | None = None
    media: str | None = None
    reply_to: int | None = None
    is_forward = False
    texts: list[tuple[str, tuple[Entity, ...]]] = []
    for child, classes, in_forward in _own_elements(el):
        tag = child.tag
        is_forward = is_forward or in_forward
        if tag == "div" and "date" in classes and sent is None and not in_forward:
            sent = _html_date(child.get("title") or "", state)
        elif "from_name" in classes:
            shown, bot = _html_name(child)
            if in_forward:
                forwarded = forwarded or shown or None
            elif sender is None:
                sender, via_bot = (_sender(shown) if shown else (None, None)), bot
        elif "reply_to" in classes:
            for link in child.iter("a"):
                match = _GO_TO.search(link.get("href") or "")
                if match:
                    reply_to = int(match.group(1))
        elif tag == "div" and "text" in classes:
            texts.append(_html_text(child))
        elif "media_poll" in classes:
            media = "poll"
        elif "question" in classes and media == "poll":
            poll_question = _squash(_content(child)) or None
        elif media is None:
            media = _html_media(child, classes)
    if sent is None:
        tally.skip("no date")
        return None
    if sender is None and joined:
        sender = state.sender
    state.sender = sender
    if is_forward:
        # A forward from the same origin as the one before it names no origin.
        forwarded = forwarded or state.forwarded_from
        state.forwarded_from = forwarded
    text, entities = _join_texts(texts)
    name, from_id = sender or (None, None)
    return Record(
        id=record_id,
        date=sent,
        kind="message",
        from_id=from_id,
        from_name=name,
        text=text,
        entities=entities,
        reply_to=reply_to,
        forwarded_from=forwarded,
        media=media,
        via_bot=via_bot,
        poll_question=poll_question,
    )


def _html_service(el: Any, state: _HtmlState, tally: _Tally) -> Iterator[Record]:
    """A `message service` block: a day heading (remembered), or a service record."""
    body = el.xpath('./div[contains(@class, "body")]')
    line = _squash(_content(body[0])) if len(body) else ""
    if _DAY.fullmatch(line):
        try:
            state.day = datetime.strptime(line, "%d %B %Y").date()
        except ValueError:
            pass
        return
    record_id = _element_id(el)
    if record_id is None or not line:
        tally.skip("no id" if record_id is None else "empty service line")
        return
    action = None
    fields: dict[str, str] = {}
    for pattern, name in _SERVICE:
        match = pattern.fullmatch(line)
        if match:
            action = name
            fields = {k: v for k, v in match.groupdict().items() if v is not None}
            break
    actor, actor_id = _sender(fields["actor"]) if "actor" in fields else (None, None)
    names = _member_names(fields.get("members", ""), actor)
    when = state.service_date()
    pinned = None
    if action == "pin_message":
        for link in el.iter("a"):
            match = _GO_TO.search(link.get("href") or "")
            if match:
                pinned = int(match.group(1))
    record = Record(
        id=record_id,
        date=when or _NO_DATE,
        kind="service",
        from_id=actor_id,
        from_name=actor,
        text=line,
        action=action,
        members=tuple(pseudo_id(n) for n in names if n is not None),
        member_names=names,
        inviter=fields.get("inviter"),
        title=fields.get("title"),
        pinned=pinned,
    )
    if when is None:
        state.pending.append((record, state.day))
    else:
        yield record


def _member_names(text: str, actor: str | None) -> tuple[str | None, ...]:
    """`A`, `A and B`, `A, B and C` as names (None for a deleted account). Best effort: a name
    holding `, ` or ` and ` is split too, unless it is the actor's own name."""
    if not text:
        return ()
    if text == (actor or _DELETED):
        parts = [text]
    else:
        head, sep, last = text.rpartition(" and ")
        parts = [*head.split(", "), last] if sep else [text]
    return tuple(None if p == _DELETED else p for p in (p.strip() for p in parts) if p)


def _sender(name: str) -> tuple[str | None, int | None]:
    """A sender's name and pseudo id; a deleted account has neither."""
    if name == _DELETED:
        return None, None
    return name, pseudo_id(name)


def _own_elements(el: Any) -> Iterator[tuple[Any, set[str], bool]]:
    """The elements of one message block with their classes and whether they sit in its
    forwarded part, never those of another message block nested in it (broken markup, e.g.
    after bot buttons, nests the following messages inside the previous one)."""
    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(el)]
    while stack:
        child, in_forward = stack.pop()
        if not isinstance(child.tag, str):
            continue
        classes = _classes(child)
        if child.tag == "div" and "message" in classes:
            continue
        in_forward = in_forward or "forwarded" in classes
        yield child, classes, in_forward
        if child.tag == "table" or classes & _OPAQUE:
            continue  # read whole elsewhere, or nothing of the message in it
        stack.extend((grandchild, in_forward) for grandchild in reversed(child))


def _html_date(title: str, state: _HtmlState) -> datetime | None:
    """A date title: `dd.mm.yyyy hh:mm:ss`, then maybe ` UTC+hh:mm` or a zone abbreviation;
    with no zone (or one not known) the time is taken as UTC."""
    match = _HTML_DATE.fullmatch(title.strip())
    if match is None:
        return None
    day, month, year, hour, minute, second, zone_text = match.groups()
    zone: tzinfo = UTC
    if zone_text:
        zone_text = zone_text.strip()
        offset = _OFFSET.fullmatch(zone_text)
        if offset:
            minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
            zone = timezone(timedelta(minutes=-minutes if offset.group(1) == "-" else minutes))
        elif zone_text.upper() in _ZONES:
            zone = timezone(timedelta(minutes=_ZONES[zone_text.upper()]))
    try:
        when = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone
        )
    except ValueError:
        return None
    state.zone = zone
    return when.astimezone(UTC)


def _html_name(el: Any) -> tuple[str, str | None]:
    """A `from_name` block's name (its date and other details left out) and `via @bot`."""
    pieces = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not _classes(child) & {"details", "date"}:
            pieces.append(_content(child))
        pieces.append(child.tail or "")
    name = _squash("".join(pieces))
    match = _VIA.fullmatch(name)
    if match:
        return match.group(1), match.group(2)
    return name, None


def _html_text(el: Any) -> tuple[str, tuple[Entity, ...]]:
    """A `text` block as plain text (`<br>` a newline, markup dropped) and its link entities."""
    out: list[str] = []
    links: list[tuple[int, int, Any]] = []
    size = 0

    def walk(node: Any) -> None:
        nonlocal size
        if node.text:
            out.append(node.text)
            size += len(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    out.append("\n")
                    size += 1
                else:
                    start = size
                    walk(child)
                    if child.tag == "a":
                        links.append((start, size, child))
            if child.tail:
                out.append(child.tail)
                size += len(child.tail)

    walk(el)
    raw = "".join(out)
    # The exporter puts each text on its own lines; Telegram trims messages, so trim too.
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    entities = []
    for start, end, link in links:
        start, end = max(start - lead, 0), min(end - lead, len(text))
        if end <= start:
            continue
        shown = text[start:end]
        kind, url = _link_kind(link, shown)
        if kind is not None:
            entities.append(Entity(kind, _utf16(text[:start]), _utf16(shown), url))
    return text, tuple(entities)


def _link_kind(link: Any, shown: str) -> tuple[str | None, str | None]:
    """The entity a link of an HTML text stands for, and its url for a `text_link`."""
    href = (link.get("href") or "").strip()
    onclick = link.get("onclick") or ""
    for marker, kind in (
        ("ShowHashtag", "hashtag"),
        ("ShowCashtag", "cashtag"),
        ("ShowBotCommand", "bot_command"),
        ("ShowMentionName", "text_mention"),
        ("ShowNotLoadedEmoji", "custom_emoji"),
    ):
        if marker in onclick:
            return kind, None
    if href.startswith("mailto:"):
        return "email", None
    if href.startswith("tel:"):
        return "phone_number", None
    if href.startswith("tg://"):
        return "text_mention", None
    if shown.startswith("@"):
        return "mention", None
    if not href:
        return None, None
    if _same_address(shown, href):
        return "url", None
    if "://" in href:
        return "text_link", href
    # A relative path to a downloaded file: a custom emoji drawn from a sticker.
    return "custom_emoji", None


def _same_address(shown: str, href: str) -> bool:
    """Whether a link shows its own address (a plain url), maybe cut short with `…`."""

    def bare(s: str) -> str:
        s = re.sub(r"^[a-z][a-z0-9+.-]*://", "", s.strip().lower())
        return s.removeprefix("www.").rstrip("/")

    text, target = bare(shown), bare(href)
    if not text:
        return False
    if text == target:
        return True
    return text.endswith("…") and target.startswith(text.rstrip("…"))


def _join_texts(texts: list[tuple[str, tuple[Entity, ...]]]) -> tuple[str, tuple[Entity, ...]]:
    """Texts of one message (its own and a forwarded one's), one per line."""
    if len(texts) == 1:
        return texts[0]
    out: list[str] = []
    entities: list[Entity] = []
    offset = 0
    for text, found in texts:
        if not text:
            continue
        if out:
            out.append("\n")
            offset += 1
        entities.extend(replace(e, offset=e.offset + offset) for e in found)
        out.append(text)
        offset += _utf16(text)
    return "".join(out), tuple(entities)


def _html_media(el: Any, classes: set[str]) -> str | None:
    """What an element of a message shows, in the JSON export's words, if it is media."""
    for cls, media in (
        ("photo_wrap", "photo"),
        ("sticker_wrap", "sticker"),
        ("animated_wrap", "animation"),
        ("video_file_wrap", "video_file"),
        ("media_voice_message", "voice_message"),
        ("media_audio_file", "audio_file"),
        ("media_file", "document"),
        ("media_location", "location"),
        ("media_live_location", "location"),
        ("media_venue", "venue"),
        ("media_contact", "contact"),
        ("media_game", "game"),
        ("media_invoice", "invoice"),
    ):
        if cls in classes:
            return media
    if classes & {"media_photo", "media_video"}:
        title = el.xpath('.//div[contains(@class, "title")]')
        shown = _squash(_content(title[0])).casefold() if len(title) else ""
        return {
            "sticker": "sticker",
            "animation": "animation",
            "video message": "video_message",
            "video file": "video_file",
        }.get(shown, "photo" if "media_photo" in classes else "video_file")
    return None


def _element_id(el: Any) -> int | None:
    match = _MESSAGE_ID.fullmatch(el.get("id") or "")
    return int(match.group(1)) if match else None


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def _content(el: Any) -> str:
    """All the text inside an element."""
    return "".join(el.itertext())


def _squash(text: str) -> str:
    return " ".join(text.split())
