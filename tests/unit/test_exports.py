"""Reading Telegram Desktop exports: synthetic fixtures of every variant, the real exports in
`../shared/exports` (skipped when absent), and memory that stays flat on a large export."""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.replay import html_export
from bot.replay.exports import (
    PSEUDO_ID_MIN,
    ChatExport,
    Entity,
    ExportError,
    Record,
    in_time_order,
    open_export,
    pseudo_id,
)

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
SINGLE = FIXTURES / "single" / "result.json"
ACCOUNT = FIXTURES / "account.json"
HTML = FIXTURES / "html"
SHARED = Path(os.environ.get("STEWARD_SHARED", Path(__file__).resolve().parents[3] / "shared"))
REAL = SHARED / "exports"


def _utc(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def _one(path: Path, chat: str | None = None) -> ChatExport:
    chats = list(open_export(path, chat))
    assert len(chats) == 1, [c.name for c in chats]
    return chats[0]


def _by_id(path: Path) -> dict[int, Record]:
    return {r.id: r for r in _one(path).records()}


def _units(text: str, entity: Entity) -> str:
    """The text an entity covers, cut by UTF-16 offsets as Telegram counts them."""
    raw = text.encode("utf-16-le")
    return raw[2 * entity.offset : 2 * (entity.offset + entity.length)].decode("utf-16-le")


# ---------------------------------------------------------------------------------------------
# JSON, one chat

BOB, ANN = 102, 101

JSON_CASES: list[tuple[str, int, dict[str, Any]]] = [
    (
        "service with a negative id (basic group), `date` with no offset read as UTC",
        -5,
        {
            "kind": "service",
            "action": "join_group_by_link",
            "inviter": "Group",
            "from_id": ANN,
            "from_kind": "user",
            "from_name": "Ann",
            "date": _utc(2024, 3, 1, 9, 0, 0),
        },
    ),
    (
        "migration posted by the group itself",
        1,
        {
            "action": "migrate_from_group",
            "from_kind": "channel",
            "from_id": 1234567890,
            "title": "Sellers Corner",
        },
    ),
    (
        "date_unixtime wins over the local `date`",
        2,
        {"date": _utc(2024, 3, 1, 10, 46, 40), "text": "hello all", "entities": ()},
    ),
    (
        "text as a list, no text_entities; reply to a message not in the export; edited",
        3,
        {
            "text": "Buy at our shop 🙂 now @seller",
            "entities": (
                Entity("text_link", 7, 8, "https://shop.example/"),
                Entity("mention", 23, 7),
            ),
            "reply_to": 999,
            "edited": _utc(2024, 3, 1, 11, 30, 0),
            "from_name": "Bob",
            "from_id": BOB,
        },
    ),
    (
        "text_entities in UTF-16 units; plain parts are not entities; link is a url",
        4,
        {
            "text": "𝐁𝐢𝐠 sale t.me/x",
            "entities": (Entity("bold", 0, 6), Entity("url", 12, 6)),
        },
    ),
    (
        "deleted account: `from` null, `from_id` kept",
        5,
        {"from_name": None, "from_id": 103, "from_kind": "user", "text": "I am gone now"},
    ),
    (
        "a post by the group itself (channel id)",
        6,
        {"from_kind": "channel", "from_id": 1234567890, "from_name": "Sellers Corner"},
    ),
    (
        "a forwarded photo: the first of two records with this id",
        7,
        {
            "forwarded_from": "Deals Channel",
            "forwarded_from_id": 555,
            "forwarded_from_kind": "channel",
            "media": "photo",
            "text": "50% off",
        },
    ),
    ("an animation sent via a bot", 8, {"media": "animation", "via_bot": "@gif", "text": ""}),
    ("a poll", 9, {"media": "poll", "poll_question": "Which day?"}),
    (
        "invite: JSON names members (one deleted), so no ids",
        12,
        {"action": "invite_members", "member_names": ("Dee", None), "members": ()},
    ),
    (
        "joined by themselves: the actor's id is the member's",
        13,
        {"action": "invite_members", "member_names": ("Eve",), "members": (105,)},
    ),
    (
        "members null",
        14,
        {"action": "remove_members", "member_names": (), "members": ()},
    ),
    ("a pin names the pinned message", 15, {"action": "pin_message", "pinned": 3}),
    (
        "an old bare-number from_id is a user; unknown fields are ignored",
        16,
        {"from_id": 106, "from_kind": "user", "text": "numeric from_id"},
    ),
]


@pytest.mark.parametrize(
    ("case", "record_id", "expected"), JSON_CASES, ids=[c[0] for c in JSON_CASES]
)
def test_json_single_chat_records(case: str, record_id: int, expected: dict[str, Any]) -> None:
    """Each variant of a one-chat `result.json` reads as it should."""
    record = _by_id(SINGLE)[record_id]
    assert {k: getattr(record, k) for k in expected} == expected
    for entity in record.entities:
        assert _units(record.text, entity)


def test_json_single_chat_header_order_and_skips() -> None:
    """The chat as the export names it; records in file order; the malformed are counted."""
    chat = _one(SINGLE)
    assert (chat.name, chat.type, chat.id) == ("Sellers Corner", "private_supergroup", 1234567890)
    assert chat.bot_api_id == -1001234567890
    assert chat.source == str(SINGLE)
    records = list(chat.records())
    assert [r.id for r in records] == [-5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16]
    assert records[7].text == "50% off"  # the first record with id 7 is kept
    assert chat.skipped == 5
    assert chat.skip_reasons == {
        "repeated id": 1,
        "no date": 1,
        "no id": 1,
        "not an object": 1,
        "unknown type": 1,
    }
    assert chat.read == len(records) and chat.error is None
    assert all(r.date.tzinfo is not None for r in records)
    # A second pass counts afresh.
    assert len(list(chat.records())) == len(records) and chat.skipped == 5


def test_json_folder_and_chat_filter() -> None:
    """A folder holding result.json is the same export; `chat` keeps it only when it names it."""
    assert _one(SINGLE.parent).name == "Sellers Corner"
    for name in ("sellers corner", "1234567890", "-1001234567890"):
        assert _one(SINGLE, name).id == 1234567890
    assert list(open_export(SINGLE, "another chat")) == []


def test_json_truncated_file_ends_the_stream_counted(tmp_path: Path) -> None:
    """A file cut short yields what came before the cut, says so, and raises nothing."""
    text = SINGLE.read_text(encoding="utf-8")
    cut = tmp_path / "result.json"
    cut.write_text(text[: text.index('"id": 9,')], encoding="utf-8")
    chat = _one(cut)
    ids = [r.id for r in chat.records()]
    assert ids == [-5, 1, 2, 3, 4, 5, 6, 7, 8]
    assert chat.error is not None and chat.skip_reasons.get("truncated file") == 1


# ---------------------------------------------------------------------------------------------
# JSON, a whole account

ACCOUNT_CASES: list[tuple[str | None, list[str]]] = [
    (None, ["Sellers Corner", "Family", "Old Market"]),  # groups only, left chats too
    ("-1001234567890", ["Sellers Corner"]),
    ("1234567890", ["Sellers Corner"]),
    ("FAMILY", ["Family"]),
    ("4242", ["Family"]),
    ("old market", ["Old Market"]),
    ("Deals Channel", ["Deals Channel"]),  # a channel, named
    # Personal chats are never replayed; named, they are handed on so the command says why.
    ("alice", ["Alice"]),
    ("helper bot", ["Helper Bot"]),
    ("not a chat", []),  # a contact's name is not a chat
]


@pytest.mark.parametrize(("chat", "names"), ACCOUNT_CASES)
def test_account_export_chats(chat: str | None, names: list[str]) -> None:
    """Groups and supergroups of `chats.list` and `left_chats.list`, or the one named."""
    assert [c.name for c in open_export(ACCOUNT, chat)] == names


def test_account_export_records_stay_in_their_chat() -> None:
    """Each chat streams its own messages only, even when its name comes after them."""
    chats = {c.name: c for c in open_export(ACCOUNT)}
    family = chats["Family"]
    assert (family.type, family.id, family.bot_api_id) == ("private_group", 4242, -4242)
    assert [(r.id, r.text) for r in family.records()] == [
        (7, "dinner at 7"),
        (8, "no author, no problem"),
    ]
    assert family.skipped == 1
    sellers = list(chats["Sellers Corner"].records())
    assert [r.id for r in sellers] == [100, 101]
    assert sellers[1].entities == (Entity("url", 4, 17),)
    assert [r.text for r in chats["Old Market"].records()] == ["bye"]
    assert chats["Old Market"].source.endswith("#left_chats[0]")


# ---------------------------------------------------------------------------------------------
# HTML

ANN_ID, BOB_ID, EVE_ID = pseudo_id("Ann"), pseudo_id("Bob"), pseudo_id("Eve")

HTML_CASES: list[tuple[str, int, dict[str, Any]]] = [
    (
        "a service line before any message: midnight of its day heading, in the zone found next",
        1,
        {
            "kind": "service",
            "action": "join_group_by_link",
            "from_name": "Ann",
            "from_id": ANN_ID,
            "inviter": "Group",
            "date": _utc(2024, 2, 29, 21, 0, 0),
        },
    ),
    (
        "links in UTF-16 offsets: text_link, mention, url, hashtag; <br> a newline; +03:00",
        2,
        {
            "text": "Hi all, see this deal & @seller 🙂\nAlso https://example.org/ #sale",
            "entities": (
                Entity("text_link", 12, 9, "https://shop.example/deal"),
                Entity("mention", 24, 7),
                Entity("url", 40, 20),
                Entity("hashtag", 61, 5),
            ),
            "date": _utc(2024, 3, 1, 7, 15, 0),
            "from_kind": "unknown",
        },
    ),
    (
        "a joined message keeps the sender; reply id from the link",
        3,
        {"from_name": "Ann", "from_id": ANN_ID, "reply_to": 2, "text": "second line from Ann"},
    ),
    (
        "an invite of several, one deleted: names, and pseudo ids of the known",
        4,
        {
            "action": "invite_members",
            "member_names": ("Bob", "Cid", None),
            "members": (BOB_ID, pseudo_id("Cid")),
            "date": _utc(2024, 3, 1, 7, 16, 0),
        },
    ),
    (
        "no offset in the title: UTC; via a bot; an animation",
        5,
        {
            "date": _utc(2024, 3, 1, 8, 0, 0),
            "from_name": "Bob",
            "via_bot": "@gif",
            "media": "animation",
        },
    ),
    (
        "a zone abbreviation (EET); a deleted account; a forward (its own date left out)",
        6,
        {
            "date": _utc(2024, 3, 1, 7, 30, 0),
            "from_name": None,
            "from_id": None,
            "forwarded_from": "Deals Channel",
            "text": "Forwarded text",
        },
    ),
    (
        "a message its markup left open keeps only its own content",
        7,
        {"text": "Pick one below", "media": None, "poll_question": None},
    ),
    (
        "the message nested in it reads as its own",
        8,
        {"from_id": EVE_ID, "media": "poll", "poll_question": "Which day?", "text": ""},
    ),
    (
        "a joined message at the top of the next page",
        10,
        {"from_name": "Eve", "from_id": EVE_ID, "text": "still Eve, on the next page"},
    ),
    (
        "removed",
        11,
        {"action": "remove_members", "member_names": ("Bob",), "members": (BOB_ID,)},
    ),
    ("pinned", 12, {"action": "pin_message", "pinned": 10, "from_id": EVE_ID}),
    ("title", 13, {"action": "edit_group_title", "title": "Sellers Corner 2"}),
    (
        "page 10 after page 2; UTC-05:00; astral text before a link; email; reply across pages",
        14,
        {
            "date": _utc(2024, 3, 2, 17, 0, 0),
            "text": "𝐁𝐢𝐠 deal cid@x.example",
            "entities": (
                Entity("text_link", 7, 4, "https://x.example/"),
                Entity("email", 12, 13),
            ),
            "reply_to": 11,
        },
    ),
    (
        "a service line after a day heading: that day's midnight in the last zone",
        15,
        {"action": "join_group_by_request", "date": _utc(2024, 3, 3, 5, 0, 0)},
    ),
]


@pytest.mark.parametrize(
    ("case", "record_id", "expected"), HTML_CASES, ids=[c[0] for c in HTML_CASES]
)
def test_html_records(case: str, record_id: int, expected: dict[str, Any]) -> None:
    """Each variant of an HTML export reads as it should."""
    record = _by_id(HTML)[record_id]
    assert {k: getattr(record, k) for k in expected} == expected


def test_html_export_header_pages_and_skips() -> None:
    """Name from the page header, pages in numeric order, day headings are not records."""
    chat = _one(HTML)
    assert (chat.name, chat.type, chat.id, chat.bot_api_id) == (
        "Sellers Corner 🛒",
        "unknown",
        None,
        None,
    )
    records = list(chat.records())
    assert [r.id for r in records] == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15]
    assert [r.kind for r in records].count("message") == 8
    assert chat.skip_reasons == {"no date": 2, "repeated id": 1}
    assert _one(HTML / "messages.html").name == chat.name
    assert _one(HTML, "SELLERS CORNER 🛒").name == chat.name
    assert list(open_export(HTML, "-1001234567890")) == []


