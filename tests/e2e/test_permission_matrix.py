"""Who may do what (#15, "Trustworthy under faults"): a permission matrix, every cell asserted.

Rows are kinds of caller: the owner, an admin holding the right the action needs, an admin
holding every right but that one, an anonymous admin posting as the group, an ordinary member,
someone who left (an admin once, so a stale admin list would show) and a channel posting in the
group. Columns are every group command (with harmless arguments), the private commands, the
buttons of the owner's spam alert and the private /settings keyboard. Anonymous admins and
channels have no private chat and press no buttons as themselves: those cells are n/a.

Each cell gets a fresh shop with fresh people, so cells cannot see each other; to keep the file
quick they share one Steward and one sandbox world, on a clock that moves six hours before each
cell (past every window counted across groups, and past the once-a-minute refusal limit, so no
cell sees the one before). A cell says what
Telegram must have seen: the action's effect (a restriction, a deletion, a changed setting, a
stored event) or nothing, and the answer (the action's own, a refusal in the catalogue's words).
A refused cell also checks that nothing else moved: no event, no changed chat record or member
row, no restriction, ban or deletion, no message anywhere but the one refusal.

`Bug` cells are where Steward does the wrong thing today. They run as strict xfails, so fixing
the behaviour makes them pass and the marker has to go.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio

from bot import app as app_module
from bot.harness import Harness, sandbox_settings
from bot.ratelimit import StewardRateLimiter
from bot.sandbox import World
from bot.sandbox.entities import parse_entities
from bot.sandbox.handles import Group, Message, User
from bot.sandbox.objects import CHANNEL_BOT_ID
from bot.sandbox.state import FULL_RIGHTS, ChatState, Membership
from bot.sandbox.world import FakeClock
from bot.store import ChatRecord, MemberRecord
from policies.poaching import CAMPAIGN_WINDOW

AD = "Earn $500 a day from home, no experience needed! Write me t.me/+AbCdEfGh"
TITLE = "Alice's Shop"

# The rows, in the order of every table's cells.
ROWS = ("owner", "admin_with", "admin_without", "anonymous", "member", "left", "channel")

ALL_RIGHTS = {**FULL_RIGHTS, "can_promote_members": True}
RESTRICT = ("can_restrict_members",)
DELETE = ("can_delete_messages",)
PROMOTE = ("can_promote_members",)

# Telegram methods that change something in a group; a refused cell calls none of them.
MUTATING = frozenset(
    {
        "restrictChatMember",
        "banChatMember",
        "unbanChatMember",
        "banChatSenderChat",
        "unbanChatSenderChat",
        "deleteMessage",
        "deleteMessages",
        "pinChatMessage",
        "unpinChatMessage",
        "setChatPermissions",
        "sendPoll",
        "sendPhoto",
    }
)

# -- outcomes --------------------------------------------------------------------------------

DONE = "done"  # the effect is there and the action's own answer was given
REFUSED = "refused"  # nothing happened; one answer, not the action's own (wording not fixed yet)
NA = "n/a"  # this caller cannot do this at all
# Any other outcome is a catalogue key: nothing happened and that text was the answer.
ADMINS = "commands.admins_only"
OWNER = "commands.owner_only"
ANON_KEY = "commands.anonymous_key_setting"
NOT_ADMIN = "alerts.not_admin"


@dataclass(frozen=True, slots=True)
class Bug:
    """A cell where Steward is wrong today: what it should do, and why it is listed."""

    expected: str
    reason: str


Cell = str | Bug


def no_right(right: str, *, button: bool = False) -> str:
    """An admin the owner did not give the right is refused, naming the right."""
    key = "alerts.lacks_right" if button else "commands.caller_lacks_right"
    return f"{key}|{right}"


CHANNEL_REPORT = "report.channel"

ANY_ADMIN = (DONE, DONE, DONE, DONE, ADMINS, ADMINS, ADMINS)
KEY_SETTING = (DONE, DONE, OWNER, ANON_KEY, ADMINS, ADMINS, ADMINS)


def rightful(right: str) -> tuple[Cell, ...]:
    """Admins holding the right may; an admin without it is refused, the right named."""
    return (DONE, DONE, no_right(right), DONE, ADMINS, ADMINS, ADMINS)


def cells(columns: tuple[Any, ...]) -> list[Any]:
    """One pytest param per cell that applies; Bug cells become strict xfails."""
    params = []
    for column in columns:
        for row, cell in zip(ROWS, column.cells, strict=True):
            if cell == NA:
                continue
            marks = []
            if isinstance(cell, Bug):
                marks.append(pytest.mark.xfail(strict=True, reason=cell.reason))
                cell = cell.expected
            params.append(pytest.param(column, row, cell, id=f"{column.name}-{row}", marks=marks))
    return params


# -- the shared sandbox and the world of one cell --------------------------------------------

SERIAL = itertools.count(1)
# Each cell starts this much later than the last: past every window a detector counts across
# groups (the same command text in seven shops must not look like a flood or a campaign), and
# past the once-a-minute refusal limit.
APART = CAMPAIGN_WINDOW + timedelta(minutes=1)


def unpaced(**kwargs: Any) -> StewardRateLimiter:
    """Steward's rate limiter without the bot-wide 30 messages a second: a few hundred cells
    sharing one bot would otherwise wait on each other (each group's own limit stays)."""
    return StewardRateLimiter(overall_max_rate=0, **kwargs)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def town(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Harness]:
    """One Steward on one world for the whole file, its background jobs paused (each cell
    settles what it caused; a job firing mid-cell would only add noise)."""
    world = World(bot_username="StewardTestBot", fake_clock=True)
    database = tmp_path_factory.mktemp("matrix") / "steward.sqlite3"
    steward = Harness(world, sandbox_settings(database, world), clock=world.clock)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app_module, "StewardRateLimiter", unpaced)
        app = await steward.start()
    if app.job_queue is not None:
        app.job_queue.scheduler.pause()
    yield steward
    await steward.stop()
    assert not steward.errors, f"handlers raised: {steward.errors!r}"


