"""The Slack app manifests in deploy/slack/, generated from the command registry so the slash
commands and their usage hints never drift from what the bot accepts.

Regenerate after changing commands:  python -m bot.frontends.slack.manifest deploy/slack
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bot.core.registry import Registry
from bot.frontends.slack.listeners.commands import ALWAYS_REGISTERED
from bot.frontends.slack.listeners.shortcuts import SUMMARIZE_SHORTCUT
from bot.frontends.slack.server import EVENTS_PATH
from bot.frontends.slack.settings import SLACK_BOT_SCOPES

MODES = ("socket", "http")
REQUEST_URL = "https://wgbot.example.org" + EVENTS_PATH
BOT_SCOPES = SLACK_BOT_SCOPES
# tokens_revoked / app_uninstalled: a workspace that removes the app stops getting messages.
BOT_EVENTS = (
    "message.channels",
    "message.groups",
    "app_home_opened",
    "member_joined_channel",  # the bot invited back: backfill the record (docs/record.md)
    "tokens_revoked",
    "app_uninstalled",
)
REDIRECT_URL = "https://wgbot.example.org/slack/oauth_redirect"
FALLBACK_HINTS = {"summarize": "[thread link or period] [language]"}
FALLBACK_DESCRIPTIONS = {"summarize": "Draft recommendations from the discussion, with citations."}
MAX_HINT = 1000
MAX_DESCRIPTION = 2000


def slash_commands(registry: Registry) -> list[dict[str, Any]]:
    """One slash command per registry root; the usage hint lists the subcommands (for `/wg`)
    or the parameters (for a root that is itself a command)."""
    out = []
    for root in sorted(set(registry.roots()) | set(ALWAYS_REGISTERED)):
        command = registry.get((root,))
        subs = sorted(c.path[1] for c in registry.under(root) if len(c.path) > 1)
        if command is not None:
            hint = command.usage.removeprefix(command.invocation).strip()
            description = command.summary
        elif subs:
            hint = " | ".join(subs) + " …"
            description = f"Working group commands: /{root} help lists them."
        else:
            hint = FALLBACK_HINTS.get(root, "")
            description = FALLBACK_DESCRIPTIONS.get(root, f"/{root}")
        entry: dict[str, Any] = {
            "command": f"/{root}",
            "description": description[:MAX_DESCRIPTION],
            "usage_hint": hint[:MAX_HINT],
            # Escaped, Slack sends mentions as <@U…|name>: the user id is the identity.
            "should_escape": True,
        }
        out.append(entry)
    return out


def build_manifest(registry: Registry, mode: str) -> dict[str, Any]:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    http = mode == "http"
    commands = slash_commands(registry)
    if http:
        for entry in commands:
            entry["url"] = REQUEST_URL
    interactivity: dict[str, Any] = {"is_enabled": True}
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    oauth: dict[str, Any] = {"scopes": {"bot": list(BOT_SCOPES)}}
    if http:
        interactivity["request_url"] = REQUEST_URL
        events["request_url"] = REQUEST_URL
        # Used only when SLACK_CLIENT_ID/SECRET turn on the install flow (many workspaces).
        oauth["redirect_urls"] = [REDIRECT_URL]
    return {
        "display_information": {
            "name": "wgbot",
            "description": "Goals, deadlines, charters, coverage and sponsor nudges for IGF "
            "intersessional working groups.",
            "background_color": "#1d4f91",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": "wgbot", "always_online": True},
            "shortcuts": [
                {
                    "name": "Summarize thread",
                    "type": "message",
                    "callback_id": SUMMARIZE_SHORTCUT,
                    "description": "Draft recommendations from this thread, with citations.",
                }
            ],
            "slash_commands": commands,
        },
        "oauth_config": oauth,
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": not http,
            "token_rotation_enabled": False,
        },
    }


def to_yaml(value: Any, indent: int = 0) -> str:
    """A small YAML writer (scalars as JSON, which YAML reads): no YAML dependency needed."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:")
                lines.append(to_yaml(item, indent + 1))
            else:
                lines.append(f"{pad}{key}: {json.dumps(item, ensure_ascii=False)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                body = to_yaml(item, indent + 1).lstrip()
                lines.append(f"{pad}- {body}")
            else:
                lines.append(f"{pad}- {json.dumps(item, ensure_ascii=False)}")
    return "\n".join(lines)


def render_manifest(registry: Registry, mode: str) -> str:
    header = (
        f"# Slack app manifest ({mode} mode), generated from the command registry:\n"
        "#   python -m bot.frontends.slack.manifest deploy/slack\n"
        "# Create the app at https://api.slack.com/apps → Create New App → From a manifest.\n"
    )
    if mode == "http":
        header += f"# Replace {REQUEST_URL} with your public URL.\n"
    return header + to_yaml(build_manifest(registry, mode)) + "\n"


def write_manifests(registry: Registry, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for mode in MODES:
        path = directory / f"manifest-{mode}.yaml"
        path.write_text(render_manifest(registry, mode), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    from commands import build_registry

    directory = Path(argv[0] if argv else "deploy/slack")
    for path in write_manifests(build_registry(), directory):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
