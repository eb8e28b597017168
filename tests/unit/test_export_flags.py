"""The exports table of `make bench`: replayed flags per chat, counted against the review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import export_flags
from tests.unit.test_replay import _shop_export


def test_flags_are_counted_against_the_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewed flag counts as real or wrong, an unread one as new; the wrong share is the
    chat's false-positive rate; --dump writes the flagged rows with their verdicts."""
    exports = tmp_path / "shared" / "exports"
    (exports / "shop").mkdir(parents=True)
    (exports / "SOURCES.md").write_text("test", encoding="utf-8")
    _shop_export(exports / "shop" / "result.json")
    review = tmp_path / "review.tsv"
    review.write_text("export\tchat\tid\tverdict\twhy\nshop\t555\t5\twrong\tfor the test\n")
    monkeypatch.setenv("STEWARD_SHARED", str(tmp_path / "shared"))
    dump = tmp_path / "flags.jsonl"

    export_flags.main(["--review", str(review), "--dump", str(dump)])
    out = capsys.readouterr().out
    [line] = [row for row in out.splitlines() if row.strip().startswith("shop/")]
    # 7 judged, 1 flagged (the newcomer's ad), reviewed wrong: 1 of 7 is 14.29%.
    assert line.split()[1:8] == ["7", "1", "14.29%", "0", "1", "0", "14.29%"]
    assert "wrong flags worst 14.29% (1 above 0.3%)" in out
    [row] = [json.loads(x) for x in dump.read_text(encoding="utf-8").splitlines()]
    assert (row["export"], row["chat"], row["id"], row["verdict"]) == ("shop", "555", 5, "wrong")


def test_no_exports_is_a_clear_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STEWARD_SHARED", str(tmp_path))
    export_flags.main([])
    assert "skipped, no exports" in capsys.readouterr().out


def test_the_shipped_review_names_only_known_verdicts() -> None:
    """Every row of the shipped review is real or wrong, with a reason, and no row twice."""
    review = export_flags.read_review()
    assert all(verdict in ("real", "wrong") and why for verdict, why in review.values())
