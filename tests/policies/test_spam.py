"""Table tests for the spam checks and the whole evaluation of a message."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies import (
    ButtonFact,
    ChatPolicy,
    FloodWindow,
    ForwardFacts,
    MemberFacts,
    MessageFacts,
    evaluate,
    train,
)
from policies.classifier import Model
from policies.text import normalise

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
NEWCOMER = MemberFacts(joined_at=NOW - timedelta(minutes=5), messages_seen=0)
REGULAR = MemberFacts(joined_at=NOW - timedelta(days=60), messages_seen=12)
MODEL = train(
    (normalise(t), label)
    for t, label in [
        ("earn 500 dollars a day from home write me", "spam"),
        ("crypto signals double your deposit join now", "spam"),
        ("заработок от 5000 в день пиши в лс", "spam"),
        ("兼职刷单 日赚500 加微信", "spam"),
        ("hi, is the blue hoodie still in stock", "ham"),
        ("thanks, parcel arrived today", "ham"),
        ("когда будет следующая поставка?", "ham"),
        ("请问这款还有货吗", "ham"),
    ]
)


def facts(text: str, member: MemberFacts = NEWCOMER, **extra: Any) -> MessageFacts:
    """A group message with sensible defaults."""
    return MessageFacts(
        chat_id=-100, message_id=7, user_id=42, text=text, date=NOW, member=member, **extra
    )


@pytest.mark.parametrize(
    ("text", "member", "label"),
    [
        (
            "Earn $500 a day from home, no experience needed, write me t.me/+AbCdEf",
            NEWCOMER,
            "spam",
        ),
        ("Удалённая работа, заработок от 5000 ₽ в день, пиши в лс @job_boss", NEWCOMER, "spam"),
        ("兼职刷单，日赚500元，加微信 abc123", NEWCOMER, "spam"),
        (
            "🔥🔥 FREE iPhone giveaway!!! claim your prize at win-prize.top 🔥🔥🔥",
            NEWCOMER,
            "spam",
        ),
        ("Hi! Is the blue hoodie still in stock in M?", NEWCOMER, "ham"),
        ("My parcel is late again, ordered two weeks ago", REGULAR, "complaint"),
        ("Когда будет следующая поставка?", NEWCOMER, "ham"),
        ("请问这款还有货吗？", NEWCOMER, "ham"),
        ("I got a message saying I won an iPhone, is that a scam?", REGULAR, "ham"),
        ("ok", NEWCOMER, "ham"),
        ("", NEWCOMER, "ham"),
    ],
    ids=[
        "en-job-ad",
        "ru-job-ad",
        "zh-job-ad",
        "giveaway",
        "stock-question",
        "complaint",
        "ru-question",
        "zh-question",
        "asks-about-scam",
        "short",
        "empty",
    ],
)
def test_evaluate_labels(text: str, member: MemberFacts, label: str) -> None:
    """Ads are spam, everyday shop chat is not, a complaint is recorded as one (not acted on)."""
    verdict = evaluate(facts(text, member), ChatPolicy(), NOW, model=MODEL)
    assert verdict.label == label, verdict.reasons()


@pytest.mark.parametrize(
    "text",
    [
        "hello all",
        "Hello everyone! Nice to meet you all",
        "hi",
        "Добрый вечер всем",
        "大家好",
        "thanks for the add",
    ],
    ids=["hello-all", "hello-everyone", "hi", "ru-greeting", "zh-greeting", "thanks"],
)
def test_newcomer_greeting_is_never_spam_with_the_real_model(text: str) -> None:
    """A newcomer saying hello is welcome, whatever the classifier thinks of greetings."""
    model = _shipped_model()
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=model)
    assert verdict.label == "ham", verdict.reasons()


def test_spam_verdict_explains_and_acts() -> None:
    """A spam verdict deletes, mutes for the configured time, alerts, and names its reasons."""
    verdict = evaluate(
        facts("Earn $500 a day from home, write me t.me/+AbCdEf"), ChatPolicy(), NOW, model=MODEL
    )
    kinds = [a.kind for a in verdict.actions]
    assert kinds == ["delete", "restrict", "alert"]
    assert verdict.actions[1].until == NOW + timedelta(days=1)
    names = {c.name for c in verdict.checks}
    assert {"stop_phrases", "links", "newcomer"} <= names
    assert "invite link" in verdict.reasons()


@pytest.mark.parametrize(
    ("settings_", "kinds"),
    [
        ({"spam_action": "delete"}, ["delete", "alert"]),
        ({"spam_action": "delete_ban"}, ["delete", "ban", "alert"]),
        ({"mode": "observe"}, ["alert"]),
    ],
    ids=["delete-only", "ban", "observe"],
)
def test_policy_turns_scores_into_actions(settings_: dict[str, str], kinds: list[str]) -> None:
    """The chat's settings decide what happens to spam; observe mode only alerts."""
    policy = ChatPolicy.from_settings(settings_)
    verdict = evaluate(
        facts("Earn $500 a day from home, write me t.me/+AbCdEf"), policy, NOW, model=MODEL
    )
    assert [a.kind for a in verdict.actions] == kinds
    assert verdict.intended[0].kind == "delete"


