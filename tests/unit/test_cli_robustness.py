"""The `steward` command line where its surroundings fail: standard output closed (`>&-`), full
(`> /dev/full`) or gone (`| head`), Ctrl-C, a bad setting the command does not need, and an
input line with no end (`< /dev/zero`). Each case ends with no traceback: at most one
`steward:` line and a status that says what happened."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import EXIT_INTERRUPTED, main
from tests.unit.cli_support import CLEAN, TOKEN, export_message, write_export


def _popen(*args: str, cwd: Path, **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**CLEAN, "PYTHONUNBUFFERED": "1", **kwargs.pop("env", {})},
        **kwargs,
    )


def _stderr_within(proc: subprocess.Popen[bytes], seconds: float) -> str:
    """The process's standard error once it ends, or what it wrote in `seconds` (then it is
    stopped: a command that goes on quietly is fine, only its traceback matters here)."""
    try:
        _, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err.decode("utf-8", "replace")


# -- standard output that is closed, full or gone --------------------------------------------


def test_classify_with_standard_output_closed_is_no_traceback(tmp_path: Path) -> None:
    """`steward classify msgs.jsonl >&-` (run from a service or cron with stdout closed): the
    user sees an AttributeError traceback ('NoneType' object has no attribute 'write') and
    status 1. They should see one `steward:` line (or nothing) and no traceback, as
    check-config, eval and replay already manage."""
    (tmp_path / "in.jsonl").write_text('{"text": "hello"}\n', encoding="utf-8")
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m bot classify in.jsonl >&-', sys.executable],
        cwd=tmp_path,
        env=CLEAN,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ("classify", "in.jsonl"),
        ("check-config",),
        ("eval", "--spam", "in.txt", "--ham", "in.txt"),
        ("replay", "result.json"),
    ],
    ids=["classify", "check-config", "eval", "replay"],
)
def test_a_full_disk_on_standard_output_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    """`steward classify msgs.jsonl > out.jsonl` on a full disk (here /dev/full): the user sees
    an `OSError: [Errno 28] No space left on device` traceback. They should see one
    `steward:` line saying the output could not be written, and a non-zero status."""
    (tmp_path / "in.jsonl").write_text('{"text": "hello"}\n', encoding="utf-8")
    (tmp_path / "in.txt").write_text("hello there, is the shop open today?\n", encoding="utf-8")
    write_export(tmp_path / "result.json", [export_message(1, 1, 2, "hi all")])
    with open("/dev/full", "w") as full:  # noqa: PTH123
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=tmp_path,
            env={**CLEAN, "BOT_TOKEN": TOKEN},
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
        )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("steward:") and len(result.stderr.strip().splitlines()) == 1


def test_replay_still_writes_its_json_report_when_the_terminal_output_fails(
    tmp_path: Path,
) -> None:
    """`steward replay result.json --json report.json > summary.txt` on a full disk: the user
    gets a traceback and no report.json at all, though the report file was asked for and its
    folder is writable (a closed pipe is already handled: the reports are still written)."""
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    write_export(tmp_path / "result.json", [export_message(1, 1, 2, "hi all")])
    with open("/dev/full", "w") as full:  # noqa: PTH123
        subprocess.run(
            [sys.executable, "-m", "bot", "replay", "result.json", "--json", "report.json"],
            cwd=tmp_path,
            env=CLEAN,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=30,
        )
    assert (tmp_path / "report.json").is_file()


def test_demo_piped_into_head_ends_without_a_traceback(tmp_path: Path) -> None:
    """`steward demo | head`: once head has its lines, the user sees a 25-line BrokenPipeError
    traceback. classify and replay stop quietly in the same case; demo should too."""
    read, write = os.pipe()
    proc = _popen("demo", cwd=tmp_path, stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    with os.fdopen(read, "rb") as reader:
        assert reader.readline().startswith(b"Steward demo")
    err = _stderr_within(proc, 4)
    assert "Traceback" not in err, err


def test_demo_with_standard_output_closed_is_no_traceback(tmp_path: Path) -> None:
    """`steward demo >&-`: the user sees an AttributeError traceback ('NoneType' object has no
    attribute 'write'); they should see no traceback."""
    proc = subprocess.Popen(
        ["sh", "-c", 'exec "$0" -m bot demo >&-', sys.executable],
        cwd=tmp_path,
        env=CLEAN,
        stderr=subprocess.PIPE,
    )
    err = _stderr_within(proc, 4)
    assert "Traceback" not in err, err


# -- settings and signals --------------------------------------------------------------------


def test_demo_with_a_bad_setting_in_the_environment_is_no_traceback(tmp_path: Path) -> None:
    """`DEFAULT_TIMEZONE=Nowhere/Land steward demo` (a typo in the owner's shell profile, which
    demo does not even need): the user sees a pydantic ValidationError traceback. They should
    see either the demo (it needs no settings) or one line naming the setting, as `run` and
    `check-config` give."""
    proc = _popen(
        "demo",
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={"DEFAULT_TIMEZONE": "Nowhere/Land"},
    )
    err = _stderr_within(proc, 4)
    assert "Traceback" not in err, err


def test_ctrl_c_during_classify_is_no_traceback(tmp_path: Path) -> None:
    """Ctrl-C while `steward classify` reads a long stream: the user sees a KeyboardInterrupt
    traceback (replay, eval and train do the same). `steward run` already ends quietly on
    Ctrl-C; the other commands should too (no traceback, a non-zero status)."""
    proc = _popen(
        "classify",
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b'{"text": "hello"}\n')
    proc.stdin.flush()
    assert proc.stdout.readline().startswith(b"{")  # started and judging
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert "Traceback" not in err.decode(), err.decode()
    assert proc.returncode == EXIT_INTERRUPTED  # 128 + SIGINT, as the shell reports Ctrl-C


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (("eval", "--spam", "in.txt", "--ham", "in.txt"), "bot.classify.evaluate_files"),
        (("replay", "result.json"), "bot.replay.cli.replay"),
    ],
    ids=["eval", "replay"],
)
def test_ctrl_c_in_any_command_ends_it_quietly_with_status_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...], target: str
) -> None:
    """Ctrl-C during `steward eval` or `steward replay` (a long export): a KeyboardInterrupt
    traceback. Every command shares classify's way out: no traceback, status 130."""

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    (tmp_path / "in.txt").write_text("hello there, is the shop open today?\n", encoding="utf-8")
    write_export(tmp_path / "result.json", [export_message(1, 1, 2, "hi all")])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(target, interrupted)
    try:
        status = main(list(command))
    except KeyboardInterrupt:  # caught here: it would stop the whole test session
        pytest.fail("Ctrl-C came out of the command line as a KeyboardInterrupt traceback")
    assert status == EXIT_INTERRUPTED


