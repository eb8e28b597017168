"""`steward classify`, `train` and `eval`: one output line per input line, errors in place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.classify import classify_lines, evaluate_files, format_report
from bot.models import Models
from tests.unit.cli_support import steward

MODELS = Models.build()
AD = "Earn $500 a day from home, no experience needed, write me t.me/+AbCdEf"


def test_each_line_gets_its_answer_in_order() -> None:
    """Good lines get verdicts, bad lines get errors, and nothing is skipped."""
    lines = [
        json.dumps({"text": AD}),
        "{broken",
        json.dumps({"text": 5}),
        "",
        json.dumps({"text": "thanks, got it!", "lang": "en"}),
        json.dumps({"text": "hi", "member_age_s": "soon"}),
    ]
    out = list(classify_lines(lines, MODELS))
    assert len(out) == len(lines)
    assert out[0]["spam"] is True and out[0]["action"] == "delete_mute"
    assert set(out[0]) == {
        "spam",
        "poaching",
        "complaint",
        "label",
        "scores",
        "checks",
        "action",
    }
    assert {"name", "detail", "finding"} == set(out[0]["checks"][0])
    assert out[4]["label"] == "ham" and out[0]["label"] in ("spam", "poaching")
    assert "not valid JSON" in out[1]["error"]
    assert "text" in out[2]["error"]
    assert "empty" in out[3]["error"]
    assert out[4]["spam"] is False and out[4]["action"] == "none"
    assert "member_age_s" in out[5]["error"]


def test_established_member_skips_content_checks() -> None:
    """member_messages counts toward trust, as in a group."""
    out = next(classify_lines([json.dumps({"text": AD, "member_messages": 500})], MODELS))
    assert out["spam"] is False


def test_eval_reports_per_language(tmp_path: Path) -> None:
    """eval counts precision, recall and FPR per language and overall."""
    spam = tmp_path / "spam.txt"
    ham = tmp_path / "ham.jsonl"
    spam.write_text(AD + "\n" + "Заработок от 5000 ₽ в день, пиши в лс t.me/+XyZ123\n")
    ham.write_text(json.dumps({"text": "is the hoodie in stock?", "lang": "en"}) + "\n")
    tallies = evaluate_files(spam, ham, MODELS)
    assert tallies["all"].tp == 2 and tallies["all"].fp == 0
    assert tallies["ru"].recall == 1.0
    assert "precision" in format_report(tallies)


def test_cli_classify_reads_stdin(tmp_path: Path) -> None:
    """The command reads JSON Lines on stdin and writes JSON Lines."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "classify", "-"],
        input=json.dumps({"text": AD}) + "\nnope\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["spam"] is True and "error" in rows[1]


def test_cli_classify_answers_a_line_that_is_not_utf8_in_its_place(tmp_path: Path) -> None:
    """A line of other bytes gets its error and the next line its verdict (it was a traceback
    and nothing judged)."""
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\xff\xfe\x00garbage\n" + json.dumps({"text": AD}).encode() + b"\r\n")
    result = steward("classify", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0] == {"error": "line 1: not UTF-8 text"} and rows[1]["spam"] is True
    assert "Traceback" not in result.stderr


def test_cli_classify_with_stdin_closed_says_so(tmp_path: Path) -> None:
    """No standard input at all (`<&-`): one line and status 2, not a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "classify"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(0),
    )
    assert result.returncode == 2
    assert "classify: no standard input" in result.stderr and "Traceback" not in result.stderr


def test_cli_train_stores_samples(tmp_path: Path) -> None:
    """train adds samples to the store, to a chat when --chat is given."""
    spam = tmp_path / "spam.txt"
    spam.write_text("buy followers cheap at followers-shop.xyz\n")
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/t.sqlite3", "PATH": "/usr/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "train", "--spam", str(spam), "--chat", "-100"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "added 1 samples to chat -100" in result.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "bot", "train", "--spam", str(tmp_path / "none.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_classify_fills_poaching_with_its_score_and_checks() -> None:
    """A rival's pitch is labelled poaching, scored, explained and acted on as the bot would."""
    line = json.dumps({"text": "DM me, same bags much cheaper than here: @rivalbags"})
    (out,) = classify_lines([line], MODELS)
    assert out["poaching"] is True and out["label"] == "poaching"
    assert out["checks"][0]["finding"] == "poaching"
    assert out["scores"]["poaching"] >= 0.7
    names = {c["name"] for c in out["checks"]}
    assert {"cheaper", "handoff", "contact", "rival"} <= names
    assert out["action"] == "delete"
    (calm,) = classify_lines([json.dumps({"text": "let's talk in pm later"})], MODELS)
    assert calm["poaching"] is False and calm["action"] == "none"


