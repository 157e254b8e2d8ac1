"""Outside bodies named by people: one key per body however it is typed."""

from __future__ import annotations

import re
import unicodedata

MAX_ORG_NAME = 200


def org_key(name: str) -> str:
    """`IETF`, `ietf`, ` I.E.T.F. ` → `ietf`; `Council  of Europe` → `council of europe`.

    NFKC-normalised, case-folded, dots and apostrophes dropped (abbreviations), any other run
    of non-alphanumerics folded to one space.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[.'’]", "", text)
    return re.sub(r"[\W_]+", " ", text).strip()
