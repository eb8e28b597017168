"""Entities as Telegram's servers attach them to user messages, with UTF-16 offsets."""

from __future__ import annotations

import re
from typing import Any

# Checked in this order; a later match that overlaps an earlier one is dropped.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    (
        "url",
        re.compile(
            r"(?<![\w@/.])(?:https?://)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
            r"[A-Za-z]{2,24}(?::\d{2,5})?(?:/[^\s]*)?",
            re.IGNORECASE,
        ),
    ),
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
    ("cashtag", re.compile(r"(?<![\w$])\$[A-Z]{1,8}(?![\w])")),
    ("phone_number", re.compile(r"(?<![\w+])\+\d[\d\s().-]{6,16}\d")),
)
# Domains need a real-looking top-level domain: "e.g." or "v1.2" are not links.
_TLD = re.compile(r"\.(?:[a-z]{2,24})(?::\d+)?(?:/|$)", re.IGNORECASE)


def utf16_len(text: str) -> int:
    """Length of text in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def parse_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram would detect in a user's text, sorted by offset."""
    if not text:
        return []
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            value = match.group(0).rstrip(".,;:!?)»\"'")
            end = start + len(value)
            if end <= start:
                continue
            if kind == "url" and not _TLD.search(value.split("?", 1)[0] + "/"):
                continue
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append((start, end, kind))
    found.sort()
    return [
        {"type": kind, "offset": utf16_len(text[:start]), "length": utf16_len(text[start:end])}
        for start, end, kind in found
    ]


def entity_text(text: str, entity: dict[str, Any]) -> str:
    """The slice of text an entity covers (UTF-16 aware)."""
    data = text.encode("utf-16-le")
    start = entity["offset"] * 2
    return data[start : start + entity["length"] * 2].decode("utf-16-le")
