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

from policies.chatpolicy import ChatPolicy
from policies.competitors import NONE, Competitors, squash, squash_lookalikes
from policies.domains import TELEGRAM_HOSTS, is_allowed, is_well_known
from policies.explain import reason
from policies.facts import Check, Finding, Level, MessageFacts, check
from policies.lexicon import CATEGORY_ANY
from policies.spam import speaks_of_scams
from policies.tally import Tally
from policies.text import literal_automaton, normalise
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

_HANDOFF = re.compile(
    r"\b(?:dm|pm|inbox|message|msg|text|write|contact|hmu|hit\s+me\s+up|ping|add)\s+me\b"
    r"|\b(?:dm|pm|inbox)\s+(?:for|if|now)\b|\bcheck\s+(?:your|ur)\s+(?:dm|pm|inbox|messages)"
    r"|\b(?:in|via|by|through|to)\s+(?:dms?|pms?|private|direct|inbox)\b"
    r"|\bsen[dt]\s+(?:you\s+)?(?:a\s+)?(?:dm|pm|private\s+message)"
    r"|\bi\s+(?:dm'?e?d|pm'?e?d|messaged|texted)\s+you"
    r"|\bcontact\s+(?:me|us)\s+(?:on|via|at)\b|\bwhats\s?app\s+me\b"
    r"|\b(?:write|message|text|contact|dm|pm)\s+(?:to\s+)?@"
    r"|пиш(?:и|ите)\s+(?:мне\s+)?(?:в\s+)?(?:лс|личк|личн|директ|телег|тг|ватсап|вотсап|вайбер)"
    r"|напиш(?:и|ите)\s+мне|пиш(?:и|ите)\s+мне|пиш(?:и|ите)\s*(?::|\+|➕)|стучи(?:те)?\s+(?:в|мне)"
    r"|\bв\s+(?:лс|личку|личных|директ)\b|подробн\w*\s+в\s+(?:лс|личк)|обращайтесь\s+в"
    r"|\bсвяж(?:ись|итесь)\b|\b(?:для\s+)?связи?\s*(?:со\s+мной\s*)?[:\-—]|\bсвязь\s+(?:в|через)\b"
    r"|(?:по\s+деталям|заинтересованн\w*|кому\s+интересно)\s+(?:пиш\w+\s+)?в\s+(?:лс|личк)"
    r"|私聊|私信|私我|加我|加微|加v|加扣|加qq|联系我|找我|滴滴我|戳我|详聊|详情私"
)
# Promoting one's own channel, videos or page: the member is the place they pull people to.
_SELF_PROMO = re.compile(
    r"\b(?:check\s+(?:out\s+)?|look\s+at\s+|visit\s+|go\s+to\s+|come\s+(?:to\s+|check\s+out\s+)"
    r"|have\s+a\s+look\s+at\s+|on\s+|watch\s+)(?:my|our)\s+(?:new\s+|youtube\s+|music\s+)?"
    r"(?:channel|chanel|chhanel|videos?|vids|vidios|music|covers?|songs?|mixtape|page|playlist"
    r"|stream|blog|shop|store)\b"
    r"|\bcheck\s+my\s+(?:channel|chanel|videos?|page)\s+out\b"
    r"|\b(?:check\s+out|come\s+(?:and\s+)?check(?:\s+out)?|check)\s+(?:my|our)\s+[^.!?\n]{0,40}?"
    r"(?:channel|chanel|chhanel|videos?|vids|songs?|covers?|remix|parody|site|website|stuff"
    r"|sound|music|musicvideo|page|blog|mixtape|playlist|stream|rap|art|tiktok|insta)\b"
    r"|\bcheck\s+me\s+out\b|\b(?:please|pls|plz|pleas)\s+subscribe\b"
    r"|\bsubscribe\s+(?:to\s+)?(?:us|our)\b|\bsubscribe\s+if\b|\bfollow\s+me\b"
    r"|\bmy\s+(?:new\s+|first\s+)?(?:youtube\s+|yt\s+)?(?:channel|chanel|chhanel)\b"
    r"|\b(?:subscribe|subcribe|suscribe|sub)\s+(?:to\s+|2\s+|in\s+)?(?:me|my)\b"
    r"|\b(?:subscribe|sub)\s+back\b|\bi'?ll\s+(?:subscribe|sub)\s+back"
    r"|\bfollow\s+me\s+on\s+(?:instagram|insta|ig|twitter|tiktok|youtube)\b"
)
_PROFILE = re.compile(
    r"\b(?:check|see|look\s+at|visit|link\s+in|info\s+in|contact\s+in)\s+"
    r"(?:(?:my\s+)?(?:bio|profile|username|nickname|avatar|pfp)|my\s+name)\b"
    r"|\b(?:смотри\w*|в|глянь\w*)\s+(?:мо[её]м|моего|мой|моей)\s+(?:профил\w*|био\b|описани\w*"
    r"|аватар\w*|аве\b|нике\b)"
    r"|\b(?:ссылка|ссылки|контакты|инфа|подробности)\s+в\s+(?:профил\w*|био\b|описании\s+профил)"
    r"|看我(?:的)?(?:名字|头像|昵称|简介|主页|资料|签名|id)|(?:名字|头像|昵称|简介|主页)(?:上|里)有"
)
_CHEAPER = re.compile(
    r"\bcheaper\b|\b(?:better|lower|best)\s+prices?\b|\bhalf\s+(?:the\s+)?price"
    r"|\bfor\s+less\b|\bwholesale\s+price|\bfactory\s+price"
    r"|дешевле|ниже\s+цен|выгоднее|оптов\w*\s+цен|по\s+себестоимости"
    r"|更便宜|便宜(?:点|些|很多|一半)|低价|全网最低|批发价|成本价|出厂价|比这(?:里|边)便宜"
)
_JOIN = re.compile(
    r"\bjoin\s+(?:my|our)\s+(?:new\s+)?(?:group|channel|server|community|chat|team)"
    r"|\b(?:check\s+out|visit|subscribe\s+to|follow)\s+(?:my|our)\s+(?:new\s+)?"
    r"(?:channel|group|shop|store|page|account)|\bsubscribe\s+to\s+me\b"
    r"|(?:вступа\w*|заход\w*|подписыва\w*|подпишись|переход\w*)\s+(?:в|на|к)\s+(?:мо\w+|наш\w*)?\s*"
    r"(?:канал|групп\w*|чат|магазин)|(?:мой|наш)\s+(?:новый\s+)?(?:канал|магазин)"
    r"|加群|进群|入群|拉你进|我的群|我们(?:的)?群|群号|关注我|来我(?:的)?(?:群|店)|我(?:的)?(?:新)?店"
)
# A messenger name next to an id that holds a digit ("wechat: abc123", "qq 12345678").
_MESSENGER_ID = re.compile(
    r"(?:(?<![a-zа-я])(?:wechat|weixin|vx|wx|qq|line|whats\s?app|viber|telegram|тг|вайбер|ватсап)"
    r"(?![a-zа-я])|微信|v信|扣扣)\s*(?:id|号)?\s*[:：;；\-]?\s*(?=[a-z_+-]*\d)[a-z0-9_+-]{5,}"
)
# Chinese: a group number to join ("群号123456", "加q群:..."), an id or a phone after "contact",
# "find", "ask" or "add", glued to the characters around it as Chinese writes it.
_GROUP_NUMBER = re.compile(
    r"(?:群号|q群|qq群|[一二三1-9]?群|进群|加群|入群|外部群|主群)\s*(?:号|号码)?\s*[:：]?\s*(\d{6,11})"
)
_ZH_CONTACT = re.compile(
    r"(?:联系|电话|热线|专线|手机|咨询|找|加|购买联系|客服)\s*(?:qq|微信|v|电话)?\s*[:：]?\s*"
    r"(1\d{10}|400\d{7}|\d{6,11})"
)
# "Never send you a private message" warns about hand-offs; it is not one.
_NEGATED = re.compile(r"(?:never|not|n't|не|никогда|不会|不要|别)\W*(?:\w+\W+){0,3}$")
# Mentions that address everyone rather than hand over a contact.
_NOT_CONTACTS = frozenset({"everyone", "admin", "admins", "all", "here", "channel"})
_ENDS_WITH_CONTACT = re.compile(
    r"(?:@[a-z][a-z0-9_]{3,31}|t(?:elegram)?\.(?:me|dog)/\S+|(?<![\w/.=-])1\d{10}"
    r"|(?<=[\u4e00-\u9fff:：])\s*\d{6,11})[\W_]*$"
)
_NAME_HANDLE = re.compile(r"(?<![\w@])@([a-z][a-z0-9_]{3,31})")
_NAME_LINK = re.compile(
    r"\b(?:t\.me/[\w+-]+|[a-z0-9-]{2,}\.(?:com|net|org|shop|store|ru|cn|top|xyz))\b"
)
_NAME_PHONE = re.compile(r"\+?\d[\d\s-]{8,14}\d")
# A Chinese ad's signature: a number and then who answers it ("13800138000陈先生", "QQ123王老师").
_ZH_SIGNATURE = re.compile(
    r"\d{6,11}\s*[\u4e00-\u9fff]{1,2}(?:先生|经理|老师|小姐|女士|总|生)|【[^】]{2,16}】[\W_]*$"
)
_PRICE_TALK = re.compile(
    r"\bprices?\b|\bcost\b|\bsell(?:ing)?\b|\bfor\s+sale\b|цен[аыу]|продаю|продам|стоимост"
    r"|价格|价钱|出售|出二手|便宜出|代开|代办|收购|求购|报价"
)

