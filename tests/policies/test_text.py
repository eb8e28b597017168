"""Table tests for normalisation and entity extraction."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.text import (
    caps_ratio,
    disguised_words,
    emoji_count,
    extract,
    normalise,
    script_of,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＦＲＥＥ ＭＯＮＥＹ", "free money"),
        ("f r e e money", "free money"),
        ("E.A.R.N now", "earn now"),
        ("m.a.k.e m.o.n.e.y f.r.o.m h.o.m.e", "make money from home"),
        ("c a s h   l o a n   t o d a y", "cash loan today"),
        ("Ноt singlеs in yоur аrеа", "hot singles in your area"),
        ("b e t w i n (dot) club", "betwin.club"),
        ("fr3e c4sh", "free cash"),
        ("зaрaбoтoк", "заработок"),
        ("pаypаl", "paypal"),
        ("w\u200bh\u200ba\u200bt\u200bs\u200ba\u200bp\u200bp", "whatsapp"),
        ("z\u0336a\u0336l\u0336g\u0336o", "zalgo"),
        # A right-to-left override shows its text reversed: read it as shown.
        ("\u202elive\u202c text", "evil text"),
        (
            "\u202eeman ruoy ,tnemtsevni eht ni $0005 nraE",
            "earn 5000$ in the investment, your name",
        ),
        ("iphone15 for 500k, 5g", "iphone15 for 500k, 5g"),
        ("Meet at 3pm, bring 2kg and 100ml, 20min", "meet at 3pm, bring 2kg and 100ml, 20min"),
        ("0nlyfans 3arn", "onlyfans earn"),
        ("Привет, как дела?", "привет, как дела?"),
        ("请问还有货吗", "请问还有货吗"),
        ("", ""),
    ],
    ids=[
        "fullwidth",
        "spaced",
        "dotted",
        "dotted-words",
        "spaced-words",
        "cyrillic-disguise",
        "dot-word",
        "leet",
        "latin-in-cyrillic",
        "cyrillic-in-latin",
        "zero-width",
        "combining",
        "bidi",
        "bidi-reversed-ad",
        "model-numbers-kept",
        "quantities-kept",
        "leading-digit-leet",
        "russian-kept",
        "chinese-kept",
        "empty",
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    """Disguises are undone; ordinary text in any script is left readable."""
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A number in Chinese numerals, spaced or not, is read as digits (six numerals or more).
        ("要的+口 三二一四五六七八", "要的+口 32145678"),
        ("联系 幺三八 零零幺三 八零零零", "联系 13800138000"),
        ("壹贰叁肆伍陆", "123456"),
        ("周一二三四五上班", "周一二三四五上班"),
        ("一五一十地说", "一五一十地说"),
        # An emoji or a star between two single letters splits a messenger's name.
        ("v❤x：abc12345", "vx:abc12345"),
        ("☆Q☆Q☆ 987654321", "☆qq☆ 987654321"),
        ("I ❤ u", "i ❤ u"),
        ("love ❤️ you", "love ❤ you"),
    ],
    ids=[
        "numerals",
        "spaced-numerals",
        "financial-numerals",
        "weekdays-kept",
        "idiom-kept",
        "heart-split",
        "star-split",
        "spaced-heart-kept",
        "word-heart-kept",
    ],
)
def test_normalise_reads_numbers_and_names_split_to_hide(raw: str, expected: str) -> None:
    """Chinese contacts hide their numbers in numerals and their messenger's name behind emoji."""
    assert normalise(raw) == expected


