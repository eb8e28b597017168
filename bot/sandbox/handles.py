"""What tests hold: people, groups, members, messages and button presses of the sandbox world."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.sandbox.entities import parse_entities
from bot.sandbox.objects import CHANNEL_BOT_ID, GROUP_ANONYMOUS_BOT_ID
from bot.sandbox.state import FULL_RIGHTS, ChatState, Membership, MessageState, UserState

if TYPE_CHECKING:
    from bot.sandbox.world import World


class Message:
    """A message as people see it: its text now, whether it is still there, its buttons."""

    def __init__(self, world: World, state: MessageState) -> None:
        self._world = world
        self.state = state

    @property
    def id(self) -> int:
        """The message id."""
        return self.state.message_id

    @property
    def chat_id(self) -> int:
        """The chat it is in."""
        return self.state.chat_id

    @property
    def text(self) -> str:
        """Its text or caption as it reads now."""
        return self.state.text

    @property
    def deleted(self) -> bool:
        """Whether it was deleted."""
        return self.state.deleted

    @property
    def edited(self) -> bool:
        """Whether it was edited."""
        return self.state.edited

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """Its inline keyboard, if any."""
        markup: dict[str, Any] | None = self.state.data.get("reply_markup")
        return markup

    @property
    def buttons(self) -> list[str]:
        """The texts of its inline buttons, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [b.get("text", "") for row in rows for b in row]

    @property
    def from_user(self) -> int | None:
        """The sender's user id."""
        return self.state.from_id

    def __repr__(self) -> str:
        flag = " deleted" if self.deleted else ""
        return f"<Message {self.chat_id}/{self.id}{flag}: {self.text[:40]!r}>"


@dataclass
class Press:
    """A button press and how the bot answered it."""

    id: str
    data: str
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False