# Literal cues, at least one of which every match of the patterns above contains (normalised text
# has single spaces): one scan of them settles most messages, and the patterns run only on the
# rest. tests/policies/test_poaching_cues.py checks that they cover the patterns.
CUES: tuple[str, ...] = (
    # hand-offs
    "dm ",
    " dm",
    "pm ",
    " pm",
    "inbox",
    "check your",
    "check ur",
    "private",
    "direct",
    "message me",
    "messaged",
    "message @",
    "message to @",
    "msg me",
    "text me",
    "texted",
    "text @",
    "text to @",
    "write me",
    "write @",
    "write to @",
    "contact me",
    "contact us",
    "contact @",
    "contact to @",
    "contact in",
    "hmu",
    "hit me",
    "ping me",
    "add me",
    "app me",
    "пиш",
    "напиш",
    "стучи",
    "лс",
    "личк",
    "личн",
    "директ",
    "обращайтесь",
    "私",
    "加我",
    "加微",
    "加v",
    "加扣",
    "加qq",
    "联系我",
    "找我",
    "滴滴我",
    "戳我",
    "详聊",
    # self-promotion
    "channel",
    "chanel",
    "chhanel",
    "video",
    "vids",
    "vidios",
    "music",
    "cover",
    "song",
    "mixtape",
    "page",
    "playlist",
    "stream",
    "blog",
    "shop",
    "store",
    "check my",
    "subscri",
    "subcri",
    "suscri",
    "sub ",
    "follow me",
    # more hand-offs (Russian), Chinese contacts and group numbers
    "свяж",
    "связ",
    "детал",
    "заинтересован",
    "интересно",
    "联系",
    "电话",
    "热线",
    "专线",
    "手机",
    "咨询",
    "找",
    "加",
    "客服",
    "q群",
    # profile pointers
    "bio",
    "profile",
    "username",
    "nickname",
    "avatar",
    "pfp",
    "my name",
    "профил",
    "био",
    "описани",
    "аватар",
    "аве",
    "нике",
    "看我",
    "名字",
    "头像",
    "昵称",
    "简介",
    "主页",
    # cheaper elsewhere
    "cheaper",
    "price",
    "for less",
    "дешевле",
    "цен",
    "выгоднее",
    "себестоимост",
    "便宜",
    "低价",
    "最低",
    "价",
    # join mine
    "join",
    "check out",
    "visit",
    "subscribe",
    "follow",
    "канал",
    "групп",
    "чат",
    "магазин",
    "群",
    "关注我",
    "来我",
    "拉你进",
    "店",
    # messenger ids
    "wechat",
    "weixin",
    "vx",
    "wx",
    "微信",
    "v信",
    "qq",
    "扣扣",
    "line",
    "whats app",
    "whatsapp",
    "viber",
    "вайбер",
    "ватсап",
    "telegram",
    "тг",
)


