"""The poaching policy: a rival pulling members away to another group, shop or private chat.

Reads the same text facts as spam (`policies/textfacts.py`) and gives its own finding, label
"poaching". Evidence comes from three places:

- the chat's **competitor list** (`policies/competitors.py`), matched in disguise;
- **generic signals** with no list: links to other chats, contacts handed over (phones, messenger
  ids, @handles of non-members, "see my profile"), "DM me" and its kin, "cheaper elsewhere",
  "join my group", forwards from other channels, a fake copy of the group's own handle;
- **campaigns** across messages (`policies/tally.py`): one account approaching many members, or
  several accounts pushing one contact.

A message needs a *target* (somewhere to go: a contact, link, listed name or profile pointer) to
be more than borderline, so two friends agreeing to "talk in private" are left alone. The rival
(the listed name or the contact pushed) is named in a `rival` check, which the owner's alert and
its "add to competitors" button read. Approved and trusted members are exempt; the group's own
links and handles (`allow_domains`, `allow_handles`, the group's username) never count.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from functools import lru_cache

from policies.chatpolicy import ChatPolicy
from policies.competitors import NAMED_BY_PATH, NONE, Competitors, squash, squash_lookalikes
from policies.domains import TELEGRAM_HOSTS, is_allowed, is_well_known
from policies.explain import reason
from policies.facts import Check, Finding, Level, MessageFacts, check
from policies.lexicon import speaks
from policies.poachwords import (
    ANY_PATTERN_CUED,
    BUYER_ASKS_PRICE,
    CHEAPER,
    CHEAPER_CUED,
    ENDS_WITH_CONTACT,
    GROUP_NUMBER,
    GROUP_NUMBER_CUED,
    HANDOFF,
    HANDOFF_CUED,
    JOIN,
    JOIN_CUED,
    MESSENGER_ID,
    MESSENGER_ID_CUED,
    MY_CHANNEL,
    MY_CHANNEL_CUED,
    NAME_HANDLE,
    NAME_LINK,
    NAME_PHONE,
    NEGATED,
    NOT_CONTACTS,
    PRICE_TALK,
    PROFILE,
    PROFILE_CUED,
    RECOMMEND,
    SELF_PROMO,
    SELF_PROMO_CUED,
    ZH_CONTACT,
    ZH_CONTACT_CUED,
    ZH_SIGNATURE,
    cues_in,
)
from policies.spam import (
    invite_codes,
    is_allowed_invite,
    own_handles,
    sells_own_thing,
    speaks_of_scams,
    title_domains,
)
from policies.tally import Tally
from policies.text import normalise
from policies.textfacts import TextFacts

LABEL = "poaching"
# Campaign windows (store kinds): members one account approached, accounts pushing one contact.
REACH_KIND = "poach_reach"
CONTACT_KIND = "poach_contact"
KINDS = (REACH_KIND, CONTACT_KIND)
CAMPAIGN_WINDOW = timedelta(hours=6)
# Evidence -> score: 1.5 is even odds; a hit (0.70) needs about 1.8.
MIDPOINT = 1.5
SLOPE = 3.0
# Checks only a rival's message has: with one of them a poaching hit leads over a spam hit.
# (Many accounts pushing one contact is also how ad floods look, so it is not one of them.)
HALLMARKS = frozenset(
    {
        "competitor",
        "cheaper",
        "fake_handle",
        "profile",
        "campaign_reach",
        "self_promo",
        "group_number",
        "join",
        "name_pointer",
    }
)
# Ad categories (policies/gates.py) whose offers are made in private: with a hand-off or a contact
# they are how recruiters pull members out of a group.
_LURES = frozenset({"earnings", "job", "crypto", "loan", "adult", "gambling"})

_RAW_HANDLE = re.compile(r"(?<![\w@])@(\w{4,32})")
_USERNAME = re.compile(r"[a-z][a-z0-9_]{3,31}")
_ID_TAIL = re.compile(r"[a-z0-9_+-]{5,}")


def _without_allowed(norm: str, allowed: frozenset[str]) -> str:
    """The text with the group's own handles and links blanked: a listed rival's name inside
    one ("Best Bags" in @best_bags_shop) is the group's own, never poaching."""
    if not allowed or ("@" not in norm and "t.me/" not in norm):
        return norm
    for handle in allowed:
        if handle in norm:
            norm = norm.replace(f"@{handle}", " ").replace(f"t.me/{handle}", " ")
    return norm


