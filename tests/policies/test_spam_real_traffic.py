"""Spam checks learned from real traffic: what real group spam does that the seeds did not
(look-alike letters, Russian jobs and payouts, short Chinese hand-offs), and what real chat does
that is no ad (links among known members, credits, bot commands, scam warnings, languages the
model never learned). Each case is written here in the project's own words."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.models import Models
from policies import ChatPolicy, EntityFact, MemberFacts, evaluate
from policies.classifier import HAM, SPAM, Model, train
from policies.language import has_words, in_trained_language, in_trained_script
from policies.lexicon import CATEGORY_ANY
from policies.text import normalise
from tests.policies.test_spam import MODEL, NEWCOMER, NOW, REGULAR, facts


def shipped_model() -> Model:
    """The shared model the bot ships."""
    return Models.build().shared


@pytest.mark.parametrize(
    "text",
    [
        "اربح 5000 دولار يوميا من المنزل، راسلني على الواتساب الآن، فرصة لا تعوض لكل الأعضاء",
        "سلام دوستان، کسی کلاس فردا رو میاد؟ من جزوه جلسه قبل رو ندارم، لطفا بفرستید ممنون",
        "Bạn cài xong, vào nhóm PITVN nhờ active free, chỉ cần đưa id và pass của Teamviewer",
    ],
    ids=["ar-scam-wording", "fa-study-chat", "vi-dense-diacritics"],
)
def test_the_model_does_not_judge_scripts_it_never_learned(text: str) -> None:
    """A text mostly in a script the classifier has no samples of is not condemned on its
    word: it is not asked at all, so no 'reads like known ads' appears among the reasons."""
    model = shipped_model()
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=model)
    finding = verdict.finding("spam")
    assert finding is not None
    assert "classifier" not in [c.name for c in finding.checks]
    assert verdict.label != "spam", verdict.reasons()


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("Olá pessoal, alguém sabe como instalar o pacote?", True),
        ("Grüße aus München, schönes Wetter heute", True),
        ("Привет всем, как дела?", True),
        ("请问还有货吗", True),
        ("Bạn cài xong, vào nhóm nhờ active free, chỉ cần đưa id và pass", False),
        ("اربح 5000 دولار يوميا", False),
        ("😀😀😀 12345", True),
    ],
)
def test_which_texts_the_classifier_may_judge(text: str, known: bool) -> None:
    assert in_trained_script(text) is known


def test_a_groups_own_topic_and_site_are_not_ad_wording_there() -> None:
    """In a group named "Crypto.com", crypto talk and crypto.com links are the topic; the same
    words in a sneaker shop are ad wording and an outside link."""
    text = "Withdraw your crypto from the crypto.com exchange: https://help.crypto.com/en/withdraw"
    policy = ChatPolicy()
    own = evaluate(facts(text, REGULAR, chat_title="Crypto.com"), policy, NOW)
    elsewhere = evaluate(facts(text, REGULAR, chat_title="Sneaker Shop"), policy, NOW)

    def names(verdict: Any) -> set[str]:
        finding = verdict.finding("spam")
        return {c.name for c in finding.checks} if finding is not None else set()

    assert {"stop_phrases", "links"} <= names(elsewhere)
    assert not names(own) & {"stop_phrases", "links"}


@pytest.mark.parametrize(
    "text",
    [
        "Sofia Apartment https://www.booking.com/hotel/me/apartment-sofija.html",
        "Новый фонд долголетия, интересная статья https://amaranth.foundation/bottlenecks-of-aging",
        "lecture notes for week 3: https://github.com/cs2100/notes/blob/main/week3.md",
    ],
)
def test_a_known_member_sharing_a_link_is_not_an_ad(text: str) -> None:
    """A link and the model's hunch from a member the group knows are how study, tech and travel
    groups talk: not spam. (A newcomer's link is still judged on the rest of the evidence.)"""
    model = shipped_model()
    verdict = evaluate(facts(text, REGULAR), ChatPolicy(), NOW, model=model)
    assert verdict.label == "ham", verdict.reasons()


@pytest.mark.parametrize(
    "text",
    [
        "https://www.datasciencecentral.com/profiles/blogs/free-book-the-dataengineering-cookbook",
        "https://www.facebook.com/groups/10ms.programming/permalink/2731332873676527/",
        "l.ead.me/asn_dr_ufmt",
    ],
)
def test_a_newcomers_bare_link_is_not_read_by_the_model(text: str) -> None:
    """A link with (almost) no words around it gives the model nothing but a host name to read:
    it is not asked, so a newcomer sharing an article is judged on the link alone (not spam)."""
    model = shipped_model()
    verdict = evaluate(facts(text, NEWCOMER), ChatPolicy(), NOW, model=model)
    finding = verdict.finding("spam")
    assert finding is not None
    assert "classifier" not in {c.name for c in finding.checks}
    assert verdict.label == "ham", verdict.reasons()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("https://example.com/a/b", False),
        ("look: www.example.com", False),
        ("see https://example.com/x and tell me what you think", True),
        ("ok", False),
        ("no links here at all", True),
        ("a/b testing works", True),
    ],
)
def test_has_words(text: str, words: bool) -> None:
    assert has_words(normalise(text)) is words


