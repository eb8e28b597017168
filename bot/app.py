"""The application factory: the one place services are built and handlers are registered."""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.actuator import TelegramActuator
from bot.alerts import Alerts
from bot.caches import HotCache
from bot.config import Settings
from bot.context import BotData, Services, StewardApp, StewardContext, utc_now
from bot.durable import StoreWatch
from bot.i18n import FALLBACK, Catalog, load_catalog
from bot.measuring import watch_open
from bot.models import Models
from bot.outbound import attempt
from bot.ratelimit import StewardRateLimiter
from bot.store import DATABASE_ERRORS, Store, database_reason
from bot.updates import PerChatUpdateProcessor
from bot.windows import SharedFlood
from handlers import (
    alert_buttons,
    chat_commands,
    competitors,
    engagement,
    errors,
    feedback,
    herd,
    member_commands,
    membership,
    messages,
    private,
    reports,
    settings_menu,
)
from policies.pipeline import warm_steps

log = logging.getLogger(__name__)

HandlerCallback = Callable[[Update, StewardContext], Coroutine[Any, Any, None]]

RETENTION_EVERY = timedelta(hours=6)
ALERT_DIGEST_EVERY_S = 5.0
# Chats in or near a complaint surge are judged again this often (calm down, end calm mode).
HERD_EVERY_S = 60.0
HERD_FIRST_S = 10.0
# Prompt schedules are claimed, effects measured and health watched this often.
ENGAGE_EVERY_S = 60.0
ENGAGE_FIRST_S = 5.0
# Message actions Telegram could not take yet are retried this often (when due).
OUTBOX_EVERY_S = 5.0
# The store is probed this often (an outage is noticed, told once, and recovered from).
WATCH_EVERY_S = 5.0


# Housekeeping runs late rather than never, and never twice at once. Under load a run (a flush
# of two thousand counts, a health look at every group) can outlast its interval or start late;
# APScheduler would then skip the tick or drop the late run, logging a warning each second. Here
# a late run still runs (once: ticks missed meanwhile coalesce), and a tick that comes while the
# previous run is going passes quietly (OneAtATime; a second instance is allowed so that the
# scheduler hands the tick over instead of refusing it with a warning).
HOUSEKEEPING: dict[str, Any] = {"coalesce": True, "misfire_grace_time": None, "max_instances": 2}


class OneAtATime:
    """A periodic job that lets a tick pass while its previous run is still going."""

    def __init__(self, job: Callable[[StewardContext], Coroutine[Any, Any, None]], name: str):
        self.job = job
        self.name = name
        self.running = False
        self.passed = 0  # ticks let pass, for the debug log and the tests

    async def __call__(self, context: StewardContext) -> None:
        if self.running:
            self.passed += 1
            log.debug("%s: the previous run is still going; this tick passes", self.name)
            return
        self.running = True
        try:
            await self.job(context)
        finally:
            self.running = False


async def warm_policies() -> None:
    """The policies' one-time work (patterns analysed and compiled) done in the background
    after start-up, yielding to updates between steps, so the first ad of each kind is not the
    one to wait for it (up to 22 ms)."""
    try:
        for _ in warm_steps():
            await asyncio.sleep(0)
    except Exception:
        log.exception("patterns not prepared ahead: each is prepared when first needed")


