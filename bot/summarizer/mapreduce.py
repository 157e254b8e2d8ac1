"""Long discussions: map over token-budgeted chunks, then reduce the partial drafts, level by
level, until one remains. Requests at each level run concurrently up to a bound.

Every request is sized before it is sent: system prompt + stage template + data + the answer's
max_tokens never exceeds the configured context window, counted with the model's tokenizer
(bot/summarizer/tokens.py; the byte upper bound for models it does not know). Map requests are
packed by per-line counts, then each is counted whole and split if joining lines cost a token
more than their parts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.domain.draft_schema import DraftBody
from bot.domain.languages import describe
from bot.summarizer import prompts
from bot.summarizer.answers import LISTS, BadAnswer, is_empty, tidy
from bot.summarizer.chunking import SEPARATOR, pack
from bot.summarizer.citations import Guard, prompt_fragments
from bot.summarizer.llm import LLMClient, LLMError
from bot.summarizer.offline import draft_offline
from bot.summarizer.prep import Prepared, clean_text, new_nonce, shorten

MIN_DATA_BUDGET = 200
# A map stage's partial draft covers one part: it is asked to fit an eighth of the window (at
# least MIN_MAP_ANSWER, at most the final answer's reserve), which leaves the rest for data
# and keeps what the reduce stage must read small.
MAP_ANSWER_SHARE = 8
MIN_MAP_ANSWER = 1000
# Reduce packs leave this many tokens spare for what joining partials may add (a request that
# still does not fit is refused locally by the client, never sent).
REDUCE_SLACK = 16


@dataclass
class Stats:
    map_calls: int = 0
    reduce_calls: int = 0
    reduce_levels: int = 0
    level_calls: list[int] = field(default_factory=list)  # requests per level, map first


def shrink(body: DraftBody, max_tokens: int, count: Callable[[str], int]) -> str:
    """A partial draft as compact JSON, cut (last items of the longest lists first) to fit."""
    data = body.model_copy(deep=True)
    text = data.model_dump_json()
    lists = LISTS
    while count(text) > max_tokens:
        longest = max(lists, key=lambda name: len(getattr(data, name)))
        items = getattr(data, longest)
        if items:
            items.pop()
        else:
            data.problem_statement = data.problem_statement[: len(data.problem_statement) // 2]
            if not data.problem_statement:
                break
        text = data.model_dump_json()
    return text


class MapReduce:
    def __init__(
        self,
        llm: LLMClient,
        *,
        group_name: str,
        language: str,
        concurrency: int = 4,
        progress: Callable[[str], None] = lambda _t: None,
    ) -> None:
        self.llm = llm
        self.group_name = group_name
        # Anyone can name a group: the name is data, one line inside the delimiters.
        self.group_label = clean_text(group_name, 200)
        self.language = language
        self.concurrency = max(1, concurrency)
        self.progress = progress
        self.nonce = new_nonce()
        self.system = prompts.render(
            "system.md",
            nonce=self.nonce,
            language=describe(language),
            schema=prompts.load("schema.md"),
        )
        self.stats = Stats()
        self.notes: list[str] = []  # what was repaired or replaced, for the draft's footer
        self._notes_lock = threading.Lock()
        self.map_answer = min(
            llm.max_output_tokens, max(MIN_MAP_ANSWER, llm.context_tokens // MAP_ANSWER_SHARE)
        )

    def guard(self, items: Sequence[Prepared]) -> Guard:
        # The prompts as the model saw them, minus the data (which a draft may quote).
        fragments = prompt_fragments(
            self.system,
            prompts.render("map.md", part="1", parts="1", group="", nonce=self.nonce, messages=""),
            prompts.render("reduce.md", count="2", group="", nonce=self.nonce, partials=""),
        )
        return Guard(
            [i.cid for i in items], [i.message.text for i in items], fragments, [self.nonce]
        )

    def _request(self, user: str) -> int:
        """Prompt tokens of one request."""
        return self.llm.count_chat(
            [{"role": "system", "content": self.system}, {"role": "user", "content": user}]
        )

    def _budget(self, template: str, answer: int) -> int:
        """Tokens left for data: the window less the answer's reserve and the prompt around
        the data (placeholders counted as written, which is more than their values, plus
        the group's name)."""
        frame = self._request(template) + self.llm.count(self.group_label)
        # Room for the one stricter second ask an unusable answer gets.
        budget = self.llm.context_tokens - answer - frame - self.llm.retry_reserve
        if budget < MIN_DATA_BUDGET:
            raise LLMError(
                f"WGBOT_LLM_CONTEXT_TOKENS={self.llm.context_tokens} leaves no room for the "
                "discussion: configure the model's real context window."
            )
        return budget

    def _map_user(self, chunk: list[Prepared], part: int, parts: int) -> str:
        return prompts.render(
            "map.md",
            part=str(part),
            parts=str(parts),
            group=self.group_label,
            nonce=self.nonce,
            messages="\n".join(m.line for m in chunk),
        )

    def _reduce_user(self, partials: list[str]) -> str:
        return prompts.render(
            "reduce.md",
            count=str(len(partials)),
            group=self.group_label,
            nonce=self.nonce,
            partials="\n".join(partials),
        )

    def chunks(self, items: Sequence[Prepared]) -> list[list[Prepared]]:
        """The map requests' contents: every message in exactly one, each within budget."""
        budget = self._budget(prompts.load("map.md"), self.map_answer)
        limit = self.llm.context_tokens - self.map_answer - self.llm.retry_reserve
        count = self.llm.count
        fitted, costs = list(items), [count(i.line) for i in items]
        for n, cost in enumerate(costs):
            if cost + SEPARATOR > budget:  # cut by bytes, which no tokenizer exceeds
                fitted[n] = shorten(fitted[n], budget - SEPARATOR - 8)
                costs[n] = count(fitted[n].line)
        packs = [[fitted[i] for i in g] for g in pack(costs, budget)]
        # Count each request whole, as it will be sent: a pack that joining its lines made a
        # token too long is halved (the counts are remembered, so sending costs no recount).
        while True:
            over = [
                n
                for n, chunk in enumerate(packs)
                if len(chunk) > 1
                and self._request(self._map_user(chunk, n + 1, len(packs))) > limit
            ]
            if not over:
                return packs
            for n in reversed(over):
                half = len(packs[n]) // 2
                packs[n : n + 1] = [packs[n][:half], packs[n][half:]]

    def _note(self, text: str) -> None:
        with self._notes_lock:
            self.notes.append(text)

    def _note_repairs(self, where: str, repairs: list[str]) -> None:
        for repair in repairs:
            self._note(f"{where}: {repair}")

    def _map_part(self, guard: Guard, chunk: list[Prepared], part: int, parts: int) -> DraftBody:
        """One part's partial draft; the offline drafter's structure when the model gives
        nothing usable (labelled), so one bad answer never costs the whole draft."""
        self.progress(f"part {part} of {parts}: the model is reading {len(chunk)} messages…")
        user = self._map_user(chunk, part, parts)
        where = f"part {part} of {parts}" if parts > 1 else "the discussion"
        try:
            answer = self.llm.complete(self.system, user, max_tokens=self.map_answer)
        except BadAnswer as bad:
            self._note(f"{where}: {bad.reason}; the offline extract stands in for it")
            body = draft_offline(chunk)
            if bad.prose and not guard.leaks(bad.prose):
                body.problem_statement = bad.prose
            return guard.body(body)
        self._note_repairs(where, answer.repairs)
        checked = guard.body(answer.body)
        if is_empty(checked):
            self._note(f"{where}: nothing usable was left; the offline extract stands in")
            return guard.body(draft_offline(chunk))
        return checked

    def _reduce_pack(self, guard: Guard, texts: list[str], bodies: list[DraftBody]) -> DraftBody:
        try:
            answer = self.llm.complete(self.system, self._reduce_user(texts))
        except BadAnswer as bad:
            self._note(f"merging: {bad.reason}; the partial drafts were joined as they were")
            return merge_plainly(bodies)
        self._note_repairs("merging", answer.repairs)
        checked = guard.body(answer.body)
        if is_empty(checked):
            self._note("merging: nothing usable was left; the partial drafts were joined")
            return merge_plainly(bodies)
        return checked

    def run(self, items: Sequence[Prepared]) -> DraftBody:
        if not items:
            raise LLMError("there are no messages to summarise")
        chunks = self.chunks(items)
        self.progress(f"reading {len(items)} messages in {len(chunks)} part(s)…")
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            self.stats.map_calls = len(chunks)
            self.stats.level_calls.append(len(chunks))
            guard = self.guard(items)
            # Partials are checked as they come: a leaked prompt or an invented citation is
            # not passed on to the reduce stage.
            partials = list(
                pool.map(
                    lambda n: self._map_part(guard, chunks[n], n + 1, len(chunks)),
                    range(len(chunks)),
                )
            )
            budget = (
                self._budget(prompts.load("reduce.md"), self.llm.max_output_tokens) - REDUCE_SLACK
            )
            while len(partials) > 1:
                self.stats.reduce_levels += 1
                self.progress(f"merging {len(partials)} partial drafts…")
                # Each partial fits in half a request, so every pack but the last merges ≥ 2
                # and the number of partials at least halves: the recursion ends.
                texts = [shrink(p, budget // 2 - SEPARATOR, self.llm.count) for p in partials]
                groups = pack([self.llm.count(t) for t in texts], budget)
                # A lone partial (the last pack) waits for the next level instead of a call.
                merges = [g for g in groups if len(g) > 1]
                self.stats.reduce_calls += len(merges)
                self.stats.level_calls.append(len(merges))
                jobs = [([texts[i] for i in g], [partials[i] for i in g]) for g in merges]
                merged = iter(pool.map(lambda job: self._reduce_pack(guard, *job), jobs))
                partials = [next(merged) if len(g) > 1 else partials[g[0]] for g in groups]
        final = guard.body(partials[0])
        if is_empty(final):
            self._note("the model left nothing usable; the offline extract stands in")
            final = guard.body(draft_offline(items))
        return final


def merge_plainly(bodies: Sequence[DraftBody]) -> DraftBody:
    """Partial drafts joined without a model: lists concatenated, repeats merged, the first
    problem statement kept (used when a merge answer is unusable)."""
    first = next((b.problem_statement for b in bodies if b.problem_statement.strip()), "")
    joined = DraftBody(
        problem_statement=first,
        **{name: [item for b in bodies for item in getattr(b, name)] for name in LISTS},
    )
    body, _changed = tidy(joined)
    return body
