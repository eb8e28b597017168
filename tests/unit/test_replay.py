"""`steward replay`: an export's history through the policies, what would have been done, the
JSON report and the terminal summary, and clear answers for bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from benchmarks.replay import write_export
from bot.cli import main

EXPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "exports"
AD = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"


def _stamp(minute: int) -> dict[str, str]:
    return {
        "date": f"2026-03-01T10:{minute:02d}:00",
        "date_unixtime": str(1772359200 + minute * 60),
    }


def _message(n: int, minute: int, user: int, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": n,
        "type": "message",
        **_stamp(minute),
        "from": f"User {user}",
        "from_id": f"user{user}",
        "text": text,
        **extra,
    }


def _service(n: int, minute: int, user: int, action: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": n,
        "type": "service",
        **_stamp(minute),
        "actor": f"User {user}",
        "actor_id": f"user{user}",
        "action": action,
        **extra,
    }


def _write_export(path: Path, name: str, kind: str, chat_id: int, messages: list[Any]) -> Path:
    """A single-chat result.json as Telegram Desktop writes it."""
    payload = {"name": name, "type": kind, "id": chat_id, "messages": messages}
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def _shop_export(path: Path) -> Path:
    """A small group: its owner pins, members chat, a newcomer posts an ad, the owner posts the
    same ad (an admin: never judged), five members complain within minutes."""
    messages = [
        _service(1, 0, 1, "create_group", title="Shop"),
        _message(2, 1, 1, "Welcome to the shop! New arrivals every Friday"),
        _service(3, 2, 1, "pin_message", message_id=2),
        _service(4, 3, 9, "join_group_by_link", inviter="Group"),
        _message(5, 4, 9, AD),
        _message(6, 5, 1, AD),
        _message(7, 6, 2, "hi all, is the blue hoodie still in stock?"),
    ]
    complaints = [
        "Where is my order?? Paid two weeks ago and still haven't received it",
        "My parcel arrived damaged, the box was crushed",
        "Still not received my order, tracking hasn't updated in 10 days",
        "I want a refund, my order never arrived!!!",
        "Where is my package? Ordered on the 3rd, still nothing",
    ]
    for i, text in enumerate(complaints):
        messages.append(_message(10 + i, 10 + i, 20 + i, text))
    return _write_export(path, "Shop", "private_supergroup", 555, messages)


def test_the_report_says_what_would_have_been_done(tmp_path: Path, capsys) -> None:
    """The newcomer's ad would have been removed and its author muted; the owner's identical
    post is never judged; the pile-up is a herd alert; the JSON has every part the issue names."""
    export = _shop_export(tmp_path / "result.json")
    out = tmp_path / "report.json"
    assert main(["replay", str(export), "--json", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "«Shop» (private_supergroup): 9 messages, 3 service lines" in summary
    assert (
        "delete_mute" in summary and "complaint surges the owner would have heard of: 2" in summary
    )

    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) >= {"chat", "messages", "skipped", "flagged", "herd_alerts", "activity"}
    assert set(report) >= {"stages", "prompts"}
    assert report["chat"]["id"] == -1000000000555 and report["messages"] == 9
    # Judged: the newcomer, the member and the five complainers; never the owner's two posts.
    assert report["summary"]["judged"] == 7
    [ad] = report["flagged"]
    assert ad["id"] == 5 and ad["from_id"] == 9 and ad["action"] == "delete_mute"
    assert (
        ad["lead"] == "spam"
        and "spam" in ad["labels"]
        and ad["date"].startswith("2026-03-01T10:04")
    )
    assert {"name", "detail"} == set(ad["checks"][0])
    levels = [(a["level"], a["complainers"]) for a in report["herd_alerts"]]
    assert levels == [("watch", 3), ("warning", 5)]
    [day] = report["activity"]["daily"]
    assert day == {"date": "2026-03-01", "messages": 9, "senders": 8, "joins": 1, "leaves": 0}


def test_settings_file_changes_the_verdicts(tmp_path: Path) -> None:
    """A listed competitor is caught; herd off means no alerts."""
    export = tmp_path / "result.json"
    messages = [_message(1, 1, 5, "Have you tried ShopXyz? Better prices there")]
    _write_export(export, "G", "private_group", 7, messages)
    settings = tmp_path / "settings.toml"
    settings.write_text('competitors = ["ShopXyz"]\nherd = "off"\n', encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["replay", str(export), "--settings", str(settings), "--json", str(out)]) == 0
    [row] = json.loads(out.read_text(encoding="utf-8"))["flagged"]
    assert row["lead"] == "poaching"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "replay:"),
        ('{"name": "Bob", "type": "personal_chat", "id": 3, "messages": []}', "personal chat"),
    ],
    ids=["not-an-export", "personal-chat"],
)
def test_bad_input_gets_one_clear_line(tmp_path: Path, capsys, content: str, message: str) -> None:
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    assert main(["replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_path_and_bad_settings_are_refused(tmp_path: Path, capsys) -> None:
    assert main(["replay", str(tmp_path / "nowhere")]) == 2
    export = _shop_export(tmp_path / "result.json")
    bad = tmp_path / "s.json"
    bad.write_text("[1, 2", encoding="utf-8")
    assert main(["replay", str(export), "--settings", str(bad)]) == 2
    assert "settings file cannot be read" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["missing/out", "folder", "locked/out"])
@pytest.mark.parametrize("flag", ["--json", "--html"])
def test_a_report_that_cannot_be_written_is_refused_before_the_replay(
    tmp_path: Path, capsys, flag: str, where: str
) -> None:
    """A report path in no folder, a folder, or a folder Steward may not write: one line and
    status 2 before any work (it was a traceback after the whole replay)."""
    export = _shop_export(tmp_path / "result.json")
    (tmp_path / "folder").mkdir()
    (tmp_path / "locked").mkdir(mode=0o500)
    target = tmp_path / where
    if where == "locked/out" and os.access(target.parent, os.W_OK):
        pytest.skip("running as a user every folder is writable to (root)")
    assert main(["replay", str(export), flag, str(target)]) == 2
    captured = capsys.readouterr()
    assert f"cannot write {target}" in captured.err and "Traceback" not in captured.err
    assert captured.out == ""  # refused before replaying


def test_a_truncated_export_reports_what_was_read_and_fails(tmp_path: Path, capsys) -> None:
    """Cut mid-file: the messages before the cut are replayed and the exit code says so."""
    whole = write_export(tmp_path / "whole.json", 300)
    cut = tmp_path / "result.json"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    assert main(["replay", str(cut)]) == 1
    out = capsys.readouterr().out
    assert "stopped early" in out
    read = int(out.split("): ", 1)[1].split(" messages", 1)[0])
    assert 100 < read < 300


def test_an_empty_export_is_a_report_of_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "result.json"
    path.write_text(
        '{"name": "Quiet", "type": "private_group", "id": 1, "messages": []}', encoding="utf-8"
    )
    assert main(["replay", str(path)]) == 0
    assert "0 messages" in capsys.readouterr().out


def test_a_channel_export_is_replayed_with_a_note(tmp_path: Path, capsys) -> None:
    path = tmp_path / "result.json"
    messages = [
        {
            "id": 1,
            "type": "message",
            **_stamp(1),
            "from": "News",
            "from_id": "channel42",
            "text": "Today's post",
        }
    ]
    _write_export(path, "News", "public_channel", 42, messages)
    assert main(["replay", str(path)]) == 0
    assert "note: a channel, not a group" in capsys.readouterr().out


@pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/exports is absent: no real exports")
def test_every_real_export_replays(tmp_path: Path, capsys) -> None:
    """Each real export replays to the end with a report; ordinary groups are mostly left alone."""
    for path in sorted(EXPORTS.iterdir()):
        if path.suffix in (".md", ".sh"):
            continue
        out = tmp_path / f"{path.stem}.json"
        status = main(["replay", str(path), "--json", str(out)])
        assert status in (0, 1), path.name  # 1: the export itself is truncated
        report = json.loads(out.read_text(encoding="utf-8"))
        assert report["messages"] > 0, path.name
        acted = len(report["flagged"]) / report["messages"]
        assert acted < 0.15, (path.name, acted)
    capsys.readouterr()


def test_the_group_posting_as_itself_is_never_judged(tmp_path: Path) -> None:
    """An anonymous admin's post (from the group's own id) is left alone; another channel's
    identical post is judged."""
    post = {"id": 1, "type": "message", **_stamp(1), "from": "Shop", "text": AD}
    messages = [
        {**post, "from_id": "channel555"},
        {**post, "id": 2, "from_id": "channel777", "from": "Elsewhere"},
    ]
    export = tmp_path / "result.json"
    _write_export(export, "Shop", "private_supergroup", 555, messages)
    out = tmp_path / "r.json"
    assert main(["replay", str(export), "--json", str(out)]) == 0
    flagged = json.loads(out.read_text(encoding="utf-8"))["flagged"]
    assert [row["id"] for row in flagged] == [2]


def test_bots_answering_commands_are_never_judged(tmp_path: Path, capsys) -> None:
    """An author who answers a member's /command at once is a bot the admins added, whatever its
    display name: its link-laden answers are not ads. A member replying to a command later, or
    to their own, is still judged."""
    links = "Here you go: https://dl-example.xyz/v/123 @some_media_bot Add me to your groups!"
    messages = [
        _service(10, 0, 7, "join_group_by_link", inviter="Group"),
        _service(13, 0, 1, "pin_message", message_id=1),
        _service(14, 0, 11, "join_group_by_link", inviter="Group"),
        _service(15, 0, 10, "join_group_by_link", inviter="Group"),
        _message(1, 0, 2, "/download https://youtu.be/abc"),
        {**_message(2, 0, 7, links, reply_to_message_id=1), "from": "Instant Media"},
        _message(3, 5, 3, "/film Dune"),
        {**_message(4, 5, 7, links, reply_to_message_id=3), "from": "Instant Media"},
        _message(5, 30, 3, "/film Alien"),
        _message(6, 50, 9, AD, reply_to_message_id=5),
        _message(7, 51, 4, "Ask in the chat, folks"),
        {**_message(8, 52, 8, links), "from": "Media Helper Bot - Video | Music"},
        {**_message(9, 53, 10, links), "from": "Iris | Чат-менеджер"},
        # The owner's own command is answered too.
        _message(11, 54, 1, "/rules"),
        {**_message(12, 54, 11, links, reply_to_message_id=11), "from": "Rules Keeper"},
    ]
    export = tmp_path / "result.json"
    _write_export(export, "Study", "private_supergroup", 77, messages)
    out = tmp_path / "r.json"
    assert main(["replay", str(export), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    # The ad answering a command twenty minutes late is judged, and flagged.
    assert [row["id"] for row in report["flagged"]] == [6]
    assert "2 authors answered members' /commands at once" in capsys.readouterr().out
    assert report["summary"]["bots"] == 2


@pytest.mark.parametrize("flag", ["--json", "--html"])
def test_a_report_over_the_export_itself_is_refused(tmp_path: Path, capsys, flag: str) -> None:
    """`steward replay result.json --json result.json` replaced the owner's export with the
    report (status 0); a page of an HTML export likewise."""
    export = _shop_export(tmp_path / "result.json")
    before = export.read_bytes()
    assert main(["replay", str(export), flag, str(export)]) == 2
    assert export.read_bytes() == before
    assert "is the export being replayed" in capsys.readouterr().err
    folder = tmp_path / "ChatExport"
    folder.mkdir()
    (folder / "messages.html").write_text("<html></html>", encoding="utf-8")
    assert main(["replay", str(folder), flag, str(folder / "messages.html")]) == 2
    assert (folder / "messages.html").read_text(encoding="utf-8") == "<html></html>"


def _with_closed_stdout(args: list[str], cwd: Path) -> str:
    """Run the command line with its standard output's reader gone (`| head` that ended)."""
    import subprocess
    import sys

    from tests.unit.cli_support import CLEAN

    read, write = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        stdout=write,
        stderr=subprocess.PIPE,
        env=CLEAN,
    )
    os.close(write)
    os.close(read)
    _, err = proc.communicate(timeout=120)
    return err.decode()


