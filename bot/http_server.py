"""The WSGI server both HTTP servers of the bot run on, the Slack front end's HTTP mode and the
web: waitress, a production WSGI server (pure Python, no C build, threads, well kept by the
Pylons project). Imported only when serving: `wgbot --help` never loads waitress."""

from __future__ import annotations

import threading
from typing import Any


def create_http_server(wsgi: Any, host: str, port: int, *, threads: int, **options: Any) -> Any:
    """A waitress server for `wsgi` on host:port (0: a free port, then `.effective_port`);
    `.run()` blocks until `stop_http_server` stops it. `options` are waitress's (`ident`,
    `clear_untrusted_proxy_headers`, …)."""
    from waitress import create_server

    return create_server(wsgi, host=host, port=port, threads=threads, **options)


def stop_http_server(server: Any, timeout: float = 5.0) -> None:
    """Stop a server whose `.run()` is blocking another thread: its sockets are closed from
    inside its own loop (through waitress's trigger), never under a running select()."""
    closed = threading.Event()

    def close_all() -> None:
        for channel in list(server._map.values()):
            channel.close()
        closed.set()

    try:
        server.trigger.pull_trigger(close_all)
    except OSError:
        # The loop has already closed its trigger (it is shutting down or gone): no select()
        # is running on these sockets any more, so they are closed from here.
        close_all()
    closed.wait(timeout)
    server.task_dispatcher.shutdown()