@dataclass(frozen=True, slots=True)
class Scene:
    """One cell's shop: its owner and the caller of the row, bob to act on and his message
    to reply to, and a channel to post as."""

    serial: int
    world: World
    steward: Harness
    shop: Group
    people: dict[str, User]
    bob: User
    target: Message
    channel: ChatState

    def fill(self, text: str, **more: object) -> str:
        """A text with {bob}, {owner} and friends replaced by this cell's usernames."""
        names = {row: f"@{user.state.username}" for row, user in self.people.items()}
        return text.format(bob=f"@{self.bob.state.username}", **names, **more)


async def shop_scene(steward: Harness, row: str, needs: tuple[str, ...]) -> Scene:
    """A new shop owned by alice, where bob said hello, and the caller of `row`: dave holding
    exactly `needs`, erin holding every right but those, carol a member, or lena, an admin
    who left. A channel posts as Deals; an anonymous admin needs nobody more."""
    world = steward.world
    assert isinstance(world.clock, FakeClock)
    world.clock.advance(APART.total_seconds())
    n = next(SERIAL)
    alice = world.user(f"alice{n}", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward(TITLE, owner=alice)
    people = {"owner": alice}
    name = {"admin_with": "dave", "admin_without": "erin", "member": "carol", "left": "lena"}
    if row in name:
        caller = world.user(f"{name[row]}{n}", started_bot=True)
        people[row] = caller
        await shop.join(caller)
        if row == "admin_with":
            await shop.promote(
                caller, rights={"can_manage_chat": True} | dict.fromkeys(needs, True)
            )
        elif row == "admin_without":
            rights = {k: v for k, v in ALL_RIGHTS.items() if k not in needs}
            await shop.promote(caller, rights=rights)
        elif row == "left":
            await shop.promote(caller, rights=dict(ALL_RIGHTS))
            await shop.member(caller).leaves()
    bob = await shop.join(world.user(f"bob{n}", started_bot=True))
    target = await bob.says("hello there")
    await steward.settle()
    channel = world.channel(f"Deals {n}", f"deals{n}")
    return Scene(n, world, steward, shop, people, bob.user, target, channel)


async def send(scene: Scene, row: str, text: str, reply_to: Message | None) -> None:
    """The caller of `row` posts `text` in the shop (in reply to a message if given)."""
    shop = scene.shop
    if row == "anonymous":
        await shop.anonymous_admin_says(text, reply_to=reply_to)
    elif row == "channel":
        body: dict[str, Any] = {"text": text, "entities": parse_entities(text)}
        if reply_to is not None:
            body["reply_to_message"] = dict(reply_to.state.data)
        world = scene.world
        sender = world.users_by_id[CHANNEL_BOT_ID]
        world.announce(world.store_message(shop.chat, sender, body, sender_chat=scene.channel))
    else:
        await shop.member(scene.people[row]).says(text, reply_to=reply_to)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a refused action must leave as it was."""

    events: tuple[int, ...]
    chat: ChatRecord | None
    bob_row: MemberRecord | None
    bob_in_group: Membership | None
    prefs: dict[int, bool]
    competitors: int


async def snapshot(scene: Scene) -> Snapshot:
    """The stored state an action could change, and bob's place in the group."""
    store, shop_id = scene.steward.services.store, scene.shop.id
    return Snapshot(
        events=tuple(e.id for e in await store.list_events(shop_id, 100)),
        chat=await store.get_chat(shop_id),
        bob_row=await store.get_member(shop_id, scene.bob.id),
        bob_in_group=copy.deepcopy(scene.shop.chat.members.get(scene.bob.id)),
        prefs=await store.alert_prefs(shop_id),
        competitors=len(await store.list_competitors(shop_id)),
    )


class Watch:
    """The Bot API calls Steward makes from now on."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self.mark = len(scene.world.calls)
        self.errors = len(scene.steward.errors)

    def calls(self, *methods: str) -> list[Any]:
        """Calls to these methods since the watch began."""
        return [c for c in self.scene.world.calls[self.mark :] if c.method in methods]

    def said_in(self, chat_id: int) -> list[str]:
        """Texts Steward sent to one chat."""
        return [
            str(c.params.get("text"))
            for c in self.calls("sendMessage")
            if int(c.params["chat_id"]) == chat_id
        ]

    def mutations(self) -> list[str]:
        """Changing calls in the group."""
        return [c.method for c in self.calls(*MUTATING)]

    def raised(self) -> list[BaseException]:
        """Handler errors since the watch began."""
        return self.scene.steward.errors[self.errors :]


def text_of(steward: Harness, key: str) -> str:
    """A catalogue text in English, as Steward would send it (`key|right` names a right)."""
    texts = steward.services.texts
    key, _, right = key.partition("|")
    if right:
        return texts.text("en", key, right=texts.text("en", f"rights.{right}"))
    return texts.text("en", key, bot=steward.world.bot.username)


# -- effects: whether an action's work is there afterwards ------------------------------------

Check = Callable[[Scene], Awaitable[bool]]
Step = Callable[[Scene], Awaitable[None]]


async def _bob_row(scene: Scene) -> MemberRecord | None:
    return await scene.steward.services.store.get_member(scene.shop.id, scene.bob.id)


async def _chat(scene: Scene) -> ChatRecord:
    chat = await scene.steward.services.store.get_chat(scene.shop.id)
    assert chat is not None
    return chat


async def _settings(scene: Scene) -> dict[str, Any]:
    return dict((await _chat(scene)).settings)


async def bob_warned(scene: Scene) -> bool:
    """Bob has one warning."""
    row = await _bob_row(scene)
    return row is not None and row.warnings == 1


async def bob_unwarned(scene: Scene) -> bool:
    """Bob's one warning was taken back."""
    row = await _bob_row(scene)
    return row is not None and row.warnings == 0


async def give_bob_a_warning(scene: Scene) -> None:
    """Before /unwarn: bob holds one warning."""
    services = scene.steward.services
    await services.store.add_warning(scene.shop.id, scene.bob.id, services.clock())
    services.cache.forget_member(scene.shop.id, scene.bob.id)


async def bob_muted(scene: Scene) -> bool:
    """Bob may not write."""
    return scene.shop.is_restricted(scene.bob)


async def bob_unmuted(scene: Scene) -> bool:
    """Bob may write again."""
    return not scene.shop.is_restricted(scene.bob)


async def mute_bob(scene: Scene) -> None:
    """Before /unmute: bob is muted."""
    scene.shop.chat.members[scene.bob.id] = Membership("restricted", permissions={})


async def bob_banned(scene: Scene) -> bool:
    """Bob is banned."""
    return scene.bob.id in scene.shop.banned


async def bob_unbanned(scene: Scene) -> bool:
    """Bob's ban was lifted."""
    return scene.bob.id not in scene.shop.banned


async def ban_bob(scene: Scene) -> None:
    """Before /unban: bob is banned."""
    scene.shop.chat.members[scene.bob.id] = Membership("kicked", is_member=False)


async def bob_kicked(scene: Scene) -> bool:
    """Bob was removed and may come back (not banned)."""
    member = scene.shop.chat.members.get(scene.bob.id)
    return member is not None and member.status == "left"


async def target_deleted(scene: Scene) -> bool:
    """Bob's message is gone."""
    return scene.target.deleted


async def spam_handled(scene: Scene) -> bool:
    """Bob's message is gone and bob is banned."""
    return scene.target.deleted and scene.bob.id in scene.shop.banned


async def bob_approved(scene: Scene) -> bool:
    """Bob skips content checks."""
    row = await _bob_row(scene)
    return row is not None and row.approved


async def bob_unapproved(scene: Scene) -> bool:
    """Bob is checked again."""
    row = await _bob_row(scene)
    return row is not None and not row.approved


async def approve_bob(scene: Scene) -> None:
    """Before /unapprove: bob is approved."""
    services = scene.steward.services
    await services.store.set_member_approved(scene.shop.id, scene.bob.id, True, services.clock())
    services.cache.forget_member(scene.shop.id, scene.bob.id)


async def observing(scene: Scene) -> bool:
    """The shop is in observe mode."""
    return (await _settings(scene)).get("mode") == "observe"


async def warn_limit_5(scene: Scene) -> bool:
    """The warning limit is 5."""
    return (await _settings(scene)).get("warn_limit") == 5


async def warn_limit_4(scene: Scene) -> bool:
    """The warning limit went up from 3 to 4."""
    return (await _settings(scene)).get("warn_limit") == 4


async def no_log_chat(scene: Scene) -> bool:
    """No log chat is set."""
    return (await _chat(scene)).log_chat_id is None


async def set_log_chat(scene: Scene) -> None:
    """Before /setlog off: a log chat is set."""
    services = scene.steward.services
    await services.store.set_log_chat(scene.shop.id, -1_001_999_999_999)
    services.cache.forget_chat(scene.shop.id)


async def alerts_opted_in(scene: Scene) -> bool:
    """Someone asked for alert DMs."""
    return any((await scene.steward.services.store.alert_prefs(scene.shop.id)).values())


async def speaks_russian(scene: Scene) -> bool:
    """The shop's language is Russian."""
    return (await _chat(scene)).language == "ru"


async def in_paris(scene: Scene) -> bool:
    """The shop's time zone is Paris."""
    return (await _chat(scene)).timezone == "Europe/Paris"


async def rival_listed(scene: Scene) -> bool:
    """A competitor is on the list."""
    return bool(await scene.steward.services.store.list_competitors(scene.shop.id))


async def domain_allowed(scene: Scene) -> bool:
    """The shop's own domain is allowed."""
    return "shop.example.com" in (await _settings(scene)).get("allow_domains", [])


async def report_filed(scene: Scene) -> bool:
    """A report about bob's message is stored."""
    events = await scene.steward.services.store.list_events(scene.shop.id, 100)
    return any(e.kind == "report" for e in events)


async def first_event(scene: Scene) -> int:
    """The id of the shop's first event (Steward being added)."""
    events = await scene.steward.services.store.list_events(scene.shop.id, 100)
    return min(e.id for e in events)


# -- group commands ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """A group command as typed, a piece of its answer when done, and its cells row by row."""

    command: str  # {bob} is bob's @username, {event} the shop's first event
    answer: str | None  # None: it answers by acting alone (/del)
    cells: tuple[Cell, ...]
    needs: tuple[str, ...] = ()  # the caller's own admin rights the command needs
    by_reply: bool = False  # sent in reply to bob's message
    prepare: Step | None = None  # makes the effect possible (bob muted before /unmute)
    effect: Check | None = None  # None: the answer is the whole effect (nothing may change)

    @property
    def name(self) -> str:
        """A short id: the command and its first word."""
        words = self.command.lstrip("/").split()[:2]
        return "-".join(w.strip("{}@") for w in words).replace(".", "")


# Cells, row by row: owner, admin_with, admin_without, anonymous, member, left, channel.
GROUP_COLUMNS: tuple[Column, ...] = (
    Column(
        "/help",
        "Steward's commands for admins",
        (DONE, DONE, DONE, DONE, "help.group_member", "help.group_member", "help.group_member"),
    ),
    Column(
        "/report",
        "Thanks, the admins have been told.",
        (DONE, DONE, DONE, "report.anonymous", DONE, DONE, CHANNEL_REPORT),
        by_reply=True,
        effect=report_filed,
    ),
    Column("/settings", "warn_limit = 3", ANY_ADMIN),
    Column("/settings warn_limit 5", "Done: warn_limit = 5.", ANY_ADMIN, effect=warn_limit_5),
    Column(
        "/settings mode observe",
        "Done: mode = observe.",
        KEY_SETTING,
        needs=PROMOTE,
        effect=observing,
    ),
    Column("/mode observe", "Done: mode = observe.", KEY_SETTING, needs=PROMOTE, effect=observing),
    Column("/warn {bob}", "{bob} has been warned (1/3)", ANY_ADMIN, effect=bob_warned),
    Column(
        "/unwarn {bob}",
        "{bob} now has 0/3 warnings",
        ANY_ADMIN,
        prepare=give_bob_a_warning,
        effect=bob_unwarned,
    ),
    Column("/warns {bob}", "{bob} has 0/3 warnings", ANY_ADMIN),
    Column(
        "/mute {bob} 10m",
        "{bob} is muted (10m)",
        rightful("can_restrict_members"),
        needs=RESTRICT,
        effect=bob_muted,
    ),
    Column(
        "/unmute {bob}",
        "{bob} can write again",
        rightful("can_restrict_members"),
        needs=RESTRICT,
        prepare=mute_bob,
        effect=bob_unmuted,
    ),
    Column(
        "/ban {bob}",
        "{bob} is banned",
        rightful("can_restrict_members"),
        needs=RESTRICT,
        effect=bob_banned,
    ),
    Column(
        "/unban {bob}",
        "{bob} is unbanned",
        rightful("can_restrict_members"),
        needs=RESTRICT,
        prepare=ban_bob,
        effect=bob_unbanned,
    ),
    Column(
        "/kick {bob}",
        "{bob} was removed from the group",
        rightful("can_restrict_members"),
        needs=RESTRICT,
        effect=bob_kicked,
    ),
    Column(
        "/del",
        None,
        rightful("can_delete_messages"),
        needs=DELETE,
        by_reply=True,
        effect=target_deleted,
    ),
    Column(
        "/spam",
        "Removed and banned {bob}",
        rightful("can_delete_messages"),
        needs=(*RESTRICT, *DELETE),
        by_reply=True,
        effect=spam_handled,
    ),
    Column("/approve {bob}", "{bob} is approved", ANY_ADMIN, effect=bob_approved),
    Column(
        "/unapprove {bob}",
        "{bob} is no longer approved",
        ANY_ADMIN,
        prepare=approve_bob,
        effect=bob_unapproved,
    ),
    Column("/approved", "Nobody is approved in this group.", ANY_ADMIN),
    Column("/why {event}", "Event #{event}", ANY_ADMIN),
    Column("/log", "Latest events (1)", ANY_ADMIN),
    Column(
        "/setlog off",
        "I won't send this group's alerts and events to a log chat any more.",
        KEY_SETTING,
        needs=PROMOTE,
        prepare=set_log_chat,
        effect=no_log_chat,
    ),
    Column(
        "/alerts on",
        "🔔",
        (DONE, DONE, DONE, "alerts_cmd.anonymous", ADMINS, ADMINS, ADMINS),
        effect=alerts_opted_in,
    ),
    Column("/lang ru", "по-русски", ANY_ADMIN, effect=speaks_russian),
    Column("/tz Europe/Paris", "Time zone set to Europe/Paris", ANY_ADMIN, effect=in_paris),
    Column(
        "/restore 999999",
        "I have no removal numbered 999999",
        rightful("can_restrict_members"),
        needs=RESTRICT,
    ),
    Column(
        "/competitor add rivalshop",
        "Added to the competitor list (1): rivalshop.",
        ANY_ADMIN,
        effect=rival_listed,
    ),
    Column(
        "/allow domain shop.example.com",
        "Done: allow_domains = shop.example.com.",
        ANY_ADMIN,
        effect=domain_allowed,
    ),
    Column("/herd", "Complaint watch in «Alice's Shop»", ANY_ADMIN),
    Column("/prompt list", "Prompts: 0 of this group's own", ANY_ADMIN),
    Column("/schedule list", "Prompt schedules", ANY_ADMIN),
    Column("/health", "Health of «Alice's Shop»", ANY_ADMIN),
    Column(
        "/digest",
        "Usage: /digest on|off|now",
        (DONE, DONE, DONE, "engage.digest_anonymous", ADMINS, ADMINS, ADMINS),
    ),
)


def test_every_group_command_is_in_the_matrix() -> None:
    """A command added to GROUP_COMMANDS without a column here fails this test."""
    from bot.app import GROUP_COMMANDS

    covered = {c.command.split()[0].lstrip("/") for c in GROUP_COLUMNS}
    assert covered == {name for name, _, _ in GROUP_COMMANDS}


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("column", "row", "expected"), cells(GROUP_COLUMNS))
async def test_group_command(town: Harness, column: Column, row: str, expected: str) -> None:
    """One caller sends one command in the group: its effect and answer are as listed."""
    scene = await shop_scene(town, row, column.needs)
    if column.prepare is not None:
        await column.prepare(scene)
    event = await first_event(scene)
    before = await snapshot(scene)
    watch = Watch(scene)
    command = scene.fill(column.command, event=event)
    await send(scene, row, command, scene.target if column.by_reply else None)
    await town.settle()
    assert not watch.raised()
    said = watch.said_in(scene.shop.id)
    answer = None if column.answer is None else scene.fill(column.answer, event=event)
    if expected == DONE:
        if column.effect is not None:
            assert await column.effect(scene), f"{command} by {row} did nothing: {said}"
        else:
            assert await snapshot(scene) == before
            assert not watch.mutations()
        if answer is None:
            assert said == []
        else:
            assert any(answer in text for text in said), said
        return
    # Refused: nothing moved, and one answer in the group, nothing sent anywhere else.
    if column.effect is not None:
        assert not await column.effect(scene), f"{command} by {row} was carried out"
    assert not watch.mutations()
    assert await snapshot(scene) == before
    assert [c.params["chat_id"] for c in watch.calls("sendMessage", "editMessageText")] == [
        scene.shop.id
    ]
    assert len(said) == 1, said
    if expected == REFUSED:
        assert answer is None or answer not in said[0]
    else:
        assert said[0] == text_of(town, expected)