def test_channel_sender_gets_the_channel_banned() -> None:
    """A message posted as a channel bans that channel, not a user."""
    verdict = evaluate(
        facts("Earn $500 a day from home, write me t.me/+AbCdEf", sender_chat_id=-1009),
        ChatPolicy(),
        NOW,
        model=MODEL,
    )
    assert [a.kind for a in verdict.actions] == ["delete", "ban_sender_chat", "alert"]


@pytest.mark.parametrize(
    "member",
    [
        MemberFacts(approved=True),
        MemberFacts(trusted=True),
        MemberFacts(joined_at=NOW - timedelta(days=90), messages_seen=200),
    ],
    ids=["approved", "trusted", "many-clean-messages"],
)
def test_trusted_members_skip_content_checks(member: MemberFacts) -> None:
    """Approved, trusted and long-standing members are never judged as spammers.

    (Poaching is its own policy: a long-standing member who starts pushing another chat is
    still a rival; see tests/policies/test_poaching.py.)
    """
    verdict = evaluate(
        facts("Earn $500 a day from home, write me t.me/+AbCdEf", member),
        ChatPolicy(),
        NOW,
        model=MODEL,
    )
    spam = verdict.finding("spam")
    assert spam is not None and spam.exempt and spam.level == "clear"
    assert spam.checks[0].name == "standing"
    assert not verdict.is_spam


def test_allowlisted_shop_link_is_not_an_ad() -> None:
    """The shop's own domain never counts as a link to elsewhere."""
    policy = ChatPolicy.from_settings({"allow_domains": ["myshop.com"]})
    verdict = evaluate(
        facts("New arrivals are up: myshop.com/new", REGULAR), policy, NOW, model=MODEL
    )
    assert "links" not in {c.name for c in verdict.checks}


@pytest.mark.parametrize(
    ("extra", "check"),
    [
        ({"forward": ForwardFacts("channel", title="Deals")}, "forwarded"),
        ({"buttons": (ButtonFact("Join", "https://x.example"),)}, "buttons"),
        ({"contact_card": True}, "contacts"),
    ],
    ids=["forward", "buttons", "contact-card"],
)
def test_structural_checks(extra: dict[str, Any], check: str) -> None:
    """Forwards from channels, link buttons and contact cards are named checks."""
    verdict = evaluate(facts("look", **extra), ChatPolicy(), NOW, model=MODEL)
    assert check in {c.name for c in verdict.checks}


def test_common_phrases_repeated_everywhere_are_not_flood() -> None:
    """Many people saying "thanks, got it!" in many groups is ordinary life."""
    window = FloodWindow()
    for n in range(40):
        verdict = evaluate(
            MessageFacts(
                chat_id=-(n % 5) - 1,
                message_id=n,
                user_id=100 + n,
                text="thanks, got it!",
                date=NOW,
                member=NEWCOMER,
            ),
            ChatPolicy(),
            NOW,
            model=MODEL,
            flood=window,
        )
        assert verdict.label == "ham"


class _Leaning:
    """A model with a hunch: every text reads a little like an ad."""

    def score(self, text: str) -> float:
        return 0.7


@pytest.mark.parametrize(("member", "flagged"), [(REGULAR, False), (NEWCOMER, True)])
def test_a_known_member_asking_again_is_not_an_ad(member: MemberFacts, flagged: bool) -> None:
    """A member the group knows, sending the same question a third time because nobody
    answered, is not removed on their own repeats and the model's hunch (a real crypto group's
    two wrong flags); a new account doing the same still is."""
    window = FloodWindow()
    text = "Has anyone got their parcel from the Tuesday drop yet? Mine still says pending"
    for n in range(3):
        verdict = evaluate(
            MessageFacts(chat_id=-1, message_id=n, user_id=9, text=text, date=NOW, member=member),
            ChatPolicy(),
            NOW,
            model=_Leaning(),
            flood=window,
        )
    spam = verdict.finding("spam")
    assert spam is not None and "flood" in {c.name for c in spam.checks}
    assert (spam.level != "clear") is flagged, verdict.reasons()


def test_flood_across_chats() -> None:
    """The same text in several chats within minutes is flagged as flood."""
    window = FloodWindow()
    text = "Best prices on sneakers, check my profile for the catalogue"
    for chat in (-1, -2):
        verdict = evaluate(
            MessageFacts(
                chat_id=chat, message_id=1, user_id=9, text=text, date=NOW, member=REGULAR
            ),
            ChatPolicy(),
            NOW,
            model=MODEL,
            flood=window,
        )
    spam = verdict.finding("spam")
    assert spam is not None and "flood" in {c.name for c in spam.checks}


