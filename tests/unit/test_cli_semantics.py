"""The `steward` command line saying what is so: check-config masks every secret it shows,
eval's figures with nothing under them read as unknown, and the replay refuses what `/settings`
refuses, writes its report where nothing of the export is lost, names the action it would take
and the zone of its times, and reads an HTML export's text as a browser shows it; train and
eval name a folder given for a file, and refuse files with no message alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from tests.unit.cli_support import TOKEN, export_message, steward, write_export

AD = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"


# -- check-config ------------------------------------------------------------------------------


def test_check_config_masks_a_database_password_given_in_the_query(tmp_path: Path) -> None:
    """`DATABASE_URL=postgresql://steward@db/steward?password=...` (libpq's and asyncpg's other
    way to give the password): check-config, which promises "secrets masked", prints the
    password in clear. It should mask it as it masks `user:password@`."""
    result = steward(
        "check-config",
        cwd=tmp_path,
        BOT_TOKEN=TOKEN,
        DATABASE_URL="postgresql://steward@db.example/steward?password=Hunter2Secret",
    )
    assert result.returncode == 0, result.stderr
    assert "Hunter2Secret" not in result.stdout


def test_check_config_masks_the_credentials_of_every_url_it_shows(tmp_path: Path) -> None:
    """check-config, which promises "secrets masked", printed in clear the bot token in a
    webhook's path (a common way to keep the path secret) and the password of a Bot API
    server's `user:password@`."""
    result = steward(
        "check-config",
        cwd=tmp_path,
        BOT_TOKEN=TOKEN,
        MODE="webhook",
        WEBHOOK_URL=f"https://bot.example.com/hook/{TOKEN}",
        BOT_API_BASE_URL="http://steward:ApiPass77@127.0.0.1:8081/bot",
    )
    assert result.returncode == 0, result.stderr
    assert TOKEN.split(":")[1] not in result.stdout
    assert "ApiPass77" not in result.stdout
    assert "https://bot.example.com/hook/123456789:***" in result.stdout


# -- eval and train ----------------------------------------------------------------------------


