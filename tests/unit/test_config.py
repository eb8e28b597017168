"""Settings: defaults, validation with one clear line, masking of secrets."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Mode, load_settings
from tests.unit.cli_support import VARIABLES


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Each test sees only the variables it sets, and no stray .env file."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_need_nothing() -> None:
    """With nothing set, Steward uses an SQLite file, polling, English and UTC."""
    settings = load_settings()
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.mode is Mode.polling
    assert settings.default_language == "en"
    assert settings.default_timezone == "UTC"
    assert settings.retention_days == 7


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every setting comes from its environment variable."""
    monkeypatch.setenv("BOT_TOKEN", "42:abcdefghijklmnopqrstuvwxyz_ABCDEFGH")
    monkeypatch.setenv("SUPERUSERS", "1, 22;333")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "RU")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = load_settings()
    assert settings.token() == "42:abcdefghijklmnopqrstuvwxyz_ABCDEFGH"
    assert settings.superusers == frozenset({1, 22, 333})
    assert settings.default_language == "ru"
    assert settings.log_level == "DEBUG"


def test_dotenv_file_is_read(tmp_path) -> None:
    """A .env file in the working directory supplies settings too."""
    (tmp_path / ".env").write_text("DEFAULT_TIMEZONE=Asia/Shanghai\nRETENTION_DAYS=3\n")
    settings = load_settings()
    assert settings.default_timezone == "Asia/Shanghai"
    assert settings.retention_days == 3


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "DEFAULT_TIMEZONE: must be an IANA time zone"),
        ("DEFAULT_LANGUAGE", "fr", "DEFAULT_LANGUAGE: must be one of en, zh, ru"),
        ("RETENTION_DAYS", "ten", "RETENTION_DAYS:"),
        ("RETENTION_DAYS", "-1", "RETENTION_DAYS:"),
        ("MODE", "carrier-pigeon", "MODE:"),
        ("SUPERUSERS", "12,bob", "SUPERUSERS: must be comma-separated numeric"),
        ("LISTEN", "8080", "LISTEN: must be host:port"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: must be DEBUG"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL: driver 'mysql' is not supported"),
        ("WEBHOOK_URL", "not a url", "WEBHOOK_URL:"),
    ],
    ids=[
        "tz",
        "lang",
        "retention-word",
        "retention-negative",
        "mode",
        "superusers",
        "listen",
        "log-level",
        "database",
        "webhook-url",
    ],
)
def test_bad_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    """A bad value raises ConfigError whose single line starts with the setting's name."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_webhook_mode_needs_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """MODE=webhook without WEBHOOK_URL is refused with a line naming WEBHOOK_URL."""
    monkeypatch.setenv("MODE", "webhook")
    with pytest.raises(ConfigError, match="WEBHOOK_URL is required"):
        load_settings()


def test_missing_token_is_named() -> None:
    """Asking for the token when none is set names BOT_TOKEN."""
    with pytest.raises(ConfigError, match="^BOT_TOKEN: missing"):
        load_settings().token()


def test_masked_hides_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """check-config's view never shows the token, the webhook secret or a database password."""
    monkeypatch.setenv("BOT_TOKEN", "123456789:AAHsecretsecretsecretsecretsecret")
    monkeypatch.setenv("WEBHOOK_SECRET", "hunter2hunter2")
    monkeypatch.setenv("DATABASE_URL", "postgresql://steward:pa55word@db:5432/steward")
    shown = load_settings().masked()
    text = "\n".join(shown.values())
    assert "secretsecret" not in text
    assert "hunter2hunter2" not in text
    assert "pa55word" not in text
    assert shown["DATABASE_URL"] == "postgresql://steward:***@db:5432/steward"
    assert shown["BOT_TOKEN"].startswith("1234")
