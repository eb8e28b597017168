"""`steward replay --html`: one self-contained page an owner opens in a browser.

Per chat the page shows the summary, a chart of daily activity (messages, distinct senders,
joins and leaves) with the complaint herd's alerts on the same time axis, the alerts as a list,
and a table of the flagged messages with their reasons. The table filters by label and by
searched text, pages through any number of rows, and lets the owner mark a row "wrong"; the
marked rows download as a JSON Lines file `steward train --ham FILE` reads (one
`{"text": ..., "label": "ham", "chat": ID}` a line). Marks are kept in the browser's storage, per
chat and message id, so they survive a reload and a report made again.

Nothing is fetched: the style, the script and the charts (matplotlib SVG) are in the file, and
the page's Content-Security-Policy forbids any other source; the one script runs by its hash.
Every text from the export is hostile: it is escaped into the markup, or put in the table's JSON
block (with every `<` escaped) and set as text by the script, never as markup. Flagged rows are
streamed from the report's spool to `out` one at a time, so memory stays flat however many.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from importlib import resources
from typing import IO, TYPE_CHECKING, Any

from bot.replay.run import HerdAlert, Report, zone_name

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def _asset(name: str) -> str:
    return "\n" + resources.files("bot.replay").joinpath(name).read_text(encoding="utf-8")


# The labels a flagged row may lead with, in the filter's order (others are added after them).
FILTER_LABELS = ("spam", "poaching", "complaint", "borderline")
HERD_LEVELS = ("watch", "warning", "critical")
# Export texts are clipped: names in the markup, texts in the table's data.
MAX_NAME = 200
MAX_TEXT = 4096
MAX_DETAIL = 500
# Prompts listed in the page (the JSON report has them all).
MAX_PROMPTS = 60
# Beyond this many days the activity chart draws areas instead of one bar a day.
MAX_BARS = 400
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SVG_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')
_COLORS = {
    "messages": "#4c78a8",
    "senders": "#f58518",
    "joins": "#54a24b",
    "leaves": "#e45756",
    "watch": "#eeca3b",
    "warning": "#f58518",
    "critical": "#d62728",
}

# The page's style and script are files beside this module (read once): edited as CSS and
# JavaScript, inlined into every report, the script allowed by its hash.
_STYLE = _asset("report.css")
_SCRIPT = _asset("report.js")


def write_html(reports: list[Report], out: IO[str]) -> None:
    """The report of every chat as one HTML page, streamed to `out`."""
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; "
        f"connect-src blob:; script-src 'sha256-{script_hash}'"
    )
    names = ", ".join(_text(str(r.chat.get("name") or "?"), 60) for r in reports)
    out.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Steward replay: {_esc(names)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
    )
    made = _made(datetime.now(UTC), reports[0].zone if reports else UTC)
    out.write(
        '<header class="page">\n<h1>Steward replay</h1>\n'
        '<p class="muted">What Steward would have done to this history with the settings '
        "given, recorded only: nothing was done to anyone. "
        f"Made {made}; {len(reports)} chat{'s' if len(reports) != 1 else ''}.</p>\n"
    )
    if len(reports) > 1:
        out.write('<nav class="chats"><ul>\n')
        for n, report in enumerate(reports):
            name = _esc(_text(str(report.chat.get("name") or "?"), MAX_NAME))
            out.write(f'<li><a href="#chat-{n}"><bdi>{name}</bdi></a></li>\n')
        out.write("</ul></nav>\n")
    out.write("</header>\n")
    for n, report in enumerate(reports):
        _write_chat(n, report, out)
    out.write(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")


def _write_chat(n: int, report: Report, out: IO[str]) -> None:
    """One chat's section: summary, chart, herd, stages, then the flagged rows streamed."""
    chat = report.chat
    chat_id = chat.get("id")
    chat_id = chat_id if isinstance(chat_id, int) and not isinstance(chat_id, bool) else None
    key = str(chat_id) if chat_id is not None else f"{n}-{chat.get('name') or ''}"
    file_name = f"steward-corrections-{abs(chat_id) if chat_id is not None else n}.jsonl"
    name = _esc(_text(str(chat.get("name") or "(no name)"), MAX_NAME))
    meta = [_esc(_text(str(chat.get("type") or "unknown type"), 40))]
    if chat_id is not None:
        meta.append(f"id {chat_id}")
    if chat.get("source"):
        meta.append(f"from <bdi>{_esc(_text(str(chat['source']), MAX_NAME))}</bdi>")
    out.write(
        f'<section class="chat" id="chat-{n}" data-chat-id="{"" if chat_id is None else chat_id}"'
        f' data-chat-key="{_esc(_text(key, MAX_NAME))}" data-file="{file_name}">\n'
        f'<h2><bdi>{name}</bdi></h2>\n<p class="meta">{" · ".join(meta)}</p>\n'
    )
    out.write(_summary(report))
    out.write("<h3>Activity and complaint surges</h3>\n")
    out.write(_chart(report, prefix=f"chart-{n}"))
    out.write(_herd(report.herd_alerts, report.zone))
    out.write(_stages(report))
    out.write(_table_head(n, report))
    out.write('<script type="application/json" class="rows">[')
    for i, row in enumerate(report.flagged()):
        out.write(("," if i else "") + "\n" + _row_json(row, report.zone))
    out.write("\n]</script>\n</section>\n")


