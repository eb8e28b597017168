"""Running the `steward` command line in tests: a clean environment and one subprocess helper."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings

# Every setting Steward reads from the environment (derived, so a new setting is covered).
VARIABLES = tuple(sorted(name.upper() for name in Settings.model_fields))
# This process's environment without any of them: each run sees only what its test sets.
CLEAN = {k: v for k, v in os.environ.items() if k.upper() not in VARIABLES}
# Shaped like a real token (Telegram never sees it: these runs stop before contacting it).
TOKEN = "123456789:AAFakeFakeFakeFakeFakeFakeFakeFake12"
BASE_UNIX = 1772359200  # 2026-03-01 10:00 UTC


def export_message(n: int, minute: int, user: int, text: str) -> dict[str, Any]:
    """One message of a JSON chat export, `minute` minutes after 2026-03-01 10:00 UTC."""
    return {
        "id": n,
        "type": "message",
        "date": f"2026-03-01T10:{minute:02d}:00",
        "date_unixtime": str(BASE_UNIX + minute * 60),
        "from": f"User {user}",
        "from_id": f"user{user}",
        "text": text,
    }


def write_export(path: Path, messages: list[dict[str, Any]]) -> Path:
    """A Telegram Desktop JSON export of a supergroup "Shop" holding `messages`."""
    payload = {"name": "Shop", "type": "private_supergroup", "id": 555, "messages": messages}
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def steward(
    *args: str, cwd: Path, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the steward command line in a clean environment."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**CLEAN, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
