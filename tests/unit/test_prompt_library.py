"""Steward's own prompt library: every language loads, matches English and follows the rules."""

from __future__ import annotations

import re

import pytest

from bot.config import SUPPORTED_LANGUAGES
from bot.prompts import library, parse_library
from policies.prompts import KINDS, THEMES, Prompt, has_markup, validate

LANGS = sorted(SUPPORTED_LANGUAGES)
MIN_PROMPTS = 60
# What a prompt posted as plain text must not hold: links, mentions, bare domains.
_LINKISH = re.compile(r"https?://|www\.|t\.me/|@\w|\b[\w-]+\.(?:com|ru|cn|org|net|me)\b", re.I)


def _keys(lang: str) -> list[str]:
    return [p.key for p in library(lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_loads_enough_prompts(lang: str) -> None:
    """At least MIN_PROMPTS per language, every one valid as it stands."""
    prompts = library(lang)
    assert len(prompts) >= MIN_PROMPTS
    for prompt in prompts:
        assert validate(prompt) is None, prompt.key


@pytest.mark.parametrize("lang", LANGS)
def test_no_duplicate_keys_or_texts(lang: str) -> None:
    """Each key and each text appears once in a language."""
    prompts = library(lang)
    keys = [p.key for p in prompts]
    texts = [p.text.casefold() for p in prompts]
    assert len(set(keys)) == len(keys)
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_language_has_the_english_keys_with_the_same_shape(lang: str) -> None:
    """Same keys; a key's kind, theme and number of options agree across languages."""
    english = {p.key: p for p in library("en")}
    other = {p.key: p for p in library(lang)}
    assert set(other) == set(english)
    for key, prompt in other.items():
        model = english[key]
        assert (prompt.kind, prompt.theme) == (model.kind, model.theme), key
        assert len(prompt.options) == len(model.options), key
        assert prompt.text != model.text, key  # translated, not left in English


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_and_theme_is_covered(lang: str) -> None:
    """Every kind appears in every theme, and "this or that" both as a poll and as text."""
    prompts = library(lang)
    pairs = {(p.kind, p.theme) for p in prompts}
    assert pairs == {(kind, theme) for kind in KINDS for theme in THEMES}
    this_or_that = [p for p in prompts if p.kind == "this_or_that"]
    assert any(p.options for p in this_or_that) and any(not p.options for p in this_or_that)


@pytest.mark.parametrize("lang", LANGS)
def test_texts_are_short_plain_and_friendly(lang: str) -> None:
    """No links, mentions or markup; polls offer 2-6 options; texts stay short; few emoji."""
    prompts = library(lang)
    for prompt in prompts:
        for part in (prompt.text, *prompt.options):
            assert not _LINKISH.search(part), (prompt.key, part)
            assert not has_markup(part), (prompt.key, part)
            assert "|" not in part and part == part.strip(), (prompt.key, part)
        assert len(prompt.text) <= 200, prompt.key
        if prompt.options:
            assert 2 <= len(prompt.options) <= 6, prompt.key
    emoji = [p for p in prompts if any(ord(ch) >= 0x2600 and not _cjk(ch) for ch in p.text)]
    assert len(emoji) <= len(prompts) // 5


def _cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\uffef"


def test_unknown_language_falls_back_to_english() -> None:
    """A language Steward does not speak gets the English library (the same cached tuple)."""
    assert library("fr") is library("en")
    assert library("") == library("en")
    assert library("ru") != library("en")


def test_library_is_cached() -> None:
    """Loaded once: the same tuple every time."""
    assert library("zh") is library("zh")


def _entry(**fields: object) -> dict[str, object]:
    entry: dict[str, object] = {"key": "k", "kind": "question", "theme": "any", "text": "Hi?"}
    entry.update(fields)
    return entry


def test_parse_library_reads_entries() -> None:
    """A well-formed file becomes prompts in file order."""
    data = {"prompt": [_entry(), _entry(key="p", kind="poll", text="Which?", options=["A", "B"])]}
    assert parse_library("en", data) == (
        Prompt("k", "question", "any", "Hi?"),
        Prompt("p", "poll", "any", "Which?", ("A", "B")),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"prompt": [_entry(key="bad", kind="poll")]}, "'bad' is invalid: poll_options_few"),
        ({"prompt": [_entry(key="m", text="<b>Hi</b>")]}, "'m' is invalid: markup"),
        ({"prompt": [_entry(), _entry(text="Again?")]}, "'k' is defined twice"),
        ({"prompt": [_entry(option=["A", "B"])]}, "unknown fields ['option']"),
        ({"prompt": [_entry(text=5)]}, "needs a string 'text'"),
        ({"prompt": [_entry(options="A, B")]}, "not a list of strings"),
        ({"prompt": [_entry(key="")]}, "empty key"),
        ({"prompt": ["oops"]}, "prompt #1 is not a table"),
        ({"prompts": []}, "only [[prompt]] tables"),
    ],
)
def test_a_bad_entry_is_a_loud_error_naming_it(data: dict[str, object], message: str) -> None:
    """The library is ours: a bad entry stops loading and says which one."""
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_library("en", data)
