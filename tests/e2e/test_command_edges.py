"""Moderator slash commands at their edges: in forum topics, with answers longer than a message,
with Telegram failing halfway through an action, and refusals to admins. Each test failed while
its bug lived (found by using the commands as moderators do)."""

from __future__ import annotations

from typing import Any

import pytest

from bot import outbound
from bot.harness import Harness
from bot.sandbox import World
from bot.sandbox.entities import parse_entities


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry delays shrink so fault tests stay quick; the number of attempts is unchanged."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))


async def team(world: World, steward: Harness, **rights: bool):
    """Owner olga, moderator max (may ban and delete), members pete and rita."""
    olga = world.user("olga", started_bot=True)
    await olga.start_bot()
    shop = await world.group_with_steward("Olga's Sneakers", owner=olga, rights=rights or None)
    mod = world.user("max", started_bot=True)
    await shop.join(mod)
    await shop.promote(mod, rights={"can_restrict_members": True, "can_delete_messages": True})
    pete = await shop.join(world.user("pete"))
    rita = await shop.join(world.user("rita"))
    await steward.settle()
    return olga, shop, shop.member(mod), pete, rita


async def said(steward: Harness, member: Any, text: str, **kwargs: Any):
    """A member posts; Steward handles it; the message is returned."""
    message = await member.says(text, **kwargs)
    await steward.settle()
    return message


def topic_root(world: World, shop: Any, creator: Any, name: str = "Orders") -> Any:
    """A forum topic's creation service message (its id is the topic's thread id)."""
    creator = getattr(creator, "user", creator)
    state = world.store_message(
        shop.chat,
        creator.state,
        {"forum_topic_created": {"name": name, "icon_color": 7322096}},
    )
    state.data["message_thread_id"] = state.message_id
    state.data["is_topic_message"] = True
    return state


async def in_topic(
    world: World,
    steward: Harness,
    shop: Any,
    user: Any,
    root: Any,
    text: str,
    reply_to: Any = None,
) -> Any:
    """A message written in a forum topic, in reply to `reply_to` or to no one (Telegram then
    marks it as a reply to the topic's creation message)."""
    body: dict[str, Any] = {
        "text": text,
        "message_thread_id": root.message_id,
        "is_topic_message": True,
        "reply_to_message": dict((reply_to.state if reply_to is not None else root).data),
    }
    entities = parse_entities(text)
    if entities:
        body["entities"] = entities
    user = getattr(user, "user", user)
    state = world.store_message(shop.chat, user.state, body)
    message = world.announce(state)
    await steward.settle()
    return message


def new_texts(shop: Any, after: Any) -> list[str]:
    """Texts of the bot's visible messages in the group posted after a given message."""
    return [m.text for m in shop.bot_messages if m.id > after.id]


# -- /spam tells the truth about what Telegram did


@pytest.mark.parametrize("trouble", ["no-ban-right", "telegram-5xx"])
async def test_spam_does_not_claim_a_ban_telegram_did_not_make(
    world: World, steward: Harness, trouble: str
):
    """/spam by reply when the ban does not happen (Steward lacks "Ban users", or Telegram keeps
    answering 5xx). The moderator reads "Removed and banned @pete" while pete is not banned and
    can keep posting. They should be told the ban failed (and, for the missing right, which
    right to grant, as every other command does)."""
    rights = {"can_restrict_members": False} if trouble == "no-ban-right" else {}
    _, shop, mod, pete, _ = await team(world, steward, **rights)
    ad = await said(steward, pete, "new drops every day, message me for the price list")
    if trouble == "telegram-5xx":
        world.faults.fail("banChatMember", "5xx", times=10)
    command = await said(steward, mod, "/spam", reply_to=ad)
    assert pete.id not in shop.banned  # what Telegram did
    answers = new_texts(shop, command)
    assert not any("banned @pete" in text for text in answers), answers
    if trouble == "no-ban-right":
        assert any("Ban users" in text for text in answers), answers


