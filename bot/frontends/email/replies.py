"""Answering a nudge by replying to its email with one word: commit, snooze or step down
(also in French and Spanish), on the first line of the reply's own words.

The reply names the nudge it answers by In-Reply-To / References (the nudge's Message-ID, as
recorded in the delivery table); it acts only for the address the nudge was sent to, through the
same core handler as the buttons (answers.py), and only when our own receiving server says
the mail really comes from the From domain (trust.py: DMARC or aligned DKIM pass): a From:
line is easy to forge, and so is a Message-ID to reply to. An unverified reply acts on
nothing; the sponsor's own address gets a signed confirm link instead. Anything else from
someone the bot wrote to gets a short reply with the keywords; mail from strangers that
answers nothing of ours gets no answer at all (no backscatter to forged senders).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence

from bot.app import App
from bot.core.delivery_tags import DELIVERY_KEY
from bot.core.messages import Platform, Reply, Tone
from bot.core.ports import DeliveryError, DeliveryPort, Recipient, RecipientKind
from bot.frontends.email import make_link_signer
from bot.frontends.email.addresses import normalise_address
from bot.frontends.email.answers import Answered, NudgeAnswer, answer_nudge
from bot.frontends.email.render import IN_REPLY_TO, one_line
from bot.frontends.email.trust import from_domain_verified
from bot.mail.mime import Post
from bot.scheduler import recipients
from bot.scheduler.plan import NUDGE
from commands.nudges import COMMIT, SNOOZE, STEP_DOWN
from storage.deliveries.models import Delivery, DeliveryStatus
from storage.store import Store

log = logging.getLogger(__name__)

EXPLAINED, IGNORED = "explained", "ignored"

# Accents and case do not matter (`más tarde` = `mas tarde`); words may follow (`commit!`).
KEYWORDS: dict[str, tuple[str, ...]] = {
    COMMIT: ("commit", "i commit", "je m'engage", "engagement", "me comprometo", "comprometo"),
    SNOOZE: ("snooze", "later", "plus tard", "reporter", "mas tarde", "posponer"),
    STEP_DOWN: ("step down", "stepdown", "je me retire", "me retirer", "me retiro", "renuncio"),
}
HELP = (
    "To answer your weekly sponsor nudge by email, reply to it with one of these words on the "
    "first line: commit (you support the group this week), snooze (no nudge next week) or "
    "step down (you stop being its sponsor). En français : je m'engage, plus tard, je me "
    "retire. En español: me comprometo, más tarde, me retiro."
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def keyword_of(text: str) -> str | None:
    """The verb named on the first line of the reply's own words (quotes skipped)."""
    lines = (line.strip() for line in text.splitlines())
    first = next((line for line in lines if line and not line.startswith(">")), "")
    line = _plain(first).strip(" \t.!¡?¿,;:-*_\"'()[]")
    for verb, words in KEYWORDS.items():
        for word in words:
            if line == word or (line.startswith(word) and not line[len(word)].isalnum()):
                return verb
    return None


def _angle(message_id: str) -> str:
    bare = message_id.strip().strip("<>")
    return f"<{bare}>"


def _nudge_answered(store: Store, post: Post) -> Delivery | None:
    """The nudge this post replies to: its In-Reply-To, else the newest of References."""
    candidates: Sequence[str] = [
        *([post.in_reply_to] if post.in_reply_to else []),
        *reversed(post.references),
    ]
    for message_id in candidates[:20]:
        row = store.deliveries.by_message_id(_angle(message_id))
        if row is not None and row.kind == NUDGE and row.status == DeliveryStatus.SENT.value:
            return row
    return None


def answer_by_reply(post: Post, *, app: App, delivery: DeliveryPort | None) -> Answered:
    """A reply to the bot's own address (inbound.py calls this): see the module docstring."""
    sender = normalise_address(post.sender)
    own = normalise_address(app.settings.wgbot_email_from or "")
    if sender is None or sender == own:
        return Answered(IGNORED, "no usable sender")
    with app.database.session() as session:
        store = Store(session)
        row = _nudge_answered(store, post)
        if row is None:
            known = bool(store.sponsors.of_user(Platform.EMAIL.value, sender))
            if not known:
                return Answered(IGNORED, "not a reply to a nudge, from a stranger")
            return _explain(post, sender, delivery, HELP, "not a reply to a nudge")
        nudged = recipients.decode(row.recipient).id
        sponsor = store.sponsors.get(row.group_id, Platform.EMAIL.value, nudged)
        sent_at = row.sent_at or row.updated_at
        period, group_id = row.period, row.group_id
    if nudged != sender:
        text = "Only the address this nudge was sent to can answer it by email. " + HELP
        return _explain(post, sender, delivery, text, "not the sponsor's address")
    verb = keyword_of(post.text)
    if verb is None:
        return _explain(
            post, sender, delivery, "wgbot did not understand this reply. " + HELP, "no keyword"
        )
    if sponsor is None or sponsor.id is None:
        text = "You are no longer a sponsor of this group, so nothing was recorded."
        return _explain(post, sender, delivery, text, "no longer the sponsor")
    answer = NudgeAnswer(group_id, sponsor.id, nudged, period, verb, sent_at)
    if not from_domain_verified(post.auth_results, sender, app.settings.wgbot_email_authserv_id):
        return _confirm(post, app, delivery, answer)
    outcome, reply = answer_nudge(app, answer)
    _send(post, nudged, delivery, reply.text, reply.tone)
    return Answered(outcome, f"{verb}: {reply.text}")


UNVERIFIED = (
    "Nothing was recorded: wgbot could not verify that this reply comes from your address "
    "(your mail server's DMARC or DKIM signature did not reach us as a pass)."
)


def _confirm(post: Post, app: App, delivery: DeliveryPort | None, answer: NudgeAnswer) -> Answered:
    """An unverified keyword reply: a signed link for the same answer, sent to the sponsor's
    address (never to whoever wrote), which acts only when opened."""
    signer = make_link_signer(app.settings)
    text = UNVERIFIED
    if signer is not None:
        token = signer.token(
            answer.group_id, answer.sponsor_id, answer.address, answer.period, answer.verb
        )
        text += f" To answer {answer.verb!r}, open this link: {signer.url(token)}"
    else:
        text += " Answer with the buttons in chat, or with the links of your next nudge email."
    _send(post, answer.address, delivery, text, Tone.INFO)
    return Answered(EXPLAINED, "sender not verified: confirm link sent")


def _explain(
    post: Post, sender: str, delivery: DeliveryPort | None, text: str, why: str
) -> Answered:
    _send(post, sender, delivery, text, Tone.INFO)
    return Answered(EXPLAINED, why)


def _send(post: Post, sender: str, delivery: DeliveryPort | None, text: str, tone: Tone) -> None:
    if delivery is None:
        return
    subject = one_line(post.subject, 140)
    reply = Reply(
        title=subject if subject.lower().startswith("re:") else f"Re: {subject or 'your nudge'}",
        text=text,
        tone=tone,
        # The same post gets the same answer's Message-ID: a repeat is recognisably a twin.
        metadata={DELIVERY_KEY: f"reply|{post.message_id}", IN_REPLY_TO: _angle(post.message_id)},
    )
    try:
        delivery.send(Recipient(Platform.EMAIL, RecipientKind.USER, sender), reply)
    except DeliveryError as exc:
        log.warning("could not answer the reply %s: %s", post.message_id[:100], exc)
