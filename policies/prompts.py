"""Engagement prompts: what Steward posts to keep a group talking, and what an owner may add.

A prompt is a plain text (a question, a call to show something, a contest, a "this or that") or,
when it has options, a Telegram poll whose question is the text. Everything is posted as plain
text, so markup is refused rather than shown to members as stray brackets, and every limit
Telegram puts on a message or a poll is checked here, before anything is sent.

Lengths are counted in UTF-16 code units, as Telegram counts them: an emoji outside the Basic
Multilingual Plane takes two, so a text that fits here fits there.

Owners add prompts with `/prompt add ...`; `parse_owner_prompt` reads what they typed:

- `What did you buy this week?` is a question;
- `poll Which colour next? | Red | Blue | Green` is a poll (so is any text with `|` in it; the
  full-width `｜` of Chinese keyboards works too);
- the first word may name a kind, in English, Russian or Chinese, followed by a space or a colon.

Words that also start ordinary sentences ("Show us your desk!", "Конкурс на лучшее фото")
name a kind only when a colon follows them or what follows does not start with a lowercase
letter (`show Post your desk`); otherwise the whole text is kept as the owner typed it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

KINDS = ("question", "poll", "show", "contest", "this_or_that")
THEMES = ("selling", "fan", "any")

# Telegram's limits: a message's text after the prompt's own cap (a prompt is short), a poll's
# question and options.
MAX_TEXT = 1000
MAX_QUESTION = 300
MIN_OPTIONS = 2
MAX_OPTIONS = 10
MAX_OPTION = 100
# A "this or that" poll offers exactly two choices.
THIS_OR_THAT_OPTIONS = 2
# Kinds that may carry options (and are then posted as polls).
OPTION_KINDS = frozenset({"poll", "this_or_that"})
# How much of an offending option a PromptError shows back to the owner.
_SHOWN = 40

# Kind words an owner may start with, normalised (casefolded, without `_` and `-`).
_KIND_WORDS = {
    "question": "question",
    "вопрос": "question",
    "问题": "question",
    "問題": "question",
    "poll": "poll",
    "опрос": "poll",
    "投票": "poll",
    "show": "show",
    "покажите": "show",
    "晒": "show",
    "曬": "show",
    "contest": "contest",
    "конкурс": "contest",
    "比赛": "contest",
    "比賽": "contest",
    "thisorthat": "this_or_that",
    "выбор": "this_or_that",
    "二选一": "this_or_that",
    "二選一": "this_or_that",
}
# Words that also open ordinary sentences: a kind only with a colon or a non-lowercase start.
_SENTENCE_WORDS = frozenset(
    {"question", "show", "contest", "вопрос", "покажите", "конкурс", "выбор"}
)
# Option separators: `|` and the full-width bar Chinese keyboards type.
_BAR = re.compile("[|\uff5c]")
_LEAD = re.compile(r"([\w-]+)(?: *([:：])|(?=\s)|$)\s*")

# Direction overrides and isolates, zero-width characters and marks, the byte-order mark.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ZWJ = "\u200d"
# Control characters other than the newline; lone surrogates (never valid text).
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")

# Markup a plain-text post would show literally: HTML tags Telegram (or the web) knows, with
# attributes written `name=value`, Markdown links and emphasis, code fences.
_TAGS = (
    "a|b|strong|i|em|u|ins|s|strike|del|span|tg-spoiler|tg-emoji|code|pre|blockquote|br|p|div"
    "|img|font|h[1-6]|ul|ol|li|sup|sub|small|big|mark|hr|table|tr|td|script|style|iframe"
)
_MARKUP = re.compile(
    rf"</?(?:{_TAGS})(?:\s+[\w:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>]+))*\s*/?>"
    r"|\[[^\[\]\n]+\]\([^()\s]+\)"
    r"|\*\*[^\s*](?:[^*\n]*[^\s*])?\*\*"
    r"|__[^\s_](?:[^_\n]*[^\s_])?__"
    r"|```",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Prompt:
    """One engagement prompt: a library key ("" for an owner's own), its kind and theme, its
    text (a poll's question when it has options) and its options."""

    key: str
    kind: str
    theme: str
    text: str
    options: tuple[str, ...] = ()

    @property
    def is_poll(self) -> bool:
        """Whether it is posted as a Telegram poll (it has options)."""
        return bool(self.options)


@dataclass(frozen=True, slots=True)
class PromptError:
    """Why a prompt cannot be posted: a catalogue key under `prompt.` and the values its text
    shows (limits, counts, the offending option)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()


def telegram_length(text: str) -> int:
    """A text's length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _shown(option: str) -> str:
    return option if len(option) <= _SHOWN else option[: _SHOWN - 1] + "…"


def _folded(option: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", option).casefold().split())


def has_markup(text: str) -> bool:
    """Whether a text holds HTML tags, Markdown links or emphasis, or code fences."""
    return _MARKUP.search(text) is not None


def _options_error(prompt: Prompt) -> PromptError | None:
    options = prompt.options
    if prompt.kind == "this_or_that":
        low = high = THIS_OR_THAT_OPTIONS
    else:
        low, high = MIN_OPTIONS, MAX_OPTIONS
    if len(options) < low:
        return PromptError("poll_options_few", (("minimum", low), ("count", len(options))))
    if len(options) > high:
        return PromptError("poll_options_many", (("maximum", high), ("count", len(options))))
    if telegram_length(prompt.text) > MAX_QUESTION:
        length = telegram_length(prompt.text)
        return PromptError("question_too_long", (("limit", MAX_QUESTION), ("length", length)))
    seen: set[str] = set()
    for option in options:
        if not option.strip():
            return PromptError("option_empty")
        if telegram_length(option) > MAX_OPTION:
            return PromptError(
                "option_too_long", (("limit", MAX_OPTION), ("option", _shown(option)))
            )
        folded = _folded(option)
        if folded in seen:
            return PromptError("option_duplicate", (("option", _shown(option)),))
        seen.add(folded)
    return None


def validate(prompt: Prompt) -> PromptError | None:
    """Why a prompt cannot be posted as it is, or None when it can.

    Checks its kind and theme, that it has text and no markup, and Telegram's limits: a text
    prompt up to MAX_TEXT, a poll's question up to MAX_QUESTION with MIN_OPTIONS to MAX_OPTIONS
    distinct (case-insensitively) options of up to MAX_OPTION each. A poll always has options;
    a "this or that" has none or two; other kinds have none.
    """
    if prompt.kind not in KINDS:
        return PromptError("kind_unknown", (("kind", _shown(prompt.kind)),))
    if prompt.theme not in THEMES:
        return PromptError("theme_unknown", (("theme", _shown(prompt.theme)),))
    if not prompt.text.strip():
        return PromptError("empty")
    if has_markup(prompt.text) or any(has_markup(option) for option in prompt.options):
        return PromptError("markup")
    if prompt.options and prompt.kind not in OPTION_KINDS:
        return PromptError("options_unexpected", (("kind", prompt.kind),))
    if prompt.options or prompt.kind == "poll":
        return _options_error(prompt)
    if telegram_length(prompt.text) > MAX_TEXT:
        length = telegram_length(prompt.text)
        return PromptError("too_long", (("limit", MAX_TEXT), ("length", length)))
    return None


def _joins_emoji(text: str, at: int) -> bool:
    """Whether the zero-width joiner at `at` glues two emoji into one (a family, a flag)."""
    if at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    glyph_before = before == "\ufe0f" or unicodedata.category(before) in ("So", "Sk")
    return glyph_before and unicodedata.category(after) == "So"


def clean(raw: str) -> str:
    """A typed text without invisible formatting or control characters, newlines made plain,
    and trimmed. Zero-width joiners stay only where they join emoji."""
    text = _NEWLINES.sub("\n", raw).replace("\t", " ")
    text = _CONTROL.sub("", text)
    if _INVISIBLE.search(text) is not None:
        text = "".join(
            ch
            for i, ch in enumerate(text)
            if not _INVISIBLE.fullmatch(ch) or (ch == _ZWJ and _joins_emoji(text, i))
        )
    return text.strip()


def _kind_word(text: str) -> tuple[str | None, str]:
    """The kind the first word names and the text after it, or (None, text)."""
    lead = _LEAD.match(text)
    if lead is None:
        return None, text
    word = unicodedata.normalize("NFKC", lead.group(1)).casefold()
    word = word.replace("_", "").replace("-", "")
    kind = _KIND_WORDS.get(word)
    if kind is None:
        return None, text
    rest = text[lead.end() :]
    colon = lead.group(2) is not None
    if word in _SENTENCE_WORDS and not colon and rest[:1].islower():
        return None, text  # "Show us your desk!": an ordinary sentence
    return kind, rest


def parse_owner_prompt(raw: str) -> Prompt | PromptError:
    """What an owner typed after `/prompt add`, as a prompt (key "", theme "any") that
    validates, or a PromptError saying why not. Never raises."""
    text = clean(raw)
    kind, body = _kind_word(text)
    options: tuple[str, ...] = ()
    if _BAR.search(body) is not None:
        question, *parts = _BAR.split(body)
        body = question.strip()
        options = tuple(p for p in (part.strip() for part in parts) if p)
        if kind is None:
            kind = "poll"
        elif kind not in OPTION_KINDS:
            return PromptError("options_unexpected", (("kind", kind),))
    prompt = Prompt("", kind or "question", "any", body, options)
    if not body:
        return PromptError("empty")
    return validate(prompt) or prompt
