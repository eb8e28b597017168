"""`steward demo`: the real bot on the sandbox, through a scripted scenario, as a transcript."""

from __future__ import annotations

import json
import logging
import random
import sys
import tempfile
import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO

from bot.harness import Harness, sandbox_settings
from bot.sandbox import World

WIDTH = 96
FULL = {"can_delete_messages": True, "can_restrict_members": True, "can_pin_messages": True}
NO_PIN = {"can_delete_messages": True, "can_restrict_members": True, "can_pin_messages": False}


class Transcript:
    """Prints the story: scene headings, what people do, and every call Steward made."""

    def __init__(self, world: World, out: TextIO, settle: Callable[[], Awaitable[None]]) -> None:
        self.world = world
        self.out = out
        self._settle = settle
        self._seen_calls = 0
        self._names: dict[int, str] = {}

    def name_chat(self, chat_id: int, name: str) -> None:
        """Remember a readable name for a chat id."""
        self._names[chat_id] = name

    def scene(self, title: str) -> None:
        """Start a new part of the story."""
        self.out.write(f"\n── {title} " + "─" * max(0, WIDTH - len(title) - 4) + "\n")

    def person(self, who: str, what: str, where: str = "") -> None:
        """A person does or says something."""
        place = f" in {where}" if where else ""
        self._block(f"👤 {who}{place}: ", what)

    def note(self, text: str) -> None:
        """A narrator's remark."""
        self._block("   ", f"({text})")

    async def flush(self) -> None:
        """Deliver pending updates to Steward and print every call it made meanwhile."""
        await self._settle()
        calls = self.world.calls[self._seen_calls :]
        self._seen_calls = len(self.world.calls)
        for call in calls:
            line = self._describe(call)
            if line:
                self._block("🤖 Steward ", line)

    def _chat(self, chat_id: Any) -> str:
        return self._names.get(int(chat_id), str(chat_id)) if chat_id is not None else "?"

    def _person(self, user_id: Any) -> str:
        user = self.world.users_by_id.get(int(user_id or 0))
        return user.first_name if user is not None else f"user {user_id}"

    def _describe(self, call: Any) -> str | None:
        params = call.params
        chat = self._chat(params.get("chat_id"))
        if not call.ok:
            return f"tried {call.method} in {chat}: Telegram said {call.description}"
        if call.method == "sendMessage":
            verb = "DMs" if int(params.get("chat_id", 0)) > 0 else "posts in"
            return f"{verb} {chat}:\n{params.get('text', '')}{_buttons(params)}"
        if call.method == "editMessageReplyMarkup":
            private = int(params.get("chat_id", 0)) > 0
            where = f"its DM to {chat}" if private else f"its post in {chat}"
            return f"updates {where}:{_buttons(params)}"
        if call.method == "answerCallbackQuery":
            return f"answers the button press: {params.get('text') or '(no text)'}"
        if call.method in ("deleteMessage", "deleteMessages"):
            return f"deletes a message in {chat}"
        if call.method == "restrictChatMember":
            perms = params.get("permissions") or {}
            verb = "lifts the mute on" if perms and all(perms.values()) else "mutes"
            return f"{verb} {self._person(params.get('user_id'))} in {chat}"
        if call.method == "banChatMember":
            return f"bans {self._person(params.get('user_id'))} from {chat}"
        if call.method == "getChatAdministrators":
            return f"reads the admin list of {chat}"
        if call.method == "editMessageText":
            private = int(params.get("chat_id", 0)) > 0
            where = f"its DM to {chat}" if private else f"its post in {chat}"
            return f"edits {where}:\n{params.get('text', '')}{_buttons(params)}"
        if call.method == "sendPoll":
            options = params.get("options") or []
            if isinstance(options, str):
                options = json.loads(options)
            shown = " / ".join(o if isinstance(o, str) else o.get("text", "") for o in options)
            return f"posts a poll in {chat}: {params.get('question', '')}\n[{shown}]"
        if call.method == "sendPhoto":
            upload = params.get("photo")
            size = len(upload.get("bytes", b"")) if isinstance(upload, dict) else 0
            return f"sends {chat} a chart (PNG, {size // 1024} KB):\n{params.get('caption', '')}"
        if call.method == "pinChatMessage":
            return f"pins its message in {chat}"
        if call.method == "setChatPermissions":
            perms = params.get("permissions") or {}
            if isinstance(perms, str):
                perms = json.loads(perms)
            off = ", ".join(sorted(k.removeprefix("can_") for k, v in perms.items() if not v))
            return f"sets what members of {chat} may do; not allowed: {off or 'nothing'}"
        return None

    def _block(self, prefix: str, text: str) -> None:
        indent = " " * len(prefix)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            wrapped = textwrap.wrap(paragraph, WIDTH - len(prefix)) or [""]
            lines.extend(wrapped)
        self.out.write(prefix + lines[0] + "\n")
        for line in lines[1:]:
            self.out.write(indent + line + "\n")


