"""JSON objects as the Bot API sends them, completed so python-telegram-bot 22.8 accepts them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# Telegram's fixed accounts for anonymous admins and channel posts in groups.
GROUP_ANONYMOUS_BOT_ID = 1087968824
CHANNEL_BOT_ID = 136817688

ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_manage_topics",
)
SEND_PERMISSIONS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
_DEFAULTS = {"Boolean": False, "Integer": 0, "Float": 0.0, "String": "", "True": True}


@cache
def table() -> dict[str, Any]:
    """The generated method and type table shipped with the sandbox."""
    with (resources.files("bot.sandbox") / "api_methods.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def complete(type_name: str, obj: dict[str, Any]) -> dict[str, Any]:
    """Fill required fields the sandbox has no opinion on with neutral values."""
    for name, kind in table()["required_fields"].get(type_name, {}).items():
        if name in obj:
            continue
        if kind in _DEFAULTS:
            obj[name] = _DEFAULTS[kind]
        elif kind.startswith("Array of"):
            obj[name] = []
        elif kind in table()["required_fields"]:
            obj[name] = complete(kind, {})
    return obj


def user_json(
    user_id: int,
    first_name: str,
    *,
    username: str | None = None,
    is_bot: bool = False,
    language_code: str | None = None,
    is_premium: bool = False,
) -> dict[str, Any]:
    """A User object."""
    obj: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if username:
        obj["username"] = username
    if language_code:
        obj["language_code"] = language_code
    if is_premium:
        obj["is_premium"] = True
    return obj


def member_json(
    user: dict[str, Any],
    status: str,
    rights: dict[str, bool] | None = None,
    until: int | None = None,
    permissions: dict[str, bool] | None = None,
    is_member: bool = True,
) -> dict[str, Any]:
    """A ChatMember object of the right variant for its status."""
    if status == "creator":
        return complete(
            "ChatMemberOwner", {"status": "creator", "user": user, "is_anonymous": False}
        )
    if status == "administrator":
        obj: dict[str, Any] = {
            "status": "administrator",
            "user": user,
            "can_be_edited": False,
            "is_anonymous": False,
        }
        for right in ADMIN_RIGHTS:
            obj[right] = bool((rights or {}).get(right, False))
        return complete("ChatMemberAdministrator", obj)
    if status == "restricted":
        obj = {
            "status": "restricted",
            "user": user,
            "is_member": is_member,
            "until_date": until or 0,
        }
        for perm in SEND_PERMISSIONS:
            obj[perm] = bool((permissions or {}).get(perm, False))
        return complete("ChatMemberRestricted", obj)
    if status == "kicked":
        return {"status": "kicked", "user": user, "until_date": until or 0}
    if status == "left":
        return {"status": "left", "user": user}
    return {"status": "member", "user": user}
