"""Secrets never reach the log: the bot token (keeping its public bot id), passwords, secrets."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr
from telegram import Bot

from bot import logsafe
from bot.config import Settings

BOT_ID = "123456789"
SECRET = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawX"
TOKEN = f"{BOT_ID}:{SECRET}"
MASKED = f"{BOT_ID}:***"
API_URL = f"https://api.telegram.org/bot{TOKEN}"
DB_PASSWORD = "pa55word-xyz"
HOOK_SECRET = "hook-secret-9f8e7d"


@pytest.fixture
def log_text() -> Iterator[io.StringIO]:
    """The root logger configured exactly as `steward run` does it, at DEBUG, into a buffer."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        bot_token=SecretStr(TOKEN),
        database_url=f"postgresql://steward:{DB_PASSWORD}@db:5432/steward",
        webhook_secret=SecretStr(HOOK_SECRET),
        log_level="DEBUG",
    )
    out = io.StringIO()
    setup = logsafe.configure_logging(settings.log_level, settings, stream=out)
    try:
        yield out
    finally:
        setup.close()


class Keeper(logging.Handler):
    """Keeps the records it is handed, as they are."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def assert_clean(text: str) -> None:
    """No trace of the token's secret part, the database password or the webhook secret."""
    assert SECRET not in text
    assert TOKEN not in text
    assert DB_PASSWORD not in text
    assert HOOK_SECRET not in text


def test_plain_message(log_text: io.StringIO) -> None:
    """A token written straight into the message is masked; the bot id stays."""
    logging.getLogger("steward.test").debug("token is " + TOKEN)
    text = log_text.getvalue()
    assert_clean(text)
    assert f"token is {MASKED}" in text


def test_percent_args(log_text: io.StringIO) -> None:
    """A token passed as a %-argument is masked in the line."""
    logging.getLogger("steward.test").info("calling %s with %r", f"{API_URL}/getMe", {"t": TOKEN})
    text = log_text.getvalue()
    assert_clean(text)
    assert f"https://api.telegram.org/bot{MASKED}/getMe" in text


def test_exception_traceback(log_text: io.StringIO) -> None:
    """A traceback whose exception message holds the Bot API URL is masked."""
    try:
        raise RuntimeError(f"request to {API_URL}/getUpdates failed")
    except RuntimeError:
        logging.getLogger("steward.test").exception("polling failed")
    text = log_text.getvalue()
    assert_clean(text)
    assert "Traceback (most recent call last)" in text
    assert f"RuntimeError: request to https://api.telegram.org/bot{MASKED}/getUpdates" in text


def test_httpx_request_line(log_text: io.StringIO) -> None:
    """httpx's own INFO line for a request (real client, mocked transport) is masked."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"ok": True}))
    with httpx.Client(transport=transport) as client:
        client.post(f"{API_URL}/getMe")
    text = log_text.getvalue()
    assert_clean(text)
    assert f'HTTP Request: POST https://api.telegram.org/bot{MASKED}/getMe "HTTP/1.1 200 OK"' in (
        text
    )


def test_ptb_debug_lines(log_text: io.StringIO) -> None:
    """python-telegram-bot's DEBUG lines (the API URLs, a call's parameters) are masked."""
    Bot(TOKEN)  # logs "Set Bot API URL: https://api.telegram.org/bot<TOKEN>" at DEBUG
    logging.getLogger("telegram.Bot").debug(
        "Calling Bot API endpoint `%s` with parameters `%s`",
        "setWebhook",
        {"url": "https://example.org/hook", "secret_token": HOOK_SECRET},
    )
    text = log_text.getvalue()
    assert_clean(text)
    assert f"Set Bot API URL: https://api.telegram.org/bot{MASKED}" in text
    assert f"Set Bot API File URL: https://api.telegram.org/file/bot{MASKED}" in text
    assert "'secret_token': '***'" in text


def test_database_password(log_text: io.StringIO) -> None:
    """A database URL's password is masked, the configured one also outside a URL."""
    log = logging.getLogger("steward.test")
    log.warning("cannot open %s", f"postgresql://steward:{DB_PASSWORD}@db:5432/steward")
    log.warning("server said: bad password %s", DB_PASSWORD)
    log.warning("other: %s", "postgresql+asyncpg://bob:hunter22@pg.internal/x")
    text = log_text.getvalue()
    assert_clean(text)
    assert "postgresql://steward:***@db:5432/steward" in text
    assert "postgresql+asyncpg://bob:***@pg.internal/x" in text