# A refused caller hears it once a minute: a second refused command soon after gets silence.
SECOND_REFUSALS = (
    ("member", "/mute {bob} 10m", "/ban {bob}", ADMINS),
    ("left", "/mute {bob} 10m", "/ban {bob}", ADMINS),
    ("channel", "/mute {bob} 10m", "/ban {bob}", ADMINS),
)
# An admin refused a key setting is answered every time: the limit is for members, and an admin
# met with silence after one refusal took Steward for broken.
ADMIN_REFUSALS = (
    ("admin_without", "/mode observe", "/setlog off", OWNER),
    ("anonymous", "/mode observe", "/setlog off", ANON_KEY),
)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(
    ("row", "first", "second", "refusal"), SECOND_REFUSALS, ids=[r[0] for r in SECOND_REFUSALS]
)
async def test_a_second_refusal_within_the_minute_is_silent(
    town: Harness, row: str, first: str, second: str, refusal: str
) -> None:
    """The first refused command is answered, the next one in the same minute is not, and
    neither changes anything."""
    scene = await shop_scene(town, row, PROMOTE)
    before = await snapshot(scene)
    watch = Watch(scene)
    await send(scene, row, scene.fill(first), None)
    await town.settle()
    assert watch.said_in(scene.shop.id) == [text_of(town, refusal)]
    await send(scene, row, scene.fill(second), None)
    await town.settle()
    assert not watch.raised()
    assert watch.said_in(scene.shop.id) == [text_of(town, refusal)]
    assert not watch.mutations()
    assert await snapshot(scene) == before


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(
    ("row", "first", "second", "refusal"), ADMIN_REFUSALS, ids=[r[0] for r in ADMIN_REFUSALS]
)
async def test_an_admin_is_answered_every_refusal(
    town: Harness, row: str, first: str, second: str, refusal: str
) -> None:
    """Both refused key settings are answered, and neither changes anything."""
    scene = await shop_scene(town, row, PROMOTE)
    before = await snapshot(scene)
    watch = Watch(scene)
    for command in (first, second):
        await send(scene, row, scene.fill(command), None)
        await town.settle()
    assert not watch.raised()
    assert watch.said_in(scene.shop.id) == [text_of(town, refusal)] * 2
    assert not watch.mutations()
    assert await snapshot(scene) == before


