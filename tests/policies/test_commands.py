"""Table tests for moderator command arguments: durations, targets, reasons, warning ladder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.commands import (
    MAX_DURATION,
    MIN_DURATION,
    Duration,
    ParseError,
    TargetRef,
    format_duration,
    looks_like_duration,
    parse_duration,
    split_args,
    until_from,
    warn_outcome,
)


def _t(**kw: float) -> Duration:
    return Duration(timedelta(**kw))


def _err(key: str, token: str) -> ParseError:
    return ParseError(key, token)


DURATIONS: dict[str, tuple[str, Duration | ParseError]] = {
    # English units, short and long
    "30s": ("30s", _t(seconds=30)),
    "sec": ("45sec", _t(seconds=45)),
    "10m": ("10m", _t(minutes=10)),
    "min": ("10min", _t(minutes=10)),
    "minutes": ("15minutes", _t(minutes=15)),
    "2h": ("2h", _t(hours=2)),
    "hr": ("2hr", _t(hours=2)),
    "hours": ("3hours", _t(hours=3)),
    "3d": ("3d", _t(days=3)),
    "day": ("1day", _t(days=1)),
    "days": ("5days", _t(days=5)),
    "1w": ("1w", _t(weeks=1)),
    "weeks": ("2weeks", _t(weeks=2)),
    "month": ("1mo", _t(days=30)),
    "year": ("1y", _t(days=365)),
    "upper-case": ("2H", _t(hours=2)),
    "trailing-dot": ("10min.", _t(minutes=10)),
    "plus-sign": ("+5m", _t(minutes=5)),
    # Russian units
    "ru-s": ("45с", _t(seconds=45)),
    "ru-sek": ("40сек", _t(seconds=40)),
    "ru-sekund": ("50секунд", _t(seconds=50)),
    "ru-m": ("5м", _t(minutes=5)),
    "ru-min": ("90мин", _t(minutes=90)),
    "ru-minut": ("20минут", _t(minutes=20)),
    "ru-minuty": ("2минуты", _t(minutes=2)),
    "ru-ch": ("2ч", _t(hours=2)),
    "ru-chas": ("1час", _t(hours=1)),
    "ru-chasa": ("3часа", _t(hours=3)),
    "ru-chasov": ("5часов", _t(hours=5)),
    "ru-d": ("1д", _t(days=1)),
    "ru-dn": ("2дн", _t(days=2)),
    "ru-den": ("1день", _t(days=1)),
    "ru-dnya": ("3дня", _t(days=3)),
    "ru-dney": ("5дней", _t(days=5)),
    "ru-n": ("1н", _t(weeks=1)),
    "ru-ned": ("2нед", _t(weeks=2)),
    "ru-nedelya": ("1неделя", _t(weeks=1)),
    "ru-nedeli": ("2недели", _t(weeks=2)),
    "ru-nedel": ("5недель", _t(weeks=5)),
    "ru-upper": ("2Ч", _t(hours=2)),
    "ru-decimal-comma": ("1,5ч", _t(minutes=90)),
    # Chinese units and numerals
    "zh-miao": ("45秒", _t(seconds=45)),
    "zh-fen": ("5分", _t(minutes=5)),
    "zh-fenzhong": ("10分钟", _t(minutes=10)),
    "zh-xiaoshi": ("1小时", _t(hours=1)),
    "zh-shi": ("2时", _t(hours=2)),
    "zh-ge-xiaoshi": ("3个小时", _t(hours=3)),
    "zh-tian": ("2天", _t(days=2)),
    "zh-ri": ("3日", _t(days=3)),
    "zh-zhou": ("1周", _t(weeks=1)),
    "zh-xingqi": ("2星期", _t(weeks=2)),
    "zh-ge-xingqi": ("1个星期", _t(weeks=1)),
    "zh-numeral": ("三十分钟", _t(minutes=30)),
    "zh-numeral-liang": ("两小时", _t(hours=2)),
    "zh-numeral-shiwu": ("十五分", _t(minutes=15)),
    "zh-numeral-hundreds": ("一百二十分钟", _t(minutes=120)),
    "zh-half": ("半小时", _t(minutes=30)),
    # compound and decimal
    "compound": ("1h30m", _t(minutes=90)),
    "compound-three": ("1d2h3m", _t(days=1, hours=2, minutes=3)),
    "compound-any-order": ("30m1h", _t(minutes=90)),
    "compound-spaced": ("1h 30m", _t(minutes=90)),
    "compound-ru": ("1ч30м", _t(minutes=90)),
    "compound-zh": ("2天3小时", _t(days=2, hours=3)),
    "compound-zh-numerals": ("一小时三十分钟", _t(minutes=90)),
    "decimal": ("1.5h", _t(minutes=90)),
    "decimal-leading-point": (".5h", _t(minutes=30)),
    "decimal-minutes": ("0.5m", _t(seconds=30)),
    "fullwidth-digits": ("１０m", _t(minutes=10)),
    "seven-digits": ("9999999s", _t(seconds=9999999)),
    # forever
    "forever": ("FOREVER", Duration(None)),
    "perm": ("perm", Duration(None)),
    "permanent": ("permanent", Duration(None)),
    "forever-ru": ("навсегда", Duration(None)),
    "forever-zh": ("永久", Duration(None)),
    # clamped into Telegram's 30 s to 366 days
    "clamp-short": ("10s", Duration(timedelta(seconds=30), clamped=True)),
    "clamp-short-1s": ("1s", Duration(timedelta(seconds=30), clamped=True)),
    "clamp-long": ("400d", Duration(timedelta(days=366), clamped=True)),
    "clamp-long-huge": ("9999999w", Duration(timedelta(days=366), clamped=True)),
    "clamp-long-zh": ("2年", Duration(timedelta(days=366), clamped=True)),
    "edge-366d": ("366d", _t(days=366)),
    # refused
    "negative": ("-5m", _err("duration_negative", "-5m")),
    "negative-unicode-minus": ("−5m", _err("duration_negative", "−5m")),
    "negative-decimal": ("-1.5h", _err("duration_negative", "-1.5h")),
    "negative-bare": ("-10", _err("duration_negative", "-10")),
    "zero": ("0m", _err("duration_zero", "0m")),
    "zero-compound": ("0h0m", _err("duration_zero", "0h0m")),
    "zero-decimal": ("0.0h", _err("duration_zero", "0.0h")),
    "zero-bare": ("0", _err("duration_zero", "0")),
    "bare-number": ("10", _err("duration_needs_unit", "10")),
    "bare-decimal": ("1.5", _err("duration_needs_unit", "1.5")),
    "unit-x": ("10x", _err("bad_duration", "10x")),
    "unit-first": ("m10", _err("bad_duration", "m10")),
    "empty": ("", _err("bad_duration", "")),
    "unit-only": ("h", _err("bad_duration", "h")),
    "word": ("spam", _err("bad_duration", "spam")),
    "trailing-number": ("1m30", _err("bad_duration", "1m30")),
    "repeated-unit": ("1h1h", _err("bad_duration", "1h1h")),
    "repeated-unit-alias": ("1h2час", _err("bad_duration", "1h2час")),
    "decimal-compound": ("1.5h30m", _err("bad_duration", "1.5h30m")),
    "decimal-compound-second": ("1h0.5m", _err("bad_duration", "1h0.5m")),
    "fractional-seconds": ("1.5s", _err("bad_duration", "1.5s")),
    "fractional-seconds-minutes": ("1.001m", _err("bad_duration", "1.001m")),
    "overlong": ("12345678m", _err("bad_duration", "12345678m")),
    "overlong-bare": ("12345678", _err("bad_duration", "12345678")),
    "overlong-fraction": ("1.00000001h", _err("bad_duration", "1.00000001h")),
    "two-points": ("1.5.5h", _err("bad_duration", "1.5.5h")),
    "range": ("1-2h", _err("bad_duration", "1-2h")),
    "zh-bad-numeral": ("一一小时", _err("bad_duration", "一一小时")),
}


@pytest.mark.parametrize(("token", "expected"), list(DURATIONS.values()), ids=list(DURATIONS))
def test_parse_duration(token: str, expected: Duration | ParseError) -> None:
    """Durations parse to lengths or a named error; out of Telegram's range they are clamped."""
    assert parse_duration(token) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("-5m", True),
        ("1.5h", True),
        (".5h", True),
        ("1h30m", True),
        ("1час", True),
        ("1小时", True),
        ("5x", True),
        ("10", True),
        ("+5m", True),
        ("2nd", True),
        ("навсегда", True),
        ("三十分钟", True),
        ("半小时", True),
        ("spam", False),
        ("-", False),
        ("m10", False),
        ("一些垃圾", False),
        ("@bob", False),
    ],
)
def test_looks_like_duration(token: str, expected: bool) -> None:
    """Whatever a moderator could mean as a length is taken as one (valid or an error)."""
    assert looks_like_duration(token) is expected