@pytest.mark.parametrize(
    ("settings_", "field", "value"),
    [
        ({"threshold": "0.9"}, "threshold", 0.9),
        ({"threshold": 7}, "threshold", 0.7),
        ({"mode": "chaos"}, "mode", "enforce"),
        ({"mute_minutes": "x"}, "mute_minutes", 1440),
        ({"warn_limit": True}, "warn_limit", 3),
        ({"unknown": 1}, "mode", "enforce"),
    ],
    ids=["string-number", "out-of-range", "bad-choice", "bad-int", "bool", "unknown-key"],
)
def test_chat_policy_parsing_is_tolerant(
    settings_: dict[str, object], field: str, value: object
) -> None:
    """Malformed stored settings fall back to defaults instead of failing."""
    assert getattr(ChatPolicy.from_settings(settings_), field) == value


def test_policy_round_trip() -> None:
    """Settings written from a policy read back as the same policy."""
    policy = ChatPolicy.from_settings({"allow_domains": ["a.com"], "mode": "observe"})
    assert ChatPolicy.from_settings(policy.to_settings()) == policy


def test_per_chat_feedback_changes_only_that_chat() -> None:
    """Feedback in one chat moves that chat's model, not the shared one."""
    text = normalise("limited drop tonight only in our channel")
    chat = MODEL.with_feedback([(text, "spam")] * 3)
    assert chat.score(text) > MODEL.score(text)


@pytest.mark.parametrize(
    "text",
    ["\u0301" * 4096, "\u202e" * 100 + "hello", "🙂" * 2000, "a" * 4096, "t.me/" * 500],
    ids=["combining-marks", "bidi-overrides", "emoji-only", "long", "broken-links"],
)
def test_strange_input_never_raises(text: str) -> None:
    """Pathological messages are judged without errors."""
    evaluate(facts(text), ChatPolicy(), NOW, model=MODEL)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=0, max_value=50))
def test_evaluate_never_raises(text: str, seen: int) -> None:
    """Any text from any member yields a verdict with a score in [0, 1]."""
    verdict = evaluate(
        facts(text, MemberFacts(messages_seen=seen)), ChatPolicy(), NOW, model=MODEL
    )
    assert 0.0 <= verdict.scores["spam"] <= 1.0


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("私人借款，当天放款，利息低，需要的私聊", "spam"),
        ("证件代办，三天拿证，加 V 详聊", "spam"),
        ("Привет! Можно познакомиться? Напиши мне в личку, тут неудобно", "spam"),
        ("Налоговая: у вас задолженность, оплатите во избежание ареста: nalog-oplata.ru", "spam"),
        ("Ставки на спорт не люблю, лучше потрачу на кроссовки", "ham"),
        ("上班赚钱养家不容易，今天又加班", "ham"),
        ("我在家做饭呢，晚点再聊", "ham"),
        ("Sorry cant talk now, in a meeting. Text me later", "ham"),
        ("Your mum called, she wants u to ring her back on 07700 900123", "ham"),
        ("check out this PR https://github.com/python-telegram-bot/ptb/pull/4000", "ham"),
        ("链接在这里 https://github.com/pytorch/pytorch 大家可以看看", "ham"),
        ("ребята, кто идёт на митап? регистрация https://meetup.com/moscow-py/events/1", "ham"),
        ("Брат устроился на удалённую работу, доволен", "ham"),
        ("Parcel on hold, pay the £1.45 fee at https://royalmail-redeliver.info/x", "spam"),
        ("Осторожно, в личку пишут мошенники, предлагают заработок 5000 в день", "ham"),
        ("Watch out, someone DMs people pretending to be the admin and asks for money", "ham"),
        ("大家小心，最近有人冒充群主私聊要钱，千万别转账", "ham"),
        ("Помогу вернуть деньги от мошенников, работаю по предоплате", "spam"),
        ("Beware of scammers! Real crypto signals only here t.me/+RealSignals99 join now", "spam"),
        ("诚招合伙人，轻松月入三万", "spam"),
        ("免费送你一个月会员，点击领取", "spam"),
        ("专业代写论文，包过，价格实惠", "spam"),
        ("I'm selling high quality replica watches, message me for the catalog", "spam"),
        ("这件衣服是高仿的吧，质量太差了", "ham"),
        ("the replica of the ship in the museum is amazing", "ham"),
        ("Register on 1xbet today and take your welcome bonus", "spam"),
        ("Best weight loss tea, lose 10kg in a month! Order: slimtea-official.com", "spam"),
        ("减肥神药，三天瘦五斤，无副作用", "spam"),
        ("福利视频资源大全，会员一折优惠", "spam"),
        ("I lost 5kg since January just by walking to work", "ham"),
        ("新款耳塞上市，舒适隔音，凭此短信立减五元【某某生活馆】", "spam"),
        ("我最喜欢的电影是【阿凡达】", "ham"),
        ("приветик, скучно одной вечером, жду твоего сообщения 💋", "spam"),
        ("Нужны 3 человека на удалёнку, от 2000 в день", "spam"),
        ("send me a message when you're home", "ham"),
        ("я на удалёнке с понедельника", "ham"),
    ],
    ids=[
        "zh-loan",
        "zh-documents",
        "ru-dm-lure",
        "ru-tax-phish",
        "ru-betting-mention",
        "zh-work",
        "zh-home",
        "sms-text-me",
        "sms-phone",
        "github-link",
        "zh-github-link",
        "ru-meetup-link",
        "ru-job-mention",
        "lookalike-post-office",
        "ru-scam-warning",
        "en-scam-warning",
        "zh-scam-warning",
        "ru-recovery-scam",
        "en-warning-with-invite",
        "zh-partner-income",
        "zh-free-membership",
        "zh-essay-writing",
        "en-replicas",
        "zh-complains-of-a-fake",
        "en-ship-replica",
        "en-bookmaker-brand",
        "en-diet-tea",
        "zh-diet-pill",
        "zh-adult-videos",
        "en-weight-talk",
        "zh-signed-text-message",
        "zh-film-in-brackets",
        "ru-dating-bot",
        "ru-remote-job-from-a-sum",
        "en-send-me-a-message",
        "ru-working-remotely",
    ],
)
def test_labels_with_the_shipped_model(text: str, label: str) -> None:
    """Short Chinese and Russian ads are caught; everyday mentions of money or betting are not."""
    model = _shipped_model()
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=model)
    # A complaint is recorded, never acted on: here only what moderation would do counts.
    acted = "ham" if verdict.lead is not None and verdict.lead.label == "complaint" else None
    assert (acted or verdict.label) == label, verdict.reasons()


