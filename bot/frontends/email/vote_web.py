"""The vote links' page (vote_links.py) on the email front end's HTTP endpoint (web.py).

As every link page (pages.py), GET never acts: it shows the statement and one button; only
the POST casts the vote, through the core's vote button handler
(commands/consensus_vote.py `on_button`), as the person the mail went to. A link that is
forged, cut or expired gets a page that says so, and nothing changes."""

from __future__ import annotations

import html
import logging

from bot.app import App
from bot.core.messages import Action, Actor, Platform, Tone, Where
from bot.frontends.email.pages import Done, LinkPage, Shown
from bot.frontends.email.vote_links import LABEL_OF, VoteLink
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

    missing = ("Statement not found", "That statement no longer exists.")

    def show(self, link: VoteLink) -> Shown | None:
        found = _statement(self.app, link.statement_id)
        if found is None:
            return None
        name, statement = found
        intro = (
            f"Your vote ({html.escape(link.address)}) in <strong>{html.escape(name)}</strong>"
            f" on the statement {html.escape(statement)}"
        )
        note = (
            "Nothing is recorded until you press the button. To give a reason, "
            "use <code>/wg vote</code> in the group's channel."
        )
        return Shown(name, intro, LABEL_OF[link.choice], note)

    def press(self, link: VoteLink) -> Done:
        done, text = _cast(self.app, link)
        log.info(
            "email vote link: %s on statement %s", "cast" if done else "refused", link.statement_id
        )
        if done:
            return Done("Thank you", text, changed=True)
        return Done("Not recorded", text, changed=False, status=409)
