"""Whether a mail really comes from the domain of its From: address, as OUR receiving server
judged it (RFC 8601 Authentication-Results, parsed by `authres`, never by hand).

Only headers whose authserv-id is ours (WGBOT_EMAIL_AUTHSERV_ID) count: anyone can write an
Authentication-Results header into a mail, and a receiving server removes the ones that claim
its own id (RFC 8601 §5), so those alone are its verdict. The From domain is verified when
that verdict says `dmarc=pass` for it (header.from), or `dkim=pass` with a signing domain
aligned with it (relaxed: the same domain or a parent of it). Anything else is unverified:
a keyword reply then acts on nothing and is answered with a confirm link (replies.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import authres

log = logging.getLogger(__name__)


def _aligned(signing: str, domain: str) -> bool:
    """Relaxed alignment (RFC 7489 §3.1.1) without a public-suffix list: the same domain, or
    one a subdomain of the other, never a bare top-level domain."""
    signing, domain = signing.lower().rstrip("."), domain.lower().rstrip(".")
    if "." not in signing or "." not in domain:
        return False
    return domain == signing or domain.endswith("." + signing) or signing.endswith("." + domain)


def _prop(result: authres.core.AuthenticationResult, type_: str, name: str) -> str:
    for prop in result.properties or ():
        if prop.type == type_ and prop.name == name:
            return str(prop.value or "")
    return ""


def from_domain_verified(
    headers: Iterable[str], from_address: str, authserv_id: str | None
) -> bool:
    """True when our server says DMARC passed for the From domain, or DKIM passed aligned."""
    if not authserv_id:
        return False
    domain = from_address.rpartition("@")[2].lower()
    if not domain:
        return False
    for raw in headers:
        text = (
            raw
            if raw.lower().startswith("authentication-results:")
            else (f"Authentication-Results: {raw}")
        )
        try:
            header = authres.AuthenticationResultsHeader.parse(" ".join(text.split()))
        except Exception as exc:  # authres raises several syntax errors: all mean "no verdict"
            log.info("unreadable Authentication-Results (%s)", type(exc).__name__)
            continue
        if str(header.authserv_id).lower() != authserv_id.lower():
            continue
        for result in header.results:
            if result.result != "pass":
                continue
            if result.method == "dmarc" and _prop(result, "header", "from").lower() == domain:
                return True
            if result.method == "dkim" and _aligned(_prop(result, "header", "d"), domain):
                return True
    return False
