"""Spam quality on the real corpus, leave one source out, before and after the shipped model.

    python -m benchmarks.spam_quality

Every row of `../shared/corpus/{spam,poaching,ham}_{en,ru,zh}.jsonl` (override the folder with
STEWARD_SHARED) is judged by the full pipeline exactly as `steward classify` judges a line
(bot.classify.classify_one: default ChatPolicy, the author a newcomer with no messages, joined
an hour ago), with one of two shared spam models:

* before: the seed-only model, what the tree shipped before the corpus model (its verdicts on
  every row were checked equal to `steward classify` at commit 09de673);
* after: the recipe of `make model` (bot/train_model.py), never trained on the row's own source.
  A row of a shippable source is judged by the model built from the seeds and every *other*
  shippable source; a row of an evaluation-only source by the model of the seeds and all
  shippable sources (which never include it).

One table line per source with spam (its spam and poaching rows; evaluation-only sources are
starred) and language. Its ham is ham from sources left out of training: an evaluation-only
source's own ham when it has some (same channel: SMS, e-mail), else the language's pool of ham
from the shippable sources that have spam too (each judged by the model without its source:
en YouTube comments and tg-spam samples, ru the Telegram chat and tg-spam samples, zh the QQ
groups). Columns: n spam, n ham, recall where the threshold on the spam finding's score lets
0.5% and 1% of that ham through, and at the shipped decision (flagged = the spam detector's
own verdict, `"spam"` in classify's output, whether or not a rival's hand-off led the decision)
precision, recall and FPR; `+poach` is the recall of everything the bot acts on, spam or
poaching. Then the FPR of every ham source, each judged
without its own source (for the ham-only sources, SGD, the jokes, KdConv and CrossWOZ, that is
an unseen-domain test: the shipped model is trained on them). Skips when the corpus is absent.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.classify import classify_one
from bot.models import Models, seed_model
from bot.train_model import (
    LANGS,
    SHARED,
    SHIPPABLE,
    Doc,
    Group,
    GroupKey,
    build,
    group,
    seed_docs,
    source_name,
)
from policies import ChatPolicy
from policies.classifier import HAM, SPAM, Model
from policies.text import normalise

CORPUS = SHARED / "corpus"
FPR_TARGETS = (0.005, 0.01)


@dataclass(frozen=True, slots=True)
class Row:
    """One corpus row: its raw text, spam-model label, language, source and file prefix."""

    text: str
    label: str
    lang: str
    source: str
    kind: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the pipeline made of one row: the spam finding's score and the decision."""

    score: float
    spam: bool
    poaching: bool


def read_rows() -> list[Row]:
    """Every corpus row of a known source."""
    rows: list[Row] = []
    for kind, label in (("spam", SPAM), ("poaching", SPAM), ("ham", HAM)):
        for lang in LANGS:
            path = CORPUS / f"{kind}_{lang}.jsonl"
            if not path.exists():
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    item = json.loads(line)
                    name = source_name(str(item.get("source", "")))
                    text = str(item.get("text") or "")
                    if name and text.strip():
                        rows.append(Row(text, label, lang, name, kind))
    return rows


def _judge(rows: list[Row], model_for: Callable[[Row], Model]) -> list[Verdict]:
    policy = ChatPolicy()
    models: dict[int, Models] = {}
    out = []
    for row in rows:
        model = model_for(row)
        wrapped = models.setdefault(id(model), Models({SPAM: model}, {}))
        result = classify_one({"text": row.text}, wrapped, policy)
        out.append(
            Verdict(float(result["scores"]["spam"]), bool(result["spam"]), result["poaching"])
        )
    return out


def _recall_at(spam: list[float], ham: list[float], target: float) -> float:
    """Recall when the threshold lets `target` of the ham through (scores strictly above)."""
    ranked = sorted(ham, reverse=True)
    allowed = int(target * len(ranked))
    bar = ranked[allowed] if allowed < len(ranked) else -1.0
    return sum(s > bar for s in spam) / len(spam)


@dataclass(frozen=True, slots=True)
class Line:
    """One table line: a source's spam in one language against its ham."""

    source: str
    lang: str
    spam: tuple[int, ...]
    ham: tuple[int, ...]


