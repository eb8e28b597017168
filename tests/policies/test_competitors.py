"""Table tests for a chat's competitor list: entries, disguises, word edges, many names at once."""

from __future__ import annotations

import itertools
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.competitors import MAX_CHARS, NONE, Competitors, Entry, entry_of
from policies.text import normalise


def entry(raw: str) -> Entry:
    """A moderator's entry that must be accepted."""
    made = entry_of(raw)
    assert isinstance(made, Entry), f"{raw!r} was refused: {made}"
    return made


def listed(*raws: str) -> Competitors:
    """A competitor list from entries as moderators type them."""
    return Competitors(entry(raw) for raw in raws)


def found(competitors: Competitors, text: str) -> tuple[str, ...]:
    """What the list finds in a message, read the way the pipeline reads it."""
    return competitors.find(normalise(text))


# -- entries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        pytest.param("", "competitor_empty", id="empty"),
        pytest.param("   ", "competitor_empty", id="spaces"),
        pytest.param("\t\n \u3000", "competitor_empty", id="tabs-newlines-ideographic-space"),
        pytest.param("a", "competitor_short", id="one-letter"),
        pytest.param("ab", "competitor_short", id="two-letters"),
        pytest.param("A b", "competitor_short", id="two-letters-spaced"),
        pytest.param("@ab", "competitor_short", id="two-letter-handle"),
        pytest.param("t.me/ab", "competitor_short", id="two-letter-link"),
        pytest.param("(.*)+[", "competitor_short", id="regex-without-letters"),
        pytest.param("^$|.*", "competitor_short", id="regex-anchors"),
        pytest.param("🔥🔥🔥", "competitor_short", id="emoji-only"),
        pytest.param("x" * (MAX_CHARS + 1), "competitor_long", id="129-chars"),
        pytest.param("shop " * 40, "competitor_long", id="long-after-spacing"),
    ],
)
def test_entry_of_refuses(raw: str, why: str) -> None:
    """Empty, one- or two-letter and overlong entries are refused with a catalogue key."""
    assert entry_of(raw) == why


@pytest.mark.parametrize(
    ("raw", "key", "shown"),
    [
        pytest.param("abc", "abc", "abc", id="three-letters"),
        pytest.param("x" * MAX_CHARS, "x" * MAX_CHARS, "x" * MAX_CHARS, id="128-chars"),
        pytest.param("  Shop   Xyz ", "shopxyz", "Shop Xyz", id="spacing-collapsed"),
        pytest.param("@ShopXyz", "shopxyz", "@ShopXyz", id="handle"),
        pytest.param("https://t.me/shopxyz", "shopxyz", "https://t.me/shopxyz", id="t-me-link"),
        pytest.param("t.me/+AbCdEf123", "abcdef123", "t.me/+AbCdEf123", id="invite-link"),
        pytest.param(
            "telegram.me/joinchat/QwErTy", "qwerty", "telegram.me/joinchat/QwErTy", id="joinchat"
        ),
        pytest.param("www.shopxyz.com/sale", "shopxyzcom", "www.shopxyz.com/sale", id="www-path"),
        pytest.param(
            "https://www.shopxyz.com/sale?utm=1",
            "shopxyzcom",
            "https://www.shopxyz.com/sale?utm=1",
            id="url-query",
        ),
        pytest.param("ＳｈｏｐＸｙｚ", "shopxyz", "ＳｈｏｐＸｙｚ", id="fullwidth"),
        pytest.param("ShopXуz", "shopxyz", "ShopXуz", id="cyrillic-u"),
        pytest.param("[a-z]+shop", "azshop", "[a-z]+shop", id="regex-class"),
        pytest.param("'; DROP TABLE x;--", "droptablex", "'; DROP TABLE x;--", id="sql"),
        pytest.param("a{1000}b", "a1000b", "a{1000}b", id="regex-repeat"),
    ],
)
def test_entry_of_accepts(raw: str, key: str, shown: str) -> None:
    """Entries are reduced to a squashed key; links to what identifies them; text is literal."""
    assert entry_of(raw) == Entry(key, shown)


# -- disguises ----------------------------------------------------------------------------------

