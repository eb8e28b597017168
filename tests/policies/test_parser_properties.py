"""Property tests for the pure parsers a moderator's words reach (durations have their own).

Whatever is typed, huge or tiny, with control and direction characters, lone surrogates, emoji or
right-to-left text, each parser returns either a typed value inside the limits it documents or a
typed error whose key the English catalogue has (rendered with the prefix the handler adds, with
the values the handler passes). Values Steward shows back to moderators parse back to themselves.
The examples pinned with `@example` are bugs these properties found (see the fixes they name).
"""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import timedelta
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.i18n import load_catalog
from policies.chatpolicy import (
    EDITABLE,
    ChatPolicy,
    SettingError,
    parse_setting,
    show_value,
)
from policies.commands import (
    MAX_DURATION,
    MIN_DURATION,
    CommandArgs,
    ParseError,
    TargetRef,
    looks_like_duration,
    split_args,
)
from policies.competitors import MAX_CHARS, MAX_KEY, MIN_KEY, Competitors, Entry, entry_of
from policies.rights import parse_start_payload, start_payload
from policies.text import normalise

CATALOG = load_catalog()

# -- what moderators type -----------------------------------------------------------------------

# Characters random text seldom holds but people and spammers do type (or paste): NUL and other
# controls, line and paragraph separators, zero-width and direction marks, a BOM, lone surrogates,
# emoji with joiners, right-to-left words, digits that are not ASCII, compatibility forms.
NASTY = (
    "\x00",
    "\n",
    "\r",
    "\t",
    "\x0b",
    "\xa0",
    "\u2028",
    "\u200b",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ud800",
    "\udfff",
    "\U0001f525",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "שלום",
    "مرحبا",
    "²",
    "①",
    "١٢",
    "Ⅻ",
    "İ",
    "ß",
    "Ｍ",
    "１",
    "ﬁ",
    "@",
    "-",
    ",",
    ".",
    "/",
    ":",
    "+",
    "_",
)
PIECES = st.one_of(st.characters(exclude_categories=()), st.sampled_from(NASTY))