def test_a_phone_number_in_chinese_numerals_is_a_phone_number() -> None:
    raw = "联系 幺三八 零零幺三 八零零零"
    assert extract(raw, normalise(raw)).phones == ("13800138000",)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("详询4006505568【某某眼镜】", ("4006505568",)),
        ("来电张先生1390228 1289谢谢", ("1390228 1289",)),
        ("详询 4006505568 【某某眼镜】", ("4006505568",)),
        # Latin letters around digits still make an id, not a number.
        ("order abc13912345678", ()),
    ],
    ids=["glued-hotline", "glued-mobile", "spaced-hotline", "latin-id"],
)
def test_a_phone_number_glued_to_chinese_is_a_phone_number(
    raw: str, expected: tuple[str, ...]
) -> None:
    """Chinese is written without spaces: a number runs straight on from the characters before
    and after it, and it is the same number as with a space between."""
    assert extract(raw, normalise(raw)).phones == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Small capitals and a Cyrillic "twe" inside Russian words read as the letters they mimic.
        ("Пᴏсле бᴀхмуꚍa", "после бахмута"),
        # Greek capitals in a Cyrillic word: capital gamma is Г, small gamma is у.
        ("ΒОΛΟСЫ НА ΓОЛОΒΕ", "волосы на голове"),
        ("бγдет", "будет"),
        # Latin u and n stand for и and п inside Russian words.
        ("Евгeнuй", "евгений"),
        # Greek text on its own is Greek, and stays so.
        ("Ελληνικά", "ελληνικά"),
    ],
    ids=["small-capitals", "greek-in-cyrillic", "small-gamma", "latin-u", "greek-kept"],
)
def test_normalise_reads_rarer_look_alikes(raw: str, expected: str) -> None:
    """Letters from other alphabets that ads mix into Russian are read as what they show."""
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Набираю пapтнepoв в пpoeкт", 2),
        ("Пᴏсле бᴀхмγτa Евгeнuй", 3),
        ("ΒОΛΟСЫ ДЫБОΜ", 1),
        ("pаypal and nеtflix", 2),
        ("ᴄʜᴇᴄᴋ this", 1),
        # A brand with a Russian ending switches alphabets once; ë typed for ё is no disguise.
        ("Купил VPNа и iPhoneы, удалëнных людей", 0),
        # Uzbek's modifier letter and plain text in any script are not disguises.
        ("Boʻlsa koʻpchilikka", 0),
        ("Привет, как дела? Hello!", 0),
        ("请问还有货吗", 0),
        ("", 0),
        # Vietnamese: đ, ư and ơ are letters, not accents; "được" has one tone mark.
        ("Khóa này được cung cấp ở trên, Prođược kích hoạt được ngay", 0),
        ("ónlíné dépósít", 2),
    ],
    ids=[
        "latin-in-russian",
        "small-caps-greek",
        "greek-in-russian",
        "cyrillic-in-latin",
        "small-caps",
        "brand-endings",
        "uzbek",
        "plain-mixed-text",
        "chinese",
        "empty",
        "vietnamese",
        "sprinkled-accents",
    ],
)
def test_disguised_words(raw: str, expected: int) -> None:
    """Words with another alphabet's look-alikes between their own letters are counted."""
    assert disguised_words(raw) == expected


@pytest.mark.parametrize(
    ("raw", "field", "expected"),
    [
        ("join t.me/+AbCdEf now", "invite_links", 1),
        ("telegram . me / +VIPsignals — free", "invite_links", 1),
        ("b e t w i n (dot) club bonus", "domains", ("betwin.club",)),
        ("see you at 5. ok? / later", "urls", ()),
        ("see shop-example.com/sale", "domains", ("shop-example.com",)),
        ("https://www.Example.org/x?y=1.", "domains", ("example.org",)),
        ("write @Best_Deals_Shop", "handles", ("best_deals_shop",)),
        ("call +44 20 7946 0958 today", "phones", ("+44 20 7946 0958",)),
        (
            "usdt TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE here",
            "crypto",
            ("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",),
        ),
        (
            "send to 0x52908400098527886E0F7030069857D2E4169EE5",
            "crypto",
            ("0x52908400098527886E0F7030069857D2E4169EE5",),
        ),
        ("#sale #new", "hashtags", ("sale", "new")),
        ("version 1.2 is out, e.g. today", "domains", ()),
        ("order 12345 shipped", "phones", ()),
        # A message link's chat and post ids are not a phone number.
        ("notes here https://t.me/c/1755919516/29920 thanks", "phones", ()),
        ("key checked 1:01:11 PM, valid until 5 pm", "messengers", ()),
        ("pm me, I'm free after 5 pm", "messengers", ("pm",)),
        # IP addresses, version numbers and ids longer than any phone number are not phones.
        ("149.154.167.220 is pinned in the router's hosts", "phones", ()),
        ("KeeneticOS version 5.01.1.0-0 here", "phones", ()),
        ("channel id 640004827848835073 active", "phones", ()),
        # A list of address blocks, one a line, and a log line's date are not phones.
        ("138.128.136.0/21\n162.158.0.0/15\n172.64.0.0/13", "phones", ()),
        ("BusyBox v1.37.0 (2026-02-13 14:22:43 UTC)", "phones", ()),
        (
            "call +7 (916) 123-45-67 or 8 800 555 35 35",
            "phones",
            ("+7 (916) 123-45-67", "8 800 555 35 35"),
        ),
        # A bare run of digits is a phone only in a mobile number's shape; else it is an id.
        ("ЕГН: 6903036844, my user id 5123456789", "phones", ()),
        ("звони 89161234567 или 0888123456", "phones", ("89161234567", "0888123456")),
        ("加我 13800138000", "phones", ("13800138000",)),
        # In Chinese text a bare run is a QQ or group number; hotlines and full-width digits too.
        ("进群领福利，神秘数字：779172455", "phones", ("779172455",)),
        ("热线 4000287198 / hotline 8001234567", "phones", ("4000287198", "8001234567")),
        ("电话：１３３６６９５１６１４", "phones", ("１３３６６９５１６１４",)),
        # A messenger's name in a site's domain is a site, not a contact; a chat link on it is.
        ("try whatsapp.net and whatsapp.com through it", "messengers", ()),
        ("join chat.whatsapp.com/AbCdEf123", "messengers", ("whatsapp",)),
        # A trading signal is not the messenger.
        ("Any crypto signal for tomorrow?", "messengers", ()),
        ("write me on signal", "messengers", ("signal",)),
        # Group pings and pasted code's annotations are no accounts.
        ("/**  * @author Sharafat  * @param args  */", "handles", ()),
        ("@everyone the sensor is in testing, ask @vulcano_dev", "handles", ("vulcano_dev",)),
        ("@admin @all please message me", "handles", ()),
    ],
    ids=[
        "invite",
        "spaced-invite",
        "dot-word-domain",
        "sentence-not-link",
        "schemeless",
        "scheme-www",
        "handle",
        "phone",
        "tron",
        "eth",
        "hashtags",
        "not-a-link",
        "short-number",
        "message-link-ids",
        "time-of-day-pm",
        "pm-beside-a-time",
        "ip-address",
        "version-number",
        "long-id",
        "address-blocks",
        "log-date",
        "two-phones",
        "bare-ids",
        "bare-mobiles",
        "bare-chinese-mobile",
        "bare-qq-in-chinese",
        "hotlines",
        "full-width-mobile",
        "messenger-domain",
        "messenger-chat-link",
        "trading-signal",
        "signal-messenger",
        "code-annotations",
        "group-ping",
        "admin-ping",
    ],
)
def test_extract(raw: str, field: str, expected: object) -> None:
    """Links, handles, phones, wallets and hashtags are found; look-alikes are not."""
    assert getattr(extract(raw, normalise(raw)), field) == expected


