"""`/wg charter` with no options opens a modal. Discord allows five inputs a modal, so the ten
scoping questions come as two modals of five; the first one's confirmation carries a button
that opens the second (a modal cannot open another modal directly).

Every answer goes through the core's `/wg charter N ANSWER`, so permissions, validation and
the audit trail are the same as typing it. An empty input leaves that answer unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from bot.core.messages import Reply, Tone
from bot.domain.charter import CHARTER_LABELS, CHARTER_QUESTIONS, CHARTER_SIZE
from bot.frontends.discord import limits
from bot.frontends.discord.runner import Runner

CHARTER_PATH = ("wg", "charter")
PAGE_SIZE = limits.MODAL_INPUTS
PAGES = (CHARTER_SIZE + PAGE_SIZE - 1) // PAGE_SIZE
MAX_ANSWER = 2000  # the core refuses longer answers; the input stops the user typing more
PAGE_BUTTON_ID = "wg-charter-page"


def page_numbers(page: int) -> range:
    return range((page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, CHARTER_SIZE) + 1)


class CharterModal(discord.ui.Modal):
    """Five questions; the custom id names the person so two chairs never share one."""

    def __init__(
        self, flow: CharterFlow, page: int, user_id: int, current: Mapping[str, str]
    ) -> None:
        numbers = page_numbers(page)
        super().__init__(
            title=limits.clip(
                f"Charter: questions {numbers[0]}–{numbers[-1]} of {CHARTER_SIZE}",
                limits.MODAL_TITLE,
            ),
            custom_id=f"wg-charter-modal|{page}|{user_id}",
            timeout=limits.TOKEN_LIFE_SECONDS,
        )
        self.flow = flow
        self.page = page
        self.inputs: dict[int, discord.ui.TextInput[CharterModal]] = {}
        for number in numbers:
            text_input: discord.ui.TextInput[CharterModal] = discord.ui.TextInput(
                label=limits.clip(
                    f"{number}. {CHARTER_LABELS[number - 1]}", limits.TEXT_INPUT_LABEL
                ),
                placeholder=limits.clip(CHARTER_QUESTIONS[number - 1], 100),
                style=discord.TextStyle.paragraph,
                required=False,
                max_length=MAX_ANSWER,
                custom_id=f"q{number}",
                default=current.get(f"q{number}") or None,
            )
            self.inputs[number] = text_input
            self.add_item(text_input)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        answers = {number: item.value for number, item in self.inputs.items()}
        await self.flow.submit(interaction, self.page, answers)


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
    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.page_button = page_button_class(self)

    async def open_first(self, interaction: discord.Interaction[Any]) -> None:
        await self.open(interaction, 1)

    async def open(self, interaction: discord.Interaction[Any], page: int) -> None:
        if not 1 <= page <= PAGES:
            await self.runner.responder.answer(interaction, Reply.error("No such charter page."))
            return
        current = await self.runner.form_defaults(interaction, "charter")
        await interaction.response.send_modal(
            CharterModal(self, page, interaction.user.id, current)
        )

    async def submit(
        self, interaction: discord.Interaction[Any], page: int, answers: dict[int, str]
    ) -> None:
        """The page's answers go to the core as one unit; the core words the answer."""
        fields = {f"q{number}": text for number, text in answers.items()}
        reply = await self.runner.submit_form(interaction, "charter", fields)
        view = None
        if page < PAGES and reply.tone is not Tone.ERROR:
            view = discord.ui.View(timeout=None)
            view.add_item(self.page_button(page + 1))
        await self.runner.responder.answer(interaction, reply, view=view)
