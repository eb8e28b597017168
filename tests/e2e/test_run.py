"""`steward run` as a black box: real polling and webhook over HTTP against the sandbox server."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from bot.harness import sandbox_settings
from bot.runner import serve
from bot.sandbox import World
from bot.sandbox.http import SandboxServer

ENV_DROP = {
    "BOT_TOKEN",
    "DATABASE_URL",
    "MODE",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "LISTEN",
    "BOT_API_BASE_URL",
}


@pytest.fixture
async def server() -> AsyncIterator[tuple[World, SandboxServer]]:
    """A sandbox world served over HTTP on loopback."""
    world = World(bot_username="StewardRunBot")
    async with SandboxServer(world) as srv:
        yield world, srv


async def eventually(check: Callable[[], bool], within: float = 20.0) -> None:
    """Wait until check() holds, failing the test after `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def start_steward(
    world: World, srv: SandboxServer, db: Path, **settings: str
) -> asyncio.subprocess.Process:
    """Launch `python -m bot run` against the sandbox server (with more `settings`)."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in ENV_DROP}
    env.update(
        BOT_TOKEN=world.token,
        DATABASE_URL=f"sqlite+aiosqlite:///{db}",
        BOT_API_BASE_URL=srv.base_url,
        LOG_LEVEL="INFO",
        **settings,
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=db.parent,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_run_polls_greets_and_stops_cleanly(server, tmp_path: Path) -> None:
    """A real `steward run` polls the sandbox, onboards a group, and exits 0 on SIGTERM."""
    world, srv = server
    proc = await start_steward(world, srv, tmp_path / "run.sqlite3")
    try:
        await eventually(lambda: bool(world.calls_to("getUpdates")))
        alice = world.user("alice")
        shop = await world.group_with_steward("Polled Shop", owner=alice)
        await eventually(lambda: bool(shop.bot_messages))
        assert "Polled Shop" in shop.last_bot_message.text
        polls = world.calls_to("getUpdates")
        assert any("chat_member" in (c.params.get("allowed_updates") or []) for c in polls)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr


async def test_second_instance_on_same_database_refuses(server, tmp_path: Path) -> None:
    """While one Steward polls, a second on the same database exits 2 with one clear line."""
    world, srv = server
    db = tmp_path / "shared.sqlite3"
    first = await start_steward(world, srv, db)
    try:
        await eventually(lambda: bool(world.calls_to("getUpdates")))
        second = await start_steward(world, srv, db)
        _, stderr = await asyncio.wait_for(second.communicate(), 30)
        assert second.returncode == 2
        text = stderr.decode().strip()
        assert "already running on this database" in text
        assert "Traceback" not in text and len(text.splitlines()) == 1
    finally:
        first.send_signal(signal.SIGTERM)
        await asyncio.wait_for(first.communicate(), 30)
    assert first.returncode == 0
    # The first released its lease at a clean stop: a new start is allowed at once.
    third = await start_steward(world, srv, db)
    try:
        await eventually(lambda: len(world.calls_to("getMe")) >= 3)
        await asyncio.sleep(0.5)
        assert third.returncode is None
    finally:
        third.send_signal(signal.SIGTERM)
        await asyncio.wait_for(third.communicate(), 30)
    assert third.returncode == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_webhook_mode_checks_the_secret(server, tmp_path: Path) -> None:
    """In webhook mode Telegram's pushes with the secret are processed; forged ones refused."""
    world, srv = server
    port = _free_port()
    settings = sandbox_settings(
        tmp_path / "hook.sqlite3",
        world,
        mode="webhook",
        webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
        webhook_secret="s3cret-token",
        listen=f"127.0.0.1:{port}",
        bot_api_base_url=srv.base_url,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop=stop))
    try:
        await eventually(lambda: bool(world.api.webhook.get("url")))
        assert world.api.webhook["secret_token"] == "s3cret-token"
        alice = world.user("alice")
        shop = await world.group_with_steward("Hooked Shop", owner=alice)
        await eventually(lambda: bool(shop.bot_messages))
        async with httpx.AsyncClient() as client:
            forged = await client.post(
                f"http://127.0.0.1:{port}/telegram/hook",
                json={"update_id": 999999, "message": {}},
                headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
            )
        assert forged.status_code == 403
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def test_a_webhook_address_already_taken_is_one_line(server, tmp_path: Path) -> None:
    """LISTEN on a port another program holds was an OSError traceback from the webhook; now
    one line and exit status 2."""
    world, srv = server
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = await start_steward(
            world,
            srv,
            tmp_path / "w.sqlite3",
            MODE="webhook",
            WEBHOOK_URL="https://example.com/hook",
            LISTEN=f"127.0.0.1:{port}",
        )
        _, err = await asyncio.wait_for(proc.communicate(), 60)
    text = err.decode()
    assert proc.returncode == 2, text
    assert f"steward: LISTEN: cannot listen on 127.0.0.1:{port} for the webhook" in text
    assert "Traceback" not in text
