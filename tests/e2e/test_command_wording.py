"""What moderators read back from their commands, worded for people: a group's whole-hour time
zone shown with the sign they typed (not IANA's reversed `Etc/GMT-3`), `/schedule pause all` and
`resume all` answered in grammatical en/ru/zh, Telegram's refusals told in the group's (or the
owner's) language instead of Telegram's raw English, and `/spam` and `/restore` copied to the log
chat like every other moderator action. Each test failed while its bug lived."""

from __future__ import annotations

from typing import Any

import pytest

from bot import outbound
from bot.alerts import _REFUSALS, Text, refusal_text
from bot.harness import Harness
from bot.i18n import load_catalog
from bot.sandbox import World
from tests.e2e.test_command_edges import new_texts, said, team


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry delays shrink so fault tests stay quick; the number of attempts is unchanged."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))


# -- time zones typed as offsets


@pytest.mark.parametrize(
    ("typed", "shown", "stored"),
    [("UTC+3", "UTC+3", "Etc/GMT-3"), ("UTC-5", "UTC-5", "Etc/GMT+5"), ("+05:00", "UTC+5", None)],
)
async def test_an_offset_zone_reads_with_the_sign_typed(
    world: World, steward: Harness, typed: str, shown: str, stored: str | None
):
    """/tz UTC+3 was confirmed as "Time zone set to Etc/GMT-3", which reads as three hours
    behind UTC (IANA reverses the sign); /tz, /settings and /schedule said the same. Everywhere
    a person reads the zone it should be "UTC+3"; the time itself was always right."""
    olga, shop, mod, _, _ = await team(world, steward)
    await said(steward, mod, f"/tz {typed}")
    answer = shop.last_bot_message.text
    assert f"Time zone set to {shown} " in answer, answer
    assert "Etc/GMT" not in answer, answer
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and chat.timezone is not None
    if stored is not None:
        assert chat.timezone == stored  # what the clock needs is kept as it was
    await said(steward, mod, "/tz")
    assert f"Time zone: {shown} " in shop.last_bot_message.text
    await said(steward, mod, "/settings")
    assert f"Time zone: {shown} (/tz)" in shop.last_bot_message.text
    await said(steward, shop.member(olga), "/schedule add daily 20:00")
    assert f"daily 20:00 ({shown})" in shop.last_bot_message.text
    await said(steward, mod, "/schedule list")
    listing = shop.last_bot_message.text
    assert f"(time zone {shown})" in listing and "Etc/GMT" not in listing, listing


# -- /schedule pause all and resume all


@pytest.mark.parametrize(
    ("lang", "paused", "resumed"),
    [
        ("en", "All 2 schedules paused.", "All 2 schedules resumed"),
        (
            "ru",
            "Приостановлены все расписания группы: 2.",
            "Возобновлены все расписания группы: 2.",
        ),
        ("zh", "已暂停全部 2 个发布计划。", "已恢复全部 2 个发布计划"),
    ],
)
async def test_pause_and_resume_all_answer_in_grammar(
    world: World, steward: Harness, lang: str, paused: str, resumed: str
):
    """/schedule pause all answered "Schedule all paused." (and "Приостановлено расписание:
    все.", "已暂停发布计划：全部。"). It should say how many schedules were paused or resumed."""
    olga, shop, mod, _, _ = await team(world, steward)
    owner = shop.member(olga)
    await said(steward, mod, f"/lang {lang}")
    await said(steward, owner, "/schedule add daily 10:00")
    await said(steward, owner, "/schedule add daily 19:00")
    await said(steward, mod, "/schedule pause all")
    assert shop.last_bot_message.text == paused
    schedules = await steward.services.store.list_schedules(shop.id)
    assert [s.paused for s in schedules] == [True, True]
    await said(steward, mod, "/schedule resume all")
    assert shop.last_bot_message.text.startswith(resumed), shop.last_bot_message.text
    schedules = await steward.services.store.list_schedules(shop.id)
    assert [s.paused for s in schedules] == [False, False]


async def test_pause_all_of_a_single_schedule_names_it(world: World, steward: Harness):
    """With one schedule, "all" is that one: it is named by its number."""
    olga, shop, mod, _, _ = await team(world, steward)
    await said(steward, shop.member(olga), "/schedule add daily 10:00")
    await said(steward, mod, "/schedule pause all")
    assert shop.last_bot_message.text == "Schedule #1 paused."
    await said(steward, mod, "/schedule resume *")
    assert shop.last_bot_message.text.startswith("Schedule #1 resumed;")


# -- Telegram's refusals in the group's language


