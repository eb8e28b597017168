"""What Telegram refuses before it looks at any chat: unknown methods and parameters, inline
keyboards it cannot take, text it cannot parse or that is too long; and the errors it answers
with (the sandbox's BotAPI answers every method through these)."""

from __future__ import annotations

import json
from typing import Any

from bot.sandbox.entities import ParseError, parse_html
from bot.sandbox.objects import table

# Telegram's size limits, in characters of the text as the reader sees it.
MESSAGE_TEXT_MAX = 4096
CAPTION_MAX = 1024
CALLBACK_ANSWER_MAX = 200
POLL_QUESTION_MAX = 300
POLL_OPTION_MAX = 100
# callback_data is limited in bytes (UTF-8), not characters.
CALLBACK_DATA_MAX_BYTES = 64
# The fields that give an inline button something to do; one is required.
BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


class ApiError(Exception):
    """A Bot API error reply: code, description and optional parameters."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad(description: str, parameters: dict[str, Any] | None = None) -> ApiError:
    """400 Bad Request."""
    return ApiError(400, f"Bad Request: {description}", parameters)


def forbidden(description: str) -> ApiError:
    """403 Forbidden."""
    return ApiError(403, f"Forbidden: {description}")


def validate(method: str, params: dict[str, Any]) -> None:
    """Refuse what Telegram refuses: unknown methods, missing or unexpected parameters."""
    spec = table()["methods"].get(method)
    if spec is None:
        raise bad(f"unknown method {method!r}")
    names = {p["name"] for p in spec}
    for name in params:
        if name not in names:
            raise bad(f"unexpected parameter {name!r} for {method}")
    for p in spec:
        if p["required"] and params.get(p["name"]) in (None, ""):
            raise bad(f"parameter {p['name']!r} is required for {method}")


def check_markup(markup: Any) -> None:
    """Refuse an inline keyboard Telegram refuses: blank buttons, buttons without an action,
    callback_data over 64 bytes."""
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError:
            raise bad("can't parse reply keyboard markup JSON object") from None
    if not isinstance(markup, dict) or markup.get("inline_keyboard") is None:
        return
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    for row in rows:
        for button in row:
            if not isinstance(button, dict):
                raise bad("can't parse inline keyboard button: expected an Object")
            if not isinstance(button.get("text"), str):
                raise bad("can't parse inline keyboard button: Can't find field \"text\"")
            # The Bot API server treats an empty callback_data as no callback_data at all.
            actions = [
                name
                for name in BUTTON_ACTIONS
                if button.get(name) is not None
                and not (name == "callback_data" and button.get(name) == "")
            ]
            if not actions:
                raise bad(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            if not button["text"].strip():
                raise bad("BUTTON_TEXT_INVALID")
            data = button.get("callback_data")
            if data is not None and len(str(data).encode("utf-8")) > CALLBACK_DATA_MAX_BYTES:
                raise bad("BUTTON_DATA_INVALID")


def formatted(
    text: str, parse_mode: Any, entities: Any
) -> tuple[str, list[dict[str, Any]] | None]:
    """The text and entities a reader gets from a text with its parse_mode or entities."""
    mode = str(parse_mode or "").strip().lower()
    if mode == "html":
        try:
            return parse_html(text)
        except ParseError as exc:
            raise bad(f"can't parse entities: {exc}") from None
    if mode not in ("", "none", "markdown", "markdownv2"):
        raise bad("unsupported parse_mode")
    # Markdown modes are passed through as written: the sandbox does not model them.
    return text, (list(entities) if entities else None)
