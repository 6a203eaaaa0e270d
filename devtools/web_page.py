"""A news web page built around a text, with the junk real pages carry (tests of the
HTML reader: the junk must go, the article must stay)."""

from __future__ import annotations

import html


def web_page(text: str) -> str:
    """``text`` as a news page: its first line a kicker, its second the headline, the rest
    paragraphs, inside navigation, a cookie banner, related links, a footer and scripts."""
    paras = [line.strip() for line in text.splitlines() if line.strip()]
    body = "\n".join(
        f"<h1>{html.escape(p)}</h1>" if i == 1 else f"<p>{html.escape(p)}</p>"
        for i, p in enumerate(paras)
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>News</title>
<script>window.dataLayer = []; function track() {{ return 1; }}</script>
<style>body {{ font: 1em serif }}</style></head><body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies to give you the best
experience. By continuing you accept our use of cookies.</p>
<button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li></ul></nav></header>
<main><article>{body}</article>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/a">Ten things you did not
know about Paris</a></li><li><a href="/b">Markets close higher on Friday</a></li></ul></aside>
</main><footer><p>© 2022 The Daily Newspaper. All rights reserved.</p><p><a href="/t">Terms
of use</a> | <a href="/p">Privacy policy</a></p></footer><script>track();</script></body></html>"""
