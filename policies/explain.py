"""Reasons as catalogue keys: a check names what it saw once; every reader gets their language.

A `Reason` is a key and its parameters. Policies build checks from reasons and keep an English
sentence beside them (logs, `steward classify`); alerts, `/why` and replay reports render the
same reasons in the reader's language from the bot's catalogues, which take their English texts
from `ENGLISH` here, so the sentence is written once.

Rendering rules, shared by the English rendering here and the catalogue rendering in the bot:
- a parameter holding a `Reason` is rendered first (nested reasons);
- a parameter holding a tuple of strings is a list of terms (`term_<code>` keys), joined;
- a key with a `_1` variant uses it when the reason's `count` is 1 (English plurals).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from policies.values import immutable

if TYPE_CHECKING:
    from policies.facts import Check

Joiner = Literal["semi", "list", "and"]


@immutable
class Reason:
    """One thing a check saw: a catalogue key (under `checks.`) and its parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def values(self) -> dict[str, object]:
        """The parameters as a mapping."""
        return dict(self.params)


def reason(key: str, /, **params: object) -> Reason:
    """A reason with keyword parameters (kept in a stable order)."""
    return Reason(key, tuple(sorted(params.items())))


# The English texts of every reason and term; the bot's catalogues load these as `checks.*`.
ENGLISH: dict[str, str] = {
    # ad spam
    "ad_wording": "ad wording: {categories}",
    "invites": "{count} invite links to another chat",
    "invites_1": "1 invite link to another chat",
    "tg_link": "link to Telegram account or channel {handle}",
    "risky_links": "{count} links ({host})",
    "risky_links_1": "1 link ({host})",
    "well_known_link": "link to a well-known site ({host})",
    "hidden_link": "a link hidden behind other words ({host})",
    "lookalike": "a link posing as {brand} ({host})",
    "disguised_words": (
        "{count} words written with look-alike letters of another alphabet or sprinkled accents"
    ),
    "mentions": "mentions @{handle}, not a member here",
    "crypto_wallet": "crypto wallet address",
    "messenger": "messenger contact ({name})",
    "phone": "phone number",
    "contact_card": "contact card",
    "forwarded": "forwarded from {source}",
    "forwarded_channel": "forwarded from a channel",
    "media_hook": "{media} with a short caption and a link",
    "buttons": "{count} link buttons",
    "buttons_1": "1 link button",
    "emoji": "{count} emoji",
    "caps": "{percent}% capital letters",
    "money": "mentions sums of money",
    "warning": "speaks of scams as a warning, with no contact of its own",
    "question": "ends asking a question, with no link or contact to send anyone to",
    "personal_sale": "a member selling their own thing, with no link to send anyone to",
    "to_member": "a member speaking to another member, with no link or stranger's contact",
    "own_link": "points only to the group's own channel, invite or site",
    "flood_chats": "same text posted in {count} chats",
    "flood_accounts": "{count} accounts posted the same text",
    "flood_repeats": "same text {count} times within minutes",
    "flood_burst": "{count} messages in 30 seconds",
    "classifier_spam": "reads like known ads ({p})",
    "classifier_ham": "reads like ordinary chat ({p})",
    "newcomer": "first messages of a new member",
    "standing": "skipped content checks: {why}",
    "standing_approved": "approved by a moderator",
    "standing_trusted": "trusted member",
    "standing_clean": "{count} clean messages",
    "none": "no reason",
    # poaching
    "competitor": "names a listed competitor ({name})",
    "other_chat": "points to another chat ({link})",
    "fake_handle": "an @handle written with look-alike letters (@{handle})",
    "contact": "hands over a contact ({contact})",
    "shop_link": "links to another shop ({host})",
    "profile_pointer": "points to their profile for contacts",
    "forwarded_shop": "forwarded from another channel ({source})",
    "handoff": "asks to continue in private",
    "join_mine": "invites members to their own group or shop",
    "cheaper": "offers it cheaper elsewhere",
    "newcomer_contact": "pushes a contact in their first messages",
    "reach": "approached {count} different members",
    "same_contact": "{count} accounts pushed the same contact",
    "rival": "rival: {name}",
    "rival_asked_about": "only names a listed competitor, sending nobody there",
    # delivery complaints
    "complaint": "complains about {topics}",
    "order_context": "about an order or its delivery",
    "me_too": "joins another member's complaint",
    "praise": "praises the delivery or thanks",
    "anger": "angry",
    "severity": "severity: {level}",
    # calm mode
    "calm_forward": "a forward while calm mode is on (text only)",
    "calm_link": "a link ({domain}) while calm mode is on (text only)",
    # the herd detector
    "herd_complainers": "{count} members complained in the last half hour (usually {baseline})",
    "herd_contagion": "{count} members joined others' complaints",
    "herd_new_members": "{count} of the {of} complainers joined in the last day",
    "herd_one_account": "one account wrote {count} of the {of} complaints",
    "self_promo": "promotes their own channel or page",
    "private_price": "takes a sale to a private chat",
    "name_pointer": "their name carries a contact ({contact})",
    "ends_with_contact": "ends on where to write or go",
    "group_number": "gives a group number to join ({number})",
    "private_offer": "offers money, work or deals in private",
    # joiners between the parts of one check
    "join_semi": "; ",
    "join_list": ", ",
    "join_and": " and ",
    # terms: ad categories
    "term_earnings": "easy-money promise",
    "term_job": "too-good-to-be-true job offer",
    "term_crypto": "crypto or investment pitch",
    "term_gambling": "gambling or betting ad",
    "term_adult": "adult or dating lure",
    "term_giveaway": "fake prize or giveaway",
    "term_phishing": "account or payment scam",
    "term_loan": "loan or debt offer",
    "term_promo": "selling followers, accounts or documents",
    "term_contact": "pushes people to write elsewhere",
    "term_sms": "text-message spam wording",
    "term_testimonial": "fake testimonial of easy profit",
    "term_clickbait": "sensational clickbait",
    "term_offer": "a sales pitch made to the whole group",
    "term_broadcast": "a stranger's call to the whole group to sign up or follow a link",
    "term_hacking": "hacking or spying for hire",
    "term_drugs": "selling drugs or recruiting their couriers",
    "term_cheats": "selling game cheats, accounts or boosting",
    "term_apology": "an ad apologising in advance to the admins",
    "term_urgency": "pressure to act now",
    "term_health": "miracle cure or diet pill",
    # terms: complaint topics
    "term_late": "a late or missing delivery",
    "term_missing": "a lost parcel or missing items",
    "term_damaged": "damage",
    "term_wrong_item": "a wrong item",
    "term_refund": "a refund",
    "term_quality": "poor quality",
    "term_service": "unanswered service",
}