def test_replay_into_a_closed_pipe_still_writes_its_reports(tmp_path: Path) -> None:
    """`steward replay ... | head -1`: a BrokenPipeError traceback, and no report written."""
    export = _shop_export(tmp_path / "result.json")
    err = _with_closed_stdout(
        ["replay", str(export), "--html", "r.html", "--json", "r.json"], tmp_path
    )
    assert "Traceback" not in err, err
    assert (tmp_path / "r.html").is_file() and (tmp_path / "r.json").is_file()


def test_classify_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text('{"text": "hello there"}\n' * 2000, encoding="utf-8")
    assert "Traceback" not in _with_closed_stdout(["classify", "in.jsonl"], tmp_path)


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ('{"spam_acton": "delete_ban"}', "spam_acton (did you mean spam_action?)"),
        ('{"competitors": ["ab"]}', "'ab' (competitor_short)"),
        ('{"competitors": ["shop"]}', "'shop' (competitor_everyday)"),
    ],
    ids=["misspelt-key", "short-name", "everyday-name"],
)
def test_settings_the_bot_would_refuse_are_refused(
    tmp_path: Path, capsys, settings: str, said: str
) -> None:
    """A misspelt key was ignored (the replay ran on the default), and competitor names
    /competitor add refuses were dropped without a word: status 0 either way."""
    export = _shop_export(tmp_path / "result.json")
    path = tmp_path / "s.json"
    path.write_text(settings, encoding="utf-8")
    assert main(["replay", str(export), "--settings", str(path)]) == 2
    captured = capsys.readouterr()
    assert said in captured.err and captured.out == ""


