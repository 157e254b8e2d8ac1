"""The web's side of the commands' port (bot/web/port.py SiteLinks): answered from the web's
settings as they stand at each question, so a URL set after the process started is named."""

from __future__ import annotations

import pytest

from bot.web.links import LIFETIME
from bot.web.port import SiteLinks
from bot.web.settings import WebSettings, reload


def _web(**values: str) -> WebSettings:
    return WebSettings(_env_file=None, **values)  # type: ignore[call-arg]


def test_no_url_and_no_secret_is_no_web() -> None:
    links = SiteLinks(lambda: _web())
    assert not links.board_ready and links.page_url(3) is None


def test_a_url_alone_names_pages_but_signs_no_board_link() -> None:
    links = SiteLinks(lambda: _web(url="https://wg.example.org/"))
    assert not links.board_ready
    assert links.page_url(3) == "https://wg.example.org/groups/3"
    assert links.board_lifetime == LIFETIME


def test_a_url_and_a_secret_make_board_links() -> None:
    assert SiteLinks(lambda: _web(url="https://wg.example.org", secret="one, two")).board_ready


def test_read_from_the_environment_at_each_question(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WGBOT_WEB_URL", raising=False)
    monkeypatch.delenv("WGBOT_WEB_SECRET", raising=False)
    reload()
    links = SiteLinks()
    try:
        assert links.page_url(1) is None
        monkeypatch.setenv("WGBOT_WEB_URL", "https://later.example")
        monkeypatch.setenv("WGBOT_WEB_SECRET", "s3cret")
        reload()
        assert links.board_ready and links.page_url(1) == "https://later.example/groups/1"
    finally:
        monkeypatch.undo()
        reload()