def test_clamped_durations_are_flagged() -> None:
    """Only a clamped length says so; an exact 30 s or 366 days is not clamped."""
    assert not isinstance(exact := parse_duration("30s"), ParseError) and not exact.clamped
    assert not isinstance(short := parse_duration("29s"), ParseError) and short.clamped
    assert not isinstance(long := parse_duration("367d"), ParseError) and long.clamped
    assert short.length == MIN_DURATION and long.length == MAX_DURATION


@pytest.mark.parametrize(
    ("length", "sent"),
    [
        (timedelta(seconds=30), timedelta(seconds=35)),
        (timedelta(seconds=34), timedelta(seconds=35)),
        (timedelta(hours=2), timedelta(hours=2)),
        (timedelta(days=366), timedelta(days=366, seconds=-5)),
    ],
    ids=["minimum", "near-minimum", "inside", "maximum"],
)
def test_until_from_stays_inside_telegrams_window(length: timedelta, sent: timedelta) -> None:
    """The end date sent is never so near 30 s or 366 days that Telegram reads it as forever."""
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert until_from(now, length) == now + sent


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
        (["1h30m", "spam"], True, True, TargetRef("reply"), 5400, "spam"),
        (
            ["@bob", "1час", "флуд"],
            False,
            True,
            TargetRef("username", username="bob"),
            3600,
            "флуд",
        ),
        (["1小时", "刷屏"], True, True, TargetRef("reply"), 3600, "刷屏"),
        (["三十分钟", "刷屏"], True, True, TargetRef("reply"), 1800, "刷屏"),
        (["10", "минут", "спам"], True, True, TargetRef("reply"), 600, "спам"),
        (["1h", "30m", "spam"], True, True, TargetRef("reply"), 5400, "spam"),
        (["1", "h", "30", "min", "x"], True, True, TargetRef("reply"), 5400, "x"),
        (["2", "天", "广告"], True, True, TargetRef("reply"), 172800, "广告"),
        (["1h", "2nd", "warning"], True, True, TargetRef("reply"), 3600, "2nd warning"),
        (["1h", "30", "times"], True, True, TargetRef("reply"), 3600, "30 times"),
        (["123456", "10", "m"], False, True, TargetRef("id", user_id=123456), 600, ""),
        (["10", "times"], False, True, TargetRef("id", user_id=10), -1, "times"),
        (
            ["@carol", "1h", "spam"],
            True,
            True,
            TargetRef("username", username="carol"),
            3600,
            "spam",
        ),
        (["5234567890123456"], False, True, TargetRef("id", user_id=5234567890123456), -1, ""),
    ],
    ids=[
        "username-duration-reason",
        "id-forever",
        "reply-duration",
        "reply-reason-only",
        "no-duration-command",
        "nothing",
        "reply-compound",
        "username-russian",
        "reply-chinese",
        "reply-chinese-numerals",
        "number-then-unit-word",
        "two-words",
        "four-words",
        "chinese-two-words",
        "reason-starting-with-digit",
        "number-not-followed-by-unit",
        "id-then-number-and-unit",
        "bare-number-without-reply-is-an-id",
        "reply-with-a-username-names-that-member",
        "sixteen-digit-id",
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
    ("args", "key", "text"),
    [
        (["@bob", "10x"], "bad_duration", "10x"),
        (["@b!"], "bad_username", "@b!"),
        (["@bob", "-5m", "spam"], "duration_negative", "-5m"),
        (["@bob", "0m"], "duration_zero", "0m"),
        (["@bob", "1.5h30m"], "bad_duration", "1.5h30m"),
        (["@bob", "10", "times"], "duration_needs_unit", "10"),
        (["@bob", "-5", "минут"], "duration_negative", "-5 минут"),
        (["@bob", "1h", "1h"], "bad_duration", "1h 1h"),
    ],
    ids=[
        "bad-duration",
        "bad-username",
        "negative",
        "zero",
        "decimal-compound",
        "number-without-unit",
        "negative-two-words",
        "repeated-unit-two-words",
    ],
)
def test_split_args_errors(args: list[str], key: str, text: str) -> None:
    """A malformed duration or handle is reported, never taken as a reason."""
    parsed = split_args(args, has_reply=False, takes_duration=True)
    assert parsed == ParseError(key, text)