def _buttons(params: dict[str, Any]) -> str:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    rows = (markup or {}).get("inline_keyboard") or []
    labels = [f"[{b.get('text', '')}]" for row in rows for b in row]
    return ("\n" + " ".join(labels)) if labels else ""


async def run_demo(*, verbose: bool = False, out: TextIO | None = None) -> int:
    """Play the onboarding scenario and print what Telegram users would have seen (on `out`,
    by default standard output as it is when the demo runs)."""
    out = out if out is not None else sys.stdout
    logging.basicConfig(level=logging.INFO if verbose else logging.CRITICAL)
    # The story's own clock: it moves only when the story says time passes.
    world = World(bot_username="StewardDemoBot", fake_clock=True)
    with tempfile.TemporaryDirectory(prefix="steward-demo-") as tmp:
        harness = Harness(
            world, sandbox_settings(Path(tmp) / "demo.sqlite3", world), clock=world.clock
        )
        story = Transcript(world, out, harness.settle)
        out.write("Steward demo: the real bot, run against the built-in Telegram sandbox.\n")
        await harness.start()
        try:
            await _scenario(world, story, harness)
        finally:
            await harness.stop()
        if harness.errors:
            out.write(f"\n{len(harness.errors)} handler error(s): {harness.errors!r}\n")
            return 1
    out.write(
        "\nDemo finished: every step above went through python-telegram-bot and the store.\n"
    )
    return 0


