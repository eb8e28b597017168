"""The Bot API methods, answered from the world's state with Telegram's own errors."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.objects import ADMIN_RIGHTS, SEND_PERMISSIONS, complete
from bot.sandbox.refusals import (
    CALLBACK_ANSWER_MAX,
    CAPTION_MAX,
    MESSAGE_TEXT_MAX,
    POLL_OPTION_MAX,
    POLL_QUESTION_MAX,
    ApiError,
    bad,
    check_markup,
    forbidden,
    formatted,
    validate,
)

if TYPE_CHECKING:
    from bot.sandbox.state import ChatState, MessageState
    from bot.sandbox.world import World

# A message older than this cannot be deleted in groups.
DELETE_WINDOW_S = 48 * 3600


class BotAPI:
    """Method implementations over one world."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], Awaitable[Any]]] = {
            name[4:]: getattr(self, name) for name in dir(self) if name.startswith("api_")
        }

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """Run one method; raises ApiError as Telegram would answer."""
        validate(method, params)
        if params.get("reply_markup") is not None:
            check_markup(params["reply_markup"])
        handler = self._handlers.get(method)
        if handler is None:
            raise bad(f"method not emulated by the sandbox: {method}")
        return await handler(params)

    # -- helpers -------------------------------------------------------------------------------

    def _chat(self, chat_id: Any) -> ChatState:
        world = self.world
        chat = world.resolve_chat(chat_id)
        if chat is None:
            raise bad("chat not found")
        if chat.migrated_to is not None:
            raise bad(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.type == "private":
            user = world.users_by_id.get(chat.id)
            if user is None:
                raise bad("chat not found")
            if user.blocked:
                raise forbidden("bot was blocked by the user")
            if not user.started:
                raise forbidden("bot can't initiate conversation with a user")
            return chat
        me = chat.members.get(world.bot.id)
        if me is None or not me.present:
            kind = (
                "supergroup chat"
                if chat.type == "supergroup"
                else ("channel chat" if chat.type == "channel" else "group chat")
            )
            if me is not None and me.status == "kicked":
                raise forbidden(f"bot was kicked from the {kind}")
            raise forbidden(f"bot is not a member of the {kind}")
        return chat

    def _need(self, chat: ChatState, right: str, what: str) -> None:
        if chat.type == "private":
            return
        me = chat.members[self.world.bot.id]
        if not me.can(right):
            raise bad(f"not enough rights to {what}")

    def _target(self, chat: ChatState, user_id: Any) -> int:
        try:
            uid = int(user_id)
        except (TypeError, ValueError):
            raise bad("invalid user_id specified") from None
        if uid not in self.world.users_by_id:
            raise bad("user not found")
        return uid

    def _message(self, chat: ChatState, message_id: Any) -> MessageState | None:
        try:
            return chat.messages.get(int(message_id))
        except (TypeError, ValueError):
            raise bad("message identifier is not specified") from None

    # -- identity and updates ------------------------------------------------------------------

    async def api_getMe(self, params: dict[str, Any]) -> Any:
        obj = self.world.bot.json()
        obj.update(
            can_join_groups=True, can_read_all_group_messages=True, supports_inline_queries=False
        )
        return obj

    async def api_getUpdates(self, params: dict[str, Any]) -> Any:
        world = self.world
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if "allowed_updates" in params and params["allowed_updates"] is not None:
            world.allowed_updates = list(params["allowed_updates"])
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = float(params.get("timeout") or 0)
        world.confirm_updates(offset)
        batch = world.pending_updates(limit)
        if not batch and timeout > 0:
            try:
                await asyncio.wait_for(world.wait_for_update(), timeout)
            except TimeoutError:
                return []
            batch = world.pending_updates(limit)
        return batch

    async def api_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        if params.get("allowed_updates") is not None:
            self.world.allowed_updates = list(params["allowed_updates"])
        self.world.webhook_changed()
        return True

    async def api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = {}
        if params.get("drop_pending_updates"):
            self.world.drop_pending_updates()
        self.world.webhook_changed()
        return True

    async def api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return complete(
            "WebhookInfo",
            {
                "url": self.webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self.world.queue),
            },
        )

    async def api_close(self, params: dict[str, Any]) -> Any:
        return True

    async def api_logOut(self, params: dict[str, Any]) -> Any:
        return True

    # -- messages ------------------------------------------------------------------------------

    async def api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        text, entities = self._message_text(params)
        body: dict[str, Any] = {"text": text}
        if entities:
            body["entities"] = entities
        rest = {k: v for k, v in params.items() if k != "entities"}
        return self.world.bot_posts(chat, body, rest).data

    @staticmethod
    def _message_text(params: dict[str, Any]) -> tuple[str, list[dict[str, Any]] | None]:
        """A message text as the reader will see it, refused as Telegram refuses it."""
        text, entities = formatted(
            str(params["text"]), params.get("parse_mode"), params.get("entities")
        )
        if len(text) > MESSAGE_TEXT_MAX:
            raise bad("message is too long")
        if not text.strip():
            raise bad("message text is empty")
        return text, entities

    async def api_sendPhoto(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        photo = params["photo"]
        caption, caption_entities = formatted(
            str(params.get("caption") or ""),
            params.get("parse_mode"),
            params.get("caption_entities"),
        )
        if len(caption) > CAPTION_MAX:
            raise bad("message caption is too long")
        if isinstance(photo, dict):  # an upload: the bytes are kept for tests to look at
            data = photo.get("bytes", b"")
            if not data:
                raise bad("file must be non-empty")
            size, unique = len(data), f"up{self.world.next_id()}"
        elif isinstance(photo, str) and photo:
            size, unique = 0, f"id{abs(hash(photo)) % 10**9}"
        else:
            raise bad("there is no photo in the request")
        sizes = [
            complete(
                "PhotoSize",
                {
                    "file_id": f"photo-{unique}-{w}",
                    "file_unique_id": f"{unique}-{w}",
                    "width": w,
                    "height": w * 3 // 4,
                    "file_size": size,
                },
            )
            for w in (320, 800)
        ]
        body: dict[str, Any] = {"photo": sizes}
        if caption:
            body["caption"] = caption
            if caption_entities:
                body["caption_entities"] = caption_entities
        message = self.world.bot_posts(chat, body, params)
        if isinstance(photo, dict):
            message.upload = photo.get("bytes")
        return message.data

    async def api_sendPoll(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        options = params.get("options") or []
        if len(options) < 2:
            raise bad("poll must have at least 2 option")
        if len(str(params["question"])) > POLL_QUESTION_MAX:
            raise bad(f"poll question length must not exceed {POLL_QUESTION_MAX}")
        for option in options:
            label = option if isinstance(option, str) else option.get("text", "")
            if len(str(label)) > POLL_OPTION_MAX:
                raise bad(f"poll options length must not exceed {POLL_OPTION_MAX}")
        poll = {
            "id": str(self.world.next_id()),
            "question": str(params["question"]),
            "options": [
                complete(
                    "PollOption",
                    {
                        "text": o if isinstance(o, str) else o.get("text", ""),
                        "voter_count": 0,
                        "persistent_id": str(i),
                    },
                )
                for i, o in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": bool(params.get("is_anonymous", True)),
            "type": params.get("type") or "regular",
            "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
        }
        return self.world.bot_posts(chat, {"poll": complete("Poll", poll)}, params).data

    async def api_stopPoll(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        message = self._message(chat, params["message_id"])
        if message is None or "poll" not in message.data:
            raise bad("message with poll to stop not found")
        message.data["poll"]["is_closed"] = True
        return message.data["poll"]

    async def api_forwardMessage(self, params: dict[str, Any]) -> Any:
        source = self._chat(params["from_chat_id"])
        chat = self._chat(params["chat_id"])
        message = self._message(source, params["message_id"])
        if message is None or message.deleted:
            raise bad("message to forward not found")
        body = {
            k: v for k, v in message.data.items() if k in ("text", "entities", "caption", "photo")
        }
        return self.world.bot_posts(chat, body, {}).data

    async def api_copyMessage(self, params: dict[str, Any]) -> Any:
        sent = await self.api_forwardMessage(
            {k: v for k, v in params.items() if k in ("chat_id", "from_chat_id", "message_id")}
        )
        return {"message_id": sent["message_id"]}

    async def api_editMessageText(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params.get("chat_id"))
        message = self._message(chat, params.get("message_id"))
        if message is None or message.deleted:
            raise bad("message to edit not found")
        if message.from_id != self.world.bot.id:
            raise bad("message can't be edited")
        text, entities = self._message_text(params)
        if (
            text == message.data.get("text")
            and (entities or None) == message.data.get("entities")
            and "reply_markup" not in params
        ):
            raise bad("message is not modified")
        message.data["text"] = text
        if entities:
            message.data["entities"] = entities
        else:
            message.data.pop("entities", None)
        message.data["edit_date"] = self.world.unix()
        message.edited = True
        if "reply_markup" in params:
            self.world.set_markup(message, params.get("reply_markup"))
        return message.data

    async def api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params.get("chat_id"))
        message = self._message(chat, params.get("message_id"))
        if message is None or message.deleted:
            raise bad("message to edit not found")
        self.world.set_markup(message, params.get("reply_markup"))
        return message.data

    async def api_deleteMessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        self._delete(chat, params["message_id"])
        return True

    async def api_deleteMessages(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        ids = list(params["message_ids"])
        if not 1 <= len(ids) <= 100:
            raise bad("message_ids must contain 1-100 identifiers")
        for mid in ids:
            try:
                self._delete(chat, mid)
            except ApiError:
                continue  # deleteMessages skips what cannot be deleted
        return True

    def _delete(self, chat: ChatState, message_id: Any) -> None:
        message = self._message(chat, message_id)
        if message is None or message.deleted:
            raise bad("message to delete not found")
        own = message.from_id == self.world.bot.id
        if chat.type != "private" and not own:
            self._need(chat, "can_delete_messages", "delete messages")
            if self.world.unix() - message.date > DELETE_WINDOW_S:
                raise bad("message can't be deleted")
        message.deleted = True
        self.world.deletions.append((chat.id, message.message_id))

    async def api_pinChatMessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        self._need(chat, "can_pin_messages", "pin a message")
        message = self._message(chat, params["message_id"])
        if message is None or message.deleted:
            raise bad("message to pin not found")
        chat.pinned.append(message.message_id)
        return True

    async def api_unpinChatMessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        self._need(chat, "can_pin_messages", "unpin a message")
        if params.get("message_id") is not None:
            mid = int(params["message_id"])
            chat.pinned = [m for m in chat.pinned if m != mid]
        elif chat.pinned:
            chat.pinned.pop()
        return True

    async def api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._chat(params["chat_id"])
        return True

    async def api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        press = self.world.presses.get(str(params["callback_query_id"]))
        if press is None:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        if press.answered:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > CALLBACK_ANSWER_MAX:
            raise bad("MESSAGE_TOO_LONG")
        press.answered = True
        press.answer_text = params.get("text")
        press.show_alert = bool(params.get("show_alert", False))
        return True

    # -- chats and members ---------------------------------------------------------------------

    async def api_getChat(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        obj = chat.json()
        obj.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types=complete("AcceptedGiftTypes", {}),
        )
        if chat.linked_chat_id is not None:
            obj["linked_chat_id"] = chat.linked_chat_id
        if chat.type in ("group", "supergroup"):
            obj["permissions"] = {p: chat.permissions.get(p, True) for p in SEND_PERMISSIONS}
        return complete("ChatFullInfo", obj)

    async def api_getChatMember(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        uid = self._target(chat, params["user_id"])
        return self.world.member_json(chat, uid)

    async def api_getChatAdministrators(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        return [self.world.member_json(chat, uid) for uid, m in chat.members.items() if m.is_admin]

    async def api_getChatMemberCount(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        return sum(1 for m in chat.members.values() if m.present)

    def _restrictable(self, chat: ChatState, user_id: Any, what: str) -> int:
        if chat.type == "group":
            raise bad("method is available only for supergroups")
        self._need(chat, "can_restrict_members", what)
        uid = self._target(chat, user_id)
        if uid == self.world.bot.id:
            raise bad("can't restrict self")
        member = chat.members.get(uid)
        if member is not None and member.status == "creator":
            raise bad("can't remove chat owner")
        if member is not None and member.is_admin:
            raise bad("user is an administrator of the chat")
        return uid

    async def api_restrictChatMember(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        uid = self._restrictable(chat, params["user_id"], "restrict/unrestrict chat member")
        perms = dict(params["permissions"] or {})
        current = chat.members.get(uid)
        present = current.present if current is not None else False
        until = int(params.get("until_date") or 0) or None
        if perms and all(bool(v) for v in perms.values()):
            # Every permission granted: the restriction is lifted.
            chat.members[uid] = self.world.new_membership("member" if present else "left")
        else:
            chat.members[uid] = self.world.new_membership(
                "restricted", permissions=perms, until=until, is_member=present
            )
        self.world.restriction_log.append((chat.id, uid, perms, until))
        return True

    async def api_banChatMember(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        if chat.type == "group":
            # Basic groups can remove members; there is no time limit there.
            self._need(chat, "can_restrict_members", "restrict/unrestrict chat member")
        uid = (
            self._restrictable(chat, params["user_id"], "restrict/unrestrict chat member")
            if chat.type != "group"
            else self._target(chat, params["user_id"])
        )
        until = int(params.get("until_date") or 0) or None
        chat.members[uid] = self.world.new_membership("kicked", until=until, is_member=False)
        if params.get("revoke_messages"):
            for message in chat.messages.values():
                if message.from_id == uid:
                    message.deleted = True
        return True

    async def api_unbanChatMember(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        self._need(chat, "can_restrict_members", "restrict/unrestrict chat member")
        uid = self._target(chat, params["user_id"])
        member = chat.members.get(uid)
        if member is not None and member.is_admin:
            raise bad("user is an administrator of the chat")
        if member is not None and member.status == "kicked":
            chat.members[uid] = self.world.new_membership("left", is_member=False)
        elif member is not None and member.present and not params.get("only_if_banned"):
            # Telegram removes a present member when unbanning without only_if_banned.
            chat.members[uid] = self.world.new_membership("left", is_member=False)
        return True

    async def api_banChatSenderChat(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        self._need(chat, "can_restrict_members", "restrict/unrestrict chat member")
        chat.banned_sender_chats.add(int(params["sender_chat_id"]))
        return True

    async def api_unbanChatSenderChat(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        self._need(chat, "can_restrict_members", "restrict/unrestrict chat member")
        chat.banned_sender_chats.discard(int(params["sender_chat_id"]))
        return True

    async def api_setChatPermissions(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        self._need(chat, "can_restrict_members", "change chat permissions")
        chat.permissions = dict(params["permissions"] or {})
        return True

    async def api_leaveChat(self, params: dict[str, Any]) -> Any:
        chat = self._chat(params["chat_id"])
        await self.world.bot_leaves(chat)
        return True

    # -- commands ------------------------------------------------------------------------------

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return (
            str(scope.get("type", "default")) + ":" + str(scope.get("chat_id", "")),
            str(params.get("language_code") or ""),
        )

    async def api_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = list(params["commands"])
        if len(commands) > 100:
            raise bad("too many commands")
        for command in commands:
            name = str(command.get("command", ""))
            if (
                not name
                or len(name) > 32
                or not all(c.islower() or c.isdigit() or c == "_" for c in name)
            ):
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._scope_key(params)] = commands
        return True

    async def api_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(self._scope_key(params), [])

    async def api_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands.pop(self._scope_key(params), None)
        return True


__all__ = ["ADMIN_RIGHTS", "ApiError", "BotAPI", "bad", "forbidden", "validate"]
