"""The Bot API sandbox answers a bare python-telegram-bot Application as Telegram would."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot, ChatFullInfo, ChatMemberAdministrator, Poll, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TimedOut
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.sandbox import World
from bot.sandbox.entities import entity_text, parse_entities
from bot.sandbox.request import answer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def app() -> AsyncIterator[tuple[World, Application[Any, Any, Any, Any, Any, Any]]]:
    """A bare Application on a fresh world; handler errors fail the test."""
    world = World(bot_username="BareTestBot")
    application = (
        Application.builder()
        .token(world.token)
        .request(world.request())
        .get_updates_request(world.request())
        .build()
    )
    errors: list[BaseException] = []

    async def collect(_update: object, context: Any) -> None:
        errors.append(context.error)

    application.add_error_handler(collect)
    await application.initialize()
    world.attach(application)
    yield world, application
    await application.shutdown()
    assert not errors, errors


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("noSuchMethod", {}, "unknown method"),
        ("sendMessage", {"chat_id": 1}, "parameter 'text' is required"),
        ("sendMessage", {"chat_id": 1, "text": "x", "colour": "red"}, "unexpected parameter"),
        ("getChat", {"chat_id": 424242}, "chat not found"),
    ],
    ids=["unknown-method", "missing-required", "unexpected-parameter", "unknown-chat"],
)
async def test_calls_are_checked_against_the_method_table(method, params, description) -> None:
    """Bad calls get Telegram's 400 envelope."""
    world = World()
    status, body = await answer(world, method, params)
    data = json.loads(body)
    assert status == 400 and data["ok"] is False and data["error_code"] == 400
    assert description in data["description"]


async def test_dm_before_start_is_forbidden_then_allowed(app) -> None:
    """A bot cannot write first; after /start it can; after a block it cannot again."""
    world, application = app
    alice = world.user("alice")
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await application.bot.send_message(alice.id, "hi")
    await alice.start_bot()
    await application.bot.send_message(alice.id, "hello")
    assert alice.last_dm.text == "hello"
    await alice.block_bot()
    with pytest.raises(Forbidden, match="blocked by the user"):
        await application.bot.send_message(alice.id, "again?")


async def test_rights_are_enforced(app) -> None:
    """Deleting others' messages and restricting need rights; admins cannot be restricted."""
    world, application = app
    owner = world.user("owner")
    group = await world.group_with_steward(
        "G", owner=owner, rights={"can_delete_messages": False, "can_restrict_members": True}
    )
    member = await group.join(world.user("m"))
    message = await member.says("hello")
    with pytest.raises(BadRequest, match="(?i)not enough rights"):
        await application.bot.delete_message(group.id, message.id)
    with pytest.raises(BadRequest, match="(?i)can't remove chat owner"):
        await application.bot.ban_chat_member(group.id, owner.id)
    await application.bot.ban_chat_member(group.id, member.id)
    assert member.id in group.banned
    with pytest.raises(BadRequest, match="(?i)message to delete not found"):
        own = await application.bot.send_message(group.id, "mine")
        await application.bot.delete_message(group.id, own.message_id)
        await application.bot.delete_message(group.id, own.message_id)


async def test_migrated_group_raises_chat_migrated(app) -> None:
    """Calls to a basic group that became a supergroup name the new id."""
    world, application = app
    owner = world.user("owner")
    group = await world.group("Small", owner=owner, supergroup=False)
    await group.add_bot(by=owner)
    new = await group.migrate_to_supergroup()
    with pytest.raises(ChatMigrated) as info:
        await application.bot.send_message(group.id, "hi")
    assert info.value.new_chat_id == new.id


