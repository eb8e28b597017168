"""Table tests for moderator command arguments: durations, targets, reasons, warning ladder."""

from __future__ import annotations

from datetime import timedelta

import pytest

from policies.commands import (
    Duration,
    ParseError,
    TargetRef,
    format_duration,
    parse_duration,
    split_args,
    warn_outcome,
)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("30s", Duration(timedelta(seconds=30))),
        ("10m", Duration(timedelta(minutes=10))),
        ("2h", Duration(timedelta(hours=2))),
        ("3d", Duration(timedelta(days=3))),
        ("1w", Duration(timedelta(weeks=1))),
        ("FOREVER", Duration(None)),
        ("навсегда", Duration(None)),
        ("10x", ParseError("bad_duration", "10x")),
        ("m10", ParseError("bad_duration", "m10")),
        ("", ParseError("bad_duration", "")),
        ("5s", ParseError("duration_too_short", "5s")),
        ("0m", ParseError("duration_too_short", "0m")),
        ("400d", ParseError("duration_too_long", "400d")),
        ("9999999w", ParseError("duration_too_long", "9999999w")),
        ("1.5h", ParseError("bad_duration", "1.5h")),
        ("１０m", Duration(timedelta(minutes=10))),
    ],
    ids=[
        "30s",
        "10m",
        "2h",
        "3d",
        "1w",
        "forever",
        "forever-ru",
        "unit-x",
        "unit-first",
        "empty",
        "too-short",
        "zero",
        "too-long",
        "huge",
        "fraction",
        "fullwidth-digits",
    ],
)
def test_parse_duration(token: str, expected: Duration | ParseError) -> None:
    """Durations parse to lengths; anything malformed or out of Telegram's range is an error."""
    assert parse_duration(token) == expected


@pytest.mark.parametrize(
    ("args", "has_reply", "takes_duration", "target", "seconds", "reason"),
    [
        (
            ["@bob_shop", "1h", "spam", "again"],
            False,
            True,
            TargetRef("username", username="bob_shop"),
            3600,
            "spam again",
        ),
        (["123456", "forever"], False, True, TargetRef("id", user_id=123456), None, ""),
        (["2h", "flooding"], True, True, TargetRef("reply"), 7200, "flooding"),
        (["being rude"], True, True, TargetRef("reply"), -1, "being rude"),
        (["@carol", "3d"], False, False, TargetRef("username", username="carol"), -1, "3d"),
        ([], False, True, None, -1, ""),
    ],
    ids=[
        "username-duration-reason",
        "id-forever",
        "reply-duration",
        "reply-reason-only",
        "no-duration-command",
        "nothing",
    ],
)
def test_split_args(args, has_reply, takes_duration, target, seconds, reason) -> None:
    """Target, duration and reason are told apart as a moderator writes them."""
    parsed = split_args(args, has_reply=has_reply, takes_duration=takes_duration)
    assert not isinstance(parsed, ParseError)
    assert parsed.target == target
    if seconds == -1:
        assert parsed.duration is None
    elif seconds is None:
        assert parsed.duration == Duration(None)
    else:
        assert parsed.duration == Duration(timedelta(seconds=seconds))
    assert parsed.reason == reason


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["@bob", "10x"], "bad_duration"),
        (["@b!"], "bad_username"),
        (["@bob", "1s"], "duration_too_short"),
    ],
    ids=["bad-duration", "bad-username", "too-short"],
)
def test_split_args_errors(args: list[str], key: str) -> None:
    """A malformed duration or handle is reported, never taken as a reason."""
    parsed = split_args(args, has_reply=False, takes_duration=True)
    assert isinstance(parsed, ParseError) and parsed.key == key


def test_long_reason_is_cut() -> None:
    """A reason longer than 500 characters is shortened rather than refused."""
    parsed = split_args(["x" * 2000], has_reply=True, takes_duration=False)
    assert not isinstance(parsed, ParseError)
    assert len(parsed.reason) == 500


@pytest.mark.parametrize(
    ("count", "limit", "at_limit", "action", "reset"),
    [
        (1, 3, "mute", "none", False),
        (3, 3, "mute", "mute", True),
        (5, 3, "ban", "ban", True),
        (3, 3, "none", "none", False),
        (1, 0, "kick", "kick", True),
    ],
    ids=["below", "at-limit", "over-limit", "no-action", "limit-floor"],
)
def test_warn_outcome(count, limit, at_limit, action, reset) -> None:
    """The configured action happens when the warnings reach the limit."""
    outcome = warn_outcome(count, limit, at_limit)
    assert (outcome.action, outcome.reset) == (action, reset)


@pytest.mark.parametrize(
    ("length", "text"),
    [
        (None, "forever"),
        (timedelta(hours=2), "2h"),
        (timedelta(days=10), "1w 3d"),
        (timedelta(seconds=90), "1m 30s"),
    ],
    ids=["forever", "hours", "weeks-days", "minutes-seconds"],
)
def test_format_duration(length: timedelta | None, text: str) -> None:
    """Durations are shown compactly."""
    assert format_duration(length) == text