def texts(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text of any code points (surrogates too), rich in the characters above."""
    return st.lists(PIECES, min_size=min_size, max_size=max_size).map("".join)


SHORT_TEXT = texts()
# Long pastes: a short piece repeated into tens of thousands of characters.
HUGE_TEXT = st.builds(lambda piece, times: piece * times, texts(1, 4), st.integers(2_000, 12_000))
ANY_TEXT = st.one_of(SHORT_TEXT, SHORT_TEXT, HUGE_TEXT)
# Telegram hands commands their arguments split at whitespace, so a word holds none.
WORD = texts(1, 16).map(lambda s: "".join(s.split())).filter(bool)

ARG_WORDS = (
    "@bob_shop",
    "@b!",
    "@",
    "123456",
    "١٢٣",
    "10",
    "1h",
    "30m",
    "-5m",
    "0m",
    "1.5h30m",
    "forever",
    "навсегда",
    "1小时",
    "半小时",
    "минут",
    "h",
    "min",
    "spam",
    "2nd",
    "x" * 600,
    "9" * 40,
)
ARGS = st.lists(st.one_of(st.sampled_from(ARG_WORDS), WORD, ANY_TEXT), max_size=7)


def renders(key: str, **values: object) -> str:
    """The English text for a key the way a handler renders it; fails when the key is missing."""
    assert key in CATALOG.keys("en"), f"no English text for {key!r}"
    assert CATALOG.placeholders("en", key) <= values.keys(), key
    return CATALOG.text("en", key, **values)


# -- /mute, /ban, /warn ... arguments: target, duration, reason ---------------------------------

_ARG_ERRORS = {
    "bad_duration",
    "duration_negative",
    "duration_zero",
    "duration_needs_unit",
    "bad_username",
}


def _cut(reason: str) -> str:
    return reason if len(reason) <= 500 else reason[:499] + "…"


@settings(max_examples=150, deadline=None, derandomize=True)
@given(ARGS, st.booleans(), st.booleans())
@example(["@bob", "10", "times"], False, True)
@example(["١٢٣", "1h", "spam"], False, True)
@example(["@carol", "1h", "spam"], True, True)  # a username typed in a reply names the target
@example(["@bob\n"], True, False)  # `$` let a final newline through the username pattern
def test_split_args_gives_parts_or_a_named_error(
    args: list[str], has_reply: bool, takes_duration: bool
) -> None:
    """Every argument list splits into target, duration and reason with nothing lost or made up,
    or is refused with a catalogue key naming the words at fault."""
    parsed = split_args(args, has_reply=has_reply, takes_duration=takes_duration)
    if isinstance(parsed, ParseError):
        assert parsed.key in _ARG_ERRORS
        assert takes_duration or parsed.key == "bad_username"
        assert parsed.text and parsed.text in " ".join(args)
        renders(f"commands.{parsed.key}", text=parsed.text[:64])
        return
    assert isinstance(parsed, CommandArgs)
    consumed = 0
    if has_reply and parsed.target == TargetRef("reply"):
        # In a reply only a valid @username typed first names someone else.
        assert not args or not re.fullmatch(r"@[A-Za-z][A-Za-z0-9_]{2,31}", args[0])
    elif parsed.target is None:
        assert not has_reply
        assert not args or not args[0].startswith("@")
    elif parsed.target.kind == "username":
        username = parsed.target.username or ""
        assert args[0] == f"@{username}" and 3 <= len(username) <= 32 and username.isascii()
        consumed = 1
    else:
        assert not has_reply  # a number in a reply is a duration, never an id
        assert parsed.target.kind == "id" and parsed.target.user_id is not None
        assert 0 <= parsed.target.user_id < 10**16
        consumed = 1
    rest = args[consumed:]
    if parsed.duration is None:
        assert not (takes_duration and rest and looks_like_duration(rest[0]))
        assert parsed.reason == _cut(" ".join(rest).strip())
        return
    assert takes_duration
    length = parsed.duration.length
    assert length is None or MIN_DURATION <= length <= MAX_DURATION
    # The duration took one or more words; the reason is exactly the words after them.
    assert any(parsed.reason == _cut(" ".join(rest[k:]).strip()) for k in range(1, len(rest) + 1))


# -- /settings KEY VALUE ------------------------------------------------------------------------

_SETTING_ERRORS = {"bad_choice", "bad_number", "bad_list", "bad_domain", "bad_handle"}
_DEFAULTS = ChatPolicy()
_LIST_WORDS = (
    "shop.example",
    "https://www.Shop.example.com/faq",
    "@my_shop",
    "my_shop",
    "clear",
    "@clear",
    "none",
    "-",
    "x",
    "a..b",
    "xn--80ak6aa92e.com",
    "例子.中国",
    "shop.example/",
)


def _announced(name: str) -> str:
    """What a refusal tells moderators the setting takes (its range or its choices)."""
    refused = parse_setting(name, "\u2603 not a value \u2603")
    assert isinstance(refused, SettingError), name
    return refused.detail


def _range(name: str) -> tuple[float, float]:
    low, _, high = _announced(name).partition("-")
    return float(low), float(high)


def _raw_for(name: str) -> st.SearchStrategy[str]:
    """Values a moderator might type for a setting, near its edges, plus anything at all."""
    default = getattr(_DEFAULTS, name)
    if isinstance(default, frozenset):
        items = st.lists(st.one_of(st.sampled_from(_LIST_WORDS), WORD), min_size=1, max_size=6)
        typed = st.one_of(
            items.map(", ".join), items.map(" ".join), st.sampled_from(["none", "-", "OFF"])
        )
    elif isinstance(default, bool) or not isinstance(default, (int, float)):
        choices = _announced(name).split(", ")
        typed = st.sampled_from([*choices, "", "on", "yes"]).flatmap(
            lambda w: st.sampled_from([w, w.upper(), f"  {w.title()} ", f"{w}\u200b"])
        )
    else:
        low, high = _range(name)
        numbers = st.one_of(
            st.integers(int(low) - 3, int(high) + 3).map(str),
            st.floats(low - 1, high + 1).map(lambda f: f"{f:.3f}"),
            st.floats(low - 1, high + 1).map(lambda f: f"{f:.2f}".replace(".", ",")),
            st.sampled_from(["nan", "inf", "-0", "1e2", "1_0", "٥", "²", "0x10", "9" * 5000]),
        )
        typed = numbers
    return st.one_of(typed, typed, ANY_TEXT)


SETTING_AND_RAW = st.sampled_from(EDITABLE).flatmap(lambda n: st.tuples(st.just(n), _raw_for(n)))


def _check_value(name: str, value: Any) -> None:
    """A value parse_setting accepted lies inside what the setting documents."""
    default = getattr(_DEFAULTS, name)
    if isinstance(default, frozenset):
        assert isinstance(value, frozenset) and len(value) <= 200
        for item in value:
            assert isinstance(item, str) and item and len(item) <= 253
            assert item == item.lower() and not item.startswith("@")
            assert not any(c.isspace() for c in item) and "," not in item
            if name == "allow_domains":
                assert "." in item and "/" not in item and item.isascii()
            else:  # "5 to 32 letters, digits and _", as settings.bad_handle says
                assert 5 <= len(item) <= 32 and item.isascii() and item[0].isalpha()
                assert item.replace("_", "").isalnum()
    elif isinstance(default, str):
        assert isinstance(value, str) and value in _announced(name).split(", ")
    else:
        assert type(value) is type(default)
        low, high = _range(name)
        assert low <= value <= high


@settings(max_examples=200, deadline=None, derandomize=True)
@given(SETTING_AND_RAW)
@example(("allow_handles", "@clear"))  # was shown as "clear", which empties the list
@example(("warn_limit", "٥"))
@example(("threshold", "nan"))
def test_parse_setting_gives_a_documented_value_or_a_named_error(case: tuple[str, str]) -> None:
    """Every value for every editable setting is refused with a catalogue key (and what the
    setting takes), or is a value inside the documented range or choices that survives being
    stored and, shown back by `show_value`, parses back to itself (floats: as shown)."""
    name, raw = case
    value = parse_setting(name, raw)
    if isinstance(value, SettingError):
        assert value.key in _SETTING_ERRORS
        renders(f"settings.{value.key}", name=name, detail=value.detail)
        return
    _check_value(name, value)
    stored = sorted(value) if isinstance(value, frozenset) else value
    assert getattr(ChatPolicy.from_settings({name: stored}), name) == value
    shown = show_value(value)
    again = parse_setting(name, shown)
    if isinstance(value, float):
        assert isinstance(again, float) and show_value(again) == shown
        assert abs(again - value) <= 0.005 + 1e-9
    else:
        assert again == value, (shown, again)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.one_of(ANY_TEXT, st.sampled_from(EDITABLE).map(lambda n: f" {n.upper()} ")))
def test_setting_names_are_known_or_refused(name: str) -> None:
    """A name is one of the editable settings (any case, - for _) or refused, short, by key."""
    value = parse_setting(name, "1")
    if name.strip().lower().replace("-", "_") in EDITABLE:
        assert not (isinstance(value, SettingError) and value.key == "unknown_key")
        return
    assert isinstance(value, SettingError) and value.key == "unknown_key"
    assert len(value.detail) <= 40
    renders("settings.unknown_key", name=value.detail)


# -- stored settings ----------------------------------------------------------------------------

_FIELDS = tuple(f.name for f in fields(ChatPolicy))
# /herd thresholds sets these (refused outside 2..1000); they are not in /settings.
_HERD_RANGE = (2.0, 1000.0)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(10**400), 10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["observe", "enforce", "delete_ban", "on", "off", "5", "0.8", "@", " A.com "]),
    SHORT_TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
STORED = st.dictionaries(
    st.one_of(st.sampled_from(_FIELDS), st.text(max_size=8)), JSON_VALUES, max_size=10
)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.one_of(st.none(), STORED))
@example({"warn_limit": float("inf")})  # was an OverflowError (int(inf))
@example({"threshold": 10**400})  # was an OverflowError (float(10**400))
@example({"allow_domains": ["@", " A.com "], "mode": ["observe"]})  # was {"", " a.com "}
def test_stored_settings_never_break_a_policy(stored: dict[str, Any] | None) -> None:
    """Any JSON-like settings give a policy (never an exception) whose every value is the default
    or the stored one, of the right type and inside its range or choices; lists hold only
    trimmed, non-empty, lower-case names."""
    policy = ChatPolicy.from_settings(stored)
    for name in _FIELDS:
        value, default = getattr(policy, name), getattr(_DEFAULTS, name)
        if stored is None or name not in stored:
            assert value == default
            continue
        if isinstance(default, frozenset):
            assert isinstance(value, frozenset)
            for item in value:
                assert isinstance(item, str) and item and item == item.strip()
                assert item == item.lower() and not item.startswith("@")
        elif isinstance(default, str):
            assert value == default or value == stored[name]
            if name in EDITABLE:
                assert value in _announced(name).split(", ")
        else:
            assert type(value) is type(default)
            if value != default:
                low, high = _range(name) if name in EDITABLE else _HERD_RANGE
                assert low <= value <= high


# -- /competitor add|remove NAME ----------------------------------------------------------------

_ENTRY_ERRORS = {"competitor_empty", "competitor_short", "competitor_long"}
NAMES = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        [
            "ShopXyz",
            "S h o p X y z",
            "https://t.me/shopxyz",
            "www.shopxyz.com/sale",
            "@shop_xyz",
            "shop xyz dot com",
            "Shop🔥Xyz",
            "店铺名称",
            "ab",
            "⑳",
            "t.me/+AbCdEf",
        ]
    ),
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(NAMES)
@example("⑳" * 60)
@example("\u202eshopxyz\u202c")
def test_competitor_entries_are_keys_or_named_refusals(raw: str) -> None:
    """An entry is a squashed key of letters and digits within the limits, shown as typed (spacing
    tidied); typed again (as /competitor remove does) it is the same entry; a message quoting it
    is caught. Anything else is refused with a catalogue key."""
    entry = entry_of(raw)
    if not isinstance(entry, Entry):
        assert entry in _ENTRY_ERRORS
        renders(f"competitors.{entry}", name=raw[:40])
        return
    assert MIN_KEY <= len(entry.key) <= MAX_KEY and entry.key.isalnum()
    assert entry.shown == " ".join(raw.split()) and 0 < len(entry.shown) <= MAX_CHARS
    assert entry_of(entry.shown) == entry
    assert Competitors([entry]).find(normalise(entry.shown)) == (entry.shown,)


# -- /start setup_... deep links ----------------------------------------------------------------


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.integers(-(10**15), 10**15))
def test_start_payloads_round_trip(chat_id: int) -> None:
    """The payload Steward puts in a setup link reads back as the same chat id."""
    payload = start_payload(chat_id)
    assert len(payload) <= 64 and payload.isascii()
    assert parse_start_payload(payload) == chat_id


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.one_of(ANY_TEXT, st.from_regex(r"setup_m?\d{0,22}\s?", fullmatch=True)))
def test_start_payloads_are_chat_ids_or_nothing(payload: str) -> None:
    """Any other /start text is no payload; a payload is an id of at most twenty digits."""
    parsed = parse_start_payload(payload)
    assert parsed is None or (isinstance(parsed, int) and abs(parsed) < 10**20)
    if parsed is not None:
        assert parse_start_payload(start_payload(parsed)) == parsed


def test_huge_settings_values_stay_quick() -> None:
    """A pasted wall of text is refused without scanning it item by item forever."""
    wall = ", ".join(["shop.example"] * 50_000)
    assert parse_setting("allow_domains", wall) == SettingError("bad_list", wall[:40])
    assert parse_setting("mute_minutes", "9" * 100_000) == SettingError("bad_number", "1-527040")
    assert timedelta(minutes=527040) == timedelta(days=366)