async def _scenario(world: World, story: Transcript, harness: Harness) -> None:
    alice = world.user("alice", first_name="Alice")
    story.name_chat(alice.id, "Alice")

    story.scene("1. Alice, who runs a sneaker shop, opens a private chat with Steward")
    story.person("Alice", "/start")
    await alice.start_bot()
    await story.flush()

    story.scene("2. She creates her shop group and adds Steward as a plain member")
    shop = await world.group("Alice's Sneaker Shop", owner=alice)
    story.name_chat(shop.id, "Alice's Sneaker Shop")
    story.person("Alice", "adds @StewardDemoBot to the group", "Alice's Sneaker Shop")
    await shop.add_bot(by=alice, admin=False)
    await story.flush()

    story.scene("3. She makes Steward an admin, but forgets the pin right")
    story.person("Alice", "promotes Steward: delete messages, ban users")
    await shop.promote_bot(by=alice, rights=NO_PIN)
    await story.flush()

    story.scene("4. She grants the missing right")
    story.person("Alice", "turns on Pin messages for Steward")
    await shop.promote_bot(by=alice, rights=FULL)
    await story.flush()

    story.scene("5. Customers join and chat")
    for name, line in (("bob", "Hi! Do you have the Air 90s in size 43?"), ("carol", "Hello 👋")):
        user = world.user(name, first_name=name.capitalize())
        member = await shop.join(user)
        story.person(name.capitalize(), "joins", "the shop")
        await member.says(line)
        story.person(name.capitalize(), line, "the shop")
    await story.flush()
    store = harness.services.store
    bob = await store.get_member(shop.id, world.user("bob").id)
    if bob is not None:
        story.note(
            f"Steward's store: Bob first seen {bob.first_seen_at:%H:%M:%S} UTC, "
            f"{bob.messages_seen} message(s) so far"
        )

    story.scene("6. A second owner adds Steward without ever having talked to it")
    dmitri = world.user("dmitri", first_name="Dmitri", language_code="ru")
    fans = await world.group_with_steward("Фан-клуб", owner=dmitri)
    story.name_chat(fans.id, "Фан-клуб")
    story.name_chat(dmitri.id, "Dmitri")
    story.person("Dmitri", "adds Steward as an admin", "Фан-клуб")
    await story.flush()
    story.note("Steward cannot DM Dmitri first, so the greeting carries a deep link, in Russian")
    story.person("Dmitri", "taps the link: /start setup_…")
    await dmitri.start_bot(payload=f"setup_m{-fans.id}")
    await story.flush()

    story.scene("7. A spammer joins the shop and posts an ad")
    mallory = await shop.join(world.user("mallory", first_name="Mallory"))
    story.person("Mallory", "joins", "the shop")
    ad_text = "🔥 Earn $500 a day from home, no experience needed! Write me: t.me/+CashFast"
    await mallory.says(ad_text)
    story.person("Mallory", ad_text, "the shop")
    await story.flush()
    story.note("the ad is gone, Mallory is muted for a day, and Alice knows exactly why")
    carol = shop.member(world.user("carol"))
    line = "Got my order today, thank you! Sizing was perfect 👟"
    await carol.says(line)
    story.person("Carol", line, "the shop")
    await story.flush()
    story.note("an ordinary customer message: Steward does nothing")

    story.scene("8. A genuine newcomer is flagged by mistake, and Alice restores her")
    dana = await shop.join(world.user("dana", first_name="Dana"))
    story.person("Dana", "joins", "the shop")
    dana_text = "Hi all! I earn $200 a week selling my knitted socks, pics: dana-knits.shop"
    dana_msg = await dana.says(dana_text)
    story.person("Dana", dana_text, "the shop")
    await story.flush()
    if dana_msg.deleted:
        story.note("Alice knows Dana from the craft market and restores her from the alert")
        story.person("Alice", "presses ↩️ Restore under Steward's alert", "her DMs")
        await alice.presses(alice.last_dm, "↩️ Restore")
        await story.flush()

    story.scene("9. A moderator warns, mutes and unmutes a member")
    maya = world.user("maya", first_name="Maya")
    await shop.join(maya)
    await shop.promote(maya, by=alice, rights={"can_restrict_members": True})
    story.person("Alice", "makes Maya a moderator", "the shop")
    rude = "These prices are a joke, you are all clowns"
    rude_msg = await shop.member(world.user("bob")).says(rude)
    story.person("Bob", rude, "the shop")
    await story.flush()
    moderator = shop.member(maya)
    for command, reply_to in (
        ("/warn keep it civil", rude_msg),
        ("/mute @bob 10m", None),
        ("/unmute @bob", None),
    ):
        said = f"{command} (in reply to Bob's message)" if reply_to is not None else command
        story.person("Maya", said, "the shop")
        await moderator.says(command, reply_to=reply_to)
        await story.flush()
    story.person("Maya", "/ban @alice", "the shop")
    await moderator.says("/ban @alice")
    await story.flush()
    story.note("Steward never acts on admins, and says so")

    story.scene("10. A rival joins to pull customers away, then tries again in disguise")
    rico = await shop.join(world.user("rico", first_name="Rico"))
    story.person("Rico", "joins", "the shop")
    pitch = "Same Air 90s 30% cheaper than here, DM me or find us at @sole_rival_shop"
    await rico.says(pitch)
    story.person("Rico", pitch, "the shop")
    await story.flush()
    story.note("Steward names the rival; one press puts them on the shop's competitor list")
    story.person("Alice", "presses 📋 Add to competitors under the alert", "her DMs")
    await alice.presses(alice.last_dm, "📋 Add to competitors")
    await story.flush()
    rita = await shop.join(world.user("rita", first_name="Rita"))
    disguised = "Anyone tried s o l e _ r i v a l _ s h o p? Their drops are better 👀"
    await rita.says(disguised)
    story.person("Rita", disguised, "the shop")
    await story.flush()
    story.note("the listed rival is recognised through the spacing and removed")
    story.person("Alice", "/competitor list", "the shop")
    await shop.member(alice).says("/competitor list")
    await story.flush()

    story.scene("11. A late delivery turns into a pile-up of complaints")
    complaints = [
        ("Ben", "Where is my order?? Paid two weeks ago and still haven't received it"),
        ("Cora", "Same here, my parcel still not received, tracking hasn't updated in 10 days"),
        ("Dan", "My package arrived damaged, the box was crushed. I want a refund!"),
    ]
    first = None
    for name, text in complaints:
        buyer = await shop.join(world.user(name.lower() + "_buyer", first_name=name))
        message = await buyer.says(text, reply_to=first)
        first = first or message
        story.person(name, text, "the shop")
        await story.flush()
    story.note("three customers in a few minutes: Steward DMs Alice before it snowballs")
    story.person("Alice", "presses 📣 Post statement under the alert", "her DMs")
    await alice.presses(alice.last_dm, "📣 Post statement")
    await story.flush()
    alert = next(m for m in reversed(alice.dms) if "complaints are piling up" in m.text)
    story.person("Alice", "presses 🧘 Calm mode on", "her DMs")
    await alice.presses(alert, "🧘 Calm mode on")
    await story.flush()
    eve = await shop.join(world.user("eve_buyer", first_name="Eve"))
    text = "Still not received my order either!!"
    await eve.says(text)
    story.person("Eve", text, "the shop")
    await story.flush()
    story.note(
        "a fourth complainer, with two members joining others' complaints, makes it a warning:"
        " the same alert is edited, not sent again"
    )
    story.person("Alice", "presses 🧘 Calm mode off: the courier has answered", "her DMs")
    await alice.presses(alert, "🧘 Calm mode off")
    await story.flush()
    story.note("the group's own permissions are back exactly as they were")

    await _engagement(world, story, harness, shop, alice)
    await _real_spam(world, story, shop, fans)

    story.scene("14. Steward restarts; everything it knew is still there")
    await harness.restart()
    story.person("Alice", "/start")
    await alice.start_bot()
    await story.flush()