def _summary(report: Report) -> str:
    """The numbers: cards, the share acted on, note, error, skips, and the counts' tables."""
    share = report.flagged_count / report.messages if report.messages else 0.0
    cards = [
        (f"{report.messages:,}", "messages"),
        (f"{report.members:,}", "members"),
        (f"{report.service:,}", "service lines"),
        (f"{report.flagged_count:,}", f"flagged ({share:.2%})"),
        (f"{report.complaints:,}", "complaints"),
        (f"{len(report.herd_alerts):,}", "complaint surges"),
    ]
    if report.skipped:
        cards.append((f"{report.skipped:,}", "unreadable records skipped"))
    parts = ['<h3>Summary</h3>\n<div class="cards summary">\n']
    parts += [f'<div class="card"><b>{v}</b> <span>{k}</span></div>\n' for v, k in cards]
    parts.append("</div>\n")
    parts.append(
        f"<p>Steward would have acted on {report.flagged_count:,} of {report.messages:,} "
        f"messages ({share:.2%}).</p>\n"
    )
    if report.note:
        parts.append(f'<p class="box note">Note: {_esc(_text(report.note, MAX_DETAIL))}</p>\n')
    if report.error:
        parts.append(
            f'<p class="box error">Stopped early: {_esc(_text(report.error, MAX_DETAIL))}</p>\n'
        )
    if report.skipped:
        reasons = ", ".join(
            f"{_esc(_text(str(k), 80))} {v:,}" for k, v in report.skip_reasons.items()
        )
        parts.append(
            f"<p>Skipped {report.skipped:,} unreadable records"
            f"{f' ({reasons})' if reasons else ''}.</p>\n"
        )
    parts.append('<div class="counts">\n')
    parts.append(_counts("Actions", report.actions))
    parts.append(_counts("Labels", report.labels))
    parts.append(_counts("Top checks", Counter(dict(report.top_checks.most_common(10)))))
    parts.append("</div>\n")
    return "".join(parts)


def _counts(title: str, counts: Counter[str]) -> str:
    """A small table of counts, largest first."""
    rows = "".join(
        f"<tr><th>{_esc(_text(str(k), 80))}</th><td>{v:,}</td></tr>"
        for k, v in counts.most_common()
    )
    body = rows or '<tr><th class="muted">none</th><td></td></tr>'
    return f'<table class="count"><caption>{title}</caption>{body}</table>\n'


def _herd(alerts: list[HerdAlert], zone: tzinfo) -> str:
    """The complaint surges as a list (the chart marks them on its time axis), their times on
    the group's clock, named (as the terminal summary gives them)."""
    if not alerts:
        return "<p>No complaint surge the owner would have been told of.</p>\n"
    items = "".join(
        f'<li><time datetime="{a.at.isoformat()}">{_local(a.at, zone):%Y-%m-%d %H:%M}</time>'
        f" {_esc(zone_name(zone))}: <b>{_esc(a.level)}</b>, {a.complainers:,} complainers "
        f"(at message {a.message_id})</li>\n"
        for a in alerts
    )
    return (
        f"<p>Complaint surges the owner would have been told of: {len(alerts):,}.</p>\n"
        f'<ul class="herd">\n{items}</ul>\n'
    )


def _stages(report: Report) -> str:
    """Life-cycle stages as spans, and the prompts a schedule would have posted."""
    head = "<h3>Life-cycle stages and prompts</h3>\n"
    spans = "".join(
        f"<li>{_esc(item['from'])} to {_esc(item['to'])}: {_esc(item['stage'])}</li>"
        for item in report.stages
    )
    stages = f'<ul class="stages">{spans}</ul>\n' if spans else "<p>No stage yet.</p>\n"
    shown = report.prompts[:MAX_PROMPTS]
    prompts = "".join(
        f"<li>{_esc(_when(str(item['at']), report.zone))} ({_esc(item['kind'])}): "
        f"{_esc(_text(item['prompt'], MAX_DETAIL))}</li>"
        for item in shown
    )
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(report.prompts_skipped.items()))
    more = len(report.prompts) - len(shown)
    return (
        head
        + stages
        + f"<p>Prompts a schedule ({_esc(', '.join(report.schedules))}) would have posted: "
        + f"{len(report.prompts):,}"
        + (f"; skipped: {_esc(skipped)}" if skipped else "")
        + "."
        + (f" Times in {_esc(zone_name(report.zone))}." if prompts else "")
        + "</p>\n"
        + (f'<ul class="prompts">{prompts}</ul>\n' if prompts else "")
        + (f"<p>… and {more:,} more.</p>\n" if more > 0 else "")
    )


