"""Moderator commands end to end: success, refusals, bad input, rights and Telegram's moods."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import outbound
from bot.harness import Harness
from bot.sandbox import World


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retry delays shrink so fault tests stay quick; the number of attempts is unchanged."""
    monkeypatch.setattr(outbound, "RETRY_DELAYS", (0.01, 0.02))


async def shop_with_team(world: World, steward: Harness, **rights: bool):
    """Owner alice, moderator dave (may restrict, not promote), members bob and carol."""
    alice = world.user("alice", started_bot=True)
    await alice.start_bot()
    shop = await world.group_with_steward("Alice's Shop", owner=alice, rights=rights or None)
    dave = world.user("dave", started_bot=True)
    await shop.join(dave)
    await shop.promote(dave, rights={"can_restrict_members": True, "can_delete_messages": True})
    bob = await shop.join(world.user("bob"))
    carol = await shop.join(world.user("carol"))
    await steward.settle()
    return alice, shop, dave, bob, carol


async def said(steward: Harness, member, text: str, **kwargs):
    """A member posts, Steward handles it, and the group's last bot message is returned."""
    message = await member.says(text, **kwargs)
    await steward.settle()
    return message


async def test_warn_by_reply_counts_and_the_limit_mutes(world: World, steward: Harness):
    """Three warnings reach the default limit: the member is muted and the count starts again."""
    alice, shop, dave, bob, _ = await shop_with_team(world, steward)
    target = await said(steward, bob, "buy my stuff elsewhere")
    moderator = shop.member(dave)
    await said(steward, moderator, "/warn off-topic selling", reply_to=target)
    assert "@bob has been warned (1/3)" in shop.last_bot_message.text
    assert "Reason: off-topic selling" in shop.last_bot_message.text
    await said(steward, moderator, "/warn @bob")
    await said(steward, moderator, f"/warn {bob.id}")
    assert shop.is_restricted(world.user("bob"))
    assert "reached the warning limit (3) and is muted" in shop.last_bot_message.text
    member = await steward.services.store.get_member(shop.id, bob.id)
    assert member is not None and member.warnings == 0
    kinds = [e.kind for e in await steward.services.store.list_events(shop.id)]
    assert kinds.count("mod_warn") == 3


async def test_non_admin_is_refused_once_a_minute_and_nothing_changes(
    world: World, steward: Harness
):
    """A member's /ban does nothing; a second try within the minute gets no answer at all."""
    _, shop, _, bob, carol = await shop_with_team(world, steward)
    before = len(shop.bot_messages)
    await said(steward, bob, "/ban @carol")
    assert shop.last_bot_message.text == "Only admins can use that command."
    await said(steward, bob, "/mute @carol")
    await said(steward, bob, "/warn @carol")
    assert len(shop.bot_messages) == before + 1
    assert carol.id not in shop.banned and not shop.is_restricted(world.user("carol"))
    assert not world.calls_to("banChatMember") and not world.calls_to("restrictChatMember")


async def test_anonymous_admin_can_moderate(world: World, steward: Harness):
    """An admin posting as the group is accepted as an admin."""
    _, shop, _, bob, _ = await shop_with_team(world, steward)
    ad = await said(steward, bob, "hello")
    await shop.anonymous_admin_says("/mute 1h spamming", reply_to=ad)
    await steward.settle()
    assert shop.is_restricted(world.user("bob"))
    assert "@bob is muted (1h)" in shop.last_bot_message.text


async def test_mute_with_duration_and_unmute(world: World, steward: Harness):
    """/mute @user 2h restricts until then; /unmute lifts it; a second /unmute says so."""
    _, shop, dave, bob, _ = await shop_with_team(world, steward)
    moderator = shop.member(dave)
    await said(steward, moderator, "/mute @bob 2h flooding")
    _, until = shop.restrictions[bob.id]
    assert until is not None
    assert abs(until - (world.now() + timedelta(hours=2)).timestamp()) < 5
    assert "@bob is muted (2h)" in shop.last_bot_message.text
    await said(steward, moderator, "/unmute @bob")
    assert not shop.is_restricted(world.user("bob"))
    assert "@bob can write again" in shop.last_bot_message.text
    await said(steward, moderator, "/unmute @bob")
    assert shop.last_bot_message.text == "@bob is not muted."


