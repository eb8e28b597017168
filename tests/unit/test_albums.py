"""The in-memory record of recent albums: what a removed post's other messages are, bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.albums import PER_ALBUM, Albums

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_condemned_album_takes_its_messages_before_and_after() -> None:
    albums = Albums()
    assert not albums.arrived(-1, "a", 1, NOW)
    assert not albums.arrived(-1, "a", 2, NOW)
    assert not albums.arrived(-1, "b", 9, NOW)  # another post
    assert not albums.arrived(-2, "a", 5, NOW)  # the same id in another chat
    assert albums.condemn(-1, "a", 2, NOW) == [1]
    assert albums.condemn(-1, "a", 2, NOW) == []  # each message is handed out once
    assert albums.arrived(-1, "a", 3, NOW + timedelta(seconds=2))
    assert not albums.arrived(-1, "b", 10, NOW)
    assert not albums.arrived(-2, "a", 6, NOW)


def test_the_record_is_bounded_and_forgets() -> None:
    albums = Albums(keep=timedelta(minutes=1), per_chat=4, chats=3)
    for chat in range(10):
        for album in range(10):
            for message in range(PER_ALBUM + 5):
                albums.arrived(-chat, str(album), message, NOW)
    assert len(albums) <= 3 * 4
    albums.condemn(-9, "9", 0, NOW)
    assert not albums.arrived(-9, "9", 99, NOW + timedelta(minutes=2))  # forgotten since
    assert len(albums.condemn(-9, "8", 0, NOW)) <= PER_ALBUM
