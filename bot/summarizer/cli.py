"""`wgbot summarize FILE [--lang xx]`: a draft from a Slack or DiscordChatExporter export,
printed as Markdown. Uses the LLM when OPENAI_API_KEY is set, the offline drafter if not."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.summarizer.languages import UnknownLanguage, normalise


def cmd_summarize(args: argparse.Namespace) -> int:
    # Imported here, not above: `wgbot --help` builds this parser and must stay fast.
    from bot.config import Settings
    from bot.summarizer.engine import LLMConfig, Summarizer
    from bot.summarizer.llm import LLMError
    from bot.summarizer.render import to_markdown
    from bot.summarizer.sources import ExportError, load_export

    try:
        settings = Settings()
    except Exception as exc:
        print(f"wgbot: bad configuration: {exc}", file=sys.stderr)
        return 2
    try:
        messages, label = load_export(Path(args.file))
    except ExportError as exc:
        print(f"wgbot: {exc}", file=sys.stderr)
        return 2
    if not messages:
        print(f"wgbot: {args.file} holds no messages to summarise.", file=sys.stderr)
        return 1
    summarizer = Summarizer(LLMConfig.from_settings(settings))
    try:
        draft = summarizer.run(
            messages,
            group_name=args.group or Path(args.file).stem,
            language=args.lang,
            source=label,
            progress=lambda note: print(f"… {note}", file=sys.stderr),
        )
    except LLMError as exc:
        print(f"wgbot: no draft: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(to_markdown(draft))
    return 0


def _language(code: str) -> str:
    try:
        return normalise(code)
    except UnknownLanguage as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "summarize",
        help="draft recommendations from a Slack or Discord export file (prints Markdown)",
        description="Reads Slack JSON (a list of messages, or an object with `messages`) or "
        "DiscordChatExporter JSON. The LLM is used when OPENAI_API_KEY is set; otherwise the "
        "offline extractive drafter.",
    )
    parser.add_argument("file", help="the export file (JSON)")
    parser.add_argument(
        "--lang", default="en", type=_language, help="language of the draft (default: en)"
    )
    parser.add_argument("--group", default=None, help="group name for the title")
    parser.set_defaults(func=cmd_summarize)
