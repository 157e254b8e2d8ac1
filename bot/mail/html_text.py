"""HTML-only mail as plain text, with the standard library's html.parser.

Scripts, styles and the head are dropped; a link keeps its address visible as `label (url)`
(docs/text-safety.md: no label may hide where a link goes); quoted blocks (`<blockquote>`,
Gmail's `gmail_quote`, Outlook's `divRplyFwdMsg`) come out as `>` lines so that reply
stripping treats them as it treats plain-text quotes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_DROP = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "object"})
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "dl", "dt", "dd", "center", "form",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"})
_QUOTE_CLASSES = re.compile(
    r"gmail_quote|moz-cite-prefix|yahoo_quoted|divRplyFwdMsg|OutlookMessageHeader"
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_MAX_DEPTH = 1000
_SELF_CLOSING = frozenset({"p", "li", "td", "th", "tr", "dt", "dd", "option"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.drop = 0
        self.quote = 0
        self.stack: list[tuple[str, bool, str | None, int]] = []  # tag, quotes, href, out index

    def _newline(self) -> None:
        self.out.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br":
                self._newline()
            elif tag == "hr":
                self.out.append("\n---\n")
            elif tag == "img" and not self.drop:
                alt = dict(attrs).get("alt")
                if alt and alt.strip():
                    self.out.append(f"[image: {alt.strip()}]")
            return
        values = dict(attrs)
        quotes = tag == "blockquote" or bool(
            _QUOTE_CLASSES.search(f"{values.get('class') or ''} {values.get('id') or ''}")
        )
        if tag in _BLOCK or quotes:
            self._newline()
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in ("td", "th"):
            self.out.append(" ")
        if self.stack and tag in _SELF_CLOSING and self.stack[-1][0] == tag:
            self._close(*self.stack.pop())  # HTML's implied </p>, </li>, </td>
        if len(self.stack) >= _MAX_DEPTH:
            return
        href = values.get("href") if tag == "a" else None
        self.stack.append((tag, quotes, href, len(self.out)))
        if tag in _DROP:
            self.drop += 1
        if quotes:
            self.quote += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self._newline()
        if not any(entry[0] == tag for entry in self.stack):
            return
        while self.stack:
            name, quotes, href, start = self.stack.pop()
            self._close(name, quotes, href, start)
            if name == tag:
                return

    def _close(self, tag: str, quotes: bool, href: str | None, start: int) -> None:
        if tag in _DROP:
            self.drop -= 1
        if quotes:
            self.quote -= 1
            self._newline()
        if href is not None and not self.drop:
            label = "".join(self.out[start:]).strip()
            address = href.strip()
            if address and not address.startswith("#"):
                if address.lower().startswith("mailto:"):
                    address = address[len("mailto:") :]
                shown = label if label == address or not label else f"{label} ({address})"
                self.out[start:] = [shown]

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        text = _SPACES.sub(" ", data.replace("\n", " "))
        if self.quote:
            text = text.replace("\n", "\n> ")
            if not self.out or self.out[-1].endswith("\n"):
                text = "> " + text.lstrip()
        self.out.append(text)

    def text(self) -> str:
        while self.stack:
            self._close(*self.stack.pop())
        lines = [line.strip() for line in "".join(self.out).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    """Readable text of an HTML mail body; links as `label (url)`."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.text()
