"""Command-line options shared by ``score`` and ``diff``, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtcompare.core.defaults import DEFAULT_METRICS

HypsArg = Annotated[list[Path], typer.Argument(help="MT versions (plain text).")]
RefOpt = Annotated[Path, typer.Option("--ref", "-r", help="Reference translation.")]
NameOpt = Annotated[
    list[str] | None, typer.Option("--name", "-n", help="System name, once per MT file.")
]
LinesOpt = Annotated[
    bool, typer.Option("--lines", help="Files are line-aligned: no segmentation/alignment.")
]
MetricsOpt = Annotated[
    str, typer.Option("--metrics", "-m", help="Comma-separated: bleu,chrf,ter,comet.")
]
DEFAULT_METRICS_SPEC = ",".join(DEFAULT_METRICS)