@pytest.mark.parametrize(
    "args",
    [["10", "spam"], ["-5m"], ["1.5h", "x"], ["1h30m"], ["1小时"], ["5x", "spam"]],
    ids=["bare-number", "negative", "decimal", "compound", "chinese", "bad-unit"],
)
def test_split_args_by_reply_never_makes_a_duration_a_reason(args: list[str]) -> None:
    """By reply, whatever starts like a length is a length or an error, never the reason."""
    parsed = split_args(args, has_reply=True, takes_duration=True)
    assert isinstance(parsed, ParseError) or parsed.duration is not None


def test_split_args_keeps_the_clamped_flag() -> None:
    """A clamped length reaches the command still marked as clamped."""
    parsed = split_args(["@bob", "10s"], has_reply=False, takes_duration=True)
    assert not isinstance(parsed, ParseError)
    assert parsed.duration == Duration(MIN_DURATION, clamped=True)


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
        (timedelta(seconds=30), "30s"),
        (timedelta(days=366), "52w 2d"),
    ],
    ids=["forever", "hours", "weeks-days", "minutes-seconds", "minimum", "maximum"],
)
def test_format_duration(length: timedelta | None, text: str) -> None:
    """Durations are shown compactly."""
    assert format_duration(length) == text


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(max_size=24),
        st.from_regex(r"[-+]?\d{0,9}(\.\d{0,3})?[a-zа-я\u4e00-\u9fff]{0,6}", fullmatch=True),
    )
)
def test_no_duration_is_silently_forever(token: str) -> None:
    """Whatever a moderator types: a clear error, forever only when they said forever, or a
    length inside Telegram's 30 s..366 days. Never an exception."""
    parsed = parse_duration(token)
    if isinstance(parsed, ParseError):
        assert parsed.key
        return
    if parsed.forever:
        assert token.strip().lower() in _FOREVER_WORDS
        return
    assert parsed.length is not None
    assert MIN_DURATION <= parsed.length <= MAX_DURATION


_FOREVER_WORDS = {"forever", "perm", "permanent", "навсегда", "永久"}
