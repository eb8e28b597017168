"""Message catalogues: every language has every text, with the same placeholders."""

from __future__ import annotations

import pytest

from bot.i18n import load_catalog

CATALOG = load_catalog()


@pytest.mark.parametrize("lang", ["zh", "ru"], ids=["zh", "ru"])
def test_language_has_every_english_key(lang: str) -> None:
    """No text is missing in a supported language (nothing silently falls back to English)."""
    assert CATALOG.keys(lang) == CATALOG.keys("en")


@pytest.mark.parametrize("lang", ["zh", "ru"], ids=["zh", "ru"])
def test_placeholders_match_english(lang: str) -> None:
    """A translation uses exactly the placeholders the English text does."""
    for key in CATALOG.keys("en"):
        assert CATALOG.placeholders(lang, key) == CATALOG.placeholders("en", key), key


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (("ru-RU",), "ru"),
        (("zh-hans",), "zh"),
        (("fr", "zh"), "zh"),
        ((None, ""), "en"),
        (("pt-BR",), "en"),
    ],
    ids=["ru-region", "zh-script", "second-choice", "nothing", "unsupported"],
)
def test_pick_language(candidates: tuple[str | None, ...], expected: str) -> None:
    """Telegram language codes map to the catalogue Steward speaks, else the default."""
    assert CATALOG.pick(*candidates) == expected


def test_unknown_key_is_an_error() -> None:
    """Asking for a text that does not exist fails loudly instead of sending a blank."""
    with pytest.raises(KeyError):
        CATALOG.text("en", "no.such.key")
