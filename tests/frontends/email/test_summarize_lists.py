"""`/summarize` in a group bound to a mailing list reads the list's posts from the record,
with the channel's, over the same period (offline drafter: no key)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.messages import Platform
from bot.core.ports import Services
from bot.core.render_text import render_text
from bot.summarizer.scope import DEFAULT_DAYS
from storage.record.repo import Said
from tests.harness import BotHarness
from tests.hostile import HOSTILE

LIST = "bpf-cyber@lists.example.org"


def keep_list_posts(bot: BotHarness, count: int, *, days_ago: int = 0) -> list[str]:
    """List posts as the ingest keeps them (platform email, channel = list address)."""
    ids = []
    with bot.read() as store:
        group = store.groups.by_name("BPF Cybersecurity")
        assert group is not None and group.id is not None
        said = []
        for n in range(count):
            message_id = f"<post{n}.{days_ago}@example.org>"
            ids.append(message_id)
            said.append(
                Said(
                    platform=Platform.EMAIL.value,
                    channel_id=LIST,
                    thread_id=None if n == 0 else f"<post0.{days_ago}@example.org>",
                    message_id=message_id,
                    user_id=f"member{n % 7}@example.org",
                    user_name=f"Member {n % 7}",
                    text=f"We should require route filtering (MANRS) at every IXP, point {n}. "
                    + HOSTILE[n % len(HOSTILE)],
                    at=bot.clock.now - timedelta(days=days_ago, minutes=count - n),
                    permalink=f"https://archive.example.org/{message_id.strip('<>')}",
                )
            )
        store.record.add_from_history(group.id, said, bot.clock.now - timedelta(days=365))
    return ids


def bind_list(bot: BotHarness) -> None:
    with bot.read() as store:
        group = store.groups.by_name("BPF Cybersecurity")
        assert group is not None
        store.groups.bind(group, Platform.EMAIL.value, LIST, "console:ana", bot.clock.now)


def summarize(bot: BotHarness, line: str = "/summarize") -> str:
    return render_text(bot.say(line, user="ana", services=Services(progress=lambda _n: None)))


def test_summarize_reads_the_bound_lists_posts(bot: BotHarness) -> None:
    bot.setup_group()
    bind_list(bot)
    ids = keep_list_posts(bot, 40)
    keep_list_posts(bot, 5, days_ago=30)  # outside the default period
    text = summarize(bot)
    assert "Read 40 messages" in text and "offline draft" in text
    with bot.read() as store:
        draft = store.summarizer.latest(1)
    assert (
        draft is not None
        and draft.source == f"#wg-cyber + list {LIST} the last {DEFAULT_DAYS} days"
    )
    cited = [line for line in text.splitlines() if "https://archive.example.org/" in line]
    assert cited, text
    archived = {f"https://archive.example.org/{i.strip('<>')}" for i in ids}
    for line in cited:
        assert line.split()[-1] in archived  # every citation is one of the period's posts


def test_without_a_list_only_the_channel_is_read(bot: BotHarness) -> None:
    bot.setup_group()
    keep_list_posts(bot, 10)  # kept for a list that is no longer bound: not this group's now
    reply = bot.say("/summarize", user="ana", services=Services(progress=lambda _n: None))
    assert reply.tone.value == "error" and "No messages to summarise in #wg-cyber" in reply.text
