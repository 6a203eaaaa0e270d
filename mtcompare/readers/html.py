"""Web pages: the article text, one paragraph or heading a line (extra ``[html]``).

trafilatura finds the article and drops navigation, footers, scripts, cookie banners
and related-article lists; ``--keep-boilerplate`` keeps every visible text instead (the
page without scripts and styles, one block element a line), for pages where the
extraction misses part of the article.
"""

from __future__ import annotations

import re

from mtcompare.core.errors import InputError
from mtcompare.readers import Content, import_extra

#: Elements that start a new line of visible text (``--keep-boilerplate``).
_BLOCKS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
     "figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
     "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul")
)  # fmt: skip
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "object")
_SPACE = re.compile(r"\s+")


def read(data: bytes, path: str, what: str, keep_boilerplate: bool = False) -> Content:
    trafilatura = import_extra("trafilatura", "html", path, what, "HTML")
    if keep_boilerplate:
        text = _visible_text(data, path, what)
    else:
        try:
            text = trafilatura.extract(
                data, include_comments=False, include_tables=True, include_images=False
            )
        except Exception as exc:  # the library's many parse errors
            raise InputError(f"{what} {path} is not readable HTML: {exc}") from None
        if not text:
            raise InputError(
                f"{what} {path}: no article text found in the page "
                "(--keep-boilerplate reads all its visible text)"
            )
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return Content("\n".join(line for line in lines if line) + "\n")


def _visible_text(data: bytes, path: str, what: str) -> str:
    """All visible text of the page, one block element a line."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"{what} {path} is not readable HTML: {exc}") from None
    for el in root.xpath("//head | " + " | ".join(f"//{t}" for t in _INVISIBLE)):
        el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    return root.text_content()
