"""A real browser for the web tests: Debian's chromium, driven by Playwright through
`executable_path` (Playwright's own browser download needs a network we do not have).

Without chromium (or Playwright) the browser tests skip, saying how to install it; with
WGBOT_TEST_BROWSER=require (what .ci/run sets after `apt-get install -y chromium`) they fail
instead. WGBOT_TEST_CHROMIUM names another binary."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODE = os.environ.get("WGBOT_TEST_BROWSER", "")  # read before the tests clear WGBOT_*
BINARY = os.environ.get("WGBOT_TEST_CHROMIUM", "")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
INSTALL_HINT = (
    "chromium is not installed (`apt-get install -y chromium`; .ci/run installs it and sets "
    "WGBOT_TEST_BROWSER=require)"
)
# Where screenshots go (kept as test artifacts).
ARTIFACTS = Path(os.environ.get("WGBOT_TEST_ARTIFACTS", "test-artifacts")) / "web"


def chromium_binary() -> str | None:
    for candidate in (BINARY, "/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass
class Watched:
    """What a page said in its console and threw, and any dialog it tried to open."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def watch(page: Any) -> Watched:
    seen = Watched()
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(f"page error: {e}"))

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


# Elements sticking out of the viewport, outside a scroll box of their own (wide tables and
# the heat map scroll inside `.scroll`; the page itself never scrolls sideways).
TOO_WIDE_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) out.push('page ' + page);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.scroll') && !el.classList.contains('scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 1 || r.left < -1) && !el.classList.contains('skip'))
      out.push(el.tagName + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.right));
  }
  return out;
}
"""
BROKEN_IMAGES_JS = """
() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)
"""


@contextmanager
def chromium(binary: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, args=list(FLAGS))
        try:
            yield browser
        finally:
            browser.close()
