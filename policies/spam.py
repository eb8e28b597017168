"""The ad-spam policy: named evidence about one message, combined into a spam finding.

Every check is a small function of the facts that returns a `Check` (name, reasons, score) or
None. Scores are evidence on one scale; the classifier adds or subtracts; a newcomer's positive
evidence counts extra. The sum becomes a probability-like spam score, and the chat's thresholds
turn it into a level (hit, borderline, clear); the combiner (policies/combine.py) decides what is
done about it. Trusted and approved members are exempt from this policy (not from the others).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Protocol

from policies.chatpolicy import ChatPolicy
from policies.domains import TELEGRAM_HOSTS, is_allowed, is_well_known, posing_as
from policies.explain import reason
from policies.facts import Check, Finding, Level, MessageFacts, check
from policies.firstchar import compile_alternation
from policies.flood import FloodFacts
from policies.gates import gated_categories
from policies.language import model_may_read
from policies.lexicon import matching, speaks
from policies.text import (
    Extracted,
    caps_ratio,
    domain_of,
    emoji_count,
    extract,
    invite_keys,
    normalise,
    telegram_handles,
    text_units,
    upper_count,
    without_links,
)
from policies.textfacts import TextFacts
from policies.values import NOTHING

# An amount of money: a currency sign before a digit, or a digit before a currency (the plain
# form, `[$€£₽¥₴]\s?\d|\d\s?(?:usd|...)`, starts with a choice, so `re` would try it at every
# character; this starts with one class, which it scans for, and the look-behind says which of
# the two the amount began with; tests check it against the plain form).
_MONEY_AT = re.compile(
    r"[$€£₽¥₴\d](?:(?<=[$€£₽¥₴])\s?\d"
    r"|(?<=\d)\s?(?:usd|usdt|\$|€|£|₽|₴|руб\w*|грн\w*|元|块|万|k\b))"
)
NEWCOMER_BOOST = 1.35
# Where the combined evidence crosses from "probably fine" to "probably an ad".
EVIDENCE_MIDPOINT = 1.0
EVIDENCE_SLOPE = 1.8
# How far the classifier alone can move the evidence (±2.5 at its most certain).
CLASSIFIER_WEIGHT = 5.0
# At least this much evidence must come from content checks before anything is done.
MIN_INDEPENDENT = 0.5
_AMPLIFIERS = frozenset({"classifier", "newcomer"})
# ...unless the model is this sure about a message at least this long. Below about ten words
# its confidence is cheap: "нужна консультация по пенсионному фонду" from a newcomer reads 0.81,
# and on the corpus left out by source the short alphabetic texts it condemned alone were as
# often ham as spam (60 letters kept every Russian and English spam 80 did, and 4 of 5 ham out).
SURE_P = 0.72
SURE_MIN_CHARS = 60  # letters of an alphabetic text
# Chinese packs a word into a character or two: 15 characters (45 text units) say as much, and
# the left-out corpus showed no such excess of short ham condemned alone there.
SURE_MIN_UNITS_HAN = 45
# The model reads a text of 32 text units or more (about six words, or eleven Chinese characters).
MODEL_MIN_UNITS = 32


class SpamModel(Protocol):
    """What evaluate needs from a classifier: a score for normalised text."""

    def score(self, text: str) -> float:
        """Spam probability of a normalised text."""
        ...


@dataclass(slots=True)
class Context:
    """Everything a check may look at, computed once per message."""

    facts: MessageFacts
    policy: ChatPolicy
    now: datetime
    norm: str
    found: Extracted
    newcomer: bool
    gates: frozenset[str]
    disguised: int = 0
    # The ad categories whose wording check_stop_phrases found (it runs first).
    phrases: tuple[str, ...] = ()
    # Whether the text is a member's sale of their own thing (personal_sale), once asked.
    own_sale: bool | None = None
    # Whether the text is a member speaking to another member (talks_to_member), once asked.
    to_member: bool | None = None
    # Whether a request to talk in private was said to a member and so not counted against it.
    private_talk: bool = False


def check_stop_phrases(ctx: Context) -> Check | None:
    """Phrases typical of ads, by category, in several languages."""
    if not ctx.norm:
        return None
    hits = list(matching(ctx.norm, ctx.gates))
    if hits and (ctx.facts.chat_title or ctx.facts.chat_topics):
        # What the group is about (its title says so, or its members talk of it) is no ad there.
        topic = ctx.facts.chat_topics
        if ctx.facts.chat_title:
            topic = topic | title_topic(ctx.facts.chat_title)
        hits = [c for c in hits if c not in topic]
    if "contact" in hits and personal_sale(ctx):
        hits.remove("contact")  # "selling my boots, DM me": how members trade
    elif hits == ["contact"] and talks_to_member(ctx):
        # "@bob write me in private": how members talk. Only where it is the text's sole ad
        # wording: "earn $300 a day, dm me" said in reply is an ad all the same.
        hits.remove("contact")
        ctx.private_talk = True
    if not hits:
        return None
    ctx.phrases = tuple(hits)
    score = sum(_KIND_WEIGHTS.get(c, 1.1) for c in hits)
    return check("stop_phrases", min(score, 3.0), reason("ad_wording", categories=tuple(hits)))


@lru_cache(maxsize=4096)
def title_topic(title: str) -> frozenset[str]:
    """The ad categories a group's own title speaks of: its topic, not an ad, in that group."""
    norm = normalise(title)
    return frozenset(matching(norm, gated_categories(norm)))