async def test_an_edited_command_is_not_run_again(world: World, steward: Harness):
    """Fixing a typo in a /warn warns once; an old /log edited into /ban bans nobody."""
    _, shop, dave, bob, _ = await shop_with_team(world, steward)
    moderator = shop.member(dave)
    warn = await said(steward, moderator, "/warn @bob spaming")
    await moderator.edits(warn, "/warn @bob spamming links")
    await steward.settle()
    member = await steward.services.store.get_member(shop.id, bob.id)
    assert member is not None and member.warnings == 1
    log = await said(steward, moderator, "/log")
    await moderator.edits(log, "/ban @bob")
    await steward.settle()
    assert bob.id not in shop.banned


async def test_a_username_typed_in_a_reply_names_the_target(world: World, steward: Harness):
    """Replying to bob's "carol is spamming" with /mute @carol 1h mutes carol for an hour; bob,
    who only wrote the reported message, is left alone (he was muted for good, "@carol 1h" taken
    as the reason)."""
    _, shop, dave, bob, carol = await shop_with_team(world, steward)
    report = await said(steward, bob, "@carol keeps posting her shop here")
    await said(steward, shop.member(dave), "/mute @carol 1h", reply_to=report)
    assert not shop.is_restricted(world.user("bob"))
    _, until = shop.restrictions[carol.id]
    assert until is not None
    assert abs(until - (world.now() + timedelta(hours=1)).timestamp()) < 5
    assert "@carol is muted (1h)" in shop.last_bot_message.text
    await said(steward, shop.member(dave), "/warn @carol", reply_to=report)
    member = await steward.services.store.get_member(shop.id, bob.id)
    assert member is None or member.warnings == 0


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/mute @bob 10x", "I don't understand the duration «10x»"),
        ("/mute @bob 5s", "too short"),
        ("/ban @bob 400d", "too long"),
        ("/mute", "Reply to a message with /mute"),
        ("/warn @b!", "is not a valid @username"),
        ("/ban @nobody_here", "I don't know @nobody_here yet"),
        ("/ban 987654321", "Telegram doesn't know a user with id 987654321"),
        ("/ban @alice", "@alice is an admin"),
        ("/ban @StewardTestBot", "I won't do that to myself"),
        ("/unban @bob", "@bob is not banned."),
        ("/unwarn @bob", "@bob has no warnings."),
        ("/del", "Reply to the message you want to delete"),
        ("/why abc", "Reply with /why"),
        ("/log 500", "at most 50"),
        ("/settings warn_limit lots", "warn_limit must be a number from 1-100"),
        ("/settings colour blue", "There is no setting «colour»"),
        ("/settings spam_action explode", "spam_action must be one of"),
        ("/settings borderline 0.9", "borderline would cross the other bound (threshold 0.7)"),
        ("/lang xx", "I don't speak «xx» yet"),
        ("/tz Mars/Olympus", "not a time zone I know"),
        ("/tz America", "not a time zone I know"),
        ("/tz localtime", "not a time zone I know"),
        ("/restore ²", "Use /restore followed by the event number"),
        ("/alerts maybe", "Use /alerts on or /alerts off"),
        ("/mute @bob " + "x" * 5000, "@bob is muted"),
    ],
    ids=[
        "bad-duration",
        "too-short",
        "too-long",
        "missing-target",
        "bad-username",
        "unknown-username",
        "unknown-id",
        "target-admin",
        "target-self",
        "unban-not-banned",
        "unwarn-none",
        "del-no-reply",
        "why-bad",
        "log-too-many",
        "setting-bad-number",
        "setting-unknown",
        "setting-bad-choice",
        "setting-crossed-bounds",
        "lang-unknown",
        "tz-unknown",
        "tz-a-folder-of-zones",
        "tz-the-servers-own",
        "restore-a-superscript-digit",
        "alerts-bad",
        "huge-reason",
    ],
)
async def test_bad_input_gets_a_clear_answer(
    world: World, steward: Harness, command: str, answer: str
):
    """Malformed arguments, unknown or protected targets: a clear answer, never a traceback."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    await said(steward, shop.member(dave), command)
    assert answer in shop.last_bot_message.text


async def test_missing_right_is_named(world: World, steward: Harness):
    """Without the right to ban, /mute says which right to grant and calls nothing."""
    _, shop, dave, bob, _ = await shop_with_team(
        world, steward, can_restrict_members=False, can_delete_messages=True
    )
    await said(steward, shop.member(dave), "/mute @bob")
    assert "I need the right «Ban users»" in shop.last_bot_message.text
    assert not world.calls_to("restrictChatMember")
    assert not shop.is_restricted(world.user("bob"))


async def test_telegram_429_and_5xx_get_a_try_again(world: World, steward: Harness):
    """Telegram keeps refusing: the moderator is told to try again and nothing is recorded."""
    _, shop, dave, bob, _ = await shop_with_team(world, steward)
    world.faults.fail("banChatMember", "429", times=10, retry_after=1)
    await said(steward, shop.member(dave), "/ban @bob")
    assert "slow down" in shop.last_bot_message.text
    world.faults.clear()
    world.faults.fail("banChatMember", "5xx", times=10)
    await said(steward, shop.member(dave), "/ban @bob")
    assert "Telegram did not answer" in shop.last_bot_message.text
    assert bob.id not in shop.banned
    kinds = [e.kind for e in await steward.services.store.list_events(shop.id)]
    assert "mod_ban" not in kinds


async def test_telegram_403_on_the_reply_is_survived(world: World, steward: Harness):
    """Telegram refusing Steward's answer (403) leaves the action done and no error."""
    _, shop, dave, bob, _ = await shop_with_team(world, steward)
    world.faults.fail("sendMessage", "403", times=1, chat_id=shop.id)
    await said(steward, shop.member(dave), "/ban @bob")
    assert bob.id in shop.banned