# -- private commands --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Private:
    """A command sent to Steward in private, what shows the shop when done, and its cells."""

    command: str
    answer: str  # in the reply's text or on its buttons
    cells: tuple[Cell, ...]

    @property
    def name(self) -> str:
        """A short id."""
        return "dm-" + self.command.lstrip("/")


# Cells, row by row: owner, admin_with, admin_without, anonymous, member, left, channel.
PRIVATE_COLUMNS: tuple[Private, ...] = (
    Private("/start", TITLE, (DONE, DONE, DONE, NA, "start.no_groups", "start.no_groups", NA)),
    Private("/help", "Here in private", (DONE, DONE, DONE, NA, DONE, DONE, NA)),
    Private("/settings", TITLE, (DONE, DONE, DONE, NA, "menu.no_groups", "menu.no_groups", NA)),
    Private(
        "/health",
        "Health of «Alice's Shop»",
        (DONE, DONE, DONE, NA, "engage.health_no_groups", "engage.health_no_groups", NA),
    ),
)


def test_every_private_command_is_in_the_matrix() -> None:
    """A command added to PRIVATE_COMMANDS without a column here fails this test."""
    from bot.app import PRIVATE_COMMANDS

    covered = {c.command.lstrip("/") for c in PRIVATE_COLUMNS}
    assert covered == {name for name, _ in PRIVATE_COMMANDS}


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("column", "row", "expected"), cells(PRIVATE_COLUMNS))
async def test_private_command(town: Harness, column: Private, row: str, expected: str) -> None:
    """One caller writes one command to Steward in private: the shop is shown to its admins
    only, and nothing happens in the group."""
    scene = await shop_scene(town, row, ())
    caller = scene.people[row]
    before = await snapshot(scene)
    seen = len(caller.dms)
    watch = Watch(scene)
    await caller.dm_bot(column.command)
    await town.settle()
    assert not watch.raised()
    replies = caller.dms[seen:]
    assert len(replies) == 1, replies
    shown = replies[0].text + "\n" + "\n".join(replies[0].buttons)
    assert not watch.mutations() and watch.said_in(scene.shop.id) == []
    assert await snapshot(scene) == before
    if expected == DONE:
        assert column.answer in shown, shown
    else:
        assert column.answer not in shown, shown
        assert text_of(town, expected) in shown, shown


