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

from collections.abc import Iterator
from pathlib import Path

from bot.replay.html_export import _html_chats, _html_pages
from bot.replay.json_export import _json_chats
from bot.replay.records import (
    CHANNEL_TYPES,
    GROUP_TYPES,
    PSEUDO_ID_MIN,
    ChatExport,
    Entity,
    ExportError,
    PeerKind,
    Record,
    RecordKind,
    in_time_order,
    pseudo_id,
)

__all__ = [
    "CHANNEL_TYPES",
    "GROUP_TYPES",
    "PSEUDO_ID_MIN",
    "ChatExport",
    "Entity",
    "ExportError",
    "PeerKind",
    "Record",
    "RecordKind",
    "in_time_order",
    "open_export",
    "pseudo_id",
]


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
