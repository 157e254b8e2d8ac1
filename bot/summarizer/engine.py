"""The summarizer's front door: ChatMessages in, a Draft out; the LLM when a key is set,
the offline drafter when not. Knows no database and no platform."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.core.ports import ChatMessage
from bot.core.settings import section
from bot.summarizer.brief import Brief
from bot.summarizer.endpoint import Capabilities
from bot.summarizer.llm import LLMClient, RetryPolicy, Usage
from bot.summarizer.mapreduce import MapReduce, Stats
from bot.summarizer.offline import draft_offline
from bot.summarizer.prep import prepare
from bot.summarizer.result import OFFLINE_LABEL, Draft
from bot.summarizer.settings import LlmSettings


@dataclass(frozen=True)
class LLMConfig:
    api_key: str | None
    base_url: str | None
    model: str
    context_tokens: int
    concurrency: int = 4
    policy: RetryPolicy = field(default_factory=RetryPolicy)

    @classmethod
    def from_settings(cls, settings: object, policy: RetryPolicy | None = None) -> LLMConfig:
        """From the LLM's section, or the settings a command is handed (which hold it)."""
        settings = section(settings, LlmSettings)
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return cls(
            api_key=key,
            base_url=settings.openai_base_url,
            model=settings.wgbot_llm_model,
            context_tokens=settings.wgbot_llm_context_tokens,
            concurrency=settings.wgbot_llm_concurrency,
            policy=policy
            or RetryPolicy(
                attempts=settings.wgbot_llm_attempts,
                initial_wait=settings.wgbot_llm_backoff,
                timeout=settings.wgbot_llm_timeout,
            ),
        )

    @property
    def online(self) -> bool:
        """A key, or a server of the group's own (which needs none)."""
        return bool(self.api_key or self.base_url)

    @property
    def endpoint(self) -> str:
        """The endpoint as a stable key (what was learned about it is kept under it)."""
        return (self.base_url or "https://api.openai.com/v1").rstrip("/")

    @property
    def key(self) -> str:
        # The openai client wants some key; local servers ignore it.
        return self.api_key or "no-key"


@dataclass(frozen=True)
class RosterEntry:
    """A member as the missing-perspectives check needs them."""

    user_id: str
    stakeholder: str | None
    region: str | None


def missing_perspectives(
    roster: Sequence[RosterEntry], speakers: Iterable[str], stakeholder_groups: Sequence[str]
) -> list[str]:
    """Stakeholder groups and regions of the group that said nothing here, and stakeholder
    groups the group has no member from at all."""
    spoke = set(speakers)
    out: list[str] = []
    for label, attr in (("stakeholder group", "stakeholder"), ("region", "region")):
        present: dict[str, bool] = {}
        for entry in roster:
            value = getattr(entry, attr)
            if value:
                present[value] = present.get(value, False) or entry.user_id in spoke
        out += [f"{v} ({label}): members, but silent here" for v, s in present.items() if not s]
    have = {e.stakeholder for e in roster if e.stakeholder}
    out += [
        f"{g} (stakeholder group): no member in the group"
        for g in stakeholder_groups
        if g not in have
    ]
    return out


class Summarizer:
    """One summary run; `usage` and `endpoint` say what was sent, also when it failed."""

    def __init__(
        self,
        config: LLMConfig,
        *,
        capabilities: Capabilities | None = None,
        on_learn: Callable[[Capabilities], None] = lambda _c: None,
    ) -> None:
        """`capabilities`: what is known of the endpoint (None: probe it once); `on_learn` is
        told whatever is found or changes, so the caller can keep it for the next run."""
        self.config = config
        self.client: LLMClient | None = None
        if config.online:
            self.client = LLMClient(
                api_key=config.key,
                base_url=config.endpoint,
                model=config.model,
                context_tokens=config.context_tokens,
                policy=config.policy,
                capabilities=capabilities,
                on_learn=on_learn,
            )
        self.stats = Stats()
        self.notes: list[str] = []

    @property
    def usage(self) -> Usage:
        return self.client.usage if self.client else Usage()

    @property
    def endpoint(self) -> str:
        return self.client.endpoint if self.client else "offline"

    @property
    def model(self) -> str:
        return self.config.model if self.client else OFFLINE_LABEL

    def run(
        self,
        messages: Sequence[ChatMessage],
        *,
        group_name: str,
        language: str = "en",
        stakeholder_of: Callable[[ChatMessage], str | None] = lambda _m: None,
        missing: list[str] | None = None,
        source: str = "",
        progress: Callable[[str], None] = lambda _t: None,
        brief: Brief | None = None,
    ) -> Draft:
        """Raises LLMError when the endpoint cannot answer (nothing half-done is returned)."""
        items = prepare(messages, stakeholder_of)
        if self.client is None:
            body = draft_offline(items, brief, language)
        else:
            self.client.prepare()
            engine = MapReduce(
                self.client,
                group_name=group_name,
                language=language,
                concurrency=self.client.concurrency(self.config.concurrency),
                progress=progress,
            )
            try:
                body = engine.run(items)
            finally:
                self.client.close()
            self.stats = engine.stats
            self.notes = engine.notes
        usage = self.usage
        return Draft(
            body=body,
            group_name=group_name,
            messages=items,
            model=self.model,
            offline=self.client is None,
            language=language,
            calls=usage.calls,
            tokens_in=usage.prompt_tokens,
            tokens_out=usage.completion_tokens,
            missing_perspectives=missing or [],
            source=source,
            notes=list(self.notes),
        )
