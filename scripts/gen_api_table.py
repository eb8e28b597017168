#!/usr/bin/env python3
"""Generate bot/sandbox/api_methods.json: the Bot API subset the sandbox emulates.

Source: ../shared/telegram-bot-api/api.min.json, itself derived from the MIT-licensed
PaulSonOfLars/telegram-bot-api-spec (licence in bot/sandbox/LICENSE, which travels with the
generated file). Kept: each emulated method's parameters (name, required) and, for the object
types the sandbox returns, their required fields with types, so the sandbox can both refuse bad
calls as Telegram does and return objects complete for python-telegram-bot.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "telegram-bot-api" / "api.min.json"
DEFAULT_OUT = ROOT / "bot" / "sandbox" / "api_methods.json"

METHODS = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "deleteMessages",
    "forwardMessage",
    "copyMessage",
    "sendPhoto",
    "sendPoll",
    "stopPoll",
    "pinChatMessage",
    "unpinChatMessage",
    "getChat",
    "getChatMember",
    "getChatAdministrators",
    "getChatMemberCount",
    "restrictChatMember",
    "banChatMember",
    "unbanChatMember",
    "banChatSenderChat",
    "unbanChatSenderChat",
    "leaveChat",
    "answerCallbackQuery",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendChatAction",
    "setChatPermissions",
    "close",
    "logOut",
)
TYPES = (
    "User",
    "Chat",
    "ChatFullInfo",
    "Message",
    "MessageEntity",
    "CallbackQuery",
    "Poll",
    "PollOption",
    "ChatMemberOwner",
    "ChatMemberAdministrator",
    "ChatMemberMember",
    "ChatMemberRestricted",
    "ChatMemberLeft",
    "ChatMemberBanned",
    "ChatMemberUpdated",
    "ChatPermissions",
    "PhotoSize",
    "WebhookInfo",
    "BotCommand",
    "AcceptedGiftTypes",
    "MessageOriginUser",
    "MessageOriginChannel",
    "MessageOriginHiddenUser",
    "MessageOriginChat",
)


def build(source: Path) -> dict[str, object]:
    """The subset as a JSON-ready mapping."""
    api = json.loads(source.read_text(encoding="utf-8"))
    methods = {
        name: [
            {"name": f["name"], "required": bool(f["required"])}
            for f in api["methods"][name].get("fields", [])
        ]
        for name in METHODS
    }
    types = {
        name: {
            f["name"]: f["types"][0] for f in api["types"][name].get("fields", []) if f["required"]
        }
        for name in TYPES
    }
    return {
        "source": "PaulSonOfLars/telegram-bot-api-spec via shared/telegram-bot-api (MIT)",
        "version": api["version"],
        "methods": methods,
        "required_fields": types,
    }


def render(source: Path) -> str:
    """The file's exact text."""
    return json.dumps(build(source), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    """Write the subset file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.write_text(render(args.source), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
