"""The poaching policy's lexicon: the phrases and shapes a rival's pitch is made of.

Hand-offs to a private chat, self-promotion, profile pointers, "cheaper elsewhere", "join my
group", messenger ids, Chinese group numbers and contacts, in English, Russian and Chinese, all
for normalised text (lower case, single spaces, simplified Han). `CUES` are literals at least one
of which every match of `PATTERNS` contains, so `has_cue` (one Aho-Corasick pass) settles most
messages before any pattern runs; tests/policies/test_poaching_cues.py checks that they cover
the patterns. Each pattern also has cues of its own (`GATED`), read in the same pass by
`cues_in`, so a text with a cue runs only the patterns it may match;
tests/policies/test_poaching_fastpath.py proves that each list covers its pattern. The policy
that weighs them is `policies/poaching.py`.
"""

from __future__ import annotations

import re
from itertools import product

from policies.firstchar import compile_alternation
from policies.text import SYMBOLS, literal_automaton

HANDOFF = compile_alternation(
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
    # "密我", "㊙️我" (read 秘我): "私我" as ads write it past a filter, standing as a word or
    # after a call ("来密我"); not "秘密我不说", "奥秘我", "紧密我".
    r"|(?:(?<![\u4e00-\u9fff])|(?<=[来请就可速快]))[密秘]我"
)
# Promoting one's own channel, videos or page: the member is the place they pull people to.
SELF_PROMO = compile_alternation(
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
    r"|\bmy\s+(?:new\s+|first\s+|youtube\s+|yt\s+)+(?:channel|chanel|chhanel)\b"
    r"|\b(?:subscribe|subcribe|suscribe|sub)\s+(?:to\s+|2\s+|in\s+)?(?:me|my)\b"
    r"|\b(?:subscribe|sub)\s+back\b|\bi'?ll\s+(?:subscribe|sub)\s+back"
    r"|\bfollow\s+me\s+on\s+(?:instagram|insta|ig|twitter|tiktok|youtube)\b"
    r"|\b(?:please|pls|plz)\s+(?:go\s+)?(?:subscrible|suscribe|subcribe|subscibe|sub)\b"
    r"(?!\s+(?:for|in|out|on|me\s+in))"
    r"|(?:^|[.!\n]\s*)(?:like|comment)\s+(?:and|&|n)\s+(?:subscribe|sub)\b(?!\W*(?:lol|haha|lmao|jk)\b)"
    r"|(?:^|[.!\n]\s*)(?:subscribe|sub)\s+(?:and|&|n)\s+like\b"
    r"|\bhelp\s+(?:me|us)\s+(?:to\s+)?(?:get|reach|hit)\s+(?:\d+|more)\s+(?:subs|subscribers)\b"
    r"|\bnew\s+channel\s+(?:please\s+|pls\s+)?(?:go\s+)?check\s+(?:it\s+)?out\b"
)
# "My channel" alone: a creator's plug in a comment, but also a Lightning node's payment channel
# or a TV channel. Weak alone; with "subscribe", a link or a handle it is promotion.
MY_CHANNEL = re.compile(r"\bmy\s+(?:channel|chanel|chhanel)\b(?!\.\w)")
PROFILE = compile_alternation(
    r"\b(?:check|see|look\s+at|visit|link\s+in|info\s+in|contact\s+in)\s+"
    r"(?:(?:my\s+)?(?:bio|profile|username|nickname|avatar|pfp)|my\s+name)\b"
    # "Check my pinned post": where the offer waits, one tap from the name.
    r"|\b(?:check|see|look\s+at|visit|read)\s+(?:out\s+)?my\s+pinned\s+(?:post|message)\b"
    r"|\b(?:смотри\w*|в|глянь\w*)\s+(?:мо[её]м|моего|мой|моей)\s+(?:профил\w*|био\b|описани\w*"
    r"|аватар\w*|аве\b|нике\b)"
    r"|\b(?:ссылка|ссылки|контакты|инфа|подробности)\s+в\s+(?:профил\w*|био\b|описании\s+профил)"
    r"|看我(?:的)?(?:名字|头像|昵称|简介|主页|资料|签名|id)|(?:名字|头像|昵称|简介|主页)(?:上|里)有"
    # "看名字 有福利": the name is where the offer is ("看名字就知道" only judges by a name).
    r"|看(?:名字|昵称|头像|简介|主页)\s*(?:有(?:福利|惊喜|好东西|好货|资源)|加|联系|私|进群|拿|领)"
    # ...or where a message ends ("全网最低 看简介"); "好看头像" only praises one.
    r"|(?<![好难耐])看(?:名字|昵称|头像|简介|主页)[\W_]*$"
)
CHEAPER = compile_alternation(
    r"\bcheaper\b|\b(?:better|lower|best)\s+prices?\b|\bhalf\s+(?:the\s+)?price"
    r"|\bfor\s+less\b|\bwholesale\s+price|\bfactory\s+price"
    r"|дешевле|ниже\s+цен|цен[ыа]?\s+(?:\S+\s+)?ниже|выгоднее|оптов\w*\s+цен|по\s+себестоимости"
    r"|更便宜|便宜(?:点|些|很多|一半)|低价|全网最低|批发价|成本价|出厂价|比这(?:里|边)便宜"
)
JOIN = compile_alternation(
    r"\bjoin\s+(?:my|our)\s+(?:new\s+)?(?:group|channel|server|community|chat|team)"
    r"|\b(?:check\s+out|visit|subscribe\s+to|follow)\s+(?:my|our)\s+(?:new\s+)?"
    r"(?:channel|group|shop|store|page|account)|\bsubscribe\s+to\s+me\b"
    r"|(?:вступа\w*|вступи\w*|заход\w*|зайди\w*|подписыва\w*|подпишись|переход\w*|перейди(?:те)?)\s+(?:в|на|к)\s+(?:мо\w+|наш\w*)?\s*"
    r"(?:канал|групп\w*|чат|магазин)|(?:мой|наш)\s+(?:новый\s+)?(?:канал|магазин)"
    r"|加群|进群|入群|拉你进|我的群|我们(?:的)?群|群号|关注我|来我(?:的)?(?:群|店)|我(?:的)?(?:新)?店"
    # "We moved, the new chat is t.me/...": the group itself said to be elsewhere now.
    r"|\bwe(?:'ve|\s+have)?\s+moved\b|\bnew\s+(?:chat|group)\s+(?:is|here|at|link)\b"
    r"|\bcome\s+over\s+to\b|мы\s+переехали|новый\s+чат\s+(?:тут|здесь|по\s+ссылке)"
)
# Sending members to a place named ("buy from X", "best deals at X, come see", "去X买"): asked
# only of a known member's message naming a listed rival, where asking about it ("is X legit?")
# or its news ("X shut down") sends nobody anywhere.
RECOMMEND = compile_alternation(
    r"\b(?:buy|order|shop|get\s+(?:it|them|yours|one))\s+(?:\w+\s+){0,2}?(?:at|from|on)\b"
    r"|\b(?:come|go|head)\s+(?:to|see|check|over)\b|\bcheck\s+(?:them\s+|it\s+)?out\b"
    r"|\bvisit\b|\bbest\s+(?:deals?|prices?|offers?)\b|\brecommend\w*\b|\binstead\b"
    r"|\btry\s+(?:them|it)\b|\b(?:sale|discount|\d+\s*%\s*off)\b"
    r"|покупай\w*|купи(?:те)?\b|заказывай\w*|закажи\w*|заходи(?:те)?\b|зайди\w*"
    r"|переходи(?:те)?\b|перейди\w*|загляни\w*|рекомендую|советую|лучше\s+(?:в|у)\b"
    r"|скидк\w*|распродаж\w*"
    r"|去[^\n。！？?]{0,20}(?:买|看|下单)|在[^\n。！？?]{0,20}(?:买|下单)|推荐|来\S{0,4}看|打折|优惠|折扣"
)
# A messenger name next to an id that holds a digit ("wechat: abc123", "qq 12345678"); WeChat
# by its homophones too ("加薇", "威信"), QQ by its nicknames ("企鹅", "球球", "+口"). An emoji
# or an arrow may stand between the name and the id ("qq☆ 12345678", "vx 👉 abc123").
_BETWEEN = rf"(?:[\s:：;；\-]|[{SYMBOLS}]){{0,6}}"
MESSENGER_ID = compile_alternation(
    r"(?:(?<![a-zа-я\d-])(?:wechat|weixin|vx|wx|qq|line|whats\s?app|viber|telegram|тг|вайбер|ватсап"
    r"|signal|snapchat|snap)(?![a-zа-я])|微信|v信|扣扣|绿泡泡|[薇威]\s?信|加\s?(?:卫星|[薇威卫嶶]))"
    rf"{_BETWEEN}(?:(?:id|号|me(?=\s)|мне(?=\s)){_BETWEEN})?"
    # An id with a digit in it, or a phone number written in groups ("+44 7700 900123").
    r"(?:(?=[a-z_+-]*\d)[a-z0-9_+-]{5,}|\+?\d{1,4}(?:[\s.-]\d{2,6}){2,5}(?!\d))"
    # QQ's nicknames are words too ("企鹅" is a penguin): only with a QQ number, digits alone.
    rf"|(?:抠抠|企鹅|球球|[+加]\s?口)号?{_BETWEEN}\d{{5,11}}(?![\d\-])"
    # QQ as "扣" before a QQ number ("扣 1 2 3 4 5 6 7 8"): "扣1" asks for a reply, "扣5000元"
    # is money taken, "扣50000分" points lost; six digits or more and no unit are a number.
    rf"|(?<![\u4e00-\u9fff])扣{_BETWEEN}\d{{6,11}}(?![\d\-元块万分点金积血])"
    # QQ as one "q" where a number is handed over ("加q 12345678", "购买找q:12345678").
    rf"|(?:加|联系|私|找)\s?q(?![a-z]){_BETWEEN}\d{{5,11}}(?![\d\-])"
    # WeChat as one "v" and a colon after Chinese ("出号，v：abc12345"): an id as WeChat makes
    # them, a letter first and a digit in it (a version, "版本 v: 2.1", is not one).
    r"|(?:(?<=[\u4e00-\u9fff,，。！!、])|(?<=[\u4e00-\u9fff,，。！!、]\s))v\s?[:：]\s?"
    r"[a-z](?=[a-z_-]*\d)[a-z0-9_-]{4,}"
)
# Chinese: a group number to join ("群号123456", "加q群:..."), an id or a phone after "contact",
# "find", "ask" or "add", glued to the characters around it as Chinese writes it.
GROUP_NUMBER = compile_alternation(
    # "裙" and "君羊" are how ads write 群 past a filter ("可商裙123456789").
    rf"(?:[群裙]号|q[群裙]|qq[群裙]|[一二三1-9]?[群裙]|[进加入][群裙]|外部[群裙]|主[群裙]|君羊)"
    rf"\s*(?:号|号码)?{_BETWEEN}"
    # A date is no group number ("资源群 → 20240315 的聊天记录").
    r"(?!(?:19|20)\d\d[01]\d[0-3]\d(?!\d))(\d{6,11})"
)
ZH_CONTACT = compile_alternation(
    # Who answers may stand between: "联系小王13800138000".
    r"(?:联系|电话|热线|专线|手机|咨询|找|加|购买联系|客服)(?:[\u4e00-\u9fff]{1,3}?)?"
    r"\s*(?:qq|微信|v|电话)?\s*[:：]?\s*"
    r"(1\d{10}|400\d{7}|\d{6,11})"
)
# "Never send you a private message" warns about hand-offs; it is not one.
NEGATED = re.compile(r"(?:never|not|n't|не|никогда|不会|不要|别)\W*(?:\w+\W+){0,3}$")
# Mentions that address everyone rather than hand over a contact.
NOT_CONTACTS = frozenset({"everyone", "admin", "admins", "all", "here", "channel"})
ENDS_WITH_CONTACT = re.compile(
    r"(?:@[a-z][a-z0-9_]{3,31}|t(?:elegram)?\.(?:me|dog)/\S+|(?<![\w/.=-])1\d{10}"
    r"|(?<=[\u4e00-\u9fff:：])\s*\d{6,11})[\W_]*$"
)
NAME_HANDLE = re.compile(r"(?<![\w@])@([a-z][a-z0-9_]{3,31})")
NAME_LINK = re.compile(
    r"\b(?:t\.me/[\w+-]+|[a-z0-9-]{2,}\.(?:com|net|org|shop|store|ru|cn|top|xyz))\b"
)
NAME_PHONE = re.compile(r"\+?\d[\d\s-]{8,14}\d")
# A Chinese ad's signature: a number and then who answers it ("13800138000陈先生", "QQ123王老师").
ZH_SIGNATURE = re.compile(
    r"\d{6,11}\s*[\u4e00-\u9fff]{1,2}(?:先生|经理|老师|小姐|女士|总|生)|【[^】]{2,16}】[\W_]*$"
)
PRICE_TALK = compile_alternation(
    r"\bprices?\b|\bcost\b|\bsell(?:ing)?\b|\bfor\s+sale\b|цен[аыу]|продаю|продам|стоимост"
    r"|价格|价钱|出售|出二手|便宜出|代开|代办|收购|求购|报价"
)
# A buyer asking for the price to be sent to them ("DM me the price list", "скиньте прайс",
# "私我一下价格"): the price is what they want to receive, not what a seller hides in private
# ("DM me for the price", "цена в лс", "价格私聊").
BUYER_ASKS_PRICE = compile_alternation(
    r"\b(?:dm|pm|message|send|text|tell|give)\s+me\s+(?:the|your|ur|a)\s+(?:\w+\s+)?"
    r"(?:prices?|cost|price\s*list|pricelist)\b|\bsend\s+(?:over\s+)?the\s+prices?\b|"
    r"(?<![^\W\d_])(?:напиши|напишите|сообщи|сообщите)\s+мне\s+(?:[\w-]+\s+){0,3}?"
    r"(?:цен[уы]|прайс\w*|стоимость)|(?<![^\W\d_])(?:скинь|скиньте|пришли|пришлите|отправь"
    r"|отправьте)\s+(?:мне\s+)?(?:(?!сво)[\w-]+\s+){0,3}?(?:прайс\w*|цен[уы]|стоимость)|"
    r"私我一下(?:价格|价钱|报价|价目)|(?:发|告诉)我(?:一下)?(?:价格|价钱|报价|价目)"
)


