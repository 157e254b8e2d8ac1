"""The web over HTTP (waitress, the real app): the board only through a valid, unrevoked,
unexpired signed link (else 403 and a page that says why), public pages only for published
groups and never with names, hostile text inert, strict headers on every answer."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.web.app import CSP
from tests.hostile import HTML, assert_inert_html
from tests.web.conftest import MEMBERS, Site, later


def get(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10, follow_redirects=False)


def test_the_board_opens_through_the_link_sent_by_dm(site: Site) -> None:
    answer = get(site.board_url)
    assert answer.status_code == 200
    body = answer.text
    assert "<h1>MAG board</h1>" in body
    for text in ("BPF Cybersecurity", "PN Meaningful Access", "IETF", "(a liaison of the group)"):
        assert text in body
    assert "Outputs without known uptake after 6 months" in body
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in answer.headers["X-Robots-Tag"]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img"' in body


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda url: url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB"), "not valid"),
        (lambda url: url.split("?")[0], "not valid"),
        (lambda url: url.split("?")[0] + "?t=" + "x" * 300, "not valid"),
    ],
)
def test_a_forged_link_gets_403_and_says_why(site: Site, mangle: object, reason: str) -> None:
    assert callable(mangle)
    answer = get(mangle(site.board_url))
    assert answer.status_code == 403 and reason in answer.text
    assert "BPF Cybersecurity" not in answer.text


def test_a_link_signed_with_another_secret_is_refused(site: Site) -> None:
    from bot.web.links import BoardSigner

    forged = BoardSigner(["not-our-secret"], site.base).url(1, site.bot.clock())
    answer = get(forged)
    assert answer.status_code == 403 and "This link is not valid" in answer.text


def test_an_expired_link_gets_403(site: Site) -> None:
    later(site, 23.9)
    assert get(site.board_url).status_code == 200
    later(site, 0.2)
    answer = get(site.board_url)
    assert answer.status_code == 403
    assert "This link has expired" in answer.text and "24 hours" in answer.text


def test_a_revoked_link_gets_403_at_once(site: Site) -> None:
    assert get(site.board_url).status_code == 200
    site.bot.say("/wg overview web revoke", user="admin")
    answer = get(site.board_url)
    assert answer.status_code == 403 and "This link was revoked" in answer.text


def test_public_page_only_while_published_and_never_names(site: Site) -> None:
    page = get(f"{site.base}/groups/{site.published_id}")
    assert page.status_code == 200
    body = page.text
    for shown in (
        "Five cyber-hygiene practices",
        "Policy brief",
        "Who takes part",
        "IETF",
        "adopted",
        "Closed statements",
        "Verdict:",
        "Dissent",
        "too costly",
    ):
        assert shown in body, shown
    for user, name in MEMBERS.items():
        assert name not in body and f"@{user}" not in body
    assert re.search(r"Technical community</th><td class=\"num\">1", body)
    assert get(f"{site.base}/groups/{site.hidden_id}").status_code == 404
    index = get(f"{site.base}/").text
    assert "BPF Cybersecurity" in index and "PN Meaningful Access" not in index
    site.bot.say("/wg publish off", user="ana")
    assert get(f"{site.base}/groups/{site.published_id}").status_code == 404
    assert "BPF Cybersecurity" not in get(f"{site.base}/").text


def test_dissent_is_quoted_as_the_export_quotes_it(site: Site) -> None:
    from commands.consensus_view import dissent

    with site.bot.read() as store:
        (statement,) = store.statements.of_group(site.published_id)
        assert statement.id is not None
        lines = dissent(store.votes.of_statement(statement.id))
    body = get(f"{site.base}/groups/{site.published_id}").text
    import html

    assert lines and all(f"<li>{html.escape(line)}</li>" in body for line in lines)


def test_hostile_text_is_inert_everywhere(site: Site) -> None:
    page = f"{site.base}/groups/{site.published_id}"
    for url in (site.board_url, page, f"{site.base}/"):
        body = get(url).text
        assert_inert_html(body)
        # The output's title and the body's name hold markup: shown as text.
        assert "Cyber hygiene &lt;svg onload=alert(1)&gt;" in body or url.endswith("/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in get(page).text
    body = get(f"{site.base}/groups/{site.published_id}").text
    assert "{{ 7*7 }}" in body  # shown as typed, never evaluated
    assert HTML[0] not in body


def test_every_answer_carries_the_strict_policy(site: Site) -> None:
    for url in (
        f"{site.base}/",
        f"{site.base}/nope",
        f"{site.base}/static/style.css",
        site.board_url,
        f"{site.base}/board?t=bad",
    ):
        answer = get(url)
        assert answer.headers["Content-Security-Policy"] == CSP
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src" not in CSP and "'unsafe-inline'" not in CSP
    posted = httpx.post(f"{site.base}/", timeout=10)
    assert posted.status_code == 405
    assert get(f"{site.base}/nope").status_code == 404