async def test_faults_surface_as_telegram_errors(app) -> None:
    """Injected 429, timeout and 5xx reach the bot as PTB's own exceptions."""
    world, application = app
    alice = world.user("alice", started_bot=True)
    world.faults.fail("sendMessage", "429", retry_after=7)
    with pytest.raises(RetryAfter, match="Retry in (7|0:00:07)"):
        await application.bot.send_message(alice.id, "x")
    world.faults.fail("sendMessage", "timeout")
    with pytest.raises(TimedOut):
        await application.bot.send_message(alice.id, "x")
    world.faults.fail("sendMessage", "5xx")
    with pytest.raises(Exception, match="Bad Gateway"):
        await application.bot.send_message(alice.id, "x")
    await application.bot.send_message(alice.id, "fine now")


async def test_entities_use_utf16_offsets(app) -> None:
    """Entities after emoji are offset in UTF-16 units, so PTB extracts the right text."""
    world, application = app
    seen: list[Update] = []

    async def keep(update: Update, _context: Any) -> None:
        seen.append(update)

    application.add_handler(MessageHandler(filters.ALL, keep))
    owner = world.user("owner")
    group = await world.group_with_steward("G", owner=owner)
    member = await group.join(world.user("m"))
    await member.says("🔥🔥 join t.me/+AbC and ask @some_admin /help@BareTestBot")
    await world.settle()
    message = seen[-1].message
    assert message is not None
    parsed = message.parse_entities()
    assert sorted(parsed.values()) == sorted(["t.me/+AbC", "@some_admin", "/help@BareTestBot"])


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("mail me@x.org or x.org", ["email", "url"]),
        ("version 1.2 e.g. ok", []),
        ("#sale $BTC +44 20 7946 0958", ["hashtag", "cashtag", "phone_number"]),
    ],
    ids=["email-and-url", "no-false-links", "tags-and-phone"],
)
def test_entity_kinds(text: str, kinds: list[str]) -> None:
    """Telegram's entity kinds are detected without inventing links."""
    found = parse_entities(text)
    assert [e["type"] for e in found] == kinds
    assert all(entity_text(text, e) for e in found)


async def test_button_press_is_answered(app) -> None:
    """A user presses an inline button; the bot's answer is recorded on the press."""
    world, application = app

    async def on_press(update: Update, _context: Any) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("done!", show_alert=True)

    application.add_handler(CallbackQueryHandler(on_press))
    alice = world.user("alice", started_bot=True)
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    await application.bot.send_message(
        alice.id,
        "choose",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("OK", callback_data="ok:1")]]),
    )
    press = await alice.presses(alice.last_dm, "OK")
    await world.settle()
    assert press.answered and press.answer_text == "done!" and press.show_alert
    assert press.data == "ok:1"


async def test_returned_objects_are_complete_for_ptb(app) -> None:
    """Objects the sandbox returns parse with PTB 22.8's strict de_json."""
    world, application = app
    bot: Bot = application.bot
    owner = world.user("owner")
    group = await world.group_with_steward("G", owner=owner)
    info = await bot.get_chat(group.id)
    assert isinstance(info, ChatFullInfo)
    admins = await bot.get_chat_administrators(group.id)
    assert any(isinstance(a, ChatMemberAdministrator) for a in admins)
    poll_message = await bot.send_poll(group.id, "Best colour?", ["red", "blue"])
    assert isinstance(poll_message.poll, Poll)
    assert await bot.get_chat_member_count(group.id) == 2


async def test_get_updates_long_polls(app) -> None:
    """getUpdates waits for the next update instead of returning empty at once."""
    world, application = app

    async def later() -> None:
        await asyncio.sleep(0.05)
        await world.user("alice").start_bot()

    task = asyncio.create_task(later())
    updates = await application.bot.get_updates(timeout=5)
    await task
    assert updates and updates[0].my_chat_member is not None


def test_method_table_matches_its_source() -> None:
    """The committed table is what the generator makes from the shared Bot API spec."""
    source = ROOT.parent / "shared" / "telegram-bot-api" / "api.min.json"
    if not source.exists():
        pytest.skip(f"{source} is not present: cannot compare the generated table")
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_api_table.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    committed = (ROOT / "bot" / "sandbox" / "api_methods.json").read_text(encoding="utf-8")
    assert committed == gen.render(source)