# One Aho-Corasick pass over the text finds every cue.
_CUES = literal_automaton(dict.fromkeys(CUES, True))


def has_cue(norm: str) -> bool:
    """Whether a normalised text holds any cue (so the patterns may match it)."""
    return next(_CUES.iter(norm), None) is not None


PATTERNS = (
    _HANDOFF,
    _SELF_PROMO,
    _PROFILE,
    _CHEAPER,
    _JOIN,
    _MESSENGER_ID,
    _GROUP_NUMBER,
    _ZH_CONTACT,
)
_INVITE_CODE = re.compile(r"(?:t(?:elegram)?\.(?:me|dog)/(?:\+|joinchat/))([\w-]+)", re.IGNORECASE)
_RAW_HANDLE = re.compile(r"(?<![\w@])@(\w{4,32})")
_USERNAME = re.compile(r"[a-z][a-z0-9_]{3,31}")
_ID_TAIL = re.compile(r"[a-z0-9_+-]{5,}")


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
    cue = bool(norm) and has_cue(norm)
    allowed: frozenset[str] | None = None
    named = None
    if _may_point(facts.author_name):
        allowed = _allowed_handles(facts, policy)
        named = _name_pointer(facts.author_name, allowed)
    if (
        not cue
        and named is None
        and not competitors
        and facts.forward is None
        and not facts.contact_card
        and not (found.urls or found.handles or found.phones or "@" in text.raw)
    ):
        return CLEAR  # most messages: nothing here could pull anyone anywhere
    if allowed is None:
        allowed = _allowed_handles(facts, policy)
    checks: list[Check] = []
    rivals: list[str] = []

    listed = competitors.find(norm) if competitors else ()
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
    contacts, offered = _contacts(facts, text, allowed, cue)
    if contacts:
        rivals.extend(c for c in contacts if c not in rivals)
        strong = any(not c.startswith("+") and not c[:1].isdigit() for c in contacts)
        weight = 1.2 if offered else 0.7 if strong else 0.3
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
        and (_ENDS_WITH_CONTACT.search(norm) or _ZH_SIGNATURE.search(norm))
    ):
        # A new account's call to action: the message ends on where to go.
        checks.append(check("ends_with_contact", 0.7, reason("ends_with_contact")))
    shops = _shops(text, policy)
    if shops:
        rivals.extend(shops)
        checks.append(check("shop_link", 0.5, reason("shop_link", host=shops[0])))
    if named is not None:
        rivals.append(named)
        checks.append(check("name_pointer", 1.0, reason("name_pointer", contact=named)))
    profile = cue and _PROFILE.search(norm) is not None
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
    warning = not (contacts or chats or shops) and speaks_of_scams(norm)
    handoff = cue and not warning and _handoff(norm)
    if handoff:
        checks.append(check("handoff", 0.9, reason("handoff")))
    # "Subscribe to our channel: t.me/<the group's own>" promotes the group, not a rival.
    own = not (chats or contacts or shops) and _names_own(text, policy, allowed)
    promo = cue and not own and _SELF_PROMO.search(norm) is not None
    if promo:
        checks.append(check("self_promo", 1.9, reason("self_promo")))
    group = _GROUP_NUMBER.search(norm) if cue else None
    if group is not None:
        rivals.append(f"群 {group.group(1)}")
        checks.append(check("group_number", 1.9, reason("group_number", number=group.group(1))))
    lure = (handoff or bool(contacts)) and not warning and _lures(norm, text.gates)
    if lure:
        checks.append(check("lure", 0.8, reason("private_offer")))
    private_price = handoff and _PRICE_TALK.search(norm) is not None
    if private_price:
        # "Price in DM", "价格私聊": a sale taken out of the group.
        checks.append(check("private_price", 0.9, reason("private_price")))
    joins = cue and not own and _JOIN.search(norm) is not None
    if joins:
        checks.append(check("join", 1.0 if chats else 0.8, reason("join_mine")))
    # A recruiter's "write me in private" with an offer: their own chat is where members go.
    target = bool(rivals) or profile or promo or private_price or (handoff and lure)
    if cue and _CHEAPER.search(norm):
        pull = handoff or target
        checks.append(check("cheaper", 1.0 if pull else 0.4, reason("cheaper")))
        # "Write me in private, cheaper than here": the author's own chat is the destination.
        target = target or handoff
    if target and newcomer and (handoff or contacts or chats):
        checks.append(check("newcomer", 0.4, reason("newcomer_contact")))

    if tally is not None and not facts.is_edit and facts.user_id is not None:
        campaign = _campaign(facts, checks, rivals, tally, now)
        checks.extend(campaign)
        target = target or bool(campaign)

    evidence = sum(c.score for c in checks)
    if evidence <= 0:
        return Finding(LABEL, 0.0, "clear")
    score = 1.0 / (1.0 + math.exp(-SLOPE * (evidence - MIDPOINT)))
    if not target:
        score = min(score, policy.borderline)
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


