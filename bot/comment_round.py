"""Comment rounds on a draft (docs/cycle.md): the draft's numbered items, the post that opens
a round, the chairs' summary when it closes, and the export's table of how each comment was
addressed. Read by commands and the scheduler alike, so the wording is one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import ValidationError

from bot.core.messages import Reply, Section
from bot.core.params import MAX_PERSON_ID
from bot.core.settings import CoreSettings
from bot.domain.dates import local_today
from bot.domain.draft_schema import DraftBody
from bot.domain.wording import plural
from storage.comments.models import Comment, CommentRound, Disposition
from storage.groups.models import WorkingGroup
from storage.store import Store
from storage.summaries.models import DraftRecord

NOT_STATED = "not stated"
MAX_ITEM_TEXT = 600
MAX_LISTED = 20
GENERAL = 0
MAX_COMMENT = 4000


@dataclass(frozen=True)
class Item:
    number: int  # what commenters type; 0 is a general comment
    kind: str  # "paragraph" or "recommendation"
    text: str


def numbered_items(draft: DraftRecord) -> list[Item]:
    """The draft's paragraphs (problem statement, agreements) and recommendations, numbered
    1, 2 … in the order they are read. A draft whose body cannot be read gives its Markdown's
    paragraphs."""
    texts: list[tuple[str, str]] = []
    try:
        body = DraftBody.model_validate_json(draft.body_json)
    except ValidationError:
        body = None
    if body is not None:
        texts += [("paragraph", p.strip()) for p in body.problem_statement.split("\n\n")]
        texts += [("paragraph", a.text) for a in body.agreements]
        texts += [("recommendation", r.text) for r in body.recommendations]
    else:
        paragraphs = [p.strip() for p in draft.markdown.split("\n\n")]
        texts += [("paragraph", p) for p in paragraphs if p and not p.startswith("#")]
    return [
        Item(n, kind, text[:MAX_ITEM_TEXT])
        for n, (kind, text) in enumerate(((k, t) for k, t in texts if t), start=1)
    ]


def round_post(group_name: str, draft: DraftRecord, items: Sequence[Item], closes: date) -> Reply:
    """The public post opening a round: the draft, numbered, and how to comment."""
    lines = tuple(
        f"{i.number}. {'[R] ' if i.kind == 'recommendation' else ''}{i.text}" for i in items
    )
    return Reply(
        title=f"{group_name}: draft v{draft.version} is open for comments until "
        f"{closes.isoformat()}",
        text=(
            "Comment on any numbered item with `\ue000/wg comment N TEXT` (N = the item's number, "
            "0 for a general comment), or by email: a reply whose lines start with `N:`. "
            "Every comment gets an answer from the chairs, recorded in the outcome document."
        ),
        sections=(Section("Numbered paragraphs and recommendations ([R])", lines),),
    )


def _who(comment: Comment) -> str:
    """The name the author went by; never their address or id (a forgotten author has none)."""
    return comment.author_name or "a participant"


def comment_line(comment: Comment) -> str:
    about = "general" if comment.item == GENERAL else f"on {comment.item}"
    answer = (
        f" → {comment.disposition}: {comment.reason}" if comment.disposition else " → unanswered"
    )
    group = comment.stakeholder_group or NOT_STATED
    return f"C{comment.number} ({about}, {_who(comment)}, {group}): {comment.text}{answer}"


def round_summary(
    store: Store, settings: CoreSettings, group_name: str, opened: CommentRound
) -> Reply:
    """For the chairs when a round closes: who was heard (stakeholder groups, regions), who
    was not, and the comments still without an answer."""
    assert opened.id is not None
    comments = store.comments.of_round(opened.id)
    by_group = Counter(c.stakeholder_group or NOT_STATED for c in comments)
    by_region = Counter(c.region or NOT_STATED for c in comments)
    silent = [s for s in settings.stakeholders if by_group[s] == 0]
    unanswered = [c for c in comments if c.disposition is None]
    sections = [
        Section(
            "Comments by stakeholder group",
            tuple(f"{name}: {n}" for name, n in sorted(by_group.items())) or ("none",),
        ),
        Section(
            "Comments by region",
            tuple(f"{name}: {n}" for name, n in sorted(by_region.items())) or ("none",),
        ),
        Section("Stakeholder groups not heard", tuple(silent) or ("none: all were heard",)),
    ]
    if unanswered:
        lines = [comment_line(c) for c in unanswered[:MAX_LISTED]]
        if len(unanswered) > MAX_LISTED:
            lines.append(f"… and {len(unanswered) - MAX_LISTED} more: `\ue000/wg comments`")
        sections.append(Section("Still without an answer", tuple(lines)))
    return Reply(
        title=f"{group_name}: comment round {opened.number} on draft v{opened.draft_version} "
        "closed",
        text=(
            f"{plural(len(comments), 'comment')} from "
            f"{plural(len({(c.platform, c.user_id) for c in comments}), 'person', 'people')}; "
            f"{len(unanswered)} without an answer: answer each with "
            "`\ue000/wg disposition C accepted|partly|declined REASON`."
        ),
        sections=tuple(sections),
    )


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


DISPOSITION_WORDS = {
    Disposition.ACCEPTED.value: "Accepted",
    Disposition.PARTLY.value: "Partly accepted",
    Disposition.DECLINED.value: "Declined",
}


def comments_table(store: Store, group_id: int, year: int | None = None) -> list[str]:
    """The export's "Comments and how they were addressed": one row per comment."""
    out = ["## Comments and how they were addressed", ""]
    rounds = store.comments.rounds(group_id, year)
    if not rounds:
        return [*out, "_No comment round yet (`\ue000/wg comments open until DATE`)._"]
    for opened in rounds:
        assert opened.id is not None
        comments = store.comments.of_round(opened.id)
        out += [
            f"Round {opened.number}: draft v{opened.draft_version}, open until "
            f"{opened.closes_on.isoformat()} ({plural(len(comments), 'comment')}).",
            "",
        ]
        if not comments:
            continue
        out += [
            "| # | on | from | stakeholder group | region | comment | how it was addressed |",
            "| ---: | --- | --- | --- | --- | --- | --- |",
        ]
        for c in comments:
            about = "general" if c.item == GENERAL else str(c.item)
            answer = (
                f"{DISPOSITION_WORDS.get(c.disposition, c.disposition)}: {c.reason or ''}"
                if c.disposition
                else "_not yet answered_"
            )
            out.append(
                f"| C{c.number} | {about} | {_cell(_who(c))} | "
                f"{_cell(c.stakeholder_group or NOT_STATED)} | {_cell(c.region or NOT_STATED)} | "
                f"{_cell(c.text)} | {_cell(answer)} |"
            )
        out.append("")
    return out