def test_text_units_weigh_chinese_like_words() -> None:
    """A Chinese character counts three times, so length thresholds mean the same everywhere."""
    from policies.text import text_units

    assert text_units("hello") == 5
    assert text_units("你好") == 6
    assert text_units("ok 好") == 6
    assert text_units("") == 0


def test_links_weigh_by_host() -> None:
    """A well-known site weighs little; a look-alike host and a newcomer's invite weigh fully."""
    from policies.domains import is_well_known

    assert is_well_known("github.com") and is_well_known("en.wikipedia.org")
    assert not is_well_known("usps-redelivery.com") and not is_well_known("notgithub.com")
    known = evaluate(facts("see https://github.com/a/b"), ChatPolicy(), NOW)
    odd = evaluate(facts("see https://gith-ub.top/a/b"), ChatPolicy(), NOW)
    assert "well-known site (github.com)" in known.reasons()
    assert known.scores["spam"] < odd.scores["spam"]


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        (
            "Anyone know if the daily bonus of 50 USDT for new users is still on?",
            "Anyone know if the daily bonus of 50 USDT for new users is still on.",
        ),
        (
            "Бонус 500 ₽ за регистрацию по приглашению ещё действует или уже нет?",
            "Бонус 500 ₽ за регистрацию по приглашению ещё действует, успевайте.",
        ),
    ],
    ids=["en", "ru"],
)
def test_a_newcomer_asking_about_an_offer_is_no_ad(asked: str, said: str) -> None:
    """Ending on a question, with nowhere to send anyone, weighs against the ad checks: a new
    member asking whether a bonus still runs is no ad, though the same words said are."""
    model = _shipped_model()
    question = evaluate(facts(asked), ChatPolicy(), NOW, model=model)
    statement = evaluate(facts(said), ChatPolicy(), NOW, model=model)
    assert "question" in {c.name for c in question.checks}
    assert question.label == "ham", question.reasons()
    assert statement.scores["spam"] > question.scores["spam"]


@pytest.mark.parametrize(
    "text",
    [
        "Selling my trail runners, size 43, worn twice, 50 euro. Message me if interested",
        "Продаю свою куртку, носил один сезон, 6000 ₽, пишите в личку",
        "自己穿过两次的球鞋，九成新，250元，有意私聊",
        "多一张周日演唱会的票，原价转，需要的私我",
    ],
    ids=["en", "ru", "zh", "zh-spare-ticket"],
)
def test_a_newcomer_selling_their_own_thing_is_not_removed_as_an_ad(text: str) -> None:
    """In a resale group "selling my boots, worn twice, DM me" is the commonest message there
    is: its "DM me" is how members trade, not an ad, and a newcomer's first listing was deleted
    and muted (the same words with "DM me" instead got only a poaching warning)."""
    decision = evaluate(facts(text), ChatPolicy(), NOW, model=_shipped_model())
    spam = decision.finding("spam")
    assert spam is not None and spam.level != "hit", decision.reasons()
    # Heard whenever anything spoke against the text (nothing may: then it is simply clear).
    assert spam.level == "clear" or "personal_sale" in {c.name for c in spam.checks}
    assert not any(a.kind in ("delete", "restrict", "ban") for a in decision.actions)


