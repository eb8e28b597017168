"""Message catalogues: every text Steward writes, per language, from bot/locales/<lang>/*.toml."""

from __future__ import annotations

import json
import string
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from bot.config import SUPPORTED_LANGUAGES
from bot.names import isolated
from policies.explain import ENGLISH, Joiner, Reason, from_mapping, render
from policies.facts import Check, ranked

FALLBACK = "en"


class Catalog:
    """Texts by language and key, formatted with `str.format` placeholders."""

    def __init__(self, catalogues: Mapping[str, Mapping[str, str]], default: str = FALLBACK):
        self._catalogues = catalogues
        self.default = default if default in catalogues else FALLBACK

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages that have a catalogue."""
        return tuple(self._catalogues)

    def pick(self, *candidates: str | None) -> str:
        """The first supported language among candidates (Telegram codes like 'ru-RU' work)."""
        for code in candidates:
            if not code:
                continue
            base = code.lower().replace("_", "-").split("-", 1)[0]
            if base in self._catalogues:
                return base
        return self.default

    def text(self, lang: str | None, key: str, /, **values: Any) -> str:
        """The text for key in lang (falling back to English), with values filled in."""
        template = self._catalogues.get(lang or self.default, {}).get(key)
        if template is None:
            template = self._catalogues[FALLBACK].get(key)
        if template is None:
            raise KeyError(f"no text for {key!r}")
        return template.format(**values) if values else template

    def reasons(self, lang: str, checks: Iterable[Check], limit: int = 4) -> str:
        """The strongest checks' reasons as one line in a language (English where untold)."""
        best = ranked(checks, limit)
        if not best:
            return self.text(lang, "checks.none")
        glue = self.text(lang, "checks.join_semi")
        return glue.join(self.check(lang, c.reasons, c.join, c.detail) for c in best)

    def check(self, lang: str, reasons: tuple[Reason, ...], join: Joiner, detail: str) -> str:
        """One check's sentence in a language; a check with no reasons keeps its detail."""
        if not reasons:
            return detail
        table = self._catalogues.get(lang) or self._catalogues[FALLBACK]
        shown = tuple(_isolated_params(r) for r in reasons)
        return render(shown, join, lambda key: table.get(f"checks.{key}"))

    def keys(self, lang: str) -> frozenset[str]:
        """All keys a language defines."""
        return frozenset(self._catalogues.get(lang, {}))

    def placeholders(self, lang: str, key: str) -> frozenset[str]:
        """Names of the placeholders in one text."""
        template = self._catalogues[lang][key]
        return frozenset(f for _, f, _, _ in string.Formatter().parse(template) if f)


def _isolated_params(item: Reason) -> Reason:
    """A reason whose words from outside (a forwarded channel's title, a handle, a host) are
    set apart as `isolated`: they are said mid-sentence, among Steward's other reasons."""
    params = tuple(
        (
            name,
            isolated(value)
            if isinstance(value, str)
            else _isolated_params(value)
            if isinstance(value, Reason)
            else value,
        )
        for name, value in item.params
    )
    return Reason(item.key, params)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def load_catalog(default: str = FALLBACK) -> Catalog:
    """Load the shipped catalogues (cached: they never change while running).

    Each language is a folder of TOML files, one per feature (bot/locales/<lang>/<area>.toml),
    so features add texts without touching each other's files. A key defined twice is an error.
    """
    catalogues: dict[str, dict[str, str]] = {}
    root = resources.files("bot") / "locales"
    for lang in SUPPORTED_LANGUAGES:
        merged: dict[str, str] = {}
        files = sorted(
            (f for f in (root / lang).iterdir() if f.name.endswith(".toml")), key=lambda f: f.name
        )
        for file in files:
            with file.open("rb") as fh:
                texts = _flatten(tomllib.load(fh))
            clash = merged.keys() & texts.keys()
            if clash:
                raise ValueError(f"{lang}/{file.name} redefines {sorted(clash)[0]!r}")
            merged.update(texts)
        catalogues[lang] = merged
    # The reasons checks give are written once, in English, beside the policies that give them.
    catalogues[FALLBACK].update({f"checks.{key}": text for key, text in ENGLISH.items()})
    return Catalog(catalogues, default)


def stored_check_text(texts: Catalog, lang: str, stored: Mapping[str, Any]) -> str:
    """A check as the event log keeps it, in a language: from its reasons where it has them
    (events recorded before reasons were kept show their English detail)."""
    detail = str(stored.get("detail", ""))
    raw = stored.get("reasons")
    if not isinstance(raw, list) or not raw:
        return detail
    reasons = tuple(r for r in (from_mapping(x) for x in raw if isinstance(x, Mapping)) if r)
    if len(reasons) != len(raw):
        return detail
    join = stored.get("join")
    return texts.check(lang, reasons, join if join in ("semi", "list", "and") else "semi", detail)


# A reason stored as a catalogue text (its key and values), so /log and /why show it in the
# reader's language; any other reason is shown as it was written.
_KEYED = "\x1e"


def keyed_reason(key: str, /, **values: str | int) -> str:
    """A fixed reason ("reported by 3 members") for an event, to be read in any language."""
    return _KEYED + json.dumps([key, values], ensure_ascii=False, separators=(",", ":"))


def keyed_parts(reason: str) -> tuple[str, dict[str, Any]] | None:
    """A keyed reason's catalogue key and values; None for a reason stored as written."""
    if not reason.startswith(_KEYED):
        return None
    try:
        key, values = json.loads(reason[1:])
        return str(key), dict(values)
    except (ValueError, TypeError):
        return None


def reason_text(texts: Catalog, lang: str, reason: str) -> str:
    """An event's stored reason in a language (a keyed one rendered; others as written)."""
    if not reason.startswith(_KEYED):
        return reason
    parts = keyed_parts(reason)
    try:
        if parts is None:
            raise ValueError(reason)
        return texts.text(lang, parts[0], **parts[1])
    except (ValueError, TypeError, KeyError):
        return reason[1:]
