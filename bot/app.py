"""The application factory: the one place services are built and handlers are registered."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from telegram.ext import (
    ApplicationBuilder,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.caches import HotCache
from bot.config import Settings
from bot.context import BotData, Services, StewardApp, StewardContext, utc_now
from bot.i18n import load_catalog
from bot.models import Models
from bot.ratelimit import StewardRateLimiter
from bot.store import Store
from handlers import errors, feedback, membership, messages, private
from policies import FloodWindow

log = logging.getLogger(__name__)

RETENTION_EVERY = timedelta(hours=6)


class Lifecycle:
    """Start-up and shutdown hooks: open the store, build the services, close them again."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: Store | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.settings = settings
        self._given_store = store
        self._clock = clock

    async def startup(self, app: StewardApp) -> None:
        """Open the store (migrating it) and publish the services to handlers."""
        store = self._given_store or await Store.open(self.settings.database_url)
        app.bot_data.services = Services(
            settings=self.settings,
            store=store,
            texts=load_catalog(self.settings.default_language),
            cache=HotCache(store),
            models=Models.build(await store.list_samples()),
            flood=FloodWindow(),
            clock=self._clock,
        )
        if app.job_queue is not None:
            app.job_queue.run_repeating(
                flush_counters,
                interval=HotCache.FLUSH_EVERY_S,
                first=HotCache.FLUSH_EVERY_S,
                name="flush-counters",
            )
            app.job_queue.run_repeating(
                purge_old_texts, interval=RETENTION_EVERY, first=60, name="retention"
            )

    async def shutdown(self, app: StewardApp) -> None:
        """Close the store if this lifecycle opened it."""
        services = app.bot_data.services
        if services is None:
            return
        app.bot_data.services = None
        try:
            await services.cache.flush()
        except Exception:
            log.exception("message counts not written at shutdown")
        if self._given_store is None:
            await services.store.close()


async def flush_counters(context: StewardContext) -> None:
    """Write the buffered message counters (a failure keeps them for the next run)."""
    try:
        await context.services.cache.flush()
    except Exception:  # logged by the cache; the job must keep running
        pass


async def purge_old_texts(context: StewardContext) -> None:
    """Forget stored message texts older than RETENTION_DAYS (events stay, texts go)."""
    services = context.services
    cutoff = services.clock() - timedelta(days=services.settings.retention_days)
    purged = await services.store.purge_texts(cutoff)
    if purged:
        log.info("retention: forgot %d message texts older than %s", purged, cutoff.date())


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    store: Store | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> StewardApp:
    """Build the configured Application; services appear when its start-up hook runs."""
    lifecycle = Lifecycle(settings, store=store, clock=clock)
    builder = (
        ApplicationBuilder()
        .token(settings.token())
        .context_types(ContextTypes(context=StewardContext, bot_data=BotData))
        .rate_limiter(StewardRateLimiter(max_retries=2))
        .post_init(lifecycle.startup)
        .post_shutdown(lifecycle.shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    if settings.bot_api_base_url:
        base = settings.bot_api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    app: StewardApp = builder.build()  # type: ignore[assignment]
    register_handlers(app)
    return app


def register_handlers(app: StewardApp) -> None:
    """Every handler, in explicit groups: lower groups run first; each group sees every update."""
    private_chat = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS

    # Group -10: bookkeeping that must precede everything else. A migration moves every row to
    # the new chat id before any other handler reads the chat; join/leave service messages keep
    # member rows current before moderation judges the newcomer's first message.
    app.add_handler(
        MessageHandler(filters.StatusUpdate.MIGRATE, membership.on_migration), group=-10
    )
    app.add_handler(
        MessageHandler(
            groups
            & (filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.LEFT_CHAT_MEMBER),
            membership.on_members_service_message,
        ),
        group=-10,
    )

    # Group 0: Steward's own membership, other members' changes, and private commands.
    app.add_handler(
        ChatMemberHandler(membership.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    app.add_handler(ChatMemberHandler(membership.on_chat_member, ChatMemberHandler.CHAT_MEMBER))
    app.add_handler(CommandHandler("start", private.on_start, filters=private_chat))
    app.add_handler(CommandHandler("help", private.on_private_help, filters=private_chat))
    # Moderator feedback in groups; the message path (group 10) still sees these commands but
    # never judges admins, so the two do not interfere.
    app.add_handler(CommandHandler("spam", feedback.on_spam, filters=groups))
    app.add_handler(CommandHandler("restore", feedback.on_restore, filters=groups))

    # Group 10: every ordinary group message (new or edited) after commands had their turn:
    # member counters now, the moderation path in later issues.
    app.add_handler(
        MessageHandler(
            groups & ~filters.StatusUpdate.ALL & filters.UpdateType.MESSAGES,
            messages.on_group_message,
        ),
        group=10,
    )
    app.add_error_handler(errors.on_error)
