"""The list-mail part of the evaluation: threads written by the team in the shape of real list
mail (`evalset/lists/`: hard-wrapped, quoted in several clients' styles, signed, an
`addr (Name)` sender, a pipermail archive, one broken message each), drafted through the same
archive reader as `wgbot summarize`, and held to two floors that must be 0:

- quotes cut mid-sentence: every sentence the draft quotes (“…” and bold recommendations)
  is split back against the unwrapped text of the messages it cites, and must start and end
  where a sentence of that text does;
- bare addresses as names: no `user@domain` anywhere in the draft outside `mid:` citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.summarizer.engine import Summarizer
from bot.summarizer.render import to_markdown
from bot.summarizer.sources import Export, load_export

_QUOTED = re.compile(r"“([^”]{3,})”|^\d+\. \*\*(.+?)\*\*", re.MULTILINE)
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CITATION = re.compile(r"mid:\S+")
_ENDS = ".!?…:;)\"'”’"


@dataclass
class ListScore:
    thread: str
    quotes: int = 0
    cut: list[str] = field(default_factory=list)  # quotes that are not whole sentences
    addresses: list[str] = field(default_factory=list)  # addresses printed in the draft
    unreadable: int = 0
    messages: int = 0


def list_threads() -> list[Path]:
    folder = resources.files("bot.summarizer").joinpath("evalset", "lists")
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith((".mbox", ".txt")))


def whole_sentence(quote: str, source: str) -> bool:
    """`quote` starts and ends where a sentence of one paragraph of `source` does (a quote
    shortened with an ellipsis counts by its start)."""
    body = " ".join(quote.removesuffix("…").split())
    for paragraph in source.split("\n"):
        text = " ".join(paragraph.split())
        at = text.find(body)
        if at < 0 or not body:
            continue
        before = text[:at].rstrip()
        starts = not before or before[-1] in _ENDS
        after = text[at + len(body) :]
        ends = quote.endswith("…") or (body[-1] in _ENDS and (not after or after[0] == " "))
        if starts and ends:
            return True
    return False


def score(path: Path, make: Callable[[], Summarizer]) -> ListScore:
    export: Export = load_export(path)
    draft = make().run(export.messages, group_name=path.stem, source=export.label)
    draft.unread = export.unread_note
    printed = to_markdown(draft)
    result = ListScore(path.name, unreadable=len(export.unreadable), messages=len(export.messages))
    texts = [m.text for m in export.messages]
    for found in _QUOTED.finditer(printed):
        quote = found.group(1) or found.group(2)
        result.quotes += 1
        if not any(whole_sentence(quote, t) for t in texts):
            result.cut.append(quote)
    result.addresses = _ADDRESS.findall(_CITATION.sub("", printed))
    return result