def test_a_known_member_with_ad_wording_and_a_link_is_still_judged() -> None:
    model = shipped_model()
    text = "Earn $500 a day from home, no experience needed! Details: https://cash-fast.top/join"
    verdict = evaluate(facts(text, REGULAR), ChatPolicy(), NOW, model=model)
    assert verdict.label == "spam", verdict.reasons()


@pytest.mark.parametrize(
    ("text", "member", "label"),
    [
        # Clickbait dressed in look-alike letters: the model reads it as news, nobody writes so.
        (
            "ЖУTΚAЯ ИCTΟPИЯ НAШИΧ СОЛДАΤ. Сeгᴏдня сoлдᴀτы ποдeлилuсь co мнoй исτᴏρиeй",
            NEWCOMER,
            "spam",
        ),
        ("Bызвaл бoг κ ceбe тpoих, гoвopит им: кoнeц cвeтa чepeз нeдeлю", REGULAR, "spam"),
        # Two disguised words alone are a hint, not a verdict, for a member the group knows.
        ("Купил на pынкe хлeбa, всё хорошо", REGULAR, "ham"),
        # Brand names with Russian endings are how people write, not a disguise.
        ("Поставил VPNы на iPhoneы и Macи, работают", NEWCOMER, "ham"),
    ],
    ids=["clickbait-newcomer", "disguised-joke-regular", "two-words-regular", "brand-endings"],
)
def test_disguised_words_are_evidence(text: str, member: MemberFacts, label: str) -> None:
    """Look-alike letters of another alphabet inside words speak for an ad, and the model's
    reading of the disguised text as ordinary is not heard in its defence."""
    verdict = evaluate(facts(text, member), ChatPolicy(), NOW, model=MODEL)
    assert verdict.label == label, verdict.reasons()
    if label == "spam":
        assert "disguise" in {c.name for c in verdict.checks}


def test_two_kinds_of_ad_wording_outweigh_the_models_doubt() -> None:
    """Leftover crypto courses "shared for a thank-you" (a giveaway and a crypto pitch): the
    model, which reads this phrasing as chat, no longer talks two findings down to a warning."""
    text = (
        "Всем привет, у меня остались курсы по криптовалюте и биржам, "
        "могу поделиться ими за спасибо, кому надо"
    )
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=shipped_model())
    assert verdict.label == "spam", verdict.reasons()
    assert "classifier" not in {c.name for c in verdict.checks}
    # With one kind of wording, the model's doubt is still heard ("a job" alone is talk).
    alone = evaluate(
        facts("Брат устроился на удалённую работу, доволен"),
        ChatPolicy(),
        NOW,
        model=shipped_model(),
    )
    assert alone.label == "ham", alone.reasons()


@pytest.mark.parametrize(
    ("caption", "flagged"),
    [
        # A downloader bot's credit under a video a member shares is no hook.
        ("Downloaded via: @downloader_tiktok_bot", False),
        ("Скачано через @vkmusic_bot", False),
        # A handle with a pitch is still one.
        ("Win big tonight @lucky_casino_bot", True),
    ],
    ids=["credit-en", "credit-ru", "pitch"],
)
def test_a_bots_credit_line_is_not_a_hook(caption: str, flagged: bool) -> None:
    verdict = evaluate(
        facts(caption, media_type="video", has_caption=True), ChatPolicy(), NOW, model=MODEL
    )
    names = {c.name for c in verdict.checks}
    assert ("media_hook" in names) == flagged, verdict.reasons()
    assert ("mentions" in names) == flagged


