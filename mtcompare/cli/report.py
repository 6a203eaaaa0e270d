"""``mtcompare report``: the HTML review page of a run saved with ``score -f json``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtcompare.cli.common import check_outputs, emit_run
from mtcompare.render.options import RenderOptions
from mtcompare.render.resultfile import load_result


def report_cmd(
    result: Annotated[Path, typer.Argument(help="A run saved with: score --format json.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="HTML file (default: RESULT.html; '-': stdout)."),
    ] = None,
) -> None:
    """Write the self-contained HTML review report of a saved JSON result."""
    target = output or result.with_suffix(".html")
    check_outputs(html=target)
    emit_run("html", load_result(result), RenderOptions(), target)
