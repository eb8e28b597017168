"""Running Steward for real: polling or webhook, one poller per database, clean stop on signals."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from telegram import Update
from telegram.request import BaseRequest

from bot.app import build_application, stop_processing
from bot.config import Mode, Settings
from bot.context import StewardApp, services_of
from bot.store import Store

log = logging.getLogger(__name__)

LEASE_NAME = "poller"
LEASE_TTL_S = 60
LEASE_RENEW = timedelta(seconds=20)


class AlreadyRunning(Exception):
    """Another Steward process already polls Telegram with this database."""


class CannotListen(Exception):
    """The webhook's LISTEN address cannot be bound (taken, or not this machine's)."""


def lease_holder() -> str:
    """A name for this process that a second one can show the owner."""
    return f"{socket.gethostname()}:pid{os.getpid()}:{uuid.uuid4().hex[:6]}"


async def _take_lease(app: StewardApp, holder: str, stop: asyncio.Event) -> None:
    services = services_of(app)
    info = await services.store.acquire_lease(LEASE_NAME, holder, services.clock(), LEASE_TTL_S)
    if not info.acquired:
        raise AlreadyRunning(
            f"another Steward ({info.holder}) is already running on this database; "
            f"stop it first (its lease lapses {LEASE_TTL_S}s after it stops)"
        )

    async def renew(_context: object) -> None:
        now = services.clock()
        renewed = await services.store.renew_lease(LEASE_NAME, holder, now, LEASE_TTL_S)
        if not renewed:
            log.error("lost the polling lease to another process; stopping")
            stop.set()

    if app.job_queue is not None:
        app.job_queue.run_repeating(renew, interval=LEASE_RENEW, first=LEASE_RENEW, name="lease")


async def serve(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Run until a signal (or `stop`) arrives, then shut down cleanly and release the lease."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or not Unix
            pass
    # The database is opened before Telegram is contacted: a bad one fails fast, offline.
    store = await Store.open(settings.database_url)
    try:
        app = build_application(settings, request=request, store=store)
        async with app:
            await _run(app, settings, stop)
    finally:
        await store.close()


async def _run(app: StewardApp, settings: Settings, stop: asyncio.Event) -> None:
    assert app.post_init is not None and app.post_shutdown is not None
    await app.post_init(app)
    holder = None
    try:
        if settings.mode is Mode.polling:
            holder = lease_holder()
            await _take_lease(app, holder, stop)
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        else:
            await _start_webhook(app, settings)
        await app.start()
        log.info("Steward is running as @%s (%s mode)", app.bot.username, settings.mode.value)
        await stop.wait()
        log.info("stopping")
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await stop_processing(app)
    finally:
        if holder is not None:
            await services_of(app).store.release_lease(LEASE_NAME, holder)
        await app.post_shutdown(app)


async def _start_webhook(app: StewardApp, settings: Settings) -> None:
    assert settings.webhook_url is not None and app.updater is not None
    path = urlsplit(str(settings.webhook_url)).path.lstrip("/")
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    try:
        await app.updater.start_webhook(
            listen=settings.listen_host,
            port=settings.listen_port,
            url_path=path,
            webhook_url=str(settings.webhook_url),
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    except OSError as exc:
        where = f"{settings.listen_host}:{settings.listen_port}"
        raise CannotListen(
            f"LISTEN: cannot listen on {where} for the webhook: {exc.strerror or exc}"
        ) from None