def test_html_first_page_may_be_numbered(tmp_path: Path) -> None:
    """`messages1.html` comes before `messages2.html`; other files are not pages."""
    page = (HTML / "messages2.html").read_text(encoding="utf-8")
    (tmp_path / "messages2.html").write_text(page.replace('id="message', 'id="message9'), "utf-8")
    (tmp_path / "messages1.html").write_text(page, encoding="utf-8")
    (tmp_path / "messages_old.html").write_text("<html></html>", encoding="utf-8")
    ids = [r.id for r in _one(tmp_path).records()]
    assert ids[:2] == [10, 11] and ids[-1] == 913


DATE_CASES = [
    ("01.03.2024 10:15:00", _utc(2024, 3, 1, 10, 15, 0)),
    ("01.03.2024 10:15:00 UTC+03:00", _utc(2024, 3, 1, 7, 15, 0)),
    ("01.03.2024 10:15:00 UTC-05:30", _utc(2024, 3, 1, 15, 45, 0)),
    ("01.03.2024 10:15:00 UTC", _utc(2024, 3, 1, 10, 15, 0)),
    ("01.03.2024 10:15:00 UTC+05:45", _utc(2024, 3, 1, 4, 30, 0)),
    ("01.01.2024 00:00:07 EET", _utc(2023, 12, 31, 22, 0, 7)),
    ("01.03.2024 10:15:00 XYZT", _utc(2024, 3, 1, 10, 15, 0)),  # unknown zone: as UTC
    ("31.02.2024 10:15:00", None),
    ("10:15", None),
    ("", None),
]


