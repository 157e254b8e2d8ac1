"""`host:port` settings of the email front end's listeners (answer links, LMTP)."""

from __future__ import annotations


def parse_listen(value: str) -> tuple[str, int]:
    """`host:port` (`[::1]:8090` for IPv6); `:port` listens on 127.0.0.1 only: every
    interface (`0.0.0.0`) must be named, never a default."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"{value[:60]!r}: write host:port, e.g. 127.0.0.1:8090")
    return host.strip("[]") or "127.0.0.1", int(port)