def _phrases(*parts: str | tuple[str, ...], sep: str = " ") -> tuple[str, ...]:
    """Every phrase made of one word from each part in turn, joined by `sep`, the first part's
    word changing slowest: ("check", "see"), ("", "my"), "bio" give "check bio", "check my bio",
    "see bio", "see my bio". A string part is its one word; an empty word leaves its place (and
    its `sep`) out. So the cue lists below state each family of phrases once, as its words."""
    choices = [(part,) if isinstance(part, str) else part for part in parts]
    return tuple(sep.join(word for word in words if word) for words in product(*choices))


# Word groups that `CUES` and a pattern's own cues (below) are both made of, stated once.
_AT = ("@", "to @")  # "write @shop", "write to @shop"
# Asking to be written to, at a handle or by name: "text @shop", "write me", "contact us".
_WRITE_TO = (
    *_phrases("text", _AT),
    *_phrases("write", ("me", *_AT)),
    *_phrases("contact", ("me", "us", *_AT)),
)
_CALL_ME = ("hmu", "hit me", "ping me", "add me", "app me")  # "hit me up", "whatsapp me"
_RU_DM = ("лс", "личк", "личн", "директ")
_ZH_HANDOFF = (
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
    "密我",
    "秘我",
    "详聊",
)
_CHANNEL = ("channel", "chanel", "chhanel")
_PROMO_THINGS = (
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
)
_PLEASE = ("please", "pls", "plz")
_ZH_CONTACT = ("联系", "电话", "热线", "专线", "手机", "咨询", "找", "加", "客服")
_PROFILE_PLACES = ("bio", "profile", "username", "nickname", "avatar", "pfp")
_RU_PROFILE_PLACES = ("профил", "био", "описани", "аватар", "аве", "нике")
_ZH_PROFILE_PLACES = ("名字", "头像", "昵称", "简介", "主页")
_ZH_GROUP = ("群", "裙", "君羊")  # "裙" and "君羊" are 群 written past a filter

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
    *_phrases("message", _AT),
    "msg me",
    "text me",
    "texted",
    *_WRITE_TO,
    "contact in",
    *_CALL_ME,
    "пиш",
    "напиш",
    "стучи",
    *_RU_DM,
    "обращайтесь",
    *_ZH_HANDOFF,
    # self-promotion
    *_CHANNEL,
    *_PROMO_THINGS,
    "check my",
    "subscri",
    "subcri",
    "suscri",
    "sub ",
    "subs",
    *_phrases(_PLEASE, "sub"),
    "follow me",
    # more hand-offs (Russian), Chinese contacts and group numbers
    "свяж",
    "связ",
    "детал",
    "заинтересован",
    "интересно",
    *_ZH_CONTACT,
    "q群",
    # profile pointers
    *_PROFILE_PLACES,
    "my name",
    *_RU_PROFILE_PLACES,
    "看我",
    *_ZH_PROFILE_PLACES,
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
    *_ZH_GROUP,
    "关注我",
    "来我",
    "拉你进",
    "moved",
    "new chat",
    "new group",
    "come over",
    "переехали",
    "店",
    # messenger ids
    "wechat",
    "weixin",
    "vx",
    "wx",
    "微信",
    "v信",
    "qq",
    "扣",  # (扣扣 too)
    "抠抠",
    "企鹅",
    "球球",
    "绿泡泡",
    "+口",
    "加q",
    "找q",
    "私q",
    "联系q",
    "v:",
    "v：",
    "line",
    "whats app",
    "whatsapp",
    "viber",
    "signal",
    "snap",
    "вайбер",
    "ватсап",
    "telegram",
    "тг",
)