@pytest.mark.parametrize(
    "text",
    [
        "Selling a PS5 controller, works fine, $35. DM me if you want it",
        "Продаю джойстик от PS5, 3000 рублей, пишите в лс",
        "Продам кроссовки 42 размер, 9000, пишите в личку",
        "卖我的旧手机，用了一年，800块，私聊我",
        "出闲置耳机，九成新，200，需要的私聊",
        "出一个自用的游戏手柄，九成新，150块，需要的私聊",
    ],
)
def test_a_plain_first_listing_is_not_removed_as_an_ad(text: str) -> None:
    """A newcomer's plain first listing ("Selling a ...", "Продам ...", "卖我的...", "出闲置...")
    was deleted and the member muted: only "selling my" and "продаю свою" read as own sales,
    and the model's word alone overruled the own-sale check on a long enough text."""
    decision = evaluate(facts(text), ChatPolicy(), NOW, model=_shipped_model())
    assert not any(a.kind in ("delete", "restrict", "ban") for a in decision.actions), (
        decision.reasons()
    )


def test_an_ad_selling_my_course_is_still_an_ad() -> None:
    """ "Selling my" does not clear an ad with other ad wording: the hand-off alone is let go."""
    ad = evaluate(
        facts("Selling my crypto course, earn $500 a day from home, DM me"),
        ChatPolicy(),
        NOW,
        model=_shipped_model(),
    )
    assert ad.label == "spam"


def test_an_ad_ending_on_a_question_is_still_an_ad() -> None:
    """The question weighs little against a real ad, and nothing when it sends people to a link
    or a phone."""
    model = _shipped_model()
    ad = evaluate(
        facts("Earn $500 a day from home, no experience needed. Interested?"),
        ChatPolicy(),
        NOW,
        model=model,
    )
    assert ad.label == "spam" and "question" in {c.name for c in ad.checks}
    linked = evaluate(
        facts("Want $300 a day from your phone? Details: earn-fast.top/join?"),
        ChatPolicy(),
        NOW,
        model=model,
    )
    assert linked.label == "spam" and "question" not in {c.name for c in linked.checks}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Hello everyone! We are organising a weekend photo walk across the old town, great "
            "for beginners and pros alike. Spots are limited, so register through this link!",
            "spam",
        ),
        (
            "Good morning all! Our new yoga studio opens next week with a free first class for "
            "this group. Book your mat here before it fills up.",
            "spam",
        ),
        (
            "Hello, dance lovers! Our studio is opening a free salsa night this friday, everyone "
            "is welcome. Sign up here before the spots run out.",
            "spam",
        ),
        (
            "Hey everyone, who is coming to the meetup on saturday? the shop said we can sign up "
            "at the counter",
            "ham",
        ),
    ],
    ids=["photo-walk", "yoga-studio", "greeting-comma", "member-asks"],
)
def test_a_strangers_call_to_the_whole_group_stands_alone(text: str, label: str) -> None:
    """A call to the whole group to sign up or book "here" is an ad by itself, whatever the
    model says: its "ordinary chat" is booking and event talk, the register such pitches
    borrow (they read 0.3-0.4 and went through). A member asking about a meetup is no call."""
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=_shipped_model())
    assert verdict.label == label, verdict.reasons()


@pytest.mark.parametrize(
    ("host", "brand"),
    [
        ("privat24-payout.site", "privat24"),
        ("privat24.get-help.online", "privat24"),
        ("usps-redelivery-center.com", "usps"),
        ("telegram-premium.xyz", "telegram"),
        ("binance-airdrop.io", "binance"),
        ("paypa1-secure.com", "paypal"),
        ("t1nkoff-bonus.ru", "tinkoff"),
        ("privat24.ua", None),
        ("www.privat24.ua", None),
        ("web.telegram.org", None),
        ("accounts.binance.com", None),
        ("groups.google.com", None),
        ("apple-pie-recipes.com", None),
        ("paypalfees.com", None),
    ],
)
def test_a_host_posing_as_a_brand(host: str, brand: str | None) -> None:
    """A host naming a bank, exchange, carrier or messenger on someone else's site is a
    look-alike; the brand's own sites and words that merely contain a name are not."""
    from policies.domains import posing_as

    assert posing_as(host) == brand


def test_a_lookalike_link_is_phishing_whoever_sends_it() -> None:
    """Even a member with some history who shares "where I got my payment" on a site posing as
    the bank is removed, and the alert names the bank."""
    text = "Got my support payment in a minute, here: https://privat24-payout.site/get/8812"
    verdict = evaluate(facts(text, REGULAR), ChatPolicy(), NOW, model=_shipped_model())
    assert verdict.label == "spam", verdict.reasons()
    assert "a link posing as privat24 (privat24-payout.site)" in verdict.reasons()
    own = evaluate(facts("paid on privat24.ua, all fine", REGULAR), ChatPolicy(), NOW)
    assert "lookalike" not in {c.name for c in own.checks}


@pytest.mark.parametrize(
    "text",
    [
        "check paypal.com for the receipt",
        "пробовал открыть whatsapp.net и whatsapp.com через него?",
    ],
)
def test_a_brands_own_site_is_an_ordinary_link(text: str) -> None:
    """A newcomer pointing at the bank's or the messenger's own site talks as members do (both
    were removed as ads: a link of unknown weight, the model's hunch and the author's newness)."""
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=_shipped_model())
    assert verdict.label == "ham", verdict.reasons()