# -- buttons -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Button:
    """A button of the owner's alert or /settings keyboard, pressed by each kind of caller."""

    keyboard: str  # "alert": the spam alert's DM; "settings": the private settings menu
    label: str
    answer: str | None  # a piece of the pop-up when done; None: no pop-up, the menu redraws
    cells: tuple[Cell, ...]
    effect: Check
    needs: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """A short id."""
        word = self.label.split()[1].strip(":").lower()
        return f"{self.keyboard}-{word}"


async def mallory_free(scene: Scene) -> bool:
    """The muted ad poster may write again (the removal was undone)."""
    return not scene.shop.is_restricted(scene.world.user(mallory(scene)))


async def mallory_banned(scene: Scene) -> bool:
    """The ad poster is banned."""
    return scene.world.user(mallory(scene)).id in scene.shop.banned


def mallory(scene: Scene) -> str:
    """The name of this cell's ad poster."""
    return f"mallory{scene.serial}"


# Cells, row by row: owner, admin_with, admin_without, anonymous, member, left, channel.
BUTTONS: tuple[Button, ...] = (
    Button(
        "alert",
        "↩️ Restore",
        "restored by {who}",
        (DONE, DONE, no_right("can_restrict_members", button=True), NA, NOT_ADMIN, NOT_ADMIN, NA),
        mallory_free,
        needs=RESTRICT,
    ),
    Button(
        "alert",
        "✅ Confirm spam",
        "confirmed as spam by {who}",
        (DONE, DONE, no_right("can_restrict_members", button=True), NA, NOT_ADMIN, NOT_ADMIN, NA),
        mallory_banned,
        needs=RESTRICT + DELETE,  # as /spam: it deletes and bans
    ),
    Button(
        "settings",
        "Mode: enforce",
        None,
        (DONE, DONE, OWNER, NA, NOT_ADMIN, NOT_ADMIN, NA),
        observing,
        needs=PROMOTE,
    ),
    Button(
        "settings",
        "Warnings + (3)",
        None,
        (DONE, DONE, DONE, NA, NOT_ADMIN, NOT_ADMIN, NA),
        warn_limit_4,
    ),
)


