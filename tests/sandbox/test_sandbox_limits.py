"""Sandbox fidelity: calls real Telegram refuses must be refused by the sandbox too.

A sandbox that accepts what Telegram answers with 400 hides the failure from every test that
runs Steward on it: the bot looks fine offline and breaks in production. Each refusal carries
Telegram's own description; each limit is checked on both sides of its boundary.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.sandbox import World
from bot.sandbox.request import answer


async def _dm_chat() -> tuple[World, int]:
    """A world and the private chat of a user who started the bot."""
    world = World(bot_username="LimitsTestBot")
    alice = world.user("alice", started_bot=True)
    return world, alice.id


async def _call(world: World, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    status, body = await answer(world, method, params)
    data: dict[str, Any] = json.loads(body)
    return status, data


def _keyboard(text: str, data: str) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": text, "callback_data": data}]]}


def _refused(status: int, data: dict[str, Any], description: str) -> bool:
    return status == 400 and data["ok"] is False and data["description"] == description


# -- inline keyboards -----------------------------------------------------------------------------


async def test_callback_data_over_64_bytes_is_refused() -> None:
    """A button whose callback_data is 65 bytes: Telegram answers 400 BUTTON_DATA_INVALID and
    the message is not sent."""
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world,
        "sendMessage",
        {"chat_id": chat_id, "text": "pick one", "reply_markup": _keyboard("Go", "x" * 65)},
    )
    assert _refused(status, data, "Bad Request: BUTTON_DATA_INVALID"), data
    assert world.user_handle(world.users_by_id[chat_id]).dms == []


async def test_callback_data_of_exactly_64_bytes_is_accepted() -> None:
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world,
        "sendMessage",
        {"chat_id": chat_id, "text": "pick one", "reply_markup": _keyboard("Go", "x" * 64)},
    )
    assert status == 200, data


async def test_callback_data_limit_counts_bytes_not_characters() -> None:
    """callback_data is limited to 64 *bytes*: 40 Cyrillic letters (80 bytes in UTF-8) are
    refused by Telegram; 32 of them (64 bytes) pass."""
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world,
        "sendMessage",
        {"chat_id": chat_id, "text": "pick one", "reply_markup": _keyboard("Go", "д" * 40)},
    )
    assert _refused(status, data, "Bad Request: BUTTON_DATA_INVALID"), data
    status, data = await _call(
        world,
        "sendMessage",
        {"chat_id": chat_id, "text": "pick one", "reply_markup": _keyboard("Go", "д" * 32)},
    )
    assert status == 200, data


async def test_inline_button_with_empty_text_is_refused() -> None:
    """An inline button with empty text: Telegram refuses the message (400); the sandbox
    showed a blank button."""
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world,
        "sendMessage",
        {"chat_id": chat_id, "text": "pick one", "reply_markup": _keyboard("", "ok")},
    )
    assert _refused(status, data, "Bad Request: BUTTON_TEXT_INVALID"), data


@pytest.mark.parametrize(
    "button",
    [{"text": "Just text"}, {"text": "Empty data", "callback_data": ""}],
    ids=["no-action", "empty-callback-data"],
)
async def test_inline_button_without_an_action_is_refused(button: dict[str, Any]) -> None:
    """An inline button with only a text (no callback_data, url, ...): Telegram answers 400
    "text buttons are unallowed in the inline keyboard"."""
    world, chat_id = await _dm_chat()
    markup = {"inline_keyboard": [[button]]}
    status, data = await _call(
        world, "sendMessage", {"chat_id": chat_id, "text": "pick", "reply_markup": markup}
    )
    assert _refused(
        status,
        data,
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard",
    ), data


async def test_url_button_is_accepted() -> None:
    world, chat_id = await _dm_chat()
    markup = {"inline_keyboard": [[{"text": "Site", "url": "https://example.org"}]]}
    status, data = await _call(
        world, "sendMessage", {"chat_id": chat_id, "text": "pick", "reply_markup": markup}
    )
    assert status == 200, data


async def test_bad_keyboard_is_refused_on_edits_too() -> None:
    """editMessageText and editMessageReplyMarkup check the keyboard like sendMessage does."""
    world, chat_id = await _dm_chat()
    _, sent = await _call(world, "sendMessage", {"chat_id": chat_id, "text": "short"})
    mid = sent["result"]["message_id"]
    status, data = await _call(
        world,
        "editMessageReplyMarkup",
        {"chat_id": chat_id, "message_id": mid, "reply_markup": _keyboard("Go", "x" * 65)},
    )
    assert _refused(status, data, "Bad Request: BUTTON_DATA_INVALID"), data
    status, data = await _call(
        world,
        "editMessageText",
        {
            "chat_id": chat_id,
            "message_id": mid,
            "text": "longer",
            "reply_markup": _keyboard("", "go"),
        },
    )
    assert _refused(status, data, "Bad Request: BUTTON_TEXT_INVALID"), data
    message = world.chats[chat_id].messages[mid]
    assert message.text == "short" and "reply_markup" not in message.data


# -- parse_mode HTML ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>bold</i>", 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'),
        ("plain</b>", "Unexpected end tag at byte offset 5"),
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        ("1 <2 x", 'Unsupported start tag "2" at byte offset 2'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
    ids=["unclosed", "unmatched", "unexpected-end", "unsupported", "lone-lt", "no-gt", "span"],
)
async def test_broken_html_is_refused(text: str, reason: str) -> None:
    """parse_mode HTML with broken markup: Telegram answers 400 "can't parse entities: ..."; the
    sandbox ignored parse_mode and posted the raw text."""
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world, "sendMessage", {"chat_id": chat_id, "text": text, "parse_mode": "HTML"}
    )
    assert _refused(status, data, f"Bad Request: can't parse entities: {reason}"), data


async def test_html_message_reads_without_its_tags() -> None:
    """A message sent with parse_mode HTML is shown by Telegram without its tags (and with
    `&amp;` as `&`), as a bold entity."""
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world,
        "sendMessage",
        {"chat_id": chat_id, "text": "<b>Tom &amp; Jerry</b>", "parse_mode": "HTML"},
    )
    assert status == 200, data
    assert data["result"]["text"] == "Tom & Jerry"
    assert data["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 11}]


async def test_html_entities_use_utf16_offsets_and_nest() -> None:
    """Entities of an HTML message: UTF-16 offsets, nested tags, links, pre with a language,
    numeric character references, unknown `&` sequences kept as written."""
    world, chat_id = await _dm_chat()
    text = (
        '😀 <i>it <b>is</b></i> <a href="https://example.org/?a=1&amp;b=2">here</a> '
        '<pre><code class="language-python">x &lt; 1</code></pre> &#33;&#x3F; &nbsp;'
    )
    status, data = await _call(
        world, "sendMessage", {"chat_id": chat_id, "text": text, "parse_mode": "html"}
    )
    assert status == 200, data
    result = data["result"]
    assert result["text"] == "😀 it is here x < 1 !? &nbsp;"
    assert result["entities"] == [
        {"type": "italic", "offset": 3, "length": 5},
        {"type": "bold", "offset": 6, "length": 2},
        {"type": "text_link", "offset": 9, "length": 4, "url": "https://example.org/?a=1&b=2"},
        {"type": "pre", "offset": 14, "length": 5, "language": "python"},
    ]


async def test_html_that_renders_empty_is_refused() -> None:
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world, "sendMessage", {"chat_id": chat_id, "text": "<b> </b>", "parse_mode": "HTML"}
    )
    assert _refused(status, data, "Bad Request: message text is empty"), data


async def test_length_limit_applies_to_the_parsed_text() -> None:
    """The 4,096 limit counts what the reader sees, not the markup."""
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world,
        "sendMessage",
        {"chat_id": chat_id, "text": f"<b>{'x' * 4096}</b>", "parse_mode": "HTML"},
    )
    assert status == 200, data


async def test_unknown_parse_mode_is_refused() -> None:
    world, chat_id = await _dm_chat()
    status, data = await _call(
        world, "sendMessage", {"chat_id": chat_id, "text": "hi", "parse_mode": "RichText"}
    )
    assert _refused(status, data, "Bad Request: unsupported parse_mode"), data


async def test_html_edit_and_caption_are_parsed() -> None:
    world, chat_id = await _dm_chat()
    _, sent = await _call(world, "sendMessage", {"chat_id": chat_id, "text": "short"})
    status, data = await _call(
        world,
        "editMessageText",
        {
            "chat_id": chat_id,
            "message_id": sent["result"]["message_id"],
            "text": "<u>now</u> longer",
            "parse_mode": "HTML",
        },
    )
    assert status == 200, data
    assert data["result"]["text"] == "now longer"
    assert data["result"]["entities"] == [{"type": "underline", "offset": 0, "length": 3}]
    status, data = await _call(
        world,
        "editMessageText",
        {"chat_id": chat_id, "message_id": sent["result"]["message_id"], "text": "<s>x"},
    )
    assert status == 200 and data["result"]["text"] == "<s>x", data  # no parse_mode: as is
    assert "entities" not in data["result"]
    status, data = await _call(
        world,
        "sendPhoto",
        {"chat_id": chat_id, "photo": "file-1", "caption": "<b>cap", "parse_mode": "HTML"},
    )
    assert _refused(
        status,
        data,
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    ), data


# -- editMessageText ------------------------------------------------------------------------------


async def test_edit_to_a_text_over_4096_characters_is_refused() -> None:
    """editMessageText to 5,000 characters: Telegram answers 400 "message is too long"."""
    world, chat_id = await _dm_chat()
    _, sent = await _call(world, "sendMessage", {"chat_id": chat_id, "text": "short"})
    mid = sent["result"]["message_id"]
    status, data = await _call(
        world, "editMessageText", {"chat_id": chat_id, "message_id": mid, "text": "x" * 4097}
    )
    assert _refused(status, data, "Bad Request: message is too long"), data
    assert world.chats[chat_id].messages[mid].text == "short"
    status, data = await _call(
        world, "editMessageText", {"chat_id": chat_id, "message_id": mid, "text": "x" * 4096}
    )
    assert status == 200, data


async def test_edit_to_blank_text_is_refused() -> None:
    """editMessageText to a text of spaces: Telegram answers 400 "message text is empty"."""
    world, chat_id = await _dm_chat()
    _, sent = await _call(world, "sendMessage", {"chat_id": chat_id, "text": "short"})
    mid = sent["result"]["message_id"]
    status, data = await _call(
        world, "editMessageText", {"chat_id": chat_id, "message_id": mid, "text": "   "}
    )
    assert _refused(status, data, "Bad Request: message text is empty"), data
    assert world.chats[chat_id].messages[mid].text == "short"


# -- answerCallbackQuery --------------------------------------------------------------------------


async def _press(world: World, chat_id: int) -> str:
    _, sent = await _call(
        world,
        "sendMessage",
        {"chat_id": chat_id, "text": "pick", "reply_markup": _keyboard("Go", "go")},
    )
    handle = world.user_handle(world.users_by_id[chat_id])
    message = next(m for m in handle.dms if m.id == sent["result"]["message_id"])
    press = await handle.presses(message, "Go")
    return press.id


async def test_callback_answer_over_200_characters_is_refused() -> None:
    """answerCallbackQuery with a 201-character text: Telegram answers 400 MESSAGE_TOO_LONG
    (the person sees the button spin, no answer)."""
    world, chat_id = await _dm_chat()
    press_id = await _press(world, chat_id)
    status, data = await _call(
        world, "answerCallbackQuery", {"callback_query_id": press_id, "text": "y" * 201}
    )
    assert _refused(status, data, "Bad Request: MESSAGE_TOO_LONG"), data
    assert world.presses[press_id].answered is False


async def test_callback_answer_of_200_characters_is_accepted() -> None:
    world, chat_id = await _dm_chat()
    press_id = await _press(world, chat_id)
    status, data = await _call(
        world, "answerCallbackQuery", {"callback_query_id": press_id, "text": "y" * 200}
    )
    assert status == 200, data
    assert world.presses[press_id].answer_text == "y" * 200


# -- polls ----------------------------------------------------------------------------------------


async def test_poll_with_overlong_question_or_option_is_refused() -> None:
    """A poll question over 300 characters or an option over 100: Telegram answers 400."""
    world = World(bot_username="LimitsTestBot")
    owner = world.user("olga")
    group = await world.group_with_steward("Poll Shop", owner=owner)
    long_question = await _call(
        world, "sendPoll", {"chat_id": group.id, "question": "q" * 301, "options": ["a", "b"]}
    )
    long_option = await _call(
        world,
        "sendPoll",
        {"chat_id": group.id, "question": "q?", "options": ["a", {"text": "a" * 101}]},
    )
    assert _refused(*long_question, "Bad Request: poll question length must not exceed 300"), (
        long_question
    )
    assert _refused(*long_option, "Bad Request: poll options length must not exceed 100"), (
        long_option
    )
    at_limit = await _call(
        world,
        "sendPoll",
        {"chat_id": group.id, "question": "q" * 300, "options": ["a" * 100, "b"]},
    )
    assert at_limit[0] == 200, at_limit
    assert len(group.polls) == 1
