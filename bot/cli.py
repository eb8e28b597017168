"""The `steward` command line: run, demo, check-config, and the model tools."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from telegram.error import InvalidToken, NetworkError

from bot.config import ConfigError, Settings, load_settings

EXIT_USAGE = 2


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"steward: {message}", file=sys.stderr)
    return status


def _setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
    )
    # httpx logs every request at INFO, which would include the bot token in the URL.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def cmd_check_config(_args: argparse.Namespace) -> int:
    """Print the effective settings with secrets masked."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        return _fail(f"config: {exc}")
    width = max(len(k) for k in settings.masked())
    for key, value in settings.masked().items():
        print(f"{key:<{width}}  {value}")
    if settings.bot_token is None:
        print("\nnote: BOT_TOKEN is not set; `steward run` needs it (`steward demo` does not).")
    return 0


def cmd_run(_args: argparse.Namespace) -> int:
    """Run the bot against Telegram (or BOT_API_BASE_URL)."""
    from bot.runner import AlreadyRunning, serve
    from bot.store import StoreUnavailable

    try:
        settings = load_settings()
        settings.token()
    except ConfigError as exc:
        return _fail(f"config: {exc}")
    _setup_logging(settings.log_level)
    try:
        asyncio.run(serve(settings))
    except KeyboardInterrupt:
        return 0
    except StoreUnavailable as exc:
        return _fail(f"database: {exc}")
    except AlreadyRunning as exc:
        return _fail(str(exc))
    except InvalidToken:
        return _fail("BOT_TOKEN: Telegram rejected the token; copy it again from @BotFather")
    except NetworkError as exc:
        return _fail(f"cannot reach the Bot API: {exc}", 1)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the scripted sandbox scenario and print its transcript."""
    from bot.demo import run_demo

    return asyncio.run(run_demo(verbose=args.verbose))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="steward",
        description="Steward: a guardian for Telegram selling and fan communities.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="run the bot (needs BOT_TOKEN)")
    run.set_defaults(func=cmd_run)
    demo = sub.add_parser("demo", help="run Steward against the built-in Telegram sandbox")
    demo.add_argument("-v", "--verbose", action="store_true", help="also show Steward's log")
    demo.set_defaults(func=cmd_demo)
    check = sub.add_parser("check-config", help="print the effective settings, secrets masked")
    check.set_defaults(func=cmd_check_config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `steward` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return EXIT_USAGE
    status: int = args.func(args)
    return status


__all__ = ["Settings", "main"]
