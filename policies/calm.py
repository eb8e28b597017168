"""Calm mode's rule for messages: text only, no links and no forwards, while the owner has it on.

Telegram's permissions take away media, polls and stickers (bot/herd.py sets them), but cannot
take away links or forwards; this rule names a message that carries one, so the caller removes
it. Links to the chat's own allowed domains stay. Pure: the caller says whether calm mode is on
and whether the author is an admin (admins are never held to it).
"""

from __future__ import annotations

from policies.chatpolicy import ChatPolicy
from policies.domains import is_allowed
from policies.explain import reason
from policies.facts import Check, MessageFacts, check
from policies.textfacts import TextFacts


def breaks_calm(facts: MessageFacts, text: TextFacts, policy: ChatPolicy) -> Check | None:
    """Why a message breaks calm mode (a check naming it), or None when it keeps to it."""
    if facts.forward is not None:
        return check("calm_forward", 1.0, reason("calm_forward"))
    domains = [d for d in text.found.domains if not is_allowed(d, policy.allow_domains)]
    if domains or text.found.invite_links or text.found.telegram_links:
        shown = domains[0] if domains else "t.me"
        return check("calm_link", 1.0, reason("calm_link", domain=shown))
    return None