def find(
    facts: MessageFacts,
    text: TextFacts,
    policy: ChatPolicy,
    now: datetime,
    *,
    competitors: Competitors = NONE,
    tally: Tally | None = None,
) -> Finding:
    """The poaching policy's finding about one message."""
    if facts.member.approved or facts.member.trusted:
        # A moderator vouched for them; members trusted only by their count are still judged.
        return Finding(LABEL, 0.0, "clear", (), exempt=True)
    norm = text.norm
    found = text.found
    # Which patterns may match (poachwords.cues_in): none without a cue, else those whose own
    # cues the text holds; a pattern not cued cannot match, so it is not run.
    cued = cues_in(norm) if norm else 0
    allowed: frozenset[str] | None = None
    named = None
    if _may_point(facts.author_name):
        allowed = own_handles(facts, policy)
        named = _name_pointer(facts.author_name, allowed, own_domains(facts, policy))
    if (
        not cued & ANY_PATTERN_CUED
        and named is None
        and not competitors
        and facts.forward is None
        and not facts.contact_card
        and not (found.urls or found.handles or found.phones or "@" in text.raw)
    ):
        # Most messages: nothing here could pull anyone anywhere. Exact: with no link, handle,
        # phone, "@", forward, contact card, named pointer or listed rival, every check below
        # needs a pattern's match, and no pattern is cued (no cue at all, or cues of none of
        # them: "цен" in "центре"), so none can match; the finding would be this one.
        return CLEAR
    if allowed is None:
        allowed = own_handles(facts, policy)
    checks: list[Check] = []
    rivals: list[str] = []

    # A listed rival behind a link (hidden, or an inline button's) is also somewhere to go.
    listed, linked = _listed(facts, norm, competitors, allowed) if competitors else ((), False)
    if listed:
        rivals.extend(listed)
        checks.append(check("competitor", 1.9, reason("competitor", name=listed[0])))

    chats = _other_chats(text, policy, allowed)
    if chats:
        rivals.extend(chats)
        checks.append(
            check(
                "other_chat",
                min(0.9 + 0.3 * (len(chats) - 1), 1.4),
                reason("other_chat", link=chats[0]),
            )
        )
    fake = _fake_handles(text.raw, allowed)
    if fake:
        rivals.extend(f"@{h}" for h in fake)
        # Posing as the group's own handle is worse than any other look-alike.
        posing = any(squash(h) in {squash(a) for a in allowed} for h in fake)
        checks.append(
            check("fake_handle", 2.4 if posing else 1.4, reason("fake_handle", handle=fake[0]))
        )
    contacts, offered = _contacts(facts, text, allowed, cued)
    if contacts:
        rivals.extend(c for c in contacts if c not in rivals)
        strong = any(not c.startswith("+") and not c[:1].isdigit() for c in contacts)
        # An offered contact ("加675899789", "wechat: abc123") is where the talk goes: from a new
        # account it is removed (1.4 and newness), from a known member it still needs more.
        weight = 1.4 if offered else 0.7 if strong else 0.3
        if len(contacts) >= 2 and offered:
            weight += 0.4  # "电话: ... QQ: ...": every way to reach them, as ads list them
        if facts.forward is not None:
            weight = 0.3  # someone else's post, signed with their own contacts
        checks.append(check("contact", weight, reason("contact", contact=contacts[0])))
    newcomer = facts.member.messages_seen < policy.new_member_messages
    if (
        (contacts or chats)
        and newcomer
        and facts.forward is None
        and (ENDS_WITH_CONTACT.search(norm) or ZH_SIGNATURE.search(norm))
    ):
        # A new account's call to action: the message ends on where to go.
        checks.append(check("ends_with_contact", 0.7, reason("ends_with_contact")))
    shops = _shops(text, own_domains(facts, policy))
    if shops:
        rivals.extend(shops)
        checks.append(check("shop_link", 0.5, reason("shop_link", host=shops[0])))
    if named is not None:
        rivals.append(named)
        checks.append(check("name_pointer", 1.0, reason("name_pointer", contact=named)))
    profile = bool(cued & PROFILE_CUED) and PROFILE.search(norm) is not None
    if profile:
        checks.append(check("profile", 1.2, reason("profile_pointer")))
    forward = _forward(facts, allowed)
    if forward is not None:
        rivals.append(forward)
        # A forward from another channel that also carries a way to reach it is a shop's post.
        # Its own signature is left out of the contacts; links may be the channel's own site.
        weight = 0.9 if contacts else 0.6
        checks.append(check("forward", weight, reason("forwarded_shop", source=forward)))

    # "Beware, scammers write in DMs offering money": a warning about hand-offs, with no contact.
    # Asked only of a hand-off: it is read nowhere else (a lure needs a hand-off or a contact,
    # and with a contact it is no warning; the campaigns ask speaks_of_scams themselves).
    handoff = bool(cued & HANDOFF_CUED) and _handoff(norm)
    warning = handoff and not (contacts or chats or shops) and speaks_of_scams(norm)
    handoff = handoff and not warning
    if handoff:
        checks.append(check("handoff", 0.9, reason("handoff")))
    # "Subscribe to our channel: t.me/<the group's own>" promotes the group, not a rival.
    # (Read only where a pattern it gates may match.)
    own = (
        bool(cued & (SELF_PROMO_CUED | MY_CHANNEL_CUED | JOIN_CUED))
        and not (chats or contacts or shops)
        and _names_own(text, facts, policy, allowed)
    )
    promo = bool(cued & SELF_PROMO_CUED) and not own and SELF_PROMO.search(norm) is not None
    if promo and not newcomer and not (chats or contacts or shops):
        # "The restock is on our channel": from a member the group knows, "our" is the group's.
        promo = SELF_PROMO.search(_OUR.sub("the", norm)) is not None
    if promo:
        checks.append(check("self_promo", 1.9, reason("self_promo")))
    elif cued & MY_CHANNEL_CUED and not own and MY_CHANNEL.search(norm):
        # "My channel" alone names no place to go: a hint, from a new account a stronger one
        # (a member the group knows may mean a Lightning node's payment channel or a TV channel).
        promo = True
        checks.append(check("self_promo", 1.2 if newcomer else 0.9, reason("self_promo")))
    group = GROUP_NUMBER.search(norm) if cued & GROUP_NUMBER_CUED else None
    if group is not None:
        rivals.append(f"群 {group.group(1)}")
        checks.append(check("group_number", 1.9, reason("group_number", number=group.group(1))))
    lure = (handoff or bool(contacts)) and not warning and _lures(norm, text.gates)
    if lure:
        checks.append(check("lure", 0.8, reason("private_offer")))
    private_price = (
        handoff and PRICE_TALK.search(norm) is not None and BUYER_ASKS_PRICE.search(norm) is None
    )
    if private_price:
        # "Price in DM", "价格私聊": a sale taken out of the group. The same "DM me" made the
        # handoff check: it counts once, as this stronger reading of it.
        checks = [c for c in checks if c.name != "handoff"]
        checks.append(check("private_price", 1.2, reason("private_price")))
    joins = bool(cued & JOIN_CUED) and not own and JOIN.search(norm) is not None
    if joins:
        checks.append(check("join", 1.0 if chats else 0.8, reason("join_mine")))
    # A recruiter's "write me in private" with an offer: their own chat is where members go.
    # A new account's "join my shop" is where it pulls members to, as a link would be.
    target = bool(rivals) or profile or promo or private_price or (handoff and lure)
    target = target or (joins and newcomer)
    if cued & CHEAPER_CUED and CHEAPER.search(norm):
        pull = handoff or target
        checks.append(check("cheaper", 1.0 if pull else 0.4, reason("cheaper")))
        # "Write me in private, cheaper than here": the author's own chat is the destination.
        target = target or handoff
    sent_to_profile = profile and _POINTS_AT_PROFILE.search(norm) is not None
    if target and newcomer and (handoff or contacts or chats or sent_to_profile):
        checks.append(check("newcomer", 0.4, reason("newcomer_contact")))

    # Members warning about the same scammer's handle are no campaign pushing it.
    if (
        tally is not None
        and not facts.is_edit
        and facts.user_id is not None
        and not (warning or speaks_of_scams(norm))
    ):
        campaign = _campaign(facts, checks, rivals, tally, now)
        checks.extend(campaign)
        target = target or bool(campaign)

    evidence = sum(c.score for c in checks)
    if evidence <= 0:
        return Finding(LABEL, 0.0, "clear")
    score = 1.0 / (1.0 + math.exp(-SLOPE * (evidence - MIDPOINT)))
    if not target:
        score = min(score, policy.borderline)
    # "Cheaper in DM" undercuts the group's own sellers; a campaign is many members approached.
    pointers = linked or bool(
        contacts or chats or shops or fake or named or forward or profile or group is not None
    )
    pulls = any(c.name == "cheaper" or c.name.startswith("campaign") for c in checks)
    if (
        not newcomer
        and not pointers
        and not pulls
        and not promo
        and not (listed and (handoff or joins or lure or RECOMMEND.search(norm)))
    ):
        # A member the group knows, naming no place to go: "DM me" (selling their own pair of
        # shoes, friends moving a chat to private), a listed rival asked about or in the news
        # ("is X legit?", "X shut down"). Recorded, never acted on by itself; a listed rival
        # recommended, or with a hand-off or an invitation, still is.
        score = min(score, policy.borderline)
        if listed:
            # Only named: the owner is told (policies/combine.py), the member is not warned.
            checks.append(check("asked_about", 0.0, reason("rival_asked_about")))
    elif (
        score > policy.borderline
        and not pulls
        and not (listed or chats or fake or shops or promo or profile or named or group)
        and sells_own_thing(norm, found)
    ):
        # A new member selling their own thing with a number to call ("自己穿过两次，300元，
        # 有意联系138..."): how a resale group trades, so never removed. Borderline, as the
        # README's "in between" says: the post stays, the member is warned (a warning toward
        # the limit) and the owner told.
        score = policy.borderline
        checks.append(check("personal_sale", 0.0, reason("personal_sale")))
    if rivals:
        checks.append(check("rival", 0.0, reason("rival", name=rivals[0])))
    level: Level = (
        "hit"
        if score >= policy.threshold
        else ("borderline" if score >= policy.borderline else "clear")
    )
    return Finding(
        LABEL,
        round(score, 4),
        level,
        tuple(checks),
        topic=rivals[0] if rivals else None,
        hallmark=any(c.name in HALLMARKS for c in checks),
    )


