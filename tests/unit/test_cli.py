"""The command line: one clear line and exit status 2 for bad settings or an unusable database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.cli_support import TOKEN, steward


def test_check_config_masks_token(tmp_path: Path) -> None:
    """check-config prints every setting with the token masked."""
    result = steward(
        "check-config", cwd=tmp_path, BOT_TOKEN="123456789:AAsecretsecretsecretsecretsecretsecret"
    )
    assert result.returncode == 0, result.stderr
    assert "DATABASE_URL" in result.stdout and "RETENTION_DAYS" in result.stdout
    assert "secretsecret" not in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "steward: config: BOT_TOKEN: missing"),
        (
            {"BOT_TOKEN": TOKEN, "DEFAULT_TIMEZONE": "Nowhere/Land"},
            "steward: config: DEFAULT_TIMEZONE: must be an IANA time zone",
        ),
        ({"BOT_TOKEN": TOKEN, "MODE": "webhook"}, "WEBHOOK_URL is required"),
    ],
    ids=["no-token", "bad-tz", "webhook-without-url"],
)
def test_run_with_bad_settings_is_one_line(tmp_path: Path, env: dict[str, str], expected: str):
    """A bad setting stops `steward run` with one line and exit status 2, no traceback."""
    result = steward("run", cwd=tmp_path, **env)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_run_with_unusable_database_is_one_line(tmp_path: Path) -> None:
    """An SQLite path that cannot be created stops start-up with one line, before Telegram."""
    url = f"sqlite+aiosqlite:///{tmp_path}/missing-dir/sub/steward.sqlite3"
    result = steward("run", cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=url)
    assert result.returncode == 2
    assert result.stderr.startswith("steward: database:")
    assert "Traceback" not in result.stderr


def test_run_with_unreachable_postgres_is_one_line(tmp_path: Path) -> None:
    """A PostgreSQL nobody answers for stops start-up with one line and exit status 2."""
    url = "postgresql://postgres@127.0.0.1:9/steward"
    result = steward("run", cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=url)
    assert result.returncode == 2
    assert result.stderr.startswith("steward: database:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@127.0.0.1:99999/db", "port must be 0-65535"),
        ("postgresql://u:p@127.0.0.1:9/db?sslmode=require", "db?ssl=require"),
    ],
    ids=["port-out-of-range", "libpq-sslmode"],
)
def test_a_database_url_the_driver_refuses_is_one_line(
    tmp_path: Path, url: str, expected: str
) -> None:
    """A port past 65535 was an OverflowError traceback, and libpq's ?sslmode=require (what
    hosted PostgreSQL hands out) a TypeError one; sslmode is now read as asyncpg's ssl."""
    result = steward("run", cwd=tmp_path, BOT_TOKEN=TOKEN, DATABASE_URL=url)
    assert result.returncode == 2
    assert result.stderr.startswith("steward: database:") and expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["run", "check-config"])
def test_a_dotenv_that_is_not_utf8_is_one_line(tmp_path: Path, command: str) -> None:
    """A .env saved as UTF-16 (Windows Notepad's "Unicode") was a UnicodeDecodeError traceback."""
    (tmp_path / ".env").write_bytes(f"BOT_TOKEN={TOKEN}\n".encode("utf-16"))
    result = steward(command, cwd=tmp_path)
    assert result.returncode == 2
    assert "steward: config: .env is not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_command_prints_help(tmp_path: Path) -> None:
    """`steward` alone explains its commands."""
    result = steward(cwd=tmp_path)
    assert result.returncode == 2
    assert "demo" in result.stdout and "run" in result.stdout