@pytest.mark.parametrize(
    ("text", "label", "wording"),
    [
        # Jobs by the shift or from a phone, with a sum and no link.
        ("Срочно нужны грузчики, оплата 3500 за смену, звоните 89161234567", "spam", "job offer"),
        ("Работа с телефона, заработок с первого дня, занятость 2 часа", "spam", "job offer"),
        # Welfare payouts that only need a form: phishing.
        (
            "Вам доступна выплата 6500 грн, оформите по ссылке https://pay-help.site/get",
            "spam",
            "payment scam",
        ),
        # Course materials "left over" as bait.
        (
            "Остались обучающие материалы по трейдингу, могу отдать бесплатно, пишите +",
            "spam",
            "crypto or investment",
        ),
        ("Промокод на депозит в казино, заходите, бонус большой", "spam", "gambling"),
        # Members talking about the same things are not.
        ("Кто знает, сколько платят за смену на складе? Думаю устроиться", "ham", None),
        ("Прошёл курс по трейдингу, понравилось, всем советую", "ham", None),
        ("Осторожно, в личку пишут мошенники, предлагают заработок 5000 в день", "ham", None),
        ("Подскажите, где оформить пособие на ребёнка?", "ham", None),
    ],
    ids=[
        "shift-pay",
        "phone-job",
        "payout-phishing",
        "leftover-course",
        "casino-promo",
        "asks-about-shift-pay",
        "course-review",
        "warning-quotes-job",
        "asks-about-benefit",
    ],
)
def test_russian_kinds_of_real_spam(text: str, label: str, wording: str | None) -> None:
    """Kinds of Russian group spam the corpus shows (written here in our own words), named as
    such in the reasons, and the ordinary talk that shares their words."""
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=shipped_model())
    assert verdict.label == label, verdict.reasons()
    if wording is not None:
        said = [c.detail for c in verdict.checks if c.name == "stop_phrases"]
        assert said and wording in said[0], verdict.reasons()


@pytest.mark.parametrize(
    ("text", "label", "wording"),
    [
        # The contact in the display name, WeChat by a homophone, accounts for sale.
        ("出号 看名字", "spam", "selling followers, accounts"),
        # Short: the model does not read it, but the contact it hands over is flagged.
        ("有需要的加薇 x13579", "poaching", None),
        ("Требуются курьеры, оплата ежедневно от 5000р", "spam", "job offer"),
        # Ordinary talk with the same words.
        ("这个名字真好看", "ham", None),
        ("我卖号了，不玩了", "ham", None),
    ],
    ids=["see-my-name", "wechat-homophone", "daily-pay", "nice-name", "quit-the-game"],
)
def test_short_chinese_hand_offs(text: str, label: str, wording: str | None) -> None:
    """Very short Chinese ads hide their contact in the author's name or a homophone."""
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=shipped_model())
    assert verdict.label == label, verdict.reasons()
    if wording is not None:
        said = [c.detail for c in verdict.checks if c.name == "stop_phrases"]
        assert said and wording in said[0], verdict.reasons()


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("I don't pm but you could ask the mods here", False),
        ("Support will NEVER send you a private message (PM) first", False),
        ("Я не пишу в лс, спрашивайте тут", False),
        ("I don't pm, ok? Send a pm to my partner", True),
    ],
)
def test_a_private_chat_said_not_to_happen_is_no_contact(text: str, contact: bool) -> None:
    """ "I don't pm", "never ... (PM) first": the private chat is denied, not offered (two of
    a real crypto group's wrongly flagged messages); one offered beside a denied one counts."""
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=MODEL)
    assert ("contacts" in {c.name for c in verdict.checks}) is contact, verdict.reasons()


@pytest.mark.parametrize(
    "text", ["Здравствуйте, напишите в лс", "Пишите в личку", "If you need help, DM me"]
)
def test_write_me_in_private_counts_once(text: str) -> None:
    """'Write me in DM' is one cue: counted as ad wording, not again as a messenger contact."""
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=MODEL)
    names = [c.name for c in verdict.checks]
    assert "stop_phrases" in names and "contacts" not in names, verdict.reasons()
    # A phone number beside it is a second, separate hand-off.
    with_phone = evaluate(facts(f"{text} +44 20 7946 0958"), ChatPolicy(), NOW, model=MODEL)
    assert "contacts" in {c.name for c in with_phone.checks}