def test_one_byte_that_is_not_utf8_does_not_end_the_replay(tmp_path: Path, capsys) -> None:
    """One invalid byte in a JSON export ended the parse there: "skipped 1 unreadable records
    (truncated file 1)", every message after it dropped, status 1. It reads as U+FFFD now."""
    export = _shop_export(tmp_path / "result.json")
    raw = export.read_bytes()
    body = json.loads(raw)
    count = len([m for m in body["messages"] if m.get("type") == "message"])
    first_text = next(m["text"] for m in body["messages"] if isinstance(m.get("text"), str))
    bad = raw.replace(first_text.encode("utf-8"), first_text.encode("utf-8") + b" \xff", 1)
    assert bad != raw
    export.write_bytes(bad)
    assert main(["replay", str(export)]) == 0
    out = capsys.readouterr().out
    assert f"{count} messages" in out and "truncated" not in out


def test_an_export_saved_with_a_byte_order_mark_is_read(tmp_path: Path, capsys) -> None:
    """An export saved again by a Windows editor starts with a byte-order mark: it was refused
    as "not a Telegram export", in three lines."""
    export = _shop_export(tmp_path / "result.json")
    export.write_bytes(b"\xef\xbb\xbf" + export.read_bytes())
    assert main(["replay", str(export)]) == 0
    assert "messages" in capsys.readouterr().out


