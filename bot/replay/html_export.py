"""Telegram Desktop's HTML export (`messages.html`, `messages2.html`, ... in page order), read one
page at a time with lxml. HTML names senders but never numbers them: their ids are pseudo ids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from lxml import etree

from bot.replay.records import (
    ChatExport,
    Entity,
    ExportError,
    Record,
    _matches,
    _Tally,
    _utf16,
    pseudo_id,
)

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

_PAGE = re.compile(r"messages(\d*)\.html", re.IGNORECASE)
# What HTML collapses into one space (not U+00A0, the no-break space a text may hold).
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
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


def _cut_short(page: Path) -> bool:
    """Whether a page stops before its end (a copy interrupted): Telegram ends each with
    </html>, and the parser would read what is there without a word."""
    with page.open("rb") as f:
        f.seek(max(0, page.stat().st_size - 512))
        return b"</html>" not in f.read().lower()


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
    if not len(header) and not len(root.xpath('//div[contains(@class, "history")]')):
        # Any saved web page named messages.html: replayed, it read as a chat that said nothing.
        raise ExportError(f"{pages[0]}: not a Telegram export (no chat history on the page)")
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
        if _cut_short(page):
            tally.error = f"{page.name}: cut short (the page does not end as Telegram ends it)"
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
    """A `text` block as plain text, read as a browser shows it: each run of the page's
    whitespace (the exporter wraps and indents long texts) one space, `<br>` a newline (the
    exporter writes a text's own line breaks so), a `<pre>` block as it is; markup dropped.
    With its link entities."""
    out: list[str] = []
    links: list[tuple[int, int, Any]] = []
    size = 0
    space = False  # a collapsed space not yet written: dropped at a line's end

    def put(piece: str) -> None:
        nonlocal size, space
        if space and out and not out[-1].endswith("\n"):
            out.append(" ")
            size += 1
        space = False
        out.append(piece)
        size += len(piece)

    def words(piece: str | None, pre: bool) -> None:
        nonlocal space
        if not piece:
            return
        if pre:
            put(piece)
            return
        for n, word in enumerate(_HTML_SPACE.split(piece)):
            space = space or n > 0
            if word:
                put(word)

    def walk(node: Any, pre: bool) -> None:
        nonlocal size, space
        words(node.text, pre)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    space = False
                    out.append("\n")
                    size += 1
                else:
                    if space and child.tag == "a":
                        put("")  # the space before a link is not part of it
                    start = size
                    walk(child, pre or child.tag == "pre")
                    if child.tag == "a":
                        links.append((start, size, child))
            words(child.tail, pre)

    walk(el, False)
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