@pytest.mark.parametrize(
    ("text", "trained"),
    [
        ("Bom dia a todos, meu nome é Caio, trabalho em uma equipe de dados", False),
        ("Alguém é da área de segurança da informação? Meu professor falou", False),
        ("Guten Tag, ich habe eine Frage zu der Installation und dem Router", False),
        ("Earn 500 dollars a day from home, write me", True),
        ("FREE MONEY CLICK HERE NOW", True),
        # One shared word is not a language.
        ("Manda mensagem no whatsapp para ganhar dinheiro", True),
        # English with a Spanish name in it is English.
        ("Hi, I am from La Paz and de facto the best seller here", True),
        ("Привет всем, как дела", True),
        ("请问还有货吗", True),
        ("سلام دوستان، امروز تخفیف داریم", False),
        # A link's Latin letters do not make a Vietnamese text English (real export).
        ("Hoặc vào nhóm sau để xin key https://t.me/chat_product_keys_here", False),
        ("Or join this group for a key https://t.me/chat_product_keys_here", True),
    ],
    ids=[
        "pt-intro",
        "pt-question",
        "de",
        "en-ad",
        "en-caps",
        "pt-short",
        "en-names",
        "ru",
        "zh",
        "fa",
        "vi-link",
        "en-link",
    ],
)
def test_the_classifier_speaks_only_of_languages_it_learned(text: str, trained: bool) -> None:
    assert in_trained_language(text) is trained


def test_a_portuguese_introduction_is_not_condemned_by_an_english_model() -> None:
    """A newcomer introducing themselves in Portuguese: the model has never seen Portuguese, so
    its n-grams are no evidence, and nothing else speaks against the message."""
    text = (
        "Bom dia a todos, meu nome é Caio, trabalho em uma equipe de Business Intelligence "
        "de uma empresa pública e estou estudando ciência de dados"
    )
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=shipped_model())
    assert verdict.label == "ham", verdict.reasons()
    assert "classifier" not in {c.name for c in verdict.checks}


@pytest.mark.parametrize(
    "text",
    [
        "They pm first and ask for private info",
        "Our Team, Support and Ambassadors will NEVER send you a private message (PM) first",
        "Админы никогда не пишут первыми в личку, не отвечайте таким",
    ],
)
def test_admins_never_write_first_is_a_warning(text: str) -> None:
    """The warning every crypto group pins ('we never DM first') speaks for the message
    wherever anything in it spoke against it (a denied "PM" is no contact at all)."""
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=MODEL)
    against = [c for c in verdict.checks if c.score > 0]
    assert not against or "warning" in {c.name for c in verdict.checks}, verdict.reasons()
    assert verdict.label == "ham"


@pytest.mark.parametrize("text", ["/tip 100 @Fonta1n3", "/ban@group_help_bot @spammer123 flood"])
def test_a_handle_in_a_bot_command_is_its_argument(text: str) -> None:
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=MODEL)
    assert "mentions" not in {c.name for c in verdict.checks}, verdict.reasons()
    # The same handle offered as a contact still counts.
    offered = evaluate(facts("write to @Fonta1n3 for cheap coins"), ChatPolicy(), NOW, model=MODEL)
    spam = offered.finding("spam")
    assert spam is not None and "mentions" in {c.name for c in spam.checks}


@pytest.mark.parametrize(
    ("text", "category", "matches"),
    [
        # Crypto words are whole words: not inside a network card, a firewall or a file path.
        ("ISP_INTERFACE=eth3, the ethernet port", "crypto", False),
        ("Ага, особенно NFTABLES для TPWS", "crypto", False),
        ("error: crypto/bio/bio_sock2.c:183", "crypto", False),
        ("pumpkin soup and a new tokenizer", "crypto", False),
        ("cryptography lecture at nine", "crypto", False),
        ("нужен скрипт по курсу", "crypto", False),
        ("buy eth and bitcoins now", "crypto", True),
        ("free nfts for the first 100", "crypto", True),
        ("ethereum airdrop today", "crypto", True),
        ("крипта растёт", "crypto", True),
        # "You won't" is not "you won".
        ("you won’t get an airdrop", "giveaway", False),
        ("you won an iPhone 15!", "giveaway", True),
        # Talk of getting round blocks is a tech group's topic, not an ad.
        ("стратегия обходящая блокировку youtube", "promo", False),
    ],
)
def test_lexicon_words_are_whole_words(text: str, category: str, matches: bool) -> None:
    assert bool(CATEGORY_ANY[category].search(normalise(text))) is matches