def _body(
    text: str | None,
    *,
    entities: list[dict[str, Any]] | None,
    photo: bool,
    caption: str | None,
    buttons: list[list[dict[str, Any]]] | None,
    world: World,
    forward_from: Any,
    reply_to: Message | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if photo:
        body["photo"] = [
            {
                "file_id": f"photo{world.next_id()}",
                "file_unique_id": "p",
                "width": 800,
                "height": 600,
            }
        ]
        if caption:
            body["caption"] = caption
            body["caption_entities"] = (
                entities if entities is not None else parse_entities(caption)
            )
    if text is not None:
        body["text"] = text
        found = entities if entities is not None else parse_entities(text)
        if found:
            body["entities"] = found
    if buttons:
        body["reply_markup"] = {"inline_keyboard": buttons}
    if forward_from is not None:
        if isinstance(forward_from, ChatState):
            body["forward_origin"] = {
                "type": "channel",
                "chat": forward_from.json(),
                "message_id": 1,
                "date": world.unix(),
            }
        else:
            body["forward_origin"] = {
                "type": "user",
                "sender_user": forward_from.state.json(),
                "date": world.unix(),
            }
    if reply_to is not None:
        body["reply_to_message"] = dict(reply_to.state.data)
    return body


class User:
    """A person in the world."""

    def __init__(self, world: World, state: UserState) -> None:
        self._world = world
        self.state = state

    @property
    def id(self) -> int:
        """The user id."""
        return self.state.id

    @property
    def name(self) -> str:
        """First name."""
        return self.state.first_name

    async def start_bot(self, payload: str | None = None) -> Message:
        """Open the private chat and press Start (with a deep-link payload if given)."""
        world = self._world
        chat = world._private(self.id)
        first_time = not self.state.started or self.state.blocked
        self.state.started, self.state.blocked = True, False
        if first_time:
            world.emit_member_change(
                chat, self.state, world.bot, Membership("left"), Membership("member"), mine=True
            )
        return await self.dm_bot("/start" + (f" {payload}" if payload else ""))

    async def dm_bot(self, text: str) -> Message:
        """Write to the bot in private."""
        world = self._world
        chat = world._private(self.id)
        message = world.store_message(
            chat,
            self.state,
            _body(
                text,
                entities=None,
                photo=False,
                caption=None,
                buttons=None,
                world=world,
                forward_from=None,
                reply_to=None,
            ),
        )
        return world.announce(message)

    async def block_bot(self) -> None:
        """Block the bot: Telegram answers its DMs with 403 from now on."""
        world = self._world
        self.state.blocked = True
        world.emit_member_change(
            world._private(self.id),
            self.state,
            world.bot,
            Membership("member"),
            Membership("kicked"),
            mine=True,
        )

    @property
    def dms(self) -> list[Message]:
        """Messages the bot sent this person in private, oldest first."""
        chat = self._world.chats.get(self.id)
        if chat is None:
            return []
        return [
            Message(self._world, m)
            for m in chat.messages.values()
            if m.from_id == self._world.bot.id
        ]

    @property
    def last_dm(self) -> Message:
        """The newest message the bot sent this person (fails the test if none)."""
        dms = self.dms
        assert dms, f"{self.name} has no DM from the bot"
        return dms[-1]

    async def presses(self, message: Message, button: str) -> Press:
        """Press an inline button (by its text or callback data) under a message."""
        world = self._world
        rows = (message.reply_markup or {}).get("inline_keyboard") or []
        data = next(
            (
                b.get("callback_data")
                for row in rows
                for b in row
                if button in (b.get("text"), b.get("callback_data"))
            ),
            None,
        )
        if data is None:
            data = button  # a forged press: data the bot never offered
        press = Press(str(world.next_id()), str(data))
        world.presses[press.id] = press
        chat = world.chats[message.chat_id]
        world.emit(
            "callback_query",
            {
                "id": press.id,
                "from": self.state.json(),
                "chat_instance": str(chat.id),
                "message": dict(message.state.data),
                "data": press.data,
            },
        )
        return press

    def __repr__(self) -> str:
        return f"<User {self.name} {self.id}>"


class Member:
    """A person acting inside one group."""

    def __init__(self, group: Group, user: User) -> None:
        self.group = group
        self.user = user

    @property
    def id(self) -> int:
        """The user id."""
        return self.user.id

    async def says(
        self,
        text: str | None = None,
        *,
        reply_to: Message | None = None,
        entities: list[dict[str, Any]] | None = None,
        buttons: list[list[dict[str, Any]]] | None = None,
        forward_from: Any = None,
        photo: bool = False,
        caption: str | None = None,
    ) -> Message:
        """Post a message in the group."""
        world = self.group._world
        body = _body(
            text,
            entities=entities,
            photo=photo,
            caption=caption,
            buttons=buttons,
            world=world,
            forward_from=forward_from,
            reply_to=reply_to,
        )
        message = world.store_message(self.group.chat, self.user.state, body)
        return world.announce(message)

    async def edits(self, message: Message, text: str) -> Message:
        """Edit one of their messages (an edit of a deleted message is ignored by Telegram)."""
        world = self.group._world
        state = message.state
        if state.deleted:
            return message
        state.data["text"] = text
        found = parse_entities(text)
        if found:
            state.data["entities"] = found
        else:
            state.data.pop("entities", None)
        state.data["edit_date"] = world.unix()
        state.edited = True
        return world.announce(state, edited=True)

    async def leaves(self) -> None:
        """Leave the group."""
        await self.group._set(
            self.user.state,
            Membership("left", is_member=False),
            by=self.user.state,
            service={"left_chat_member": self.user.state.json()},
        )

    async def presses(self, message: Message, button: str) -> Press:
        """Press a button under a message in this group."""
        return await self.user.presses(message, button)


class Group:
    """A group or supergroup and what happens in it."""

    def __init__(self, world: World, chat: ChatState) -> None:
        self._world = world
        self.chat = chat
        self._members: dict[int, Member] = {}

    @property
    def id(self) -> int:
        """The chat id."""
        return self.chat.id

    @property
    def title(self) -> str:
        """The group's title."""
        return self.chat.title

    def member(self, user: User) -> Member:
        """The handle for someone in this group."""
        handle = self._members.get(user.id)
        if handle is None:
            handle = Member(self, user)
            self._members[user.id] = handle
        return handle

    async def _set(
        self,
        user: UserState,
        new: Membership,
        *,
        by: UserState,
        service: dict[str, Any] | None = None,
    ) -> None:
        world = self._world
        old = self.chat.members.get(user.id) or Membership("left", is_member=False)
        self.chat.members[user.id] = new
        world.emit_member_change(self.chat, by, user, old, new, mine=user.id == world.bot.id)
        if service is not None:
            message = world.store_message(self.chat, by, service)
            world.announce(message)

    async def join(self, user: User, *, invited_by: User | None = None) -> Member:
        """Someone joins the group."""
        by = invited_by.state if invited_by else user.state
        await self._set(
            user.state,
            Membership("member"),
            by=by,
            service={"new_chat_members": [user.state.json()]},
        )
        return self.member(user)

    async def add_bot(
        self, *, by: User, admin: bool = True, rights: dict[str, bool] | None = None
    ) -> None:
        """Someone adds the bot, as an admin (with rights) or as a plain member."""
        world = self._world
        membership = (
            Membership("administrator", rights=_rights(rights)) if admin else Membership("member")
        )
        await self._set(
            world.bot, membership, by=by.state, service={"new_chat_members": [world.bot.json()]}
        )

    async def promote_bot(self, *, by: User, rights: dict[str, bool] | None = None) -> None:
        """An admin makes the bot an admin or changes its rights."""
        await self._set(
            self._world.bot, Membership("administrator", rights=_rights(rights)), by=by.state
        )

    async def demote_bot(self, *, by: User) -> None:
        """An admin takes the bot's admin rights away."""
        await self._set(self._world.bot, Membership("member"), by=by.state)

    async def remove_bot(self, *, by: User) -> None:
        """An admin removes the bot from the group."""
        await self._set(
            self._world.bot,
            Membership("kicked", is_member=False),
            by=by.state,
            service={"left_chat_member": self._world.bot.json()},
        )

    async def promote(
        self, user: User, *, by: User | None = None, rights: dict[str, bool] | None = None
    ) -> None:
        """Make a member an admin."""
        owner = by.state if by else self._owner()
        await self._set(
            user.state, Membership("administrator", rights=dict(rights or {})), by=owner
        )

    async def demote(self, user: User) -> None:
        """Make an admin a plain member again."""
        await self._set(user.state, Membership("member"), by=self._owner())

    def _owner(self) -> UserState:
        world = self._world
        owner_id = next(uid for uid, m in self.chat.members.items() if m.status == "creator")
        return world.users_by_id[owner_id]

    async def migrate_to_supergroup(self) -> Group:
        """Upgrade a basic group: everything moves to a new supergroup id, as on Telegram."""
        world = self._world
        old = self.chat
        if old.type != "group":
            raise ValueError("only basic groups migrate")
        new_group = await world.group(
            old.title, owner=world.user_handle(self._owner()), supergroup=True
        )
        new = new_group.chat
        new.members = dict(old.members)
        old.migrated_to = new.id
        owner = self._owner()
        bot_present = (old.members.get(world.bot.id) or Membership("left")).present
        if bot_present:
            world.announce(world.store_message(old, owner, {"migrate_to_chat_id": new.id}))
            world.announce(world.store_message(new, owner, {"migrate_from_chat_id": old.id}))
        return new_group

    async def anonymous_admin_says(self, text: str, *, reply_to: Message | None = None) -> Message:
        """An anonymous admin posts as the group itself."""
        world = self._world
        body = _body(
            text,
            entities=None,
            photo=False,
            caption=None,
            buttons=None,
            world=world,
            forward_from=None,
            reply_to=reply_to,
        )
        message = world.store_message(
            self.chat, world.users_by_id[GROUP_ANONYMOUS_BOT_ID], body, sender_chat=self.chat
        )
        return world.announce(message)

    async def channel_says(
        self, channel: ChatState, text: str, *, automatic_forward: bool = False
    ) -> Message:
        """Someone posts as a channel (or the linked channel's post is auto-forwarded)."""
        world = self._world
        body = _body(
            text,
            entities=None,
            photo=False,
            caption=None,
            buttons=None,
            world=world,
            forward_from=None,
            reply_to=None,
        )
        if automatic_forward:
            body["is_automatic_forward"] = True
        message = world.store_message(
            self.chat, world.users_by_id[CHANNEL_BOT_ID], body, sender_chat=channel
        )
        return world.announce(message)

    def link_channel(self, channel: ChatState) -> None:
        """Make a channel this group's linked discussion channel."""
        self.chat.linked_chat_id = channel.id
        channel.linked_chat_id = self.chat.id

    # -- looking -------------------------------------------------------------------------------

    @property
    def messages(self) -> list[Message]:
        """Messages still visible, oldest first."""
        return [Message(self._world, m) for m in self.chat.messages.values() if not m.deleted]

    @property
    def deleted_ids(self) -> list[int]:
        """Ids of deleted messages."""
        return [m.message_id for m in self.chat.messages.values() if m.deleted]

    @property
    def bot_messages(self) -> list[Message]:
        """Visible messages the bot posted."""
        return [m for m in self.messages if m.from_user == self._world.bot.id]

    @property
    def last_bot_message(self) -> Message:
        """The newest visible message from the bot (fails the test if there is none)."""
        mine = self.bot_messages
        assert mine, f"the bot posted nothing visible in {self.title!r}"
        return mine[-1]

    @property
    def restrictions(self) -> dict[int, tuple[dict[str, bool], int | None]]:
        """Restricted members: permissions and until (Unix time or None)."""
        return {
            uid: (m.permissions, m.until)
            for uid, m in self.chat.members.items()
            if m.status == "restricted"
        }

    def is_restricted(self, user: User) -> bool:
        """Whether someone is restricted now."""
        return user.id in self.restrictions

    @property
    def banned(self) -> set[int]:
        """Banned user ids."""
        return {uid for uid, m in self.chat.members.items() if m.status == "kicked"}

    @property
    def banned_sender_chats(self) -> set[int]:
        """Banned channel ids."""
        return set(self.chat.banned_sender_chats)

    @property
    def pinned(self) -> list[int]:
        """Pinned message ids."""
        return list(self.chat.pinned)

    @property
    def polls(self) -> list[dict[str, Any]]:
        """Polls posted in the group."""
        return [m.data["poll"] for m in self.chat.messages.values() if "poll" in m.data]

    @property
    def bot_status(self) -> str:
        """The bot's status here."""
        me = self.chat.members.get(self._world.bot.id)
        return me.status if me else "left"

    @property
    def bot_rights(self) -> dict[str, bool]:
        """The bot's admin rights here."""
        me = self.chat.members.get(self._world.bot.id)
        return dict(me.rights) if me else {}

    def __repr__(self) -> str:
        return f"<Group {self.title!r} {self.id}>"


def _rights(rights: dict[str, bool] | None) -> dict[str, bool]:
    merged = dict(FULL_RIGHTS)
    if rights is not None:
        merged.update(rights)
    return merged
