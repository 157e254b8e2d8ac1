"""Command names in text the core writes, marked as commands so each platform spells them its
own way (Discord: `/wg-chair goal`) while a person's own `/wg goal` (in a goal, a quote, a
chat message) stays exactly as typed.

The core writes `MARK + "/wg goal"` (in source: "`\\ue000/wg goal …`"): a private-use
character that no platform sends for a command name. The registry renders it
(`Registry.spell`: the dispatcher for the asker's platform, the scheduler for the recipient's);
text that leaves by another road (web pages, exports) goes through `unmarked`. People's text
never carries it: the input boundary drops it (`unmarked`), so nobody can make the bot re-spell
their words.
"""

from __future__ import annotations

from bot.ground.normalise import COMMAND_MARK

MARK = COMMAND_MARK  # `clean_text` drops it from what people type


def command(invocation: str) -> str:
    """`/wg goal` marked as a command the core names."""
    return MARK + invocation


def unmarked(text: str) -> str:
    """The neutral spelling (`/wg goal`): for text that no platform renders, and for people's
    text at the input boundary."""
    return text.replace(MARK, "")