@pytest.mark.parametrize(
    "text",
    ["Wen binance ser", "You won’t get an airdrop", "I’m\nExpected 3 ppl to Dm me"],
)
def test_a_short_text_is_judged_on_its_checks_alone(text: str) -> None:
    """In a few words the model mostly re-reads the phrase a check already found: it is not
    asked, and one weak phrase stays below the line."""
    verdict = evaluate(facts(text, REGULAR), ChatPolicy(), NOW, model=shipped_model())
    finding = verdict.finding("spam")
    assert finding is not None
    assert "classifier" not in {c.name for c in finding.checks}
    assert verdict.label == "ham", verdict.reasons()


def test_unknown_ngrams_dilute_the_models_reading() -> None:
    """An alphabetic text the model knows little of is not judged by its few familiar n-grams:
    the n-grams it never saw count as evidence of nothing, so two familiar ad words among a
    page of unknown ones read as neutral, while the same two words alone still read as an ad."""
    model = train(
        [
            (normalise("cheap pills cheap pills buy now"), SPAM),
            (normalise("see you at the meeting tomorrow"), HAM),
        ]
    )
    familiar = normalise("cheap pills")
    diluted = normalise("cheap pills xqzvw jkvbq wpxqz zqvjk vbqxw kjzqv wqpzx")
    assert model.score(familiar) > 0.6
    assert abs(model.score(diluted) - 0.5) < abs(model.score(familiar) - 0.5) / 2


def test_lecture_notes_are_not_condemned_on_the_models_word() -> None:
    """A class group's lecture notes (date, course code, teacher, topic, "offline"): nothing
    in them is an ad, and the model, which never saw such a note, must not say otherwise."""
    text = (
        "Date: 18-09-2023\nPHY-104 (Lecture 05)\n\nKarim Sir\n\nTopic:\n\n"
        'Waves and Oscillations, simple harmonic motion\n\n"Offline"'
    )
    verdict = evaluate(facts(text, NEWCOMER), ChatPolicy(), NOW, model=shipped_model())
    assert verdict.label == "ham", verdict.reasons()


def test_a_forwarded_telegram_blog_post_is_not_an_ad() -> None:
    """Telegram's own site behind "Read more" under a video (how its news channel posts) is a
    well-known site, not a hidden link to some chat."""
    message = replace(
        facts("Read more", NEWCOMER),
        media_type="video_file",
        entities=(EntityFact("text_link", 0, 9, url="https://telegram.org/blog/new-features"),),
    )
    verdict = evaluate(message, ChatPolicy(), NOW, model=shipped_model())
    assert verdict.label == "ham", verdict.reasons()
    assert "hidden_link" not in {c.name for c in verdict.checks}


class _CountingModel:
    """A model that says every text is an ad, and counts how often it is asked."""

    def __init__(self) -> None:
        self.asked = 0

    def score(self, text: str) -> float:
        self.asked += 1
        return 0.99


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # Too short to condemn alone, and nothing spoke against it: the model's word could
        # change nothing, so it is not asked (most everyday chat).
        ("see you all at the meeting tomorrow then", False),
        # Something spoke against it: the model's reading matters.
        ("earn passive income from home, ask me how", True),
        # Long enough for the model alone: it is asked.
        (
            "we moved the meeting to thursday because the room was booked by the other team "
            "for the whole afternoon",
            True,
        ),
        # Too short for the model to read at all.
        ("passive income, ask me", False),
    ],
)
def test_the_model_is_asked_only_where_its_word_can_count(text: str, asked: bool) -> None:
    model = _CountingModel()
    evaluate(facts(text, NEWCOMER), ChatPolicy(), NOW, model=model)
    assert (model.asked > 0) is asked


@pytest.mark.parametrize(
    ("text", "shouting"),
    [
        (
            "https://ex.eu/%D0%B4%D0%B0-%D1%80%D0%B8%D1%82%D0%BD%D0%B5%D1%88-%D0%BA%D1%8A%D0%BB",
            False,
        ),
        ("join https://t.me/+AbCDEFGHIJKLmnop now", False),
        ("BUY NOW CHEAP WATCHES https://example.eu/shop", True),
    ],
)
def test_a_links_capitals_are_no_shouting(text: str, shouting: bool) -> None:
    verdict = evaluate(facts(text, NEWCOMER), ChatPolicy(), NOW)
    finding = verdict.finding("spam")
    assert finding is not None
    assert ("shouting" in {c.name for c in finding.checks}) is shouting, verdict.reasons()


