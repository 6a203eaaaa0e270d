"""Debian's chromium driven by Playwright, as the browser tests and benchmarks launch it
(one place for the path and the flags that keep it offline and quiet)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
#: No sandbox (CI runs as root), no GPU, and nothing that reaches the network by itself.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def have_browser() -> bool:
    """chromium and the playwright package are both installed."""
    import importlib.util

    return CHROMIUM.exists() and importlib.util.find_spec("playwright") is not None


@contextmanager
def launched() -> Iterator[Any]:
    """A headless chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()