def test_eval_does_not_report_zero_recall_for_a_language_with_no_spam(tmp_path: Path) -> None:
    """`steward eval` with Russian only among the ham: the `ru` row reads recall 0.000, i.e.
    "caught none of the Russian spam", when there was no Russian spam to catch. A figure that
    cannot be computed should say so (n/a, -), not read as the worst possible result."""
    spam = tmp_path / "spam.txt"
    ham = tmp_path / "ham.txt"
    spam.write_text(AD + "\n", encoding="utf-8")
    ham.write_text("Привет всем, когда будет следующая поставка?\n", encoding="utf-8")
    result = steward("eval", "--spam", str(spam), "--ham", str(ham), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [row] = [line for line in result.stdout.splitlines() if line.startswith("ru ")]
    spam_count, _ham, _precision, recall, _fpr = row.split()[1:]
    assert spam_count == "0"
    assert recall != "0.000", row


@pytest.mark.parametrize("command", ["eval", "train"])
def test_a_folder_given_for_a_samples_file_is_called_a_folder(
    tmp_path: Path, command: str
) -> None:
    """`steward eval --spam samples/ ...` (a folder of files, not one): "no such file:
    samples", though the owner can see it there."""
    (tmp_path / "samples").mkdir()
    (tmp_path / "ham.txt").write_text("hello there\n", encoding="utf-8")
    result = steward(command, "--spam", "samples", "--ham", "ham.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert "folder" in result.stderr and "no such file" not in result.stderr, result.stderr


def test_eval_refuses_files_with_no_message_as_train_does(tmp_path: Path) -> None:
    """`steward eval` on two empty files printed a table header and nothing else, status 0,
    where `steward train` on the same files refuses them."""
    (tmp_path / "spam.txt").write_text("", encoding="utf-8")
    (tmp_path / "ham.txt").write_text("\n\n", encoding="utf-8")
    result = steward("eval", "--spam", "spam.txt", "--ham", "ham.txt", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stdout == "" and "at least one message" in result.stderr


# -- replay ------------------------------------------------------------------------------------


def test_replay_writes_a_report_into_the_export_folder(tmp_path: Path, capsys) -> None:
    """`cd ChatExport_2026-03-01 && steward replay . --json report.json`: refused with "cannot
    write report.json: it is the export being replayed (or a page of it)", status 2. It is
    neither: a new file beside result.json destroys nothing. Only writing over result.json
    or a messages*.html page should be refused."""
    folder = tmp_path / "ChatExport_2026-03-01"
    folder.mkdir()
    write_export(folder / "result.json", [export_message(1, 1, 2, "hi all")])
    report = folder / "report.json"
    assert main(["replay", str(folder), "--json", str(report)]) == 0, capsys.readouterr().err
    assert json.loads(report.read_text(encoding="utf-8"))["messages"] == 1
    # Again over the report of the earlier run: still fine. The export's own files are not.
    assert main(["replay", str(folder), "--json", str(report)]) == 0
    (folder / "photos").mkdir()
    (folder / "photos" / "photo_1.jpg").write_bytes(b"\xff\xd8")
    for own in (folder / "result.json", folder / "messages2.html", folder / "photos/photo_1.jpg"):
        assert main(["replay", str(folder), "--html", str(own)]) == 2
    assert (folder / "photos" / "photo_1.jpg").read_bytes() == b"\xff\xd8"


@pytest.mark.parametrize(
    ("settings", "key"),
    [
        ({"warn_limit": 5.7}, "warn_limit"),
        ({"mute_minutes": 90.5}, "mute_minutes"),
        ({"allow_domains": ["not-a-domain!"]}, "allow_domains"),
    ],
    ids=["warn-limit-fraction", "mute-minutes-fraction", "bad-domain"],
)
def test_replay_refuses_settings_that_settings_refuses(
    tmp_path: Path, capsys, settings: dict[str, Any], key: str
) -> None:
    """README: "a value `/settings` would refuse ... is refused, naming it, and nothing is
    replayed". `/settings warn_limit 5.7`, `/settings mute_minutes 90.5` and
    `/settings allow_domains not-a-domain!` are refused, but a settings file with them is
    replayed (5.7 silently becomes 5, the bad domain is allowed) with status 0."""
    export = write_export(tmp_path / "result.json", [export_message(1, 1, 2, "hi all")])
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(settings), encoding="utf-8")
    assert main(["replay", str(export), "--settings", str(path)]) == 2
    assert key in capsys.readouterr().err


def test_replay_refuses_a_null_competitor_rather_than_listing_none(tmp_path: Path) -> None:
    """`"competitors": [null]` in a JSON settings file (an empty cell of a spreadsheet export)
    lists a rival named "None": an ordinary "None of the sizes fit me" is then flagged as
    naming a competitor. A name that is not text should be refused, naming it."""
    export = write_export(
        tmp_path / "result.json",
        [export_message(1, 1, 5, "None of the sizes fit me, any restock?")],
    )
    path = tmp_path / "settings.json"
    path.write_text('{"competitors": [null]}', encoding="utf-8")
    out = tmp_path / "report.json"
    status = main(["replay", str(export), "--settings", str(path), "--json", str(out)])
    if status == 0:
        assert json.loads(out.read_text(encoding="utf-8"))["flagged"] == []
    else:
        assert status == 2


def test_replay_says_what_it_would_do_with_a_rival_only_asked_about(
    tmp_path: Path, capsys
) -> None:
    """A known member asks "Is ShopXyz legit?" with ShopXyz listed: README says such a message
    stays and is reported to the owner. The replay counts it among the messages it "would have
    acted on" but gives its action as `none` (terminal: "none 1"; JSON: "action": "none"), so
    the report never says the owner would have been told. The action should name the alert."""
    export = write_export(
        tmp_path / "result.json",
        [export_message(1, 1, 5, "Is ShopXyz legit? has anyone here ordered from them?")],
    )
    path = tmp_path / "settings.toml"
    path.write_text('competitors = ["ShopXyz"]\n', encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["replay", str(export), "--settings", str(path), "--json", str(out)]) == 0
    [row] = json.loads(out.read_text(encoding="utf-8"))["flagged"]
    assert row["action"] == "alert_owner", row
    assert "alert_owner" in capsys.readouterr().out


def test_replay_terminal_times_are_the_groups_or_say_utc(tmp_path: Path, capsys) -> None:
    """With `timezone = "Asia/Tokyo"` in the settings, the terminal lists a complaint surge at
    "2026-03-01 10:12": UTC, unlabelled, while the group's clock said 19:12 (the HTML report
    at least says UTC). The time should be the group's, or say which zone it is in."""
    complaints = [
        "Where is my order?? Paid two weeks ago and still nothing arrived",
        "My parcel came damaged, the box was crushed flat",
        "Still have not received my order, tracking stuck for 10 days",
        "I want a refund, my order never arrived at all!!!",
    ]
    messages = [export_message(1 + i, 10 + i, 20 + i, text) for i, text in enumerate(complaints)]
    export = write_export(tmp_path / "result.json", messages)
    path = tmp_path / "settings.toml"
    path.write_text('timezone = "Asia/Tokyo"\n', encoding="utf-8")
    assert main(["replay", str(export), "--settings", str(path)]) == 0
    surges = [
        line for line in capsys.readouterr().out.splitlines() if "complainers, message" in line
    ]
    assert surges, "no surge listed"
    assert all(" 19:1" in line or "UTC" in line for line in surges), surges


def test_an_html_export_text_is_read_as_a_browser_shows_it(tmp_path: Path) -> None:
    """An HTML export whose text block is wrapped over source lines (several exports in
    ../shared/exports have such pages): the replay's JSON report quotes the flagged message as
    "...no experience needed!\\n            Write me ...", with the page's indentation, where
    the page (and Telegram) shows one space. HTML whitespace should collapse as in a browser
    (`<br>` is the only line break of an exported text)."""
    folder = tmp_path / "ChatExport"
    folder.mkdir()
    first, second = AD.split(" Write ")
    page = f"""<!DOCTYPE html>
<html>
 <head><meta charset="utf-8"/><title>Exported Data</title></head>
 <body>
  <div class="page_wrap">
   <div class="page_header"><div class="content"><div class="text bold">Shop</div></div></div>
   <div class="page_body chat_page">
    <div class="history">
     <div class="message service" id="message-1"><div class="body details">1 March 2026</div></div>
     <div class="message default clearfix" id="message2">
      <div class="body">
       <div class="pull_right date details" title="01.03.2026 10:00:00">10:00</div>
       <div class="from_name">Newcomer</div>
       <div class="text">
            {first}
            Write {second}
       </div>
      </div>
     </div>
    </div>
   </div>
  </div>
 </body>
</html>
"""
    (folder / "messages.html").write_text(page, encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["replay", str(folder), "--json", str(out)]) == 0
    [row] = json.loads(out.read_text(encoding="utf-8"))["flagged"]
    assert row["text"] == AD, repr(row["text"])
