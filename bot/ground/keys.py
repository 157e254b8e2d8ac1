"""Outside bodies named by people: one key per body however it is typed."""

from __future__ import annotations

import re

from bot.ground.normalise import compare_key

MAX_ORG_NAME = 200


def org_key(name: str) -> str:
    """`IETF`, `ietf`, ` I.E.T.F. ` → `ietf`; `Council  of Europe` → `council of europe`.

    The look-alike-proof `compare_key` (`I\u200bETF` is `ietf`), dots and apostrophes dropped
    (abbreviations), any other run of non-alphanumerics folded to one space.
    """
    text = compare_key(name)
    text = re.sub(r"[.'’]", "", text)
    return re.sub(r"[\W_]+", " ", text).strip()