CLEAR = Finding(LABEL, 0.0, "clear")
# "看我头像", "check my bio", "смотри мой профиль": a new account sending members to its profile
# (not "the name has Paris in it", which the profile pattern also reads).
_POINTS_AT_PROFILE = re.compile(
    r"看我|\b(?:check|see|look\s+at|visit)\s+my\b|смотри\w*\s+(?:в\s+)?мо|глянь\w*\s+(?:в\s+)?мо"
    r"|(?:контакты|ссылка|ссылки|инфа|подробности)\s+в\s+(?:профил|био)"
)
_OUR = re.compile(r"\bour\b")


def own_domains(facts: MessageFacts, policy: ChatPolicy) -> frozenset[str]:
    """The group's own sites: those it allows, and one it is named after ("Crypto.com")."""
    if not facts.chat_title:
        return policy.allow_domains
    return policy.allow_domains | title_domains(facts.chat_title)


def _names_own(
    text: TextFacts, facts: MessageFacts, policy: ChatPolicy, allowed: frozenset[str]
) -> bool:
    """Whether the text points at the group's own handles, channels or sites."""
    found = text.found
    if any(h in allowed for h in (*found.telegram_links, *found.handles)):
        return True
    own = own_domains(facts, policy)
    return any(is_allowed(d, own) for d in found.domains)