def test_the_classifier_reads_a_link_by_its_host() -> None:
    """Paths and invite codes are noise to the model: only the host is read."""
    from policies.classifier import ngrams

    assert ngrams("see https://www.shop.com/a/b?c=1 ok") == ngrams("see shop.com ok")
    assert ngrams("join t.me/+AbCdEf now") == ngrams("join t.me now")
    assert ngrams("1/2 cup") != ngrams("1 cup")


_SHIPPED_WORDS = (
    "earn 500 a day from home, write me",
    "заработок от 3000 в день, пиши в лс",
    "加微信领取福利 wx12345",
    "ok",
    "see https://www.shop.com/a/b?c=1 and 中文 mixed",
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), st.sampled_from(_SHIPPED_WORDS)))
def test_the_model_reads_its_automata_exactly_as_its_weights(text: str) -> None:
    """The shipped model finds a text's known n-grams with Aho-Corasick automata: the same
    sum, count and mean, to the last bit, as looking each n-gram up in its weights."""
    from policies.classifier import evidence

    model = _shipped_model()
    norm = normalise(text)
    assert model.evidence(norm) == evidence(norm, model.weights)


@functools.cache
def _shipped_model() -> Model:
    from bot.models import Models

    return Models.build().shared


def test_an_age_disclaimer_is_not_an_adult_lure() -> None:
    """Text-message spam ends "18+ T&Cs": that is a prize scam's small print, and the
    explanation says so rather than calling it adult content."""
    model = _shipped_model()
    text = "Ur awarded a £350 voucher! Claim it 2day by calling 09050 112 233. 18+ T&Cs"
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=model)
    assert verdict.is_spam
    assert "text-message spam wording" in verdict.reasons()
    assert "adult" not in verdict.reasons()


def _fragment_letters() -> list[str]:
    from policies.gates import _CJK_FRAGMENTS

    return sorted({c for fragment in _CJK_FRAGMENTS for c in fragment}) + ["的", "我", " ", "a"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_fragment_letters()), max_size=40))
def test_chinese_gates_match_a_scan_of_every_substring(letters: list[str]) -> None:
    """The one-pass fragment search finds exactly what a scan of every substring finds."""
    from policies import gates

    text = "".join(letters)
    expected: set[str] = set()
    for i in range(len(text)):
        for j in range(i + 1, len(text) + 1):
            expected |= gates._CJK_FRAGMENTS.get(text[i:j], set())
    for token in gates._WORD.findall(text):
        expected |= gates._token_categories(token)
    assert set(gates.gated_categories(text)) == expected


@pytest.mark.parametrize(
    ("url", "hidden"),
    [
        ("https://win-prize.top/claim", True),
        ("https://t.me/+AbCdEf123", True),
        ("https://docs.python.org/3/", False),
        ("https://shop.example/item", False),
    ],
    ids=["odd-site", "invite", "well-known", "allow-listed"],
)
def test_links_hidden_behind_words_are_named(url: str, hidden: bool) -> None:
    """A text link counts as a link, and as a hidden one unless it leads somewhere ordinary."""
    from policies import EntityFact

    text = "Click here for your surprise"
    link = (EntityFact("text_link", 0, len(text), url),)
    policy = ChatPolicy(allow_domains=frozenset({"shop.example"}))
    verdict = evaluate(facts(text, entities=link), policy, NOW)
    assert ("hidden behind other words" in verdict.reasons(8)) is hidden
    assert any(c.name == "links" for c in verdict.checks) or not hidden


def test_a_bare_tg_invite_is_an_invite() -> None:
    """A Telegram-app invite (tg://join?invite=...) counts as an invite to another chat, as a
    t.me/+ link does."""
    verdict = evaluate(facts("come chat with us tg://join?invite=AbCdEf123"), ChatPolicy(), NOW)
    assert "1 invite link to another chat" in verdict.reasons()


def _letters(i: int) -> str:
    """A distinct all-letter word per number (digits are folded in flood fingerprints)."""
    return "".join("abcdefghij"[int(d)] for d in str(i))


def test_the_flood_window_forgets_what_left_it() -> None:
    """Authors past the half-minute burst window and texts past the ten-minute window are
    dropped as messages come, so memory follows recent traffic (they used to stay until 50,000
    others pushed them out)."""
    window = FloodWindow()
    for i in range(1000):  # a new author and a new text every second for 1,000 seconds
        window.observe(
            normalise(f"hello there my dear friend, this is {_letters(i)}"),
            -1,
            i,
            NOW + timedelta(seconds=i),
        )
    assert len(window._users) <= 31
    assert len(window._texts) <= 601
    late = window.observe(
        normalise(f"hello there my dear friend, this is {_letters(999)}"),
        -1,
        999,
        NOW + timedelta(seconds=999),
    )
    assert (
        late.same_text_count == 2 and late.user_burst == 2
    )  # what is in the windows still counts


