"""Every admin's copy of an alert DM, after a button that leaves the alert open.

An alert goes to several admins, each in their own DM. Buttons that close it (Confirm spam,
Restore...) mark every copy; these tests cover the buttons that leave it open (Post statement,
Calm mode, Post a prompt now, Add to competitors): every copy shows what was done and by whom,
the others are told in a line under their copy, and the Calm button is idempotent (on means on;
off is offered only where the alert shows calm mode on). Also: a folded digest of engagement
alerts names its kind in each reader's language.

Each test failed while its bug lived; the docstring says what the admins saw and should see.
"""

from __future__ import annotations

import pytest

from bot.alerts import Alert, t
from bot.harness import Harness
from bot.sandbox import World
from tests.e2e.test_alerts import digests, shop
from tests.e2e.test_herd import _complain, _herd_dms
from tests.e2e.test_poaching import RIVAL


async def _both_alerted(world: World, steward: Harness):
    """Alice's shop with dave (may ban, not pin) opted in to alerts: both get each alert."""
    alice, group, dave = await shop(world, steward)
    await group.member(dave).says("/alerts on")
    await steward.settle()
    return alice, group, dave


def _reply_to(message) -> int | None:
    """The id of the message a message answers, as Telegram shows it."""
    replied = message.state.data.get("reply_to_message") or {}
    return replied.get("message_id")


def _calm_button(message) -> str:
    """The label of an alert's calm-mode button, whatever it reads."""
    return str(next(label for label in message.buttons if label.startswith("🧘")))


async def test_post_statement_shows_on_the_other_admins_copy(clocked):
    """Alice posts the holding statement from her copy of a complaint alert; dave's copy still
    offers "📣 Post statement" and nothing tells him it is done, so he may post it again by
    /herd post. His copy should say who posted it, and a line under it should tell him."""
    world, steward = clocked
    alice, group, dave = await _both_alerted(world, steward)
    await _complain(world, steward, group, 3)
    [mine], [his] = _herd_dms(alice), _herd_dms(dave)

    press = await alice.presses(mine, "📣 Post statement")
    await steward.settle()
    assert press.answer_text == "Posted and pinned the statement in the group."
    for copy in (mine, his):
        assert copy.buttons[0] == "✔️ statement posted by @alice", copy.buttons
        assert "👥 Who complained" in copy.buttons and "👌 Dismiss" in copy.buttons
    told = dave.last_dm
    assert told.text == "📣 @alice posted the holding statement in «Alice's Shop»."
    assert _reply_to(told) == his.id
    assert alice.last_dm.id == mine.id  # the presser read it in the answer, no extra DM

    posts = len(group.bot_messages)
    again = await alice.presses(mine, "✔️ statement posted by @alice")
    await steward.settle()
    assert again.answer_text == "The statement for this surge is already posted."
    assert len(group.bot_messages) == posts


async def test_calm_mode_on_shows_on_every_copy_and_only_there_offers_off(clocked):
    """Dave turns calm mode on from his copy; alice's copy still reads "Calm mode on/off" and
    her press turns it off again, though she meant to calm the group too. Every copy should
    show calm mode is on, with a button to end it, and alice should be told who turned it on;
    once she ends it, the copies offer turning it on again."""
    world, steward = clocked
    alice, group, dave = await _both_alerted(world, steward)
    await _complain(world, steward, group, 3)
    [mine], [his] = _herd_dms(alice), _herd_dms(dave)
    assert _calm_button(mine) == "🧘 Calm mode on"

    await dave.presses(his, _calm_button(his))
    await steward.settle()
    assert group.chat.permissions["can_send_photos"] is False
    for copy in (mine, his):
        assert copy.buttons == [
            "📣 Post statement",
            "🧘 Calm mode off",
            "👥 Who complained",
            "👌 Dismiss",
        ]
    told = alice.last_dm
    assert _reply_to(told) == mine.id
    assert told.text.startswith("🧘 @dave turned calm mode on in «Alice's Shop» until ")

    off = await alice.presses(mine, "🧘 Calm mode off")
    await steward.settle()
    assert off.answer_text is not None and "Calm mode is off" in off.answer_text
    assert group.chat.permissions.get("can_send_photos", True) is True
    for copy in (mine, his):
        assert _calm_button(copy) == "🧘 Calm mode on", copy.buttons
    assert dave.last_dm.text == "🧘 @alice ended calm mode in «Alice's Shop»."


async def test_calm_pressed_while_calm_mode_is_on_keeps_it_on(clocked):
    """Calm mode was turned on by `/herd calm` after the alert came; the owner then presses the
    alert's calm button to calm the group: it turned calm mode OFF and gave members their media
    back. The button should keep it on, say it already was, and from then offer ending it."""
    world, steward = clocked
    alice, group, _dave = await _both_alerted(world, steward)
    await _complain(world, steward, group, 3)
    [alert] = _herd_dms(alice)
    await group.member(alice).says("/herd calm 2h")
    await steward.settle()
    assert group.chat.permissions["can_send_photos"] is False

    press = await alice.presses(alert, _calm_button(alert))
    await steward.settle()
    assert group.chat.permissions["can_send_photos"] is False, "the calm button ended calm mode"
    assert press.answer_text == "Calm mode is already on in «Alice's Shop» until 14:03."
    assert _calm_button(alert) == "🧘 Calm mode off"