SHOP = listed("ShopXyz")
SHOP_COM = listed("shopxyz.com")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("buy at ShopXyz now", id="plain"),
        pytest.param("buy at S h o p X y z now", id="spaced"),
        pytest.param("buy at ShopXуz now", id="cyrillic-u"),
        pytest.param("buy at ShоpXyz now", id="cyrillic-o"),
        pytest.param("buy at shop_xyz now", id="underscore"),
        pytest.param("buy at SHOP-XYZ now", id="dash"),
        pytest.param("buy at Shop.Xyz now", id="dot"),
        pytest.param("buy at S.h.o.p.X.y.z now", id="dotted-letters"),
        pytest.param("buy at Shop🔥Xyz now", id="emoji-inside"),
        pytest.param("buy at ＳｈｏｐＸｙｚ now", id="fullwidth"),
        pytest.param("buy at Shop\u200bXyz now", id="zero-width"),
        pytest.param("buy at sh0pxyz now", id="leet"),
        pytest.param("ask @shopxyz", id="handle"),
        pytest.param("see t.me/shopxyz", id="t-me-link"),
        pytest.param("shop xyz", id="two-words"),
    ],
)
def test_disguised_names_match(text: str) -> None:
    """Spacing, look-alike letters, separators, emoji and full-width letters do not hide a name."""
    assert found(SHOP, text) == ("ShopXyz",)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("order on shopxyz.com", id="domain"),
        pytest.param("order on shop xyz dot com", id="spaced-dot-word"),
        pytest.param("order on shopxyz dot com", id="dot-word"),
        pytest.param("order on shopxyz(dot)com", id="bracketed-dot"),
        pytest.param("order on www.shopxyz.com/sale", id="www-path"),
        pytest.param("order on shopxyz.com/sale", id="path"),
    ],
)
def test_listed_domain_matches_in_disguise(text: str) -> None:
    """A listed `shopxyz.com` is found written with a spelled-out dot or as a full link."""
    assert found(SHOP_COM, text) == ("shopxyz.com",)


def test_link_entry_matches_its_domain() -> None:
    """An entry typed as a full link matches the bare domain (and the link itself)."""
    link = listed("www.shopxyz.com/sale")
    assert found(link, "shopxyz.com has it") == ("www.shopxyz.com/sale",)
    assert found(link, "https://shopxyz.com/other") == ("www.shopxyz.com/sale",)
    assert found(link, "shopxyz has it") == ()


def test_t_me_entry_matches_the_handle() -> None:
    """`https://t.me/shopxyz` is listed as `shopxyz`: its handle and link are both found."""
    link = listed("https://t.me/shopxyz")
    assert found(link, "write @shopxyz") == ("https://t.me/shopxyz",)
    assert found(link, "t.me/shopxyz") == ("https://t.me/shopxyz",)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        pytest.param("ShopXyz", "pineappleshopxyzz", id="inside-longer-word"),
        pytest.param("ShopXyz", "xshopxyz", id="prefixed"),
        pytest.param("ShopXyz", "shopxyzz", id="suffixed"),
        pytest.param("shopxyz.com", "shopxyz.comedy", id="domain-inside-word"),
        pytest.param("shopxyz.com", "shopxyz", id="domain-without-tld"),
        pytest.param("Zara", "zarah", id="zara-in-zarah"),
        pytest.param("Zara", "bizarra", id="zara-in-bizarra"),
        pytest.param("Zara", "bizarre zaragoza trip", id="zara-prefix-of-city"),
        pytest.param("Asos", "asosa", id="four-letters-suffixed"),
    ],
)
def test_no_match_inside_longer_words(raw: str, text: str) -> None:
    """A name counts only at word edges, so "apple" is not found in "pineapple"."""
    assert found(listed(raw), text) == ()


@pytest.mark.parametrize(
    ("raw", "text", "hit"),
    [
        pytest.param("Zara", "bought it at Zara yesterday", True, id="zara-word"),
        pytest.param("Zara", "ZARA!", True, id="zara-shouted"),
        pytest.param("Zara", "zara's sale", True, id="zara-possessive"),
        pytest.param("Zara", "zara.com", True, id="zara-domain"),
        pytest.param("Zara", "z a r a", True, id="zara-spaced"),
        pytest.param("Zara", "zаra", True, id="zara-cyrillic-a"),
        pytest.param("Zara", "ｚａｒａ", True, id="zara-fullwidth"),
        # Spacing is a disguise for short names too ("S h o p X y z" is the example).
        pytest.param("Zara", "za ra", True, id="zara-split-in-two"),
        pytest.param("Zara", "zarah", False, id="zarah"),
        pytest.param("abc", "abc shop", True, id="three-letters-word"),
        pytest.param("abc", "abcd", False, id="three-letters-in-word"),
        pytest.param("abc", "xabc", False, id="three-letters-suffix"),
        pytest.param("abc", "a_bc", True, id="three-letters-underscored"),
        pytest.param(
            "K&Co",
            "bought it at K&Co",
            True,
            id="ampersand-name-literal",
        ),
        pytest.param(
            "E.ON",
            "my E.ON bill",
            True,
            id="dotted-short-name-literal",
        ),
        pytest.param(
            "Li Ni",
            "Li Ni store",
            True,
            id="two-word-short-name-literal",
        ),
    ],
)
def test_short_names_only_as_whole_words(raw: str, text: str, hit: bool) -> None:
    """Names of three or four letters are found only as a whole word, disguised or not."""
    assert found(listed(raw), text) == ((entry(raw).shown,) if hit else ())