def _names_own(text: TextFacts, policy: ChatPolicy, allowed: frozenset[str]) -> bool:
    """Whether the text points at the group's own handles, channels or sites."""
    found = text.found
    if any(h in allowed for h in (*found.telegram_links, *found.handles)):
        return True
    return any(is_allowed(d, policy.allow_domains) for d in found.domains)


def _may_point(name: str) -> bool:
    """Whether a display name could hold a contact at all (most names cannot: checked cheaply)."""
    return bool(name) and ("@" in name or "." in name or any(c.isdigit() for c in name))


def _name_pointer(name: str, allowed: frozenset[str]) -> str | None:
    """A contact or link written into the author's display name ("Bags cheap @rivalshop")."""
    norm = normalise(name)
    handle = _NAME_HANDLE.search(norm)
    if handle is not None and handle.group(1) not in allowed:
        return f"@{handle.group(1)}"
    link = _NAME_LINK.search(norm)
    if link is not None and link.group(0) not in allowed:
        return link.group(0)
    phone = _NAME_PHONE.search(name)
    return phone.group(0) if phone is not None else None


def _lures(norm: str, gates: frozenset[str]) -> bool:
    """Whether the text makes one of the offers recruiters make (the lexicon's own phrases)."""
    return any(CATEGORY_ANY[c].search(norm) for c in _LURES & gates)