class StartStop:
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
        self._warming: asyncio.Task[None] | None = None

    async def startup(self, app: StewardApp) -> None:
        """Open the store (migrating it) and publish the services to handlers."""
        store = self._given_store or await Store.open(self.settings.database_url)
        texts = load_catalog(self.settings.default_language)
        app.bot_data.services = Services(
            settings=self.settings,
            store=store,
            texts=texts,
            cache=HotCache(store),
            models=await Models.load(store),
            flood=SharedFlood(),
            alerts=Alerts(store, texts, self._clock),
            actuator=TelegramActuator(app.bot),
            clock=self._clock,
            watch=StoreWatch.for_database(self.settings.database_url),
        )
        services = app.bot_data.services
        give_back_freed_memory()
        settle_startup_heap()
        for shared in (services.flood, services.campaigns, services.herd.shared):
            try:
                await shared.sync(store, self._clock())
            except Exception:
                log.exception("detector windows (%s) not read back at start-up", shared.kinds)
        try:
            await watch_open(services, self._clock())
        except Exception:
            log.exception("open prompts not watched again at start-up")
        await publish_commands(app.bot, texts)
        self._warming = asyncio.get_running_loop().create_task(warm_policies(), name="warm")
        if app.job_queue is not None:
            for job, every, first, name in (
                (flush_counters, HotCache.FLUSH_EVERY_S, HotCache.FLUSH_EVERY_S, "flush-counters"),
                (send_alert_digests, ALERT_DIGEST_EVERY_S, ALERT_DIGEST_EVERY_S, "alert-digests"),
                (purge_old_texts, RETENTION_EVERY.total_seconds(), 60.0, "retention"),
                (judge_herds, HERD_EVERY_S, HERD_FIRST_S, "herd"),
                (run_engagement, ENGAGE_EVERY_S, ENGAGE_FIRST_S, "engagement"),
                (retry_outbox, OUTBOX_EVERY_S, OUTBOX_EVERY_S, "outbox"),
                (watch_store, WATCH_EVERY_S, 1.0, "store-watch"),
            ):
                app.job_queue.run_repeating(
                    OneAtATime(job, name),
                    interval=every,
                    first=first,
                    name=name,
                    job_kwargs=HOUSEKEEPING,
                )

    async def shutdown(self, app: StewardApp) -> None:
        """Close the store if these hooks opened it."""
        if self._warming is not None and not self._warming.done():
            self._warming.cancel()
        services = app.bot_data.services
        if services is None:
            return
        app.bot_data.services = None
        if services.watch.kept:
            services.watch.persist()  # the store is away: what it did not take waits on disk
        try:
            await services.cache.flush()
        except Exception:
            log.exception("message counts not written at shutdown")
        await sync_shared_state(services)
        if self._given_store is None:
            await services.store.close()


def give_back_freed_memory() -> bool:
    """Return to the system the heap start-up used and freed (reading the model file and
    building its tables; 2 MB less resident memory, measured at 3,000 chats). glibc keeps freed
    memory for reuse, where the process's resident size counts it; `malloc_trim` hands it back.
    Where the C library has no such call (macOS, musl) nothing happens. Returns whether it was
    called."""
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return False
    trim(0)
    return True


def settle_startup_heap() -> int:
    """Collect start-up's garbage once, then set the objects that remain (the model's tables,
    compiled patterns, the libraries' modules) aside from the collector. They live as long as
    the process, and without this every full collection walks them all again: 85-100 ms with
    the event loop stopped, a deleted ad's worst delay in the paced benchmark. Objects created
    later are collected as before. Done once per process: a later start in the same process
    (the tests' restarts) finds the heap settled already and pays no second full collection.
    Returns how many objects are set aside."""
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
    return gc.get_freeze_count()


async def flush_counters(context: StewardContext) -> None:
    """Write the buffered message counters and flood counts, and read what other workers
    stored (flood counts, moderators' samples); a failure keeps them for the next run."""
    services = context.services
    try:
        await services.cache.flush()
    except Exception:  # logged by the cache; the job must keep running
        pass
    await sync_shared_state(services)


async def sync_shared_state(services: Services) -> None:
    """Bring the durable windows and per-chat learning in step with the store."""
    try:
        await services.flood.sync(services.store, services.clock())
        await services.campaigns.sync(services.store, services.clock())
        await services.herd.shared.sync(services.store, services.clock())
        await services.activity.flush(services.store, services.clock())
        await services.models.sync(services.store)
    except DATABASE_ERRORS as exc:  # the store is away: one line; the watch tells the owners
        log.warning("shared detector state not synced with the store: %s", database_reason(exc))
    except Exception:
        log.warning("shared detector state not synced with the store", exc_info=True)


async def send_alert_digests(context: StewardContext) -> None:
    """Turn alerts held back during a burst into one digest per chat and kind."""
    try:
        await context.services.alerts.send_digests(context.bot)
    except Exception:
        log.exception("alert digests could not be sent")


async def judge_herds(context: StewardContext) -> None:
    """Judge chats in or near a complaint surge; end calm mode whose time is up."""
    try:
        await context.services.herd.tick(context.services, context.bot)
    except Exception:
        log.exception("complaint surges could not be judged")


