"""The outcome document's section on published outputs and who used them (the cycle's final
export, issue 26, offers them)."""

from __future__ import annotations

from collections import defaultdict

from storage.store import Store
from storage.uptake.models import Uptake


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def outputs_markdown(store: Store, group_id: int) -> list[str]:
    out = ["## Published outputs and their uptake"]
    outputs = store.outputs.of_group(group_id)
    if not outputs:
        return [*out, "_No published outputs yet (`\ue000/wg output add TITLE URL`)._"]
    liaisons = {r.org_key: r.org_name for r in store.liaisons.of_group(group_id)}
    by_output: dict[int, list[Uptake]] = defaultdict(list)
    for entry in store.uptake.of_group(group_id):
        by_output[entry.output_id].append(entry)
    for o in outputs:
        when = o.published_on.isoformat() if o.published_on else "date not given"
        out += [
            "",
            f"{o.number}. **{_cell(o.title)}** — <{o.url}> (published {when}, cycle "
            f"{o.cycle_year})",
        ]
        entries = by_output.get(o.id or 0, [])
        if not entries:
            out.append("   - No known uptake yet.")
        for e in entries:
            body = liaisons.get(e.body_key)
            who = f"{body} (liaison)" if body else _cell(e.body_name)
            out.append(f"   - {e.status}: {who} — <{e.url}>")
    return out
