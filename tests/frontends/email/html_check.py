"""Checks that an email's HTML part holds only the bot's own markup: user text is escaped,
so no tag, attribute, script or link comes from it, and every link shows its address."""

from __future__ import annotations

from html.parser import HTMLParser

OWN_TAGS = {
    "html", "head", "meta", "title", "body", "h1", "h2", "h3", "p", "br", "table", "tr", "th", "td",
    "ul", "li", "code", "a", "small", "hr", "form", "button", "input",
}  # fmt: skip


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(markup: str) -> tuple[list[tuple[str, dict[str, str | None]]], str]:
    parser = _Collect()
    parser.feed(markup)
    parser.close()
    return parser.tags, "".join(parser.text)


def assert_inert_html(markup: str, links: tuple[str, ...] = ()) -> str:
    """Only the bot's tags; the only hrefs are `links`, each also shown as text. Returns the
    visible text (what a reader sees)."""
    tags, text = parse_html(markup)
    for tag, attrs in tags:
        assert tag in OWN_TAGS, f"<{tag}> in the HTML part"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name == "href":
                assert value in links, f"link to {value!r} the bot did not make"
                assert value in text, f"link {value!r} does not show its address"
    return text
