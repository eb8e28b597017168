"""The `steward` command line: run, demo, check-config, and the model tools."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from telegram.error import InvalidToken, NetworkError

from bot import logsafe
from bot.config import SANDBOX_TOKEN, ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from bot.models import Models

EXIT_FAILED, EXIT_USAGE = 1, 2
# Ctrl-C: the shell's status for a command ended by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130


class OutputError(Exception):
    """Standard output could not be written: its reader has gone (`| head`), the disk is full."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.cause = cause

    @property
    def reader_gone(self) -> bool:
        """The reader closed the pipe: nothing more is wanted, which is no failure."""
        return isinstance(self.cause, BrokenPipeError)


class GuardedOutput:
    """Standard output as every subcommand writes it (print, `sys.stdout.write`). The first
    failure is kept and raised as OutputError; from then on the output goes nowhere, so a
    command that goes on (replay still writes its reports) and the final flush cannot fail.
    `quiet` (standard error): the failure is kept but not raised, as there is nowhere left to
    say it, and the command ends with the status it has."""

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self._stream = stream
        self._quiet = quiet
        self.error: OutputError | None = None

    def write(self, text: str) -> int:
        """Write text; raise OutputError if it cannot be written (discard once that happened)."""
        if self.error is not None:
            return len(text)
        try:
            return self._stream.write(text)
        except OSError as exc:
            self._failed(exc)
            return len(text)

    def flush(self) -> None:
        """Flush what is buffered; raise OutputError if it cannot be written."""
        if self.error is not None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            self._failed(exc)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, ...
        return getattr(self._stream, name)

    def _failed(self, exc: OSError) -> None:
        """Keep the failure, send the rest to /dev/null, and raise it unless quiet."""
        self.error = OutputError(exc)
        try:  # what is still buffered goes to /dev/null at exit, not into a second traceback
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass  # no file behind the stream (a test's capture): nothing is flushed at exit
        if not self._quiet:
            raise self.error from None


def _open_closed_streams() -> None:
    """A standard stream closed at start (`>&-`, some services) is None in Python: print() to a
    None stderr writes to stdout, and the next file opened would take its descriptor. Both go to
    /dev/null instead (opened here, it takes the free descriptor)."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)


def run_command(args: argparse.Namespace) -> int:
    """Run one subcommand the way every subcommand shares: standard output guarded (a reader
    that has gone ends it quietly, status 0 as for a closed standard output: nothing more was
    wanted; any other write failure is one `steward:` line and status 1), a closed standard
    output taken as /dev/null, Ctrl-C ends it quietly with status 130."""
    return _guarded(lambda: args.func(args), f"{args.command}: ")


def _guarded(call: Callable[[], int], what: str = "") -> int:
    """`call()`'s status, with standard output guarded as run_command says."""
    _open_closed_streams()
    real = sys.stdout
    guarded = GuardedOutput(real)
    sys.stdout = cast(TextIO, guarded)
    status = 0  # if the output fails first, the command stopped there with nothing else wrong
    try:
        status = call()
        guarded.flush()
    except OutputError:
        pass  # guarded.error says what happened
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    finally:
        sys.stdout = real
    if guarded.error is None or guarded.error.reader_gone:
        return status
    return _fail(f"{what}the output could not be written: {guarded.error}", EXIT_FAILED)


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"steward: {logsafe.redact(message)}", file=sys.stderr)
    return status


def cmd_check_config(_args: argparse.Namespace) -> int:
    """Validate the settings (token shape, database URL, ...) and print them, secrets masked."""
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
    from bot.runner import AlreadyRunning, CannotListen, serve
    from bot.store import StoreUnavailable

    try:
        settings = load_settings()
        settings.token()
    except ConfigError as exc:
        return _fail(f"config: {exc}")
    # Before anything that logs: every line, at every level, has the secrets redacted.
    logsafe.configure_logging(settings.log_level, settings)
    logsafe.protect_process()
    try:
        asyncio.run(serve(settings))
    except KeyboardInterrupt:
        return 0
    except StoreUnavailable as exc:
        return _fail(f"database: {exc}")
    except (AlreadyRunning, CannotListen) as exc:
        return _fail(str(exc))
    except InvalidToken:
        return _fail("BOT_TOKEN: Telegram rejected the token; copy it again from @BotFather")
    except NetworkError as exc:
        return _fail(f"cannot reach the Bot API: {exc}", 1)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the scripted sandbox scenario and print its transcript."""
    from bot.demo import run_demo

    # Set up before run_demo's own basicConfig (which then does nothing), at the same levels.
    logsafe.configure_logging(
        logging.INFO if args.verbose else logging.CRITICAL, secrets=[SANDBOX_TOKEN]
    )
    return asyncio.run(run_demo(verbose=args.verbose))


def trained_models() -> Models:
    """The models as the live bot would build them: the seeds plus what `steward train` and
    moderators added to the configured database; the seeds alone when there is no database yet
    (nothing is created) or it cannot be read (said on stderr)."""
    from sqlalchemy.engine import make_url

    from bot.models import Models
    from bot.store import Store, StoreUnavailable

    try:
        settings = load_settings()
        url = make_url(settings.database_url)
    except (ConfigError, ValueError):
        return Models.build()
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return Models.build()

    async def load() -> Models:
        store = await Store.open(settings.database_url)
        try:
            return await Models.load(store)
        finally:
            await store.close()

    try:
        return asyncio.run(load())
    except (StoreUnavailable, OSError) as exc:
        print(f"steward: note: trained samples not read ({exc}); seeds only", file=sys.stderr)
        return Models.build()


def cmd_classify(args: argparse.Namespace) -> int:
    """Judge JSON Lines messages with the default (enforce) settings."""
    from bot.classify import classify_lines, read_lines

    if args.file == "-" and sys.stdin is None:
        return _fail("classify: no standard input; give a file or pipe JSON Lines in")
    models = trained_models()
    try:
        # Bytes: a line that is not UTF-8 gets its own error and the rest are still judged.
        source = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    except OSError as exc:
        return _fail(f"classify: cannot read {args.file}: {exc.strerror}")
    with source:
        # A reader that has gone (`| head`) ends the loop (OutputError, see run_command).
        for result in classify_lines(read_lines(source), models):
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Precision, recall and false-positive rate per language on labelled files."""
    from bot.classify import SampleError, evaluate_files, format_report

    for path in (args.spam, args.ham):
        if not path.is_file():
            return _fail(f"eval: {_not_a_file(path)}: {path}")
    try:
        tallies = evaluate_files(args.spam, args.ham, trained_models())
    except SampleError as exc:
        return _fail(f"eval: {exc}")
    if not tallies:  # as train refuses them: a table of nothing read as a result
        return _fail("eval: give --spam FILE and --ham FILE with at least one message")
    print(format_report(tallies))
    return 0