def _listed(
    facts: MessageFacts, norm: str, competitors: Competitors, allowed: frozenset[str]
) -> tuple[tuple[str, ...], bool]:
    """The listed rivals a message names, in its text or behind it (the addresses of links
    hidden behind other words and of its inline buttons are one click away all the same), and
    whether one was behind a link."""
    listed = competitors.find(_without_allowed(norm, allowed))
    behind = [e.url for e in facts.entities if e.type == "text_link" and e.url]
    behind += [b.url for b in facts.buttons if b.url]
    if not behind:
        return listed, False
    linked = competitors.find(_without_allowed(normalise(" ".join(behind)), allowed))
    return tuple(dict.fromkeys((*listed, *linked))), bool(linked)


def _may_point(name: str) -> bool:
    """Whether a display name could hold a contact at all (most names cannot: checked cheaply)."""
    return bool(name) and ("@" in name or "." in name or any(c.isdigit() for c in name))


# Display names come back with every message their owner sends: each is normalised once.
_normalised_name = lru_cache(maxsize=8192)(normalise)


def _name_pointer(name: str, allowed: frozenset[str], own: frozenset[str]) -> str | None:
    """A contact or link written into the author's display name ("Bags cheap @rivalshop"); the
    group's own site in a name ("Chris | Crypto.com" in the Crypto.com group) is staff's badge."""
    norm = _normalised_name(name)
    handle = NAME_HANDLE.search(norm)
    if handle is not None and handle.group(1) not in allowed:
        return f"@{handle.group(1)}"
    link = NAME_LINK.search(norm)
    if link is not None and link.group(0) not in allowed and not is_allowed(link.group(0), own):
        return link.group(0)
    phone = NAME_PHONE.search(name)
    return phone.group(0) if phone is not None else None


