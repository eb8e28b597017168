"""Steward's real Application wired to the in-process sandbox, for tests, demo and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from telegram import Update
from telegram.ext import Application

from bot.app import build_application, stop_processing
from bot.config import Settings
from bot.context import StewardApp, services_of, utc_now

if TYPE_CHECKING:
    from bot.context import Services
    from bot.sandbox import World
from bot.store import DATABASE_ERRORS


class _GivenSettings(Settings):
    """Settings from the values given only: neither the environment nor `.env` is read."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def sandbox_settings(database: Path | str, world: World, **overrides: Any) -> Settings:
    """Settings for a sandboxed Steward: the world's token, a given database and the defaults.
    The environment is not read: a sandbox needs none of it, and a setting there (a typo in the
    owner's shell profile, DEFAULT_TIMEZONE=Nowhere/Land) must not change or break the demo."""
    url = database if isinstance(database, str) else f"sqlite+aiosqlite:///{database}"
    values: dict[str, Any] = {"bot_token": world.token, "database_url": url, **overrides}
    return _GivenSettings(**values)


class Harness:
    """Starts, stops and restarts Steward on one world and one database."""

    def __init__(
        self,
        world: World,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.world = world
        self.settings = settings
        self.clock = clock
        self.app: StewardApp | None = None
        self.errors: list[BaseException] = []

    @property
    def services(self) -> Services:
        """The running app's services."""
        assert self.app is not None, "Steward is not running"
        return services_of(self.app)

    async def start(self) -> StewardApp:
        """Build the Application, run its start-up hook and begin processing."""
        app = build_application(self.settings, request=self.world.request(), clock=self.clock)
        app.add_error_handler(self._collect)
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)
        await app.start()
        self.world.attach(app)
        self.app = app
        return app

    async def _collect(self, _update: object, context: Any) -> None:
        if context.error is not None:
            self.errors.append(context.error)

    async def stop(self) -> None:
        """Stop processing and run the shutdown hook, as a clean process exit would."""
        app, self.app = self.app, None
        if app is None:
            return
        if app.running:
            await stop_processing(app)
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
        await app.shutdown()

    async def restart(self) -> StewardApp:
        """Stop and start again on the same database: caches go cold, the store stays."""
        await self.stop()
        return await self.start()

    async def settle(self) -> None:
        """Deliver everything pending in the world, then write buffered counters."""
        await self.world.settle()
        if self.app is not None:
            try:
                await self.services.cache.flush()
            except DATABASE_ERRORS:
                pass  # the store is away: the counts stay buffered, as the flush job keeps them

    async def process(self, update: Update) -> None:
        """Feed one update straight into the app (benchmarks)."""
        assert self.app is not None
        await self.app.process_update(update)


def bare_application(world: World) -> Application[Any, Any, Any, Any, Any, Any]:
    """A plain python-telegram-bot Application on the same sandbox, for side-by-side figures."""
    return Application.builder().token(world.token).request(world.request()).build()
