"""The `steward` command line: check-config masks secrets, not file paths, in a URL's query;
standard error that is closed, full or gone (and argparse's own usage and help) changes no
status and leaves no traceback; a standard output whose reader has gone ends every command with
status 0, as a closed standard output does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.cli_support import CLEAN, TOKEN, export_message, steward, write_export

# -- check-config: which query parameters are secrets -----------------------------------------

CLIENT_FILES = {
    "sslkey": "/etc/steward/client.key",
    "sslcert": "/etc/steward/client.crt",
    "sslrootcert": "/etc/steward/root.crt",
    "passfile": "/etc/steward/pgpass",
    "sslkeylogfile": "/var/log/steward/keys.log",
}
SECRETS = {
    "password": "Hunter2Secret",
    "sslpassword": "KeyPhrase99x",
    "token": "Tok3nValue77",
    "client_secret": "Sh4redS3cret",
    "api_key": "ApiKeyValue1",
    "apiKey": "ApiKeyValue2",
    "access-key": "ApiKeyValue3",
    "auth": "AuthValue555",
}


def _check_config(**env: str) -> str:
    result = steward("check-config", cwd=Path.cwd(), BOT_TOKEN=TOKEN, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_check_config_shows_the_client_files_of_a_database_url() -> None:
    """`DATABASE_URL=postgresql://steward@db/steward?sslkey=/etc/steward/client.key&...`:
    check-config printed `sslkey=***`, so the owner cannot check which key file the bot will
    use; the value is a path, not the key. Files named in the query are shown, secrets not."""
    query = "&".join(f"{k}={v}" for k, v in {**CLIENT_FILES, **SECRETS}.items())
    out = _check_config(DATABASE_URL=f"postgresql://steward@db.example/steward?{query}")
    for name, path in CLIENT_FILES.items():
        assert f"{name}={path}" in out, out
    for name, secret in SECRETS.items():
        assert secret not in out, (name, out)
        assert f"{name}=***" in out, out


def test_check_config_masks_secrets_in_every_url_query() -> None:
    """The same rule in a webhook's and a Bot API server's URL: a key file's path is shown,
    an API key is not."""
    out = _check_config(
        MODE="webhook",
        WEBHOOK_URL="https://bot.example.com/hook?api_key=ApiKeyValue1&key_file=/srv/hook.key",
        BOT_API_BASE_URL="http://127.0.0.1:8081/bot?secret_key=Sh4redS3cret&keypath=/srv/k.pem",
    )
    assert "ApiKeyValue1" not in out and "Sh4redS3cret" not in out, out
    assert "key_file=/srv/hook.key" in out and "keypath=/srv/k.pem" in out, out


# -- standard error closed, full or gone --------------------------------------------------------


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m bot ...` as a shell runs it, with its redirections (`2>&-`, `2>/dev/full`)."""
    return subprocess.run(
        ["sh", "-c", f'exec "$0" -m bot {command}', sys.executable],
        cwd=cwd,
        env={**CLEAN, "BOT_TOKEN": TOKEN},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _files(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("hello there, is the shop open today?\n", encoding="utf-8")
    write_export(tmp_path / "result.json", [export_message(1, 1, 2, "hi all")])


# (arguments, the status the command has when its standard error works)
REFUSED = [
    ("eval --spam missing.txt --ham in.txt", 2),
    ("replay missing.json", 2),
    ("train --chat 5 --spam in.txt", 2),
    ("no-such-command", 2),
    ("eval --spam", 2),
]
REFUSED_IDS = ["eval", "replay", "train", "argparse-command", "argparse-argument"]
needs_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


@needs_full
@pytest.mark.parametrize(("command", "status"), REFUSED, ids=REFUSED_IDS)
def test_a_full_standard_error_keeps_the_commands_status(
    tmp_path: Path, command: str, status: int
) -> None:
    """`steward eval --spam missing.txt ... 2>/dev/full` (a log file on a full disk): the
    refusal could not be written, the OSError became a traceback that could not be written
    either, and the status was 1, not the 2 a script checks for."""
    _files(tmp_path)
    assert _shell(f"{command} 2>/dev/full", tmp_path).returncode == status


@pytest.mark.parametrize(("command", "status"), REFUSED, ids=REFUSED_IDS)
def test_a_closed_standard_error_keeps_the_status_and_the_output_clean(
    tmp_path: Path, command: str, status: int
) -> None:
    """`steward no-such-command 2>&-`: argparse wrote its usage to standard output, where a
    script reads results. With standard error closed the refusal goes nowhere."""
    _files(tmp_path)
    result = _shell(f"{command} 2>&-", tmp_path)
    assert result.returncode == status
    assert result.stdout == "", result.stdout


@pytest.mark.parametrize(("command", "status"), REFUSED, ids=REFUSED_IDS)
def test_a_standard_error_whose_reader_has_gone_keeps_the_status(
    tmp_path: Path, command: str, status: int
) -> None:
    """`steward eval ... 2>&1 | true`-like: standard error is a pipe nobody reads any more."""
    _files(tmp_path)
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", *command.split()],
            cwd=tmp_path,
            env={**CLEAN, "BOT_TOKEN": TOKEN},
            stdout=subprocess.PIPE,
            stderr=write,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert result.returncode == status
    assert result.stdout == "", result.stdout


@needs_full
def test_both_outputs_full_is_status_1(tmp_path: Path) -> None:
    """`steward check-config > /dev/full 2>/dev/full`: the output failed (status 1, as with
    only standard output full); the line saying so cannot be written, and no traceback is."""
    assert _shell("check-config >/dev/full 2>/dev/full", tmp_path).returncode == 1


@needs_full
def test_help_on_a_full_disk_says_so(tmp_path: Path) -> None:
    """`steward --help > help.txt` on a full disk: status 0 and an empty file, where every
    command's output on a full disk is one `steward:` line and status 1."""
    result = _shell("--help >/dev/full", tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("steward:") and len(result.stderr.splitlines()) == 1


# -- standard output whose reader has gone ------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "classify big.jsonl",
        "check-config",
        "eval --spam in.txt --ham in.txt",
        "replay result.json",
        "--help",
    ],
    ids=["classify", "check-config", "eval", "replay", "help"],
)
def test_a_reader_that_has_gone_ends_every_command_with_status_0(
    tmp_path: Path, command: str
) -> None:
    """`steward classify big.jsonl | head -1`: the reader wants nothing more, which is no
    failure (bot.cli.OutputError.reader_gone), as `>&-` is none: status 0, nothing on standard
    error, for every command alike."""
    _files(tmp_path)
    (tmp_path / "big.jsonl").write_text('{"text": "hello there"}\n' * 3000, encoding="utf-8")
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", *command.split()],
            cwd=tmp_path,
            env={**CLEAN, "BOT_TOKEN": TOKEN},
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (0, "")
    closed = _shell(f"{command} >&-", tmp_path)
    assert (closed.returncode, closed.stderr) == (0, "")
