"""Steward's settings: from the environment and an optional `.env`, validated once at start."""

from __future__ import annotations

import ipaddress
import re
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED_LANGUAGES = ("en", "zh", "ru")
# The built-in sandbox's token (bot.sandbox.World's default): accepted although no real token
# is this short, so `steward demo` and the tests run; Telegram itself would refuse it.
SANDBOX_TOKEN = "123456:SANDBOX-TOKEN"
# What @BotFather hands out: the bot's numeric id, a colon, and 30+ URL-safe characters
# (35 today).
TOKEN_PATTERN = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_-]{30,}")
TOKEN_HINT = (
    "does not look like a bot token (expected the bot id, a colon and 30 or more letters, "
    "digits, _ or -, e.g. 123456789:AAF...; copy it again from @BotFather)"
)
# DATABASE_URL drivers Steward can use; bot.store.engine maps the plain forms onto the async ones.
SUPPORTED_DRIVERS = ("sqlite", "sqlite+aiosqlite", "postgres", "postgresql", "postgresql+asyncpg")
DATABASE_HINT = (
    "use e.g. sqlite+aiosqlite:///steward.sqlite3 or postgresql://user:password@host/db"
)


class Mode(StrEnum):
    """How Steward receives updates from Telegram."""

    polling = "polling"
    webhook = "webhook"


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line naming it."""


class Settings(BaseSettings):
    """Every setting Steward reads, with its default."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    bot_token: SecretStr | None = Field(
        default=None, description="Token from @BotFather (required for `steward run`)."
    )
    database_url: str = Field(
        default="sqlite+aiosqlite:///steward.sqlite3",
        description="SQLite file (default, in the working directory) or postgresql://...",
    )
    mode: Mode = Field(default=Mode.polling, description="polling or webhook.")
    webhook_url: AnyHttpUrl | None = Field(
        default=None, description="Public HTTPS URL Telegram posts updates to (webhook mode)."
    )
    webhook_secret: SecretStr | None = Field(
        default=None, description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token."
    )
    listen: str = Field(
        default="127.0.0.1:8080", description="host:port the webhook server listens on."
    )
    superusers: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="Comma-separated Telegram user ids with full access."
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    default_language: str = Field(default="en", description="Language for new groups: en, zh, ru.")
    default_timezone: str = Field(default="UTC", description="IANA time zone for new groups.")
    retention_days: int = Field(
        default=7, ge=0, le=3650, description="Days message texts are kept (0: never kept)."
    )
    bot_api_base_url: str | None = Field(
        default=None,
        description="Bot API server, e.g. http://127.0.0.1:8081/bot (the sandbox); "
        "default: Telegram.",
    )

    @field_validator("superusers", mode="before")
    @classmethod
    def _parse_superusers(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("must be comma-separated numeric Telegram user ids") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("default_language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        lang = value.lower()
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return lang

    @field_validator("default_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Europe/Berlin") from None
        return value

    @field_validator("listen")
    @classmethod
    def _check_listen(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("must be host:port, e.g. 0.0.0.0:8080")
        if host not in ("localhost", "") and not _is_ip(host.strip("[]")):
            raise ValueError("host must be an IP address or localhost")
        return value

    @field_validator("bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        # Never echo the value: the message ends up in the terminal and in logs.
        if value is None:
            return None
        token = value.get_secret_value().strip()
        if not token:
            return None  # missing: `token()` says so when a command needs it
        if token != SANDBOX_TOKEN and not TOKEN_PATTERN.fullmatch(token):
            raise ValueError(TOKEN_HINT)
        return SecretStr(token)

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        # Never echo the value: it may hold a password.
        try:
            url = make_url(value.strip())
        except ArgumentError:
            raise ValueError(f"cannot be parsed as a database URL; {DATABASE_HINT}") from None
        except ValueError:  # SQLAlchemy's int() of the port
            raise ValueError(
                "cannot be parsed as a database URL: its port is not a number"
            ) from None
        driver = url.drivername.lower()
        if driver not in SUPPORTED_DRIVERS:
            raise ValueError(f"driver {driver!r} is not supported; {DATABASE_HINT}")
        return value.strip()

    @model_validator(mode="after")
    def _check_webhook(self) -> Settings:
        if self.mode is Mode.webhook and self.webhook_url is None:
            raise ValueError("WEBHOOK_URL is required when MODE=webhook")
        return self

    @property
    def listen_host(self) -> str:
        """Host part of LISTEN."""
        return self.listen.rpartition(":")[0].strip("[]") or "0.0.0.0"

    @property
    def listen_port(self) -> int:
        """Port part of LISTEN."""
        return int(self.listen.rpartition(":")[2])

    def token(self) -> str:
        """The bot token, or a clear error when it is missing (its shape is checked at load)."""
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise ConfigError("BOT_TOKEN: missing; get one from @BotFather and set BOT_TOKEN")
        return self.bot_token.get_secret_value().strip()

    def masked(self) -> dict[str, str]:
        """The effective settings as text, secrets masked, for `steward check-config`."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                text = _mask(value.get_secret_value())
            elif value is None:
                text = "(not set)"
            elif isinstance(value, frozenset):
                text = ",".join(str(v) for v in sorted(value)) or "(none)"
            elif name in _URL_SETTINGS:
                text = _mask_url_password(str(value))
            else:
                text = str(value)
            shown[name.upper()] = text
        return shown


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _mask(secret: str) -> str:
    if not secret:
        return "(empty)"
    if len(secret) <= 8:
        return "*" * len(secret)
    return f"{secret[:4]}…{secret[-2:]} ({len(secret)} characters)"


# Settings holding a URL that may carry credentials (user:password@, ?password=, a bot token).
_URL_SETTINGS = frozenset({"database_url", "webhook_url", "bot_api_base_url"})
# Query parameters whose value is a secret: the name, lower-cased with `_`, `-` and `.` taken
# out, holds pass, pwd, secret, token, key, auth or credential (password, libpq's sslpassword,
# api_key, apiKey, access-key, client_secret, auth_token) ...
_SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token|key|auth|credential")
# ... unless it names a file, whose value is a path, shown: libpq's sslkey (the client key's
# file, its passphrase is sslpassword) and any name ending in file, path or dir (passfile,
# sslkeylogfile, key_file, keypath).
_FILE_PARAMETER = re.compile(r"sslkey|.*(file|path|dir)")


def _is_secret_parameter(name: str) -> bool:
    """Whether a URL query parameter's value is a secret to mask (see _SECRET_PARAMETER)."""
    plain = re.sub(r"[-_.]", "", name.lower())
    return bool(_SECRET_PARAMETER.search(plain)) and not _FILE_PARAMETER.fullmatch(plain)


def _mask_url_password(url: str) -> str:
    """The URL with its credentials masked: the password of `user:password@`, the value of a
    secret query parameter (`?password=...`), and any bot token (a webhook path often has one)."""
    scheme, sep, rest = url.partition("://")
    if sep:
        head, slash, tail = rest.partition("/")
        creds, at, host = head.rpartition("@")
        if at and ":" in creds:
            head = f"{creds.split(':', 1)[0]}:***@{host}"
        base, question, query = (head + slash + tail).partition("?")
        if question:
            query, hash_, fragment = query.partition("#")
            pairs = []
            for pair in query.split("&"):
                key, equals, value = pair.partition("=")
                if equals and value and _is_secret_parameter(key):
                    value = "***"
                pairs.append(key + equals + value)
            base += question + "&".join(pairs) + hash_ + fragment
        url = f"{scheme}://{base}"
    return TOKEN_PATTERN.sub(lambda m: m[0].split(":", 1)[0] + ":***", url)


def load_settings(**overrides: Any) -> Settings:
    """Build Settings from the environment (and `.env`), or raise ConfigError with one line."""
    try:
        return Settings(**overrides)
    except UnicodeDecodeError:
        raise ConfigError(".env is not UTF-8 text: save it as UTF-8") from None
    except OSError as exc:  # an unreadable .env
        raise ConfigError(f"cannot read {exc.filename or '.env'}: {exc.strerror or exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err.get("loc", ())) or "settings"
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        raise ConfigError(f"{loc.upper()}: {message}") from None
