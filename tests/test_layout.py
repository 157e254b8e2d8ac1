"""The house's import rules, read from the code's own imports: tables a front end owns are
reached only through that front end (the core sees neutral ports)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "commands", "storage", "prompts", "bench")

# storage module → the only package outside storage/ that may import it
FRONT_END_OWNED = {
    "storage.store_slack": "bot.frontends.slack",
    "storage.models_slack": "bot.frontends.slack",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[str]:
    """Every module a file names in an import, at any depth (TYPE_CHECKING ones too)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def sources() -> Iterator[Path]:
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_front_end_tables_are_reached_only_by_their_front_end() -> None:
    checked = 0
    for path in sources():
        importer = module_name(path)
        for name in imports(path):
            owner = FRONT_END_OWNED.get(name)
            if owner is None:
                continue
            checked += 1
            allowed = importer.startswith((owner, "storage.", "bench.")) or importer == "storage"
            assert allowed, f"{importer} reaches {name}, which only {owner} may use"
    assert checked >= 3  # the Slack front end's own uses were seen


def test_the_store_facade_holds_no_front_end_repository() -> None:
    names = set(imports(ROOT / "storage" / "store.py"))
    assert not names & set(FRONT_END_OWNED), names & set(FRONT_END_OWNED)
