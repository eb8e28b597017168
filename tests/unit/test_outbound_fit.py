"""Texts longer than one Telegram message: cut between lines, never lost or refused."""

from __future__ import annotations

import pytest

from bot.outbound import fit, pieces


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, ["short"]),
        ("", 10, [""]),
        ("aaaa\nbbbb\ncccc", 10, ["aaaa\nbbbb", "cccc"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),  # one line longer than a message
        ("a\n" + "y" * 12, 10, ["a\nyyyyyyyy", "yyyy"]),  # no newline late enough: cut hard
    ],
)
def test_pieces_cut_between_lines(text: str, limit: int, expected: list[str]) -> None:
    got = pieces(text, limit)
    assert got == expected
    assert all(len(p) <= limit for p in got)


def test_fit_keeps_whole_lines_and_says_it_was_cut() -> None:
    text = "\n".join(f"line {i}" for i in range(2000))
    fitted = fit(text)
    assert len(fitted) <= 4096 and fitted.endswith("\n…")
    assert fitted.splitlines()[-2].startswith("line ")
    assert fit("short") == "short"
