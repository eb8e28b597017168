"""Table tests for engagement prompts: the owner's `/prompt add` parser and the validator."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.prompts import (
    KINDS,
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_QUESTION,
    MAX_TEXT,
    THEMES,
    Prompt,
    PromptError,
    parse_owner_prompt,
    telegram_length,
    validate,
)

BIDI = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"


@pytest.mark.parametrize(
    ("raw", "kind", "text", "options"),
    [
        ("What did you buy this week?", "question", "What did you buy this week?", ()),
        ("  What did you buy?\n ", "question", "What did you buy?", ()),
        (
            "poll Which colour next? | Red | Blue | Green",
            "poll",
            "Which colour next?",
            ("Red", "Blue", "Green"),
        ),
        ("Which colour next? | Red | Blue", "poll", "Which colour next?", ("Red", "Blue")),
        ("poll:Which?|A|B|", "poll", "Which?", ("A", "B")),
        ("POLL which one? | a | b", "poll", "which one?", ("a", "b")),
        ("question What is your grail?", "question", "What is your grail?", ()),
        ("Question: what is your grail?", "question", "what is your grail?", ()),
        ("show Post your desk setup", "show", "Post your desk setup", ()),
        ("Show us your desk!", "question", "Show us your desk!", ()),
        ("show us your desk!", "question", "show us your desk!", ()),
        ("contest Best photo wins 🏆", "contest", "Best photo wins 🏆", ()),
        ("Contest time! Best photo wins", "question", "Contest time! Best photo wins", ()),
        ("this_or_that Sneakers or boots?", "this_or_that", "Sneakers or boots?", ()),
        ("thisorthat Sneakers or boots?", "this_or_that", "Sneakers or boots?", ()),
        (
            "this-or-that: Tea or coffee? | Tea | Coffee",
            "this_or_that",
            "Tea or coffee?",
            ("Tea", "Coffee"),
        ),
        ("опрос Какой цвет? | Красный | Синий", "poll", "Какой цвет?", ("Красный", "Синий")),
        ("вопрос Что вы купили?", "question", "Что вы купили?", ()),
        ("Вопрос дня: что вы купили?", "question", "Вопрос дня: что вы купили?", ()),
        ("покажите Свою полку", "show", "Свою полку", ()),
        ("Покажите свою полку!", "question", "Покажите свою полку!", ()),
        ("конкурс: лучшее фото недели", "contest", "лучшее фото недели", ()),
        ("выбор Кроссовки или ботинки?", "this_or_that", "Кроссовки или ботинки?", ()),
        ("投票 哪个颜色？|红|蓝", "poll", "哪个颜色？", ("红", "蓝")),
        ("投票：哪个颜色？｜红｜蓝", "poll", "哪个颜色？", ("红", "蓝")),  # full-width bars
        ("问题 你这周买了什么？", "question", "你这周买了什么？", ()),
        ("晒 你的书桌", "show", "你的书桌", ()),
        ("晒晒你的书桌", "question", "晒晒你的书桌", ()),  # no separator: an ordinary sentence
        ("比赛：最佳照片", "contest", "最佳照片", ()),
        ("二选一 咖啡还是茶？|咖啡|茶", "this_or_that", "咖啡还是茶？", ("咖啡", "茶")),
        ("I <3 sneakers", "question", "I <3 sneakers", ()),
        ("Is A<B or B>A?", "question", "Is A<B or B>A?", ()),
        ("[optional] (see below)", "question", "[optional] (see below)", ()),
        ("2*3 = 6, right?", "question", "2*3 = 6, right?", ()),
    ],
)
def test_parse_owner_prompt(raw: str, kind: str, text: str, options: tuple[str, ...]) -> None:
    """Kind words in three languages, `|` polls, sentences that only look like kind words."""
    assert parse_owner_prompt(raw) == Prompt("", kind, "any", text, options)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        (BIDI, "empty"),
        ("poll", "empty"),
        ("投票：", "empty"),
        ("| Red | Blue", "empty"),
        ("x" * (MAX_TEXT + 1), "too_long"),
        ("😀" * (MAX_TEXT // 2 + 1), "too_long"),  # two UTF-16 units each, as Telegram counts
        ("Hi <b>all</b>", "markup"),
        ('<a href="x">shop</a>', "markup"),
        ("line<br/>break", "markup"),
        ("See [our shop](example)", "markup"),
        ("**Big** news", "markup"),
        ("__Big__ news", "markup"),
        ("```code```", "markup"),
        ("Pick one | <i>Red</i> | Blue", "markup"),
        ("<\u200bb>hidden</b>", "markup"),  # invisible characters go first, then markup shows
        ("poll Which colour next?", "poll_options_few"),
        ("Which colour? | Red", "poll_options_few"),
        (
            "Which number? | " + " | ".join(str(i) for i in range(MAX_OPTIONS + 1)),
            "poll_options_many",
        ),
        ("thisorthat Which? | A | B | C", "poll_options_many"),
        ("this_or_that Which? | A", "poll_options_few"),
        ("Which? | Red | " + "b" * (MAX_OPTION + 1), "option_too_long"),
        ("Which? | Red | red ", "option_duplicate"),
        ("Which? | Red | ＲＥＤ", "option_duplicate"),
        ("Which? | Да | ДА", "option_duplicate"),
        ("q" * (MAX_QUESTION + 1) + " | A | B", "question_too_long"),
        ("question Which? | A | B", "options_unexpected"),
        ("конкурс Лучшее фото | А | Б", "options_unexpected"),
    ],
)
def test_parse_owner_prompt_refuses(raw: str, key: str) -> None:
    """Every way an owner's prompt can fail comes back as a catalogue key, never an exception."""
    result = parse_owner_prompt(raw)
    assert isinstance(result, PromptError), result
    assert result.key == key