async def run_engagement(context: StewardContext) -> None:
    """Post the prompts that are due, measure their effect, watch each group's health."""
    try:
        await context.services.engagement.tick(context.services, context.bot)
    except Exception:
        log.exception("the engagement job failed")


async def watch_store(context: StewardContext) -> None:
    """Probe the store; write what was kept during an outage once it is back."""
    try:
        await context.services.watch.tick(context.services, context.bot)
    except Exception:
        log.exception("the store could not be watched")


async def retry_outbox(context: StewardContext) -> None:
    """Retry the message actions Telegram could not take yet, and the alert copies it could
    not deliver."""
    try:
        await context.services.outbox.tick(context.services, context.bot)
    except Exception:
        log.exception("the outbox could not be worked through")
    try:
        await context.services.alerts.retry_failed(context.bot)
    except Exception:
        log.exception("failed alert copies could not be sent again")


async def purge_old_texts(context: StewardContext) -> None:
    """Forget message texts, alerts and reports older than RETENTION_DAYS (events stay)."""
    services = context.services
    cutoff = services.clock() - timedelta(days=services.settings.retention_days)
    purged = await services.store.purge_texts(cutoff)
    if purged:
        log.info("retention: forgot %d message texts older than %s", purged, cutoff.date())
    await services.flood.purge(services.store, services.clock())
    await services.campaigns.purge(services.store, services.clock())
    await services.herd.purge(services.store, services.clock())
    await services.activity.purge(services.store, services.clock())
    alerts = await services.store.purge_alerts(cutoff)
    if alerts:
        log.info("retention: forgot %d alerts older than %s", alerts, cutoff.date())


