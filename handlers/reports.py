"""/report: any member flags a message for the admins; enough distinct reports hide it."""

from __future__ import annotations

from datetime import timedelta

from bot.alerts import Alert, clip, t
from bot.i18n import keyed_reason
from bot.names import author_name, display_name
from handlers.commands import Call, Refused, group_command
from policies.reports import should_hide

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
    new, count = await store.add_report(
        call.chat_id, replied.message_id, call.caller_id, target_id, now
    )
    if not new:
        raise Refused("report.already")
    policy = services.cache.policy(call.chat)
    text = replied.text or replied.caption or ""
    who = author_name(replied)
    reporter = call.message.from_user
    reporter_name = display_name(reporter.username if reporter else None, None, call.caller_id)
    # Observe mode touches nothing: the message that would be hidden stays, and the record says so.
    reached = should_hide(count, policy)
    observing = reached and policy.mode == "observe"
    hidden = (
        reached
        and not observing
        and (await services.actuator.delete(call.chat_id, replied.message_id)).ok
    )
    event_id = await store.record_event(
        call.chat_id,
        at=now,
        kind="report_hidden" if hidden else "report",
        actor_id=call.caller_id,
        target_user_id=target_id,
        target_chat_id=sender_chat.id if sender_chat is not None else None,
        message_id=replied.message_id,
        reason=keyed_reason("events.why_reported", count=count)
        + ("; hidden until an admin decides" if hidden else "")
        + ("; would be hidden (observe mode)" if observing else ""),
        text=text[:4096] or None if services.settings.retention_days > 0 else None,
    )
    quote = clip(text, QUOTE_CHARS) if text else "—"
    alert = Alert(
        chat_id=call.chat_id,
        kind="report",
        severity="warning" if hidden else "info",
        text=t(
            "report.alert_hidden"
            if hidden
            else ("report.alert" if policy.report_threshold else "report.alert_never_hides"),
            reporter=reporter_name,
            who=who,
            title=call.chat.title,
            count=count,
            threshold=policy.report_threshold or "-",
            text=quote,
            event=event_id,
        ),
        buttons=("restore", "confirm") if hidden else ("confirm", "dismiss"),
        event_id=event_id,
    )
    await services.alerts.raise_alert(bot, alert)
    await call.reply("report.hidden" if hidden else "report.thanks")