@pytest.mark.parametrize(("title", "expected"), DATE_CASES)
def test_html_date_titles(title: str, expected: datetime | None) -> None:
    """Date titles with and without an offset or zone abbreviation, all in UTC."""
    assert html_export._html_date(title, html_export._HtmlState()) == expected


MEMBER_CASES = [
    ("Ann", "Ann", ("Ann",)),
    ("A, B and C", "X", ("A", "B", "C")),
    ("Deleted Account", None, (None,)),
    ("Suzat Fernandes, CFO", "Suzat Fernandes, CFO", ("Suzat Fernandes, CFO",)),
]


@pytest.mark.parametrize(("text", "actor", "names"), MEMBER_CASES)
def test_html_member_lists(text: str, actor: str | None, names: tuple[str | None, ...]) -> None:
    """`A, B and C` splits; the actor adding themselves keeps a name with commas whole."""
    assert html_export._member_names(text, actor) == names


# ---------------------------------------------------------------------------------------------
# Common


def test_not_an_export(tmp_path: Path) -> None:
    """What is not an export says so; nothing is half-read."""
    with pytest.raises(ExportError):
        list(open_export(tmp_path / "missing"))
    with pytest.raises(ExportError):
        list(open_export(tmp_path))
    junk = tmp_path / "result.json"
    junk.write_text("this is not json", encoding="utf-8")
    with pytest.raises(ExportError):
        list(open_export(junk))
    junk.write_text('{"about": "no chats here"}', encoding="utf-8")
    with pytest.raises(ExportError):
        list(open_export(junk))