def test_unconfigured_token_shapes(log_text: io.StringIO) -> None:
    """Tokens Steward was not given are masked too: by shape, and inside Bot API URLs."""
    other = "987654321:ZZxxYYwwVVuuTTssRRqqPPooNNmmLLkkJJi"
    log = logging.getLogger("steward.test")
    log.info("another bot: %s", other)
    log.info("GET http://127.0.0.1:8081/bot42:short-one/getMe and /file/bot42:short-one/a.jpg")
    text = log_text.getvalue()
    assert "ZZxxYYww" not in text and "short-one" not in text
    assert "another bot: 987654321:***" in text
    assert "/bot42:***/getMe" in text and "/file/bot42:***/a.jpg" in text


def test_records_cannot_reintroduce_the_token(log_text: io.StringIO) -> None:
    """Handlers added later, non-propagating loggers and other formatters see only masked text."""
    late = io.StringIO()
    late_handler = logging.StreamHandler(late)
    late_handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger()
    root.addHandler(late_handler)
    keeper = Keeper()
    kept = keeper.records
    alone = logging.getLogger("steward.test.alone")
    alone.propagate = False
    alone.addHandler(keeper)
    try:
        try:
            raise ValueError(f"bad URL {API_URL}/getMe")
        except ValueError:
            logging.getLogger("steward.test").error("failed: %s", TOKEN, exc_info=True)
            alone.error("alone: %s", TOKEN, exc_info=True, stack_info=True)
    finally:
        root.removeHandler(late_handler)
        alone.removeHandler(keeper)
        alone.propagate = True
    assert_clean(late.getvalue())
    assert_clean(log_text.getvalue())
    (record,) = kept
    assert record.args is None and record.exc_info is None
    assert_clean(logging.Formatter().format(record))
    assert_clean(record.exc_text or "")
    assert "ValueError: bad URL" in (record.exc_text or "")


def test_records_not_made_by_the_factory_are_filtered(log_text: io.StringIO) -> None:
    """A record built by hand still passes the root handlers' redacting filter."""
    record = logging.makeLogRecord(
        {
            "name": "x",
            "levelno": logging.ERROR,
            "levelname": "ERROR",
            "msg": "t=%s",
            "args": (TOKEN,),
        }
    )
    logging.getLogger().handle(record)
    text = log_text.getvalue()
    assert_clean(text)
    assert f"t={MASKED}" in text


def test_ordinary_text_is_untouched() -> None:
    """Times, ports, user names and URLs without credentials pass unchanged."""
    redactor = logsafe.Redactor()
    for line in (
        "Steward is running as @StewardBot (polling mode) since 12:30:45",
        "listening on http://127.0.0.1:8080/telegram/hook",
        "chat -1001234567890: 3 messages, user 123456789 muted",
    ):
        assert redactor(line) == line


def test_redaction_is_idempotent() -> None:
    """Masked text stays as it is when redacted again."""
    redactor = logsafe.Redactor()
    redactor.add_token(TOKEN)
    once = redactor(f"{API_URL}/getMe {TOKEN}")
    assert redactor(once) == once == f"https://api.telegram.org/bot{MASKED}/getMe {MASKED}"


def test_close_restores_logging() -> None:
    """configure_logging's changes are undone by close (tests rely on it)."""
    root = logging.getLogger()
    handlers, level, factory = list(root.handlers), root.level, logging.getLogRecordFactory()
    setup = logsafe.configure_logging("DEBUG", stream=io.StringIO())
    setup.close()
    assert root.handlers == handlers and root.level == level
    assert logging.getLogRecordFactory() is factory
    assert not any(isinstance(f, logsafe.RedactingFilter) for h in handlers for f in h.filters)
