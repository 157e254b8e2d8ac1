"""`/wg charter` with no options opens a modal. Discord allows five inputs a modal, so the ten
scoping questions come as two modals of five; the first one's confirmation carries a button
that opens the second (a modal cannot open another modal directly).

Every answer goes through the core's charter form, so permissions, validation and the audit
trail are the same as typing it. An empty input, or one left as it was shown, leaves that
answer unchanged. Deadlines (see forms.py): the modal opens within Discord's 3 s whatever the
database does, a submission is deferred at once, and a late one gets its text back.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.core.messages import Reply, Tone
from bot.core.notices import expired_reply, returned_reply
from bot.domain.charter import CHARTER_LABELS, CHARTER_QUESTIONS, CHARTER_SIZE
from bot.frontends.discord import limits
from bot.frontends.discord.forms import (
    DEFAULTS_WAIT_SECONDS,
    FORM_LIFE_SECONDS,
    DefaultsCache,
    OpenForms,
    Place,
    parse_custom_id,
    submitted_values,
)
from bot.frontends.discord.identity import where_of
from bot.frontends.discord.runner import Runner
from bot.frontends.discord.text import form_text
from commands.charter import MAX_ANSWER

log = logging.getLogger(__name__)

CHARTER_PATH = ("wg", "charter")
FORM_ID = "charter"
PAGE_SIZE = limits.MODAL_INPUTS
PAGES = (CHARTER_SIZE + PAGE_SIZE - 1) // PAGE_SIZE
PAGE_BUTTON_ID = "wg-charter-page"
LABELS = {f"q{n}": f"{n}. {CHARTER_LABELS[n - 1]}" for n in range(1, CHARTER_SIZE + 1)}
UNKNOWN_HINT = "Empty keeps the current answer. "


def page_numbers(page: int) -> range:
    return range((page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, CHARTER_SIZE) + 1)


class CharterModal(discord.ui.Modal):
    """Five questions. Only what Discord shows: submissions are routed by custom id to
    `CharterFlow.on_modal_submit`, so this class has no `on_submit` of its own."""

    def __init__(
        self, page: int, custom_id: str, current: Mapping[str, str] | None, timeout: float
    ) -> None:
        numbers = page_numbers(page)
        super().__init__(
            title=limits.clip(
                f"Charter: questions {numbers[0]}–{numbers[-1]} of {CHARTER_SIZE}",
                limits.MODAL_TITLE,
            ),
            custom_id=custom_id,
            timeout=timeout,
        )
        hint = UNKNOWN_HINT if current is None else ""
        for number in numbers:
            text_input: discord.ui.TextInput[CharterModal] = discord.ui.TextInput(
                label=limits.clip(LABELS[f"q{number}"], limits.TEXT_INPUT_LABEL),
                placeholder=limits.clip(hint + CHARTER_QUESTIONS[number - 1], 100),
                style=discord.TextStyle.paragraph,
                required=False,
                max_length=MAX_ANSWER,
                custom_id=f"q{number}",
                default=(current or {}).get(f"q{number}") or None,
            )
            self.add_item(text_input)


def page_button_class(flow: CharterFlow) -> type[Any]:
    class CharterPageButton(
        discord.ui.DynamicItem[discord.ui.Button[Any]],
        template=re.compile(rf"{PAGE_BUTTON_ID}\|(?P<page>[0-9]+)"),
    ):
        def __init__(self, page: int) -> None:
            numbers = page_numbers(page)
            super().__init__(
                discord.ui.Button(
                    label=f"Answer questions {numbers[0]}–{numbers[-1]}",
                    style=discord.ButtonStyle.primary,
                    custom_id=f"{PAGE_BUTTON_ID}|{page}",
                )
            )
            self.page = page

        @classmethod
        async def from_custom_id(
            cls,
            interaction: discord.Interaction[Any],
            item: discord.ui.Item[Any],
            match: re.Match[str],
        ) -> CharterPageButton:
            return cls(int(match["page"]))

        async def callback(self, interaction: discord.Interaction[Any]) -> None:
            await flow.open(interaction, self.page)

    return CharterPageButton


class CharterFlow:
    def __init__(
        self,
        runner: Runner,
        *,
        life: float = FORM_LIFE_SECONDS,
        defaults_wait: float = DEFAULTS_WAIT_SECONDS,
    ) -> None:
        self.runner = runner
        self.page_button = page_button_class(self)
        self.forms = OpenForms(life)
        self.cache = DefaultsCache()
        self.defaults_wait = defaults_wait
        self._reads: set[asyncio.Future[dict[str, str]]] = set()

    async def open_first(self, interaction: discord.Interaction[Any]) -> None:
        await self.open(interaction, 1)

    async def open(self, interaction: discord.Interaction[Any], page: int) -> None:
        if not 1 <= page <= PAGES:
            await self.runner.responder.answer(interaction, Reply.error("No such charter page."))
            return
        current = await self._current(interaction)
        custom_id = self.forms.add(FORM_ID, page, interaction.user.id, current or {})
        modal = CharterModal(page, custom_id, current, timeout=self.forms.life)
        await interaction.response.send_modal(modal)

    async def _current(self, interaction: discord.Interaction[Any]) -> dict[str, str] | None:
        """The answers now if the database gives them at once, else the last ones read here
        (None: unknown). The read goes on in the background and refreshes the cache."""
        read = self._read(interaction)
        done, _ = await asyncio.wait({read}, timeout=self.defaults_wait)
        if done and read.exception() is None:
            return read.result()
        return self.cache.get(_place(interaction))

    def _read(self, interaction: discord.Interaction[Any]) -> asyncio.Future[dict[str, str]]:
        place = _place(interaction)
        read = asyncio.ensure_future(self.runner.form_defaults(interaction, FORM_ID))
        self._reads.add(read)

        def remember(task: asyncio.Future[dict[str, str]]) -> None:
            self._reads.discard(task)
            if task.cancelled():
                return
            if task.exception() is not None:
                log.warning("reading the charter's answers failed", exc_info=task.exception())
                return
            self.cache.put(place, task.result())

        read.add_done_callback(remember)
        return read

    async def on_modal_submit(self, interaction: discord.Interaction[Any]) -> None:
        """Every modal submission in our namespace, live or orphaned."""
        data: Mapping[str, Any] = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        if not custom_id.startswith("wg-"):
            return  # not one of ours
        values = submitted_values(data)
        parsed = parse_custom_id(custom_id)
        opened = self.forms.get(custom_id, interaction.user.id)
        command = "/" + " ".join(CHARTER_PATH)
        if parsed is None or opened is None or parsed[0] != FORM_ID:
            await self.runner.responder.answer(
                interaction, expired_reply(values, LABELS, command, self.forms.life)
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        allowed = {f"q{n}" for n in page_numbers(opened.page)}
        changed = {
            key: form_text(text, interaction.guild)
            for key, text in values.items()
            if key in allowed and text.strip() != opened.shown.get(key, "").strip()
        }
        reply = await self.runner.submit_form(interaction, FORM_ID, changed)
        if reply.tone is Tone.ERROR and changed:
            # Refused (not a chair, an answer too long…): nothing typed is lost either.
            reply = returned_reply(" ".join(reply.text.split()), changed, LABELS, command)
        self._read(interaction)  # the next page opens with fresh answers
        view = None
        if opened.page < PAGES and reply.tone is not Tone.ERROR:
            view = discord.ui.View(timeout=None)
            view.add_item(self.page_button(opened.page + 1))
        await self.runner.responder.answer(interaction, reply, view=view, deferred_privately=True)


def _place(interaction: discord.Interaction[Any]) -> Place:
    where = where_of(interaction)
    return (FORM_ID, where.channel_id, where.thread_id)
