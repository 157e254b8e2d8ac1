"""Every hint the core writes with a command Discord spells differently marks it as a command
(bot/core/command_ref.py): an unmarked `/wg goal` would reach Discord as a command that does
not exist there. Text that only the web, the email CLI or a log shows keeps `/wg goal`."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from commands import build_registry

ROOT = Path(__file__).resolve().parents[2]
# Typed input (the demo), the rule itself, and text no chat platform shows.
NOT_CHAT = {
    "bot/demo.py",
    "bot/core/registry.py",
    "bot/core/command_ref.py",
    "bot/web/app.py",
    "bot/web/links.py",
    "bot/frontends/email/cli.py",
    "bot/frontends/email/importer.py",
}


def _literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal that is not a docstring."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL)
    ]
    starts = (None, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
    out = []
    for i, token in enumerate(tokens):
        if token.type != tokenize.STRING:
            continue
        before = tokens[i - 1].type if i else None
        after = tokens[i + 1].type if i + 1 < len(tokens) else None
        if before in starts and after in (tokenize.NEWLINE, tokenize.ENDMARKER):
            continue
        out.append((token.start[0], token.string))
    return out


def test_hints_mark_the_commands_discord_spells_differently() -> None:
    renamed = sorted(
        (c.invocation for c in build_registry() if c.path_on("discord") != c.path),
        key=len,
        reverse=True,
    )
    assert renamed  # the test has something to look for
    unmarked = re.compile(
        r"(?<![\w/-])(?<!\\ue000)(" + "|".join(map(re.escape, renamed)) + r")(?![\w-])"
    )
    found = []
    for path in sorted([*ROOT.glob("bot/**/*.py"), *ROOT.glob("commands/**/*.py")]):
        name = path.relative_to(ROOT).as_posix()
        if name in NOT_CHAT:
            continue
        for line, literal in _literals(path.read_text(encoding="utf-8")):
            if unmarked.search(literal):
                found.append(f"{name}:{line}: {literal[:60]}")
    assert not found, "write `\\ue000/wg …` (bot/core/command_ref.py):\n" + "\n".join(found)