async def test_a_database_that_does_not_answer_gets_a_clear_answer(
    world: World, steward: Harness, monkeypatch: pytest.MonkeyPatch
):
    """The database is locked when a moderator warns someone: the moderator is told to try
    again, nothing is half-recorded, and the next command works once the database is back."""
    from sqlalchemy.exc import OperationalError

    _, shop, dave, bob, _ = await shop_with_team(world, steward)
    store = steward.services.store
    original = store.add_warning

    async def locked(*_args: object, **_kwargs: object) -> int:
        raise OperationalError("UPDATE members", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "add_warning", locked)
    await said(steward, shop.member(dave), "/warn @bob spamming")
    assert "My database did not answer" in shop.last_bot_message.text
    # It reached the error handler (one log line, no traceback) and went no further.
    assert [type(e).__name__ for e in steward.errors] == ["OperationalError"]
    steward.errors.clear()
    member = await store.get_member(shop.id, world.user("bob").id)
    assert member is not None and member.warnings == 0
    monkeypatch.setattr(store, "add_warning", original)
    await said(steward, shop.member(dave), "/warn @bob spamming")
    assert "@bob has been warned (1/3)" in shop.last_bot_message.text


async def test_ban_unban_kick_and_channel_ban(world: World, steward: Harness):
    """Ban keeps out, unban lets back, kick removes without a ban, channels are banned whole."""
    _, shop, dave, bob, carol = await shop_with_team(world, steward)
    moderator = shop.member(dave)
    await said(steward, moderator, "/ban @bob scam")
    assert bob.id in shop.banned
    assert "⛔ @bob is banned (until lifted)" in shop.last_bot_message.text
    await said(steward, moderator, "/ban @bob")
    assert shop.last_bot_message.text == "@bob is already banned."
    await said(steward, moderator, "/unban @bob")
    assert bob.id not in shop.banned
    await said(steward, moderator, "/kick @carol")
    assert carol.id not in shop.banned
    assert shop.bot_status == "administrator"
    assert "removed from the group" in shop.last_bot_message.text
    channel = world.channel("Deals", username="dealsdeals")
    post = await shop.channel_says(channel, "hello from a channel")
    await steward.settle()
    await said(steward, moderator, "/ban", reply_to=post)
    assert channel.id in shop.banned_sender_chats


