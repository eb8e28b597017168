"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when one is configured."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import Store
from bot.store.engine import normalise_url

PG_URL = os.environ.get("STEWARD_TEST_DATABASE_URL", "")
# Under pytest-xdist (`make test` runs `-n auto`) each worker wipes and fills its own database,
# named after the configured one ("steward_test_gw0"), made on first use.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def worker_url(url: str, worker: str) -> str:
    """The configured database's URL for one xdist worker (the URL itself outside xdist)."""
    if not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


async def _create_worker_database(url: str, worker: str) -> None:
    """Create this worker's database, from a connection to the configured one, if missing."""
    name = make_url(worker_url(url, worker)).database
    engine = create_async_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            found = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if not found:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await engine.dispose()


async def _reset_postgres(url: str) -> None:
    if WORKER:
        await _create_worker_database(url, WORKER)
        url = worker_url(url, WORKER)
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
    return worker_url(PG_URL, WORKER)


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    """An opened, migrated store on a fresh database."""
    opened = await Store.open(store_url)
    yield opened
    await opened.close()
