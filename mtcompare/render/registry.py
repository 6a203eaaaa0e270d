"""Every output format of a run behind one name, so any command renders any run.

A renderer reads a :class:`~mtcompare.core.model.RunResult` (fresh from ``score``,
loaded from the store or from a saved JSON file) and :class:`RenderOptions`. A terminal
view draws on a rich ``Console`` (colour and width of the terminal); as a file it is
drawn plain at :data:`FILE_WIDTH` columns. A file format returns its text. Modules are
imported on first use, so naming the formats (``--help``, option checks) costs nothing.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Console

from mtcompare.core.errors import InputError
from mtcompare.core.model import RunResult
from mtcompare.render.options import RenderOptions

#: Width of a terminal view written to a file (or any non-terminal).
FILE_WIDTH = 100


@dataclass(frozen=True)
class Renderer:
    """One output format: ``entry`` is ``module:function`` under ``mtcompare.render``."""

    name: str
    summary: str
    entry: str
    #: Draws on a Console (``function(run, options, console)``) instead of returning text
    #: (``function(run, options) -> str``).
    terminal: bool = False
    #: rich's highlighting of numbers and the like in a terminal view.
    highlight: bool = True

    def load(self) -> Callable[..., Any]:
        module, _, func = self.entry.partition(":")
        return getattr(importlib.import_module(f"mtcompare.render.{module}"), func)

    def draw(self, run: RunResult, options: RenderOptions, console: Console) -> None:
        """A terminal view on ``console`` (a terminal, or :func:`plain_console`)."""
        if not self.terminal:
            raise TypeError(f"{self.name} is not a terminal view")
        self.load()(run, options, console)

    def text(self, run: RunResult, options: RenderOptions) -> str:
        """The output as text: a terminal view drawn plain at FILE_WIDTH columns."""
        if not self.terminal:
            return str(self.load()(run, options))
        buf = io.StringIO()
        self.draw(run, options, plain_console(buf))
        return buf.getvalue()


def plain_console(file: io.StringIO) -> Console:
    """A Console for a file: no colour, no terminal codes, FILE_WIDTH columns."""
    return Console(file=file, width=FILE_WIDTH, color_system=None, highlight=False)


RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer("table", "corpus scores, rankings, aligned pairs", "table:draw_table", True),
        Renderer("json", "the full run (the JSON contract)", "table:json_text"),
        Renderer("tsv", "one row per aligned pair", "table:tsv_text"),
        Renderer("html", "the self-contained review page", "html:html_text"),
        Renderer("diff", "pairs with word-level differences", "diff:draw_diff", True, False),
        Renderer("flags-tsv", "one row per error flag, TSV", "diff:flags_tsv"),
        Renderer("flags-csv", "one row per error flag, CSV", "diff:flags_csv"),
    )
}

#: What ``score`` and ``runs show`` offer for ``--format``.
RUN_FORMATS: tuple[str, ...] = ("table", "json", "tsv", "html", "diff")


def renderer(name: str) -> Renderer:
    try:
        return RENDERERS[name]
    except KeyError:
        raise InputError(f"unknown format {name!r}") from None
