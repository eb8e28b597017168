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


def _recorded_kinds() -> set[str]:
    """Every event kind the command handlers log through `record`."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "handlers"
    return {
        kind
        for path in root.glob("*.py")
        for kind in re.findall(r'\brecord\(\s*call,\s*"([a-z_]+)"', path.read_text("utf-8"))
    }


def test_every_logged_command_has_its_log_chat_wording() -> None:
    """A command logged with a log chat set names its action from the catalogue: /competitor
    add had none, raised KeyError, and its moderator got no answer."""
    kinds = _recorded_kinds()
    assert {"mod_ban", "competitor_added", "settings"} <= kinds
    for kind in sorted(kinds):
        assert f"commands.action_{kind}" in CATALOG.keys("en"), kind


def test_a_handled_alert_note_reads_once_in_chinese() -> None:
    """zh: "已{outcome}" with an outcome already saying 已 read "✔️ @alice 已已标记为非垃圾信息"."""
    outcomes = [k for k in CATALOG.keys("zh") if k.startswith("alerts.outcome_")]
    assert "alerts.outcome_not_spam" in outcomes
    for key in outcomes:
        note = CATALOG.text(
            "zh", "alerts.handled_note", who="@alice", outcome=CATALOG.text("zh", key)
        )
        assert "已已" not in note, key


def _filled(lang: str, key: str, value: object = "X") -> str:
    return CATALOG.text(lang, key, **dict.fromkeys(CATALOG.placeholders(lang, key), value))


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_herd_alert_names_its_buttons_as_labelled(lang: str) -> None:
    """ru: the alert told the owner to press "👌 Скрыть"; the button read "👌 Отклонить"."""
    alert = _filled(lang, "herd.alert")
    for button in ("alerts.button_dismiss", "alerts.button_statement"):
        label = CATALOG.text(lang, button)
        assert label.split(" ", 1)[1] in alert or label.split(" ", 1)[0] in alert, button


@pytest.mark.parametrize(
    "key",
    ["herd.alert", "checks.herd_complainers", "alerts.digest", "commands.warns"],
)
def test_russian_counts_read_right_for_any_number(key: str) -> None:
    """ "3 участников, 3 жалоб" and "Ещё 2 оповещений": Russian nouns after a number change
    with it, so counts are given after a colon or dash, where one form fits every number."""
    for count in (1, 2, 3, 5, 21):
        text = _filled("ru", key, count)
        for noun in ("участник", "жалоб", "оповещени", "предупреждени"):
            assert f"{count} {noun}" not in text, (key, text)


def test_a_keyed_reason_is_read_in_each_language_and_others_as_written() -> None:
    """Fixed reasons of events ("reported by 3 members") were stored in English and shown so in
    a Russian group's /log; stored as a key and values, each reader gets their language."""
    from bot.i18n import keyed_reason, load_catalog, reason_text

    texts = load_catalog()
    stored = keyed_reason("events.why_reported", count=3)
    assert reason_text(texts, "en", stored) == "members who reported it: 3"
    assert reason_text(texts, "ru", stored) == "пожаловались участников: 3"
    assert reason_text(texts, "zh", stored) == "举报的成员：3"
    assert reason_text(texts, "ru", "spam (0.97): link") == "spam (0.97): link"
    broken = keyed_reason("events.no_such_key")
    assert reason_text(texts, "en", broken)  # a key a later version dropped: shown, not raised
