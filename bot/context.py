"""The one `Services` object and the typed callback context handlers reach it through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram.ext import Application, CallbackContext, ExtBot

from bot.activity import Activity
from bot.albums import Albums
from bot.throttle import Cooldown

if TYPE_CHECKING:
    from bot.actuator import Actuator
    from bot.alerts import Alerts
    from bot.caches import HotCache
    from bot.config import Settings
    from bot.durable import StoreWatch
    from bot.engagement import Engagement
    from bot.herd import Herd
    from bot.i18n import Catalog
    from bot.models import Models
    from bot.outbox import Outbox
    from bot.store import Store
    from bot.windows import SharedFlood, SharedWindow
    from policies.tally import Tally


def _campaign_window() -> SharedWindow[Tally]:
    from bot.windows import campaign_window

    return campaign_window()


def _engagement() -> Engagement:
    from bot.engagement import Engagement

    return Engagement()


def _watch() -> StoreWatch:
    from bot.durable import StoreWatch

    return StoreWatch()


def _outbox() -> Outbox:
    from bot.outbox import Outbox

    return Outbox()


def _herd() -> Herd:
    from bot.herd import Herd

    return Herd()


def utc_now() -> datetime:
    """The wall clock, timezone-aware UTC; the only clock handlers use."""
    return datetime.now(UTC)


def zone_named(name: str | None) -> ZoneInfo:
    """A time zone by its IANA name; UTC when unset or unknown (a chat's stored zone may be)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def iso_time(raw: object) -> datetime | None:
    """A time stored as ISO text in a chat's settings, or None (unset or unreadable)."""
    if not isinstance(raw, str):
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


@dataclass
class Services:
    """Everything handlers need, built once at start-up in bot/app.py."""

    settings: Settings
    store: Store
    texts: Catalog
    cache: HotCache
    models: Models
    flood: SharedFlood
    alerts: Alerts
    # Every Bot API call a decision leads to goes through it (set once the bot exists).
    actuator: Actuator
    clock: Callable[[], datetime] = utc_now
    # One refusal a minute per person, so non-admins cannot make Steward spam the group.
    refusals: Cooldown = field(default_factory=Cooldown)
    # Poaching campaigns across messages (members approached, accounts pushing one contact).
    campaigns: SharedWindow[Tally] = field(default_factory=lambda: _campaign_window())
    # Complaint pile-ups: the complaint windows, the herd detector and the owner's tools.
    herd: Herd = field(default_factory=lambda: _herd())
    # Whether the store takes writes, and the records kept while it does not.
    watch: StoreWatch = field(default_factory=lambda: _watch())
    # Message actions Telegram could not take yet, retried until done or failed for good.
    outbox: Outbox = field(default_factory=lambda: _outbox())
    # Each chat's pulse in hourly buckets (group health, prompt effects).
    activity: Activity = field(default_factory=Activity)
    # Each chat's recent albums: the rest of a removed post goes with it (bot/albums.py).
    albums: Albums = field(default_factory=Albums)
    # When each person's words in private were last answered (handlers/private.py).
    words_answered: dict[int, datetime] = field(default_factory=dict)
    # Scheduled prompts, their effect, group health and the weekly digest.
    engagement: Engagement = field(default_factory=lambda: _engagement())


class BotData:
    """Application-wide data: only the services, set by the start-up hook."""

    __slots__ = ("services",)

    def __init__(self) -> None:
        self.services: Services | None = None


class StewardContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """Callback context with typed access to Steward's services."""

    @property
    def services(self) -> Services:
        """The services; present once the start-up hook has run."""
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("Steward's services are not ready: start-up hook has not run")
        return services


StewardApp = Application[
    ExtBot[None], StewardContext, dict[Any, Any], dict[Any, Any], BotData, Any
]


def services_of(app: StewardApp) -> Services:
    """The services of an application, for hooks and jobs outside a callback context."""
    services = app.bot_data.services
    if services is None:
        raise RuntimeError("Steward's services are not ready: start-up hook has not run")
    return services