# -- forum topics


async def test_spam_in_a_topic_without_a_reply_does_not_ban_the_topics_creator(
    world: World, steward: Harness
):
    """In a forum group, a moderator types /spam in a topic without replying to anything. Telegram
    marks every topic message as a reply to the topic's creation message, so Steward deletes
    that service message, bans pete (who opened the topic) and learns nothing useful. It should
    answer as for any /spam without a reply: "Reply to the message you want to mark as spam"."""
    _, shop, _, pete, _ = await team(world, steward)
    root = topic_root(world, shop, pete, "Size questions")
    await in_topic(world, steward, shop, pete, root, "does the 43 run small?")
    await in_topic(world, steward, shop, world.user("max"), root, "/spam")
    assert pete.id not in shop.banned
    assert root.message_id not in shop.deleted_ids
    assert "Reply to the message you want to mark as spam" in shop.last_bot_message.text


async def test_del_in_a_topic_without_a_reply_leaves_the_topic_alone(
    world: World, steward: Harness
):
    """/del typed in a forum topic without replying deletes the topic's creation message (Telegram
    marks it as the reply of every topic message). The moderator meant nothing specific and
    should get the usual "Reply to the message you want to delete with /del"."""
    _, shop, _, pete, _ = await team(world, steward)
    root = topic_root(world, shop, pete, "Orders")
    await in_topic(world, steward, shop, world.user("max"), root, "/del")
    assert root.message_id not in shop.deleted_ids
    assert "Reply to the message you want to delete" in shop.last_bot_message.text


async def test_spam_confirmation_in_a_topic_is_posted_in_that_topic(
    world: World, steward: Harness
):
    """/spam in reply to an ad inside the "Orders" topic: the command is deleted and the
    confirmation is posted with no message_thread_id, so it lands in the General topic, away
    from where the moderator acted. (The warning-limit notice after /warn in a topic does the
    same.) It should be posted in the topic the command came from."""
    _, shop, _, pete, rita = await team(world, steward)
    root = topic_root(world, shop, rita, "Orders")
    ad = await in_topic(world, steward, shop, pete, root, "cheaper pairs in my shop, ask me")
    await in_topic(world, steward, shop, world.user("max"), root, "/spam", reply_to=ad)
    confirmation = world.calls_to("sendMessage")[-1]
    assert "banned @pete" in confirmation.params["text"]
    assert confirmation.params.get("message_thread_id") == root.message_id, confirmation.params


async def test_warning_limit_notice_in_a_topic_is_posted_in_that_topic(
    world: World, steward: Harness
):
    """/warn in reply to a member inside a topic, at the warning limit: the mute notice went to
    the General topic. It is posted in the topic the warning came from."""
    _, shop, mod, pete, rita = await team(world, steward)
    await said(steward, mod, "/settings warn_limit 1")
    root = topic_root(world, shop, rita, "Orders")
    rude = await in_topic(world, steward, shop, pete, root, "this shop is a joke")
    await in_topic(world, steward, shop, world.user("max"), root, "/warn", reply_to=rude)
    assert shop.is_restricted(pete)
    notice = world.calls_to("sendMessage")[-1]
    assert "@pete" in notice.params["text"]
    assert notice.params.get("message_thread_id") == root.message_id, notice.params


# -- /log and /why


# -- /log and /why


async def test_log_names_the_anonymous_admin_not_steward(world: World, steward: Harness):
    """An anonymous admin mutes pete; /log then reads "Steward muted @pete", as if the bot had
    decided it on its own. It should say an anonymous admin did it (as the log-chat line does)."""
    _, shop, mod, _, _ = await team(world, steward)
    await shop.anonymous_admin_says("/mute @pete 1h off-topic")
    await steward.settle()
    await said(steward, mod, "/log 3")
    log = shop.last_bot_message.text
    assert "muted @pete" in log
    assert "Steward muted @pete" not in log, log
    assert "anonymous admin" in log, log


