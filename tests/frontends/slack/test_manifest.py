"""The manifests in deploy/slack/ match the command registry (regenerate them when not:
`python -m bot.frontends.slack.manifest deploy/slack`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.frontends.slack.manifest import MODES, build_manifest, render_manifest
from commands import build_registry

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("mode", MODES)
def test_manifest_files_are_generated_from_the_registry(mode: str) -> None:
    path = ROOT / "deploy" / "slack" / f"manifest-{mode}.yaml"
    assert path.read_text(encoding="utf-8") == render_manifest(build_registry(), mode), (
        f"{path} is stale: run `python -m bot.frontends.slack.manifest deploy/slack`"
    )


def test_manifest_commands_match_the_registry() -> None:
    registry = build_registry()
    text = (ROOT / "deploy" / "slack" / "manifest-socket.yaml").read_text(encoding="utf-8")
    in_file = set(re.findall(r'- command: "(/[a-z]+)"', text))
    assert in_file == {f"/{root}" for root in registry.roots()} | {"/summarize"}
    hint = re.search(r'command: "/wg"\n\s+description: .*\n\s+usage_hint: "(.*)"', text)
    assert hint is not None
    subs = {c.path[1] for c in registry.under("wg")}
    assert set(hint.group(1).removesuffix(" …").split(" | ")) == subs


def test_manifest_asks_for_what_the_front_end_uses() -> None:
    socket = build_manifest(build_registry(), "socket")
    http = build_manifest(build_registry(), "http")
    scopes = set(socket["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "im:write", "users:read", "channels:history"} <= scopes
    assert {"groups:history", "files:write"} <= scopes
    assert socket["settings"]["socket_mode_enabled"] is True
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    assert all(c["url"].endswith("/slack/events") for c in http["features"]["slash_commands"])
    shortcut = socket["features"]["shortcuts"][0]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", "summarize_thread")
    assert "app_home_opened" in socket["settings"]["event_subscriptions"]["bot_events"]


def test_commands_never_import_a_chat_platform() -> None:
    for path in (ROOT / "commands").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(
                    ("slack_bolt", "slack_sdk", "discord", "bot.frontends")
                ), f"{path.name} imports {name}"
