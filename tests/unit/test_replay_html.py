"""The HTML replay report as markup: the summary's numbers, hostile export text escaped, the
table's rows in a JSON block, a document that parses, rows streamed, and corrections in the
format `steward train --ham` reads. What the page shows in a browser is tests/e2e's concern."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from bot.classify import read_samples
from bot.replay.exports import in_time_order, open_export
from bot.replay.html import write_html
from bot.replay.run import HerdAlert, Report, replay
from policies import ChatPolicy

SINGLE = Path(__file__).parent / "fixtures" / "exports" / "single" / "result.json"
START = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
CHAT_ID = -1001234567890
HOSTILE_NAME = '"><img src=x onerror="window.pwned=1">\u202eevil'
HOSTILE_TEXTS = (
    "<script>alert(1)</script>",
    "before </script><script>window.pwned=2</script> after",
    "<!-- </SCRIPT --> \u2028 line\u2029 'quotes' \"double\" & amp; \x00 nul",
    "\u202e\u200f RTL override \u05e9\u05dc\u05d5\u05dd",
    "x" * 100_000,
)
VOID = frozenset({"meta", "input", "br", "col", "img", "hr", "link", "source", "wbr"})


def flagged_row(
    n: int, lead: str = "spam", text: str | None = None, **extra: Any
) -> dict[str, Any]:
    """One flagged row as `Report.flagged()` yields it."""
    row: dict[str, Any] = {
        "id": 1000 + n,
        "date": (START + timedelta(minutes=7 * n)).isoformat(),
        "from_id": (1 << 60) + n,
        "from": f"Member {n}",
        "labels": [lead] if lead != "borderline" else ["spam"],
        "lead": lead,
        "action": {"spam": "delete_mute", "borderline": "warn"}.get(lead, "delete"),
        "checks": [
            {"name": "stop_phrases", "detail": "ad wording: crypto or investment pitch"},
            {"name": "newcomer", "detail": "first messages of a new member"},
        ],
        "text": text if text is not None else f"message number {n} about {lead}",
    }
    row.update(extra)
    return row


def make_report(
    rows: list[dict[str, Any]],
    *,
    name: str = "Test shop",
    chat_id: int | None = CHAT_ID,
    days: int = 3,
    **fields: Any,
) -> Report:
    """A report as `replay` leaves it, its rows spooled (ASCII JSON: lone surrogates survive)."""
    spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (the report closes it)
    for row in rows:
        spool.write(json.dumps(row) + "\n")
    labels = Counter(str(r["lead"]) for r in rows)
    daily = [
        {
            "date": (START.date() + timedelta(days=i)).isoformat(),
            "messages": 400 + 10 * i,
            "senders": 40 + i,
            "joins": 3,
            "leaves": i % 2,
        }
        for i in range(days)
    ]
    defaults: dict[str, Any] = {
        "messages": 1234,
        "service": 7,
        "members": 56,
        "flagged_count": len(rows),
        "actions": Counter(str(r["action"]) for r in rows),
        "labels": labels,
        "top_checks": Counter({"stop_phrases": len(rows), "newcomer": len(rows)}),
        "complaints": 5,
        "herd_alerts": [HerdAlert(START + timedelta(hours=30), "watch", 1042, 3)],
        "daily": daily,
        "stages": [
            {"from": "2024-05-01", "to": "2024-05-02", "stage": "new"},
            {"from": "2024-05-03", "to": "2024-05-03", "stage": "steady"},
        ],
        "prompts": [
            {
                "at": "2024-05-01T19:00:00+00:00",
                "prompt": "Which <b>drop</b> next?",
                "kind": "poll",
                "key": "sell_poll_next",
            },
        ],
        "schedules": ["daily 19:00"],
        "prompts_skipped": {"busy": 2},
    }
    defaults.update(fields)
    return Report(
        chat={
            "name": name,
            "type": "private_supergroup",
            "id": chat_id,
            "source": "/x/result.json",
        },
        _spool=spool,
        **defaults,
    )


@pytest.fixture
def reports() -> Iterator[Callable[..., Report]]:
    """`make_report`, every report made closed (its spool dropped) after the test."""
    made: list[Report] = []

    def make(rows: list[dict[str, Any]], **fields: Any) -> Report:
        made.append(make_report(rows, **fields))
        return made[-1]

    yield make
    for report in made:
        report.close()


def render(*reports: Report) -> str:
    """The page for these reports, as text."""
    out = io.StringIO()
    write_html(list(reports), out)
    return out.getvalue()


def page_text(page: str) -> str:
    """What the page reads as without its script (whitespace collapsed, cells apart)."""
    tree = lxml_html.fromstring(page)
    texts = tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    return " ".join(" ".join(texts).split())


def data_rows(page: str) -> list[list[dict[str, Any]]]:
    """The rows of every chat's JSON block."""
    tree = lxml_html.fromstring(page)
    blocks = tree.xpath('//script[@type="application/json"]')
    return [json.loads(block.text) for block in blocks]


