"""Telegram Desktop's `result.json` (one chat, or a whole account's `chats.list` and
`left_chats.list`), read as a stream of events with ijson: nothing is loaded whole."""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from bot.replay.records import (
    CHANNEL_TYPES,
    GROUP_TYPES,
    PERSONAL_TYPES,
    ChatExport,
    Entity,
    ExportError,
    PeerKind,
    Record,
    _matches,
    _Tally,
    _utf16,
)

log = logging.getLogger(__name__)

_CHAT_ITEMS = ("chats.list.item", "left_chats.list.item")

# JSON entity types with another name in the Bot API (the names the policies see).
_ENTITY_NAMES = {"link": "url", "phone": "phone_number", "mention_name": "text_mention"}


class _ValidUtf8:
    """A binary file read as UTF-8 with every invalid byte replaced by U+FFFD: the JSON parser
    stops at the first one, and a single bad byte (a copy gone wrong) dropped every message
    after it as a "truncated file". HTML exports are read the same way."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        # utf-8-sig: a byte-order mark (an export saved by a Windows editor) is read as none.
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")

    def read(self, size: int = -1) -> bytes:
        while True:
            chunk = self._raw.read(size)
            text = self._decoder.decode(chunk, final=not chunk)
            if text or not chunk:
                return text.encode("utf-8")

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> _ValidUtf8:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _open_valid(path: Path) -> _ValidUtf8:
    return _ValidUtf8(path.open("rb"))


def _json_chats(path: Path, chat: str | None) -> Iterator[ChatExport]:
    """Chats of a `result.json`, found in one pass over its events."""
    header: dict[str, Any] = {}
    current: dict[str, Any] = {}
    index = {"chats": -1, "left_chats": -1}
    layout: str | None = None
    with _open_valid(path) as fh:
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
                raise ExportError(f"{path}: not a Telegram export ({_one_line(e)})") from e
            log.warning(
                "%s: JSON ends early (%s): chats after this point are missing", path, _one_line(e)
            )
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
    elif kind not in GROUP_TYPES | CHANNEL_TYPES | PERSONAL_TYPES or not _matches(
        chat, name, chat_id
    ):
        return None  # (a personal chat named is handed on: the command says why it is not read)
    return ChatExport(
        name,
        kind,
        chat_id,
        f"{path}#{section}[{index}]",
        lambda tally: _account_stream(path, section, index, tally),
    )


def _single_stream(path: Path, tally: _Tally) -> Iterator[Record]:
    with _open_valid(path) as fh:
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

    with _open_valid(path) as fh:
        yield from _json_records(ijson.items(events(fh), f"{item}.messages.item"), tally)


def _one_line(error: BaseException) -> str:
    """The parser's error as one short line: yajl's message is bytes spread over several lines
    with a diagram ("(right here) ------^") and the bytes around the fault."""
    text = str(error)
    if text.startswith(("b'", 'b"')):
        text = text[2:-1].encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")
    first = text.strip().splitlines()[0] if text.strip() else "unreadable"
    printable = "".join(ch if ch.isprintable() else " " for ch in first)
    return " ".join(printable.split())[:120]


def _json_records(items: Iterator[Any], tally: _Tally) -> Iterator[Record]:
    """Records of raw JSON messages; a file that ends early ends the stream, counted."""
    try:
        for raw in items:
            record = _json_record(raw, tally)
            if record is not None:
                yield record
    except ijson.JSONError as e:
        tally.error = f"JSON ends early: {_one_line(e)}"
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
