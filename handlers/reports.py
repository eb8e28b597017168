"""/report: any member flags a message for the admins; enough distinct reports hide it."""

from __future__ import annotations

from datetime import timedelta

from bot.actuator import Done
from bot.alerts import Alert, Text, clip, refusal_text, t
from bot.i18n import keyed_reason
from bot.names import author_name, chat_title, isolated, person_name
from handlers.commands import Call, Refused, group_command, missing_bot_right
from handlers.facts import member_facts
from handlers.messages import established, predates_steward
from policies.chatpolicy import ChatPolicy
from policies.facts import MemberFacts
from policies.reports import is_newcomer, judge_reports

# A reporter may file this many reports in this window, across all groups.
REPORTS_PER_WINDOW = 5
REPORT_WINDOW = timedelta(minutes=10)
QUOTE_CHARS = 600


@group_command(admin=False)
async def report(call: Call) -> None:
    """/report in reply to a message: tell the admins; hide it after enough reports."""
    services = call.services
    store, bot, now = services.store, call.context.bot, services.clock()
    replied = call.replied
    if replied is None or replied.forum_topic_created is not None:
        raise Refused("report.usage")
    if call.caller_id is None:
        raise Refused("report.anonymous")
    if call.message.sender_chat is not None:
        # A channel's post comes "from" Telegram's one stand-in account for all channels:
        # filed as that, every channel would be one reporter under a name nobody knows.
        raise Refused("report.channel")
    sender_chat = replied.sender_chat
    author = replied.from_user
    if sender_chat is not None and (
        sender_chat.id == call.chat_id or replied.is_automatic_forward
    ):
        raise Refused("report.target_admin")
    if sender_chat is None and author is not None:
        if author.id == bot.id:
            raise Refused("report.target_me")
        if author.id == call.caller_id:
            raise Refused("report.self")
        if author.id in await services.cache.admin_ids(call.chat_id):
            raise Refused("report.target_admin")
    if await store.reports_by(call.caller_id, now - REPORT_WINDOW) >= REPORTS_PER_WINDOW:
        if services.refusals.ready(("report", call.caller_id), now.timestamp()):
            await call.reply("report.too_many")
        return
    target_id = author.id if author is not None and sender_chat is None else None
    policy = services.cache.policy(call.chat)
    newcomer = is_newcomer(await _standing(call, call.caller_id, policy), policy)
    new, _count = await store.add_report(
        call.chat_id, replied.message_id, call.caller_id, target_id, now, newcomer=newcomer
    )
    if not new:
        raise Refused("report.already")
    tally = await store.report_tally(call.chat_id, replied.message_id)
    regular_author = target_id is not None and not is_newcomer(
        await _standing(call, target_id, policy), policy
    )
    verdict = judge_reports(tally, policy, regular_author=regular_author)
    if verdict.outcome == "settled":
        # An admin already looked at it and left it up: the report is kept (it uses up the
        # reporter's allowance) and neither hides the message nor tells the admins again.
        await call.reply("report.settled")
        return
    text = replied.text or replied.caption or ""
    # Observe mode touches nothing: the message that would be hidden stays, and the record says so.
    observing = verdict.hide and policy.mode == "observe"
    done = (
        await services.actuator.delete(call.chat_id, replied.message_id)
        if verdict.hide and not observing
        else None
    )
    hidden = done is not None and done.ok
    count = verdict.counted
    reason = keyed_reason("events.why_reported", count=count)
    if verdict.uncounted_newcomers:
        reason += f"; {verdict.uncounted_newcomers} more from new accounts, not counted"
    if hidden:
        reason += "; hidden until an admin decides"
    elif observing:
        reason += "; would be hidden (observe mode)"
    elif done is not None:
        reason += f"; could not be hidden ({clip(done.error or '?', 120)})"
    event_id = await store.record_event(
        call.chat_id,
        at=now,
        kind="report_hidden" if hidden else "report",
        actor_id=call.caller_id,
        target_user_id=target_id,
        target_chat_id=sender_chat.id if sender_chat is not None else None,
        message_id=replied.message_id,
        reason=reason,
        text=text[:4096] or None if services.settings.retention_days > 0 else None,
    )
    if hidden:
        key = "report.alert_hidden"
    elif observing:
        key = "report.alert_observed"
    elif done is not None:
        key = "report.alert_not_hidden"
    elif verdict.outcome == "never":
        key = "report.alert_never_hides"
    elif newcomer and regular_author:
        key = "report.alert_newcomer"
    else:
        key = "report.alert"
    alert = Alert(
        chat_id=call.chat_id,
        kind="report",
        severity="warning" if hidden or done is not None else "info",
        text=t(
            key,
            reporter=person_name(call.message.from_user, fallback=call.caller_id),
            who=author_name(replied),
            title=chat_title(call.chat),
            count=count,
            threshold=policy.report_threshold or "-",
            newcomers=verdict.uncounted_newcomers,
            reason=_not_hidden(call, done) if done is not None else "",
            # Cut first, then isolated: a cut must not drop the isolate's closing PDI.
            text=isolated(clip(text, QUOTE_CHARS)) or "—",
            event=event_id,
        ),
        buttons=("restore", "confirm") if hidden else ("confirm", "dismiss"),
        event_id=event_id,
    )
    await services.alerts.raise_alert(bot, alert)
    await call.reply("report.hidden" if hidden else "report.thanks")


async def _standing(call: Call, user_id: int, policy: ChatPolicy) -> MemberFacts:
    """A member's standing in the group, as the moderation judges it (a member from before
    Steward came is no newcomer)."""
    member = await call.services.cache.member(call.chat_id, user_id)
    standing = member_facts(member)
    chat = call.chat
    if chat.added_at is not None and predates_steward(member, chat):
        standing = established(standing, chat.added_at, policy)
    return standing


def _not_hidden(call: Call, done: Done) -> Text | str:
    """Why a message that reached the threshold is still up: the right Steward lacks, named as
    the commands name it, else what Telegram said."""
    right = missing_bot_right(call.chat.bot_rights, ("can_delete_messages",))
    if right is not None:
        return t("refusal.no_right", right=t(f"rights.{right}"))
    return refusal_text(clip(done.error or "?", 120))
