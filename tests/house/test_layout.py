"""The house's rules, read from the code itself: no import circles (not even under
TYPE_CHECKING), benchmarks never lean on the tests, tables a front end owns are reached only
through that front end (the core sees neutral ports), commands and the scheduler import no
front end, commands import nothing of the web, the domain imports no storage, and no module
outside tests/testkit is over 400 lines."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "commands", "storage", "prompts", "bench", "testkit")

# storage module → the only package outside storage/ that may import it
FRONT_END_OWNED = {
    "storage.slack.repo": "bot.frontends.slack",
    "storage.slack.models": "bot.frontends.slack",
}


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
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


def graph() -> dict[str, set[str]]:
    """module → the modules of this house it imports (`from a import b` is a.b where that is
    a module, else a's `__init__`)."""
    modules = {module_name(path): path for path in sources()}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name in modules}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if full in modules:
                        targets.add(full)
                    elif node.module in modules:
                        targets.add(node.module)
        edges[name] = targets - {name}
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two modules or more (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles() -> None:
    edges = graph()
    assert len(edges) > 100 and edges["bot.core.dispatcher"]  # the graph was read
    assert circles(edges) == []


def test_circles_are_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_benchmarks_and_the_testkit_do_not_import_tests() -> None:
    for package in ("bench", "testkit"):
        for path in (ROOT / package).rglob("*.py"):
            found = [n for n in imports(path) if n == "tests" or n.startswith("tests.")]
            assert not found, f"{path.relative_to(ROOT)} imports {found}"


MAX_LINES = 400
SKIP_LONG = ("tests", "testkit", "node_modules", "__pycache__")
# Known exceptions, each to be removed by the issue 28 follow-up named beside it.
KNOWN_FRONT_END_IMPORTS: set[str] = set()
KNOWN_DOMAIN_STORAGE_IMPORTS: set[str] = set()


def dynamic_imports(path: Path) -> Iterator[str]:
    """Modules named in importlib.import_module("…") / f"…" calls (their literal prefix)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in ("import_module", "__import__"):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            yield arg.value
        elif isinstance(arg, ast.JoinedStr) and arg.values:
            first = arg.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value


def all_imports(path: Path) -> set[str]:
    return set(imports(path)) | set(dynamic_imports(path))


def offenders(packages: tuple[str, ...], forbidden: str, root: Path = ROOT) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for package in packages:
        for path in (root / package).rglob("*.py"):
            names = [
                n for n in all_imports(path) if n == forbidden or n.startswith(f"{forbidden}.")
            ]
            if names:
                found[module_name(path, root)] = sorted(names)
    return found


def test_commands_and_the_scheduler_never_import_a_front_end() -> None:
    found = offenders(("commands", "bot/scheduler"), "bot.frontends")
    assert set(found) - KNOWN_FRONT_END_IMPORTS == set(), found
    assert set(found) == KNOWN_FRONT_END_IMPORTS, "a known exception was fixed: drop it above"


def test_commands_never_import_the_web() -> None:
    """What a command knows of the web (can a board link be made, for how long, where a public
    page is) comes through the port it is handed, `ctx.services.web` (bot/core/ports.py)."""
    assert offenders(("commands",), "bot.web") == {}


def test_a_command_importing_the_web_is_found(tmp_path: Path) -> None:
    (tmp_path / "commands").mkdir()
    (tmp_path / "commands" / "plain.py").write_text("from bot.core.ports import WebLinks\n")
    (tmp_path / "commands" / "eager.py").write_text("from bot.web.settings import web_settings\n")
    (tmp_path / "commands" / "lazy.py").write_text(
        "def url() -> str:\n    import bot.web.links\n    return bot.web.links.BOARD_PATH\n"
    )
    assert offenders(("commands",), "bot.web", tmp_path) == {
        "commands.eager": ["bot.web.settings", "bot.web.settings.web_settings"],
        "commands.lazy": ["bot.web.links"],
    }


def test_the_domain_never_imports_storage() -> None:
    found = offenders(("bot/domain",), "storage")
    assert set(found) - KNOWN_DOMAIN_STORAGE_IMPORTS == set(), found
    assert set(found) == KNOWN_DOMAIN_STORAGE_IMPORTS, "a known exception was fixed: drop it above"


def test_the_ground_floor_imports_nothing_of_ours() -> None:
    for package in ("bot", "commands", "storage", "prompts"):
        found = offenders(("bot/ground",), package)
        outside = [n for names in found.values() for n in names if not n.startswith("bot.ground")]
        assert outside == [], found


def test_the_domain_and_storage_stand_on_the_ground_floor_only() -> None:
    for layer in ("bot/domain", "storage"):
        for above in (
            "bot.core",
            "bot.settings",
            "commands",
            "bot.frontends",
            "bot.scheduler",
        ):
            assert offenders((layer,), above) == {}, (layer, above)


def test_the_rules_see_dynamic_and_static_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import importlib\nfrom bot.frontends.slack import x\n"
        "importlib.import_module(f'bot.frontends.{p}')\n"
    )
    assert {"bot.frontends.slack", "bot.frontends."} <= all_imports(sample)


def long_modules(root: Path) -> list[str]:
    """Modules over MAX_LINES lines, outside tests/ and testkit/ (hidden folders skipped)."""
    out = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (here == root and d in SKIP_LONG)
        )
        for name in sorted(files):
            if name.endswith(".py"):
                path = here / name
                lines = len(path.read_text().splitlines())
                if lines > MAX_LINES:
                    out.append(f"{path.relative_to(root)}: {lines} lines")
    return out


def test_no_module_is_over_400_lines() -> None:
    assert long_modules(ROOT) == []


def test_a_long_module_is_found(tmp_path: Path) -> None:
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "big.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (tmp_path / "bot" / "small.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "big.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert long_modules(tmp_path) == [f"bot/big.py: {MAX_LINES + 1} lines"]