def test_a_scam_warning_naming_the_groups_own_site_is_a_warning() -> None:
    """Staff of a brand's group warn that the team never writes first and name the brand's
    site: that is the warning every such group pins, not an ad."""
    text = (
        "Shopco.com Team and Support will NEVER send you a private message (PM) first. "
        "Anyone doing so is a scammer. Your rewards arrive daily in your Shopco.com wallet."
    )
    model = shipped_model()

    def checks(title: str) -> set[str]:
        verdict = evaluate(facts(text, REGULAR, chat_title=title), ChatPolicy(), NOW, model=model)
        finding = verdict.finding("spam")
        assert finding is not None
        return {c.name for c in finding.checks}

    assert "warning" in checks("Shopco.com")
    assert "warning" not in checks("Cat lovers")  # there shopco.com is another site


class _SureModel:
    """A model that reads every text as an ad with the same confidence."""

    def __init__(self, p: float) -> None:
        self.p = p

    def score(self, text: str) -> float:
        return self.p


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        # Under ten words or so, the model's word alone removes nothing (a newcomer's question).
        ("Здравствуйте, нужна консультация по пенсионному фонду.", False),
        ("All you need is a phone and 1 hour a day to keep a streak", False),
        # Long enough: a sure model may condemn it alone.
        ("Вложи 5000 и через неделю получи 25000, проверено сотнями людей, пиши", True),
        # Chinese says as much in fifteen characters.
        ("恭喜您被抽中一等奖，奖金五万元，请添加客服领取", True),
    ],
)
def test_the_model_alone_condemns_only_a_text_long_enough(text: str, removed: bool) -> None:
    verdict = evaluate(facts(text, NEWCOMER), ChatPolicy(), NOW, model=_SureModel(0.9))
    finding = verdict.finding("spam")
    assert finding is not None
    assert (finding.level == "hit") is removed, verdict.reasons()
    if removed:
        assert {c.name for c in finding.checks if c.score > 0} <= {"classifier", "newcomer"}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Scammers took my savings last year, but then Mrs Clara helped me earn $2000 "
            "weekly, I'm so grateful",
            "spam",
        ),
        (
            "Be careful of fake admins, I was scammed. Mr Adams helped me earn $5000 in a week "
            "with bitcoin trading",
            "spam",
        ),
        ("Beware of scammers! I was scammed before. Only trust the admins here.", "ham"),
        ("Guys be careful, someone DMed me offering to double my USDT, it's a scam", "ham"),
    ],
)
def test_an_ad_opening_with_a_scam_story_earns_no_warning_credit(text: str, label: str) -> None:
    """ "I was scammed before, then my mentor made me rich": the scam story earned the credit a
    member's warning gets (-1.6) and the pitch after it stayed up. A testimonial gets none."""
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=shipped_model())
    assert verdict.label == label, verdict.reasons()


@pytest.mark.parametrize(
    "text",
    [
        "您的动态密码为 551902，有效期十分钟，请勿泄露给任何人。",
        "您本月的电费账单 132.40 元已生成，请于 25 日前缴纳，逾期将产生滞纳金。",
        "快递员已将您的包裹放入 3 号柜，取件码 884213，请于 24 小时内取件。",
        "您尾号 3302 的银行卡今天 10:20 消费 66.00 元，当前余额 1,024.50 元。",
    ],
    ids=["one-time-code", "power-bill", "parcel-locker", "card-spend"],
)
def test_a_pasted_service_notice_is_not_an_ad(text: str) -> None:
    """A bank's, a courier's or a utility's notice, pasted by a newcomer asking about it, is
    formal and full of numbers but sells nothing: the shipped model does not read its polite
    register as an ad's (real Chinese text-message ham was flagged at 53% before the model
    learned such notices from seed_zh_sms.jsonl)."""
    model = shipped_model()
    assert model.score(normalise(text)) < 0.5
    verdict = evaluate(facts(text), ChatPolicy(), NOW, model=model)
    assert verdict.label == "ham", verdict.reasons()
