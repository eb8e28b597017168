"""Steward's own engagement prompts, per language, from bot/prompts/<lang>.toml.

Each file is a list of `[[prompt]]` tables (key, kind, theme, text and, for a poll, options),
with the same keys in every language so a chat's schedule can name a prompt once. The library
is ours: an entry that does not validate, a key used twice or an unknown field is a bug, and
loading fails loudly rather than posting it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from bot.config import SUPPORTED_LANGUAGES
from policies.prompts import Prompt, validate

FALLBACK = "en"
_FIELDS = frozenset({"key", "kind", "theme", "text", "options"})
_REQUIRED = ("key", "kind", "theme", "text")


def _entry(lang: str, index: int, raw: Any) -> Prompt:
    """One `[[prompt]]` table as a Prompt, or ValueError naming it."""
    name = f"{lang}.toml prompt #{index + 1}"
    if not isinstance(raw, dict):
        raise ValueError(f"{name} is not a table")
    if isinstance(raw.get("key"), str):
        name = f"{lang}.toml prompt {raw['key']!r}"
    unknown = raw.keys() - _FIELDS
    if unknown:
        raise ValueError(f"{name} has unknown fields {sorted(unknown)}")
    for field in _REQUIRED:
        if not isinstance(raw.get(field), str):
            raise ValueError(f"{name} needs a string {field!r}")
    options = raw.get("options", [])
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise ValueError(f"{name} has options that are not a list of strings")
    prompt = Prompt(raw["key"], raw["kind"], raw["theme"], raw["text"], tuple(options))
    if not prompt.key:
        raise ValueError(f"{name} has an empty key")
    error = validate(prompt)
    if error is not None:
        raise ValueError(f"{name} is invalid: {error.key} {dict(error.values)}")
    return prompt


def parse_library(lang: str, data: dict[str, Any]) -> tuple[Prompt, ...]:
    """A parsed prompt file as prompts, every one validated; ValueError names the bad one."""
    entries = data.get("prompt", [])
    if not isinstance(entries, list) or data.keys() - {"prompt"}:
        raise ValueError(f"{lang}.toml must hold only [[prompt]] tables")
    prompts = tuple(_entry(lang, i, raw) for i, raw in enumerate(entries))
    seen: set[str] = set()
    for prompt in prompts:
        if prompt.key in seen:
            raise ValueError(f"{lang}.toml prompt {prompt.key!r} is defined twice")
        seen.add(prompt.key)
    return prompts


@cache
def library(lang: str) -> tuple[Prompt, ...]:
    """The shipped prompts in a language (English for one Steward does not speak), cached."""
    if lang not in SUPPORTED_LANGUAGES:
        return library(FALLBACK)
    with (resources.files(__name__) / f"{lang}.toml").open("rb") as fh:
        return parse_library(lang, tomllib.load(fh))