@pytest.mark.parametrize("lang", ["ru", "zh"])
async def test_log_reasons_are_in_the_groups_language(world: World, steward: Harness, lang: str):
    """After /lang ru (or zh), /log and /why still show English reasons for reports, /spam and
    Steward's arrival: "reported by 1 member(s)", "marked as spam by a moderator", "Steward added
    to the group". Every line should read in the group's language."""
    _, shop, mod, pete, rita = await team(world, steward)
    await said(steward, mod, f"/lang {lang}")
    first = await said(steward, pete, "who has size 44?")
    await said(steward, rita, "/report", reply_to=first)
    second = await said(steward, pete, "follow my other chat for deals")
    await said(steward, mod, "/spam", reply_to=second)
    await said(steward, mod, "/log 5")
    log = shop.last_bot_message.text
    await said(steward, mod, "/why 1")
    why = shop.last_bot_message.text
    english = (
        *("reported by", "member(s)", "marked as spam by a moderator", "added to the group"),
        *("can_delete_messages", "can_restrict_members"),  # /why of Steward's arrival
    )
    leaks = [phrase for phrase in english if phrase in log or phrase in why]
    assert not leaks, (leaks, log, why)


# -- answers that grow past Telegram's 4,096 characters


async def test_competitor_list_of_long_names_gets_an_answer(world: World, steward: Harness):
    """Sixty rival names of about a hundred characters each (allowed: up to 128): /competitor
    list posts nothing at all, because its page of 50 is longer than Telegram accepts. The page
    should fit (shorter pages or clipped names)."""
    _, shop, mod, _, _ = await team(world, steward)
    names = ", ".join(
        f"Sneaker Palace resale outlet number {n:03d} " + "x" * 60 for n in range(60)
    )
    await said(steward, mod, "/competitor add " + names)
    assert "(60)" in shop.last_bot_message.text
    command = await said(steward, mod, "/competitor list")
    answers = new_texts(shop, command)
    assert answers and "Competitors (60)" in answers[0], answers


