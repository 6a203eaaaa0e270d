"""The ``mtcompare`` command line: a thin layer over the Python API.

Every user error (bad file, bad option value, unavailable model) is one line on stderr
and exit code 2, never a traceback.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from mtcompare import __version__
from mtcompare.cli.common import (
    DEFAULT_METRICS_SPEC,
    HypsArg,
    LinesOpt,
    MetricsOpt,
    NameOpt,
    RefOpt,
)
from mtcompare.cli.runs import open_for_score, runs_app, save_scored
from mtcompare.core.defaults import DEFAULT_SEED
from mtcompare.core.errors import InputError
from mtcompare.core.fileout import write_atomic
from mtcompare.core.model import RunResult
from mtcompare.render.diff import diff_cmd
from mtcompare.render.html import report_cmd, write_report
from mtcompare.render.table import FORMATS, print_table, to_json, to_tsv

app = typer.Typer(
    name="mtcompare",
    help="Compare machine translations of news articles against a reference.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtcompare {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Compare machine translations of news articles against a reference."""


def check_choice(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise InputError(f"unknown {option} value {value!r} (choose from: {', '.join(choices)})")
    return value


class ProgressBar:
    """A rich progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, quiet: bool) -> None:
        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=quiet or not console.is_terminal,
        )
        self.task: int | None = None

    def __enter__(self) -> ProgressBar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.progress.add_task(stage, total=total)
        self.progress.update(self.task, description=stage, completed=done, total=total)


def emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


def render(
    run: RunResult, fmt: str, output: Path | None, segments: bool | None, errors_only: bool
) -> None:
    """Write ``run`` in ``fmt``. Table segments default to on, except for line-aligned
    runs (thousands of lines); ``errors_only`` always lists the flagged ones."""
    if segments is None:
        segments = run.mode != "lines"
    segments = segments or errors_only
    if fmt == "json":
        emit(to_json(run), output)
    elif fmt == "tsv":
        emit(to_tsv(run), output)
    elif output is None:
        print_table(run, Console(), segments=segments, errors_only=errors_only)
    else:
        buf = io.StringIO()
        console = Console(file=buf, width=100, color_system=None)
        print_table(run, console, segments=segments, errors_only=errors_only)
        emit(buf.getvalue(), output)


@app.command("score")
def score_cmd(
    hyps: HypsArg,
    ref: RefOpt,
    name: NameOpt = None,
    lines: LinesOpt = False,
    docids: Annotated[
        Path | None, typer.Option(help="With --lines: one document id per line.")
    ] = None,
    metrics: MetricsOpt = DEFAULT_METRICS_SPEC,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or tsv.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    segments: Annotated[
        bool | None,
        typer.Option(
            "--segments/--no-segments",
            help="Table format: list aligned segments (default: yes unless --lines).",
        ),
    ] = None,
    errors_only: Annotated[
        bool, typer.Option("--errors-only", help="Table format: list only flagged segments.")
    ] = False,
    no_errors: Annotated[
        bool, typer.Option("--no-errors", help="Skip error flagging (faster; no error flags).")
    ] = False,
    no_save: Annotated[bool, typer.Option("--no-save", help="Do not store the run.")] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Run store URL or path (default: results/mtcompare.sqlite)."),
    ] = None,
    label: Annotated[str | None, typer.Option("--label", help="Label the stored run.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the HTML review report here.")
    ] = None,
    src: Annotated[
        Path | None,
        typer.Option(
            "--src",
            help="COMET: source text (line-aligned with --lines, else aligned to the reference).",
        ),
    ] = None,
    comet_model: Annotated[
        str,
        typer.Option("--comet-model", help="COMET model name (local HF cache) or checkpoint path."),
    ] = "Unbabel/wmt22-comet-da",
    allow_download: Annotated[
        bool, typer.Option("--allow-download", help="COMET: download a model not cached.")
    ] = False,
    comet_src_from_ref: Annotated[
        bool,
        typer.Option("--comet-src-from-ref", help="COMET without --src: use the reference."),
    ] = False,
    gpus: Annotated[
        int | None, typer.Option("--gpus", help="COMET: GPUs (default: 1 if CUDA, else CPU).")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="COMET batch size.")] = 16,
    significance: Annotated[
        str, typer.Option("--significance", help="Paired test: none, bootstrap or ar.")
    ] = "none",
    resamples: Annotated[
        int | None,
        typer.Option("--resamples", help="Bootstrap resamples / AR trials (1000 / 10000)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the tests.")] = DEFAULT_SEED,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="System compared with (default: first).")
    ] = None,
    bootstrap_unit: Annotated[
        str,
        typer.Option("--bootstrap-unit", help="Resampled unit: segment, or document (--docids)."),
    ] = "segment",
) -> None:
    """Segment, align and score MT versions against a reference."""
    from mtcompare.analysis.significance import SignificanceConfig
    from mtcompare.pipeline import ScoreOptions, score  # the scoring stack: loaded only to score

    check_choice(fmt, FORMATS, "--format")
    store = open_for_score(db, no_save)
    with ProgressBar(quiet) as bar:
        run = score(
            ref,
            hyps,
            ScoreOptions(
                metrics=metrics,
                lines=lines,
                names=name,
                docids=docids,
                progress=bar,
                src=src,
                comet_model=comet_model,
                comet_src_from_ref=comet_src_from_ref,
                allow_download=allow_download,
                gpus=gpus,
                batch_size=batch_size,
                warn=lambda msg: print(f"mtcompare: warning: {msg}", file=sys.stderr),
                significance=SignificanceConfig(
                    significance, resamples, seed, baseline, bootstrap_unit
                ),
                errors=not no_errors,
            ),
        )
    render(run, fmt, output, segments, errors_only)
    if html is not None:
        write_report(run, html)
    save_scored(store, run, label)


app.command("diff")(diff_cmd)
app.command("report")(report_cmd)
app.add_typer(runs_app, name="runs")


def main(argv: list[str] | None = None) -> int:
    """Console entry point: one-line errors, exit code 2 for any usage or input error."""
    try:
        app(args=argv, standalone_mode=False)
    except InputError as exc:
        print(f"mtcompare: error: {exc}", file=sys.stderr)
        return 2
    except typer.Abort:
        print("mtcompare: aborted", file=sys.stderr)
        return 130
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # usage errors: bad or missing options
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if message.strip():  # empty for "no arguments": the help was already shown
            print(f"mtcompare: error: {' '.join(message.split())}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