def test_each_detector_gives_its_own_verdict_beside_the_one_acted_on() -> None:
    """An ad that hands over a contact is an ad and a hand-off: both detectors say so, though
    Steward acts on it (and alerts) as spam. Both are explained, each check naming its
    detector. (It read `"poaching": false` with a poaching score of 0.96 before.)"""
    text = "Лёгкий доход из дома без вложений и опыта, от 3000 в день. Пиши сюда 👉 @QuickCashPro"
    (out,) = classify_lines([json.dumps({"text": text})], MODELS)
    assert out["spam"] is True and out["poaching"] is True and out["complaint"] is False
    assert out["label"] == "spam" and out["action"] == "delete_mute"
    assert out["scores"]["poaching"] >= 0.7
    by = {c["finding"] for c in out["checks"]}
    assert by == {"spam", "poaching"}
    assert out["checks"][0]["finding"] == "spam"  # the finding acted on comes first
    assert {"contact", "ends_with_contact"} <= {
        c["name"] for c in out["checks"] if c["finding"] == "poaching"
    }


def test_classify_fills_complaint_and_never_acts_on_it() -> None:
    """A delivery complaint is labelled, scored and explained; nothing is done about it."""
    line = json.dumps({"text": "Where is my order?? Paid two weeks ago and still not received"})
    (out,) = classify_lines([line], MODELS)
    assert out["complaint"] is True and out["spam"] is False and out["poaching"] is False
    assert out["scores"]["complaint"] >= 0.7
    assert "complaint" in {c["name"] for c in out["checks"]}
    assert out["action"] == "none"
    (praise,) = classify_lines(
        [json.dumps({"text": "Fast delivery, got it in two days!"})], MODELS
    )
    assert praise["complaint"] is False


def test_train_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    """Samples are stored once per chat, label and text; a second run says they are known."""
    spam = tmp_path / "spam.txt"
    spam.write_text("Crypto signals, double your deposit\nEarn $500 a day from home\n")
    env_db = f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}"
    first = _train(tmp_path, env_db, "--spam", str(spam))
    assert first.returncode == 0 and "added 2 samples" in first.stdout
    again = _train(tmp_path, env_db, "--spam", str(spam))
    assert again.returncode == 0
    assert "added 0 samples" in again.stdout and "2 already known" in again.stdout


def test_train_refuses_a_malformed_line_with_its_number_and_a_persons_id(tmp_path: Path) -> None:
    bad = tmp_path / "ham.jsonl"
    bad.write_text('{"text": "fine"}\n{"txt": "oops"}\n')
    env_db = f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}"
    result = _train(tmp_path, env_db, "--ham", str(bad))
    assert result.returncode != 0 and f'{bad}:2: needs a "text" string' in result.stderr
    assert "nothing was added" in result.stderr
    good = tmp_path / "ok.txt"
    good.write_text("hello\n")
    person = _train(tmp_path, env_db, "--ham", str(good), "--chat", "12345")
    assert person.returncode != 0 and "is a person's id" in person.stderr


def _train(cwd: Path, db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return steward("train", *args, cwd=cwd, DATABASE_URL=db)


def test_classify_uses_what_train_added(tmp_path: Path) -> None:
    """Trained samples count in classify as they do in the live bot: the same text scores
    higher as spam once it has been trained as spam."""
    text = "totally normal sentence about grey pigeons flying over the old square every morning"
    db = f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}"
    before = _classify(tmp_path, db, text)
    sample = tmp_path / "spam.txt"
    sample.write_text(text + "\n")
    assert _train(tmp_path, db, "--spam", str(sample)).returncode == 0
    after = _classify(tmp_path, db, text)
    assert after["scores"]["spam"] > before["scores"]["spam"] * 3


def _classify(cwd: Path, db: str, text: str) -> dict[str, Any]:
    result = steward(
        "classify", "-", cwd=cwd, stdin=json.dumps({"text": text}) + "\n", DATABASE_URL=db
    )
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_a_byte_order_mark_does_not_spoil_the_first_line() -> None:
    """A file saved by a Windows editor starts with a byte-order mark: line 1 was "not JSON"."""
    lines = ['\ufeff{"text": "hello everyone"}'.encode(), b'{"text": "hi"}']
    results = list(classify_lines(lines, MODELS))
    assert all("error" not in r for r in results), results
