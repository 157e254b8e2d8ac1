"""The scheduled messages after the meeting: "who used TITLE?" and the MAG board's link."""

from __future__ import annotations

from datetime import datetime

from bot.core.messages import Button, ButtonStyle, Field, Reply, Section, Tone
from bot.domain.uptake import REVIEW
from bot.web.links import BoardSigner
from commands.uptake import ACTION_PREFIX, body_label
from storage.groups.models import WorkingGroup
from storage.store import Store
from storage.uptake.models import Output
from storage.web.models import BoardLink

NONE_KNOWN = "I know of none yet"


def uptake_ask(store: Store, group: WorkingGroup, output: Output, period: str) -> Reply:
    """Asked of chairs and liaisons: who used the output, with what is known so far."""
    assert group.id is not None and output.id is not None
    moment = period.partition(":")[2]
    when = (
        "The cycle's uptake review is here"
        if moment == REVIEW
        else f"{moment[1:]} months after it was published"
    )
    liaisons = {r.org_key: r.org_name for r in store.liaisons.of_group(group.id)}
    known = [
        f"{body_label(e, liaisons)}: {e.status} ({e.url})"
        for e in store.uptake.of_group(group.id)
        if e.output_id == output.id
    ]
    return Reply(
        title=f"{group.name}: who used “{output.title}”?",
        text=(
            f"{when}. Do you know of a body that cited, adopted or implemented it? Record it "
            f"in the group's channel with `\ue000/wg uptake {output.number} BODY URL "
            "[cited|adopted|implemented] [note]`, or press the button if you know of none yet."
        ),
        fields=(
            Field("Output", f"#{output.number} {output.title}", inline=False),
            Field("Published", output.published_on.isoformat() if output.published_on else "—"),
            Field("Link", output.url, inline=False),
        ),
        sections=(Section("Known so far", tuple(known) or ("Nobody yet.",)),),
        buttons=(Button(NONE_KNOWN, f"{ACTION_PREFIX}:none", str(output.id), ButtonStyle.DEFAULT),),
        tone=Tone.INFO,
    )


def board_link(signer: BoardSigner, link: BoardLink, now: datetime) -> Reply:
    assert link.id is not None
    del now
    until = link.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    return Reply(
        title="Your link to the MAG board",
        text=(
            f"{signer.url(link.id, link.issued_at)}\n\nEvery group's phase, lateness, coverage, "
            f"overlaps, liaisons, outputs and uptake. The link works until {until} for whoever "
            "holds it: do not forward it. `\ue000/wg overview web revoke` ends it sooner."
        ),
        tone=Tone.INFO,
    )