@lru_cache(maxsize=4096)
def title_domains(title: str) -> frozenset[str]:
    """Sites a group is named after ("Crypto.com"): the group's own, read as messages' links
    are read."""
    return frozenset(extract(title, normalise(title), messengers=False).domains) or NOTHING


_INVITE_CODE = re.compile(r"(?:t(?:elegram)?\.(?:me|dog)/(?:\+|joinchat/))([\w-]+)", re.IGNORECASE)


def own_handles(facts: MessageFacts, policy: ChatPolicy) -> frozenset[str]:
    """The handles and invite codes a group allows: its allow list and its own @username."""
    own = facts.chat_username.lower() if facts.chat_username else None
    return policy.allow_handles | {own} if own else policy.allow_handles


def invite_codes(urls: Iterable[str]) -> list[str]:
    """The invite codes of a text's invite links, as written, each invite once (one written
    twice, `t.me/+Code` and `https://t.me/+Code`, is one: see invite_keys)."""
    codes: dict[str, str] = {}
    for url in urls:
        for code in _INVITE_CODE.findall(url):
            codes.setdefault(code.lower(), code)
    return list(codes.values())


def is_allowed_invite(code: str, allowed: frozenset[str]) -> bool:
    """Whether an invite code is one the group allows (`/allow link t.me/+code`)."""
    return f"+{code.lower()}" in allowed or code.lower() in allowed


def _external(ctx: Context, found: Extracted | None = None) -> list[str]:
    allow = ctx.policy.allow_domains
    own = title_domains(ctx.facts.chat_title) if ctx.facts.chat_title else NOTHING
    domains = (found or ctx.found).domains
    return [d for d in domains if not is_allowed(d, allow | own)]


def _less(items: tuple[str, ...], taken: list[str]) -> tuple[str, ...]:
    """`items` with one occurrence of each of `taken` left out."""
    left = list(items)
    for item in taken:
        if item in left:
            left.remove(item)
    return tuple(left)


def _without_buttons(found: Extracted) -> Extracted:
    """The links of a message's own text (and of its hidden links), without those only its
    inline buttons hold."""
    on_buttons = frozenset(found.behind_buttons)
    urls = tuple(u for u in found.urls if u not in on_buttons)
    return replace(
        found,
        urls=urls,
        domains=tuple(dict.fromkeys(domain_of(u) for u in urls)),
        # Less the invites only its buttons hold (one the text holds too stays counted).
        invite_links=max(0, found.invite_links - _only_on_buttons(found, urls)),
        telegram_links=_less(found.telegram_links, telegram_handles(found.behind_buttons)),
        behind_buttons=(),
    )


def _only_on_buttons(found: Extracted, urls: tuple[str, ...]) -> int:
    """How many of a message's invites only its inline buttons hold (not its text's `urls`)."""
    theirs = {key for url in found.behind_buttons for key in invite_keys(url)}
    return len(theirs.difference(key for url in urls for key in invite_keys(url)))


def check_links(ctx: Context) -> Check | None:
    """Links to other sites and invite links to other Telegram chats.

    A link only an inline button holds is weighed by the button check (which counts every link
    button): weighed here too, one link would count twice ("Watch on YouTube" under a
    member's video, from an inline bot, would read as two signs of an ad)."""
    found = ctx.found
    if not found.urls and not found.invite_links:
        return None  # no link and no invite: nothing for this check to weigh
    if found.behind_buttons:
        found = _without_buttons(found)
    allowed = own_handles(ctx.facts, ctx.policy)
    invites = found.invite_links
    if invites and allowed:
        # The group's own invite, allowed with /allow link, is no invite elsewhere.
        own = sum(1 for code in invite_codes(found.urls) if is_allowed_invite(code, allowed))
        invites = max(0, invites - own)
    tg = [h for h in found.telegram_links if h not in allowed]
    external = [d for d in _external(ctx, found) if d not in TELEGRAM_HOSTS]
    if not invites and not tg and not external:
        return None
    parts = []
    score = 0.0
    if invites:
        parts.append(reason("invites", count=invites))
        score += 1.2 + 0.3 * (invites - 1)
    if tg:
        parts.append(reason("tg_link", handle=tg[0]))
        score += 0.8
    risky = [d for d in external if not is_well_known(d)]
    if risky:
        parts.append(reason("risky_links", count=len(risky), host=risky[0]))
        score += 0.5 + 0.25 * (len(risky) - 1)
    elif external:
        parts.append(reason("well_known_link", host=external[0]))
        score += 0.15
    if ctx.newcomer and (invites or tg or risky):
        score += 0.3
    return check("links", min(score, 2.2), *parts)