async def test_competitor_add_with_many_refused_names_gets_an_answer(
    world: World, steward: Harness
):
    """A moderator pastes 120 short codes into /competitor add: each is refused with its own line,
    the answer passes 4,096 characters and Telegram rejects it, so the moderator sees nothing.
    The answer should be kept within Telegram's limit (e.g. the refusals counted)."""
    _, shop, mod, _, _ = await team(world, steward)
    codes = ", ".join(f"{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(120))
    command = await said(steward, mod, "/competitor add " + codes)
    answers = new_texts(shop, command)
    assert answers and "too short" in answers[0], answers


async def test_settings_and_allow_answer_with_many_allowed_domains(world: World, steward: Harness):
    """A marketplace group allows 110 partner shops' domains (up to 200 are accepted). From then
    on /settings, /allow and the confirmation of /allow domain post nothing: each answer lists
    every domain and is longer than Telegram accepts. They should still answer."""
    _, shop, mod, _, _ = await team(world, steward)
    domains = [f"partner-shop-number-{n:03d}.example-market.com" for n in range(110)]
    services = steward.services
    await services.store.update_chat_settings(shop.id, {"allow_domains": domains})
    services.cache.forget_chat(shop.id)
    silent = []
    for command_text in ("/settings", "/allow", "/allow domain one-more-partner.com"):
        command = await said(steward, mod, command_text)
        if not new_texts(shop, command):
            silent.append(command_text)
    assert not silent, f"no answer to {silent}"


async def test_start_answers_an_owner_with_many_groups(world: World, steward: Harness):
    """An owner runs 50 regional groups with Steward (lacking "Ban users" in each). /start in
    private gets no answer at all: the group list is longer than Telegram accepts and the send
    fails. The list should be cut to fit (or split), never dropped."""
    olga = world.user("olga", started_bot=True)
    await olga.start_bot()
    for n in range(50):
        await world.group_with_steward(
            f"Olga's sneakers — resale and swap chat, city branch #{n:02d}",
            owner=olga,
            rights={"can_restrict_members": False},
        )
    await steward.settle()
    before = len(olga.dms)
    await olga.dm_bot("/start")
    await steward.settle()
    answers = [m.text for m in olga.dms[before:]]
    assert answers and "Your groups with Steward" in answers[0], "no answer to /start"
    assert all(len(a) <= 4096 for a in answers)
    assert all(f"#{n:02d}:" in "\n".join(answers) for n in range(50))  # split, none dropped


# -- refusals


async def test_an_admin_refused_a_key_setting_is_answered_every_time(
    world: World, steward: Harness
):
    """Moderator max (may ban, may not add admins) sends /mode observe and is told only the owner
    may; a few seconds later his /setlog @shoplog gets no answer at all, because the
    once-a-minute refusal meant for non-admins was spent. Admins should get every answer."""
    _, shop, mod, _, _ = await team(world, steward)
    await said(steward, mod, "/mode observe")
    assert "Only the owner" in shop.last_bot_message.text
    command = await said(steward, mod, "/setlog @shoplog")
    answers = new_texts(shop, command)
    assert answers and "Only the owner" in answers[0], answers


# -- actions Telegram only half did


async def test_kick_that_could_not_let_them_back_is_not_reported_as_a_kick(
    world: World, steward: Harness
):
    """/kick bans then unbans. When the unban fails (Telegram answers 5xx every time), pete stays
    banned for good, yet the moderator reads "@pete was removed from the group; they can come
    back with an invite". The answer should say he is still banned (or the unban be retried)."""
    _, shop, mod, pete, _ = await team(world, steward)
    world.faults.fail("unbanChatMember", "5xx", times=10)
    command = await said(steward, mod, "/kick @pete")
    answers = new_texts(shop, command)
    if pete.id in shop.banned:
        assert not any("can come back" in text for text in answers), answers


async def test_restore_says_when_the_mute_could_not_be_lifted(world: World, steward: Harness):
    """/restore N on a wrongly removed message: Telegram fails to lift the mute (5xx every time).
    Steward reposts the text as if all was undone; the member stays muted for a day and nobody is
    told. The moderator should learn that the mute is still on."""
    _, shop, mod, _, _ = await team(world, steward)
    mallory = world.user("mallory")
    member = await shop.join(mallory)
    ad = await said(steward, member, "Earn $500 a day from home! Write me t.me/+AbCdEfGh")
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None and shop.is_restricted(mallory)
    world.faults.fail("restrictChatMember", "5xx", times=10)
    command = await said(steward, mod, f"/restore {event.id}")
    answers = new_texts(shop, command)
    told = any(
        word in text.lower()
        for text in answers
        for word in ("could not", "couldn't", "failed", "still muted", "telegram")
    )
    assert not shop.is_restricted(mallory) or told, answers


# -- the competitor list against the group's own names


async def test_the_groups_own_allowed_domain_cannot_become_a_competitor(
    world: World, steward: Harness
):
    """The owner allowed the shop's own site with /allow domain; a moderator then lists the same
    site with /competitor add (a slip, or a hostile admin). Steward accepts it, and from then on
    a member saying "I ordered from olga-sneakers.com" is deleted as poaching, against the
    README's "never counted as poaching". The add should be refused (or the allow list win)."""
    _, shop, mod, _, rita = await team(world, steward)
    await said(steward, mod, "/allow domain olga-sneakers.com")
    await said(steward, mod, "/competitor add olga-sneakers.com")
    assert "group's own" in shop.last_bot_message.text
    message = await said(steward, rita, "I ordered from olga-sneakers.com, arrived in two days")
    assert not message.deleted
    await said(steward, mod, "/competitor add @StewardTestBot")  # Steward's own name neither
    assert "group's own" in shop.last_bot_message.text
    thanks = await said(steward, rita, "thanks @StewardTestBot, that was quick")
    assert not thanks.deleted
