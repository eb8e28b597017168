"""Albums: the messages of one post, which Telegram delivers one photo (or video) at a time.

An album of three photos arrives as three messages sharing a `media_group_id`, as separate
updates within a second or two; its caption rides on one of them (usually the first). When
Steward removes that one as an ad, the rest of the post is the same ad and goes too: those seen
before it are removed at once, those arriving after it as they arrive.

A moderator's /spam in reply to one photo of an album takes the rest of it too.

This is a small in-memory record per chat (no store query per message): each chat's last few
albums, with their message ids, forgotten an hour after their last message. A process that
restarts between an album's messages, or a second worker that gets some of them, leaves those
up (rare, and no worse than before).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

# How long an album is remembered after its last message: its messages arrive within seconds,
# but a moderator's /spam in reply to one of its photos comes minutes later (and takes the rest).
KEEP = timedelta(hours=1)
# Albums remembered per chat, and chats remembered (the least recently active go first).
PER_CHAT = 16
CHATS = 10_000
# Telegram's largest album.
PER_ALBUM = 10
# How the reason of the event about an album's removed message says the rest went with it.
_NOTE = "; album: "


def with_album_note(reason: str, removed: int) -> str:
    """An event's reason, saying that `removed` more messages of its album went with it (in
    place of what it said so before)."""
    head = reason.split(_NOTE, 1)[0]
    return f"{head}{_NOTE}{removed} more message{'' if removed == 1 else 's'} removed"


def album_note(reason: str) -> str:
    """The album part of an event's reason ("" when it has none), to keep when it is rewritten."""
    cut = reason.find(_NOTE)
    return reason[cut:] if cut >= 0 else ""


class _Album:
    __slots__ = ("condemned", "ids", "lead", "removed", "seen_at")

    def __init__(self, seen_at: datetime) -> None:
        self.seen_at = seen_at
        self.ids: list[int] = []
        self.condemned = False
        # The message whose removal condemned the album (its event speaks for the post), and
        # how many of the album's other messages were removed with it.
        self.lead: int | None = None
        self.removed = 0


class Albums:
    """Recent albums per chat: their message ids, and whether one of them was removed."""

    def __init__(
        self, *, keep: timedelta = KEEP, per_chat: int = PER_CHAT, chats: int = CHATS
    ) -> None:
        self._keep = keep
        self._per_chat = per_chat
        self._chats_max = chats
        self._chats: OrderedDict[int, OrderedDict[str, _Album]] = OrderedDict()

    def arrived(self, chat_id: int, album_id: str, message_id: int, now: datetime) -> bool:
        """Note a message of an album. True when its album was condemned already: the message
        is the rest of a removed post and goes too."""
        album = self._album(chat_id, album_id, now)
        album.seen_at = now
        if not album.condemned and len(album.ids) < PER_ALBUM and message_id not in album.ids:
            album.ids.append(message_id)
        return album.condemned

    def condemn(self, chat_id: int, album_id: str, message_id: int, now: datetime) -> list[int]:
        """A message of this album was removed: the album is condemned (its messages still to
        come are removed as they arrive), and the ids of its other messages seen so far are
        returned, to remove now (each once)."""
        album = self._album(chat_id, album_id, now)
        album.seen_at = now
        album.condemned = True
        if album.lead is None:
            album.lead = message_id
        others = [i for i in album.ids if i != message_id]
        album.ids = []
        return others

    def removed(
        self, chat_id: int, album_id: str, n: int, now: datetime
    ) -> tuple[int | None, int]:
        """`n` more messages of a condemned album were removed: the message whose removal
        condemned it (None if forgotten), and how many of the others are removed so far."""
        album = self._album(chat_id, album_id, now)
        album.removed += n
        return album.lead, album.removed

    def __len__(self) -> int:
        return sum(len(albums) for albums in self._chats.values())

    def _album(self, chat_id: int, album_id: str, now: datetime) -> _Album:
        albums = self._chats.get(chat_id)
        if albums is None:
            albums = self._chats[chat_id] = OrderedDict()
            while len(self._chats) > self._chats_max:
                self._chats.popitem(last=False)
        else:
            self._chats.move_to_end(chat_id)
            self._forget_old(albums, now)
        album = albums.get(album_id)
        if album is None:
            album = albums[album_id] = _Album(now)
            while len(albums) > self._per_chat:
                albums.popitem(last=False)
        else:
            albums.move_to_end(album_id)
        return album

    def _forget_old(self, albums: OrderedDict[str, _Album], now: datetime) -> None:
        """Drop a chat's albums whose last message is older than `keep` (they are kept in the
        order they were last touched: the oldest come first)."""
        while albums:
            key, album = next(iter(albums.items()))
            if now - album.seen_at <= self._keep:
                return
            del albums[key]
