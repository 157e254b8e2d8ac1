"""Modules imported on first use, so that `wgbot --help` and `wgbot console` start at once.

`defer("openai")` puts a stand-in for `openai` in `sys.modules`; a later `import openai` binds
that stand-in, and its first attribute access (`openai.OpenAI`, `except openai.APIError`)
imports the real package and forwards to it from then on. The openai client and its types
take longer to import than all the rest of the bot and are needed only when a summary is made
with an LLM. Not `importlib.util.LazyLoader`: on Python 3.11 its first load is not guarded
against two threads at once (the bot makes summaries in worker threads); this one takes a lock.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import Any

_lock = threading.RLock()  # re-entrant: importing one deferred module may load another


class _Deferred(types.ModuleType):
    """Stands in for a module not imported yet; imports it when an attribute is asked for."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__") and attr != "__path__":
            raise AttributeError(attr)  # introspection (copy, pickle, pytest) stays cheap
        return getattr(load(self.__name__), attr)

    def __repr__(self) -> str:
        return f"<deferred module {self.__name__!r}>"


def defer(name: str) -> None:
    """Import `name` on first use instead of now (nothing happens if it is imported already)."""
    with _lock:
        if name not in sys.modules:
            sys.modules[name] = _Deferred(name)


def load(name: str) -> types.ModuleType:
    """The real module, imported now if only its stand-in was there."""
    with _lock:
        module = sys.modules.get(name)
        if isinstance(module, _Deferred):
            del sys.modules[name]
            try:
                module = importlib.import_module(name)
            except BaseException:
                sys.modules[name] = _Deferred(name)
                raise
        elif module is None:
            module = importlib.import_module(name)
        return module


def is_loaded(name: str) -> bool:
    """True once the real module has been imported (a stand-in does not count)."""
    return name in sys.modules and not isinstance(sys.modules[name], _Deferred)
