"""Start-up on a database already at the newest migration: nothing to migrate, so alembic (11 MB
of resident memory for the life of the process) is never imported. A fresh or older database is
migrated as before."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from bot.store import Store
from bot.store.engine import SCHEMA_HEAD, _alembic_config

ROOT = Path(__file__).resolve().parents[2]
# A fresh interpreter opens the store and says whether alembic got imported.
_OPEN = """
import asyncio, sys
from bot.store import Store
async def main():
    store = await Store.open(sys.argv[1])
    await store.close()
asyncio.run(main())
print("alembic" in sys.modules)
"""


def test_schema_head_is_the_newest_migration():
    script = ScriptDirectory(str(resources.files("bot.store") / "migrations"))
    assert script.get_current_head() == SCHEMA_HEAD


def _alembic_loaded_opening(url: str) -> bool:
    out = subprocess.run(
        [sys.executable, "-c", _OPEN, url], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return out.stdout.strip().splitlines()[-1] == "True"


def test_a_restart_does_not_load_alembic(store_url: str):
    assert _alembic_loaded_opening(store_url) is True  # a fresh database is migrated
    assert _alembic_loaded_opening(store_url) is False  # the next start finds it at the head


def _back_one(connection: Connection) -> None:
    command.downgrade(_alembic_config(connection), "-1")


async def test_an_older_schema_is_still_migrated(store_url: str):
    store = await Store.open(store_url)
    try:
        async with store.engine.begin() as conn:
            await conn.run_sync(_back_one)
    finally:
        await store.close()
    assert (
        _alembic_loaded_opening(store_url) is True
    )  # the last migration ran again (and loaded it)
    store = await Store.open(store_url)
    try:
        async with store.engine.connect() as conn:
            version = await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert version.scalar() == SCHEMA_HEAD
    finally:
        await store.close()
