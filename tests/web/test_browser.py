"""The pages in a real browser (headless Debian chromium through Playwright): the board
opened through the link the DM carried, a public page and the index, at 1280, 375 and
320 px. Fails on any console error, broken image, element wider than the viewport, dialog
(hostile text run as script) or axe-core violation; screenshots are kept as artifacts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from testkit.web.browser import (
    ARTIFACTS,
    BROKEN_IMAGES_JS,
    INSTALL_HINT,
    MODE,
    TOO_WIDE_JS,
    chromium,
    chromium_binary,
    watch,
)
from tests.web.conftest import MEMBERS, Site

pytestmark = pytest.mark.web
WIDTHS = (1280, 375, 320)
SHOT_WIDTHS = (1280, 375)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    binary = chromium_binary()
    try:
        import playwright  # noqa: F401
    except ImportError:
        binary = None
    if binary is None:
        if MODE == "require":
            pytest.fail(f"WGBOT_TEST_BROWSER=require, but {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    with chromium(binary) as found:
        yield found


def check_page(browser: Any, url: str, name: str, *, status: int = 200) -> list[str]:
    """Opens `url` at every width; returns the visible text (at 1280 px). Asserts the rules."""
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text: list[str] = []
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        seen = watch(page)
        answer = page.goto(url)
        assert answer is not None and answer.status == status
        if status != 200:  # the browser reports the document's own status as an error
            seen.errors = [e for e in seen.errors if f"status of {status}" not in e]
        assert seen.errors == [], f"{name} at {width}px: console errors {seen.errors}"
        assert page.evaluate(BROKEN_IMAGES_JS) == []
        too_wide = page.evaluate(TOO_WIDE_JS)
        assert too_wide == [], f"{name} at {width}px: wider than the viewport: {too_wide[:5]}"
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.documentElement.lang") == "en"
        if width in SHOT_WIDTHS:
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        if width == 1280:
            result = Axe().run(page)
            assert result.violations_count == 0, result.generate_report()
            text.append(page.inner_text("body"))
        assert seen.dialogs == [], f"{name}: hostile text ran as script: {seen.dialogs}"
        page.close()
    return text


def test_the_board_through_the_real_link(site: Site, browser: Any) -> None:
    (text,) = check_page(browser, site.board_url, "board")
    assert "MAG board" in text and "BPF Cybersecurity" in text and "PN Meaningful Access" in text
    assert "Outputs without known uptake after 6 months" in text
    assert "ADOPTED by ITU" in text  # the badge says the status in words, not colour alone
    assert "<svg onload=alert(1)>" in text  # hostile text shown as text


def test_a_public_page_and_the_index(site: Site, browser: Any) -> None:
    (text,) = check_page(browser, f"{site.base}/groups/{site.published_id}", "public-page")
    assert "Who takes part" in text and "Closed statements" in text
    assert "<script>alert(1)</script>" in text  # the goal, as typed
    for name in MEMBERS.values():
        assert name not in text
    (index,) = check_page(browser, f"{site.base}/", "index")
    assert "BPF Cybersecurity" in index and "PN Meaningful Access" not in index


def test_refused_links_say_why_in_the_browser(site: Site, browser: Any) -> None:
    (text,) = check_page(browser, site.board_url + "x", "refused", status=403)
    assert "This link is not valid" in text and "BPF Cybersecurity" not in text
    site.bot.say("/wg overview web revoke", user="admin")
    (text,) = check_page(browser, site.board_url, "revoked", status=403)
    assert "This link was revoked" in text
