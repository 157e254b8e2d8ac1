"""`wgbot summarize FILE [--lang xx]`: a draft from a Slack or DiscordChatExporter export or
a mail archive (mbox, Mailman 2 or 3), printed as Markdown. Uses the LLM when OPENAI_API_KEY
is set, the offline drafter if not."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.domain.languages import UnknownLanguage, normalise


def cmd_summarize(args: argparse.Namespace) -> int:
    # Imported here, not above: `wgbot --help` builds this parser and must stay fast.
    from bot.mail.settings import MailSettings
    from bot.summarizer.engine import LLMConfig, Summarizer
    from bot.summarizer.llm import LLMError
    from bot.summarizer.render import to_markdown
    from bot.summarizer.settings import LlmSettings
    from bot.summarizer.sources import ExportError, load_export

    try:
        mail, llm = MailSettings(), LlmSettings()
    except Exception as exc:
        print(f"wgbot: bad configuration: {exc}", file=sys.stderr)
        return 2
    try:
        export = load_export(
            Path(args.file),
            archive_url=mail.wgbot_list_archive_url,
            max_message_bytes=mail.wgbot_email_max_bytes,
        )
    except ExportError as exc:
        print(f"wgbot: {exc}", file=sys.stderr)
        return 2
    for problem in export.unreadable:  # the rest is read and drafted
        print(f"wgbot: {args.file}: skipped {problem}", file=sys.stderr)
    if export.unread_note:
        print(f"wgbot: {args.file}: {export.unread_note}", file=sys.stderr)
    messages = export.messages
    if not messages:
        print(f"wgbot: {args.file} holds no messages to summarise.", file=sys.stderr)
        return 1
    summarizer = Summarizer(LLMConfig.from_settings(llm))
    try:
        draft = summarizer.run(
            messages,
            group_name=args.group or Path(args.file).stem,
            language=args.lang,
            source=export.label,
            progress=lambda note: print(f"… {note}", file=sys.stderr),
        )
    except LLMError as exc:
        print(f"wgbot: no draft: {exc}", file=sys.stderr)
        return 1
    draft.unread = export.unread_note
    sys.stdout.write(to_markdown(draft))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """The evaluation threads drafted by the configured endpoint (the offline drafter without
    a key, or with --offline), scored, printed as a table."""
    from bot.summarizer.engine import LLMConfig, Summarizer
    from bot.summarizer.evaluate import evaluate, table, totals
    from bot.summarizer.llm import LLMError
    from bot.summarizer.settings import LlmSettings

    try:
        settings = LlmSettings()
    except Exception as exc:
        print(f"wgbot: bad configuration: {exc}", file=sys.stderr)
        return 2
    config = LLMConfig.from_settings(settings)
    if args.offline or not config.online:
        config = LLMConfig(api_key=None, base_url=None, model=config.model, context_tokens=0)
        print("Drafter: offline (no OPENAI_API_KEY set, or --offline)")
    else:
        print(f"Drafter: {config.model} at {config.base_url or 'the OpenAI API'}")
    try:
        scores = evaluate(lambda: Summarizer(config))
        print(table(scores))
        _list_mail_floors(config)
    except LLMError as exc:
        print(f"wgbot: the evaluation stopped: {exc}", file=sys.stderr)
        return 1
    missed = totals(scores).missed
    if missed:
        print("\nPoints not found:")
        print("\n".join(f"- {m}" for m in missed))
    return 0


def _list_mail_floors(config: object) -> None:
    """The list-mail threads' two floors (bot/summarizer/evalmail.py): both must be 0."""
    from bot.summarizer.engine import LLMConfig, Summarizer
    from bot.summarizer.evalmail import list_threads, score

    assert isinstance(config, LLMConfig)
    print("\nList mail: quotes cut mid-sentence / addresses shown as names (floors: 0)")
    for path in list_threads():
        result = score(path, lambda: Summarizer(config))
        print(f"  {path.name}: {len(result.cut)} of {result.quotes} / {len(result.addresses)}")


def _language(code: str) -> str:
    try:
        return normalise(code)
    except UnknownLanguage as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "summarize",
        help="draft recommendations from a Slack or Discord export or a mail archive (prints "
        "Markdown)",
        description="Reads Slack JSON (a list of messages, or an object with `messages`), "
        "DiscordChatExporter JSON, or a mail archive: an mbox, Mailman 3 HyperKitty's .mbox.gz "
        "export, Mailman 2's monthly .txt or .txt.gz. Mail citations link to "
        "WGBOT_LIST_ARCHIVE_URL when set, else name the Message-ID. The LLM is used when "
        "OPENAI_API_KEY is set; otherwise the offline extractive drafter.",
    )
    parser.add_argument("file", help="the export file (JSON) or mail archive")
    parser.add_argument(
        "--lang", default="en", type=_language, help="language of the draft (default: en)"
    )
    parser.add_argument("--group", default=None, help="group name for the title")
    parser.set_defaults(func=cmd_summarize)
    evaluation = sub.add_parser(
        "eval",
        help="score drafts of the evaluation threads (the configured LLM, or offline)",
        description="Drafts each thread of bot/summarizer/evalset with the endpoint of "
        "OPENAI_API_KEY / OPENAI_BASE_URL / WGBOT_LLM_MODEL (the offline drafter without a key) "
        "and prints recall of the points a good draft must contain, citations that resolve, "
        "links not in the input, dissent shown, missing perspectives, side topics cited and "
        "whether an injected instruction was obeyed.",
    )
    evaluation.add_argument("--offline", action="store_true", help="score the offline drafter")
    evaluation.set_defaults(func=cmd_eval)