def test_limits_are_inclusive() -> None:
    """Exactly at each limit is fine; one past it is not."""
    assert isinstance(parse_owner_prompt("x" * MAX_TEXT), Prompt)
    assert isinstance(parse_owner_prompt("😀" * (MAX_TEXT // 2)), Prompt)
    most = " | ".join(f"o{i}" for i in range(MAX_OPTIONS))
    assert isinstance(parse_owner_prompt("q" * MAX_QUESTION + " | " + most), Prompt)
    assert isinstance(parse_owner_prompt("Which? | A | " + "b" * MAX_OPTION), Prompt)


def test_error_values_carry_what_the_owner_needs() -> None:
    """Limits, counts and the offending option (shortened) are there for the text to show."""
    assert parse_owner_prompt("x" * 1200) == PromptError(
        "too_long", (("limit", MAX_TEXT), ("length", 1200))
    )
    few = parse_owner_prompt("poll Which?")
    assert few == PromptError("poll_options_few", (("minimum", 2), ("count", 0)))
    long_option = parse_owner_prompt("Which? | A | " + "b" * 150)
    assert isinstance(long_option, PromptError)
    shown = dict(long_option.values)["option"]
    assert isinstance(shown, str) and len(shown) <= 40 and shown.endswith("…")
    assert parse_owner_prompt("Which? | Tea | tea") == PromptError(
        "option_duplicate", (("option", "tea"),)
    )


@pytest.mark.parametrize("char", list(BIDI))
def test_invisible_characters_are_removed(char: str) -> None:
    """Direction overrides and zero-width characters vanish from text and options."""
    result = parse_owner_prompt(f"{char}poll{char} Which{char}? | R{char}ed | {char}Blue{char}")
    assert result == Prompt("", "poll", "any", "Which?", ("Red", "Blue"))


def test_bidi_override_cannot_hide_a_kind_word_or_reverse_text() -> None:
    """A right-to-left override around the text leaves it readable and parsed as typed."""
    result = parse_owner_prompt("\u202eshow\u202c Post your haul\u2069")
    assert result == Prompt("", "show", "any", "Post your haul")


def test_emoji_joiners_survive() -> None:
    """A zero-width joiner inside an emoji sequence (a family, a rainbow flag) is kept."""
    family = "👨\u200d👩\u200d👧"
    flag = "🏳\ufe0f\u200d🌈"
    result = parse_owner_prompt(f"Who is coming? {family} {flag}")
    assert isinstance(result, Prompt)
    assert result.text == f"Who is coming? {family} {flag}"
    assert parse_owner_prompt("a\u200db") == Prompt("", "question", "any", "ab")


def test_control_characters_and_lone_surrogates_are_dropped() -> None:
    """Text Telegram would refuse (NUL, lone surrogates) never reaches a prompt."""
    result = parse_owner_prompt("What\x00 did you\ud800 buy?\r\nTell us.")
    assert result == Prompt("", "question", "any", "What did you buy?\nTell us.")


@pytest.mark.parametrize(
    ("prompt", "key"),
    [
        (Prompt("k", "question", "selling", "What did you buy?"), None),
        (Prompt("k", "poll", "fan", "Which?", ("A", "B")), None),
        (Prompt("k", "this_or_that", "any", "Tea or coffee?"), None),
        (Prompt("k", "this_or_that", "any", "Tea or coffee?", ("Tea", "Coffee")), None),
        (Prompt("k", "show", "any", "x" * MAX_TEXT), None),
        (Prompt("k", "riddle", "any", "Why?"), "kind_unknown"),
        (Prompt("k", "question", "sports", "Why?"), "theme_unknown"),
        (Prompt("k", "question", "any", " "), "empty"),
        (Prompt("k", "question", "any", "x" * (MAX_TEXT + 1)), "too_long"),
        (Prompt("k", "question", "any", "<b>Hi</b>"), "markup"),
        (Prompt("k", "poll", "any", "Which?", ("[A](b)", "B")), "markup"),
        (Prompt("k", "poll", "any", "Which?"), "poll_options_few"),
        (Prompt("k", "poll", "any", "Which?", ("A",)), "poll_options_few"),
        (Prompt("k", "poll", "any", "Which?", tuple("ABCDEFGHIJK")), "poll_options_many"),
        (Prompt("k", "this_or_that", "any", "Which?", ("A",)), "poll_options_few"),
        (Prompt("k", "this_or_that", "any", "Which?", ("A", "B", "C")), "poll_options_many"),
        (Prompt("k", "poll", "any", "Which?", ("A", " ")), "option_empty"),
        (Prompt("k", "poll", "any", "Which?", ("A", "b" * (MAX_OPTION + 1))), "option_too_long"),
        (Prompt("k", "poll", "any", "Which?", ("A", "B", "a")), "option_duplicate"),
        (Prompt("k", "poll", "any", "q" * (MAX_QUESTION + 1), ("A", "B")), "question_too_long"),
        (Prompt("k", "show", "any", "Post it", ("A", "B")), "options_unexpected"),
    ],
)
def test_validate(prompt: Prompt, key: str | None) -> None:
    """Each rule of validate, with a valid prompt of each shape beside the failures."""
    error = validate(prompt)
    assert (error.key if error else None) == key


def test_telegram_length_counts_utf16_units() -> None:
    """Emoji beyond the Basic Multilingual Plane take two units; Cyrillic and CJK one."""
    assert telegram_length("abc") == 3
    assert telegram_length("Привет") == 6
    assert telegram_length("你好") == 2
    assert telegram_length("😀") == 2


def _check(result: Prompt | PromptError) -> None:
    if isinstance(result, Prompt):
        assert validate(result) is None
        assert result.key == "" and result.theme == "any"
        assert result.kind in KINDS and "any" in THEMES
        assert result.text == result.text.strip()
        for part in (result.text, *result.options):
            assert not any(ch in part for ch in BIDI.replace("\u200d", ""))
    else:
        assert isinstance(result, PromptError) and result.key


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_a_valid_prompt_or_an_error(raw: str) -> None:
    """Whatever an owner types, the parser answers and never raises."""
    _check(parse_owner_prompt(raw))


_PIECES = st.sampled_from(
    [
        "poll",
        "show",
        "Show",
        "выбор",
        "投票",
        "二选一",
        ":",
        "：",
        " ",
        "|",
        " | ",
        "Red",
        "red",
        "us",
        "<b>",
        "</b>",
        "[x](y)",
        "**",
        "\u202e",
        "\u200d",
        "😀",
        "\n",
        "x" * 120,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_command_like_text_gives_a_valid_prompt_or_an_error(raw: str) -> None:
    """Texts built from kind words, separators, markup and invisible characters: same rule."""
    _check(parse_owner_prompt(raw))
