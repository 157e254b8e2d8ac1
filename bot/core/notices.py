"""What the bot says in situations only a front end meets: a slow command started, a form that
would not open, the platform refusing or cutting a reply, a command used where it cannot run.

Worded once here, so the same situation reads the same on Slack, Discord, the console and by
email; front ends pass their platform's name and only translate the result to their markup.
Every function returns neutral text (no tone mark: the front end's rendering adds it).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.messages import Reply, Section, Tone
from bot.ground.normalise import quoted

# Something failed that trying again may fix: what the person can do about it.
RETRY = "try again, and tell your admin if it keeps failing"


def working_on(command: str) -> str:
    """The private note a slow command shows until its result replaces it."""
    return f"⏳ Working on `{command}`…"


def progress(note: str) -> str:
    """A slow command's progress (`reading 5 messages…`), as every front end shows it."""
    return f"⏳ {note}"


def form_did_not_open(help_command: str = "/wg help") -> str:
    return (
        "I could not open the form: type the command with its arguments instead "
        f"(`{help_command}`)."
    )


def not_in_this_build(command: str) -> str:
    return f"`{command}` is not available in this build yet; nothing was changed."


def server_only(command: str) -> str:
    return f"`{command}` works in a server channel, not in direct messages. Nothing was changed."


def could_not_run() -> str:
    """A platform failed the command before the core saw it (the core has its own wording,
    with a ref, for what fails inside it)."""
    return "Sorry, I could not run that command; nothing was changed. Please try again."


def invalid_option(value: object) -> str:
    """The platform could not convert an option (a user or channel that no longer exists)."""
    return f"{quoted(str(value), 30)} is not valid for that option. Nothing was changed."


def reply_refused(platform: str, code: object) -> str:
    """The platform refused the reply itself; never its raw error (it may quote what was
    sent): that goes to the log."""
    return f"{platform} refused my reply (error {code}). Nothing else went wrong; please {RETRY}."


def failed(what: str, platform: str = "", code: str = "") -> str:
    """`Uploading the file failed (Slack said `x`): try again, …` — one line, no raw error."""
    said = f" ({platform} said `{code}`)" if platform and code else ""
    return f"{what} failed{said}: {RETRY}."


def busy(what: str, platform: str) -> str:
    return f"{what} failed: {platform} is busy right now; try again in a minute."


def cut_short(platform: str) -> str:
    return f"{platform} cut my long answer short, so here it is in full:"


def link_expired(platform: str) -> str:
    return f"The reply link {platform} gave me had expired, so here is my answer:"


def history_unread(platform: str, why: str) -> str:
    return f"{platform} history could not be read ({why}); this is from what I kept."


def expired_reply(
    values: Mapping[str, str], labels: Mapping[str, str], command: str, life: float
) -> Reply:
    """Nothing saved, and everything typed handed back so it can be pasted in again."""
    minutes = round(life / 60)
    why = (
        f"This form was opened more than {minutes} minutes ago, or I restarted since, so I "
        "did not save it."
    )
    return returned_reply(why, values, labels, command)


def returned_reply(
    why: str, values: Mapping[str, str], labels: Mapping[str, str], command: str
) -> Reply:
    """A form that was not saved (`why`, one line), with everything typed in it shown back."""
    typed = [(key, text.strip()) for key, text in values.items() if text.strip()]
    if not typed:
        return Reply(
            text=f"{why} Nothing was typed in it, so nothing is lost.",
            tone=Tone.ERROR,
            ephemeral=True,
        )
    sections = tuple(
        Section(labels.get(key, key), tuple(text.splitlines() or [text])) for key, text in typed
    )
    return Reply(
        title="Not saved: here is what you typed",
        text=f"{why} To try again, run `{command}` and paste your answers back in:",
        sections=sections,
        tone=Tone.ERROR,
        ephemeral=True,
    )