async def test_del_deletes_the_replied_message_and_the_command(world: World, steward: Harness):
    """/del by reply removes both messages and logs who did it."""
    _, shop, dave, bob, _ = await shop_with_team(world, steward)
    rude = await said(steward, bob, "something rude")
    command = await said(steward, shop.member(dave), "/del", reply_to=rude)
    assert rude.deleted and command.deleted
    events = await steward.services.store.list_events(shop.id)
    assert events[0].kind == "mod_delete" and events[0].actor_id == dave.id


async def test_approved_member_skips_content_checks(world: World, steward: Harness):
    """An approved newcomer may post a link ad; /approved lists them; /unapprove undoes it."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    partner = await shop.join(world.user("partner"))
    moderator = shop.member(dave)
    await said(steward, moderator, "/approve @partner")
    assert "@partner is approved" in shop.last_bot_message.text
    ad = await said(steward, partner, "Earn $500 a day from home! Write me t.me/+AbCdEfGh")
    assert not ad.deleted
    await said(steward, moderator, "/approved")
    assert "Approved members (1): @partner" in shop.last_bot_message.text
    await said(steward, moderator, "/unapprove @partner")
    await said(steward, moderator, "/approved")
    assert shop.last_bot_message.text == "Nobody is approved in this group."


async def test_a_long_approved_list_is_answered_and_counted(world: World, steward: Harness):
    """Seventy approved members with long names made /approved longer than Telegram allows:
    the moderator got no answer. The names fit, the rest are counted, the count is every one."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    for n in range(130):
        member = world.user(f"member{n}", first_name=f"Member number {n} " + "x" * 50)
        member.state.username = None
        await shop.join(member)
        services = steward.services
        await services.store.set_member_approved(shop.id, member.id, True, services.clock())
    await steward.settle()
    command = await said(steward, shop.member(dave), "/approved")
    answer = shop.last_bot_message
    assert answer.id > command.id
    assert answer.text.startswith("Approved members (130): ")
    assert len(answer.text) <= 4096 and " … +" in answer.text


async def test_log_shows_no_internal_names_for_actions_without_a_reason(
    world: World, steward: Harness
):
    """/mute, /unmute and /kick with no reason were logged with their internal kind as the
    reason: /log read "@dave muted @bob: mod_mute"."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    await shop.join(world.user("bob"))
    for command in ("/mute @bob", "/unmute @bob", "/kick @bob", "/log"):
        await said(steward, shop.member(dave), command)
    log = shop.last_bot_message.text
    assert "@dave muted @bob" in log and "mod_" not in log, log


async def test_why_and_log_explain_what_happened(world: World, steward: Harness):
    """/why EVENT lists the checks behind a removal; /log lists recent events."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    spammer = await shop.join(world.user("mallory"))
    ad = await said(steward, spammer, "Earn $500 a day from home! Write me t.me/+AbCdEfGh")
    assert ad.deleted
    event = await steward.services.store.find_event_by_message(shop.id, ad.id)
    assert event is not None
    await said(steward, shop.member(dave), f"/why {event.id}")
    text = shop.last_bot_message.text
    assert f"Event #{event.id}" in text and "• links:" in text
    assert f"Event #{event.id} (" in text and "Steward removed spam from @mallory: spam (" in text
    bob = await shop.join(world.user("bob"))
    await said(steward, bob, "hello")
    await said(steward, shop.member(dave), "/mute @bob 1h flooding")
    await said(steward, shop.member(dave), "/log 5")
    log = shop.last_bot_message.text
    assert "Latest events" in log and f"#{event.id}" in log
    # Sentences: who did what to whom, and why; no internal kind names.
    assert "· @dave muted @bob: flooding" in log, log
    assert "· Steward removed spam from @mallory: spam (" in log, log
    assert "mod_mute" not in log and "spam_removed" not in log


