"""Pure parsing for moderator commands: durations, targets, and the warning ladder."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Literal

# Telegram treats restrictions shorter than 30 s or longer than 366 days as forever, so lengths
# outside that window are clamped to it (and the moderator is told) rather than sent as written.
MIN_DURATION = timedelta(seconds=30)
MAX_DURATION = timedelta(days=366)
# Telegram measures the window from when the request arrives, and the Bot API takes whole
# seconds (python-telegram-bot truncates), so the end date sent keeps this far inside it.
SEND_MARGIN = timedelta(seconds=5)

_MAX_DIGITS = 7
_MINUTE, _HOUR, _DAY = 60, 3600, 86400
_UNIT_WORDS: dict[int, tuple[str, ...]] = {
    1: ("s", "sec", "secs", "second", "seconds", "с", "сек", "секунд", "секунда", "секунды",
        "секунду", "秒", "秒钟"),
    _MINUTE: ("m", "min", "mins", "minute", "minutes", "м", "мин", "минут", "минута", "минуты",
              "минуту", "分", "分钟"),
    _HOUR: ("h", "hr", "hrs", "hour", "hours", "ч", "час", "часа", "часов", "часы", "小时", "时",
            "个小时", "钟头", "个钟头"),
    _DAY: ("d", "day", "days", "д", "дн", "день", "дня", "дней", "сут", "сутки", "суток", "天",
           "日"),
    7 * _DAY: ("w", "wk", "wks", "week", "weeks", "н", "нед", "неделя", "недели", "недель",
               "неделю", "周", "星期", "个星期", "礼拜", "个礼拜"),
    30 * _DAY: ("mo", "mon", "month", "months", "мес", "месяц", "месяца", "месяцев", "月",
                "个月"),
    365 * _DAY: ("y", "yr", "yrs", "year", "years", "год", "года", "лет", "年"),
}  # fmt: skip
_UNITS = {word: size for size, words in _UNIT_WORDS.items() for word in words}
_UNIT_RE = "|".join(re.escape(w) for w in sorted(_UNITS, key=len, reverse=True))
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
_ZH_POWERS = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMBER = "[零〇一二两三四五六七八九十百千万]+"
_NUMBER_RE = rf"\d+(?:[.,]\d+)?|[.,]\d+|{_ZH_NUMBER}|半"
_COMPONENT = re.compile(rf"\s*({_NUMBER_RE})\s*({_UNIT_RE})")
_COMPONENTS = re.compile(rf"(?:{_COMPONENT.pattern})+\.?")
_BARE_NUMBER = re.compile(rf"(?:{_NUMBER_RE})")
_UNIT_WORD = re.compile(rf"(?:{_UNIT_RE})\.?")
_SIGNS = "+-−–—"
_NEGATIVE = "-−–—"
_STARTS_LIKE_DURATION = re.compile(rf"^[{re.escape(_SIGNS)}]?[.,]?\d")
_FOREVER = frozenset({"forever", "perm", "permanent", "навсегда", "永久"})
_USERNAME = re.compile(r"^@([A-Za-z][A-Za-z0-9_]{2,31})$")
# Telegram user ids have up to 52 significant bits: 16 digits.
_USER_ID = re.compile(r"^\d{1,16}$")


@dataclass(frozen=True, slots=True)
class Duration:
    """A restriction length; `None` means forever. `clamped`: brought into Telegram's window."""

    length: timedelta | None
    clamped: bool = False

    @property
    def forever(self) -> bool:
        """Whether this lasts until lifted."""
        return self.length is None


@dataclass(frozen=True, slots=True)
class ParseError:
    """Why an argument was not understood: a catalogue key and the offending text."""

    key: str
    text: str


def _normal(token: str) -> str:
    # Full-width digits and letters become ASCII; case and spacing stop mattering.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", token).casefold())


