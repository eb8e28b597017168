"""The real Steward at LOG_LEVEL=DEBUG never writes the bot token into its log."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import logsafe, outbound
from bot.config import Settings
from bot.harness import Harness, sandbox_settings
from bot.runner import serve
from bot.sandbox import World
from bot.sandbox.http import SandboxServer

AD = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry delays shrink so the injected faults stay quick."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))


async def eventually(check: Callable[[], bool], within: float = 20.0) -> None:
    """Wait until check() holds, failing the test after `within` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def configure(out: io.StringIO, settings: Settings) -> logsafe.LoggingSetup:
    """The same call `steward run` makes, writing into `out`."""
    assert settings.log_level == "DEBUG"
    return logsafe.configure_logging(settings.log_level, settings, stream=out)


def assert_token_absent(world: World, text: str) -> None:
    """Neither the whole token nor its secret part appears; the bot id does, masked."""
    bot_id, _, secret = world.token.partition(":")
    assert world.token not in text
    assert secret not in text
    assert f"{bot_id}:***" in text


async def exercise(world: World) -> None:
    """Onboarding, a DM, an ad removed, a failing sendMessage: a fair share of log lines."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Logged Shop", owner=alice)
    mallory = await shop.join(world.user("mallory"))
    await mallory.says(AD)
    world.faults.fail("sendMessage", "5xx", times=10)
    await alice.dm_bot("/help")


async def test_sandboxed_app_at_debug_keeps_the_token_out(world: World, tmp_path: Path) -> None:
    """The Application on the in-process sandbox: every DEBUG line is free of the token."""
    out = io.StringIO()
    settings = sandbox_settings(tmp_path / "steward.sqlite3", world, log_level="DEBUG")
    setup = configure(out, settings)
    try:
        harness = Harness(world, settings)
        await harness.start()
        try:
            await exercise(world)
            await harness.settle()
        finally:
            await harness.stop()
    finally:
        setup.close()
    text = out.getvalue()
    assert "Set Bot API URL: https://api.telegram.org/bot123456:***" in text
    assert "Calling Bot API endpoint `sendMessage`" in text
    assert "failed" in text  # the injected outage was logged
    assert_token_absent(world, text)


async def test_steward_serving_over_http_at_debug_keeps_the_token_out(tmp_path: Path) -> None:
    """`serve` polling the sandbox over real HTTP: httpx's request lines come out masked."""
    world = World(bot_username="StewardLogBot")
    out = io.StringIO()
    async with SandboxServer(world) as srv:
        settings = sandbox_settings(
            tmp_path / "served.sqlite3",
            world,
            log_level="DEBUG",
            bot_api_base_url=srv.base_url,
        )
        setup = configure(out, settings)
        try:
            stop = asyncio.Event()
            task = asyncio.create_task(serve(settings, stop=stop))
            try:
                await eventually(lambda: bool(world.calls_to("deleteWebhook")))
                await exercise(world)
                await eventually(lambda: len(world.calls_to("sendMessage")) >= 3)
            finally:
                stop.set()
                await asyncio.wait_for(task, 30)
        finally:
            setup.close()
    text = out.getvalue()
    assert f"HTTP Request: POST {srv.base_url}123456:***/getUpdates" in text
    assert f"Set Bot API URL: {srv.base_url}123456:***" in text
    assert_token_absent(world, text)
