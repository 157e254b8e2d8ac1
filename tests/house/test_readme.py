"""The README's command table is generated from the registry; this keeps it current.

Rewrite it with `.venv/bin/python -m tests.house.test_readme`.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.core.registry import Registry, Role
from commands import build_registry

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"(<!-- commands:start -->\n)(.*?)(<!-- commands:end -->)", re.S)
WHO = {
    Role.ANYONE: "anyone",
    Role.CHAIR: "chairs, admins",
    Role.ADMIN: "admins",
    Role.MAG: "admins, sponsors",
}


def commands_table(registry: Registry) -> str:
    rows = ["| command | who | what it does | on Discord |", "| --- | --- | --- | --- |"]
    rows += [
        f"| `{c.usage}` | {WHO[c.role]} | {c.summary} | `/{' '.join(c.discord_path)}` |"
        for c in registry
    ]
    return "\n".join(rows) + "\n"


def test_readme_lists_every_command() -> None:
    match = BLOCK.search(README.read_text())
    assert match, "README.md lacks the commands block"
    expected = commands_table(build_registry())
    assert match.group(2) == expected, "stale: run `.venv/bin/python -m tests.house.test_readme`"


if __name__ == "__main__":
    text = README.read_text()
    README.write_text(
        BLOCK.sub(lambda m: m.group(1) + commands_table(build_registry()) + m.group(3), text)
    )