def _table_head(n: int, report: Report) -> str:
    """The flagged table's controls and empty body; the page's script fills it in."""
    labels = [*FILTER_LABELS, *sorted(set(report.labels) - set(FILTER_LABELS))]
    options = f'<option value="all">all ({report.flagged_count:,})</option>' + "".join(
        f'<option value="{_esc(label)}">{_esc(label)} ({report.labels.get(label, 0):,})</option>'
        for label in labels
    )
    return (
        f"<h3>Flagged messages ({report.flagged_count:,})</h3>\n"
        '<div class="controls">\n'
        f'<label>Label <select class="label" id="label-{n}">{options}</select></label>\n'
        f'<input class="search" type="search" id="search-{n}" placeholder="Search text, '
        'author, reasons" aria-label="search">\n'
        '<label><input class="only-wrong" type="checkbox"> only rows marked wrong</label>\n'
        '<button class="prev" type="button">&lsaquo; Previous</button>'
        '<span class="page"></span>'
        '<button class="next" type="button">Next &rsaquo;</button>\n'
        '<span class="status"></span>\n</div>\n'
        '<div class="marks">\n'
        '<button class="download" type="button" disabled>Download corrections (0)</button>\n'
        '<button class="clear" type="button" disabled>Clear marks</button>\n'
        '<a class="corrections" hidden></a> <span class="hint">Mark a row "wrong" when '
        "Steward should have left it alone; the download is a file for "
        "<code>steward train --ham</code>.</span>\n"
        '<textarea class="corrections" hidden readonly></textarea>\n</div>\n'
        '<noscript><p class="box error">The table needs JavaScript; its rows are in this '
        "file's JSON block.</p></noscript>\n"
        '<table class="flagged">\n<colgroup><col class="wrong"><col class="date">'
        '<col class="author"><col class="label"><col class="action"><col class="reasons">'
        '<col class="text"></colgroup>\n<thead><tr><th>Wrong</th>'
        f"<th>Date ({_esc(zone_name(report.zone))})</th><th>Author</th><th>Label</th>"
        "<th>Action</th><th>Reasons</th><th>Text</th></tr>"
        "</thead>\n<tbody></tbody>\n</table>\n"
    )


def _row_json(row: dict[str, Any], zone: tzinfo = UTC) -> str:
    """One flagged row for the page's script, with every `<` escaped (no `</script>`); its date
    on the group's clock (the table shows its first 16 characters)."""
    from_id = row.get("from_id")
    item = {
        "id": row.get("id"),
        "date": _on_clock(str(row.get("date") or ""), zone),
        "from": _text(str(row.get("from") or ""), MAX_NAME),
        # Pseudo ids (HTML exports) are beyond JavaScript's exact integers: a string.
        "from_id": str(from_id) if from_id is not None else None,
        "labels": [str(label) for label in row.get("labels") or ()],
        "lead": str(row.get("lead") or ""),
        "action": str(row.get("action") or ""),
        "checks": [
            _check(str(c.get("name") or ""), str(c.get("detail") or ""))
            for c in row.get("checks") or ()
        ],
        # The text as the export has it (JSON escapes its control characters), for training.
        "text": _SURROGATE.sub("\ufffd", str(row.get("text") or "")[:MAX_TEXT]),
    }
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


@lru_cache(maxsize=4096)
def _check(name: str, detail: str) -> dict[str, str]:
    """One reason of a row (the same few recur across thousands of rows: made once)."""
    return {"name": _text(name, 80), "detail": _text(detail, MAX_DETAIL)}