@pytest.mark.parametrize(
    ("raw", "text", "hit"),
    [
        pytest.param("优品商城", "优品商城", True, id="zh-alone"),
        pytest.param("优品商城", "去 优品商城 买", True, id="zh-spaced"),
        pytest.param(
            "优品商城",
            "来优品商城买更便宜",
            True,
            id="zh-in-sentence",
        ),
        pytest.param("Магазин Ромашка", "магазин ромашка", True, id="ru-two-words"),
        pytest.param("Магазин Ромашка", "магазинромашка", True, id="ru-joined"),
    ],
)
def test_names_in_other_scripts(raw: str, text: str, hit: bool) -> None:
    """Chinese and Russian names are matched like Latin ones."""
    assert found(listed(raw), text) == ((raw,) if hit else ())


# -- literal entries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text", "hit"),
    [
        pytest.param("[a-z]+shop", "bestshop", False, id="class-not-a-pattern"),
        pytest.param("[a-z]+shop", "abcshop", False, id="class-not-a-pattern-2"),
        pytest.param("[a-z]+shop", "see [a-z]+shop", True, id="class-literal"),
        pytest.param("kiosk.*", "kiosking", False, id="dot-star-not-a-pattern"),
        pytest.param("kiosk.*", "minikiosk", False, id="dot-star-inside-word"),
        pytest.param("kiosk.*", "see kiosk.*", True, id="dot-star-literal"),
        pytest.param("a{1000}b", "aaab", False, id="repeat-not-a-pattern"),
        pytest.param("a{1000}b", "a{1000}b", True, id="repeat-literal"),
        pytest.param("'; DROP TABLE x;--", "'; DROP TABLE x;--", True, id="sql-literal"),
        pytest.param("'; DROP TABLE x;--", "drop table y", False, id="sql-other-table"),
        pytest.param("'; DROP TABLE x;--", "select 1; --", False, id="sql-other-statement"),
        pytest.param("\\d+deals", "123deals", False, id="digit-class-not-a-pattern"),
        pytest.param("\\d+deals", "\\d+deals", True, id="digit-class-literal"),
    ],
)
def test_entries_are_literal_text(raw: str, text: str, hit: bool) -> None:
    """Regex metacharacters and SQL are matched as the text they are, never as patterns."""
    assert found(listed(raw), text) == ((raw,) if hit else ())


@pytest.mark.parametrize(
    "raw",
    ["(.*)+[", "'; DROP TABLE x;--", "(a+)+$", "[[[", "\\", "%s%s%n", "${jndi:x}", "\0\0\0abc"],
    ids=["regex", "sql", "redos", "brackets", "backslash", "format", "jndi", "nul"],
)
def test_odd_entries_never_raise(raw: str) -> None:
    """Any entry is either refused with a key or listed, and matching with it never raises."""
    made = entry_of(raw)
    competitors = Competitors([made] if isinstance(made, Entry) else [])
    for text in ("(.*)+[", "'; DROP TABLE x;--", "a" * 200 + "!", raw, ""):
        competitors.find(normalise(text))


# -- the list -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raws", "size"),
    [
        pytest.param(("ShopXyz", "shopxyz", "SHOPXYZ"), 1, id="long-case"),
        pytest.param(("Zara", "zara", "ZARA"), 1, id="short-case"),
        pytest.param(("https://t.me/shopxyz", "@shopxyz", "Shop Xyz"), 1, id="link-handle-name"),
        pytest.param(("shopxyz.com", "www.shopxyz.com/sale"), 1, id="domain-and-link"),
        pytest.param(("ShopXyz", "Zara", "ShopXyz", "Zara"), 2, id="two-twice"),
    ],
)
def test_duplicates_keep_one(raws: tuple[str, ...], size: int) -> None:
    """Entries that squash to the same key are listed once and found once."""
    competitors = listed(*raws)
    assert competitors.size == size
    hits = found(competitors, " and ".join(raws))
    assert len(hits) == size
    assert set(hits) <= set(raws)


