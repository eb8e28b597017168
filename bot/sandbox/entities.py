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


class ParseError(ValueError):
    """Markup Telegram refuses; its text follows "can't parse entities: " in the answer."""


# Tags Telegram's HTML parse mode knows; anything else is refused.
_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_HTML_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
}
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = frozenset(" \t\r\n\v\0")


def _reference(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the character reference at text[pos] == "&": (character, next position) or None.

    Telegram knows numeric references and only &lt; &gt; &amp; &quot; by name; the closing
    semicolon is optional. Anything else is kept as written.
    """
    end = pos + 1
    if text[end : end + 1] == "#":
        end += 1
        hexadecimal = text[end : end + 1] == "x"
        if hexadecimal:
            end += 1
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        start = end
        while end < len(text) and text[end] in digits:
            end += 1
            if int(text[start:end], 16 if hexadecimal else 10) >= 0x10FFFF:
                return None
        code = int(text[start:end], 16 if hexadecimal else 10) if end > start else 0
        if code == 0 or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED_REFERENCES.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if text[end : end + 1] == ";":
        end += 1
    return char, end


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Text and entities as Telegram renders a parse_mode=HTML message; ParseError if refused.

    Follows the Bot API server's parser: the same tags, attributes and error descriptions, byte
    offsets in UTF-8 and entity offsets in UTF-16.
    """

    def at(i: int) -> str:
        return text[i] if i < len(text) else "\0"

    def byte_offset(i: int) -> int:
        return len(text[:i].encode("utf-8"))

    out: list[str] = []
    length = 0  # UTF-16 length of out
    # Open tags: (name, argument, UTF-16 offset where its text starts).
    stack: list[tuple[str, str, int]] = []
    found: list[dict[str, Any]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "&":
            decoded = _reference(text, i)
            if decoded is not None:
                out.append(decoded[0])
                length += utf16_len(decoded[0])
                i = decoded[1]
                continue
        if c != "<":
            out.append(c)
            length += utf16_len(c)
            i += 1
            continue
        begin = i
        i += 1
        if at(i) != "/":
            while at(i) not in _SPACES and at(i) != ">":
                i += 1
            if i >= len(text):
                raise ParseError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
            tag = text[begin + 1 : i].lower()
            if tag not in _HTML_TAGS:
                raise ParseError(
                    f'Unsupported start tag "{tag}" at byte offset {byte_offset(begin)}'
                )
            argument = ""
            while at(i) != ">":
                while i < len(text) and at(i) in _SPACES:
                    i += 1
                if at(i) == ">":
                    break
                name_start = i
                while at(i) not in _SPACES and at(i) not in "=>":
                    i += 1
                attribute = text[name_start:i]
                if not attribute:
                    raise ParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset '
                        f"{byte_offset(begin)}"
                    )
                while i < len(text) and at(i) in _SPACES:
                    i += 1
                if at(i) != "=":
                    if i >= len(text):
                        raise ParseError(
                            f'Unclosed start tag "{tag}" at byte offset {byte_offset(begin)}'
                        )
                    if tag == "blockquote" and attribute == "expandable":
                        argument = "1"
                    continue
                i += 1
                while i < len(text) and at(i) in _SPACES:
                    i += 1
                if i >= len(text):
                    raise ParseError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                value: list[str] = []
                if at(i) not in "'\"":
                    token_start = i
                    while at(i).isascii() and (at(i).isalnum() or at(i) in ".-"):
                        i += 1
                    value.append(text[token_start:i].lower())
                    if at(i) not in _SPACES and at(i) != ">":
                        raise ParseError(
                            f"Unexpected end of name token at byte offset "
                            f"{byte_offset(token_start)}"
                        )
                else:
                    quote = text[i]
                    i += 1
                    while i < len(text) and text[i] != quote:
                        if text[i] == "&":
                            decoded = _reference(text, i)
                            if decoded is not None:
                                value.append(decoded[0])
                                i = decoded[1]
                                continue
                        value.append(text[i])
                        i += 1
                    if at(i) == quote:
                        i += 1
                if i >= len(text):
                    raise ParseError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
                joined = "".join(value)
                if tag == "a" and attribute == "href":
                    argument = joined
                elif tag == "code" and attribute == "class" and joined.startswith("language-"):
                    argument = joined[len("language-") :]
                elif tag == "span" and attribute == "class" and joined.startswith("tg-"):
                    argument = joined[len("tg-") :]
                elif tag == "tg-emoji" and attribute == "emoji-id":
                    argument = joined
                elif tag == "blockquote" and attribute == "expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise ParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}'
                )
            stack.append((tag, argument, length))
            i += 1  # past ">"
            continue
        # An end tag.
        if not stack:
            raise ParseError(f"Unexpected end tag at byte offset {byte_offset(begin)}")
        while at(i) not in _SPACES and at(i) != ">":
            i += 1
        end_name = text[begin + 2 : i].lower()
        while i < len(text) and at(i) in _SPACES:
            i += 1
        if at(i) != ">":
            raise ParseError(f"Unclosed end tag at byte offset {byte_offset(begin)}")
        i += 1
        tag, argument, offset = stack.pop()
        if end_name and end_name != tag:
            raise ParseError(
                f"Unmatched end tag at byte offset {byte_offset(begin)}, "
                f'expected "</{tag}>", found "</{end_name}>"'
            )
        if length <= offset:
            continue  # empty entities are dropped
        entity: dict[str, Any] = {"offset": offset, "length": length - offset}
        if tag == "a":
            # Without href the link is its own text.
            url = argument or _tail_utf16("".join(out), offset)
            entity.update(type="text_link", url=url)
        elif tag == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=argument)
        elif tag == "blockquote":
            entity.update(type="expandable_blockquote" if argument else "blockquote")
        elif tag == "pre":
            last = found[-1] if found else None
            if (
                last is not None
                and last["type"] == "code"
                and last["offset"] == offset
                and last["length"] == entity["length"]
                and last.get("language")
            ):
                last["type"] = "pre"
                continue
            entity.update(type="pre")
        else:
            entity["type"] = _HTML_TYPES[tag]
            if tag == "code" and argument and stack and stack[-1][0] == "pre":
                entity["language"] = argument
        found.append(entity)
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    found.sort(key=lambda e: (e["offset"], -e["length"]))
    ordered = [{"type": e.pop("type"), **e} for e in found]
    return "".join(out), ordered


def _tail_utf16(text: str, offset: int) -> str:
    """The part of text from a UTF-16 offset on."""
    return text.encode("utf-16-le")[offset * 2 :].decode("utf-16-le")