def _lures(norm: str, gates: frozenset[str]) -> bool:
    """Whether the text makes one of the offers recruiters make (the lexicon's own phrases)."""
    return any(speaks(norm, gates, c) for c in _LURES)


def _handoff(norm: str) -> bool:
    """A hand-off to a private chat that is not a warning about one ("we never DM you")."""
    for match in HANDOFF.finditer(norm):
        if not NEGATED.search(norm, max(0, match.start() - 30), match.start()):
            return True
    return False


def rival_of(checks: tuple[Check, ...]) -> str | None:
    """The rival a poaching decision named (its `rival` check), if any."""
    for c in checks:
        if c.name == "rival" and c.reasons:
            name = c.reasons[0].values().get("name")
            return str(name) if name else None
    return None


def _other_chats(text: TextFacts, policy: ChatPolicy, allowed: frozenset[str]) -> list[str]:
    """Invite links and t.me links to chats and accounts the group does not allow."""
    found = text.found
    out = [f"t.me/{h}" for h in found.telegram_links if h not in allowed]
    if found.invite_links:
        out.extend(
            f"t.me/+{code}"
            for code in invite_codes(found.urls)
            if not is_allowed_invite(code, allowed)
        )
    return list(dict.fromkeys(out))


def _fake_handles(raw: str, allowed: frozenset[str]) -> list[str]:
    """@handles written with letters Telegram usernames cannot hold (look-alikes of real ones).

    Usernames are ASCII; `@shоpxyz` with a Cyrillic о is someone pretending to be `@shopxyz`.
    """
    if "@" not in raw:
        return []
    out = []
    for handle in _RAW_HANDLE.findall(raw):
        low = handle.lower()
        if low.isascii():
            continue
        # A username with look-alike letters mixed in (or posing as the group's own handle):
        # "@Наташа" or "@Рома" is a person's name written after an @, not an impostor.
        latin = squash_lookalikes(low)
        mixed = any("a" <= ch <= "z" for ch in low)
        if _USERNAME.fullmatch(latin) and (mixed or latin in allowed):
            out.append(low)
    return out