Lookup = Callable[[str], "str | None"]


def render(reasons: tuple[Reason, ...], join: Joiner, lookup: Lookup) -> str:
    """Reasons as one sentence, with texts from `lookup` (a key without `checks.`)."""
    glue = lookup(f"join_{join}") or ENGLISH[f"join_{join}"]
    return glue.join(render_one(r, lookup) for r in reasons)


def render_one(item: Reason, lookup: Lookup) -> str:
    """One reason in the language `lookup` speaks (falling back to English)."""
    values: dict[str, object] = {}
    for name, value in item.params:
        if isinstance(value, Reason):
            values[name] = render_one(value, lookup)
        elif isinstance(value, tuple):
            glue = lookup("join_list") or ENGLISH["join_list"]
            values[name] = glue.join(_term(str(v), lookup) for v in value)
        else:
            values[name] = value
    key = item.key
    if values.get("count") == 1 and f"{key}_1" in ENGLISH:
        key = f"{key}_1"
    template = lookup(key) or ENGLISH.get(key) or key
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return ENGLISH.get(key, key).format(**values)


def _term(code: str, lookup: Lookup) -> str:
    return lookup(f"term_{code}") or ENGLISH.get(f"term_{code}", code)


def english(reasons: tuple[Reason, ...], join: Joiner = "semi") -> str:
    """The English sentence of a check's reasons."""
    return render(reasons, join, ENGLISH.get)


def from_mapping(data: Mapping[str, object]) -> Reason | None:
    """A reason read back from its JSON form (`{"key": ..., "params": {...}}`), or None."""
    key = data.get("key")
    params = data.get("params")
    if not isinstance(key, str) or not isinstance(params, Mapping):
        return None
    values: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, Mapping):
            nested = from_mapping(value)
            if nested is None:
                return None
            values[str(name)] = nested
        elif isinstance(value, list):
            values[str(name)] = tuple(str(v) for v in value)
        elif isinstance(value, (str, int, float)):
            values[str(name)] = value
        else:
            return None
    return reason(key, **values)


def to_mapping(item: Reason) -> dict[str, object]:
    """A reason in JSON form, for events and reports."""
    params: dict[str, object] = {}
    for name, value in item.params:
        if isinstance(value, Reason):
            params[name] = to_mapping(value)
        elif isinstance(value, tuple):
            params[name] = list(value)
        else:
            params[name] = value
    return {"key": item.key, "params": params}


def checks_json(checks: Sequence[Check]) -> list[dict[str, Any]]:
    """Checks as the event log keeps them: name, English detail, score and the reasons."""
    return [
        {
            "name": c.name,
            "detail": c.detail,
            "score": round(c.score, 3),
            "reasons": [to_mapping(r) for r in c.reasons],
            "join": c.join,
        }
        for c in checks
    ]
