"""Spam and poaching evasion tricks that normalisation undoes (each got an ad through once).

Each test is table-driven over (plain ad, the same ad with one trick). The plain ad is checked
first (Steward catches it: the guard); the disguised one must then be caught too: one trick,
which a simple normalisation step undoes, must not make a newcomer's ad get through. The last
test is the reverse: ordinary text that normalisation must not turn into a flag.

Messages are judged as `steward classify` judges them: the whole pipeline (`policies.evaluate`),
the shared spam model with its seeds, default enforce settings, a newcomer who joined 30 seconds
ago and has written nothing yet.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

import pytest

from bot.models import Models
from policies import ChatPolicy, MemberFacts, MessageFacts, evaluate
from policies.competitors import NONE, Competitors, Entry, entry_of
from policies.facts import Decision

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
NEWCOMER = MemberFacts(joined_at=NOW - timedelta(seconds=30), messages_seen=0)
# A member of a month who has written a few messages already.
MEMBER = MemberFacts(joined_at=NOW - timedelta(days=30), messages_seen=3)
CAUGHT = ("spam", "poaching")


@cache
def _model() -> object:
    return Models.build().shared


def _rivals() -> Competitors:
    entries = [entry_of(raw) for raw in ("ShopXyz", "СникерБаза")]
    assert all(isinstance(e, Entry) for e in entries)
    return Competitors(e for e in entries if isinstance(e, Entry))


def judge(text: str, member: MemberFacts = NEWCOMER, *, rivals: bool = False) -> Decision:
    facts = MessageFacts(
        chat_id=-100, message_id=7, user_id=42, text=text, date=NOW, member=member
    )
    return evaluate(
        facts,
        ChatPolicy(),
        NOW,
        model=_model(),  # type: ignore[arg-type]
        competitors=_rivals() if rivals else NONE,
    )


def assert_trick_caught(plain: str, disguised: str, *, rivals: bool = False) -> None:
    before = judge(plain, rivals=rivals)
    assert before.label in CAUGHT and before.actions, (
        f"guard: the plain ad should be caught: {plain!r} -> {before.label}"
    )
    after = judge(disguised, rivals=rivals)
    assert after.label in CAUGHT and after.actions, (
        f"{disguised!r} got through as {after.label!r} (no action), while the same ad "
        f"written plainly ({plain!r}) is {before.label!r}"
    )


# -- 1. accented Latin letters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "disguised", "rivals"),
    [
        pytest.param(
            "Earn 500 dollars per day from home, write me in DM",
            "Éárñ 500 dóllárs pér dáý fróm hómé, wríté mé íñ DM",
            False,
            id="earn-per-day",
        ),
        pytest.param(
            "Hot girls in your city waiting for you, nude photos, write me",
            "Hòt gìrls ìn yòùr cìty wàìtìng fòr yòù, nùdè phòtòs, wrìtè mè",
            False,
            id="adult",
        ),
        pytest.param(
            "Best online casino, 200% welcome bonus on first deposit, free spins",
            "Bést ónlíné cásínó, 200% wélcómé bónús ón fírst dépósít, fréé spíns",
            False,
            id="casino",
        ),
        pytest.param(
            "Everything is cheaper at ShopXyz, go there",
            "Everything is cheaper at ShópXýz, go there",
            True,
            id="listed-competitor",
        ),
    ],
)
def test_accented_latin_letters_let_ads_through(plain: str, disguised: str, rivals: bool) -> None:
    """A newcomer writes an ad with accents on its Latin letters ("Éárñ 500 dóllárs... wríté mé").
    What the group sees: the ad stays up, nothing is done (label ham); the same ad without
    accents is deleted and its author muted. Competitor "ShopXyz" written "ShópXýz" is not
    matched either. Expected: accents on Latin letters are stripped for matching, as the other
    look-alikes are (NFD and dropping the marks from Latin base letters, leaving й and ё)."""
    assert_trick_caught(plain, disguised, rivals=rivals)


# -- 2. combining marks (Zalgo) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "disguised", "rivals"),
    [
        pytest.param(
            "Earn 500 dollars per day from home, write me in DM",
            "".join(
                c + "\u0301\u0316\u0334" if c.isalpha() else c
                for c in "Earn 500 dollars per day from home, write me in DM"
            ),
            False,
            id="zalgo-earn",
        ),
        pytest.param(
            "Invest in crypto with me and double your money in a week, message me",
            "".join(
                c + "\u0301" if c.isalpha() else c
                for c in "Invest in crypto with me and double your money in a week, message me"
            ),
            False,
            id="acute-on-every-letter-crypto",
        ),
        pytest.param(
            "Всё дешевле в СникерБазе, заходите",
            "Всё дешевле в " + "".join(c + "\u0301" for c in "СникерБазе") + ", заходите",
            True,
            id="russian-competitor-with-acutes",
        ),
    ],
)
def test_combining_marks_let_ads_through(plain: str, disguised: str, rivals: bool) -> None:
    """Zalgo: a combining mark after every letter. text.normalise applies NFKC *before* it
    strips combining marks, so "e" + U+0301 is first composed into "é" (and Cyrillic "к" + U+0301
    into "ќ"), which _COMBINING no longer removes. What the group sees: the ad stays up. Expected:
    the marks are stripped (strip before composing, or decompose first) and the ad is caught
    like its plain twin."""
    assert_trick_caught(plain, disguised, rivals=rivals)


# -- 3. Unicode tag characters ----------------------------------------------------------------


def _tagged(text: str) -> str:
    return "".join(c + "\U000e0041" if c.isalpha() else c for c in text)


@pytest.mark.parametrize(
    "plain",
    [
        pytest.param("Earn 500 dollars per day from home, write me in DM", id="earn"),
        pytest.param("Hot girls in your city waiting for you, nude photos, write me", id="adult"),
        pytest.param("Заработок от 5000 рублей в день, удалённая работа, пиши в лс", id="ru-job"),
        pytest.param("数字货币投资，稳赚不赔，带单翻倍，私聊我", id="zh-crypto"),
    ],
)
def test_unicode_tag_characters_let_ads_through(plain: str) -> None:
    """An invisible tag character (U+E0041, the U+E0000 block) after every letter: on screen the
    ad reads exactly as written, but Steward leaves it up (ham, no action). The plain ad is
    deleted and its author muted. Expected: the whole tag block U+E0000-U+E007F is dropped with
    the other invisible characters (text._INVISIBLE)."""
    assert_trick_caught(plain, _tagged(plain))


# -- 4. other invisible or blank fillers ------------------------------------------------------


def _filled(text: str, filler: str) -> str:
    out = []
    for i, c in enumerate(text):
        out.append(c)
        if c.isalnum() and i + 1 < len(text) and text[i + 1].isalnum():
            out.append(filler)
    return "".join(out)


EARN = "Earn 500 dollars per day from home, write me in DM"


@pytest.mark.parametrize(
    "filler",
    [
        pytest.param("\U000e0100", id="variation-selector-17"),
        pytest.param("\u180b", id="mongolian-free-variation-selector"),
        pytest.param("\ufff9", id="interlinear-annotation-anchor"),
        pytest.param("\u2800", id="braille-pattern-blank"),
    ],
)
def test_other_invisible_fillers_let_ads_through(filler: str) -> None:
    """Invisible (or blank) characters between every two letters: text._INVISIBLE knows U+FE00-
    U+FE0F, zero-width spaces and joiners, soft hyphens and word joiners (those are caught), but
    not the supplementary variation selectors (U+E0100-U+E01EF), the Mongolian free variation
    selectors (U+180B-U+180D, U+180F), the interlinear annotation characters (U+FFF9-U+FFFB) or
    the braille blank U+2800 (which renders as a space, so "E⠀a⠀r⠀n" is "s p a c e d").
    What the group sees: the ad stays up. Expected: they are dropped (the braille blank read as
    a space) and the ad is caught like its plain twin."""
    assert_trick_caught(EARN, _filled(EARN, filler))


# -- 5. parenthesised letters -----------------------------------------------------------------


def _parenthesised(text: str) -> str:
    return "".join(
        chr(0x249C + ord(c.lower()) - 97) if "a" <= c.lower() <= "z" else c for c in text
    )


@pytest.mark.parametrize(
    ("plain", "rivals"),
    [
        pytest.param(EARN, False, id="earn"),
        pytest.param(
            "Invest in crypto with me and double your money in a week, message me",
            False,
            id="crypto",
        ),
    ],
)
def test_parenthesised_letters_let_ads_through(plain: str, rivals: bool) -> None:
    """Parenthesised letters (⒠⒜⒭⒩, U+249C-U+24B5). NFKC turns each into "(e)", so the ad is
    read as "(e)(a)(r)(n) 500 (d)(o)(l)(l)(a)(r)(s)..." and no word is found: the ad stays up.
    Circled letters (ⓔⓐⓡⓝ) are caught, so this is the one enclosed form missed. (A listed
    competitor written so is still found: the competitor matcher drops the brackets.) Expected:
    map U+249C-U+24B5 to their letters (or drop the parentheses around a single letter)."""
    assert_trick_caught(plain, _parenthesised(plain), rivals=rivals)


# -- 6. emoji letters: negative squared and regional indicators ----------------------------------


def _negative_squared(text: str) -> str:
    return "".join(
        chr(0x1F170 + ord(c.lower()) - 97) if "a" <= c.lower() <= "z" else c for c in text
    )


def _regional(text: str) -> str:
    # A zero-width space after each, as people do so that pairs are not shown as flags.
    return "".join(
        chr(0x1F1E6 + ord(c.lower()) - 97) + "\u200b" if "a" <= c.lower() <= "z" else c
        for c in text
    )


@pytest.mark.parametrize(
    ("plain", "disguised", "rivals"),
    [
        pytest.param(EARN, _negative_squared(EARN), False, id="negative-squared-earn"),
        pytest.param(
            "Everything is cheaper at ShopXyz, go there",
            "Everything is cheaper at " + _negative_squared("ShopXyz") + ", go there",
            True,
            id="negative-squared-competitor",
        ),
        pytest.param(EARN, _regional(EARN), False, id="regional-indicators-earn"),
        pytest.param(
            "Hot girls in your city waiting for you, nude photos, write me",
            _regional("Hot girls in your city waiting for you, nude photos, write me"),
            False,
            id="regional-indicators-adult",
        ),
    ],
)
def test_emoji_letters_let_ads_through(plain: str, disguised: str, rivals: bool) -> None:
    """Letters written as emoji: negative squared letters (🅴🅰🆁🅽, U+1F170-U+1F189) and
    regional indicators (🇪🇦🇷🇳, U+1F1E6-U+1F1FF). NFKC leaves both alone (it does map the
    outlined squared letters 🄰), so nothing is read: the ad stays up. Expected: a translate
    table reads them as Latin letters (text.normalise, next to _EXOTIC)."""
    assert_trick_caught(plain, disguised, rivals=rivals)


# -- 7. repeated letters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "disguised", "rivals"),
    [
        pytest.param(
            "Earn 500 dollars a day, write me",
            "Eaaarn 500 dollaaars a day, wriiite me",
            False,
            id="earn",
        ),
        pytest.param(
            "Hot girls, nude photos, write me",
            "Hooot giiirls, nuuude photos, wriiite me",
            False,
            id="adult",
        ),
        pytest.param(
            "Everything is cheaper at ShopXyz, go there",
            "Everything is cheaper at ShoooopXyz, go there",
            True,
            id="listed-competitor",
        ),
    ],
)
def test_repeated_letters_let_ads_through(plain: str, disguised: str, rivals: bool) -> None:
    """A letter stretched ("Eaaarn", "wriiite", "ShoooopXyz"): no word matches and the ad stays
    up, while the plain ad is deleted and its author muted. Expected: runs of three or more of
    one letter are collapsed for matching (to one; English has no tripled letters, Russian
    none either)."""
    assert_trick_caught(plain, disguised, rivals=rivals)


# -- 8. spaced letters after a one-letter word --------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "disguised"),
    [
        pytest.param(
            "Всё дешевле в СникерБазе, заходите",
            "Всё дешевле в С н и к е р Б а з е заходите",
            id="ru-preposition-v",
        ),
        pytest.param(
            "Всё дешевле у СникерБазы, заходите",
            "Всё дешевле у С н и к е р Б а з ы заходите",
            id="ru-preposition-u",
        ),
        pytest.param(
            "Everything is cheaper at a ShopXyz store nearby, go there",
            "Everything is cheaper at a S h o p X y z store nearby, go there",
            id="en-article-a",
        ),
    ],
)
def test_spaced_name_after_one_letter_word_is_missed(plain: str, disguised: str) -> None:
    """The README promises competitors are "matched through disguises: `S h o p X y z`". But
    text._SPACED joins every run of single letters, so the one-letter word before the spaced
    name is glued onto it: "в С н и к е р Б а з е" becomes "всникербазе", "a S h o p X y z"
    becomes "ashopxyz", and the listed name no longer starts at a word edge. Russian puts
    в, у, с, к, о before names all the time. Expected: the rival is found as in the plain text
    (try the join without a leading one-letter word, e.g. when that word is followed by a double
    space or is a known preposition/article)."""
    assert_trick_caught(plain, disguised, rivals=True)


# -- 9. link dots disguised -------------------------------------------------------------------


@pytest.mark.parametrize(
    "disguised",
    [
        pytest.param("Join our new group for the best deals t[.]me/+XyZ12345abc", id="[.]"),
        pytest.param("Join our new group for the best deals t(.)me/+XyZ12345abc", id="(.)"),
        pytest.param("Join our new group for the best deals t。me/+XyZ12345abc", id="ideographic"),
        pytest.param("Join our new group for the best deals t dot me/+XyZ12345abc", id="dot-word"),
        pytest.param("Вступайте в нашу группу t[.]me/+QwErTy98765", id="ru-[.]"),
    ],
)
def test_disguised_link_dot_lets_invite_through(disguised: str) -> None:
    """An invite link to another group with its dot disguised: "t[.]me/+...", "t(.)me/+...",
    "t。me/+..." (ideographic full stop) or "t dot me/+...". normalise reads "(dot)" and "[dot]"
    and "t . me", but not these, so no link is found and the message stays up (ham). Written
    plainly it is removed as poaching. Expected: text._DOT_WORD also reads "(.)", "[.]" and a
    bare "dot" between link parts, and "。" between Latin letters reads as a dot."""
    plain = disguised.replace("t[.]me", "t.me").replace("t(.)me", "t.me")
    plain = plain.replace("t。me", "t.me").replace("t dot me", "t.me")
    assert_trick_caught(plain, disguised)


# -- 10. Chinese contacts written with emoji ---------------------------------------------------


@pytest.mark.parametrize(
    ("plain", "disguised"),
    [
        pytest.param(
            "有需要的朋友加微信：abc12345", "有需要的朋友加🛰️：abc12345", id="satellite-for-wechat"
        ),
        pytest.param(
            "有需要的朋友加微信：abc12345",
            "有需要的朋友➕🛰️：abc12345",
            id="plus-satellite",
        ),
        pytest.param(
            "这里发货太慢了，我们店当天发，加我微信abc12345",
            "这里发货太慢了，我们店当天发，➕我🛰️abc12345",
            id="plus-me-satellite-after-complaint",
        ),
        pytest.param(
            "有需要的朋友加卫星：abc12345", "有需要的朋友➕卫星：abc12345", id="plus-for-jia"
        ),
    ],
)
def test_chinese_contact_written_with_emoji_gets_through(plain: str, disguised: str) -> None:
    """WeChat written as a satellite (🛰️, 卫星 "wèixīng" ≈ 微信 "wēixìn") and "add" (加, "jiā")
    as a heavy plus ➕: "有需要的朋友➕🛰️：abc12345" hands over a WeChat id, but Steward leaves it
    up (ham). The same words with 加微信 are removed. The lexicon already knows 加卫 as a homophone
    of 加微, so only the emoji are missing. Expected: normalise reads 🛰 as 卫星 (or 微信) and ➕
    between Han characters as 加 (text.py), so MESSENGER_ID and HANDOFF match."""
    assert_trick_caught(plain, disguised)


# -- 11. the reverse: ordinary text flagged after normalisation ---------------------------------


@pytest.mark.parametrize(
    "member",
    [pytest.param(NEWCOMER, id="newcomer"), pytest.param(MEMBER, id="member-of-a-month")],
)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Привiт усiм, дякую за швидку доставку, все прийшло цiле", id="uk-thanks-latin-i"
        ),
        pytest.param("Привiт, дiвчата! Отримала посилку, все цiле, дякую", id="uk-parcel-came"),
        pytest.param("Добрий вечiр, скiльки днiв iде посилка до Львова?", id="uk-question-warned"),
    ],
)
def test_ukrainian_with_latin_i_is_not_spam(text: str, member: MemberFacts) -> None:
    """Many Ukrainians type "і" with the Latin "i" key (a Russian keyboard layout has no "і").
    A customer thanks the shop: "Привiт усiм, дякую за швидку доставку, все прийшло цiле". Steward
    counts every such word as a "disguised word" (text.disguised_words: Latin inside Cyrillic)
    and with three of them deletes the thanks as spam and mutes the customer (two and a question
    mark: a public warning); normalise even reads "усiм" as Latin "ycim". What they should see:
    nothing happens (ham). Expected: a
    Latin i (or I) standing for the Ukrainian/Belarusian/Kazakh "і" inside a Cyrillic word is not a
    disguise, and is folded to Cyrillic "і"."""
    decision = judge(text, member)
    assert decision.label == "ham" and not decision.actions, (
        f"{text!r} from an ordinary member was judged {decision.label!r}: "
        f"{[c.name for f in decision.findings for c in f.checks]}"
    )