class Structure(HTMLParser):
    """Checks the markup nests: every element closed, in order; records tags and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: Counter[str] = Counter()
        self.ids: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._seen(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._seen(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def _seen(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.ids += [v for k, v in attrs if k == "id" and v is not None]
        for key, value in attrs:
            if key.startswith("on"):
                self.problems.append(f"<{tag} {key}={value!r}>: an inline handler")


def structure(page: str) -> Structure:
    """The page's structure, checked."""
    parser = Structure()
    parser.feed(page)
    parser.close()
    assert not parser.problems, parser.problems[:5]
    assert not parser.stack, f"never closed: {parser.stack}"
    return parser


@pytest.fixture
def hostile(reports: Callable[..., Report]) -> Report:
    """A chat whose name and messages try to break out of the page."""
    rows = [flagged_row(n, text=text) for n, text in enumerate(HOSTILE_TEXTS)]
    rows.append(flagged_row(9, text="lone \ud83d surrogate", **{"from": HOSTILE_NAME}))
    return reports(
        rows,
        name=HOSTILE_NAME,
        note="a <b>note</b>",
        error="broke at <i>line</i> 3",
        skipped=2,
        skip_reasons={"no <id>": 2},
        days=0,
    )


def test_summary_numbers_are_on_the_page(reports: Callable[..., Report]) -> None:
    rows = [flagged_row(n, lead) for n, lead in enumerate(["spam"] * 5 + ["poaching"] * 2)]
    report = reports(rows, note="a channel, not a group", skipped=3, skip_reasons={"no id": 3})
    page = render(report)
    text = page_text(page)
    for shown in (
        "1,234 messages",
        "56 members",
        "7 service lines",
        "7 flagged (0.57%)",
        "5 complaints",
        "1 complaint surges",
        "acted on 7 of 1,234 messages (0.57%)",
        "Actions delete_mute 5 delete 2",
        "Labels spam 5 poaching 2",
        "Top checks stop_phrases 7 newcomer 7",
        "Note: a channel, not a group",
        "Skipped 3 unreadable records (no id 3)",
        "Life-cycle stages and prompts",
        "2024-05-01 to 2024-05-02: new",
        "Prompts a schedule (daily 19:00) would have posted: 1; skipped: busy 2.",
        "2024-05-01 19:00 (poll): Which <b>drop</b> next?",
        "Flagged messages (7)",
        "Days in UTC, 2024-05-01 to 2024-05-03",
    ):
        assert shown in text, shown
    [alert] = lxml_html.fromstring(page).xpath('//ul[@class="herd"]/li')
    assert alert.text_content() == "2024-05-02 14:00 UTC: watch, 3 complainers (at message 1042)"
    assert f'data-chat-id="{CHAT_ID}"' in page
    assert page.count("<svg") == 1


def test_hostile_text_is_escaped_never_markup(hostile: Report) -> None:
    page = render(hostile)
    parsed = structure(page)
    # Two scripts only: the rows' JSON block and the page's own code; no element from the export.
    assert parsed.tags["script"] == 2
    assert page.count("</script>") == 2
    assert "img" not in parsed.tags
    assert "<script>alert(1)" not in page
    assert "window.pwned=2</script>" not in page
    assert "&lt;script&gt;" not in page  # row texts are only in the JSON block, as data
    assert "\\u003c/script>\\u003cscript>window.pwned=2" in page
    # The name, the note and the error are escaped into the markup.
    assert "&quot;&gt;&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;" in page
    assert "a &lt;b&gt;note&lt;/b&gt;" in page
    assert "broke at &lt;i&gt;line&lt;/i&gt; 3" in page
    assert "no &lt;id&gt; 2" in page
    assert "\x00" not in page
    # The JSON block gives the texts back as they were (the huge one clipped, the surrogate
    # replaced), the sender's ids as strings (beyond JavaScript's exact integers).
    [rows] = data_rows(page)
    texts = [r["text"] for r in rows]
    assert texts[:4] == list(HOSTILE_TEXTS[:4])
    assert texts[4] == "x" * 4096
    assert texts[5] == "lone \ufffd surrogate"
    assert rows[5]["from"] == HOSTILE_NAME
    assert rows[0]["from_id"] == str((1 << 60) + 0)
    page.encode("utf-8")