async def keyboard(scene: Scene, which: str) -> Message:
    """The owner's message holding the buttons: a spam alert, or the shop's settings menu."""
    owner = scene.people["owner"]
    if which == "alert":
        spammer = await scene.shop.join(scene.world.user(mallory(scene), started_bot=True))
        ad = await spammer.says(AD)
        await scene.steward.settle()
        assert ad.deleted and "Removed a message" in owner.last_dm.text
        assert scene.shop.is_restricted(spammer.user)
        return owner.last_dm
    await owner.dm_bot("/settings")
    await scene.steward.settle()
    await owner.presses(owner.last_dm, TITLE)
    await scene.steward.settle()
    assert "warn_limit = 3" in owner.last_dm.text
    return owner.last_dm


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("button", "row", "expected"), cells(BUTTONS))
async def test_button(town: Harness, button: Button, row: str, expected: str) -> None:
    """One caller presses one button of the owner's message: honoured for the admins listed,
    answered with a refusal and nothing changed for the others."""
    scene = await shop_scene(town, row, button.needs)
    message = await keyboard(scene, button.keyboard)
    assert button.label in message.buttons
    before = await snapshot(scene)
    watch = Watch(scene)
    press = await scene.people[row].presses(message, button.label)
    await town.settle()
    assert not watch.raised()
    assert press.answered
    who = "@" + str(scene.people[row].state.username)
    answer = None if button.answer is None else button.answer.format(who=who)
    alerts = await town.services.store.list_alerts(scene.shop.id)
    if expected == DONE:
        assert await button.effect(scene)
        if answer is None:
            assert press.answer_text is None
        else:
            assert answer in (press.answer_text or "")
            assert alerts[0].handled_by == scene.people[row].id
        return
    assert not await button.effect(scene)
    assert not watch.mutations() and watch.said_in(scene.shop.id) == []
    assert await snapshot(scene) == before
    assert all(a.handled_by is None for a in alerts)
    assert press.show_alert
    if expected == REFUSED:
        assert answer is None or answer not in (press.answer_text or "")
    else:
        assert press.answer_text == text_of(town, expected)