# -- input -------------------------------------------------------------------------------------

# Runs the command line twice in one process: once to load everything, then on standard input,
# and says how far the process's peak memory grew for the second run (kilobytes, Linux).
PEAK_PROBE = """
import resource, sys
from bot.cli import main
main(["classify", "warm.jsonl"])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
status = main(["classify"])
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(f"status={status} grown={grown}", file=sys.stderr)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KB on Linux")
def test_classify_refuses_a_line_with_no_end_without_holding_it(tmp_path: Path) -> None:
    """`steward classify < /dev/zero` (or a binary file piped in by mistake): the whole "line"
    was read into memory, which grew without limit. A line longer than any message can be is
    now refused in one answer, read at most 64 KB at a time, and the next line is judged.
    Here 6 MB with no newline: the peak memory may not grow by anything like it."""
    (tmp_path / "warm.jsonl").write_text('{"text": "hello"}\n', encoding="utf-8")
    endless = b"x" * 6_000_000 + b"\n" + b'{"text": "hello there"}\n'
    result = subprocess.run(
        [sys.executable, "-c", PEAK_PROBE],
        cwd=tmp_path,
        env=CLEAN,
        input=endless,
        capture_output=True,
        timeout=60,
    )
    err = result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err, err
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(rows) == 3  # warm.jsonl's one, then the refused line and the judged one
    assert "line 1: longer than 65,536 bytes" in rows[1]["error"], rows[1]
    assert rows[2]["label"] == "ham", rows[2]
    grown_kb = int(err.rsplit("grown=", 1)[1].split()[0])
    assert grown_kb < 3_000, f"peak memory grew by {grown_kb} KB reading a 6 MB line"