# `3: text` (a space or the line's end after the colon, so `10:30` is a time, not item 10).
_NUMBERED = re.compile(r"^\s*(\d{1,5}):(?:\s+(.*))?$", re.ASCII)


def numbered_comments(text: str) -> list[tuple[int, str]]:
    """`N: text` lines of an email (quoted `>` lines left out): each starts a comment on item
    N that runs until the next such line; lines before the first are not a comment."""
    found: list[tuple[int, list[str]]] = []
    for line in text.splitlines():
        if line.lstrip().startswith(">"):
            continue
        match = _NUMBERED.match(line)
        if match:
            found.append((int(match.group(1)), [match.group(2) or ""]))
        elif found:
            found[-1][1].append(line)
    return [(n, "\n".join(lines).strip()) for n, lines in found if "\n".join(lines).strip()]


def take_email_comments(
    store: Store,
    group: WorkingGroup,
    text: str,
    author: tuple[str, str],
    author_name: str,
    at: datetime,
) -> int:
    """Comments from a list post (`N:` lines) in the group's open round, by `author` (their
    linked platform identity, or `("email", address)`); items out of range are left out.
    Returns how many were taken."""
    assert group.id is not None
    opened = store.comments.open_round(group.id)
    if opened is None or opened.id is None or opened.closes_on < local_today(at, group.timezone):
        return 0
    if store.words.forgotten(group.id, *author, at):
        return 0  # said before they asked to be forgotten: not kept (storage/consent/words.py)
    member = store.members.get(group.id, *author)
    taken = 0
    for item, body in numbered_comments(text):
        if not GENERAL <= item <= opened.items:
            continue
        store.comments.add(
            Comment(
                group_id=group.id,
                round_id=opened.id,
                number=0,
                item=item,
                text=body[:MAX_COMMENT],
                platform=author[0],
                user_id=author[1],
                author_name=(member.display_name if member else "") or author_name,
                stakeholder_group=member.stakeholder_group if member else None,
                region=member.region if member else None,
                via="email",
                at=at,
            )
        )
        taken += 1
    return taken


def take_list_comments(
    store: Store, group: WorkingGroup, text: str, address: str, sender_name: str, at: datetime
) -> int:
    """Comments from a post to the group's list: by the member who linked the sender's
    address, else by the address itself."""
    linked = store.email.identities_for([address]).get(address)
    author = linked if linked is not None else ("email", address[:MAX_PERSON_ID])
    return take_email_comments(store, group, text, author, sender_name, at)


def take_comments_to_bot(
    store: Store, address: str, text: str, sender_name: str, at: datetime
) -> int:
    """Comments mailed to the bot itself (`N:` lines): taken for the group with an open round
    that the sender's linked address is a member of, when there is exactly one; mail from an
    address linked to no one, or naming no single round, is left to the other answers."""
    if not numbered_comments(text):
        return 0
    linked = store.email.identities_for([address]).get(address)
    if linked is None:
        return 0
    groups = [
        group
        for member in store.members.of_user(*linked)
        if (group := store.groups.get(member.group_id)) is not None
        and store.comments.open_round(member.group_id) is not None
    ]
    if len(groups) != 1:
        return 0
    return take_email_comments(store, groups[0], text, linked, sender_name, at)
