"""Real group exports replayed: the share of ordinary members' messages Steward would act on.

    python -m benchmarks.export_flags

Every export in `../shared/exports/` (override the folder with STEWARD_SHARED) is replayed
exactly as `steward replay` does it (bot.replay: member standing from the history itself, every
policy, the shipped model, the default ChatPolicy). An ordinary member's message is one the
replay judged (not an admin's, a bot's or the group's own post); it is flagged when the replay
would have acted on it (deleted, restricted or warned). Printed per chat: messages judged,
flagged, the share, and the labels and checks behind the flags; then the worst share and how
many chats are above the issue's 0.3%. Skips when the exports are absent.

Every flagged message was read by a person and classed; the verdicts are kept in
`benchmarks/data/export_review.tsv` (export, chat id, message id, verdict, why; no message text),
so the table also gives, per chat, the flags that were real spam or poaching (`real`), the ones
that were wrong (`wrong`, whose share of the messages judged is the false-positive rate) and any
not read yet (`new`). `--dump FILE` writes the flagged messages with their text as JSON lines
for reading (kept out of the repository: the exports' texts are not ours to ship).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import IO

GOAL = 0.003
REVIEW = Path(__file__).resolve().parent / "data" / "export_review.tsv"
REAL, WRONG = "real", "wrong"


def _shared() -> Path:
    default = Path(__file__).resolve().parents[1].parent / "shared"
    return Path(os.environ.get("STEWARD_SHARED", default))


def export_paths(root: Path) -> list[Path]:
    """The export files and folders under `root`, in name order."""
    return sorted(p for p in root.iterdir() if p.suffix == ".json" or p.is_dir())


def read_review(path: Path = REVIEW) -> dict[tuple[str, str, int], tuple[str, str]]:
    """The verdicts of the review: (export, chat, message id) -> (verdict, why)."""
    if not path.is_file():
        return {}
    out = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            key = (row["export"], row["chat"], int(row["id"]))
            out[key] = (row["verdict"], row["why"])
    return out


def main(argv: list[str] | None = None) -> None:
    """Replay every export and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", type=Path, help="write the flagged messages here (JSON lines)")
    parser.add_argument("--review", type=Path, default=REVIEW, help="the verdicts (TSV)")
    args = parser.parse_args(argv if argv is not None else [])
    dump: IO[str] | None = args.dump.open("w", encoding="utf-8") if args.dump else None
    from bot.models import Models
    from bot.replay.exports import in_time_order, open_export
    from bot.replay.run import replay
    from policies import ChatPolicy

    root = _shared() / "exports"
    if not (root / "SOURCES.md").is_file():
        print(f"export_flags: skipped, no exports at {root} (set STEWARD_SHARED)")
        return
    start = time.perf_counter()
    model = Models.build().shared
    policy = ChatPolicy()
    print(f"real exports replayed as `steward replay` does ({root})")
    review = read_review(args.review)
    print(
        f"  {'export / chat':<44} {'judged':>7} {'flagged':>7} {'share':>7} "
        f"{'real':>5} {'wrong':>5} {'new':>4} {'FPR':>7}  labels; checks"
    )
    worst = worst_wrong = 0.0
    above = above_wrong = chats = 0
    checks_all: Counter[str] = Counter()
    for path in export_paths(root):
        try:
            chats_in = list(open_export(path))
        except (OSError, ValueError) as exc:
            print(f"  {path.name:<44} unreadable: {exc}")
            continue
        for chat in chats_in:
            report = replay(chat, in_time_order(chat.records()), policy, model)
            judged = report.judged
            share = report.flagged_count / judged if judged else 0.0
            checks: Counter[str] = Counter()
            verdicts: Counter[str] = Counter()
            chat_key = str(chat.id if chat.id is not None else chat.name)
            for row in report.flagged():
                checks.update(c["name"] for c in row["checks"])
                verdict = review.get((path.name, chat_key, int(row["id"])), ("new", ""))[0]
                verdicts[verdict] += 1
                if dump is not None:
                    row.update(export=path.name, chat=chat_key, verdict=verdict)
                    dump.write(json.dumps(row, ensure_ascii=False) + "\n")
            report.close()
            wrong = verdicts[WRONG] / judged if judged else 0.0
            worst_wrong = max(worst_wrong, wrong)
            above_wrong += wrong > GOAL
            checks_all.update(checks)
            chats += 1
            worst = max(worst, share)
            above += share > GOAL
            name = f"{path.name}/{chat.name}"[:44]
            labels = ", ".join(f"{k} {v}" for k, v in report.labels.most_common())
            top = ", ".join(f"{k} {v}" for k, v in checks.most_common(4))
            print(
                f"  {name:<44} {judged:>7} {report.flagged_count:>7} {share:>7.2%} "
                f"{verdicts[REAL]:>5} {verdicts[WRONG]:>5} {verdicts['new']:>4} {wrong:>7.2%}  "
                f"{labels or '-'}; {top or '-'}"
            )
    print(
        f"  {chats} chats: flagged share worst {worst:.2%} ({above} above {GOAL:.1%}); "
        f"wrong flags worst {worst_wrong:.2%} ({above_wrong} above {GOAL:.1%})"
    )
    print("  checks behind flags: " + ", ".join(f"{k} {v}" for k, v in checks_all.most_common(8)))
    if dump is not None:
        dump.close()
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
