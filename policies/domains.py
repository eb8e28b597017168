"""Well-known sites: a link to one is what ordinary chat looks like, not what ads look like.

Members share code, videos, maps, articles, shop listings and parcel tracking from these hosts
all day. A link to one of them (or a subdomain) is still noted, but weighs little; phishing uses
look-alike hosts ("usps-redelivery.com"), which do not match, so they keep their full weight.
This is a list of facts about the web written for Steward, kept short on purpose: a chat adds its
own with the `allow_domains` setting.
"""

from __future__ import annotations

WELL_KNOWN: frozenset[str] = frozenset(
    {
        # Code, questions and reference.
        "github.com",
        "gitlab.com",
        "stackoverflow.com",
        "stackexchange.com",
        "wikipedia.org",
        "python.org",
        "pypi.org",
        "npmjs.com",
        "readthedocs.io",
        "mozilla.org",
        "habr.com",
        "zhihu.com",
        "baike.baidu.com",
        "csdn.net",
        # Video, music and social sites people quote from.
        "youtube.com",
        "youtu.be",
        "bilibili.com",
        "vimeo.com",
        "reddit.com",
        "medium.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "vk.com",
        # Telegram's own site (its blog, FAQ and API pages), not a chat: t.me links are those.
        "telegram.org",
        "weibo.com",
        "spotify.com",
        "music.yandex.ru",
        # Maps, mail, documents, calendars and meetings.
        "google.com",
        "maps.app.goo.gl",
        "docs.google.com",
        "drive.google.com",
        "yandex.ru",
        "ya.ru",
        "maps.apple.com",
        "apple.com",
        "microsoft.com",
        "zoom.us",
        "meetup.com",
        "eventbrite.com",
        "notion.so",
        "amap.com",
        "map.baidu.com",
        # Big shops and marketplaces, where members show what they mean.
        "amazon.com",
        "amazon.co.uk",
        "amazon.de",
        "ebay.com",
        "etsy.com",
        "aliexpress.com",
        "taobao.com",
        "tmall.com",
        "jd.com",
        "pinduoduo.com",
        "ozon.ru",
        "wildberries.ru",
        "avito.ru",
        "market.yandex.ru",
        "ikea.com",
        "nike.com",
        "adidas.com",
        # Parcel tracking and post offices.
        "usps.com",
        "ups.com",
        "fedex.com",
        "dhl.com",
        "royalmail.com",
        "pochta.ru",
        "cdek.ru",
        "sf-express.com",
        "17track.net",
        # News and weather.
        "bbc.co.uk",
        "bbc.com",
        "theguardian.com",
        "nytimes.com",
        "reuters.com",
        "rbc.ru",
        "ria.ru",
        "meduza.io",
        "people.com.cn",
        "xinhuanet.com",
        "weather.com",
        "gismeteo.ru",
    }
)


def is_well_known(domain: str) -> bool:
    """Whether a link's host is a well-known site (a brand's own included) or a subdomain."""
    if domain in _KNOWN:
        return True
    parts = domain.split(".")
    return any(".".join(parts[i:]) in _KNOWN for i in range(1, len(parts) - 1))


# Brands phishing poses as, each with the sites that are really its own. A host that names one
# (as a whole label or a hyphenated part of one: "privat24-payout.site",
# "privat24.get-help.online", "usps-redelivery.com") on any other site is a look-alike: the bank,
# shop or carrier never sends its customers there. Only names no ordinary word or site shares are
# listed ("apple" is a pie's too); none is named by any host in the real exports or the ham
# corpus.
BRANDS: dict[str, tuple[str, ...]] = {
    "paypal": ("paypal.com", "paypal.me"),
    "binance": ("binance.com", "binance.us", "binance.org", "binance.info"),
    "coinbase": ("coinbase.com",),
    "metamask": ("metamask.io",),
    "trustwallet": ("trustwallet.com",),
    "bybit": ("bybit.com",),
    "kucoin": ("kucoin.com",),
    "okx": ("okx.com",),
    "revolut": ("revolut.com",),
    "tinkoff": ("tinkoff.ru", "tbank.ru"),
    "sberbank": ("sberbank.ru", "sberbank.com", "sber.ru"),
    "privat24": ("privat24.ua", "privatbank.ua"),
    "privatbank": ("privatbank.ua", "privat24.ua"),
    "monobank": ("monobank.ua",),
    "gosuslugi": ("gosuslugi.ru",),
    "wildberries": ("wildberries.ru", "wb.ru"),
    "alipay": ("alipay.com",),
    "usps": ("usps.com",),
    "fedex": ("fedex.com",),
    "dhl": ("dhl.com", "dhl.de"),
    "netflix": ("netflix.com",),
    "whatsapp": ("whatsapp.com", "whatsapp.net", "wa.me"),
    "telegram": ("telegram.org", "t.me", "telegram.me"),
    "steamcommunity": ("steamcommunity.com",),
}


# Digits dressed as letters in a host ("paypa1-secure.com", "b1nance-gift.io").
_AS_L = str.maketrans("10", "lo")
_AS_I = str.maketrans("10", "io")


def posing_as(domain: str) -> str | None:
    """The brand a host names without being one of the brand's own sites, or None."""
    parts = {part for label in domain.split(".") for part in label.split("-")}
    parts |= {part.translate(table) for part in parts for table in (_AS_L, _AS_I)}
    for brand in sorted(parts.intersection(BRANDS)):
        if not any(domain == own or domain.endswith("." + own) for own in BRANDS[brand]):
            return brand
    return None


# A brand's own sites are as ordinary to link as the list above ("check paypal.com for the
# receipt"), except the hosts whose links lead to a person: a payment link, a WhatsApp number, a
# Telegram account are judged as what they are.
_TO_A_PERSON = frozenset({"paypal.me", "wa.me", "t.me", "telegram.me"})
_KNOWN = WELL_KNOWN | {own for sites in BRANDS.values() for own in sites} - _TO_A_PERSON

# Telegram's own hosts: a link to one is a link to a chat or an account, judged as such.
TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
# Hosts a chat may not allow whole (`allow_domains`): every group's invite, every stranger's
# WhatsApp or payment link would pass. The group's own link is allowed by itself (`/allow link`).
NOT_ALLOWABLE = TELEGRAM_HOSTS | _TO_A_PERSON


def is_allowed(domain: str, allow: frozenset[str]) -> bool:
    """A domain the chat allows (its `allow_domains`), or a subdomain of one."""
    return domain in allow or any(domain.endswith("." + a) for a in allow)