async def test_log_reads_in_the_groups_language(world: World, steward: Harness):
    """A Russian group's /log says who did what in Russian."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    await said(steward, shop.member(dave), "/lang ru")
    bob = await shop.join(world.user("bob"))
    await said(steward, bob, "привет")
    await said(steward, shop.member(dave), "/warn @bob")
    await said(steward, shop.member(dave), "/log 3")
    assert "· @dave предупредил @bob" in shop.last_bot_message.text


async def test_settings_show_change_and_key_settings(world: World, steward: Harness):
    """Any admin changes ordinary settings; mode needs the owner or a promoter."""
    alice, shop, dave, _, _ = await shop_with_team(world, steward)
    await said(steward, shop.member(dave), "/settings")
    assert "warn_limit = 3" in shop.last_bot_message.text
    await said(steward, shop.member(dave), "/settings warn_limit 5")
    assert shop.last_bot_message.text == "Done: warn_limit = 5."
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and chat.settings["warn_limit"] == 5
    await said(steward, shop.member(dave), "/mode observe")
    assert "Only the owner" in shop.last_bot_message.text
    await said(steward, shop.member(dave), "/settings mode observe")
    assert "Only the owner" in shop.last_bot_message.text
    await shop.anonymous_admin_says("/mode observe")
    await steward.settle()
    assert "can't tell which admin you are" in shop.last_bot_message.text
    await said(steward, shop.member(alice), "/mode observe")
    assert shop.last_bot_message.text == "Done: mode = observe."


async def test_mode_command_switches_to_observe(world: World, steward: Harness):
    """After /mode observe an ad stays and the owner is asked whether it is spam; "Not spam"
    teaches this chat's model the text is fine and touches nothing in the group."""
    alice, shop, _, _, _ = await shop_with_team(world, steward)
    await said(steward, shop.member(alice), "/mode observe")
    spammer = await shop.join(world.user("mallory"))
    text = "Earn $500 a day from home! Write me t.me/+AbCdEfGh"
    ad = await said(steward, spammer, text)
    assert not ad.deleted and not shop.is_restricted(world.user("mallory"))
    assert "Observe mode" in alice.last_dm.text
    assert alice.last_dm.buttons == ["✅ Confirm spam", "🙅 Not spam"]
    press = await alice.presses(alice.last_dm, "🙅 Not spam")
    await steward.settle()
    assert press.answer_text == "✔️ marked not spam by @alice"
    assert alice.last_dm.buttons == ["✔️ marked not spam by @alice"]
    assert (shop.id, text, "ham") in await steward.services.store.list_samples()
    assert not ad.deleted and world.user("mallory").id not in shop.banned
    kinds = [e.kind for e in await steward.services.store.list_events(shop.id)]
    assert "moderator_not_spam" in kinds


async def test_language_and_time_zone(world: World, steward: Harness):
    """/lang switches Steward's language in the group; /tz validates and stores a zone."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    await said(steward, shop.member(dave), "/lang ru")
    assert "по-русски" in shop.last_bot_message.text
    await said(steward, shop.member(dave), "/mute")
    assert "/mute" in shop.last_bot_message.text and "Ответьте" in shop.last_bot_message.text
    await said(steward, shop.member(dave), "/lang en")
    await said(steward, shop.member(dave), "/tz europe/berlin")
    assert "Time zone set to Europe/Berlin" in shop.last_bot_message.text
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and chat.timezone == "Europe/Berlin"
    await said(steward, shop.member(dave), "/tz utc")  # as a schedule's zone is read
    assert "Time zone set to UTC" in shop.last_bot_message.text


async def test_commands_are_published_per_scope_and_language(world: World, steward: Harness):
    """Members, admins and private chats each get their menu, in every supported language."""
    commands = world.api.commands
    members = commands[("all_group_chats:", "")]
    admins = commands[("all_chat_administrators:", "ru")]
    private = commands[("all_private_chats:", "zh")]
    assert [c["command"] for c in members] == ["help", "report"]
    assert {"warn", "mute", "ban", "settings", "setlog"} <= {c["command"] for c in admins}
    assert [c["command"] for c in private] == ["start", "help", "settings", "health"]
    warn = next(c for c in admins if c["command"] == "warn")
    assert warn["description"] != "warn a member"  # Russian, not the English fallback


ADMIN_COMMANDS = [
    "/warn @carol",
    "/unwarn @carol",
    "/warns @carol",
    "/mute @carol 1h",
    "/unmute @carol",
    "/ban @carol",
    "/unban @carol",
    "/kick @carol",
    "/approve @carol",
    "/unapprove @carol",
    "/approved",
    "/why 1",
    "/log",
    "/settings warn_limit 9",
    "/mode observe",
    "/setlog off",
    "/alerts on",
    "/lang ru",
    "/tz Europe/Paris",
]


@pytest.mark.parametrize("command", ADMIN_COMMANDS, ids=[c.split()[0][1:] for c in ADMIN_COMMANDS])
async def test_every_admin_command_refuses_members(world: World, steward: Harness, command: str):
    """A member running any admin command is refused and nothing changes or is recorded."""
    _, shop, _, bob, _ = await shop_with_team(world, steward)
    store = steward.services.store
    events_before = len(await store.list_events(shop.id, 100))
    chat_before = await store.get_chat(shop.id)
    await said(steward, bob, command)
    assert shop.last_bot_message.text == "Only admins can use that command."
    assert len(await store.list_events(shop.id, 100)) == events_before
    assert await store.get_chat(shop.id) == chat_before
    for method in ("restrictChatMember", "banChatMember", "unbanChatMember", "deleteMessage"):
        assert not world.calls_to(method), method


@pytest.mark.parametrize("command", ADMIN_COMMANDS, ids=[c.split()[0][1:] for c in ADMIN_COMMANDS])
async def test_every_admin_command_accepts_anonymous_admins(
    world: World, steward: Harness, command: str
):
    """An anonymous admin is never told to be an admin (key settings ask who they are)."""
    _, shop, _, _, _ = await shop_with_team(world, steward)
    await shop.anonymous_admin_says(command)
    await steward.settle()
    answer = shop.last_bot_message.text
    assert answer != "Only admins can use that command."
    if command.startswith(("/mode", "/setlog")):
        assert "can't tell which admin you are" in answer


async def test_commands_addressed_to_steward_or_in_capitals(world: World, steward: Harness):
    """`/warn@StewardTestBot` and `/WARN` reach the same command; another bot's is ignored."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    moderator = shop.member(dave)
    await said(steward, moderator, "/warn@StewardTestBot @bob")
    assert "@bob has been warned (1/3)" in shop.last_bot_message.text
    await said(steward, moderator, "/WARN @bob")
    assert "@bob has been warned (2/3)" in shop.last_bot_message.text
    before = len(shop.bot_messages)
    await said(steward, moderator, "/warn@SomeOtherBot @bob")
    assert len(shop.bot_messages) == before


