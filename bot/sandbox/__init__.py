"""A Telegram Bot API sandbox: the real python-telegram-bot Application runs offline against it.

The method table it validates calls against is derived from the MIT-licensed
PaulSonOfLars/telegram-bot-api-spec; see LICENSE beside this file.
"""

from bot.sandbox.faults import Fault, Faults
from bot.sandbox.handles import Group, Member, Message, Press, User
from bot.sandbox.refusals import ApiError
from bot.sandbox.request import SandboxRequest
from bot.sandbox.state import FULL_RIGHTS
from bot.sandbox.world import Call, FakeClock, World

__all__ = [
    "FULL_RIGHTS",
    "ApiError",
    "Call",
    "FakeClock",
    "Fault",
    "Faults",
    "Group",
    "Member",
    "Message",
    "Press",
    "SandboxRequest",
    "User",
    "World",
]
