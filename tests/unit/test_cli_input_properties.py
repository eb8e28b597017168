"""Property tests for what the command line reads: `steward train` samples files (plain lines and
JSON Lines, any bytes) and `steward classify` JSON Lines. Whatever a file holds gives samples or
an error naming its line, and every classify line one answer; never a traceback, never a wrong
sample. `@example`s pin the bugs these properties found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.classify import SampleError, classify_lines, read_samples
from bot.models import Models
from tests.policies.test_parser_properties import SHORT_TEXT

# -- steward train: plain lines and JSON Lines --------------------------------------------------

# Texts a samples file can carry: no NUL or lone surrogate (databases refuse them), not blank.
SAMPLE_TEXTS = (
    st.lists(
        st.one_of(
            st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
            st.sampled_from(["\u2028", "\u202e", "\ufeff", "{", "\r", "\n", " "]),
        ),
        min_size=1,
        max_size=30,
    )
    .map("".join)
    .filter(lambda t: bool(t.strip()))
)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


def _plain(text: str) -> bool:
    """Whether a text can be a plain line (one line, not starting like JSON)."""
    one_line = not any(c in text for c in "\r\n")
    return one_line and not text.strip().startswith("{") and not text.startswith("\ufeff")


@pytest.fixture(scope="module")
def samples_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each example writes its samples file."""
    return tmp_path_factory.mktemp("samples") / "samples.txt"


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(SAMPLE_TEXTS, st.sampled_from(["json", "json-ascii", "plain", "blank"])),
        max_size=8,
    ),
    st.one_of(st.none(), st.sampled_from(["en", "ru", ""])),
    LINE_ENDS,
    st.booleans(),
)
@example([('{"text": "hi"}', "plain")], None, "\n", True)
def test_samples_files_read_back_exactly(
    samples_file: Path,
    lines: list[tuple[str, str]],
    lang: str | None,
    end: str,
    bom: bool,
) -> None:
    """A well-formed file (any mix of JSON Lines and plain lines, any line ends, a BOM or not)
    gives exactly its samples, in order: text as written, lang as given."""
    written: list[str] = []
    expected: list[tuple[str, str]] = []
    for text, form in lines:
        if form == "blank":
            written.append(" \t")
        elif form == "plain" and _plain(text):
            written.append(text)
            expected.append((text.strip(), ""))
        else:
            item: dict[str, str] = {"text": text} if lang is None else {"text": text, "lang": lang}
            written.append(json.dumps(item, ensure_ascii=form == "json-ascii"))
            expected.append((text, lang or ""))
    samples_file.write_bytes(("\ufeff" if bom else "").encode() + end.join(written).encode())
    assert read_samples(samples_file, "spam") == expected


BAD_LINES = st.sampled_from(
    [
        b"\xff\xfe not utf-8",
        b'{"text": 5}',
        b'{"text": "   "}',
        b'{"text": "x", "lang": 5}',
        b'{"text": "\\ud800"}',
        b'{"text": "a\\u0000b"}',
        b"plain with a \x00 inside",
        b'{"text": "unclosed',
        b'{"a":' * 20_000,
        b"[1, 2]{",
        b"{}",
    ]
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(SAMPLE_TEXTS.filter(_plain), max_size=5), BAD_LINES, st.integers(0, 5))
@example(["ok"], b'{"a":' * 20_000, 1)  # was a RecursionError traceback
@example(["ok"], b"\xff\xfe not utf-8", 1)  # was a UnicodeDecodeError traceback
@example(["ok"], b'{"text": "\\ud800"}', 0)  # was accepted, then failed in the store
def test_a_bad_line_is_named_by_its_number(
    samples_file: Path, good: list[str], bad: bytes, where: int
) -> None:
    """One malformed line among good ones refuses the whole file with that line's number."""
    at = min(where, len(good))
    lines = [t.encode() for t in good]
    lines.insert(at, bad)
    samples_file.write_bytes(b"\n".join(lines))
    if bad == b"[1, 2]{":  # a plain line that merely looks odd is a sample, not an error
        assert len(read_samples(samples_file, "ham")) == len(lines)
        return
    with pytest.raises(SampleError, match=rf"^{re.escape(str(samples_file))}:{at + 1}: \S"):
        read_samples(samples_file, "ham")


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.binary(max_size=300))
@example(b"ok\r\xc3")
@example("\ufeff".encode() + b'{"text": "x"}')
def test_any_bytes_give_samples_or_a_line_numbered_error(samples_file: Path, raw: bytes) -> None:
    """Whatever a samples file holds: storable samples or a SampleError naming a real line."""
    samples_file.write_bytes(raw)
    try:
        samples = read_samples(samples_file, "spam")
    except SampleError as exc:
        line = int(str(exc).removeprefix(f"{samples_file}:").split(":", 1)[0])
        assert 1 <= line <= len(raw.splitlines())
        return
    for text, lang in samples:
        assert text.strip() and "\x00" not in text and isinstance(lang, str)
        text.encode("utf-8")  # storable: no lone surrogates


# -- steward classify: JSON Lines in, one answer per line out -----------------------------------

MODELS = Models.build()
CLASSIFY_LINES = st.one_of(
    SHORT_TEXT,
    st.builds(
        lambda text, extra: json.dumps({"text": text, **extra}),
        SHORT_TEXT,
        st.dictionaries(
            st.sampled_from(["member_messages", "member_age_s", "lang"]),
            st.one_of(
                st.integers(-5, 10**30),
                st.floats(allow_nan=True, allow_infinity=True),
                st.text(max_size=3),
            ),
            max_size=2,
        ),
    ),
    st.sampled_from(["[" * 50_000, '{"text": "x", "member_age_s": 1e11}', "{}", "null"]),
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(CLASSIFY_LINES, max_size=5))
@example(["[" * 50_000])  # was a RecursionError traceback
@example(['{"text": "x", "member_age_s": 1e11}'])  # was an OverflowError traceback
@example(['{"text": "x", "member_age_s": Infinity}'])
def test_classify_answers_every_line(lines: list[str]) -> None:
    """Each input line gets one answer, in order: a verdict or an error naming its line."""
    out = list(classify_lines(lines, MODELS))
    assert len(out) == len(lines)
    for number, result in enumerate(out, 1):
        if "error" in result:
            assert result["error"].startswith(f"line {number}: ")
        else:
            assert isinstance(result["spam"], bool) and isinstance(result["action"], str)