@pytest.mark.parametrize(
    "raws",
    [
        pytest.param(("Zara", "ZARA"), id="short"),
        pytest.param(
            ("ShopXyz", "SHOPXYZ"),
            id="long",
        ),
    ],
)
def test_duplicates_keep_the_first_spelling(raws: tuple[str, ...]) -> None:
    """Short and long names keep the same spelling of a duplicate: the first one typed."""
    assert found(listed(*raws), raws[0]) == (raws[0],)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("bestmart then shopxyz", ("BestMart", "ShopXyz"), id="long-long"),
        pytest.param("shopxyz then bestmart", ("ShopXyz", "BestMart"), id="long-long-reversed"),
        pytest.param("zara then shopxyz", ("Zara", "ShopXyz"), id="short-long"),
        pytest.param(
            "shopxyz then zara",
            ("ShopXyz", "Zara"),
            id="long-short",
        ),
    ],
)
def test_names_come_in_text_order(text: str, names: tuple[str, ...]) -> None:
    """Several listed names come back in the order the message holds them."""
    assert found(listed("ShopXyz", "Zara", "BestMart"), text) == names


@pytest.mark.parametrize(
    "competitors",
    [NONE, Competitors(()), Competitors(iter(()))],
    ids=["none", "empty-tuple", "empty-iterator"],
)
def test_empty_list_finds_nothing(competitors: Competitors) -> None:
    """An empty list is falsy and finds nothing."""
    assert not competitors
    assert competitors.size == 0
    assert competitors.find(normalise("shopxyz zara anything")) == ()


def test_empty_text_finds_nothing() -> None:
    """An empty message holds no name."""
    assert listed("ShopXyz", "Zara").find("") == ()


def _generated_names(count: int) -> list[str]:
    """Distinct letter-only names (no digits: leetspeak would fold them together; no letter
    three times in a row: "Aaabmart" reads as "Abmart")."""
    letters = string.ascii_lowercase
    combos = ("".join(c) for c in itertools.product(letters, repeat=4))
    kept = (c for c in combos if not any(c[i] == c[i + 1] == c[i + 2] for i in range(2)))
    return [f"{c.capitalize()}mart" for c in itertools.islice(kept, count)]


NAMES = _generated_names(5000)
MANY = Competitors(entry(name) for name in NAMES)


def test_five_thousand_names_build() -> None:
    """A list of 5,000 names builds with every name kept."""
    assert len(set(NAMES)) == 5000
    assert MANY.size == 5000


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param(f"great prices at {NAMES[4321]} today", (NAMES[4321],), id="one-name"),
        pytest.param(f"{NAMES[0]} or {NAMES[-1]}", (NAMES[0], NAMES[-1]), id="first-and-last"),
        pytest.param(
            f"great prices at {' '.join(NAMES[4321].upper())} today",
            (NAMES[4321],),
            id="spaced",
        ),
        pytest.param("great prices at the market today", (), id="none"),
        pytest.param(f"{NAMES[4321].lower()}s", (), id="inside-word"),
    ],
)
def test_five_thousand_names_match(text: str, names: tuple[str, ...]) -> None:
    """Among 5,000 names, exactly the ones the message holds are found."""
    assert found(MANY, text) == names


# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.lists(st.text(max_size=140), max_size=8))
def test_find_never_raises(text: str, raws: list[str]) -> None:
    """Any entries and any text: entries are accepted or refused, and matching never raises."""
    entries = []
    for raw in raws:
        made = entry_of(raw)
        assert isinstance(made, Entry) or made in (
            "competitor_empty",
            "competitor_short",
            "competitor_long",
            "competitor_everyday",
        )
        if isinstance(made, Entry):
            entries.append(made)
    competitors = Competitors(entries)
    hits = competitors.find(normalise(text))
    assert set(hits) <= {e.shown for e in entries}
    assert len(hits) == len(set(hits))


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_an_entry_finds_itself_or_is_refused(raw: str) -> None:
    """Never raises; an accepted plain-word entry is found in a text that is just that entry."""
    made = entry_of(raw)
    if isinstance(made, Entry) and raw.isascii() and raw.isalpha():
        assert Competitors([made]).find(normalise(raw)) == (made.shown,)


@pytest.mark.parametrize("name", ["the", "Sale", "SHOP", "магазин", "Доставка", "delivery"])
def test_an_everyday_word_is_not_listed(name: str) -> None:
    """Listed, "/competitor add the" made every message saying "the" a rival's."""
    assert entry_of(name) == "competitor_everyday"