async def test_a_wrong_allowed_domain_or_handle_says_what_is_wrong(world: World, steward: Harness):
    """/settings allow_domains with something that is not a domain names it; nothing changes."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    await said(steward, shop.member(dave), "/settings allow_domains shop.example.com, oops")
    assert "«oops» is not a web domain" in shop.last_bot_message.text
    await said(steward, shop.member(dave), "/settings allow_handles @ab")
    assert "«ab» is not a Telegram @username" in shop.last_bot_message.text
    # Telegram's own host, whole: every group's invite would pass. "t.me/abc" (a handle too
    # short) used to be stored as the domain t.me.
    await said(steward, shop.member(dave), "/settings allow_domains shop.example.com t.me")
    assert "«t.me» can't be allowed whole" in shop.last_bot_message.text
    await said(steward, shop.member(dave), "/allow link t.me/abc")
    assert shop.last_bot_message.text.startswith("Usage: /allow")
    await said(steward, shop.member(dave), "/allow domain wa.me")
    assert shop.last_bot_message.text.startswith("Usage: /allow")
    chat = await steward.services.store.get_chat(shop.id)
    assert chat is not None and "allow_domains" not in chat.settings


async def test_extra_words_are_said_to_be_ignored(world: World, steward: Harness):
    """/log 5 please: the log, then a note naming what was ignored; exact commands get none."""
    _, shop, dave, _, _ = await shop_with_team(world, steward)
    before = len(shop.bot_messages)
    await said(steward, shop.member(dave), "/log 5 please and thanks")
    log, note = shop.bot_messages[-2:]
    assert log.text.startswith("📜") or "Nothing has happened" in log.text
    assert note.text == "(I ignored the words after the command's own: «please and thanks».)"
    await said(steward, shop.member(dave), "/tz Europe/Berlin")
    assert len(shop.bot_messages) == before + 3
    assert "ignored" not in shop.last_bot_message.text
    # "/herd on off": on, and the "off" named as ignored (it was applied without a word).
    await said(steward, shop.member(dave), "/herd on off")
    assert shop.last_bot_message.text == "(I ignored the words after the command's own: «off».)"
