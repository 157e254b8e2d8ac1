"""What is due after the meeting: "who used TITLE?" asks to chairs and liaisons (at the
uptake-review milestone, and every 3 months after publication until 12 months), and the MAG
board's links by direct message. Recipients and periods only; plan.py makes the items."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.core.messages import Platform
from bot.core.neutral import at_name, mentioned
from bot.core.ports import Recipient
from bot.core.settings import CommandSettings
from bot.domain.dates import local_today
from bot.domain.uptake import ask_period
from bot.scheduler import recipients
from bot.uptake.cycle_view import cycle_facts
from storage.groups.models import WorkingGroup
from storage.store import Store


def liaison_recipient(contact: str | None, platform: str | None) -> Recipient | None:
    """A liaison's contact who can be asked: a person mentioned on the group's platform, or
    an email address (asked by email where the email front end runs)."""
    if not contact:
        return None
    person = mentioned(contact)
    if person is not None and platform is not None:
        return recipients.user(platform, person[0])
    name = at_name(contact)
    if name is not None and platform == Platform.CONSOLE.value:  # people are plain names there
        return recipients.user(platform, name)
    text = contact.strip()
    if "@" in text and " " not in text and not text.startswith("@"):
        return recipients.user(Platform.EMAIL.value, text.lower())
    return None


def ask_recipients(store: Store, group_id: int) -> list[Recipient]:
    """The group's chairs and its liaisons' contacts, each once."""
    channels = store.groups.channels(group_id)
    platform = channels[0].platform if channels else None
    found = [recipients.user(c.platform, c.user_id) for c in store.members.chairs(group_id)]
    for liaison in store.liaisons.of_group(group_id):
        to = liaison_recipient(liaison.contact, platform)
        if to is not None:
            found.append(to)
    return list(dict.fromkeys(found))


def uptake_asks(
    store: Store, settings: CommandSettings, group: WorkingGroup, now: datetime, hour: int
) -> Iterator[tuple[Recipient, str]]:
    """(recipient, period) of every ask due now for the group's outputs."""
    assert group.id is not None
    outputs = store.outputs.of_group(group.id)
    if not outputs:
        return
    review = cycle_facts(store, settings, group, local_today(now, group.timezone)).review
    targets: list[Recipient] | None = None
    for output in outputs:
        assert output.id is not None
        period = ask_period(output.id, output.published_on, review, now, group.timezone, hour)
        if period is None:
            continue
        if targets is None:
            targets = ask_recipients(store, group.id)
        for to in targets:
            yield to, period


def board_links(store: Store, now: datetime) -> Iterator[tuple[str, str]]:
    """(recipient, period) of each open board link: its DM is due until it expires."""
    for link in store.board_links.live(now):
        yield link.recipient, f"l{link.id}"
