"""Poaching quality on real data: the shared corpus and real Telegram Desktop exports.

    python -m benchmarks.poaching_quality

Reads `/work/shared` (override with STEWARD_SHARED) and prints, with the default ChatPolicy:

1. per language: recall of `corpus/poaching_*` at level hit (and hit-or-borderline), the
   false-positive rate on `ham_*`, the share of `spam_*` rows (ads, not poaching) called
   poaching; then the same per source (owner/repo plus the file's basename), and the check names
   that fired on false positives and on misses;
2. per export in `exports/` (JSON `result.json` files and HTML `messages*.html` folders, the
   HTML read with the stdlib parser): the share of ordinary member messages that
   `policies.pipeline.evaluate` calls poaching hit, or acts on (a poaching or spam hit), with the
   authors taken as regulars (50 messages, joined 90 days ago) and as newcomers (0 messages);
3. a threshold sweep: the poaching score that keeps the ham false-positive rate at 0.5% and 1%,
   and the recall there.

Corpus rows are judged by `policies.poaching.find` alone (facts built as in
`benchmarks/policies.py`: a newcomer, joined an hour ago). Nothing read is written anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from bot.models import Models
from policies import ChatPolicy, EntityFact, ForwardFacts, MemberFacts, MessageFacts, poaching
from policies.facts import Decision, Finding
from policies.pipeline import evaluate
from policies.poaching import find
from policies.spam import SpamModel
from policies.textfacts import read_text

SHARED = Path(os.environ.get("STEWARD_SHARED", "/work/shared"))
CORPUS = SHARED / "corpus"
EXPORTS = SHARED / "exports"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
LANGS = ("en", "ru", "zh")
FPR_TARGETS = (0.005, 0.01)
NEWCOMER = MemberFacts(joined_at=NOW - timedelta(hours=1), messages_seen=0)
REGULAR = MemberFacts(joined_at=NOW - timedelta(days=90), messages_seen=50)
CHAT_ID = -1001
# A repository with more files than this is shown with digit runs in file names as `*`.
MAX_FILES = 8


@dataclass(frozen=True, slots=True)
class Row:
    """One corpus row and the poaching finding about it."""

    label: str
    lang: str
    source: str
    finding: Finding


@dataclass(slots=True)
class ExportMessage:
    """One ordinary member message of an export, as the facts need it."""

    text: str
    sender: str
    entities: tuple[EntityFact, ...] = ()
    forward: ForwardFacts | None = None
    sender_chat_id: int | None = None


@dataclass(slots=True)
class Export:
    """One chat export: its name, format and member messages."""

    name: str
    kind: str
    messages: list[ExportMessage] = field(default_factory=list)
    note: str = ""


def _facts(
    text: str,
    member: MemberFacts = NEWCOMER,
    *,
    message_id: int = 1,
    entities: tuple[EntityFact, ...] = (),
    forward: ForwardFacts | None = None,
    sender_chat_id: int | None = None,
) -> MessageFacts:
    return MessageFacts(
        chat_id=CHAT_ID,
        message_id=message_id,
        user_id=7,
        text=text[:4096],
        date=NOW,
        entities=entities,
        forward=forward,
        sender_chat_id=sender_chat_id,
        member=member,
    )


def _source_key(source: str) -> str:
    """`owner/repo@commit:path` -> `owner/repo:basename` (an archive member's name if any)."""
    repo, _, rest = source.partition("@")
    path = rest.partition(":")[2]
    path = path.rpartition("!")[2] or path
    return f"{repo}:{PurePosixPath(path).name}"


def _source_keys(sources: set[str]) -> dict[str, str]:
    """Source keys, with a repository's many numbered files (`dialogues_001.json`) as one."""
    keys = {s: _source_key(s) for s in sources}
    per_repo: dict[str, set[str]] = defaultdict(set)
    for key in keys.values():
        per_repo[key.partition(":")[0]].add(key)
    for s, key in keys.items():
        if len(per_repo[key.partition(":")[0]]) > MAX_FILES:
            repo, _, name = key.partition(":")
            keys[s] = f"{repo}:{re.sub(r'[0-9]+', '*', name)}"
    return keys


# ---------------------------------------------------------------------------------------------
# Corpus


def _corpus_rows(policy: ChatPolicy, member: MemberFacts = NEWCOMER) -> list[Row]:
    rows: list[Row] = []
    for label in ("poaching", "ham", "spam"):
        for lang in LANGS:
            path = CORPUS / f"{label}_{lang}.jsonl"
            if not path.exists():
                print(f"  (missing {path.name})")
                continue
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if not line.strip():
                        continue
                    obj = json.loads(line)
                    facts = _facts(str(obj.get("text") or ""), member)
                    finding = find(facts, read_text(facts), policy, NOW)
                    rows.append(Row(label, lang, str(obj.get("source", "?")), finding))
    return rows


def _rate(rows: list[Row], levels: tuple[str, ...]) -> float:
    return sum(r.finding.level in levels for r in rows) / len(rows) if rows else 0.0


HIT = ("hit",)
ANY = ("hit", "borderline")


def _corpus_tables(rows: list[Row], regular: list[Row]) -> None:
    by: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        by[(r.label, r.lang)].append(r)
    reg: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in regular:
        reg[(r.label, r.lang)].append(r)
    print("\n1. corpus, per language (author a newcomer; 'as regular': 50 messages, 90 days)")
    print(
        f"  {'lang':<4} {'n poach':>7} {'recall hit':>10} {'hit|bl':>7}   {'n ham':>6} "
        f"{'FPR hit':>8} {'hit|bl':>7}   {'n spam':>6} {'poach hit':>9}   "
        f"{'as regular: recall / FPR hit':>29}"
    )
    for lang in LANGS:
        p, h, s = by[("poaching", lang)], by[("ham", lang)], by[("spam", lang)]
        rp, rh = reg[("poaching", lang)], reg[("ham", lang)]
        print(
            f"  {lang:<4} {len(p):>7} {_rate(p, HIT):>10.1%} {_rate(p, ANY):>7.1%}   {len(h):>6} "
            f"{_rate(h, HIT):>8.2%} {_rate(h, ANY):>7.2%}   {len(s):>6} {_rate(s, HIT):>9.1%}   "
            f"{_rate(rp, HIT):>17.1%} / {_rate(rh, HIT):.2%}"
        )

    print(
        "\n  per source (owner/repo:file). poaching: recall; ham: FPR; spam: share called poaching"
    )
    print(f"  {'label':<8} {'lang':<4} {'source':<62} {'n':>6} {'hit':>7} {'hit|bl':>7}")
    groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    keys = _source_keys({r.source for r in rows})
    for r in rows:
        groups[(r.label, r.lang, keys[r.source])].append(r)
    order = {"poaching": 0, "ham": 1, "spam": 2}
    for (label, lang, src), rs in sorted(groups.items(), key=lambda kv: (order[kv[0][0]], kv[0])):
        name = src if len(src) <= 62 else "…" + src[-61:]
        print(
            f"  {label:<8} {lang:<4} {name:<62} {len(rs):>6} "
            f"{_rate(rs, HIT):>7.1%} {_rate(rs, ANY):>7.1%}"
        )

    print("\n  checks that fired (rows counted once per check name; 'rival' left out)")
    for lang in LANGS:
        missed = [r for r in by[("poaching", lang)] if r.finding.level == "clear"]
        fps = [r for r in by[("ham", lang)] if r.finding.level != "clear"]
        spam_hits = [r for r in by[("spam", lang)] if r.finding.level == "hit"]
        print(f"  {lang}: missed poaching (clear) {len(missed)}: {_check_counts(missed)}")
        print(f"  {lang}: ham hit|bl {len(fps)}: {_check_counts(fps)}")
        print(f"  {lang}: spam rows at poaching hit {len(spam_hits)}: {_check_counts(spam_hits)}")


def _check_counts(rows: list[Row]) -> str:
    counts: Counter[str] = Counter()
    none = 0
    for r in rows:
        names = {c.name for c in r.finding.checks if c.name != "rival"}
        counts.update(names)
        none += not names
    parts = [f"{name} {n}" for name, n in counts.most_common()]
    if none:
        parts.append(f"(no check) {none}")
    return ", ".join(parts) if parts else "-"


def _sweep(rows: list[Row], policy: ChatPolicy) -> None:
    print("\n3. threshold sweep: the poaching score giving at most this ham FPR, recall there")
    print(
        f"  (default: hit at score >= {policy.threshold:.2f}, borderline >= "
        f"{policy.borderline:.2f}; a threshold 't > x' means any score above x)"
    )
    print(f"  {'lang':<4} {'target FPR':>10} {'threshold':>14} {'FPR':>7} {'recall':>7}")
    for lang in LANGS:
        ham = sorted(
            (r.finding.score for r in rows if r.label == "ham" and r.lang == lang), reverse=True
        )
        poach = [r.finding.score for r in rows if r.label == "poaching" and r.lang == lang]
        if not ham or not poach:
            continue
        for target in FPR_TARGETS:
            allowed = int(target * len(ham))
            # Scores strictly above the (allowed+1)-th highest ham score are flagged.
            bar = ham[allowed] if allowed < len(ham) else -1.0
            fpr = sum(s > bar for s in ham) / len(ham)
            recall = sum(s > bar for s in poach) / len(poach)
            print(
                f"  {lang:<4} {target:>10.1%} {'t > ' + format(bar, '.4f'):>14} {fpr:>7.2%} "
                f"{recall:>7.1%}"
            )


# ---------------------------------------------------------------------------------------------
# Exports


def _json_text(value: Any) -> tuple[str, tuple[EntityFact, ...]]:
    """A JSON export's `text` (a string or a list of strings and entity objects)."""
    if isinstance(value, str):
        return value, ()
    if not isinstance(value, list):
        return "", ()
    out: list[str] = []
    entities: list[EntityFact] = []
    units = 0
    for part in value:
        if isinstance(part, str):
            piece = part
        elif isinstance(part, dict):
            piece = str(part.get("text", ""))
            href = part.get("href")
            if part.get("type") == "text_link" and href:
                entities.append(EntityFact("text_link", units, _utf16(piece), str(href)))
        else:
            continue
        out.append(piece)
        units += _utf16(piece)
    return "".join(out), tuple(entities)


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _read_json(path: Path) -> Export:
    data = json.loads(path.read_text(encoding="utf-8"))
    chat_id = data.get("id")
    own = f"channel{chat_id}"
    export = Export(path.stem, f"JSON {data.get('type', '?')}")
    raw = [m for m in data.get("messages", []) if m.get("type") == "message"]
    senders = {str(m.get("from")) for m in raw if m.get("from")}
    for m in raw:
        from_id = str(m.get("from_id") or "")
        if from_id == own:
            continue  # the channel (or the group's anonymous admin) itself
        text, entities = _json_text(m.get("text"))
        if not text.strip():
            continue
        forward = None
        if "forwarded_from" in m:
            name = str(m.get("forwarded_from") or "")
            fid = str(m.get("forwarded_from_id") or "")
            if fid.startswith("channel") and fid != own:
                forward = ForwardFacts("channel", title=name or None)
            elif fid.startswith("user") or name in senders:
                forward = ForwardFacts("user", title=name or None)
            elif name and name != data.get("name") and not fid:
                # Old exports give no id: as in HTML, a name that never posts is a channel.
                forward = ForwardFacts("channel", title=name)
        sender_chat = int(from_id[7:]) if from_id.startswith("channel") else None
        export.messages.append(
            ExportMessage(text, from_id or str(m.get("from")), entities, forward, sender_chat)
        )
    if data.get("type", "").endswith("channel"):
        export.note = "a channel: every post is the channel's own"
    return export


class _Page(HTMLParser):
    """Messages of one Telegram Desktop HTML page (`message default` blocks)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.out: list[dict[str, Any]] = []
        self._divs: list[set[str]] = []
        self._msg: dict[str, Any] | None = None
        self._msg_depth = 0
        self._capture: str | None = None  # "from", "fwd", "text", "title"
        self._capture_depth = 0
        self._skip_span = 0
        self._buf: list[str] = []
        self._link: tuple[str, int] | None = None
        self._in_forward = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div":
            classes = set((a.get("class") or "").split())
            self._divs.append(classes)
            depth = len(self._divs)
            if "message" in classes and "default" in classes:
                self._msg = {
                    "joined": "joined" in classes,
                    "from": None,
                    "fwd": None,
                    "text": "",
                    "links": [],
                }
                self._msg_depth = depth
                self._in_forward = 0
            elif "message" in classes:
                self._msg = None
            elif self._msg is not None and "forwarded" in classes:
                self._in_forward = depth
            if self._capture is None:
                kind = None
                if self._msg is not None and "from_name" in classes:
                    kind = "fwd" if self._in_forward else "from"
                elif self._msg is not None and "text" in classes:
                    kind = "text"
                elif (
                    self._msg is None
                    and "text" in classes
                    and not self.title
                    and any("page_header" in d for d in self._divs[:-1])
                ):
                    kind = "title"
                if kind:
                    self._capture, self._capture_depth, self._buf = kind, depth, []
        elif tag == "br" and self._capture == "text":
            self._buf.append("\n")
        elif tag == "span" and self._capture in ("from", "fwd"):
            if self._skip_span or "details" in (a.get("class") or ""):
                self._skip_span += 1
        elif tag == "a" and self._capture == "text":
            self._link = (a.get("href") or "", len(self._buf))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._skip_span:
            self._skip_span -= 1
        elif tag == "a" and self._link is not None and self._msg is not None:
            href, start = self._link
            self._link = None
            shown = _squash("".join(self._buf[start:]))
            if href.startswith(("http://", "https://")) and not _same_link(shown, href):
                self._msg["links"].append((shown, href))
        elif tag == "div" and self._divs:
            depth = len(self._divs)
            self._divs.pop()
            if self._capture is not None and depth == self._capture_depth:
                self._finish_capture()
            if self._in_forward and depth == self._in_forward:
                self._in_forward = 0
            if self._msg is not None and depth == self._msg_depth:
                self.out.append(self._msg)
                self._msg = None

    def handle_data(self, data: str) -> None:
        if self._capture is not None and not self._skip_span:
            self._buf.append(data)

    def _finish_capture(self) -> None:
        value = "\n".join(_squash(line) for line in "".join(self._buf).split("\n")).strip()
        kind = self._capture
        self._capture = None
        if kind == "title":
            self.title = value
        elif self._msg is not None and kind in ("from", "fwd"):
            self._msg[kind] = value
        elif self._msg is not None and kind == "text":
            self._msg["text"] = f"{self._msg['text']}\n{value}" if self._msg["text"] else value


_SPACE = re.compile(r"\s+")


def _squash(s: str) -> str:
    return _SPACE.sub(" ", s).strip()


def _same_link(shown: str, href: str) -> bool:
    """Whether a link's text is the address itself (a url or @mention), not hidden words."""
    bare = re.sub(r"^https?://(?:www\.)?", "", href).rstrip("/").lower()
    text = re.sub(r"^https?://(?:www\.)?", "", shown).rstrip("/").lower()
    if text == bare or text.startswith(bare):
        return True
    if "." in text and " " not in text and bare.startswith(text.rstrip("…").rstrip(".")):
        return True  # an address shortened for display
    return text.startswith("@") and bare in (f"t.me/{text[1:]}", f"telegram.me/{text[1:]}")


def _read_html(folder: Path) -> Export:
    def page_no(p: Path) -> int:
        digits = p.stem.removeprefix("messages")
        return int(digits) if digits.isdigit() else 1

    pages = sorted(folder.glob("messages*.html"), key=page_no)
    raw: list[dict[str, Any]] = []
    title = ""
    for page in pages:
        parser = _Page()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        title = title or parser.title
        raw.extend(parser.out)
    export = Export(folder.name, f"HTML {len(pages)}p")
    last = None
    for m in raw:
        if m["from"]:
            last = m["from"]
        elif not m["joined"]:
            last = None
        m["sender"] = m["from"] or last
    senders = {m["sender"] for m in raw if m["sender"]}
    for m in raw:
        text = m["text"]
        if not text.strip() or not m["sender"]:
            continue
        sender = str(m["sender"])
        if title and sender == title:
            continue  # the group posting as itself
        entities = tuple(
            EntityFact("text_link", 0, _utf16(shown), href) for shown, href in m["links"]
        )
        forward = None
        if m["fwd"]:
            name = str(m["fwd"])
            # HTML does not say what was forwarded: a known sender is a user, else a channel.
            kind: Literal["user", "hidden", "channel"] = (
                "user" if name in senders else ("hidden" if name == title else "channel")
            )
            forward = ForwardFacts(kind, title=name)
        export.messages.append(ExportMessage(text, sender, entities, forward))
    return export


def _exports() -> Iterator[Export]:
    for path in sorted(EXPORTS.iterdir()):
        try:
            if path.is_file() and path.suffix == ".json":
                yield _read_json(path)
            elif path.is_dir() and any(path.glob("messages*.html")):
                yield _read_html(path)
        except (OSError, ValueError, KeyError) as e:
            print(f"  {path.name}: unreadable ({type(e).__name__}: {e})")


def _judge(
    msgs: list[ExportMessage], member: MemberFacts, model: SpamModel, policy: ChatPolicy
) -> list[Decision]:
    out = []
    for i, m in enumerate(msgs):
        facts = _facts(
            m.text,
            member,
            message_id=i + 1,
            entities=m.entities,
            forward=m.forward,
            sender_chat_id=m.sender_chat_id,
        )
        out.append(evaluate(facts, policy, NOW, model=model))
    return out


def _poach_hit(d: Decision) -> bool:
    f = d.finding("poaching")
    return f is not None and f.level == "hit"


def _acts(d: Decision) -> bool:
    """A poaching or spam hit that leads the decision and is acted on (delete and more)."""
    return d.lead is not None and d.lead.level == "hit" and bool(d.intended)


def _warns(d: Decision) -> bool:
    return d.lead is not None and d.lead.level == "borderline" and bool(d.intended)


def _export_table(model: SpamModel, policy: ChatPolicy) -> None:
    print("\n2. exports: ordinary member messages (type message, text, not the chat itself)")
    print(
        "  (no flood window, no campaign tally, no known-member list: every @mention counts"
        " as a stranger's handle;\n   HTML forwards from names that never post are taken as"
        " channel forwards)"
    )
    print(
        f"  {'export':<26} {'format':<24} {'n':>6}   {'regular: poach / act / warn':>27}   "
        f"{'newcomer: poach / act / warn':>28}"
    )
    totals = Counter[str]()
    fired: dict[str, Counter[str]] = {"regular": Counter(), "newcomer": Counter()}
    leads: Counter[str] = Counter()
    for export in _exports():
        n = len(export.messages)
        if not n:
            print(f"  {export.name:<26} {export.kind:<24} {0:>6}   {export.note or 'none'}")
            continue
        cells = []
        for who, member in (("regular", REGULAR), ("newcomer", NEWCOMER)):
            ds = _judge(export.messages, member, model, policy)
            poach = sum(map(_poach_hit, ds))
            act = sum(map(_acts, ds))
            warn = sum(map(_warns, ds))
            totals[f"{who} poach"] += poach
            totals[f"{who} act"] += act
            totals[f"{who} warn"] += warn
            for d in ds:
                if _acts(d) and d.lead is not None:
                    leads[f"{who} {d.lead.label}"] += 1
                f = d.finding("poaching")
                if f is not None and f.level == "hit":
                    fired[who].update({c.name for c in f.checks if c.name != "rival"})
            cells.append(f"{poach / n:>7.2%} / {act / n:>6.2%} / {warn / n:>6.2%}")
        totals["n"] += n
        print(f"  {export.name:<26} {export.kind:<24} {n:>6}   {cells[0]:>27}   {cells[1]:>28}")
    n = totals["n"] or 1
    row = [
        f"{totals[f'{w} poach'] / n:>7.2%} / {totals[f'{w} act'] / n:>6.2%} / "
        f"{totals[f'{w} warn'] / n:>6.2%}"
        for w in ("regular", "newcomer")
    ]
    print(f"  {'all':<26} {'':<24} {totals['n']:>6}   {row[0]:>27}   {row[1]:>28}")
    print(f"  acted-on messages by lead label: {dict(sorted(leads.items()))}")
    for who in ("regular", "newcomer"):
        parts = ", ".join(f"{k} {v}" for k, v in fired[who].most_common())
        print(f"  poaching hits as {who}, checks fired: {parts or '-'}")


def main() -> None:
    """Run and print."""
    if not CORPUS.is_dir() and not EXPORTS.is_dir():
        print(f"poaching_quality: skipped, {SHARED} is absent (no shared corpus or exports)")
        return
    start = time.perf_counter()
    policy = ChatPolicy()
    # The policy is tuned between runs: name the version of the rules these figures are for.
    source = Path(poaching.__file__).read_bytes()
    print(
        f"poaching quality on {SHARED} (default ChatPolicy, now {NOW:%Y-%m-%d}; "
        f"policies/poaching.py sha1 {hashlib.sha1(source).hexdigest()[:12]})"
    )
    if CORPUS.is_dir():
        rows = _corpus_rows(policy)
        regular = [r for r in _corpus_rows(policy, REGULAR) if r.label != "spam"]
        _corpus_tables(rows, regular)
    else:
        rows = []
        print(f"\n1. corpus: skipped, {CORPUS} is absent")
    if EXPORTS.is_dir():
        _export_table(Models.build().shared, policy)
    else:
        print(f"\n2. exports: skipped, {EXPORTS} is absent")
    if rows:
        _sweep(rows, policy)
    print(f"\n({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
