"""What starting `wgbot` loads: `--help` and the console load no front end, no LLM client,
no chart library and no migration tool (bench/startup.py measures the time; these check the
behaviour that makes it fast, in fresh interpreters)."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine

from storage.database import Database, migration_heads

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("slack_bolt", "discord", "openai", "matplotlib", "alembic")

_REPORT = (
    "import json, sys; from bot.lazy import is_loaded; "
    "print(json.dumps([m for m in {names!r} if is_loaded(m)]), file=sys.stderr)"
)


def _python(code: str, tmp: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp}/start.sqlite3", WGBOT_DATA_DIR=str(tmp))
    env.pop("OPENAI_API_KEY", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def _loaded(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stderr.strip().splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_no_front_end_llm_chart_or_database(tmp_path: Path) -> None:
    names = (*HEAVY, "sqlalchemy", "pydantic_settings")
    code = "import bot.cli; bot.cli.build_parser(); " + _REPORT.format(names=names)
    assert _loaded(_python(code, tmp_path)) == []


def test_console_start_loads_no_front_end_llm_chart_or_migrations(tmp_path: Path) -> None:
    run_console = "from bot.cli import main; main(['console']); " + _REPORT.format(names=HEAVY)
    first = _loaded(_python(run_console, tmp_path, "/wg help\n"))
    assert first == ["alembic"]  # a new database is migrated: that needs alembic
    again = _python(run_console, tmp_path, "/wg create BPF Test\n/wg status\n")
    assert _loaded(again) == []
    assert "Working group created: BPF Test" in again.stdout
    assert "== BPF Test" in again.stdout


def test_console_with_nothing_to_do_opens_no_database(tmp_path: Path) -> None:
    names = (*HEAVY, "sqlalchemy")
    code = "from bot.cli import main; main(['console']); " + _REPORT.format(names=names)
    assert _loaded(_python(code, tmp_path, "")) == []
    assert not (tmp_path / "start.sqlite3").exists()


def test_console_at_a_terminal_opens_the_bot_while_the_prompt_shows(tmp_path: Path) -> None:
    """On a (pseudo-)terminal the prompt comes first, the bot is opened in the background,
    and the first command waits for it."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/tty.sqlite3", WGBOT_DATA_DIR=str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--user", "ana"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    seen = b""

    def wait_for(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            ready, _, _ = select.select([master], [], [], 60)
            assert ready, seen
            seen += os.read(master, 65536)

    try:
        wait_for(b"[ana in #general] > ")
        os.write(master, b"/wg create Tty Group\n")
        wait_for(b"Working group created: Tty Group")
        os.write(master, b"/quit\n")
        assert process.wait(timeout=60) == 0
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    assert (tmp_path / "tty.sqlite3").exists()


def test_deferred_module_loads_once_on_first_use_from_many_threads() -> None:
    code = """
import sys, threading
from bot import lazy
lazy.defer("colorsys")
import colorsys
assert not lazy.is_loaded("colorsys"), "loaded at import"
results = []
def use():
    results.append(colorsys.rgb_to_hsv(1.0, 0.0, 0.0))
threads = [threading.Thread(target=use) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
assert results == [(0.0, 1.0, 1.0)] * 16, results
assert lazy.is_loaded("colorsys") and sys.modules["colorsys"].rgb_to_hsv
from colorsys import hsv_to_rgb
assert hsv_to_rgb(0.0, 0.0, 1.0) == (1.0, 1.0, 1.0)
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_the_newest_schema_is_known_without_alembic(tmp_path: Path) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(ROOT / "storage" / "migrations"))
    assert migration_heads() == frozenset(ScriptDirectory.from_config(config).get_heads())
    url = f"sqlite:///{tmp_path}/schema.sqlite3"
    database = Database(url)
    assert not database.at_newest_schema()  # a new, empty file
    database.upgrade()
    assert database.at_newest_schema()
    database.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:  # as if a newer migration were still to run
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001_initial'")
    engine.dispose()
    database = Database(url)
    assert not database.at_newest_schema()  # so upgrade() hands over to alembic
    database.dispose()
