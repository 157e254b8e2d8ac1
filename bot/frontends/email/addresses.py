"""Email addresses as identities: the rules live in bot/domain/addresses.py (pure, so the
core's parser and commands use them too); this is the email front end's one import point."""

from __future__ import annotations

from bot.domain.addresses import (
    MAX_ADDRESS,
    InvalidAddress,
    address_domain,
    normalise_address,
    parse_address,
)

__all__ = ["MAX_ADDRESS", "InvalidAddress", "address_domain", "normalise_address", "parse_address"]