async def stop_processing(app: StewardApp) -> None:
    """Stop taking updates and running jobs. New job runs are held first: PTB waits for the
    runs under way, then shuts the scheduler down, and a run that began in between (the
    counters' flush comes every second) was cancelled mid-write and logged as an error."""
    if app.job_queue is not None and app.job_queue.scheduler.running:
        app.job_queue.scheduler.pause()
    await app.stop()


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    store: Store | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> StewardApp:
    """Build the configured Application; services appear when its start-up hook runs."""
    hooks = StartStop(settings, store=store, clock=clock)
    builder = (
        ApplicationBuilder()
        .token(settings.token())
        .context_types(ContextTypes(context=StewardContext, bot_data=BotData))
        .rate_limiter(StewardRateLimiter(max_retries=0))
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(hooks.startup)
        .post_shutdown(hooks.shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    if settings.bot_api_base_url:
        base = settings.bot_api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    app: StewardApp = builder.build()  # type: ignore[assignment]
    register_handlers(app)
    return app


# Group commands: name, callback, and who sees it in Telegram's command menu ("all" members or
# "admins" only). The same table registers the handlers and the menus, so they cannot disagree.
GROUP_COMMANDS: tuple[tuple[str, HandlerCallback, str], ...] = (
    ("help", chat_commands.help_command, "all"),
    ("report", reports.report, "all"),
    ("settings", chat_commands.settings, "admins"),
    ("mode", chat_commands.mode, "admins"),
    ("warn", member_commands.warn, "admins"),
    ("unwarn", member_commands.unwarn, "admins"),
    ("warns", member_commands.warns, "admins"),
    ("mute", member_commands.mute, "admins"),
    ("unmute", member_commands.unmute, "admins"),
    ("ban", member_commands.ban, "admins"),
    ("unban", member_commands.unban, "admins"),
    ("kick", member_commands.kick, "admins"),
    ("del", member_commands.delete, "admins"),
    ("approve", member_commands.approve, "admins"),
    ("unapprove", member_commands.unapprove, "admins"),
    ("approved", member_commands.approved, "admins"),
    ("why", chat_commands.why, "admins"),
    ("log", chat_commands.log_command, "admins"),
    ("setlog", chat_commands.setlog, "admins"),
    ("alerts", chat_commands.alerts, "admins"),
    ("lang", chat_commands.lang, "admins"),
    ("tz", chat_commands.tz, "admins"),
    ("spam", feedback.on_spam, "admins"),
    ("restore", feedback.on_restore, "admins"),
    ("competitor", competitors.competitor, "admins"),
    ("allow", competitors.allow, "admins"),
    ("herd", herd.herd, "admins"),
    ("prompt", engagement.prompt, "admins"),
    ("schedule", engagement.schedule, "admins"),
    ("health", engagement.health, "admins"),
    ("digest", engagement.digest, "admins"),
)
PRIVATE_COMMANDS: tuple[tuple[str, HandlerCallback], ...] = (
    ("start", private.on_start),
    ("help", private.on_private_help),
    ("settings", settings_menu.on_private_settings),
    ("health", engagement.on_private_health),
)


_GROUP_CALLBACKS: dict[str, HandlerCallback] = {name: fn for name, fn, _ in GROUP_COMMANDS}


async def dispatch_group_command(update: Update, context: StewardContext) -> None:
    """Run the group command a message starts with (`/warn`, `/warn@StewardBot`...)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()
    callback = _GROUP_CALLBACKS.get(name)
    if callback is not None:
        await callback(update, context)


def command_menus() -> dict[str, list[str]]:
    """Which commands Telegram lists in each scope: members, admins, private chats."""
    return {
        "members": [name for name, _, who in GROUP_COMMANDS if who == "all"],
        "admins": [name for name, _, _ in GROUP_COMMANDS],
        "private": [name for name, _ in PRIVATE_COMMANDS],
    }


async def publish_commands(bot: Any, texts: Catalog) -> None:
    """setMyCommands per scope and language, so each reader's menu is in their language."""
    scopes = {
        "members": BotCommandScopeAllGroupChats(),
        "admins": BotCommandScopeAllChatAdministrators(),
        "private": BotCommandScopeAllPrivateChats(),
    }
    for scope_name, names in command_menus().items():
        for lang in (None, *texts.languages):
            commands = [
                BotCommand(name, texts.text(lang or FALLBACK, f"menu_commands.{name}"))
                for name in names
            ]
            call = partial(
                bot.set_my_commands, commands, scope=scopes[scope_name], language_code=lang
            )
            await attempt(f"setMyCommands {scope_name}/{lang or 'default'}", call)


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

    # Group 0: Steward's own membership, other members' changes, commands and button presses.
    app.add_handler(
        ChatMemberHandler(membership.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    app.add_handler(ChatMemberHandler(membership.on_chat_member, ChatMemberHandler.CHAT_MEMBER))
    # A command is run when sent, not again when edited: fixing a typo in "/warn @bob spaming"
    # must not warn bob twice, nor an old harmless command edited into "/ban" ban anyone.
    sent = filters.UpdateType.MESSAGE
    for name, callback in PRIVATE_COMMANDS:
        app.add_handler(CommandHandler(name, callback, filters=private_chat & sent))
    # Any other command in private: where it works instead (no handler above took it).
    app.add_handler(
        MessageHandler(
            private_chat & sent & filters.COMMAND, private.other_command(_GROUP_CALLBACKS)
        )
    )
    # Words in private (no command): what works here, once in a while.
    app.add_handler(
        MessageHandler(
            private_chat & sent & filters.TEXT & ~filters.COMMAND, private.on_private_words
        )
    )
    # Group commands; the message path (group 10) still sees them but never judges admins, and
    # a member's /report is judged like any message (so "/report buy crypto" spam is caught).
    # One handler for all of them: a message is checked once, not once per command.
    app.add_handler(
        CommandHandler(
            [name for name, _, _ in GROUP_COMMANDS], dispatch_group_command, groups & sent
        )
    )
    app.add_handler(CallbackQueryHandler(settings_menu.on_settings_button, pattern=r"^cfg:"))
    # Everything else pressed is an alert button: its data is an opaque token looked up in the
    # store (unknown tokens, forged or stale, get a polite "no longer valid").
    app.add_handler(CallbackQueryHandler(alert_buttons.on_alert_button))

    # Group 10: every ordinary group message (new or edited) after commands had their turn:
    # member counters and the moderation path.
    app.add_handler(
        MessageHandler(
            messages.OrdinaryGroupMessage() & filters.UpdateType.MESSAGES,
            messages.on_group_message,
        ),
        group=10,
    )
    app.add_error_handler(errors.on_error)