def _zh_number(text: str) -> int | None:
    """三十 → 30, 两 → 2, 一百二十 → 120, 十五 → 15; None when malformed."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            if digit not in (None, 0):
                return None
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_POWERS:
            if digit is None and section == 0 and total == 0 and ch == "十":
                digit = 1
            if not digit:
                return None
            section += digit * _ZH_POWERS[ch]
            digit = None
        else:  # 万
            section += digit or 0
            if section == 0:
                return None
            total, section, digit = (total + section) * 10000, 0, None
    return total + section + (digit or 0)


def _number(text: str) -> Fraction | None:
    """A component's number, or None when unreadable or longer than seven digits."""
    if text == "半":
        return Fraction(1, 2)
    if text[0] in _ZH_DIGITS or text[0] in _ZH_POWERS or text[0] == "万":
        count = _zh_number(text)
        return None if count is None or count >= 10**_MAX_DIGITS else Fraction(count)
    whole, _, fraction = text.replace(",", ".").partition(".")
    if len(whole) > _MAX_DIGITS or len(fraction) > _MAX_DIGITS:
        return None
    value = Fraction(int(whole or "0"))
    if fraction:
        value += Fraction(int(fraction), 10 ** len(fraction))
    return value


def _decimal(text: str) -> bool:
    return text == "半" or "." in text or "," in text


def _seconds(body: str) -> Fraction | None:
    """`1h30m`, `1.5h`, `2天3小时`, `90мин` in seconds; None when not a duration."""
    if _COMPONENTS.fullmatch(body) is None:
        return None
    parts = _COMPONENT.findall(body.removesuffix("."))
    seen: set[int] = set()
    total = Fraction(0)
    for number, unit in parts:
        size = _UNITS[unit]
        value = _number(number)
        if value is None or size in seen or (len(parts) > 1 and _decimal(number)):
            return None
        seen.add(size)
        total += value * size
    return total


def parse_duration(token: str) -> Duration | ParseError:
    """A duration as moderators write it, or a ParseError naming what is wrong.

    `30s`, `10m`, `2h`, `3d`, `1w`, `1mo`, `1h30m`, `1.5h`, `90мин`, `1ч30м`, `2天3小时`, `半小时`,
    or forever (`forever`, `perm`, `навсегда`, `永久`). Negative, zero, unitless, overlong and
    unreadable values are refused; lengths outside Telegram's 30 s to 366 days are clamped.
    """
    word = _normal(token)
    if word in _FOREVER:
        return Duration(None)
    negative = word[:1] != "" and word[0] in _NEGATIVE
    body = word[1:] if word[:1] != "" and word[0] in _SIGNS else word
    if _BARE_NUMBER.fullmatch(body):
        value = _number(body)
        if value is None:
            return ParseError("bad_duration", token)
        if negative and value:
            return ParseError("duration_negative", token)
        return ParseError("duration_zero" if value == 0 else "duration_needs_unit", token)
    seconds = _seconds(body)
    if seconds is None or seconds.denominator != 1:
        return ParseError("bad_duration", token)
    if negative:
        return ParseError("duration_negative", token)
    if seconds == 0:
        return ParseError("duration_zero", token)
    length = timedelta(seconds=int(seconds))
    if length < MIN_DURATION:
        return Duration(MIN_DURATION, clamped=True)
    if length > MAX_DURATION:
        return Duration(MAX_DURATION, clamped=True)
    return Duration(length)


def looks_like_duration(token: str) -> bool:
    """Whether a token is meant as a duration, so `10x` or `-5m` is an error, not a reason.

    Anything starting with a digit, a sign and a digit, or a decimal point is; so is a forever
    word and anything else that reads as a duration (`半小时`, `三十分钟`).
    """
    word = _normal(token)
    if word in _FOREVER or _STARTS_LIKE_DURATION.match(word):
        return True
    return isinstance(parse_duration(token), Duration)


def _ends_in_number(token: str) -> bool:
    return re.search(rf"(?:{_NUMBER_RE})$", _normal(token)) is not None


def _is_unit(token: str) -> bool:
    return _UNIT_WORD.fullmatch(_normal(token)) is not None


