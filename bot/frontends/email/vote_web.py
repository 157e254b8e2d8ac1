"""The vote links' page (vote_links.py) on the email front end's HTTP endpoint (web.py).

As every link page (pages.py), GET never acts: it shows the statement and one button; only
the POST casts the vote, through the core's vote button handler
(commands/consensus_vote.py `on_button`), as the person the mail went to. A link that is
forged, cut or expired gets a page that says so, and nothing changes."""

from __future__ import annotations

import asyncio
import html
import logging

from aiohttp import web

from bot.app import App
from bot.core.messages import Action, Actor, Platform, Tone, Where
from bot.frontends.email.pages import UNCHANGED, LinkPage, page
from bot.frontends.email.vote_links import LABEL_OF, VoteLink, VoteLinks
from storage.store import Store

log = logging.getLogger(__name__)


def _statement(app: App, statement_id: int) -> tuple[str, str] | None:
    """(group name, statement text) for the confirmation page."""
    with app.database.session(readonly=True) as session:
        store = Store(session)
        statement = store.statements.by_id(statement_id)
        group = store.groups.get(statement.group_id) if statement is not None else None
        if statement is None or group is None:
            return None
        return group.name, f"#{statement.number}: {statement.text}"


def _cast(app: App, link: VoteLink) -> tuple[bool, str]:
    action = Action(
        actor=Actor(Platform.EMAIL, link.address),
        where=Where(Platform.EMAIL, link.address),
        action_id=link.action_id,
        value=link.value,
    )
    reply = app.dispatcher.handle_action(action)
    return reply.tone is not Tone.ERROR, reply.text


class VotePage(LinkPage[VoteLink]):
    """A vote: the button casts it through the core's vote button handler."""

    def __init__(self, app: App, votes: VoteLinks) -> None:
        super().__init__(votes)
        self.app = app

    async def show(self, link: VoteLink, token: str) -> web.Response:
        found = await asyncio.to_thread(_statement, self.app, link.statement_id)
        if found is None:
            return page("Statement not found", "<p>That statement no longer exists.</p>", 404)
        name, statement = found
        body = (
            f"<p>Your vote ({html.escape(link.address)}) in <strong>{html.escape(name)}</strong>"
            f" on the statement {html.escape(statement)}</p>\n"
            f"{self.button(token, LABEL_OF[link.choice])}\n"
            "<p><small>Nothing is recorded until you press the button. To give a reason, "
            "use <code>/wg vote</code> in the group's channel.</small></p>"
        )
        return page(name, body)

    async def press(self, link: VoteLink) -> web.Response:
        done, text = await asyncio.to_thread(_cast, self.app, link)
        log.info(
            "email vote link: %s on statement %s", "cast" if done else "refused", link.statement_id
        )
        if done:
            return page("Thank you", f"<p>{html.escape(text)}</p>")
        return page("Not recorded", f"<p>{html.escape(text)}</p>{UNCHANGED}", 409)
