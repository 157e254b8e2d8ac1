"""Stakeholder groups and UN regional groups, with the short forms people actually type."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

DEFAULT_STAKEHOLDER_GROUPS: tuple[str, ...] = (
    "Government",
    "Intergovernmental organisation",
    "Private sector",
    "Civil society",
    "Technical community",
    "Academia",
)

DEFAULT_REGIONS: tuple[str, ...] = (
    "African States",
    "Asia-Pacific States",
    "Eastern European States",
    "Latin American and Caribbean States (GRULAC)",
    "Western European and Others (WEOG)",
)

# The region whose dominance the report warns about ("less western-centric").
WESTERN_REGION = "Western European and Others (WEOG)"

STAKEHOLDER_ALIASES: Mapping[str, str] = {
    "gov": "Government",
    "govt": "Government",
    "government": "Government",
    "igo": "Intergovernmental organisation",
    "intergovernmental": "Intergovernmental organisation",
    "intergovernmental-organization": "Intergovernmental organisation",
    "private": "Private sector",
    "business": "Private sector",
    "industry": "Private sector",
    "cs": "Civil society",
    "civil": "Civil society",
    "ngo": "Civil society",
    "tech": "Technical community",
    "technical": "Technical community",
    "academia": "Academia",
    "academic": "Academia",
    "research": "Academia",
}

REGION_ALIASES: Mapping[str, str] = {
    "africa": "African States",
    "african": "African States",
    "apac": "Asia-Pacific States",
    "asia": "Asia-Pacific States",
    "asia-pacific": "Asia-Pacific States",
    "eeg": "Eastern European States",
    "eastern-europe": "Eastern European States",
    "grulac": "Latin American and Caribbean States (GRULAC)",
    "latam": "Latin American and Caribbean States (GRULAC)",
    "latin-america": "Latin American and Caribbean States (GRULAC)",
    "weog": "Western European and Others (WEOG)",
    "western-europe": "Western European and Others (WEOG)",
}


def slug(text: str) -> str:
    """`Civil society` → `civil-society`; also the form people type in slash commands."""
    text = re.sub(r"\([^)]*\)", " ", text)  # "… (GRULAC)" → "…"
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of names plus the aliases that resolve to them."""

    kind: str  # "stakeholder group", "region": used in error messages
    names: tuple[str, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        table: dict[str, str] = {}
        for name in self.names:
            table[name.lower()] = name
            table[slug(name)] = name
            bracket = re.search(r"\(([^)]+)\)", name)
            if bracket:
                table[bracket.group(1).lower()] = name
        for alias, target in self.aliases.items():
            if target in self.names:
                table[alias.lower()] = target
        object.__setattr__(self, "_table", table)

    def resolve(self, text: str) -> str | None:
        """The canonical name for what someone typed, or None."""
        table: dict[str, str] = object.__getattribute__(self, "_table")
        key = text.strip().lower()
        return table.get(key) or table.get(slug(key))

    def short(self, name: str) -> str:
        """The shortest slug that resolves to `name`, for hints and choices."""
        bracket = re.search(r"\(([^)]+)\)", name)
        return bracket.group(1).lower() if bracket else slug(name)

    def choices_hint(self) -> str:
        return ", ".join(f"`{self.short(n)}`" for n in self.names)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)


def stakeholder_vocabulary(names: Iterable[str] = DEFAULT_STAKEHOLDER_GROUPS) -> Vocabulary:
    return Vocabulary("stakeholder group", tuple(names), STAKEHOLDER_ALIASES)


def region_vocabulary(names: Iterable[str] = DEFAULT_REGIONS) -> Vocabulary:
    return Vocabulary("region", tuple(names), REGION_ALIASES)


GROUP_FORMATS: tuple[str, ...] = (
    "Best Practice Forum",
    "Policy Network",
    "Dynamic Coalition",
    "Fact-finding group",
    "Other",
)

FORMAT_ALIASES: Mapping[str, str] = {
    "bpf": "Best Practice Forum",
    "pn": "Policy Network",
    "dc": "Dynamic Coalition",
    "fact-finding": "Fact-finding group",
    "ff": "Fact-finding group",
}

format_vocabulary = Vocabulary("format", GROUP_FORMATS, FORMAT_ALIASES)


def infer_format(name: str) -> str:
    """Guess a group's format from its name ("BPF Cybersecurity" → Best Practice Forum)."""
    lowered = f" {name.lower()} "
    if " bpf " in lowered or "best practice forum" in lowered:
        return "Best Practice Forum"
    if "policy network" in lowered or " pn " in lowered:
        return "Policy Network"
    if "dynamic coalition" in lowered or " dc " in lowered:
        return "Dynamic Coalition"
    if "fact-finding" in lowered or "fact finding" in lowered:
        return "Fact-finding group"
    return "Other"
