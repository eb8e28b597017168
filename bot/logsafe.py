"""Keeping secrets out of the log: the bot token, database passwords and the webhook secret.

python-telegram-bot puts the token in every Bot API URL (`https://api.telegram.org/bot<TOKEN>/getMe`)
and logs those URLs at DEBUG ("Set Bot API URL: ..."); httpx logs each request's URL at INFO
("HTTP Request: POST https://api.telegram.org/bot<TOKEN>/getUpdates ..."); a traceback of a
failed request can carry the URL in its message. Everything Steward logs goes through one
`Redactor`, which replaces:

* the configured secrets literally (the token becomes `123456:***`: the bot id is public; the
  webhook secret and the database password become `***`);
* anything shaped like a bot token (digits, a colon, 30+ of `[A-Za-z0-9_-]`), configured or not;
* the token part of `/bot<TOKEN>/` and `/file/bot<TOKEN>/` URLs, whatever its shape;
* the password of any `scheme://user:password@host` URL.

Where it is applied, and why there:

1. A log-record factory redacts every record as it is created, before any handler sees it: it
   renders the message with its %-args and any traceback, redacts the text, and leaves a record
   with `args=None`, `exc_info=None` and a redacted `exc_text`/`stack_info`, so no formatter can
   render the secret again from the original arguments or exception. This covers handlers
   libraries add later and loggers that do not propagate to the root.
2. A `RedactingFilter` on every handler of the root logger does the same for records that did not
   come from the factory (e.g. `logging.makeLogRecord`). Filters go on the handlers, not on the
   root logger: a logger's own filters never see records propagated from child loggers such as
   `httpx` or `telegram.Bot`.
3. Steward's own handler formats with `RedactingFormatter`: the final line, traceback included,
   is redacted once more after formatting.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from bot.config import Settings

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
MASK = "***"

# A bot id (kept: it is public) and a secret part long enough to be a real token's.
_TOKEN_SHAPE = re.compile(r"(?<![0-9])([0-9]{3,15}):[A-Za-z0-9_-]{30,}")
# The token inside a Bot API URL path, whatever its length: /bot<id>:<secret>/...
_TOKEN_IN_URL = re.compile(r"(/(?:file/)?bot)([0-9]+)(?::|%3[Aa])[^/\s?#'\"<>`]+")
# scheme://user:password@host
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:)[^@\s]+?(@)")
# Secrets shorter than this are not replaced literally (they would blot out ordinary words);
# the patterns above still apply.
_MIN_LITERAL = 6


class Redactor:
    """Replaces secrets in text: known ones literally, token- and password-shaped ones always."""

    def __init__(self) -> None:
        self._literals: dict[str, str] = {}

    def add_token(self, token: str | None) -> None:
        """Hide this bot token: `123456:***`; its secret part alone (or URL-encoded) too."""
        if not token:
            return
        bot_id, sep, secret = token.partition(":")
        if sep and bot_id.isdigit():
            self._add(token, f"{bot_id}:{MASK}")
            self._add(quote(token, safe=""), f"{bot_id}%3A{MASK}")
            self._add(secret, MASK)
        else:
            self._add(token, MASK)

    def add_secret(self, secret: str | None) -> None:
        """Hide this secret (a password, the webhook secret) wherever it appears."""
        if secret:
            self._add(secret, MASK)
            self._add(quote(secret, safe=""), MASK)

    def add_settings(self, settings: Settings) -> None:
        """Hide every secret the settings hold: token, webhook secret, database password."""
        if settings.bot_token is not None:
            self.add_token(settings.bot_token.get_secret_value().strip())
        if settings.webhook_secret is not None:
            self.add_secret(settings.webhook_secret.get_secret_value())
        self.add_secret(_database_password(settings.database_url))

    def clear(self) -> None:
        """Forget the literal secrets (the patterns stay)."""
        self._literals.clear()

    def _add(self, literal: str, replacement: str) -> None:
        if len(literal) >= _MIN_LITERAL and literal != replacement:
            self._literals[literal] = replacement

    def __call__(self, text: str) -> str:
        for literal in sorted(self._literals, key=len, reverse=True):
            if literal in text:
                text = text.replace(literal, self._literals[literal])
        text = _TOKEN_IN_URL.sub(rf"\g<1>\g<2>:{MASK}", text)
        text = _TOKEN_SHAPE.sub(rf"\g<1>:{MASK}", text)
        return _URL_PASSWORD.sub(rf"\g<1>{MASK}\g<2>", text)


def _database_password(url: str) -> str | None:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).password
    except Exception:  # an unparseable URL is reported by the settings, not here
        return None


# The redactor the record factory, the filters and `redact` use.
REDACTOR = Redactor()
_PLAIN = logging.Formatter()


def redact(text: str) -> str:
    """The text with every known and every token- or password-shaped secret hidden."""
    return REDACTOR(text)


def redact_record(record: logging.LogRecord, redactor: Redactor = REDACTOR) -> None:
    """Render the record's message and traceback, redact them, and drop what could re-leak."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: show its parts, as logging's handleError would
        message = f"{record.msg!r} (arguments: {record.args!r})"
    record.msg = redactor(message)
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = _PLAIN.formatException(record.exc_info)
    record.exc_info = None
    if record.exc_text:
        record.exc_text = redactor(record.exc_text)
    if record.stack_info:
        record.stack_info = redactor(record.stack_info)