def test_messenger_ids() -> None:
    """Messenger hand-offs are found in several languages."""
    raw = "пиши в ватсап или wechat"
    assert set(extract(raw, normalise(raw)).messengers) >= {"ватсап", "wechat"}


@pytest.mark.parametrize(
    ("raw", "script"),
    [("hello there", "en"), ("привет всем", "ru"), ("大家好", "zh"), ("🙂🙂", "other")],
    ids=["latin", "cyrillic", "han", "emoji"],
)
def test_script_of(raw: str, script: str) -> None:
    """The main script of a text is recognised."""
    assert script_of(raw) == script


def test_shouting_measures() -> None:
    """Emoji and capital letters are counted."""
    assert emoji_count("🔥🔥🔥 sale 💰") == 4
    assert caps_ratio("BUY NOW CHEAP WATCHES") > 0.9
    assert caps_ratio("OK") == 0.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_normalise_and_extract_never_raise(raw: str) -> None:
    """Any Unicode at all is handled."""
    norm = normalise(raw)
    extract(raw, norm)
    assert isinstance(norm, str)


def test_traditional_chinese_is_folded_to_simplified() -> None:
    """Ads written in traditional characters read like the simplified lexicon and seeds."""
    assert normalise("兼職日結，輕鬆賺錢") == "兼职日结,轻松赚钱"
    assert normalise("請問這款還有貨嗎？") == "请问这款还有货吗?"
    assert normalise("hello 老闆") == "hello 老板"


@pytest.mark.parametrize(
    ("norm", "expected"),
    [
        ("meet at 3pm", ()),
        ("write me in pm", ("pm",)),
        ("qq123456 vx888", ("qq", "vx")),
        ("пиши в лс", ("лс",)),
        # A product key's group ends in "dm" and "pm": the ends of runs, not words.
        ("key: njadt-628h3-q2xdm-kpd9m-r4tpm", ()),
    ],
    ids=["time-of-day", "pm-word", "ids-after-names", "russian-dm", "inside-a-key"],
)
def test_messenger_words_are_whole_words(norm: str, expected: tuple[str, ...]) -> None:
    """The "pm" in "3pm" is a time, not a private message, nor the "dm" that ends "q2xdm" in a
    product key; "qq123456" is still a QQ id."""
    from policies.text import messengers_in

    assert messengers_in(norm) == expected


def _messengers_without_the_fast_path(norm: str) -> tuple[str, ...]:
    """messengers_in with its one-scan early return switched off: every text goes through the
    tokens and the time-of-day, signal and domain rules."""
    from policies import text

    fast = text._MESSENGER_ANYWHERE
    text._MESSENGER_ANYWHERE = re.compile("")  # matches every text: never returns early
    try:
        return text.messengers_in(norm)
    finally:
        text._MESSENGER_ANYWHERE = fast


