"""`steward replay EXPORT [--settings FILE] [--chat ID|NAME] [--html FILE] [--json FILE]`."""

from __future__ import annotations

import difflib
import json
import os
import sys
import time
import tomllib
from dataclasses import fields
from datetime import UTC, tzinfo
from pathlib import Path
from typing import IO, Any

from bot.cli import OutputError
from bot.models import Models
from bot.replay.exports import ChatExport, ExportError, in_time_order, open_export
from bot.replay.html_export import _PAGE
from bot.replay.lifecycle import Plan, plan_of
from bot.replay.records import PERSONAL_TYPES
from bot.replay.run import Report, replay
from bot.replay.run import zone_name as _zone_name
from policies import ChatPolicy
from policies.chatpolicy import parse_settings
from policies.competitors import NONE, Competitors, Entry, entry_of

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Chats that are nobody's group: refused (a channel is replayed, with a note).
PERSONAL = PERSONAL_TYPES


def load_settings(path: Path | None) -> tuple[ChatPolicy, Competitors, Plan]:
    """A chat's settings as `/settings` keeps them (JSON or TOML), plus `competitors = [...]`
    and the prompt plan (`schedules`, `quiet_hours`, `timezone`, `language`)."""
    if path is None:
        return ChatPolicy(), NONE, plan_of({})
    raw = path.read_text(encoding="utf-8")
    data: Any = tomllib.loads(raw) if path.suffix.lower() == ".toml" else json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("the settings file must hold an object of settings")
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        # A misspelt key ("spam_acton") was ignored and the replay ran on the default.
        raise ValueError("unknown setting: " + ", ".join(_with_hint(key) for key in unknown))
    names = data.get("competitors") or []
    if not isinstance(names, list):
        raise ValueError("competitors must be a list of names")
    # A name that is not text (null: an empty cell of a spreadsheet) is no rival's name: as
    # text it was "None", and "None of the sizes fit" named a competitor.
    not_text = [repr(n) for n in names if not isinstance(n, str)]
    if not_text:
        raise ValueError("competitor names must be text: " + ", ".join(not_text[:5]))
    made = [(n, entry_of(n)) for n in names]
    refused = [f"{name!r} ({why})" for name, why in made if not isinstance(why, Entry)]
    if refused:
        # /competitor add refuses them (too short, an everyday word): so does the replay.
        raise ValueError("competitor names refused: " + ", ".join(refused[:5]))
    entries = [e for _, e in made if isinstance(e, Entry)]
    # Checked by the parser `/settings` uses: refused where it would refuse the same value.
    parsed, rejected = parse_settings(data)
    if rejected:
        raise ValueError("not a valid value: " + ", ".join(rejected))
    return (
        ChatPolicy.from_settings(parsed),
        Competitors(entries) if entries else NONE,
        plan_of(data),
    )


# What a settings file may hold: the chat's settings, its rivals and its prompt plan.
_KNOWN_KEYS = frozenset(f.name for f in fields(ChatPolicy)) | {
    "competitors",
    "schedules",
    "quiet_hours",
    "timezone",
    "language",
}


def _with_hint(key: str) -> str:
    close = difflib.get_close_matches(key, sorted(_KNOWN_KEYS), n=1)
    return f"{key} (did you mean {close[0]}?)" if close else key


def _progress(records: Any, export: ChatExport, out: IO[str]) -> Any:
    """A progress bar on a terminal (tqdm), nothing otherwise."""
    if not out.isatty():
        return records
    from tqdm import tqdm

    return tqdm(records, desc=export.name[:30], unit=" msg", file=out, mininterval=0.5)


def summary_lines(report: Report, seconds: float, zone: tzinfo = UTC) -> list[str]:
    """The terminal summary of one chat, its times on the group's clock (`zone`, named)."""
    chat = report.chat
    rate = report.messages / seconds if seconds > 0 else 0.0
    lines = [
        f"«{chat['name']}» ({chat['type']}): {report.messages} messages, "
        f"{report.service} service lines, {report.members} members "
        f"({seconds:.1f} s, {rate:,.0f} messages a second)",
    ]
    if report.note:
        lines.append(f"  note: {report.note}")
    if report.bots:
        lines.append(
            f"  {report.bots} authors answered members' /commands at once: taken for bots the "
            "admins added, never judged"
        )
    if report.skipped:
        reasons = ", ".join(f"{k} {v}" for k, v in report.skip_reasons.items())
        lines.append(f"  skipped {report.skipped} unreadable records ({reasons})")
    share = report.flagged_count / report.messages if report.messages else 0.0
    lines.append(f"  would have acted on {report.flagged_count} messages ({share:.2%}):")
    for action, n in report.actions.most_common():
        lines.append(f"    {action:<20} {n}")
    if report.labels:
        lines.append("  by label: " + ", ".join(f"{k} {v}" for k, v in report.labels.items()))
    if report.top_checks:
        top = ", ".join(f"{k} {v}" for k, v in report.top_checks.most_common(6))
        lines.append(f"  top checks: {top}")
    lines.append(
        f"  complaints: {report.complaints}; complaint surges the owner would have heard of: "
        f"{len(report.herd_alerts)}"
    )
    for alert in report.herd_alerts[:10]:
        at = alert.at if alert.at.tzinfo else alert.at.replace(tzinfo=UTC)
        lines.append(
            f"    {at.astimezone(zone):%Y-%m-%d %H:%M} {_zone_name(zone)} {alert.level} "
            f"({alert.complainers} complainers, message {alert.message_id})"
        )
    if report.stages:
        spans = "; ".join(f"{s['stage']} {s['from']}..{s['to']}" for s in report.stages[-6:])
        more = f" (last 6 of {len(report.stages)})" if len(report.stages) > 6 else ""
        lines.append(f"  life-cycle stages{more}: {spans}")
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(report.prompts_skipped.items()))
    lines.append(
        f"  prompts a schedule ({', '.join(report.schedules)}) would have posted: "
        f"{len(report.prompts)}" + (f"; skipped: {skipped}" if skipped else "")
    )
    if report.error:
        lines.append(f"  stopped early: {report.error}")
    return lines