async def test_a_complaint_alert_raised_during_calm_mode_offers_to_end_it(clocked):
    """Calm mode is on (`/herd calm`) when complaints pile up: the new alert should offer
    ending calm mode, not turning it on."""
    world, steward = clocked
    alice, group, _dave = await _both_alerted(world, steward)
    await group.member(alice).says("/herd calm 2h")
    await steward.settle()
    await _complain(world, steward, group, 3)
    [alert] = _herd_dms(alice)
    assert _calm_button(alert) == "🧘 Calm mode off"
    await _complain(world, steward, group, 2, start=3)  # a rise to warning edits the alert
    assert "⚠️ Warning" in alert.text
    assert _calm_button(alert) == "🧘 Calm mode off"


async def test_an_escalation_keeps_what_was_done_on_the_copies(clocked):
    """The statement was posted and calm mode turned on from the alert; a rise to warning
    edits every copy: they should still say the statement is posted and offer ending calm
    mode (not offer both again)."""
    world, steward = clocked
    alice, group, dave = await _both_alerted(world, steward)
    await _complain(world, steward, group, 3)
    [mine], [his] = _herd_dms(alice), _herd_dms(dave)
    await alice.presses(mine, "📣 Post statement")
    await steward.settle()
    await alice.presses(mine, _calm_button(mine))
    await steward.settle()
    await _complain(world, steward, group, 2, start=3)
    for copy in (mine, his):
        assert "⚠️ Warning" in copy.text
        assert copy.buttons[:2] == ["✔️ statement posted by @alice", "🧘 Calm mode off"]


async def test_post_a_prompt_now_shows_on_the_other_admins_copy(clocked):
    """A "group is declining" alert: alice presses Post a prompt now; dave's copy still offers
    it (his press then answers it was already posted, after he has read the alert for
    nothing). His copy should say alice posted it, with a line under it."""
    world, steward = clocked
    alice, group, dave = await _both_alerted(world, steward)
    services = steward.services
    assert steward.app is not None
    text = t("alerts.kind_health")
    alert = Alert(group.id, "health", text, "warning", ("prompt_now", "dismiss"))
    await services.alerts.raise_alert(steward.app.bot, alert)
    await steward.settle()
    mine, his = alice.last_dm, dave.last_dm

    press = await alice.presses(mine, "💬 Post a prompt now")
    await steward.settle()
    assert press.answer_text == "A prompt was posted in «Alice's Shop»."
    for copy in (mine, his):
        assert copy.buttons == ["✔️ prompt posted by @alice", "👌 Dismiss"], copy.buttons
    assert dave.last_dm.text == "💬 @alice posted a prompt in «Alice's Shop»."
    assert _reply_to(dave.last_dm) == his.id


async def test_add_to_competitors_shows_on_the_other_admins_copy(world: World, steward: Harness):
    """Alice lists the rival from a poaching alert; dave's copy still offers "Add to
    competitors" and does not say it was done. It should, with a line under it; Restore and
    Ban author stay (the alert is still open)."""
    alice, group, dave = await _both_alerted(world, steward)
    rival = await group.join(world.user("rival"))
    await rival.says(RIVAL)
    await steward.settle()
    mine, his = alice.last_dm, dave.last_dm
    assert his.buttons == ["↩️ Restore", "⛔ Ban author", "📋 Add to competitors"]

    await alice.presses(mine, "📋 Add to competitors")
    await steward.settle()
    for copy in (mine, his):
        assert copy.buttons == [
            "↩️ Restore",
            "⛔ Ban author",
            "✔️ added to the competitor list by @alice",
        ], copy.buttons
    assert dave.last_dm.text == (
        "📋 @alice added @rivalbags to the competitor list of «Alice's Shop»."
    )
    known = await dave.presses(his, "✔️ added to the competitor list by @alice")
    await steward.settle()
    assert known.answer_text == "@rivalbags is already on the competitor list."


@pytest.mark.parametrize(
    ("language", "kind"),
    [("en", "(engagement)"), ("ru", "(вовлечённость)"), ("zh", "（群互动）")],
    ids=["en", "ru", "zh"],
)
async def test_a_digest_of_engagement_alerts_names_its_kind(clocked, language: str, kind: str):
    """Engagement alerts folded into a digest: the digest names their kind in the reader's
    language (reported as a raw `alerts.kind_engagement` or English; the text lives in
    engage.toml's [alerts] table, so this checks it renders)."""
    world, steward = clocked
    alice = world.user("alice", started_bot=True, language_code=language)
    await alice.start_bot()
    group = await world.group_with_steward("Alice's Shop", owner=alice)
    await steward.settle()
    assert steward.app is not None
    for _ in range(5):
        alert = Alert(group.id, "engagement", t("alerts.kind_engagement"))
        await steward.services.alerts.raise_alert(steward.app.bot, alert)
    await steward.settle()
    assert await digests(world, steward, 61) == 1
    digest = alice.last_dm.text
    assert kind in digest and "alerts.kind" not in digest, digest