@pytest.mark.parametrize(
    ("lang", "native"),
    [("ru", "сообщение уже нельзя удалить"), ("zh", "该消息已无法删除"), ("en", "can no longer")],
)
async def test_a_refusal_is_told_in_the_groups_language(
    clocked: tuple[World, Harness], lang: str, native: str
):
    """/del on a message two days old: Telegram refuses ("message can't be deleted"), and a
    Russian group read "Telegram отказал: Message can't be deleted" (a Chinese one "Telegram
    拒绝了：Message can't be deleted"). The reason should be in the group's language."""
    world, steward = clocked
    _, shop, mod, pete, _ = await team(world, steward)
    await said(steward, mod, f"/lang {lang}")
    old = await said(steward, pete, "selling my old boots, size 42")
    world.clock.advance(49 * 3600)  # type: ignore[attr-defined]
    command = await said(steward, mod, "/del", reply_to=old)
    assert not old.deleted
    answers = new_texts(shop, command)
    assert any(native in text for text in answers), answers
    assert not any("Message can't be deleted" in text for text in answers), answers


async def test_a_refused_scheduled_prompt_is_explained_in_the_owners_language(
    clocked: tuple[World, Harness],
):
    """A scheduled prompt Telegram refuses (Steward was removed from the group): the Russian
    owner's DM read "Telegram отказал (Bot was kicked from the supergroup chat)". It should
    say why in Russian."""
    world, steward = clocked
    alice = world.user("alice", started_bot=True, language_code="ru")
    await alice.start_bot()
    shop = await world.group_with_steward("Кроссовки", owner=alice)
    await steward.settle()
    owner = shop.member(alice)
    await said(steward, owner, "/lang ru")
    await said(steward, owner, "/schedule add daily 13:00")
    world.faults.fail("sendMessage", "403", times=1, chat_id=shop.id)
    world.faults.fail("sendPoll", "403", times=1, chat_id=shop.id)
    world.clock.advance(3600 + 1)  # type: ignore[attr-defined]
    assert steward.app is not None
    await steward.services.engagement.tick(steward.services, steward.app.bot)
    await steward.settle()
    dm = alice.last_dm.text
    assert "Расписание #1 приостановлено" in dm, dm
    assert "меня удалили из чата" in dm, dm
    assert "kicked" not in dm.lower(), dm


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_every_known_refusal_has_a_text_in_every_language(lang: str) -> None:
    """Each refusal the mapping knows renders in each language (with the right it names), and
    what it does not know is shown as Telegram wrote it."""
    texts = load_catalog()
    for piece, _key, _right in _REFUSALS:
        reason = refusal_text(f"Bad Request: {piece.capitalize()} xyz")
        assert isinstance(reason, Text), piece
        rendered = reason.render(texts, lang)
        assert rendered and "{" not in rendered, (piece, rendered)
        if lang != "en":
            assert piece not in rendered.casefold(), (piece, rendered)
    assert refusal_text("Something new happened") == "Something new happened"


# -- /spam and /restore in the log chat


async def _with_log_chat(world: World, steward: Harness) -> tuple[Any, Any, Any, Any]:
    olga, shop, mod, pete, _ = await team(world, steward)
    log_group = await world.group_with_steward("Olga's log", owner=olga)
    await steward.settle()
    await said(steward, shop.member(olga), f"/setlog {log_group.id}")
    return shop, mod, pete, log_group


async def test_spam_is_copied_to_the_log_chat(world: World, steward: Harness):
    """/warn, /mute, /ban and the rest are copied to the group's log chat; /spam (delete, ban
    and learn) was not, so the log chat missed the most common moderator action."""
    shop, mod, pete, log_group = await _with_log_chat(world, steward)
    ad = await said(steward, pete, "cheap followers, write me in private")
    before = len(log_group.bot_messages)
    await said(steward, mod, "/spam", reply_to=ad)
    assert ad.deleted and pete.id in shop.banned
    copies = [m.text for m in log_group.bot_messages[before:]]
    assert any("@max → removed spam and banned @pete" in text for text in copies), copies


async def test_restore_is_copied_to_the_log_chat(world: World, steward: Harness):
    """/restore N (undo Steward's removal) was not copied to the log chat either."""
    shop, mod, _, log_group = await _with_log_chat(world, steward)
    mallory = world.user("mallory")
    member = await shop.join(mallory)
    ad = await said(steward, member, "Earn $500 a day from home! Write me t.me/+AbCdEfGh")
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None
    before = len(log_group.bot_messages)
    await said(steward, mod, f"/restore {event.id}")
    copies = [m.text for m in log_group.bot_messages[before:]]
    assert any(f"@max → undid event #{event.id} for @mallory" in t for t in copies), copies