def _messenger_pieces() -> list[str]:
    from policies import text

    return [
        *text._MESSENGER_WORDS,
        *text._MESSENGER_PREFIXES,
        *text._MESSENGER_FRAGMENTS,
        *"2x a_1 .-/ 微信号",
        "hello",
        " ",
    ]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_messenger_pieces()), max_size=12).map("".join))
def test_messenger_fast_path_agrees_with_the_token_lookup(norm: str) -> None:
    """Texts built from messenger words, prefixes, fragments, digits and glue: the early return
    for texts holding no messenger word never drops one the full reading finds."""
    from policies.text import messengers_in

    assert messengers_in(norm) == _messengers_without_the_fast_path(norm)


def test_an_email_address_is_not_read_as_a_link() -> None:
    """Normalising turns "abc@163.com" into letters; the mangled host is not a link (it made
    the poaching and spam policies see a link to a shop that does not exist)."""
    raw = "write to abc@163.com please"
    assert extract(raw, normalise(raw)).domains == ()
    raw = "mail abc@163.com or t.me/+AbCdEf"
    assert extract(raw, normalise(raw)).invite_links == 1


@pytest.mark.parametrize(
    ("raw", "hidden", "buttons"),
    [
        ("join t.me/+AbCdEfGh now", ("https://t.me/+AbCdEfGh",), ()),
        ("join t.me/+AbCdEfGh now", (), ("https://t.me/+AbCdEfGh",)),
        ("join t.me/+AbCdEfGh now", (), ("https://www.t.me/+AbCdEfGh/",)),
        ("join https://t.me/+AbCdEfGh/ or t.me/+AbCdEfGh", (), ()),
        ("join www.t.me/joinchat/AbCdEfGh", ("https://t.me/+AbCdEfGh",), ()),
        ("come chat tg://join?invite=AbCdEfGh", (), ("tg://join?invite=AbCdEfGh",)),
    ],
    ids=["text-link", "button", "button-www-slash", "text-twice", "joinchat", "tg-join"],
)
def test_one_invite_written_twice_is_one_invite(
    raw: str, hidden: tuple[str, ...], buttons: tuple[str, ...]
) -> None:
    """The text's `t.me/+Code` and a text link's or a button's `https://t.me/+Code` (with or
    without `www.`, a trailing slash, `joinchat/`) are one invite: it was counted twice."""
    found = extract(raw, normalise(raw), hidden_links=hidden, button_links=buttons)
    assert found.invite_links == 1


def test_two_different_invites_are_still_two() -> None:
    raw = "t.me/+AbCdEfGh and t.me/+ZyXwVuTs"
    found = extract(raw, normalise(raw), button_links=("https://t.me/+AbCdEfGh",))
    assert found.invite_links == 2


@pytest.mark.parametrize(
    ("entities", "buttons"),
    [
        ((("text_link", 5, 7, "https://t.me/+AbCdEfGh"),), ()),
        ((), (("Join", "https://www.t.me/+AbCdEfGh/"),)),
    ],
    ids=["text-link", "button"],
)
def test_the_link_check_explains_one_invite_written_twice_as_one(
    entities: tuple[tuple[str, int, int, str], ...], buttons: tuple[tuple[str, str], ...]
) -> None:
    """The spam checks that read the count say "1 invite link" for such a message (a text link
    over the invite written out read as "2 invite links")."""
    from datetime import UTC, datetime, timedelta

    from policies import ButtonFact, ChatPolicy, EntityFact, MemberFacts, MessageFacts, evaluate

    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    facts = MessageFacts(
        chat_id=-100,
        message_id=7,
        user_id=42,
        text="Join our VIP chat: t.me/+AbCdEfGh",
        date=now,
        member=MemberFacts(joined_at=now - timedelta(minutes=5)),
        entities=tuple(EntityFact(*e) for e in entities),
        buttons=tuple(ButtonFact(*b) for b in buttons),
    )
    checks = {c.name: c for c in evaluate(facts, ChatPolicy(), now).checks}
    assert "links" in checks
    reasons = evaluate(facts, ChatPolicy(), now).reasons()
    assert "1 invite link" in reasons and "2 invite links" not in reasons, reasons


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("代写作业 私 我", "代写作业 私我"),
        ("出 手 游 账 号", "出手游账号"),
        ("我们 周六 见", "我们 周六 见"),
        ("好 的 ok", "好的 ok"),
        ("a b", "a b"),
        ("Мы с ним", "мы с ним"),
    ],
)
def test_two_chinese_characters_a_space_apart_are_one_word(raw: str, expected: str) -> None:
    """Chinese is written without spaces: "私 我" is "私我" pulled apart (three or more single
    characters were joined already; two were not). Latin and Cyrillic pairs stay words."""
    assert normalise(raw) == expected