def _contacts(
    facts: MessageFacts, text: TextFacts, allowed: frozenset[str], cued: int
) -> tuple[list[str], bool]:
    """Ways to take the talk elsewhere (@handles of non-members, messenger ids, phone numbers),
    and whether one was offered as a contact ("wechat: abc123", "联系13800138000") rather than
    just mentioned."""
    found = text.found
    source = facts.forward.username.lower() if facts.forward and facts.forward.username else None
    out = [
        f"@{h}"
        for h in found.handles
        if h not in facts.mentions_of_members
        and h not in allowed
        and h not in NOT_CONTACTS
        and h != source  # a channel's post signed with its own handle
        and not h.endswith("bot")
    ]
    offered: list[str] = []
    if cued & MESSENGER_ID_CUED:
        offered += [m.group(0) for m in MESSENGER_ID.finditer(text.norm)]
    if cued & ZH_CONTACT_CUED:
        offered += [m.group(1) for m in ZH_CONTACT.finditer(text.norm)]
    out += offered
    # Digits inside a link (article ids, tracking numbers) are not phone numbers.
    out += [p for p in found.phones if not any(p in url for url in found.urls)]
    if facts.contact_card:
        out.append("contact card")
    return list(dict.fromkeys(out)), bool(offered)


def _shops(text: TextFacts, own: frozenset[str]) -> list[str]:
    """Links to other shops' sites: not the group's, not Telegram, not a well-known site."""
    out = [
        domain
        for domain in (*text.found.domains, *text.found.hidden)
        if domain not in TELEGRAM_HOSTS
        and not is_well_known(domain)
        and not is_allowed(domain, own)
    ]
    return [_with_path(domain, text.found.urls) for domain in dict.fromkeys(out)]


_HOST_AND_NAME = re.compile(r"(?:[a-z]+://)?(?:www\.)?([a-z0-9.-]+)/(?:invite/)?([\w@+.-]{2,64})")


def _with_path(domain: str, urls: tuple[str, ...]) -> str:
    """A shop's host, with the name its link gives where the host is many people's."""
    if domain not in NAMED_BY_PATH:
        return domain
    for url in urls:
        found = _HOST_AND_NAME.search(url.lower())
        if found is not None and found.group(1) == domain:
            return f"{domain}/{found.group(2)}"
    return domain


def _forward(facts: MessageFacts, allowed: frozenset[str]) -> str | None:
    """A forward from another channel or group (not one the group allows)."""
    forward = facts.forward
    if forward is None or forward.kind not in ("channel", "chat"):
        return None
    if forward.username and forward.username.lower() in allowed:
        return None
    if forward.chat_id is not None and forward.chat_id == facts.chat_id:
        return None
    return f"@{forward.username}" if forward.username else (forward.title or "a channel")


def contact_key(contact: str) -> str:
    """One key per contact however it is written: a phone's digits, a messenger id without the
    messenger's name ("wechat: abc123" and "wechat abc123" are one), a handle without its @."""
    low = contact.lower().strip()
    if low[:1] in "+0123456789" and sum(ch.isdigit() for ch in low) >= 7:
        return "".join(ch for ch in low if ch.isdigit())[:100]
    messenger = MESSENGER_ID.fullmatch(low)
    if messenger is not None:
        return str(_ID_TAIL.findall(low)[-1])[:100]
    return low.removeprefix("@")[:100]


def _campaign(
    facts: MessageFacts, checks: list[Check], rivals: list[str], tally: Tally, now: datetime
) -> list[Check]:
    """Count this message toward the chat's campaign windows; checks for campaigns seen."""
    soliciting = any(
        c.name in ("handoff", "contact", "other_chat", "profile", "cheaper") for c in checks
    )
    if not soliciting:
        return []
    out: list[Check] = []
    user = str(facts.user_id)
    approached = [f"@{h}" for h in sorted(facts.mentions_of_members)]
    if facts.reply_to_user_id is not None and facts.reply_to_user_id != facts.user_id:
        approached.append(str(facts.reply_to_user_id))
    reached = 0
    for member in approached[:10]:
        reached = tally.add(REACH_KIND, facts.chat_id, user, member, now)
    if reached >= 3:
        out.append(
            check("campaign_reach", 1.0 if reached < 5 else 1.5, reason("reach", count=reached))
        )
    pushed = 0
    for rival in rivals[:3]:
        pushed = max(pushed, tally.add(CONTACT_KIND, facts.chat_id, contact_key(rival), user, now))
    if pushed >= 2:
        out.append(check("campaign_accounts", 1.2, reason("same_contact", count=pushed)))
    return out
