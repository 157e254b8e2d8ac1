"""Replies as plain text: the console front end, logs, and test assertions."""

from __future__ import annotations

from bot.core.messages import Reply, Tone

TONE_MARK = {Tone.ERROR: "✖ ", Tone.WARNING: "", Tone.SUCCESS: "✔ ", Tone.INFO: ""}


def render_text(reply: Reply) -> str:
    out: list[str] = []
    if reply.title:
        out.append(f"== {reply.title} ==")
        out.append(reply.text)
    else:
        out.append(TONE_MARK[reply.tone] + reply.text)
    for field in reply.fields:
        out.append(f"{field.label}: {field.value}")
    for section in reply.sections:
        out.append("")
        out.append(section.heading)
        out.extend(f"  {line}" for line in section.lines)
    if reply.buttons:
        out.append("")
        out.append("  ".join(f"[{b.label}]" for b in reply.buttons))
    if reply.ephemeral:
        out.append("(only you can see this)")
    return "\n".join(out)