# Seeds the prompt choice of scene 12 (see _engagement).
DEMO_SEED = 7


async def _engagement(
    world: World, story: Transcript, harness: Harness, shop: Any, alice: Any
) -> None:
    """Scene 12: a prompt on a schedule, its effect an hour later, the group's health."""
    story.scene(
        "12. Keeping the group talking: a scheduled prompt, its effect, the group's health"
    )
    owner = shop.member(alice)
    # The demo's prompt is the same every run (the choice is random in a real group), and the
    # members' replies below answer it.
    harness.services.engagement.rng = random.Random(DEMO_SEED)
    for command in ("/schedule add daily 19:00", "/schedule quiet 23:00-08:00"):
        story.person("Alice", command, "the shop")
        await owner.says(command)
        await story.flush()
    clock = world.clock
    assert hasattr(clock, "advance") and hasattr(clock, "now")
    clock.advance((clock.now.replace(hour=19, minute=0, second=30) - clock.now).total_seconds())
    story.note("19:00: the minute job finds the schedule due, claims it and posts")
    await _engagement_tick(harness)
    await story.flush()
    posts = await harness.services.store.list_posts(shop.id)
    prompt = next((m for m in shop.bot_messages if posts and m.id == posts[0].message_id), None)
    for name, line in (
        ("bob", "Shoes, obviously. More retro runners please"),
        ("carol", "Accessories! Bags and caps would be great"),
    ):
        clock.advance(120)
        member = shop.member(world.user(name))
        await member.says(line, reply_to=prompt)
        story.person(name.capitalize(), f"{line} (a reply to the prompt)", "the shop")
    await story.flush()
    clock.advance(3600)
    story.note("an hour later the prompt's effect is counted against comparable hours")
    await _engagement_tick(harness)
    for command in ("/prompt stats", "/health", "/digest now"):
        story.person("Alice", command, "the shop")
        await owner.says(command)
        await story.flush()


async def _real_spam(world: World, story: Transcript, shop: Any, fans: Any) -> None:
    """Scene 13: what real group spam does to hide, and members who only sound like it."""
    story.scene("13. Tricks real spammers use, and members who only sound like spammers")
    carol = shop.member(world.user("carol"))
    sale = "Selling my own Air Jordan 1s, size 43, worn twice, 120 euro. DM me if interested"
    await carol.says(sale)
    story.person("Carol", sale, "the shop")
    question = "Carol, those insoles in your photo, where did you get them?"
    asked = await shop.member(world.user("bob")).says(question)
    story.person("Bob", question, "the shop")
    tip = "Write me in private, I'll send you the seller's name"
    await carol.says(tip, reply_to=asked)
    story.person("Carol", f"{tip} (a reply to Bob)", "the shop")
    await story.flush()
    story.note("a regular selling her own pair and chatting with a friend: nothing happens")
    ads = (
        (
            "zoe",
            # Cyrillic Е, а and о in Latin words: they look the same and match nothing typed.
            "Еarn 300$ dаily from hоme, nо experience. Write to @quick_cash_team",
            "with Cyrillic letters that look Latin inside the words",
        ),
        (
            "yan",
            # Stored backwards behind U+202E (right-to-left override), so it displays forwards.
            "\u202emoc.hsac-kciuq ta won nioj ,yad a 005$ nraE",
            "stored backwards behind an invisible right-to-left mark, so it reads normally",
        ),
        ("xiu", "兼职日结 加 v 信 : q q 5 2 1 ～ 8 8 6", "a Chinese job ad, contact spaced out"),
    )
    for name, text, how in ads:
        spammer = await shop.join(world.user(name, first_name=name.capitalize()))
        await spammer.says(text)
        shown = text.replace("\u202e", "").strip()
        if text.startswith("\u202e"):
            shown = shown[::-1]
        story.person(name.capitalize(), f"{shown}  ({how})", "the shop")
        await story.flush()
    farsi = "سلام، کسی می‌دونه ارسال به تهران چند روز طول می‌کشه؟"
    newcomer = await shop.join(world.user("parisa", first_name="Parisa"))
    await newcomer.says(farsi)
    story.person(
        "Parisa", f"{farsi}  (Persian: how long does shipping to Tehran take?)", "the shop"
    )
    await story.flush()
    story.note(
        "a language Steward's model has few samples of: it is never condemned on the model's"
        " word alone"
    )
    job = "Ищем людей на подработку, 4500 рублей за смену, опыт не нужен. Пишите в личку"
    recruiter = await fans.join(world.user("oleg", first_name="Oleg", language_code="ru"))
    await recruiter.says(job)
    story.person("Oleg", f"{job}  (a shift job with a sum and no link)", "Фан-клуб")
    await story.flush()


async def _engagement_tick(harness: Harness) -> None:
    services = harness.services
    assert harness.app is not None
    await services.engagement.tick(services, harness.app.bot)
