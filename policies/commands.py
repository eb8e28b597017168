"""Pure parsing for moderator commands: durations, targets, and the warning ladder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

# Telegram treats restrictions shorter than 30 s or longer than 366 days as forever.
MIN_DURATION = timedelta(seconds=30)
MAX_DURATION = timedelta(days=366)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"^(\d{1,7})([smhdw])$")
_FOREVER = frozenset({"forever", "perm", "permanent", "навсегда", "永久"})
_USERNAME = re.compile(r"^@([A-Za-z][A-Za-z0-9_]{2,31})$")
_USER_ID = re.compile(r"^\d{1,15}$")


@dataclass(frozen=True, slots=True)
class Duration:
    """A restriction length; `None` means forever."""

    length: timedelta | None

    @property
    def forever(self) -> bool:
        """Whether this lasts until lifted."""
        return self.length is None


@dataclass(frozen=True, slots=True)
class ParseError:
    """Why an argument was not understood: a catalogue key and the offending text."""

    key: str
    text: str


def parse_duration(token: str) -> Duration | ParseError:
    """`30s`, `10m`, `2h`, `3d`, `1w` or `forever`; anything else is a ParseError."""
    word = token.strip().lower()
    if word in _FOREVER:
        return Duration(None)
    match = _DURATION.match(word)
    if match is None:
        return ParseError("bad_duration", token)
    seconds = int(match.group(1)) * _UNITS[match.group(2)]
    length = timedelta(seconds=seconds)
    if length < MIN_DURATION:
        return ParseError("duration_too_short", token)
    if length > MAX_DURATION:
        return ParseError("duration_too_long", token)
    return Duration(length)


def looks_like_duration(token: str) -> bool:
    """Whether a token is meant as a duration (so `10x` is an error, not a reason)."""
    word = token.strip().lower()
    return word in _FOREVER or bool(re.match(r"^\d+[a-z]*$", word))


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
    """Split `[target] [duration] [reason...]`; a replied-to message is the target when given."""
    rest = list(args)
    target: TargetRef | None = None
    if has_reply:
        target = TargetRef("reply")
    elif rest:
        first = rest[0]
        if (m := _USERNAME.match(first)) is not None:
            target = TargetRef("username", username=m.group(1))
            rest.pop(0)
        elif _USER_ID.match(first):
            target = TargetRef("id", user_id=int(first))
            rest.pop(0)
        elif first.startswith("@"):
            return ParseError("bad_username", first)
    duration: Duration | None = None
    if takes_duration and rest and looks_like_duration(rest[0]):
        parsed = parse_duration(rest.pop(0))
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


def format_duration(length: timedelta | None) -> str:
    """A compact duration like `2h` or `1w 3d`; `forever` for None."""
    if length is None:
        return "forever"
    seconds = int(length.total_seconds())
    parts: list[str] = []
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return " ".join(parts[:2]) or "0s"
