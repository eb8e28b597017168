"""`@immutable` values: equal and hashable by value, changed only by `replace`, and an assignment
to a field is an error `make lint` reports (mypy holds them frozen)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from policies.explain import reason
from policies.facts import Check, check
from policies.text import EMPTY, Extracted


def test_values_are_equal_and_hashable_by_value():
    one = check("links", 0.9, reason("risky_links", count=2, host="x.io"))
    two = check("links", 0.9, reason("risky_links", count=2, host="x.io"))
    assert one == two and hash(one) == hash(two)
    assert len({one, two, replace(one, score=1.0)}) == 2
    assert Extracted() == EMPTY


def test_replace_leaves_the_original_alone():
    one = check("links", 0.9)
    two = replace(one, score=1.2)
    assert (one.score, two.score) == (0.9, 1.2)
    assert isinstance(two, Check)


def test_the_type_checker_holds_them_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    api = pytest.importorskip("mypy.api", reason="mypy is a development dependency")
    snippet = tmp_path / "mutate.py"
    snippet.write_text(
        "from policies.values import immutable\n\n"
        "@immutable\n"
        "class Point:\n"
        "    x: int\n\n"
        "p = Point(1)\n"
        "p.x = 2\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(Path(__file__).resolve().parents[2])  # where mypy finds `policies`
    out, _err, status = api.run(
        [str(snippet), "--config-file=", "--no-incremental", "--cache-dir=/dev/null"]
    )
    assert status == 1, out
    assert 'Property "x" defined in "Point" is read-only' in out