def lines(rows: list[Row]) -> list[Line]:
    """The table's lines: row indexes of each spam source and language, and of its ham."""
    spam: dict[tuple[str, str], list[int]] = defaultdict(list)
    ham: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        (spam if row.label == SPAM else ham)[(row.source, row.lang)].append(i)
    pool: dict[str, list[int]] = defaultdict(list)
    for (source, lang), idx in ham.items():
        if source in SHIPPABLE and any(k[0] == source for k in spam):
            pool[lang] += idx
    out = []
    for (source, lang), idx in sorted(spam.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        own = ham.get((source, lang), []) if source not in SHIPPABLE else []
        out.append(Line(source, lang, tuple(idx), tuple(sorted(own or pool[lang]))))
    return out


def figures(line: Line, verdicts: list[Verdict]) -> dict[str, float]:
    """Recall at 0.5% and 1% of the ham, and precision, recall, FPR and +poach at the decision."""
    spam = [verdicts[i] for i in line.spam]
    ham = [verdicts[i] for i in line.ham]
    tp = sum(v.spam for v in spam)
    fp = sum(v.spam for v in ham)
    out = {
        f"R@{t:.1%}": _recall_at([v.score for v in spam], [v.score for v in ham], t)
        for t in FPR_TARGETS
    }
    out.update(
        {
            "P": tp / (tp + fp) if tp + fp else float("nan"),
            "R": tp / len(spam),
            "FPR": fp / max(1, len(ham)),
            "+poach": sum(v.spam or v.poaching for v in spam) / len(spam),
        }
    )
    return out


def _cells(f: dict[str, float]) -> str:
    return (
        f"{f['R@0.5%']:>6.1%} {f['R@1.0%']:>6.1%} {f['P']:>6.3f} {f['R']:>6.1%} "
        f"{f['FPR']:>6.2%} {f['+poach']:>6.1%}"
    )


def _table(rows: list[Row], before: list[Verdict], after: list[Verdict]) -> None:
    head = f"{'R@0.5%':>6} {'R@1%':>6} {'P':>6} {'R':>6} {'FPR':>6} {'+poach':>6}"
    print(f"  {'source (* evaluation only)':<27} {'lang':<4} {'spam':>5} {'ham':>5}  ", end="")
    print(f"before: {head}  |  after: {head}")
    for line in lines(rows):
        star = "" if line.source in SHIPPABLE else "*"
        cells = [_cells(figures(line, v)) for v in (before, after)]
        print(
            f"  {line.source + star:<27} {line.lang:<4} {len(line.spam):>5} {len(line.ham):>5}  "
            f"        {cells[0]}  |         {cells[1]}"
        )
    print("\n  ham flagged spam (FPR) per source, before -> after (after: without its own source)")
    by_source: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row.label == HAM:
            by_source[(row.source, row.lang)].append(i)
    for (source, lang), idx in sorted(by_source.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        star = "" if source in SHIPPABLE else "*"
        rates = [sum(v[i].spam for i in idx) / len(idx) for v in (before, after)]
        print(
            f"  {source + star:<27} {lang:<4} {len(idx):>6}   {rates[0]:>6.2%} -> {rates[1]:.2%}"
        )


def judge_after(rows: list[Row], groups: Mapping[GroupKey, Group]) -> list[Verdict]:
    """Every row judged by the shipped recipe without the row's own source."""
    full = Model(build(groups))
    held_out = {name: Model(build(groups, exclude={name})) for name in sorted(SHIPPABLE)}
    return _judge(rows, lambda row: held_out.get(row.source, full))


def training(rows: list[Row]) -> dict[GroupKey, Group]:
    """The training groups: the seeds and the shippable rows."""
    docs = [Doc(normalise(r.text), r.label, r.lang, r.source) for r in rows]
    return group(seed_docs() + [d for d in docs if d.source in SHIPPABLE])


def main() -> None:
    """Run and print."""
    if not (CORPUS / "SOURCES.md").is_file():
        print(f"spam_quality: skipped, no corpus at {CORPUS} (set STEWARD_SHARED)")
        return
    start = time.perf_counter()
    rows = read_rows()
    seeds = seed_model()
    before = _judge(rows, lambda row: seeds)
    after = judge_after(rows, training(rows))
    print(
        f"spam quality on {CORPUS}: {len(rows)} rows judged as `steward classify` does "
        "(newcomer author)"
    )
    print("  before = seeds only; after = the shipped recipe without the row's own source\n")
    _table(rows, before, after)
    print(f"\n({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