def check_hidden_links(ctx: Context) -> Check | None:
    """A link dressed up as other words (a text link): ordinary members rarely bother, ads do it
    so that harmless-looking text carries them past readers and filters."""
    if not ctx.found.hidden:
        return None
    allow = ctx.policy.allow_domains
    hidden = [
        d
        for d in ctx.found.hidden
        if d in TELEGRAM_HOSTS or not (is_well_known(d) or is_allowed(d, allow))
    ]
    if not hidden:
        return None
    return check("hidden_link", 0.8, reason("hidden_link", host=hidden[0]))


def check_lookalike(ctx: Context) -> Check | None:
    """A link to a site posing as a bank, a payment service, an exchange or a carrier
    ("privat24-payout.site"): phishing, whoever sends it and whatever the text says."""
    allow = ctx.policy.allow_domains
    for host in (*ctx.found.domains, *ctx.found.hidden):
        if is_allowed(host, allow):
            continue
        brand = posing_as(host)
        if brand is not None:
            return check("lookalike", 1.4, reason("lookalike", brand=brand, host=host))
    return None


# A caption that only credits the bot a member used to fetch a video ("Downloaded via:
# @some_downloader_bot"): downloader bots write it under every file they send.
_CREDIT_LINE = compile_alternation(
    r"(?:(?:downloaded|saved|sent|uploaded|скачано|сохранено|загружено|下载)\s*)?"
    r"(?:via|with|using|by|через|с\s+помощью|来自|通过)\s*:?\s*@[a-z][a-z0-9_]{1,30}bot"
)


_COMMAND = re.compile(r"/[a-z][a-z0-9_]{0,31}(?:@[a-z0-9_]+bot)?(?:\s|$)")


def is_credit_line(norm: str) -> bool:
    """Whether a text is nothing but a bot's credit line."""
    return "@" in norm and _CREDIT_LINE.fullmatch(norm) is not None


def check_mentions(ctx: Context) -> Check | None:
    """@handles of accounts that are not members of this chat."""
    if not ctx.found.handles:
        return None
    if is_credit_line(ctx.norm) or _COMMAND.match(ctx.norm):
        # A bot's credit, or a command to a bot ("/tip 100 @member", "/ban @spammer"): the
        # handle is the command's argument, not someone to go and write to.
        return None
    allowed = own_handles(ctx.facts, ctx.policy)
    strangers = [
        h for h in ctx.found.handles if h not in ctx.facts.mentions_of_members and h not in allowed
    ]
    if not strangers:
        return None
    score = min(0.5 + 0.2 * (len(strangers) - 1), 1.0)
    return check("mentions", score, reason("mentions", handle=strangers[0]))


# Words for a private chat rather than a messenger's name, and a negation just before one.
_PRIVATE_WORDS = frozenset({"dm", "pm", "direct", "лс"})


def _only_private_chat(messengers: Iterable[str]) -> bool:
    """Whether every messenger word names a private chat here ("dm", "лс", "личку"), not an
    app's id to go elsewhere."""
    return all(m in _PRIVATE_WORDS or m.startswith("личк") for m in messengers)


@lru_cache(maxsize=8)
def _negated_before(word: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?:never|not|n't|не|никогда)\W+(?:[^\W\d_]+\W+){{0,5}}?{re.escape(word)}(?![^\W\d_])"
    )