class RedactingFilter(logging.Filter):
    """A handler filter that redacts each record in place (it never drops one)."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record, self.redactor)
        return True


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then redacts the whole line, traceback included."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__(LOG_FORMAT, DATE_FORMAT)
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        return self.redactor(super().format(record))


_Factory = Callable[..., logging.LogRecord]


def _install_record_factory() -> _Factory | None:
    """Wrap the current record factory with redaction; returns the one replaced (or None)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "steward_redacting", False):
        return None

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        redact_record(record)
        return record

    factory.steward_redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
    return current


class LoggingSetup:
    """What `configure_logging` changed, so tests can undo it."""

    def __init__(self, handler: logging.Handler) -> None:
        self.handler = handler
        self.root_level = logging.NOTSET
        self.levels: dict[str, int] = {}
        self.filtered: list[logging.Handler] = []
        self.factory: _Factory | None = None

    def close(self) -> None:
        """Remove the handler, the filters and the record factory; restore levels and secrets."""
        root = logging.getLogger()
        root.removeHandler(self.handler)
        self.handler.close()
        for handler in self.filtered:
            for flt in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
                handler.removeFilter(flt)
        root.setLevel(self.root_level)
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)
        if self.factory is not None:
            logging.setLogRecordFactory(self.factory)
        REDACTOR.clear()


def configure_logging(
    level: str | int,
    settings: Settings | None = None,
    *,
    secrets: Iterable[str] = (),
    stream: IO[str] | None = None,
) -> LoggingSetup:
    """Steward's logging: one stream handler on the root logger, every secret redacted.

    `settings` supplies the literal secrets (token, webhook secret, database password); `secrets`
    adds tokens known otherwise (the sandbox's). Calling it again replaces Steward's handler.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "steward_handler", False)]:
        root.removeHandler(old)
        old.close()
    if settings is not None:
        REDACTOR.add_settings(settings)
    for token in secrets:
        REDACTOR.add_token(token)

    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.steward_handler = True  # type: ignore[attr-defined]
    handler.setFormatter(RedactingFormatter())
    setup = LoggingSetup(handler)
    setup.root_level = root.level
    root.addHandler(handler)
    root.setLevel(level)
    for each in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in each.filters):
            each.addFilter(RedactingFilter())
            setup.filtered.append(each)
    setup.factory = _install_record_factory()

    numeric = logging.getLevelName(level) if isinstance(level, str) else level
    quiet = {"apscheduler": logging.WARNING, "alembic": logging.WARNING}
    # httpx logs every request at INFO: noise, except when debugging (the URLs are redacted).
    quiet["httpx"] = logging.NOTSET if numeric == logging.DEBUG else logging.WARNING
    for name, value in quiet.items():
        setup.levels[name] = logging.getLogger(name).level
        logging.getLogger(name).setLevel(value)
    return setup


def protect_process() -> None:
    """Route what bypasses logging through redaction too: uncaught exceptions and warnings.

    For `steward run` only: it replaces process-wide hooks.
    """

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(redact("".join(traceback.format_exception(kind, exc, tb))))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        text = "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)
        )
        sys.stderr.write(redact(f"Exception in thread {name}:\n{text}"))

    sys.excepthook = hook
    threading.excepthook = thread_hook
    logging.captureWarnings(True)


__all__ = [
    "REDACTOR",
    "LoggingSetup",
    "RedactingFilter",
    "RedactingFormatter",
    "Redactor",
    "configure_logging",
    "protect_process",
    "redact",
    "redact_record",
]