def test_a_flagged_text_is_kept_whole_for_the_corrections_file(tmp_path: Path) -> None:
    """The --json rows (and the HTML's corrections file for `steward train --ham`) cut flagged
    texts to 500 characters: the model would learn a fragment."""
    long_ad = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh " * 12
    messages = [_message(1, 1, 7, long_ad)]
    export = _write_export(tmp_path / "result.json", "Shop", "private_supergroup", 42, messages)
    assert main(["replay", str(export), "--json", str(tmp_path / "r.json")]) == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    texts = [row["text"] for row in report["flagged"]]
    assert texts and len(texts[0]) == len(long_ad)


@pytest.mark.parametrize("settings", ['{"borderline": 0.9}', '{"threshold": 0.4}'])
def test_crossed_thresholds_are_refused_as_settings_refuses_them(
    tmp_path: Path, capsys, settings: str
) -> None:
    """A borderline above the threshold (/settings refuses it) was clamped, status 0."""
    export = _shop_export(tmp_path / "result.json")
    path = tmp_path / "s.json"
    path.write_text(settings, encoding="utf-8")
    assert main(["replay", str(export), "--settings", str(path)]) == 2
    assert "above threshold" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [b"this is not json at all", b"", b"PK\x03\x04\x14\x00\x00\x00zipped export"],
    ids=["text", "empty", "zip"],
)
def test_a_file_that_is_not_json_is_refused_in_one_line(
    tmp_path: Path, capsys, content: bytes
) -> None:
    """The parser's message came whole: four lines, a diagram, and raw bytes of a zip."""
    path = tmp_path / "result.json"
    path.write_bytes(content)
    assert main(["replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not a Telegram export" in err, err


def test_an_html_page_that_is_no_telegram_export_is_refused(tmp_path: Path, capsys) -> None:
    """A folder with any "messages.html" (a saved web page) was replayed as an empty chat with
    status 0, as if the group had said nothing; it is refused as not an export (status 2)."""
    folder = tmp_path / "Saved page"
    folder.mkdir()
    (folder / "messages.html").write_text(
        "<html><body><h1>My inbox</h1><p>hello world</p></body></html>", encoding="utf-8"
    )
    assert main(["replay", str(folder)]) == 2
    assert "not a Telegram export" in capsys.readouterr().err


def test_an_html_export_cut_short_is_replayed_as_far_as_it_goes_and_exits_1(
    tmp_path: Path, capsys
) -> None:
    """A page cut off mid-way (a copy interrupted) was replayed with status 0, as if whole: the
    README promises a truncated export is replayed as far as it goes, with status 1."""
    source = Path(__file__).parent / "fixtures" / "exports" / "html"
    folder = tmp_path / "ChatExport"
    folder.mkdir()
    for page in source.iterdir():
        (folder / page.name).write_bytes(page.read_bytes())
    last = folder / "messages10.html"
    text = last.read_text(encoding="utf-8")
    last.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    assert main(["replay", str(folder)]) == 1
    out = capsys.readouterr()
    assert "cut short" in out.out + out.err