def test_the_reasons_given_for_acting_are_the_checks_that_spoke_against() -> None:
    """A warning's reasons listed "reads like ordinary chat (0.43)" beside the ad wording, so
    the owner read a reason against the very decision; a text nothing spoke against still has
    its checks as the explanation."""
    from policies.explain import reason
    from policies.facts import check, ranked

    wording = check("stop_phrases", 0.8, reason("ad_wording", categories=("contact",)))
    model_doubt = check("classifier", -0.4, reason("classifier_ham", p="0.43"))
    money = check("money", 0.4, reason("money"))
    assert ranked((wording, model_doubt, money)) == [wording, money]
    assert ranked((model_doubt,)) == [model_doubt]


TRUSTED = MemberFacts(joined_at=NOW - timedelta(days=60), messages_seen=12, trusted=True)
_SHOP = ButtonFact("Open the catalogue", "https://alice-bags.shop/autumn")
_YOUTUBE = ButtonFact("Watch on YouTube", "https://youtube.com/watch?v=dQw4w9WgXcQ")
_AD_BUTTON = ButtonFact(
    "Earn $500 a day from home, no experience needed!", "https://t.me/+AbCdEfGh"
)


@pytest.mark.parametrize(
    ("text", "member", "buttons", "label"),
    [
        # A bot's (or an inline bot's) buttons with no link: their words are nothing to act on.
        ("New photos from today's fitting", NEWCOMER, (ButtonFact("Like 👍"),), "ham"),
        (".", NEWCOMER, (ButtonFact("👍 12"), ButtonFact("❤️ 3"), ButtonFact("🔥 2")), "ham"),
        ("Which colour next?", NEWCOMER, (ButtonFact("Red - 3"), ButtonFact("Blue - 5")), "ham"),
        # An admin's link button, posted by a trusted member: exempt as before.
        ("Our autumn catalogue is out", TRUSTED, (_SHOP,), "ham"),
        # One link button is one sign (the button check), not two: warned, as before.
        ("Our autumn catalogue is out", REGULAR, (_SHOP,), "borderline"),
        ("Never Gonna Give You Up", NEWCOMER, (_YOUTUBE,), "borderline"),
        ("Never Gonna Give You Up", REGULAR, (_YOUTUBE,), "borderline"),
        ("look", NEWCOMER, (ButtonFact("Join", "https://x.example"),), "borderline"),
        # The ad's words on a button are read as if written out.
        (".", NEWCOMER, (_AD_BUTTON,), "spam"),
        (".", REGULAR, (_AD_BUTTON,), "spam"),
    ],
    ids=[
        "like-button",
        "reaction-buttons",
        "vote-buttons",
        "trusted-admin-link",
        "regular-shop-link",
        "newcomer-youtube",
        "regular-youtube",
        "newcomer-join",
        "ad-on-a-button",
        "ad-on-a-button-regular",
    ],
)
def test_inline_buttons_are_read_as_part_of_the_message(
    text: str, member: MemberFacts, buttons: tuple[ButtonFact, ...], label: str
) -> None:
    """A newcomer's "." with one button "Earn $500 a day..." linking to an invite was only
    warned ("1 link button"): the button's words were never read. Ordinary buttons (a bot's
    "Like 👍", an admin's or a member's link button) are judged as before."""
    verdict = evaluate(
        facts(text, member, buttons=buttons), ChatPolicy(), NOW, model=_shipped_model()
    )
    assert verdict.label == label, verdict.reasons()
    if any(b.url for b in buttons) and not member.trusted:
        assert "buttons" in {c.name for c in verdict.checks}


def test_a_buttons_link_is_read_as_a_link() -> None:
    """A button's address is one of the message's links (an invite is an invite, a rival's
    site a site): other checks, calm mode and poaching see it; the link check leaves it to the
    button check, which already weighs every link button."""
    from policies import read_text

    found = read_text(facts(".", buttons=(_AD_BUTTON, ButtonFact("👍")))).found
    assert found.invite_links == 1 and found.behind_buttons == ("https://t.me/+AbCdEfGh",)
    verdict = evaluate(
        facts("look", buttons=(ButtonFact("Pay", "https://privat24-payout.site/x"),)),
        ChatPolicy(),
        NOW,
        model=MODEL,
    )
    assert "lookalike" in {c.name for c in verdict.checks}


@pytest.mark.parametrize(
    "text",
    [
        "Honestly I made $7,300 after investing only $450 with her team",
        "вложил 3000 а через неделю вывел 27000, всем советую",
        "跟着老师投资3000，五天就提现了2万",
    ],
)
def test_a_fake_testimonial_is_an_ad_by_itself(text: str) -> None:
    """Easy profit told of through a person or platform is acted on with no other evidence
    (no link, no contact, the model's doubt silenced), as a stranger's broadcast is; the
    decision names the wording that made it."""
    decision = evaluate(facts(text), ChatPolicy(), NOW, model=MODEL)
    assert decision.label == "spam", decision.reasons()
    spam = next(f for f in decision.findings if f.label == "spam")
    assert [c.name for c in spam.checks if c.score > 0][0] == "stop_phrases"
    assert "testimonial" in str(spam.checks[0].reasons[0].params)


