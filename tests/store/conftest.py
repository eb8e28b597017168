"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when one is configured."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import Store
from bot.store.engine import normalise_url

PG_URL = os.environ.get("STEWARD_TEST_DATABASE_URL", "")


async def _reset_postgres(url: str) -> None:
    engine = create_async_engine(normalise_url(url))
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A database URL for a fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/store.sqlite3"
    if not PG_URL:
        pytest.skip("STEWARD_TEST_DATABASE_URL not set: PostgreSQL store tests skipped")
    try:
        await _reset_postgres(PG_URL)
    except Exception as exc:  # any connection failure means: no PostgreSQL here
        pytest.skip(f"PostgreSQL at {PG_URL} unreachable: {exc}")
    return PG_URL


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    """An opened, migrated store on a fresh database."""
    opened = await Store.open(store_url)
    yield opened
    await opened.close()
