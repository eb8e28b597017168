"""The actuator: the one place Steward's decisions become Bot API calls, and its record-only twin.

Every moderation call (delete, mute, ban, their undoing, posting, pinning, changing a chat's
permissions) goes through an `Actuator`. `TelegramActuator` makes the call with retries for
transient faults (the application's rate limiter spaces sends) and returns what happened as a
`Done`; `RecordingActuator` makes no call and records what would have been done, so observe mode,
`steward classify` and `steward replay` go through the very same code as the live bot.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from telegram import ChatPermissions, Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.outbound import with_retries
from policies import Action

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Done:
    """The outcome of one action: what was tried, on what, and whether Telegram did it."""

    what: str
    chat_id: int
    ok: bool
    target: int | None = None
    error: str | None = None
    message_id: int | None = None
    # The error Telegram gave, for callers that answer a person with it (commands).
    exc: TelegramError | None = field(default=None, compare=False, repr=False)

    def raise_if_failed(self) -> None:
        """Re-raise Telegram's error (commands turn it into a clear answer)."""
        if self.exc is not None:
            raise self.exc


@dataclass(frozen=True, slots=True)
class MessageTarget:
    """A message and its author, as much as the actuator needs to act on them."""

    chat_id: int
    message_id: int
    user_id: int | None = None
    sender_chat_id: int | None = None


# Telegram's names for what members may do, as `set_permissions` takes them: the library's own
# list, so a permission Telegram adds is kept and restored too.
PERMISSION_FIELDS: tuple[str, ...] = tuple(sorted(ChatPermissions.__slots__))


@dataclass(frozen=True, slots=True)
class Step:
    """One Bot API call a decision leads to."""

    what: str
    chat_id: int
    target: int
    until: datetime | None = None


def plan(target: MessageTarget, actions: tuple[Action, ...]) -> tuple[Step, ...]:
    """The calls a decision's message actions take, the delete first (warnings and alerts are
    not calls on the message). Live, observe mode and `steward classify` all follow it."""
    kinds = {a.kind for a in actions}
    steps: list[Step] = []
    if "delete" in kinds:
        steps.append(Step("delete", target.chat_id, target.message_id))
    for action in actions:
        if action.kind in ("restrict", "ban") and target.user_id is not None:
            steps.append(Step(action.kind, target.chat_id, target.user_id, action.until))
        elif action.kind == "ban_sender_chat" and target.sender_chat_id is not None:
            steps.append(Step("ban_sender_chat", target.chat_id, target.sender_chat_id))
    return tuple(steps)


class Actuator:
    """Carries out actions; subclasses say how one Bot API call is made (or recorded)."""

    # True for an actuator that only records what would be done (nothing to keep or restore).
    records_only = False

    async def call(
        self, what: str, chat_id: int, target: int | None, run: Callable[[], Awaitable[Any]]
    ) -> Done:
        """Make (or record) one call and say how it went."""
        raise NotImplementedError

    # -- message-level ----------------------------------------------------------------------

    async def delete(self, chat_id: int, message_id: int) -> Done:
        """Delete a message."""
        return await self.call(
            "delete", chat_id, message_id, partial(self._bot.delete_message, chat_id, message_id)
        )

    async def restrict(self, chat_id: int, user_id: int, until: datetime | None) -> Done:
        """Mute a member (no permissions) until a time, or for good."""
        run = partial(
            self._bot.restrict_chat_member,
            chat_id,
            user_id,
            ChatPermissions.no_permissions(),
            until_date=until,
        )
        return await self.call("restrict", chat_id, user_id, run)

    async def unrestrict(self, chat_id: int, user_id: int) -> Done:
        """Give a member back every permission the chat allows."""
        run = partial(
            self._bot.restrict_chat_member, chat_id, user_id, ChatPermissions.all_permissions()
        )
        return await self.call("unrestrict", chat_id, user_id, run)

    async def ban(self, chat_id: int, user_id: int, until: datetime | None = None) -> Done:
        """Ban a member (until a time, or for good)."""
        run = partial(self._bot.ban_chat_member, chat_id, user_id, until_date=until)
        return await self.call("ban", chat_id, user_id, run)

    async def unban(self, chat_id: int, user_id: int) -> Done:
        """Lift a ban (a member who is not banned is left alone)."""
        run = partial(self._bot.unban_chat_member, chat_id, user_id, only_if_banned=True)
        return await self.call("unban", chat_id, user_id, run)

    async def ban_sender_chat(self, chat_id: int, sender_chat_id: int) -> Done:
        """Ban a channel from speaking in the chat."""
        run = partial(self._bot.ban_chat_sender_chat, chat_id, sender_chat_id)
        return await self.call("ban_sender_chat", chat_id, sender_chat_id, run)

    async def unban_sender_chat(self, chat_id: int, sender_chat_id: int) -> Done:
        """Let a banned channel speak again."""
        run = partial(self._bot.unban_chat_sender_chat, chat_id, sender_chat_id)
        return await self.call("unban_sender_chat", chat_id, sender_chat_id, run)

    async def carry_out(self, target: MessageTarget, actions: tuple[Action, ...]) -> list[Done]:
        """A decision's message actions, in the order `plan` gives."""
        return [await self.perform(step) for step in plan(target, actions)]

    async def perform(self, step: Step) -> Done:
        """One planned step."""
        if step.what == "delete":
            return await self.delete(step.chat_id, step.target)
        if step.what == "restrict":
            return await self.restrict(step.chat_id, step.target, step.until)
        if step.what == "ban":
            return await self.ban(step.chat_id, step.target, step.until)
        return await self.ban_sender_chat(step.chat_id, step.target)

    # -- chat-level ---------------------------------------------------------------------------

    async def post(self, chat_id: int, text: str, **kwargs: Any) -> Done:
        """Post a message in a chat; `Done.message_id` is the new message's id."""
        return await self.call(
            "post", chat_id, None, partial(self._bot.send_message, chat_id, text, **kwargs)
        )

    async def pin(self, chat_id: int, message_id: int) -> Done:
        """Pin a message quietly."""
        run = partial(self._bot.pin_chat_message, chat_id, message_id, disable_notification=True)
        return await self.call("pin", chat_id, message_id, run)

    async def set_permissions(self, chat_id: int, permissions: Mapping[str, bool]) -> Done:
        """Set what members may do in the chat (fields Telegram knows; others are ignored)."""
        known: dict[str, Any] = {
            k: bool(v) for k, v in permissions.items() if k in PERMISSION_FIELDS
        }
        run = partial(
            self._bot.set_chat_permissions,
            chat_id,
            ChatPermissions(**known),
            use_independent_chat_permissions=True,
        )
        return await self.call("set_permissions", chat_id, None, run)

    async def permissions(self, chat_id: int) -> dict[str, bool] | None:
        """What members may do in the chat now (None: Telegram did not say)."""
        raise NotImplementedError

    @property
    def _bot(self) -> Any:
        raise NotImplementedError