def test_data_block_holds_every_row_in_order(reports: Callable[..., Report]) -> None:
    rows = [flagged_row(n, lead) for n, lead in enumerate(["spam", "poaching", "borderline"])]
    [data] = data_rows(render(reports(rows, days=0)))
    assert [r["id"] for r in data] == [1000, 1001, 1002]
    assert [r["lead"] for r in data] == ["spam", "poaching", "borderline"]
    assert data[2]["labels"] == ["spam"]
    assert data[0]["checks"][0] == {
        "name": "stop_phrases",
        "detail": "ad wording: crypto or investment pitch",
    }
    assert set(data[0]) == set(rows[0])


def test_page_is_self_contained_and_its_script_is_allowed_by_hash(
    reports: Callable[..., Report],
) -> None:
    page = render(reports([flagged_row(1)]))
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//*[@src]") and not tree.xpath("//link")
    assert not re.search(r"""(href|src)\s*=\s*["']?https?:""", page)
    assert "@import" not in page and "url(http" not in page
    [policy] = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert "default-src 'none'" in policy
    [code] = [s.text for s in tree.xpath("//script") if s.get("type") is None]
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


def test_several_chats_have_their_own_sections_and_no_id_twice(
    reports: Callable[..., Report],
) -> None:
    one = reports([flagged_row(1)], name="One", chat_id=-1001)
    two = reports([flagged_row(2, "poaching")], name="Two", chat_id=None, days=2)
    page = render(one, two)
    parsed = structure(page)
    assert len(parsed.ids) == len(set(parsed.ids)), "ids repeat (two charts' clip paths?)"
    tree = lxml_html.fromstring(page)
    sections = tree.xpath('//section[@class="chat"]')
    assert [s.get("data-chat-id") for s in sections] == ["-1001", ""]
    assert [s.get("data-file") for s in sections] == [
        "steward-corrections-1001.jsonl",
        "steward-corrections-1.jsonl",
    ]
    assert tree.xpath('//nav[@class="chats"]//a/@href') == ["#chat-0", "#chat-1"]
    assert [[r["id"] for r in rows] for rows in data_rows(page)] == [[1001], [1002]]
    # Each chart's references point into its own chart.
    for n in (0, 1):
        chart = sections[n].xpath('.//figure[@class="chart"]')[0]
        refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', lxml_html.tostring(chart).decode())
        assert refs and all((a or b).startswith(f"chart-{n}-") for a, b in refs)


def test_empty_chat_and_a_long_history(reports: Callable[..., Report]) -> None:
    page = render(reports([], days=0, herd_alerts=[], messages=0))
    assert "No activity to chart." in page
    assert data_rows(page) == [[]]
    assert "0 flagged (0.00%)" in page_text(page)
    structure(page)
    # Beyond MAX_BARS days the chart draws areas: still one figure, every day on its axis.
    page = render(reports([flagged_row(1)], days=900))
    assert page.count("<svg") == 1
    assert "Days in UTC, 2024-05-01 to 2026-10-17" in page_text(page)


def test_rows_are_streamed_not_joined(reports: Callable[..., Report]) -> None:
    report = reports([flagged_row(n, text="spam text " * 40) for n in range(3000)], days=0)

    class Writes(io.StringIO):
        biggest = 0

        def write(self, s: str) -> int:
            self.biggest = max(self.biggest, len(s))
            return super().write(s)

    out = Writes()
    write_html([report], out)
    assert len(out.getvalue()) > 1_000_000
    assert out.biggest < 100_000, "a write holds many rows"


def test_a_real_replay_writes_a_page(reports: Callable[..., Report]) -> None:
    [chat] = open_export(SINGLE)
    report = replay(chat, in_time_order(chat.records()), ChatPolicy(), None)
    try:
        page = render(report)
    finally:
        report.close()
    structure(page)
    [rows] = data_rows(page)
    assert len(rows) == report.flagged_count
    assert f"{report.messages:,} messages" in page_text(page)


def write_corrections(path: Path, texts: list[str], chat: int | None) -> None:
    """Corrections as the page's download writes them: one JSON object a line."""
    with path.open("w", encoding="utf-8") as fh:
        for text in texts:
            fh.write(json.dumps({"text": text, "label": "ham", "chat": chat}) + "\n")


def test_corrections_file_is_what_steward_train_reads(tmp_path: Path) -> None:
    texts = [
        "plain ham",
        "two\nlines and a \r return",
        '{"text": "looks like JSON"}',
        "separators \u2028 and \u2029 inside, ünïcödé",
        "  padded  ",
    ]
    path = tmp_path / "corrections.jsonl"
    write_corrections(path, texts, CHAT_ID)
    assert read_samples(path, "ham") == [(t, "") for t in texts]