# One Aho-Corasick pass over the text finds every cue.
CUE_MATCHER = literal_automaton(dict.fromkeys(CUES, True))


def has_cue(norm: str) -> bool:
    """Whether a normalised text holds any cue (so the patterns may match it)."""
    return next(CUE_MATCHER.iter(norm), None) is not None


PATTERNS = (
    HANDOFF,
    SELF_PROMO,
    PROFILE,
    CHEAPER,
    JOIN,
    MESSENGER_ID,
    GROUP_NUMBER,
    ZH_CONTACT,
)

# Each gated pattern's own cues: literals at least one of which every match of that pattern holds
# (in normalised text, where a run of spaces is one space). `CUES` say whether any pattern may
# match; these say which: a text holding a cue runs only the patterns whose own cues it holds too
# ("центре" holds the cue "цен", but no literal "cheaper elsewhere" is made of). They are the
# pattern's own phrases, as tight as its words allow ("в лс", not "лс", which "сломался" holds),
# and some are phrases `CUES` lack ("see my pinned post"): a pattern's own list must cover all of
# it, while whether anything runs at all stays `CUES`' answer. tests/policies/
# test_poaching_fastpath.py proves each list covers its pattern, reading its parse tree.
_DM = ("dm", "pm")
_VIA = ("in", "via", "by", "through", "to")
HANDOFF_CUES = (
    # "dm me", "pm for details", "dm @shop"; "in dms", "send you a pm", "i dm'd you".
    *_phrases(_DM, ("me", "for", "if", "now", *_AT)),
    *(cue for dm in _DM for cue in _phrases((*_VIA, "i"), dm)),
    *(cue for dm in _DM for cue in _phrases(("send", "sent"), ("", "you", "a", "you a"), dm)),
    "inbox",
    # "check your dm", "check ur messages".
    *_phrases("ur", (*_DM, "messages")),
    *_phrases(_VIA, ("private", "direct")),
    "private message",
    "message me",
    "messaged you",
    *_phrases("message", _AT),
    "msg me",
    "text me",
    "texted you",
    *_WRITE_TO,
    *_CALL_ME,
    "пиши",
    "стучи",
    *_phrases("в", _RU_DM),
    "обращайтесь",
    "свяж",
    "связ",
    *_ZH_HANDOFF,
)
SELF_PROMO_CUES = (
    # "check out my new videos": "my", "our" or the word between them before the thing promoted.
    *_phrases(("my", "our", "new", "youtube"), _PROMO_THINGS),
    *_phrases(("my", "our", "new", "first", "youtube", "yt"), _CHANNEL),
    *_phrases(("check", "check out"), ("my", "our")),
    "check me out",
    "subcri",
    "suscri",
    "sub ",
    "subs",
    "follow me",
    *_phrases(_PLEASE, ("", "go"), "sub"),
    *_phrases(("like", "comment"), ("and", "&", "n"), "sub"),
)
MY_CHANNEL_CUES = _phrases("my", _CHANNEL)
_PROFILE_VERBS = ("check", "see", "at", "visit", "in")
PROFILE_CUES = (
    # "check my bio", "link in bio", "look at my pfp", "see my name".
    *_phrases(_PROFILE_VERBS, ("", "my"), _PROFILE_PLACES),
    *_phrases(_PROFILE_VERBS, "my name"),
    "my pinned",
    *_phrases(" ", _RU_PROFILE_PLACES, sep=""),  # after a space, as the patterns have them
    "看我",
    *_phrases(_ZH_PROFILE_PLACES, ("上", "里"), "有", sep=""),
    *_phrases("看", _ZH_PROFILE_PLACES, sep=""),
)
CHEAPER_CUES = (
    "cheaper",
    *_phrases(("better", "lower", "best", "half", "half the", "wholesale", "factory"), "price"),
    "for less",
    "дешевле",
    "ниже",
    "выгоднее",
    "оптов",
    "себестоимост",
    "更便宜",
    *_phrases("便宜", ("点", "些", "很多", "一半"), sep=""),
    "低价",
    "全网最低",
    "批发价",
    "成本价",
    "出厂价",
    "比这里便宜",
    "比这边便宜",
)
JOIN_CUES = (
    *_phrases(("join", "check out", "visit", "subscribe to", "follow"), ("my", "our")),
    "subscribe to me",
    "вступа",
    "вступи",
    "заход",
    "зайди",
    "подписыва",
    "подпишись",
    "переход",
    "перейди",
    *_phrases(("мой", "наш", "новый"), ("канал", "магазин")),
    "加群",
    "进群",
    "入群",
    "拉你进",
    "我的群",
    "我们群",
    "我们的群",
    "群号",
    "关注我",
    "来我",
    "我店",
    "我的店",
    "我新店",
    "我的新店",
    "we moved",
    "we've moved",
    "we have moved",
    "new chat",
    "new group",
    "come over",
    "переехали",
    "новый чат",
)
_MAYBE_SPACE = ("", " ")
MESSENGER_ID_CUES = (
    "wechat",
    "weixin",
    "vx",
    "wx",
    "qq",
    "line",
    "whatsapp",
    "whats app",
    "viber",
    "telegram",
    "тг",
    "вайбер",
    "ватсап",
    "signal",
    "snap",
    "微信",
    "v信",
    "绿泡泡",
    *_phrases(("薇", "威"), _MAYBE_SPACE, "信", sep=""),
    *_phrases("加", _MAYBE_SPACE, ("卫", "薇", "威", "嶶"), sep=""),
    "抠抠",
    "企鹅",
    "球球",
    *_phrases(("+", "加"), _MAYBE_SPACE, "口", sep=""),
    *_phrases(("加", "联系", "私", "找"), _MAYBE_SPACE, "q", sep=""),
    *_phrases("v", _MAYBE_SPACE, (":", "："), sep=""),
    "扣",  # (扣扣, and 扣 before a QQ number)
)
GROUP_NUMBER_CUES = _ZH_GROUP
ZH_CONTACT_CUES = _ZH_CONTACT