def _handoff(norm: str) -> bool:
    """A hand-off to a private chat that is not a warning about one ("we never DM you")."""
    for match in _HANDOFF.finditer(norm):
        if not _NEGATED.search(norm, max(0, match.start() - 30), match.start()):
            return True
    return False


def rival_of(checks: tuple[Check, ...]) -> str | None:
    """The rival a poaching decision named (its `rival` check), if any."""
    for c in checks:
        if c.name == "rival" and c.reasons:
            name = c.reasons[0].values().get("name")
            return str(name) if name else None
    return None


def _allowed_handles(facts: MessageFacts, policy: ChatPolicy) -> frozenset[str]:
    own = facts.chat_username.lower() if facts.chat_username else None
    return policy.allow_handles | {own} if own else policy.allow_handles


def _other_chats(text: TextFacts, policy: ChatPolicy, allowed: frozenset[str]) -> list[str]:
    """Invite links and t.me links to chats and accounts the group does not allow."""
    found = text.found
    out = [f"t.me/{h}" for h in found.telegram_links if h not in allowed]
    if found.invite_links:
        for url in found.urls:
            for code in _INVITE_CODE.findall(url):
                if f"+{code.lower()}" not in allowed and code.lower() not in allowed:
                    out.append(f"t.me/+{code}")
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
    facts: MessageFacts, text: TextFacts, allowed: frozenset[str], cue: bool
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
        and h not in _NOT_CONTACTS
        and h != source  # a channel's post signed with its own handle
        and not h.endswith("bot")
    ]
    offered: list[str] = []
    if cue:
        offered += [m.group(0) for m in _MESSENGER_ID.finditer(text.norm)]
        offered += [m.group(1) for m in _ZH_CONTACT.finditer(text.norm)]
    out += offered
    # Digits inside a link (article ids, tracking numbers) are not phone numbers.
    out += [p for p in found.phones if not any(p in url for url in found.urls)]
    if facts.contact_card:
        out.append("contact card")
    return list(dict.fromkeys(out)), bool(offered)


def _shops(text: TextFacts, policy: ChatPolicy) -> list[str]:
    """Links to other shops' sites: not the group's, not Telegram, not a well-known site."""
    allow = policy.allow_domains
    out = [
        domain
        for domain in (*text.found.domains, *text.found.hidden)
        if domain not in TELEGRAM_HOSTS
        and not is_well_known(domain)
        and not is_allowed(domain, allow)
    ]
    return list(dict.fromkeys(out))


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
    messenger = _MESSENGER_ID.fullmatch(low)
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