def run(args: Any, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    """Replay every group the export holds (or the one named); write the reports asked for."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        policy, competitors, plan = load_settings(args.settings)
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        print(f"steward: replay: the settings file cannot be read: {exc}", file=err)
        return EXIT_USAGE
    for output in (args.json, args.html):
        unwritable = _unwritable(output) or _overwrites(output, args.export)
        if unwritable:
            print(f"steward: replay: cannot write {output}: {unwritable}", file=err)
            return EXIT_USAGE
    try:
        chats = list(open_export(args.export, args.chat))
    except ExportError as exc:
        print(f"steward: replay: {exc}", file=err)
        return EXIT_USAGE
    except OSError as exc:
        print(f"steward: replay: {args.export}: {exc.strerror or exc}", file=err)
        return EXIT_USAGE
    personal = [c for c in chats if c.type in PERSONAL]
    for chat in personal:
        print(
            f"steward: replay: «{chat.name}» is a personal chat; only groups are replayed",
            file=err,
        )
    chats = [c for c in chats if c.type not in PERSONAL]
    if personal and not chats:
        return EXIT_USAGE
    if not chats:
        wanted = f" named {args.chat!r}" if args.chat else ""
        print(f"steward: replay: no group chat{wanted} in {args.export}", file=err)
        return EXIT_USAGE
    model = Models.build().shared
    status = EXIT_OK
    reports: list[Report] = []
    for export in chats:
        start = time.perf_counter()
        records = _progress(in_time_order(export.records()), export, err)
        report = replay(export, records, policy, model, competitors, plan)
        seconds = time.perf_counter() - start
        for line in summary_lines(report, seconds, plan.zone):
            out = say(line, out)
        if report.error:
            status = EXIT_FAILED
        reports.append(report)
    try:
        _write_outputs(args, reports)
    except OSError as exc:  # checked before the replay, but the disk may fill up or go away
        print(f"steward: replay: the report was not written: {exc.strerror or exc}", file=err)
        return EXIT_FAILED
    finally:
        for report in reports:
            report.close()
    return status


def _unwritable(path: Path | None) -> str | None:
    """Why a report could not be written to `path` (checked before a long replay), or None."""
    if path is None:
        return None
    if path.is_dir():
        return "it is a folder"
    if not path.parent.is_dir():
        return f"no folder {path.parent}"
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "permission denied"
    return None


def _overwrites(output: Path | None, export: Path) -> str | None:
    """Why writing a report to `output` would destroy the export being replayed, or None."""
    if output is None:
        return None
    target, source = output.resolve(), Path(export).resolve()
    if target == source:
        return "it is the export being replayed (or a page of it)"
    # The export's folder: the one named, or the one of a page named (`messages.html`).
    folder = source if source.is_dir() else source.parent if _PAGE.fullmatch(source.name) else None
    if folder is None or folder not in target.parents:
        return None
    # A new file beside the export (report.json, or one left by an earlier replay) destroys
    # nothing; its result.json, its pages and the media in its sub-folders are the export.
    own = target.name.lower() == "result.json" or _PAGE.fullmatch(target.name)
    if target.parent == folder and own:
        return "it is the export being replayed (or a page of it)"
    if target.parent != folder and target.exists():
        return "it is a file of the export being replayed"
    return None


def say(line: str, out: IO[str]) -> IO[str]:
    """Print a line; once the reader has gone (`| head`) or the output failed (a full disk),
    the rest goes nowhere, without a traceback, and the reports asked for are still written.
    Returns where to print next."""
    try:
        print(line, file=out)
        return out
    except OutputError:
        return out  # the command line's output: it discards the rest and says why at the end
    except BrokenPipeError:
        devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
        try:
            os.dup2(devnull.fileno(), out.fileno())
        except (OSError, ValueError):
            pass
        return devnull


def _write_outputs(args: Any, reports: list[Report]) -> None:
    if args.json is not None:
        with args.json.open("w", encoding="utf-8") as fh:
            if len(reports) == 1:
                reports[0].write_json(fh)
            else:
                fh.write("[")
                for n, report in enumerate(reports):
                    if n:
                        fh.write(", ")
                    report.write_json(fh)
                fh.write("]")
    if args.html is not None:
        from bot.replay.html import write_html

        with args.html.open("w", encoding="utf-8") as fh:
            write_html(reports, fh)