# The bits `cues_in` answers with: `ANY_CUE` for `CUES`, and one per gated pattern.
ANY_CUE = 1
HANDOFF_CUED = 1 << 1
SELF_PROMO_CUED = 1 << 2
MY_CHANNEL_CUED = 1 << 3
PROFILE_CUED = 1 << 4
CHEAPER_CUED = 1 << 5
JOIN_CUED = 1 << 6
MESSENGER_ID_CUED = 1 << 7
GROUP_NUMBER_CUED = 1 << 8
ZH_CONTACT_CUED = 1 << 9
GATED: dict[re.Pattern[str], tuple[int, tuple[str, ...]]] = {
    HANDOFF: (HANDOFF_CUED, HANDOFF_CUES),
    SELF_PROMO: (SELF_PROMO_CUED, SELF_PROMO_CUES),
    MY_CHANNEL: (MY_CHANNEL_CUED, MY_CHANNEL_CUES),
    PROFILE: (PROFILE_CUED, PROFILE_CUES),
    CHEAPER: (CHEAPER_CUED, CHEAPER_CUES),
    JOIN: (JOIN_CUED, JOIN_CUES),
    MESSENGER_ID: (MESSENGER_ID_CUED, MESSENGER_ID_CUES),
    GROUP_NUMBER: (GROUP_NUMBER_CUED, GROUP_NUMBER_CUES),
    ZH_CONTACT: (ZH_CONTACT_CUED, ZH_CONTACT_CUES),
}
# Every pattern's bit: a text with none of them set matches no pattern.
ANY_PATTERN_CUED = sum(bit for bit, _ in GATED.values())  # (distinct bits: the sum is the union)
# The patterns every match of which holds a digit (a number, an id with a digit in it, or a
# lookahead for one): a text with no digit matches none of them, whatever words it holds.
NEED_DIGIT = MESSENGER_ID_CUED | GROUP_NUMBER_CUED | ZH_CONTACT_CUED
_DIGIT = re.compile(r"\d")  # the patterns' own \d (any Unicode digit, not only 0-9)


def _cue_bits() -> dict[str, int]:
    """Each cue's bits: `ANY_CUE` for one of `CUES`, and the bit of every pattern it cues."""
    bits = dict.fromkeys(CUES, ANY_CUE)
    for bit, words in GATED.values():
        for word in words:
            bits[word] = bits.get(word, 0) | bit
    return bits


# One Aho-Corasick pass finds `CUES` and every pattern's own cues at once.
CUE_BITS_MATCHER = literal_automaton(_cue_bits())


def cues_in(norm: str) -> int:
    """The cue bits of a normalised text: 0 where it holds none of `CUES` (no pattern runs),
    else `ANY_CUE` and the bit of each pattern that may match it (its own cues are there, and a
    digit if it needs one)."""
    bits = 0
    for _end, word_bits in CUE_BITS_MATCHER.iter(norm):
        bits |= word_bits
    if not bits & ANY_CUE:
        return 0
    if bits & NEED_DIGIT and _DIGIT.search(norm) is None:
        bits &= ~NEED_DIGIT
    return bits
