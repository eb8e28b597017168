"""The sandbox's state: people, chats, memberships and messages, as plain mutable records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.objects import user_json

FULL_RIGHTS: dict[str, bool] = {
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_restrict_members": True,
    "can_pin_messages": True,
    "can_invite_users": True,
    "can_change_info": True,
    "can_manage_video_chats": True,
}


@dataclass
class UserState:
    """A Telegram account."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False
    is_premium: bool = False
    started: bool = False
    blocked: bool = False

    def json(self) -> dict[str, Any]:
        """As a User object."""
        return user_json(
            self.id,
            self.first_name,
            username=self.username,
            is_bot=self.is_bot,
            language_code=self.language_code,
            is_premium=self.is_premium,
        )


@dataclass
class Membership:
    """Someone's place in a chat."""

    status: str  # creator | administrator | member | restricted | left | kicked
    rights: dict[str, bool] = field(default_factory=dict)
    permissions: dict[str, bool] = field(default_factory=dict)
    until: int | None = None
    is_member: bool = True

    @property
    def present(self) -> bool:
        """In the chat now."""
        if self.status == "restricted":
            return self.is_member
        return self.status in ("creator", "administrator", "member")

    @property
    def is_admin(self) -> bool:
        """Owner or administrator."""
        return self.status in ("creator", "administrator")

    def can(self, right: str) -> bool:
        """Whether this member holds an admin right."""
        return self.status == "creator" or (
            self.status == "administrator" and self.rights.get(right, False)
        )


@dataclass
class MessageState:
    """One message in one chat."""

    chat_id: int
    message_id: int
    date: int
    data: dict[str, Any]
    from_id: int | None
    deleted: bool = False
    edited: bool = False
    # The bytes of a file the bot uploaded with this message (sendPhoto).
    upload: bytes | None = None

    @property
    def text(self) -> str:
        """Text or caption."""
        return str(self.data.get("text") or self.data.get("caption") or "")


@dataclass
class ChatState:
    """A group, supergroup, channel or private chat."""

    id: int
    type: str
    title: str = ""
    username: str | None = None
    members: dict[int, Membership] = field(default_factory=dict)
    messages: dict[int, MessageState] = field(default_factory=dict)
    next_message_id: int = 1
    pinned: list[int] = field(default_factory=list)
    banned_sender_chats: set[int] = field(default_factory=set)
    linked_chat_id: int | None = None
    migrated_to: int | None = None
    permissions: dict[str, bool] = field(default_factory=dict)
    first_name: str | None = None  # private chats

    def json(self) -> dict[str, Any]:
        """As a Chat object."""
        obj: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            obj["first_name"] = self.first_name or ""
        else:
            obj["title"] = self.title
        if self.username:
            obj["username"] = self.username
        return obj

    def take_message_id(self) -> int:
        """The next message id in this chat."""
        mid = self.next_message_id
        self.next_message_id += 1
        return mid