def test_pseudo_ids_are_stable_and_apart_from_real_ids() -> None:
    """The same name, the same id, above every real Telegram id and within int64."""
    assert pseudo_id("Ann") == pseudo_id(" Ann ") == ANN_ID
    assert len({pseudo_id(f"user {i}") for i in range(10_000)}) == 10_000
    assert all(PSEUDO_ID_MIN <= pseudo_id(n) < 2**61 for n in ("Ann", "", "Ян 🌻"))
    assert PSEUDO_ID_MIN > 2**52


def _record(i: int, minute: int) -> Record:
    return Record(id=i, date=_utc(2024, 1, 1, 0, minute, 0), kind="message")


ORDER_CASES = [
    ("in order stays", [0, 1, 2, 3], 2, [0, 1, 2, 3]),
    ("a little out of order is fixed", [1, 0, 3, 2, 5, 4], 2, [0, 1, 2, 3, 4, 5]),
    ("ties keep file order", [5, 5, 1], 3, [1, 5, 5]),
    ("beyond the window it cannot be fixed", [9, 1, 2, 3, 0], 1, [1, 2, 3, 0, 9]),
]


@pytest.mark.parametrize(("case", "minutes", "window", "expected"), ORDER_CASES)
def test_in_time_order(case: str, minutes: list[int], window: int, expected: list[int]) -> None:
    """Re-ordered within a bounded window; equal dates in file order."""
    records = [_record(i, m) for i, m in enumerate(minutes)]
    ordered = list(in_time_order(iter(records), window=window))
    assert [r.date.minute for r in ordered] == expected
    if case == "ties keep file order":
        assert [r.id for r in ordered] == [2, 0, 1]