def _take_duration(rest: list[str]) -> str:
    """Pop the duration's words: `10 минут`, `1h 30m`, `1 h 30 min` read as one duration."""
    words = [rest.pop(0)]
    while rest:
        if _ends_in_number(words[-1]) and _is_unit(rest[0]):
            words.append(rest.pop(0))
        elif _ends_in_number(words[-1]):
            break
        elif _COMPONENTS.fullmatch(_normal(rest[0])):
            words.append(rest.pop(0))
        elif len(rest) > 1 and _BARE_NUMBER.fullmatch(_normal(rest[0])) and _is_unit(rest[1]):
            words += [rest.pop(0), rest.pop(0)]
        else:
            break
    return " ".join(words)


def until_from(now: datetime, length: timedelta) -> datetime:
    """The end date to send Telegram, kept inside its window so it is never read as forever."""
    low, high = MIN_DURATION + SEND_MARGIN, MAX_DURATION - SEND_MARGIN
    return now + min(max(length, low), high)


@dataclass(frozen=True, slots=True)
class TargetRef:
    """Who a command is aimed at, as the moderator wrote it."""

    kind: Literal["reply", "username", "id"]
    username: str | None = None
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class CommandArgs:
    """A command's arguments split into target, duration and reason."""

    target: TargetRef | None
    duration: Duration | None
    reason: str


def split_args(
    args: list[str], *, has_reply: bool, takes_duration: bool
) -> CommandArgs | ParseError:
    """Split `[target] [duration] [reason...]`; a replied-to message is the target when given.

    A @username typed in a reply names the target all the same: an admin answering "@carol is
    spamming" with `/ban @carol` means carol, not the member who reported her. (A number in a
    reply stays a duration: `/mute 30m`.)
    """
    rest = list(args)
    target: TargetRef | None = None
    if has_reply and rest and (m := _USERNAME.fullmatch(rest[0])) is not None:
        target = TargetRef("username", username=m.group(1))
        rest.pop(0)
    elif has_reply:
        target = TargetRef("reply")
    elif rest:
        first = rest[0]
        if (m := _USERNAME.fullmatch(first)) is not None:
            target = TargetRef("username", username=m.group(1))
            rest.pop(0)
        elif _USER_ID.fullmatch(first):
            target = TargetRef("id", user_id=int(first))
            rest.pop(0)
        elif first.startswith("@"):
            return ParseError("bad_username", first)
    duration: Duration | None = None
    if takes_duration and rest and looks_like_duration(rest[0]):
        parsed = parse_duration(_take_duration(rest))
        if isinstance(parsed, ParseError):
            return parsed
        duration = parsed
    reason = " ".join(rest).strip()
    if len(reason) > 500:
        reason = reason[:499] + "…"
    return CommandArgs(target=target, duration=duration, reason=reason)


WarnAction = Literal["none", "mute", "kick", "ban"]


@dataclass(frozen=True, slots=True)
class WarnOutcome:
    """What a new warning leads to."""

    count: int
    limit: int
    action: WarnAction
    reset: bool


def warn_outcome(count: int, limit: int, at_limit: WarnAction) -> WarnOutcome:
    """At the limit the configured action happens and the count starts again."""
    limit = max(1, limit)
    if count >= limit and at_limit != "none":
        return WarnOutcome(count=count, limit=limit, action=at_limit, reset=True)
    return WarnOutcome(count=count, limit=limit, action="none", reset=False)


UNITS = ("w", "d", "h", "m", "s")


def format_duration(
    length: timedelta | None, units: tuple[str, ...] = UNITS, forever: str = "forever"
) -> str:
    """A compact duration like `2h` or `1w 3d`; `forever` for None. `units` name a week, day,
    hour, minute and second in the reader's language ("нед дн ч мин с")."""
    if length is None:
        return forever
    seconds = int(length.total_seconds())
    parts: list[str] = []
    for unit, size in zip(units, (604800, 86400, 3600, 60, 1), strict=True):
        if seconds >= size:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return " ".join(parts[:2]) or f"0{units[-1]}"
