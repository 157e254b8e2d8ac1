"""`wgbot llm check`: what the configured endpoint supports, and one timed request, ending
in a one-line verdict (exit 0 when a model draft came back, 1 when not)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the openai client loads only when the check runs (`wgbot --help` stays fast)
    from bot.core.ports import ChatMessage
    from bot.summarizer.engine import LLMConfig

SAMPLE = (
    ("ana", "Ana (Civil society)", "We should recommend BCP 38 for every ISP in the region."),
    ("kofi", "Kofi (Private sector)", "I agree, but small operators need two years to adopt it."),
    ("mei", "Mei (Government)", "Could the GFCE tell us whether its CIIP work covers this?"),
)


def sample_messages() -> list[ChatMessage]:
    from bot.core.ports import ChatMessage

    start = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)
    return [
        ChatMessage(f"s{n}", user, name, text, start + timedelta(minutes=n))
        for n, (user, name, text) in enumerate(SAMPLE)
    ]


def check(config: LLMConfig, out: Callable[[str], None] = print) -> int:
    from bot.summarizer.endpoint import EndpointError, probe
    from bot.summarizer.engine import Summarizer
    from bot.summarizer.llm import LLMError

    if not config.online:
        out("verdict: offline — no OPENAI_API_KEY or OPENAI_BASE_URL; drafts are extractive")
        return 1
    out(f"endpoint:  {config.endpoint}")
    out(f"model:     {config.model}")
    try:
        report = probe(config.endpoint, config.key, config.model, timeout=config.policy.timeout)
    except EndpointError as exc:
        out(f"verdict: {exc}")
        return 1
    caps = report.capabilities
    where = "local" if caps.local else "remote"
    out(f"server:    {caps.server} ({where}), probed in {report.seconds:.1f} s")
    listed = {True: "listed", False: "not listed", None: "the server lists none"}
    out(f"models:    {', '.join(caps.models) or '—'} ({listed[report.model_listed]})")
    refused = "; ".join(f"{form} refused ({why[:80]})" for form, why in report.refused)
    out(f"output:    {caps.form}" + (f" — {refused}" if refused else ""))
    server_ctx = f"{caps.context_tokens}" if caps.context_tokens else "not said by the server"
    out(f"context:   {config.context_tokens} configured; server: {server_ctx}")
    out(f"tokenizer: {caps.tokenizer or 'none offered (offline estimate)'}")
    out(f"parallel:  {caps.concurrency(config.concurrency)} request(s) at once")
    for note in caps.notes:
        out(f"note:      {note}")
    summarizer = Summarizer(config, capabilities=caps)
    started = time.monotonic()
    try:
        draft = summarizer.run(sample_messages(), group_name="llm check")
    except LLMError as exc:
        out(f"verdict: failing — {exc}")
        return 1
    seconds = time.monotonic() - started
    usage = summarizer.usage
    out(
        f"request:   {seconds:.1f} s for a 3-message draft, {usage.calls} call(s), "
        f"{usage.prompt_tokens} tokens in / {usage.completion_tokens} out"
    )
    if draft.notes:
        out(f"repairs:   {'; '.join(draft.notes)}")
    replaced = any("offline extract" in n for n in draft.notes)
    if replaced:
        out("verdict: weak — the endpoint answers, but its answer had to be replaced offline")
        return 1
    out(f"verdict: ok — {caps.server} answers {config.model} with {caps.form} in {seconds:.1f} s")
    return 0


def cmd_llm_check(_args: argparse.Namespace) -> int:
    from bot.summarizer.engine import LLMConfig
    from bot.summarizer.settings import LlmSettings

    try:
        settings = LlmSettings()
    except Exception as exc:
        print(f"wgbot: bad configuration: {exc}", file=sys.stderr)
        return 2
    return check(LLMConfig.from_settings(settings))


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    llm = sub.add_parser("llm", help="the LLM endpoint used for summaries")
    actions = llm.add_subparsers(dest="llm_command", required=True, metavar="ACTION")
    check_parser = actions.add_parser(
        "check",
        help="probe the endpoint (output forms, context, tokenizer) and time one request",
    )
    check_parser.set_defaults(func=cmd_llm_check)
