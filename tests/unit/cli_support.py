"""Running the `steward` command line in tests: a clean environment and one subprocess helper."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings

# Every setting Steward reads from the environment (derived, so a new setting is covered).
VARIABLES = tuple(sorted(name.upper() for name in Settings.model_fields))
# This process's environment without any of them: each run sees only what its test sets.
CLEAN = {k: v for k, v in os.environ.items() if k.upper() not in VARIABLES}


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