@pytest.mark.parametrize(
    "name", ["ShopXyz", "@the_shop", "shop.com", "Sale Kings", "Магазин Лиса"]
)
def test_a_name_holding_an_everyday_word_is_listed(name: str) -> None:
    assert isinstance(entry_of(name), Entry)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        pytest.param("Red Dot", "reddot", id="dot-ending-a-name"),
        pytest.param("Dot", "dot", id="dot-alone"),
        pytest.param("Dot Shop", "dotshop", id="dot-starting-a-name"),
        pytest.param("Точка", "toчka", id="tochka-alone"),
        pytest.param("Точка Продаж", "toчkaпpoдaж", id="tochka-in-a-name"),
        pytest.param("红点 点", "红点点", id="dian-standing-alone"),
        pytest.param("shopxyz dot com", "shopxyzcom", id="dot-before-a-domain-ending"),
        pytest.param("магазин точка ру", "maгa3иhpy", id="tochka-before-ru"),
    ],
)
def test_dot_words_are_dots_only_before_a_domain_ending(raw: str, key: str) -> None:
    """ "dot", "точка" and "点" read as a dot only where a domain ending follows: "Red Dot" was
    listed as "red" (and every message saying red was then a rival's), "Dot" and "Точка" were
    refused as too short."""
    assert entry(raw).key == key


def test_a_name_ending_in_dot_matches_only_itself() -> None:
    """A listed "Red Dot" is found where it is named, and not in every message saying red."""
    red_dot = listed("Red Dot")
    assert found(red_dot, "order from red dot, they are cheaper") == ("Red Dot",)
    assert found(red_dot, "R.e.d D.o.t has them") == ("Red Dot",)
    assert found(red_dot, "the red one is sold out") == ()


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        pytest.param("В СникерБазе сейчас скидка 30%, бегите", True, id="prepositional"),
        pytest.param("Возьмите у СникерБазы, у них дешевле", True, id="genitive"),
        pytest.param("Загляните в СникерБазу, там все размеры", True, id="accusative"),
        pytest.param("Брал с СникерБазой на пару", True, id="instrumental"),
        pytest.param("заказал в Кроссмаркете вчера", True, id="consonant-ending"),
        pytest.param("С н и к е р Б а з е пишите", True, id="spaced-and-declined"),
        pytest.param("СникерБазар открылся", False, id="another-word"),
        pytest.param("сникербазовый стиль", False, id="longer-word"),
    ],
)
def test_a_russian_name_is_found_in_its_cases(text: str, hit: bool) -> None:
    """Russian changes a name's ending with its case: only "СникерБаза" itself was found,
    never "в СникерБазе" or "у СникерБазы"."""
    competitors = listed("СникерБаза", "Кроссмаркет")
    assert bool(found(competitors, text)) is hit


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        pytest.param("rivalbags.com/catalog", "rivalbagscom", id="bare-site-path"),
        pytest.param("RivalBags.com/Catalog?ref=1", "rivalbagscom", id="bare-site-query"),
        pytest.param("rivalbags.com#top", "rivalbagscom", id="bare-site-fragment"),
        pytest.param("магазин.рф/каталог", "maгa3иhpф", id="cyrillic-site-path"),
        pytest.param("discord.gg/kickzone", "discordggkickzone", id="discord-keeps-its-name"),
        pytest.param("https://discord.gg/kickzone?x=1", "discordggkickzone", id="discord-link"),
        pytest.param(
            "https://discord.com/invite/kickzone/", "discordcominvitekickzone", id="discord-invite"
        ),
        pytest.param("wa.me/79991234567?text=hi", "wame79991234567", id="whatsapp-link"),
        pytest.param("AC/DC Store", "acdcstore", id="slash-in-a-name"),
        pytest.param("Shop 1/2", "shop12", id="no-site"),
    ],
)
def test_a_site_pasted_with_a_path_is_listed_by_its_site(raw: str, key: str) -> None:
    """ "rivalbags.com/catalog" (copied without https://) was listed as "rivalbagscomcatalog"
    and matched nothing but that page; typed with https:// or www. it was the site. A host many
    share (Discord, WhatsApp) keeps the name its path gives: listed bare, it would be everyone's.
    """
    assert entry(raw).key == key


def test_a_site_listed_with_a_path_is_found_by_its_site() -> None:
    rivals = listed("rivalbags.com/catalog", "https://discord.gg/kickzone")
    assert found(rivals, "rivalbags.com has these") == ("rivalbags.com/catalog",)
    assert found(rivals, "come to discord.gg/kickzone") == ("https://discord.gg/kickzone",)
    assert found(rivals, "our server is discord.gg/sneakers") == ()