def _denied(word: str, norm: str) -> bool:
    """Whether every mention of a private-chat word is negated ("I don't pm", "never DM")."""
    if word not in _PRIVATE_WORDS:
        return False
    mentions = len(re.findall(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", norm))
    return mentions > 0 and len(_negated_before(word).findall(norm)) >= mentions


def check_contacts(ctx: Context) -> Check | None:
    """Phone numbers, messenger ids and crypto wallets: ways to take the talk elsewhere."""
    found = ctx.found
    score = 0.0
    parts = []
    if found.crypto:
        score += 1.0
        parts.append(reason("crypto_wallet"))
    # A messenger word counts only where the contact gate opened (or a wa.me link): "signal" or
    # "direct" in ordinary talk is not a hand-off. Other policies read every messenger id.
    messengers = found.messengers if "contact" in ctx.gates or "wa.me" in ctx.norm else ()
    if (
        messengers
        and not found.phones
        and not found.handles
        and ("contact" in ctx.phrases or ctx.private_talk or personal_sale(ctx))
    ):
        # "Write me in DM" was counted as wording already: the messenger word is that same cue;
        # closing a member's own sale, it is how members trade (see _PERSONAL_SALE).
        messengers = ()
    elif messengers and not found.phones and not ctx.phrases and talks_to_member(ctx):
        # "@bob dm me": said to a member one talks with, how members talk (talks_to_member, which
        # also holds that every messenger word names a private chat here).
        messengers = ()
        ctx.private_talk = True
    if messengers and _PRIVATE_WORDS.intersection(messengers):
        # "I don't pm", "admins never DM first": a private chat said not to happen.
        messengers = tuple(m for m in messengers if not _denied(m, ctx.norm))
    if messengers:
        score += 0.5
        parts.append(reason("messenger", name=messengers[0]))
    if found.phones:
        # Couriers, shops and friends share numbers too: a number alone never removes a message.
        score += 0.45 if ctx.newcomer else 0.3
        parts.append(reason("phone"))
    if ctx.facts.contact_card:
        score += 0.7 if ctx.newcomer else 0.3
        parts.append(reason("contact_card"))
    return check("contacts", min(score, 1.8), *parts, join="list") if parts else None


def check_forward(ctx: Context) -> Check | None:
    """Forwarded from a channel: the classic way ads travel."""
    forward = ctx.facts.forward
    if forward is None or forward.kind not in ("channel", "chat"):
        return None
    where = forward.title or forward.username
    said = reason("forwarded", source=where) if where else reason("forwarded_channel")
    return check("forwarded", 0.7 if ctx.newcomer else 0.4, said)


def check_media(ctx: Context) -> Check | None:
    """A picture or video whose caption is only a hook (short, with a link or a handle)."""
    facts = ctx.facts
    if facts.media_type is None or not facts.has_caption:
        return None
    hooks = ctx.found.urls or ctx.found.handles or ctx.found.invite_links
    if hooks and len(ctx.norm) < 120 and not is_credit_line(ctx.norm):
        return check("media_hook", 0.6, reason("media_hook", media=facts.media_type))
    return None


def check_buttons(ctx: Context) -> Check | None:
    """Inline buttons with links, which only bots and inline ads attach."""
    linked = [b for b in ctx.facts.buttons if b.url]
    if not linked:
        return None
    return check("buttons", 1.2, reason("buttons", count=len(linked)))


# From this many disguised words on, the text was dressed to pass filters: the model's opinion
# that it reads like ordinary news or a joke is what the disguise was made for, so it is not
# heard in the text's defence.
HEAVY_DISGUISE = 5
DISGUISE_SILENCES_MODEL = 3
# Wording of this many different kinds of ad (a job and a "write me", crypto and a giveaway) is
# not cancelled by the model's doubt either: trained mostly on the project's own seeds, it reads
# an ad phrased unlike them as chat ("could share my crypto course for a thank-you": 0.36), and
# its doubt would outweigh two independent findings. It can still speak for a one-kind text.
KINDS_SILENCE_MODEL = 2
# A stranger's call to the whole group to sign up, book or donate through a link is one kind that
# stands alone: the model's "ordinary chat" for it is its ham of booking and event dialogues, the
# very register such a pitch borrows, and no member's message in the real exports or the ham
# corpus says it. Nor does any member's message tell of easy profit made through a named
# person or platform ("made $7,300 after investing $450 with her team", "вложил 3000, вывел
# 27000", "跟着老师投资，五天提现2万"): a fake testimonial is an ad by itself too (its
# wording matched 15 ads and none of 44,000 ham messages of the corpus, nor any export message).
STANDS_ALONE = frozenset({"broadcast", "testimonial"})
# What each kind of ad wording weighs (1.1 when not named); a kind that stands alone weighs
# enough by itself to reach the default threshold.
_KIND_WEIGHTS = {
    "urgency": 0.4,
    "crypto": 0.8,
    "contact": 0.8,
    "job": 0.9,
    **dict.fromkeys(STANDS_ALONE, 1.5),
}


def check_disguise(ctx: Context) -> Check | None:
    """Words written with look-alike letters of another alphabet ("пapтнep", "Пᴏсле"): nobody
    types that way; ads do it to get past filters. Two such words are a strong hint, three or
    more settle it on their own."""
    n = ctx.disguised
    if n < 2:
        return None
    score = 0.9 if n == 2 else (1.6 if n < HEAVY_DISGUISE else 2.0)
    return check("disguise", score, reason("disguised_words", count=n))


def check_shouting(ctx: Context) -> Check | None:
    """Emoji walls and capital letters, the typography of ads."""
    text = ctx.facts.text
    emoji = emoji_count(text)
    # Shouting needs at least 8 capitals (over 0.6 of 12 or more letters): count those first.
    caps = 0.0
    if upper_count(text) >= 8:
        # A link's letters are nobody's shouting ("%D0%B4", a case-sensitive invite code).
        words = without_links(text) if ctx.found.urls else text
        caps = caps_ratio(words)
    parts = []
    score = 0.0
    if emoji >= 5 and emoji / max(1, len(text)) > 0.06:
        parts.append(reason("emoji", count=emoji))
        score += 0.4
    if caps > 0.6:
        parts.append(reason("caps", percent=int(caps * 100)))
        score += 0.4
    return check("shouting", score, *parts, join="and") if parts else None


def check_money(ctx: Context) -> Check | None:
    """Amounts of money, weighed more in a newcomer's first messages."""
    if not _MONEY_AT.search(ctx.norm):
        return None
    return check("money", 0.4 if ctx.newcomer else 0.2, reason("money"))


_WARNING = compile_alternation(
    r"\bbeware\b|watch\s+out|be\s+careful|careful\s+guys|(?:don'?t|do\s+not)\s+fall\s+for|"
    r"never\s+(?:\w+\s+){0,4}?(?:dm|pm|message|write|contact)\w*(?:\W+\w+){0,5}?\W+first|"
    r"\b(?:dm|pm|message|write)\w*\s+(?:you\s+)?first\b|"
    r"(?:никогда\s+не\s+)?пишут\s+первыми|"
    r"\bscam(?:mer)?s?\b|pretending\s+to\s+be|impersonat\w+|"
    r"осторожн\w*|мошенни\w*|не\s+ведитесь|не\s+верьте|не\s+переводите|кидал\w*|"
    r"小心|骗子|被骗|别信|不要相信|别上当|诈骗|冒充|千万别"
)
_NOT_A_SCAM = compile_alternation(
    r"(?:not|no|never|zero)\s+(?:a\s+)?scam|100%\s+legit|не\s+(?:скам|развод)|без\s+обмана|"
    r"не\s+мошенни|不是骗子|绝不骗|没有套路"
)


def speaks_of_scams(norm: str) -> bool:
    """Whether a text warns about scams (and does not vouch it is none)."""
    return _WARNING.search(norm) is not None and _NOT_A_SCAM.search(norm) is None


def check_warning(ctx: Context) -> Check | None:
    """A member warning others about scams quotes the scam's words; with no link, handle, phone
    or wallet of its own, that is a warning, not an ad (recovery scams, which promise money back
    from scammers, are caught as phishing and keep their contact details). The group's own site
    named in it ("only trust crypto.com") is no link of its own."""
    found = ctx.found
    if found.handles or found.phones or found.crypto or found.invite_links:
        return None
    if found.telegram_links or _external(ctx):
        return None
    if ctx.facts.buttons or ctx.facts.forward is not None:
        return None
    if not speaks_of_scams(ctx.norm):
        return None
    if speaks(ctx.norm, ctx.gates, "phishing") or "testimonial" in ctx.phrases:
        return None  # "I was scammed before, then my mentor doubled my money": a pitch
    return check("warning", -1.6, reason("warning"))


_ASKS = ("?", "？")


# A member selling their own thing, or a spare ticket, in a resale group: "selling my boots,
# worn twice", "продаю свою куртку", "自己穿过的鞋，九成新", "原价转". The "DM me" closing such a
# sale is how members trade, not an ad pushing people elsewhere; taking the sale private is the
# poaching policy's business (`private_price`), which warns rather than removes.
_PERSONAL_SALE = compile_alternation(
    r"\b(?:selling|sell|wts)\s+(?:my|our|a|an|one|this|these|the|two|2)\b|\b(?:worn|used)\s+(?:once|twice|\d+\s+times|"
    r"a\s+few\s+times|only\s+once|maybe)\b|\bbarely\s+(?:worn|used)\b|\blike\s+new\b|"
    r"\bspare\s+tickets?\b|"
    r"(?<![^\W\d_])(?:продаю|продам|отдам)(?![^\W\d_])|"
    r"(?<![^\W\d_])(?:надевал\w*|носил\w*|б/у)(?![^\W\d_])|"
    r"自己(?:穿|用)|原价转|穿过|用过|[九八七]成新|多(?:一|了一)?张\S{0,6}票|自用(?:的|过)|"
    r"个人闲置|闲置(?:转让|出|一[个件双只台])|卖(?:我|自己)的|出(?:闲置|一[个件双只台部套张])"
)
# ...unless the text offers more than the one thing: "more in my shop", "更多...加我".
_MORE_STOCK = compile_alternation(
    r"\bmore\s+(?:items|stuff|products|in\s+(?:my|our)\s+(?:shop|store|channel))\b|"
    r"(?<![^\W\d_])(?:ещё|еще|больше)\s+(?:товар|вещ|позиц|в\s+(?:моём|моем|нашем)\s+"
    r"(?:магазин|канал))\w*|更多|还有(?:很多|好多|更多)|大量(?:现货|出)"
)


def sells_own_thing(norm: str, found: Extracted) -> bool:
    """A member's sale of their own thing, sending nobody to a link, invite or wallet."""
    return (
        not (found.urls or found.invite_links or found.crypto)
        and _PERSONAL_SALE.search(norm) is not None
        and _MORE_STOCK.search(norm) is None
    )


def personal_sale(ctx: Context) -> bool:
    """`sells_own_thing` for the message judged (three checks ask; the text is read once)."""
    if ctx.own_sale is None:
        ctx.own_sale = sells_own_thing(ctx.norm, ctx.found)
    return ctx.own_sale


def check_personal_sale(ctx: Context) -> Check | None:
    """Speaks for a member selling their own thing (see _PERSONAL_SALE)."""
    if not personal_sale(ctx):
        return None
    return check("personal_sale", -0.6, reason("personal_sale"))


def talks_to_member(ctx: Context) -> bool:
    """A member past their first messages speaking to another member (a reply to their message,
    or an @mention of a member here), sending nobody to a link, invite, phone, wallet or a
    stranger's handle: "@bob write me in private, I'll tell you where I got them" is two
    members taking their talk private. A newcomer's first "write me" to a member is how
    spammers approach people one by one, and is judged as written; so is one holding a
    messenger id or a sum of money."""
    if ctx.to_member is None:
        facts = ctx.facts
        found = ctx.found
        addressed = bool(facts.mentions_of_members) or facts.reply_to_user_id not in (
            None,
            facts.user_id,
        )
        ctx.to_member = (
            addressed
            and facts.member.messages_seen >= ctx.policy.new_member_messages
            and not (found.urls or found.invite_links or found.phones or found.crypto)
            and all(h in facts.mentions_of_members for h in found.handles)
            # A WeChat or WhatsApp id is somewhere else to go; "dm" and "pm" are not.
            and _only_private_chat(found.messengers)
            # Nor is a sum of money part of two members' small talk about going private.
            and _MONEY_AT.search(ctx.norm) is None
        )
    return ctx.to_member


def check_to_member(ctx: Context) -> Check | None:
    """Speaks for a member asking another member to talk in private (see talks_to_member):
    only where that request was what spoke against the text, never for any reply at all."""
    if not ctx.private_talk:
        return None
    return check("to_member", -0.6, reason("to_member"))


def check_own_link(ctx: Context) -> Check | None:
    """Speaks for a text whose every link and handle is the group's own (its @username, an
    invite, handle or site it allows): "our channel t.me/<the group's>, subscribe" sends members
    to the group itself."""
    found = ctx.found
    if not (found.urls or found.handles) or found.phones or found.crypto or found.messengers:
        return None
    allowed = own_handles(ctx.facts, ctx.policy)
    if not allowed and not ctx.policy.allow_domains:
        return None
    if any(h not in allowed for h in (*found.handles, *found.telegram_links)):
        return None
    codes = invite_codes(found.urls)
    if len(codes) < found.invite_links or not all(is_allowed_invite(c, allowed) for c in codes):
        return None
    if any(d not in TELEGRAM_HOSTS for d in _external(ctx)):
        return None
    return check("own_link", -0.8, reason("own_link"))


def check_question(ctx: Context) -> Check | None:
    """A member asking something ends on a question mark; an ad ends on its call to act.
    With no link, invite, phone or wallet to send anyone to, a text that ends asking reads as
    a member's question ("is the sign-up bonus still on?"), which weighs a little against the
    other checks: a real ad that ends "Interested?" stays an ad. Of the corpus's spam, 25 of
    about 5,000 texts end so; of the real exports' wrong flags, 5 of 64."""
    if not ctx.facts.text.rstrip().endswith(_ASKS):
        return None
    found = ctx.found
    if found.urls or found.invite_links or found.phones or found.crypto:
        return None
    if ctx.facts.buttons:
        return None
    return check("question", -0.4, reason("question"))


CHECKS: tuple[Callable[[Context], Check | None], ...] = (
    check_stop_phrases,
    check_links,
    check_hidden_links,
    check_lookalike,
    check_mentions,
    check_contacts,
    check_forward,
    check_media,
    check_buttons,
    check_disguise,
    check_shouting,
    check_money,
)
# Checks that speak for a message: asked only when another check spoke against it.
EXONERATING: tuple[Callable[[Context], Check | None], ...] = (
    check_warning,
    check_question,
    check_personal_sale,
    check_to_member,
    check_own_link,
)


def is_newcomer(facts: MessageFacts, policy: ChatPolicy, now: datetime) -> bool:
    """A member's first messages and first day are judged more strictly."""
    member = facts.member
    if member.messages_seen < policy.new_member_messages:
        return True
    age = member.age(now)
    return age is not None and age.total_seconds() < policy.new_member_hours * 3600


def is_trusted(facts: MessageFacts, policy: ChatPolicy) -> Check | None:
    """Why a member is exempt from the spam checks (as a check that names it), or None."""
    member = facts.member
    if member.approved:
        why = reason("standing_approved")
    elif member.trusted:
        why = reason("standing_trusted")
    elif member.messages_seen >= policy.trust_after and member.warnings == 0:
        why = reason("standing_clean", count=member.messages_seen)
    else:
        return None
    return check("standing", 0.0, reason("standing", why=why))


def _spam_probability(evidence: float) -> float:
    return 1.0 / (1.0 + math.exp(-EVIDENCE_SLOPE * (evidence - EVIDENCE_MIDPOINT)))


def judge(
    facts: MessageFacts,
    text: TextFacts,
    policy: ChatPolicy,
    now: datetime,
    *,
    model: SpamModel | None = None,
    flood: FloodFacts | None = None,
) -> tuple[float, tuple[Check, ...], bool]:
    """The spam score, the checks that fired, and whether the author is a newcomer."""
    norm = text.norm
    newcomer = is_newcomer(facts, policy, now)
    checks: list[Check] = []
    if flood is not None:
        flood_check = _flood_check(flood)
        if flood_check is not None:
            checks.append(flood_check)
    if not norm and facts.media_type is None and not facts.buttons and not facts.contact_card:
        return 0.0, tuple(checks), newcomer
    ctx = Context(facts, policy, now, norm, text.found, newcomer, text.gates, text.disguised)
    for run in CHECKS:
        seen = run(ctx)
        if seen is not None:
            checks.append(seen)
    exonerated = bool(checks)
    if exonerated:
        for run in EXONERATING:
            seen = run(ctx)
            if seen is not None:
                checks.append(seen)
    evidence = sum(c.score for c in checks)
    # The model is asked only about a text long enough to read, with words outside its links: in
    # a short one ("wen binance ser") it mostly echoes the very word a check already found, the
    # same cue counted twice; on a bare link it reads nothing but a host name. Nor is it asked
    # when nothing spoke against a text too short for it to condemn alone (see _long_and_sure):
    # its word could change nothing. Most everyday chat ends here. The length is the author's
    # own text's: button words ("Open the catalogue") are read with a text long enough, and by
    # the checks, but never make a short one long enough for the model alone.
    lean = 0.0
    if (
        model is not None
        and _units_at_least(facts.text, MODEL_MIN_UNITS)
        and (any(c.score > 0 for c in checks) or _long_enough_alone(facts.text))
        and model_may_read(facts.text, norm)
    ):
        p = model.score(norm)
        lean = (p - 0.5) * CLASSIFIER_WEIGHT
        if lean < 0 and (
            text.disguised >= DISGUISE_SILENCES_MODEL
            or len(ctx.phrases) >= KINDS_SILENCE_MODEL
            or not STANDS_ALONE.isdisjoint(ctx.phrases)
        ):
            lean = 0.0
        if abs(lean) >= 0.3:
            key = "classifier_spam" if lean > 0 else "classifier_ham"
            checks.append(check("classifier", lean, reason(key, p=f"{p:.2f}")))
        evidence += lean
        if lean >= 0.3 and not exonerated:
            # The model alone spoke against a long text: what speaks for it is heard too.
            for run in EXONERATING:
                seen = run(ctx)
                if seen is not None:
                    checks.append(seen)
                    evidence += seen.score
    # Newness sharpens evidence that agrees with itself; one lone hint (a phrase the model does
    # not find ad-like, a single link) is not made worse by who wrote it.
    corroborated = lean >= 0.3 or sum(1 for c in checks if c.score > 0) >= 2
    if newcomer and evidence > 0 and corroborated:
        boost = evidence * (NEWCOMER_BOOST - 1.0)
        evidence += boost
        if any(c.score > 0 for c in checks):
            checks.append(check("newcomer", boost, reason("newcomer")))
    return _spam_probability(evidence), tuple(checks), newcomer


def _flood_check(seen: FloodFacts) -> Check | None:
    if seen.same_user_chats >= 2:
        return check("flood", 1.6, reason("flood_chats", count=seen.same_user_chats))
    if seen.same_text_users >= 3 and seen.same_text_chats >= 2:
        return check("flood", 1.2, reason("flood_accounts", count=seen.same_text_users))
    if seen.same_text_count >= 3:
        return check("flood", 1.0, reason("flood_repeats", count=seen.same_text_count))
    if seen.user_burst >= 8:
        return check("flood", 0.5, reason("flood_burst", count=seen.user_burst))
    return None


def find(
    facts: MessageFacts,
    text: TextFacts,
    policy: ChatPolicy,
    now: datetime,
    *,
    model: SpamModel | None = None,
    flood: FloodFacts | None = None,
) -> Finding:
    """The spam policy's finding about one message: score, level and the checks behind it."""
    standing = is_trusted(facts, policy)
    if standing is not None:
        return Finding("spam", 0.0, "clear", (standing,), exempt=True)
    score, checks, newcomer = judge(facts, text, policy, now, model=model, flood=flood)
    level: Level = (
        "hit"
        if score >= policy.threshold
        else ("borderline" if score >= policy.borderline else "clear")
    )
    if (
        level != "clear"
        and independent_evidence(checks) < MIN_INDEPENDENT
        and not _long_and_sure(checks, facts)
    ):
        # The classifier and a member's newness only amplify; alone they condemn only a long
        # message the model is very sure about (a short greeting never).
        level = "clear"
    if level != "clear" and not newcomer and _only_links(checks):
        # A member the group knows sharing a link (a paper, a hotel, a config snippet) is how
        # study, tech and travel groups talk: a link and the model's hunch are not an ad.
        level = "clear"
    if level != "clear" and not newcomer and _only_own_repeats(checks):
        # A member the group knows asking the same question again when nobody answered: their
        # own repeats (not across chats or accounts) and the model's hunch are not an ad.
        level = "clear"
    return Finding("spam", round(score, 4), level, checks)


_LINK_CHECKS = frozenset({"links", "hidden_link"})
_FLOOD_CHECKS = frozenset({"flood"})


def _only_own_repeats(checks: tuple[Check, ...]) -> bool:
    """Whether the only evidence is one author repeating a text in this chat."""
    repeats = any(
        c.name == "flood" and c.reasons and c.reasons[0].key == "flood_repeats" for c in checks
    )
    return repeats and _only_from(checks, _FLOOD_CHECKS)


def _only_links(checks: tuple[Check, ...]) -> bool:
    """Whether the only evidence from the message itself is its links."""
    return _only_from(checks, _LINK_CHECKS)


def _only_from(checks: tuple[Check, ...], names: frozenset[str]) -> bool:
    """Whether every check that spoke against the message is one of `names` or an amplifier."""
    return all(c.name in names or c.name in _AMPLIFIERS or c.score <= 0 for c in checks)


def _units_at_least(text: str, units: int) -> bool:
    """At least `units` text units (the plain length is a lower bound, and cheaper)."""
    return len(text) >= units or text_units(text) >= units


def _long_and_sure(checks: tuple[Check, ...], facts: MessageFacts) -> bool:
    """The model very sure about a long text, and nothing in the text speaking for it (a
    member's own sale, a question, a warning: the model's word alone does not overrule them)."""
    lean = next((c.score for c in checks if c.name == "classifier"), 0.0)
    if lean < (SURE_P - 0.5) * CLASSIFIER_WEIGHT or not _long_enough_alone(facts.text):
        return False
    return not any(c.score < 0 and c.name != "classifier" for c in checks)


def _long_enough_alone(text: str) -> bool:
    """Whether a text is long enough for the model's word alone to condemn it."""
    if len(text) >= SURE_MIN_CHARS:
        return True
    units = text_units(text)
    return units >= (SURE_MIN_UNITS_HAN if units > len(text) else SURE_MIN_CHARS)


def independent_evidence(checks: tuple[Check, ...]) -> float:
    """Evidence from checks that look at the message itself, not at the model or the member."""
    return sum(c.score for c in checks if c.name not in _AMPLIFIERS and c.score > 0)
