"""The sandbox world: Telegram as tests see it, with people, groups and an update queue."""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.sandbox.api import BotAPI
from bot.sandbox.faults import Faults
from bot.sandbox.handles import Group, Message, Press, User
from bot.sandbox.objects import CHANNEL_BOT_ID, GROUP_ANONYMOUS_BOT_ID, member_json
from bot.sandbox.state import ChatState, Membership, MessageState, UserState

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.sandbox.request import SandboxRequest

# Telegram's default when allowed_updates was never given: no member or reaction updates.
DEFAULT_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
    }
)


@dataclass
class Call:
    """One Bot API call the bot made, and how the sandbox answered."""

    method: str
    params: dict[str, Any]
    ok: bool
    result: Any = None
    error_code: int | None = None
    description: str | None = None


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += timedelta(seconds=seconds)


class World:
    """Everything the sandboxed Telegram knows, and the helpers that make things happen."""

    def __init__(
        self,
        *,
        bot_username: str = "StewardTestBot",
        token: str = "123456:SANDBOX-TOKEN",
        seed: int = 0,
        fake_clock: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.token = token
        self.clock: Callable[[], datetime] = clock or (FakeClock() if fake_clock else _utc_now)
        self._ids = itertools.count(1001)
        self._group_ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self.users_by_id: dict[int, UserState] = {}
        self._users_by_name: dict[str, User] = {}
        self.chats: dict[int, ChatState] = {}
        self.queue: deque[dict[str, Any]] = deque()
        self.calls: list[Call] = []
        self.deletions: list[tuple[int, int]] = []
        self.restriction_log: list[tuple[int, int, dict[str, bool], int | None]] = []
        self.presses: dict[str, Press] = {}
        self.allowed_updates: list[str] | None = None
        self.faults = Faults(seed)
        self.bot = UserState(
            int(token.split(":", 1)[0]),
            bot_username.removesuffix("Bot") or bot_username,
            username=bot_username,
            is_bot=True,
            language_code=None,
        )
        self.users_by_id[self.bot.id] = self.bot
        for fixed_id, name in ((GROUP_ANONYMOUS_BOT_ID, "Group"), (CHANNEL_BOT_ID, "Channel")):
            self.users_by_id[fixed_id] = UserState(
                fixed_id,
                name,
                username=f"{name}AnonymousBot" if name == "Group" else "Channel_Bot",
                is_bot=True,
                language_code=None,
            )
        self.api = BotAPI(self)
        self._app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._arrived = asyncio.Event()
        self._webhook_listeners: list[Callable[[], None]] = []

    # -- plumbing ------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The world's current time."""
        return self.clock()

    def unix(self) -> int:
        """Now as Unix seconds, as Telegram dates are."""
        return int(self.clock().timestamp())

    def next_id(self) -> int:
        """A fresh id for a user, channel or poll."""
        return next(self._ids)

    def request(self) -> SandboxRequest:
        """A python-telegram-bot request object answered by this world."""
        from bot.sandbox.request import SandboxRequest

        return SandboxRequest(self)

    def attach(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Deliver updates straight into this application on settle()."""
        self._app = app

    def user_handle(self, state: UserState) -> User:
        """The handle for a user state (creating one for people made elsewhere)."""
        for handle in self._users_by_name.values():
            if handle.state is state:
                return handle
        handle = User(self, state)
        self._users_by_name[f"#{state.id}"] = handle
        return handle

    @property
    def bot_user(self) -> UserState:
        """Steward's own account."""
        return self.bot

    def calls_to(self, method: str) -> list[Call]:
        """The calls made to one method, in order."""
        return [c for c in self.calls if c.method == method]

    def resolve_chat(self, chat_id: Any) -> ChatState | None:
        """A chat by numeric id or @username."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            name = chat_id[1:].lower()
            return next(
                (c for c in self.chats.values() if c.username and c.username.lower() == name), None
            )
        try:
            cid = int(chat_id)
        except (TypeError, ValueError):
            return None
        chat = self.chats.get(cid)
        if chat is None and cid in self.users_by_id and cid > 0:
            chat = self._private(cid)
        return chat

    def _private(self, user_id: int) -> ChatState:
        chat = self.chats.get(user_id)
        if chat is None:
            user = self.users_by_id[user_id]
            chat = ChatState(
                user_id, "private", first_name=user.first_name, username=user.username
            )
            self.chats[user_id] = chat
        return chat

    # -- the update queue ----------------------------------------------------------------------

    def emit(self, kind: str, payload: dict[str, Any]) -> None:
        """Queue an update if Telegram would send this kind to the bot."""
        allowed = self.allowed_updates
        # An empty list means Telegram's default set; None means never configured (tests).
        wanted = DEFAULT_UPDATES if allowed == [] else allowed
        if wanted is not None and kind not in wanted:
            return
        self.queue.append({"update_id": next(self._update_ids), kind: payload})
        self._arrived.set()
        for listener in self._webhook_listeners:
            listener()

    def pending_updates(self, limit: int = 100) -> list[dict[str, Any]]:
        """Updates not yet confirmed, oldest first."""
        return list(itertools.islice(self.queue, limit))

    def confirm_updates(self, offset: int) -> None:
        """Drop updates below offset, as getUpdates with an offset does."""
        while self.queue and self.queue[0]["update_id"] < offset:
            self.queue.popleft()

    def drop_pending_updates(self) -> None:
        """Forget every queued update (a bot that was offline never sees them)."""
        self.queue.clear()

    async def wait_for_update(self) -> None:
        """Wait until an update is queued."""
        self._arrived.clear()
        if self.queue:
            return
        await self._arrived.wait()

    def on_update(self, listener: Callable[[], None]) -> None:
        """Call listener whenever an update is queued (the webhook pusher)."""
        self._webhook_listeners.append(listener)

    def webhook_changed(self) -> None:
        """Tell the webhook pusher to look at the configuration again."""
        for listener in self._webhook_listeners:
            listener()

    async def settle(self, max_rounds: int = 1000) -> None:
        """Deliver queued updates to the attached app until nothing more happens.

        Updates queued before the call are all delivered; at most `max_rounds` more may arise
        while processing, so a bot that keeps provoking updates fails instead of hanging.
        """
        from telegram import Update

        app = self._app
        if app is None:
            raise RuntimeError("world.attach(app) first")
        budget = len(self.queue) + max_rounds
        while budget > 0:
            if self.queue:
                budget -= 1
                data = self.queue.popleft()
                await app.process_update(Update.de_json(data, app.bot))
                continue
            for _ in range(3):
                await asyncio.sleep(0)
            if not self.queue:
                return
        raise RuntimeError("the world did not settle: updates keep coming")

    # -- people and chats ----------------------------------------------------------------------

    def user(
        self,
        name: str,
        *,
        started_bot: bool = False,
        language_code: str | None = "en",
        username: str | None = None,
        first_name: str | None = None,
        is_premium: bool = False,
    ) -> User:
        """A person, created on first mention; the same name is the same person."""
        handle = self._users_by_name.get(name)
        if handle is None:
            state = UserState(
                self.next_id(),
                first_name or name.capitalize(),
                username=username or name,
                language_code=language_code,
                is_premium=is_premium,
                started=started_bot,
            )
            self.users_by_id[state.id] = state
            handle = User(self, state)
            self._users_by_name[name] = handle
        return handle

    def channel(self, title: str, username: str | None = None) -> ChatState:
        """A channel (for forwards, channel posts and linked channels)."""
        chat = ChatState(
            -1_002_000_000_000 - self.next_id(), "channel", title=title, username=username
        )
        self.chats[chat.id] = chat
        return chat

    async def group(
        self, title: str, *, owner: User, supergroup: bool = True, members: tuple[User, ...] = ()
    ) -> Group:
        """A group with its owner (and members), without the bot."""
        n = next(self._group_ids)
        chat_id = -1_001_000_000_000 - n if supergroup else -4_000_000 - n
        chat = ChatState(chat_id, "supergroup" if supergroup else "group", title=title)
        chat.members[owner.id] = Membership("creator")
        for member in members:
            chat.members[member.id] = Membership("member")
        self.chats[chat_id] = chat
        return Group(self, chat)

    async def group_with_steward(
        self, title: str, *, owner: User, rights: dict[str, bool] | None = None, admin: bool = True
    ) -> Group:
        """A supergroup the owner added the bot to (as admin with full rights by default)."""
        group = await self.group(title, owner=owner)
        await group.add_bot(by=owner, admin=admin, rights=rights)
        return group

    def new_membership(self, status: str, **kwargs: Any) -> Membership:
        """A membership record (used by the API on restrictions and bans)."""
        return Membership(status, **kwargs)

    def member_json(self, chat: ChatState, user_id: int) -> dict[str, Any]:
        """A ChatMember object for someone in a chat."""
        user = self.users_by_id[user_id].json()
        m = chat.members.get(user_id)
        if m is None:
            return member_json(user, "left")
        return member_json(user, m.status, m.rights, m.until, m.permissions, m.is_member)

    # -- messages ------------------------------------------------------------------------------

    def store_message(
        self,
        chat: ChatState,
        sender: UserState | None,
        body: dict[str, Any],
        *,
        sender_chat: ChatState | None = None,
    ) -> MessageState:
        """Create a message in a chat (not yet announced as an update)."""
        mid = chat.take_message_id()
        data: dict[str, Any] = {"message_id": mid, "date": self.unix(), "chat": chat.json()}
        if sender is not None:
            data["from"] = sender.json()
        if sender_chat is not None:
            data["sender_chat"] = sender_chat.json()
        data.update(body)
        state = MessageState(chat.id, mid, data["date"], data, sender.id if sender else None)
        chat.messages[mid] = state
        return state

    def bot_posts(
        self, chat: ChatState, body: dict[str, Any], params: dict[str, Any]
    ) -> MessageState:
        """The bot sends a message (sendMessage and friends)."""
        message = self.store_message(chat, self.bot, dict(body))
        reply = params.get("reply_parameters") or {}
        reply_id = reply.get("message_id") if isinstance(reply, dict) else None
        if reply_id is not None and int(reply_id) in chat.messages:
            message.data["reply_to_message"] = chat.messages[int(reply_id)].data
        if params.get("entities"):
            message.data["entities"] = params["entities"]
        if params.get("reply_markup"):
            self.set_markup(message, params["reply_markup"])
        return message

    @staticmethod
    def set_markup(message: MessageState, markup: Any) -> None:
        """Attach or remove an inline keyboard."""
        if markup and isinstance(markup, dict) and markup.get("inline_keyboard") is not None:
            message.data["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        else:
            message.data.pop("reply_markup", None)

    def announce(self, message: MessageState, *, edited: bool = False) -> Message:
        """Queue a message update if the bot is present in its chat."""
        chat = self.chats[message.chat_id]
        if chat.type != "private":
            me = chat.members.get(self.bot.id)
            if me is None or not me.present:
                return Message(self, message)
        kind = "edited_message" if edited else "message"
        if chat.type == "channel":
            kind = "edited_channel_post" if edited else "channel_post"
        self.emit(kind, dict(message.data))
        return Message(self, message)

    async def bot_leaves(self, chat: ChatState) -> None:
        """The bot leaves a chat by itself (leaveChat)."""
        old = chat.members.get(self.bot.id) or Membership("left")
        chat.members[self.bot.id] = Membership("left", is_member=False)
        self.emit_member_change(
            chat, self.bot, self.bot, old, chat.members[self.bot.id], mine=True
        )

    def emit_member_change(
        self,
        chat: ChatState,
        actor: UserState,
        user: UserState,
        old: Membership,
        new: Membership,
        *,
        mine: bool,
    ) -> None:
        """Queue my_chat_member (for the bot) or chat_member (for others, if the bot is admin)."""

        def as_json(m: Membership) -> dict[str, Any]:
            return member_json(
                user.json(), m.status, m.rights, m.until, m.permissions, m.is_member
            )

        payload = {
            "chat": chat.json(),
            "from": actor.json(),
            "date": self.unix(),
            "old_chat_member": as_json(old),
            "new_chat_member": as_json(new),
        }
        if mine:
            self.emit("my_chat_member", payload)
            return
        me = chat.members.get(self.bot.id)
        if me is not None and me.is_admin:
            self.emit("chat_member", payload)


def _utc_now() -> datetime:
    return datetime.now(UTC)


__all__ = ["Call", "FakeClock", "World"]