def test_reading_a_large_export_keeps_memory_flat(tmp_path: Path) -> None:
    """10,000 messages of 4 kB each (40 MB of text) stream in a few MB of Python memory."""
    path = tmp_path / "result.json"
    n, body = 10_000, "x" * 4000
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"name": "Big", "type": "public_supergroup", "id": 99, "messages": [\n')
        for i in range(n):
            fh.write(
                f'{"," if i else ""}{{"id": {i + 1}, "type": "message", '
                f'"date_unixtime": "{1_700_000_000 + (i ^ 7)}", "from_id": "user{i % 500}", '
                f'"text": ["{body} ", {{"type": "link", "text": "https://x.example/{i}"}}]}}\n'
            )
        fh.write("]}\n")
    start = time.perf_counter()
    tracemalloc.start()
    try:
        chat = _one(path)
        count = 0
        last = datetime.min.replace(tzinfo=UTC)
        for record in in_time_order(chat.records(), window=100):
            assert record.date >= last
            last = record.date
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == n and chat.skipped == 0
    assert peak < 30 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    assert time.perf_counter() - start < 10


# ---------------------------------------------------------------------------------------------
# The real exports in ../shared/exports


@dataclass(frozen=True)
class Stated:
    """What SOURCES.md says of one export."""

    messages: int
    first: date
    last: date


def _stated() -> dict[str, Stated]:
    """Per export name: its message count (not service lines) and date range."""
    out: dict[str, Stated] = {}
    text = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    for section in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        name = section.split("\n", 1)[0].strip().rstrip("/")
        line = re.search(r"^- messages: (.*)$", section, flags=re.MULTILINE)
        if line is None:
            continue
        json_count = re.search(r"\((\d+) messages, \d+ service\)", line.group(1))
        html_count = re.match(r"(\d+) in \d+ page", line.group(1))
        dates = re.search(r"dates (\d{4}-\d{2}-\d{2}) \.\. (\d{4}-\d{2}-\d{2})", line.group(1))
        count = json_count or html_count
        if count and dates:
            out[name] = Stated(
                int(count.group(1)),
                date.fromisoformat(dates.group(1)),
                date.fromisoformat(dates.group(2)),
            )
    return out


def _real_exports() -> list[Any]:
    if not REAL.is_dir():
        return [pytest.param(None, id="absent")]
    return [
        pytest.param(p, id=p.name)
        for p in sorted(REAL.iterdir())
        if (p.is_file() and p.suffix == ".json") or (p.is_dir() and any(p.glob("messages*.html")))
    ]


@pytest.mark.parametrize("path", _real_exports())
def test_real_export(path: Path | None) -> None:
    """Every real export reads whole: at least 90% of the messages SOURCES.md counts, dates in
    its range (a day's slack for time zones), few records skipped, no exception."""
    if path is None:
        pytest.skip(f"../shared/exports is absent ({REAL}): no real exports to read")
    stated = _stated().get(path.name)
    assert stated is not None, f"{path.name} is not described in SOURCES.md"
    chats = list(open_export(path))
    assert len(chats) == 1
    chat = chats[0]
    messages = 0
    low = datetime.combine(stated.first - timedelta(days=1), datetime.min.time(), UTC)
    high = datetime.combine(stated.last + timedelta(days=2), datetime.min.time(), UTC)
    for record in chat.records():
        assert record.date <= high, record
        if record.kind == "message":
            messages += 1
            assert record.date >= low, record
        assert record.date.utcoffset() == timedelta(0)
        for entity in record.entities:
            assert entity.offset >= 0 and entity.length > 0
            assert entity.offset + entity.length <= len(record.text.encode("utf-16-le")) // 2
    assert messages >= 0.9 * stated.messages, (messages, stated.messages)
    assert messages <= stated.messages
    assert chat.skipped <= max(10, messages // 100), chat.skip_reasons
    assert chat.error is None


def test_naming_a_personal_chat_of_an_account_export_says_it_is_personal(capsys) -> None:
    """`--chat Alice` said "no group chat named 'Alice'", as if there were none."""
    from bot.cli import main

    assert main(["replay", str(ACCOUNT), "--chat", "alice"]) == 2
    assert "«Alice» is a personal chat" in capsys.readouterr().err