class TelegramActuator(Actuator):
    """Makes the calls, retrying timeouts, 5xx and short 429s; refusals come back as `Done`."""

    def __init__(self, bot: Any) -> None:
        self._the_bot = bot

    @property
    def _bot(self) -> Any:
        return self._the_bot

    async def call(
        self, what: str, chat_id: int, target: int | None, run: Callable[[], Awaitable[Any]]
    ) -> Done:
        """Make one call with retries; Telegram refusing (gone, too old, no rights) is logged."""
        try:
            result = await with_retries(run, what=f"{what} in {chat_id}")
        except (BadRequest, Forbidden) as exc:
            log.info("%s in %s refused: %s", what, chat_id, exc.message)
            return Done(what, chat_id, False, target, exc.message, exc=exc)
        except TelegramError as exc:
            log.warning("%s in %s failed: %s", what, chat_id, exc)
            return Done(what, chat_id, False, target, str(exc), exc=exc)
        message_id = result.message_id if isinstance(result, Message) else None
        return Done(what, chat_id, True, target, message_id=message_id)

    async def permissions(self, chat_id: int) -> dict[str, bool] | None:
        """What members may do in the chat now, from getChat."""
        try:
            chat = await with_retries(lambda: self._the_bot.get_chat(chat_id), what="getChat")
        except TelegramError as exc:
            log.info("getChat %s failed: %s", chat_id, exc)
            return None
        current = chat.permissions
        if current is None:
            return None
        values = {f: getattr(current, f, None) for f in PERMISSION_FIELDS}
        return {f: bool(v) for f, v in values.items() if v is not None}


class _NoBot:
    """Stands in for the bot in a recording actuator: building a call is fine, making it not."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def never(*_args: Any, **_kwargs: Any) -> Any:
            raise AssertionError(f"the recording actuator must not call {name}")

        return never


class RecordingActuator(Actuator):
    """Calls nothing; records what would have been done, each as if Telegram had agreed."""

    records_only = True

    def __init__(self) -> None:
        self.done: list[Done] = []
        self._next_message_id = 1

    @property
    def _bot(self) -> Any:
        return _NoBot()

    async def call(
        self, what: str, chat_id: int, target: int | None, run: Callable[[], Awaitable[Any]]
    ) -> Done:
        """Record the call instead of making it."""
        message_id = None
        if what == "post":
            message_id = self._next_message_id
            self._next_message_id += 1
        outcome = Done(what, chat_id, True, target, message_id=message_id)
        self.done.append(outcome)
        return outcome

    async def permissions(self, chat_id: int) -> dict[str, bool] | None:
        """A recording actuator knows nothing of the chat."""
        return None

    def record(self, target: MessageTarget, actions: tuple[Action, ...]) -> list[Done]:
        """Record a decision's message actions at once (no event loop needed)."""
        done = [Done(s.what, s.chat_id, True, s.target) for s in plan(target, actions)]
        self.done.extend(done)
        return done