def _not_a_file(path: Path) -> str:
    """Why `path`, which is no file, cannot be read as one."""
    return "a folder, not a file" if path.is_dir() else "no such file"


def cmd_train(args: argparse.Namespace) -> int:
    """Add labelled samples to the shared model or one chat's, in the store."""
    from bot.classify import SampleError, read_samples
    from bot.store import Store, StoreUnavailable

    if args.chat is not None and args.chat >= 0:
        return _fail(f"train: --chat {args.chat} is a person's id; a group's id is negative")
    rows: list[tuple[int | None, str, str]] = []
    for path, label in ((args.spam, "spam"), (args.ham, "ham")):
        if path is None:
            continue
        if not path.is_file():
            return _fail(f"train: {_not_a_file(path)}: {path}")
        try:
            rows += [(args.chat, text, label) for text, _ in read_samples(path, label)]
        except SampleError as exc:
            return _fail(f"train: {exc}; nothing was added")
    if not rows:
        return _fail("train: give --spam FILE and/or --ham FILE with at least one message")
    try:
        settings = load_settings()
    except ConfigError as exc:
        return _fail(f"config: {exc}")
    logsafe.configure_logging(logging.WARNING, settings)

    async def store_rows() -> int:
        store = await Store.open(settings.database_url)
        try:
            return await store.add_samples(rows, source="train", at=datetime.now(UTC))
        finally:
            await store.close()

    try:
        added = asyncio.run(store_rows())
    except StoreUnavailable as exc:
        return _fail(f"database: {exc}")
    scope = f"chat {args.chat}" if args.chat is not None else "the shared model"
    known = len(rows) - added
    also = f" ({known} already known, not added again)" if known else ""
    print(f"added {added} samples to {scope}{also}; a running Steward uses them after a restart")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    """What Steward would have done to a chat's exported history."""
    from bot.replay.cli import run

    return run(args)


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
    check = sub.add_parser(
        "check-config", help="validate the settings and print them, secrets masked"
    )
    check.set_defaults(func=cmd_check_config)
    classify = sub.add_parser("classify", help="judge JSON Lines messages (file or - for stdin)")
    classify.add_argument("file", nargs="?", default="-")
    classify.set_defaults(func=cmd_classify)
    train = sub.add_parser("train", help="add labelled samples to the spam model")
    train.add_argument("--spam", type=Path, help="spam samples: plain lines or JSON Lines")
    train.add_argument("--ham", type=Path, help="ham samples: plain lines or JSON Lines")
    train.add_argument("--chat", type=int, help="only for this chat id (default: shared)")
    train.set_defaults(func=cmd_train)
    evaluate = sub.add_parser("eval", help="precision, recall and FPR per language")
    evaluate.add_argument("--spam", type=Path, required=True)
    evaluate.add_argument("--ham", type=Path, required=True)
    evaluate.set_defaults(func=cmd_eval)
    replay = sub.add_parser(
        "replay", help="run a Telegram Desktop chat export through Steward, acting on nothing"
    )
    replay.add_argument("export", type=Path, help="result.json, or an export folder")
    replay.add_argument("--settings", type=Path, help="the chat's settings (JSON or TOML)")
    replay.add_argument("--chat", help="only this chat of a full-account export (id or name)")
    replay.add_argument("--html", type=Path, help="write a report to open in a browser")
    replay.add_argument("--json", type=Path, help="write the report as JSON")
    replay.set_defaults(func=cmd_replay)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `steward` console script. Standard error, closed (`2>&-`), full or
    gone, changes no status: what cannot be said there goes nowhere (GuardedOutput, quiet)."""
    _open_closed_streams()  # before argparse, which writes its usage to stdout if stderr is None
    real = sys.stderr
    errors = GuardedOutput(real, quiet=True)
    sys.stderr = cast(TextIO, errors)
    try:
        return _main(argv)
    finally:
        errors.flush()  # a line still buffered fails here, not at exit
        sys.stderr = real


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    parsed: list[argparse.Namespace] = []

    def parse() -> int:
        # --help and usage errors: argparse writes and exits; its output guarded as commands'.
        try:
            parsed.append(parser.parse_args(argv))
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        if getattr(parsed[0], "func", None) is None:
            parser.print_help()
            return EXIT_USAGE
        return 0

    status = _guarded(parse)
    if status or not parsed:  # --help, a usage error, no command, or its output failed
        return status
    return run_command(parsed[0])


__all__ = ["Settings", "main"]