def test_a_members_own_profit_story_is_not_a_testimonial() -> None:
    """Profit talk with no one and nothing sold through it stays chat."""
    decision = evaluate(
        facts("I made a profit selling my old bike"), ChatPolicy(), NOW, model=MODEL
    )
    assert decision.label == "ham", decision.reasons()


# A member in their first day, past their first messages: the demo's Carol, who had written five.
FIRST_DAY = MemberFacts(joined_at=NOW - timedelta(hours=20), messages_seen=5)


@pytest.mark.parametrize(
    ("text", "member", "addressed", "removed"),
    [
        # Said in reply to a member's question, or to a member by name: two members talking.
        ("Write me in private, I'll send you the seller's name", FIRST_DAY, "reply", False),
        ("@bob_runner write me in private, I'll tell you where I got them", FIRST_DAY, "@", False),
        ("Напиши мне в личку, скину контакт продавца", FIRST_DAY, "reply", False),
        ("私聊我，我把卖家的名字发给你", FIRST_DAY, "reply", False),
        # A newcomer's first words to a member are how spammers approach people one by one.
        ("Write me in private, I'll send you the details", NEWCOMER, "reply", True),
        # Said to nobody in particular, it is the ad's call to write elsewhere.
        ("Write me in private, I'll send you the details", FIRST_DAY, "", True),
        # A stranger's handle or a link is somewhere else to go, whoever it is said to.
        ("Write me in private or at @quick_cash_team, great offer", FIRST_DAY, "reply", True),
        ("Write me in private, details at quick-cash.top", FIRST_DAY, "reply", True),
        # Said to a member, an ad is still an ad: only the request to talk is let go.
        (
            "Crypto signals that double your deposit, earn $500 a day, write me in private",
            FIRST_DAY,
            "reply",
            True,
        ),
        ("@bob_runner dm me, I'll tell you which size fits", FIRST_DAY, "@", False),
        # Found in review: an ad's other wording, a messenger id or a sum still count in reply.
        ("Earn 300$ daily from your phone, dm me", FIRST_DAY, "reply", True),
        ("兼职日结300，私我", FIRST_DAY, "reply", True),
        ("加微信 abc12345 带你赚钱", FIRST_DAY, "reply", True),
    ],
    ids=[
        "reply",
        "mention",
        "ru",
        "zh",
        "newcomer",
        "to-all",
        "stranger",
        "link",
        "ad-in-reply",
        "dm-me",
        "earn-dm-me",
        "zh-job",
        "wechat-id",
    ],
)
def test_write_me_in_private_to_a_member_is_talk_not_an_ad(
    text: str, member: MemberFacts, addressed: str, removed: bool
) -> None:
    """The demo's Carol, a member of the day who had written five messages, answered Bob's
    question "write me in private, I'll send you the seller's name" and was deleted and muted:
    "write me" counted as an ad's call to write elsewhere whoever it was said to."""
    extra: dict[str, Any] = {}
    if addressed == "reply":
        extra["reply_to_user_id"] = 7
    elif addressed == "@":
        extra["mentions_of_members"] = frozenset({"bob_runner"})
    decision = evaluate(facts(text, member, **extra), ChatPolicy(), NOW, model=_shipped_model())
    acted = any(a.kind in ("delete", "restrict", "ban") for a in decision.actions)
    assert acted is removed, decision.reasons()
    spam = decision.finding("spam")
    assert spam is not None
    if not removed and spam.level != "clear":
        assert "to_member" in {c.name for c in spam.checks}


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        # Short Chinese ads whose word or contact is pulled apart or written past a filter.
        ("代写作业 私 我", True),
        ("出 手 游 账 号 ， 扣 1 2 3 4 5 6 7 8", True),
        ("想赚钱的来㊙️我", True),
        ("全网最低 看简介", True),
        # The same characters in ordinary talk.
        ("你 好", False),
        ("想要的扣1，我统计一下人数", False),
        ("这个月工资扣了50000块？不可能吧", False),
        ("这个秘密我不说", False),
        ("你这个好看头像", False),
        ("有人知道这个扣子在哪里买吗", False),
        # Found in review: points lost in a game, and 密我 inside other words.
        ("这把输了，扣50000分", False),
        ("每次失败，扣 20000 金币，太坑了", False),
        ("这个价格的奥秘我终于搞懂了", False),
        ("这家店价格和品质联系紧密我觉得很合理", False),
    ],
)
def test_short_chinese_ads_pulled_apart_are_read_whole(text: str, removed: bool) -> None:
    """Each ad was left up: two characters a space apart ("私 我") were not joined as three or
    more were, "扣" before a QQ number was no QQ, "㊙️我" (秘我, 密我) was no "DM me", "想赚钱的"
    no call to earn, and "看简介" closing a price claim no pointer to a profile."""
    decision = evaluate(facts(text), ChatPolicy(), NOW, model=_shipped_model())
    acted = any(a.kind in ("delete", "restrict", "ban") for a in decision.actions)
    assert acted is removed, decision.reasons()
