"""Raw INTERACTION_CREATE payloads through discord.py's own parsing and CommandTree, the bot's
answers through discord.py's HTTP client to a recording stand-in on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.core.context import Context
from bot.core.messages import Button, Platform, Reply, Tone
from bot.core.registry import ActionSpec
from testkit.discord import fake_discord as fd
from testkit.discord.fake_discord import Session
from tests.harness import BotHarness

EPHEMERAL = 64
CHANNEL = str(fd.CHANNEL_ID)


def _create(name: str = "BPF Cybersecurity") -> dict[str, Any]:
    return fd.slash(("wg", "create"), {"name": name})


def test_slash_subcommand_with_options_answers_with_an_embed(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(_create())
        await s.feed(
            fd.slash(
                ("wg", "join"),
                {"group": "Civil society", "region": "African States"},
                user_id=222,
                name="Kofi",
            )
        )

    server = _run(bot, scenario)
    created, joined = server.callbacks()
    assert created.body["type"] == 4
    embed = created.body["data"]["embeds"][0]
    assert "BPF Cybersecurity" in embed["description"]
    assert created.body["data"].get("flags", 0) & EPHEMERAL == 0
    assert joined.body["type"] == 4
    with bot.read() as store:
        group = store.groups.by_channel(Platform.DISCORD.value, CHANNEL)
        assert group is not None and group.name == "BPF Cybersecurity"
        member = store.members.get(group.id or 0, "discord", "222")
        assert member is not None
        assert (member.stakeholder_group, member.region) == ("Civil society", "African States")


def test_errors_are_ephemeral_and_change_nothing(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(_create())
        await s.feed(fd.slash(("wg-chair", "goal"), {"text": "Rule the world"}, user_id=333))

    server = _run(bot, scenario)
    refused = server.callbacks()[-1].body
    assert refused["type"] == 4 and refused["data"].get("flags", 0) & EPHEMERAL
    assert "Only a chair" in refused["data"]["embeds"][0]["description"]
    with bot.read() as store:
        group = store.groups.by_channel("discord", CHANNEL)
        assert group is not None and group.goal is None


def test_user_option_becomes_the_sponsor_by_discord_id(bot: BotHarness) -> None:
    sponsor = fd.user(444, "Maria")

    async def scenario(s: Session) -> None:
        await s.feed(_create())
        await s.feed(fd.slash(("wg-chair", "sponsor"), {"user": "444"}, users={"user": sponsor}))

    server = _run(bot, scenario)
    assert "Maria" in server.callbacks()[-1].body["data"]["embeds"][0]["description"]
    with bot.read() as store:
        group = store.groups.by_channel("discord", CHANNEL)
        assert group is not None
        (row,) = store.sponsors.of_group(group.id or 0)
        assert (row.platform, row.user_id, row.display_name) == ("discord", "444", "Maria")


def test_autocomplete_offers_matching_vocabulary_names(database_url: str) -> None:
    regions = [f"Region {n:02d}" for n in range(30)] + ["African States"]
    bot = BotHarness(database_url, wgbot_regions=regions)

    async def scenario(s: Session) -> None:
        await s.feed(
            fd.slash(
                ("wg", "join"),
                {"group": "Academia", "region": "region 1"},
                focused="region",
            )
        )

    try:
        server = _run(bot, scenario)
    finally:
        bot.app.database.dispose()
    (answer,) = server.callbacks()
    assert answer.body["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    names = [c["value"] for c in answer.body["data"]["choices"]]
    assert names == [f"Region {n:02d}" for n in range(10, 20)]


def _ping_action(ctx: Context, value: str) -> Reply:
    if ctx.actor.user_id != value:
        return Reply.error("Only the person this was sent to can press it.")
    return Reply(text=f"pong for {ctx.actor.name}", tone=Tone.SUCCESS)


def test_button_click_routes_by_prefix_to_the_core(bot: BotHarness) -> None:
    bot.app.dispatcher.registry.add_action(ActionSpec(prefix="ping", handler=_ping_action))

    async def scenario(s: Session) -> None:
        # The button as the bot renders it, then clicks on it (the client had restarted:
        # nothing but the registered dynamic item knows the custom id).
        item = s.client.buttons.make(Button("Ping", "ping:go", "111"))
        custom_id = item.to_component_dict()["custom_id"]
        assert custom_id == "ping:go|111"
        await s.feed(fd.button_click(custom_id, user_id=111))
        await s.feed(fd.button_click(custom_id, user_id=999, name="Eve"))
        await s.feed(fd.button_click("unknown:go|1"))

    server = _run(bot, scenario)
    ok, refused = server.callbacks()
    assert ok.body["type"] == 4 and "pong for Ana" in ok.body["data"]["embeds"][0]["description"]
    assert refused.body["data"].get("flags", 0) & EPHEMERAL


def test_charter_modal_in_two_pages(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(_create())
        await s.feed(fd.slash(("wg", "charter")))
        opened = s.server.callbacks()[-1].body
        assert opened["type"] == 9  # MODAL
        modal_id = opened["data"]["custom_id"]
        await s.feed(
            fd.modal_submit(
                modal_id,
                {"q1": "Too many incidents", "q2": "", "q3": "Five ISPs adopt", "q4": "", "q5": ""},
            )
        )
        deferred = s.server.callbacks()[-1].body
        assert deferred == {"type": 5, "data": {"flags": EPHEMERAL}}  # private "thinking…"
        # The confirmation is public: the private "thinking…" goes, a follow-up says it.
        assert s.server.calls("DELETE", r"/webhooks/\d+/[^/]+/messages/@original$")
        confirmed = _followups(s.server)[-1]
        assert not confirmed.get("flags", 0) & EPHEMERAL
        assert "answered charter questions 1, 3" in confirmed["embeds"][0]["description"]
        (row,) = confirmed["components"]
        next_id = row["components"][0]["custom_id"]
        assert next_id == "wg-charter-page|2"
        await s.feed(fd.button_click(next_id))
        second = s.server.callbacks()[-1].body
        assert second["type"] == 9
        await s.feed(fd.modal_submit(second["data"]["custom_id"], {"q10": "Go"}))
        await s.feed(fd.slash(("wg", "charter")))  # reopened: pre-filled with the answers

    server = _run(bot, scenario)
    reopened = server.callbacks()[-1].body["data"]
    fields = [
        c["components"][0] if c["type"] == 1 else c["component"] for c in reopened["components"]
    ]
    assert {f["custom_id"]: f.get("value") for f in fields} == {
        "q1": "Too many incidents",
        "q2": None,
        "q3": "Five ISPs adopt",
        "q4": None,
        "q5": None,
    }
    modal = server.callbacks()[1].body["data"]
    inputs = [c["components"][0] if c["type"] == 1 else c["component"] for c in modal["components"]]
    assert len(inputs) == 5 and [i["custom_id"] for i in inputs] == ["q1", "q2", "q3", "q4", "q5"]
    assert all(i["required"] is False and i["max_length"] == 2000 for i in inputs)
    second = server.callbacks()[3].body["data"]
    assert len(second["components"]) == 5
    done = _followups(server)[-1]
    assert "components" not in done or not done["components"]
    with bot.read() as store:
        group = store.groups.by_channel("discord", CHANNEL)
        assert group is not None
        answers = store.charter.answers(group.id or 0)
        assert {n: a.answer for n, a in answers.items()} == {
            1: "Too many incidents",
            3: "Five ISPs adopt",
            10: "Go",
        }


def test_charter_modal_from_a_non_chair_is_refused_ephemerally(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        await s.feed(_create())
        await s.feed(fd.slash(("wg", "charter"), user_id=555, name="Zed"))
        modal_id = s.server.callbacks()[-1].body["data"]["custom_id"]
        await s.feed(fd.modal_submit(modal_id, {"q1": "Mine"}, user_id=555, name="Zed"))

    server = _run(bot, scenario)
    assert server.callbacks()[-1].body == {"type": 5, "data": {"flags": EPHEMERAL}}
    (refused,) = server.calls("PATCH", r"/webhooks/\d+/[^/]+/messages/@original$")
    text = refused.body["embeds"][0]["description"]
    assert "Only a chair" in text  # in the private note,
    assert "Mine" in text and "paste your answers back in" in text  # with the answer typed
    with bot.read() as store:
        group = store.groups.by_channel("discord", CHANNEL)
        assert group is not None and store.charter.answers(group.id or 0) == {}


def test_summarize_defers_reads_the_channel_and_answers_the_chair_privately(
    bot: BotHarness,
) -> None:
    people = [fd.user(222, "Kofi"), fd.user(333, "Lena"), fd.user(fd.BOT_ID, "wgbot", bot=True)]

    async def scenario(s: Session) -> None:
        await s.feed(_create())
        s.server.history[str(fd.CHANNEL_ID)] = [
            fd.message(
                fd.CHANNEL_ID,
                author=people[n % 3],
                content=f"We should adopt practice {n} because ISPs need it.",
                message_id=str(5_000_000_000_000_000_000 + n),
            )
            for n in range(30)
        ]
        await s.feed(fd.slash(("summarize",)))

    server = _run(bot, scenario)
    deferred = server.callbacks()[-1]
    assert deferred.body["type"] == 5  # slow: deferred at once
    assert server.calls("GET", rf"/channels/{fd.CHANNEL_ID}/messages$")
    sent = [r.body for r in server.requests if "/webhooks/" in r.path and r.method != "DELETE"]
    final = sent[-1]
    assert final.get("flags", 0) & EPHEMERAL  # the draft goes to the chair only
    text = str(final["embeds"])
    assert "offline draft" in text and "20 messages" in text  # the bot's own 10 are skipped
    with bot.read() as store:
        group = store.groups.by_channel("discord", CHANNEL)
        assert group is not None and len(store.summarizer.drafts(group.id or 0)) == 1


def test_refused_reply_is_explained_to_the_user(bot: BotHarness) -> None:
    async def scenario(s: Session) -> None:
        s.server.failures.append(
            ("POST", r"/callback$", 400, {"code": 50035, "message": "Invalid Form Body"})
        )
        await s.feed(fd.slash(("wg", "help")))

    server = _run(bot, scenario)
    failed, told = server.callbacks()
    assert failed.body["data"]["embeds"]
    assert told.body["data"].get("flags", 0) & EPHEMERAL
    assert "Discord refused my reply" in told.body["data"]["content"]


def test_messages_edits_and_deletes_reach_the_record(bot: BotHarness) -> None:
    """Raw gateway events, parsed by discord.py: none of these messages is in the client's
    cache (sent before it started), yet the edit replaces and the deletes remove them."""
    kofi, lena = fd.user(222, "Kofi"), fd.user(333, "Lena")
    ids = [fd.snowflake() for _ in range(5)]

    async def scenario(s: Session) -> None:
        await s.feed(_create())
        for n, author in enumerate((kofi, kofi, lena, lena, fd.user(9, "bot", bot=True))):
            payload = fd.message(
                fd.CHANNEL_ID, author=author, content=f"words {n}", message_id=ids[n]
            )
            payload["guild_id"] = str(fd.GUILD_ID)
            await s.feed_message(payload)
        s.client._connection._messages.clear()  # type: ignore[union-attr]  # uncached from here
        edited = fd.message(
            fd.CHANNEL_ID, author=kofi, content="second thoughts", message_id=ids[0]
        )
        edited["guild_id"] = str(fd.GUILD_ID)
        edited["edited_timestamp"] = "2027-01-11T09:05:00+00:00"
        await s.feed_edit(edited)
        await s.feed_delete(ids[1], fd.CHANNEL_ID)
        await s.feed_bulk_delete([ids[2], "123"], fd.CHANNEL_ID)

    _run(bot, scenario)
    with bot.read() as store:
        group = store.groups.by_channel("discord", CHANNEL)
        assert group is not None
        since = bot.clock().date().replace(year=2000)
        assert store.record.voices_since(group.id or 0, since) == {
            ("discord", "222"): 1,
            ("discord", "333"): 1,
        }
        rows = store.record.period("discord", CHANNEL, datetime(2000, 1, 1, tzinfo=UTC))
        assert [(r.message_id, r.user_name) for r in rows] == [(ids[0], "Kofi"), (ids[3], "Lena")]
        assert rows[0].text == "second thoughts" and rows[0].edited_at is not None
        assert rows[1].text == "words 3"


def _followups(server: fd.StandIn) -> list[dict[str, Any]]:
    return [r.body for r in server.calls("POST", r"^/webhooks/\d+/[^/]+$")]


def _run(bot: BotHarness, scenario: Any, **options: Any) -> fd.StandIn:
    return fd.served(bot.app, scenario, **options)