def _chart(report: Report, prefix: str) -> str:
    """Daily activity, joins and leaves, and the herd's alerts, as one inline SVG figure."""
    if not report.daily:
        return "<p>No activity to chart.</p>\n"
    from matplotlib import rc_context
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    totals: dict[date, Counter[str]] = {}
    for day in report.daily:
        day_totals = totals.setdefault(date.fromisoformat(day["date"]), Counter())
        for key in ("messages", "senders", "joins", "leaves"):
            day_totals[key] += int(day.get(key) or 0)
    first, last = min(totals), max(totals)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    series = {
        key: [totals[d][key] if d in totals else 0 for d in days]
        for key in ("messages", "senders", "joins", "leaves")
    }
    series["leaves"] = [-v for v in series["leaves"]]
    # Each day's mark stands at its noon, so it covers the day on the time axis.
    noons = [datetime(d.year, d.month, d.day, 12) for d in days]
    with rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": prefix,
            "font.family": "sans-serif",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 10,
            "axes.titlelocation": "left",
            "legend.frameon": False,
            "legend.loc": "upper left",
        }
    ):
        fig = Figure(figsize=(11, 5.4), layout="constrained")
        activity, members, herd = fig.subplots(
            3, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1.5, 0.9]}
        )
        _daily(activity, noons, series["messages"], "messages")
        activity.plot(
            noons,
            series["senders"],
            color=_COLORS["senders"],
            linewidth=1.4,
            marker="o" if len(days) <= 60 else None,
            markersize=3,
            label="distinct senders",
        )
        activity.set_ylabel("per day")
        activity.set_title("Messages and distinct senders a day")
        activity.legend()
        _daily(members, noons, series["joins"], "joins")
        _daily(members, noons, series["leaves"], "leaves")
        members.axhline(0, color="#888888", linewidth=0.6)
        members.set_title("Joins (up) and leaves (down) a day")
        members.legend()
        for alert in report.herd_alerts:
            color = _COLORS.get(alert.level, _COLORS["critical"])
            at = _naive(alert.at, report.zone)
            activity.axvline(at, color=color, linewidth=1.2, linestyle="--")
            if alert.level in HERD_LEVELS:
                level = HERD_LEVELS.index(alert.level)
                herd.scatter([at], [level], color=color, s=40, marker="v", zorder=3)
        herd.set_yticks(range(len(HERD_LEVELS)), HERD_LEVELS)
        herd.set_ylim(-0.6, len(HERD_LEVELS) - 0.4)
        herd.set_title("Complaint surges (herd alerts)")
        if not report.herd_alerts:
            herd.text(0.5, 0.5, "none", transform=herd.transAxes, ha="center", color="#888888")
        locator = AutoDateLocator()  # type: ignore[no-untyped-call]
        formatter = ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        herd.xaxis.set_major_locator(locator)
        herd.xaxis.set_major_formatter(formatter)
        pad = timedelta(hours=6)
        herd.set_xlim(noons[0] - timedelta(hours=12) - pad, noons[-1] + timedelta(hours=12) + pad)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    # matplotlib numbers its elements per figure (`axes_1`): each chart's ids get its own prefix.
    svg = buf.getvalue()
    svg = _SVG_ID.sub(lambda m: f"{m[1]}{prefix}-{m[2]}", svg[svg.find("<svg") :])
    return (
        '<figure class="chart">\n'
        f"{svg}\n<figcaption>Days in {_esc(zone_name(report.zone))}, {first.isoformat()} to "
        f"{last.isoformat()}; dashed lines mark complaint surges.</figcaption>\n</figure>\n"
    )


def _daily(ax: Axes, noons: list[Any], values: list[int], key: str) -> None:
    """One count a day (at each day's noon): a bar a day, or an area when there are too many
    days for bars. The axis takes datetimes (its converter), though its stubs say numbers."""
    if len(noons) <= MAX_BARS:
        ax.bar(noons, values, width=0.8, color=_COLORS[key], label=key)
    else:
        ax.fill_between(noons, values, step="mid", linewidth=0, color=_COLORS[key], label=key)


def _naive(at: datetime, zone: tzinfo) -> datetime:
    """A time as naive on the group's clock (its days are the chart's), as the axis takes it."""
    return _local(at, zone).replace(tzinfo=None)


def _local(at: datetime, zone: tzinfo) -> datetime:
    """A time on the group's clock (a time with no zone is UTC, as exports' are read)."""
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(zone)


def _on_clock(value: str, zone: tzinfo) -> str:
    """An ISO time on the group's clock, as ISO (a text that is no time is left as it is)."""
    try:
        return _local(datetime.fromisoformat(value), zone).isoformat()
    except ValueError:
        return value


def _when(value: str, zone: tzinfo) -> str:
    """An ISO time as `YYYY-MM-DD HH:MM` on the group's clock."""
    return _on_clock(value, zone)[:16].replace("T", " ")


def _made(now: datetime, zone: tzinfo) -> str:
    """When the page was made, on the report's clock as its other times are (one settings
    file, so one zone for every chat), with UTC beside a zone that is not UTC."""
    name = zone_name(zone)
    made = f"{_local(now, zone):%Y-%m-%d %H:%M} {name}"
    return made if name == "UTC" else f"{made} ({now.astimezone(UTC):%H:%M} UTC)"


def _text(value: str, limit: int) -> str:
    """An export's text made printable (no control characters, no lone surrogates), clipped."""
    value = _CONTROL.sub("\ufffd", value[: limit + 1])
    return value if len(value) <= limit else value[: limit - 1] + "\u2026"


def _esc(value: str) -> str:
    """Text for the markup, attributes included."""
    return html.escape(value, quote=True)
