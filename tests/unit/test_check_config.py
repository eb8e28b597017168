"""`steward check-config` (and `steward run`) refuse a malformed token or database URL up front."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import SANDBOX_TOKEN, ConfigError, load_settings
from tests.unit.cli_support import VARIABLES, steward

GOOD_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test sees only the variables it sets, and no stray .env file."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def check_config(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], **env: str
) -> tuple[int, str, str]:
    """Run `steward check-config` in-process with these variables: status, stdout, stderr."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status = main(["check-config"])
    out, err = capsys.readouterr()
    return status, out, err


BAD_TOKENS = [
    "1:x",
    "5550001112",
    "123456789:short",
    "bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX",
    "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALD$awX",
    "123456789 AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX",
]


@pytest.mark.parametrize(
    "token",
    BAD_TOKENS,
    ids=["tiny", "no-colon", "short-secret", "bot-prefix", "bad-character", "space"],
)
def test_malformed_token_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], token: str
) -> None:
    """A token that cannot be one: exit 2, one line naming BOT_TOKEN, the value not echoed."""
    status, out, err = check_config(monkeypatch, capsys, BOT_TOKEN=token)
    assert status == 2
    assert out == ""
    assert err.startswith("steward: config: BOT_TOKEN: does not look like a bot token")
    assert len(err.strip().splitlines()) == 1
    assert token not in err


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "DATABASE_URL: cannot be parsed as a database URL"),
        ("", "DATABASE_URL: cannot be parsed as a database URL"),
        ("postgresql://steward:pa55word@db:port/steward", "its port is not a number"),
        ("mysql://steward:pa55word@db/steward", "DATABASE_URL: driver 'mysql' is not supported"),
        ("sqlite+pysqlite:///x.db", "DATABASE_URL: driver 'sqlite+pysqlite' is not supported"),
        ("postgresql+psycopg2://u@db/s", "driver 'postgresql+psycopg2' is not supported"),
    ],
    ids=["words", "empty", "bad-port", "mysql", "sync-sqlite", "psycopg2"],
)
def test_bad_database_url_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, expected: str
) -> None:
    """An unparseable URL or an unsupported driver: exit 2, one line, no password shown."""
    status, out, err = check_config(monkeypatch, capsys, BOT_TOKEN=GOOD_TOKEN, DATABASE_URL=url)
    assert status == 2
    assert out == ""
    assert err.startswith("steward: config: DATABASE_URL: ")
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "pa55word" not in err


@pytest.mark.parametrize(
    "url",
    [
        "sqlite+aiosqlite:///steward.sqlite3",
        "sqlite:///steward.sqlite3",
        "postgresql://steward:pa55word@db:5432/steward",
        "postgres://steward:pa55word@db/steward",
        "postgresql+asyncpg://steward:pa55word@db/steward",
    ],
)
def test_good_config_is_accepted_and_masked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    """A well-formed token and a supported URL: exit 0, every setting listed, secrets masked."""
    status, out, err = check_config(
        monkeypatch, capsys, BOT_TOKEN=GOOD_TOKEN, DATABASE_URL=url, WEBHOOK_SECRET="hook-s3cret"
    )
    assert status == 0, err
    assert err == ""
    assert "BOT_TOKEN" in out and "DATABASE_URL" in out and "RETENTION_DAYS" in out
    assert GOOD_TOKEN not in out and "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX" not in out
    assert "pa55word" not in out and "hook-s3cret" not in out


def test_token_is_stripped_and_sandbox_token_accepted() -> None:
    """Surrounding whitespace (a pasted newline) is dropped; the sandbox's own token passes."""
    assert load_settings(bot_token=f" {GOOD_TOKEN}\n").token() == GOOD_TOKEN
    assert load_settings(bot_token=SANDBOX_TOKEN).token() == SANDBOX_TOKEN
    with pytest.raises(ConfigError, match="^BOT_TOKEN: missing"):
        load_settings(bot_token="  ").token()


@pytest.mark.parametrize("command", ["check-config", "run"])
def test_the_process_refuses_before_anything_starts(tmp_path: Path, command: str) -> None:
    """As a process: exit status 2, one line, no traceback, no database file created."""
    url = "mysql://steward:pa55word@db/steward"
    result = steward(command, cwd=tmp_path, BOT_TOKEN="123456789:short", DATABASE_URL=url)
    assert result.returncode == 2
    assert result.stderr.startswith("steward: config: BOT_TOKEN: does not look like a bot token")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = steward(command, cwd=tmp_path, BOT_TOKEN=GOOD_TOKEN, DATABASE_URL=url)
    assert result.returncode == 2
    assert result.stderr.startswith("steward: config: DATABASE_URL: driver 'mysql'")
    assert "Traceback" not in result.stderr and "pa55word" not in result.stderr
    assert list(tmp_path.iterdir()) == []
