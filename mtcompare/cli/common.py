"""What every command shares: option declarations, output, errors, the progress bar.

The options of the commands that score (``score``, ``diff``) are declared once, as the
fields of :class:`ScoringArgs`; :func:`scoring_options` adds them to a command, and
:meth:`ScoringArgs.score_options` is the one mapping onto the pipeline's ScoreOptions.
An option left unset maps to nothing, so each default lives in ScoreOptions (or
SignificanceConfig) alone. Output goes through :func:`emit`, :func:`emit_console` and
:func:`emit_run`: ``-`` or no path is stdout, anything else a file
(:mod:`mtcompare.core.fileout`), and a reader that closed stdout ends the command quietly.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import io
import os
import sys
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from mtcompare.core.errors import InputError
from mtcompare.core.fileout import check_output, write_output
from mtcompare.core.model import SEVERITIES, at_least
from mtcompare.metrics import DEFAULT_METRICS, known_metrics
from mtcompare.render.registry import plain_console, renderer
from mtcompare.render.terminal import visible

if TYPE_CHECKING:
    from mtcompare.batch import Batch
    from mtcompare.core.model import RunResult
    from mtcompare.pipeline import ScoreOptions
    from mtcompare.render.options import RenderOptions
    from mtcompare.store import Store

#: The path that means standard output, for ``-o`` and ``--html``.
STDOUT = "-"

# --- errors and warnings --------------------------------------------------------------


def message_line(text: object) -> str:
    """A message as one safe line: control characters (and newlines) escaped."""
    return visible(str(text), keep="")


def print_error(text: object) -> None:
    print(f"mtcompare: error: {message_line(text)}", file=sys.stderr)


def warn(text: str) -> None:
    print(f"mtcompare: warning: {message_line(text)}", file=sys.stderr)


def check_choice(value: str, choices: Sequence[str], option: str) -> str:
    if value not in choices:
        raise InputError(f"unknown {option} value {value!r} (choose from: {', '.join(choices)})")
    return value


# --- output ---------------------------------------------------------------------------


class StdoutClosed(Exception):
    """The reader of stdout went away (``| head``): stop quietly, the work is saved."""


def is_stdout(output: Path | str | None) -> bool:
    return output is None or str(output) == STDOUT


def check_outputs(**outputs: Path | None) -> None:
    """Refuse unusable output paths before any work: ``check_outputs(output=..., html=...)``.

    The keyword names the output in the message (``output``, ``html`` -> HTML report).
    """
    for what, path in outputs.items():
        if not is_stdout(path):
            check_output(path, _WHAT.get(what, what))  # type: ignore[arg-type]


_WHAT = {"html": "HTML report", "plot": "plot file"}


def _closed_stdout() -> StdoutClosed:
    """Point fd 1 at /dev/null so the interpreter's last flush cannot fail noisily."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return StdoutClosed()


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise _closed_stdout() from None


def emit(text: str, output: Path | None, what: str = "output") -> None:
    """``text`` to stdout (``output`` None or ``-``) or to the file ``output``."""
    if is_stdout(output):
        write_stdout(text)
    else:
        write_output(output, text, _WHAT.get(what, what))  # type: ignore[arg-type]


def emit_console(
    draw: Callable[[Console], None], output: Path | None = None, highlight: bool = True
) -> None:
    """A rich view: on stdout with the terminal's colour and width, in a file plain."""
    if not is_stdout(output):
        buf = io.StringIO()
        draw(plain_console(buf))
        emit(buf.getvalue(), output)
        return
    try:
        draw(_StdoutConsole(highlight=highlight))
        sys.stdout.flush()
    except BrokenPipeError:
        raise _closed_stdout() from None


class _StdoutConsole(Console):
    """rich's Console, but a closed stdout ends the command quietly (rich exits 1)."""

    def on_broken_pipe(self) -> None:
        raise _closed_stdout()


def emit_run(
    fmt: str, run: RunResult, options: RenderOptions, output: Path | None, excel: bool = False
) -> None:
    """``run`` rendered by the registry's ``fmt`` renderer, to ``output``; ``excel``: a
    text format with a UTF-8 byte order mark (``--excel``)."""
    check_choice(options.min_severity, SEVERITIES, "--min-severity")
    if options.min_severity != SEVERITIES[-1] or not options.show_accepted:
        run = at_least(run, options.min_severity, options.show_accepted)
    r = renderer(fmt)
    if r.terminal:
        emit_console(lambda console: r.draw(run, options, console), output, r.highlight)
    else:
        text = r.text(run, options)
        if excel:
            from mtcompare.render.sheet import excel_text

            text = excel_text(text)
        emit(text, output, "html" if fmt == "html" else "output")


# --- progress -------------------------------------------------------------------------


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
        stage = escape(visible(stage, keep=""))  # holds system names: no markup, no controls
        if self.task is None:
            self.task = self.progress.add_task(stage, total=total)
        shown = self.progress.tasks[0]
        edge = shown.description != stage or (done in (0, total) and shown.completed != done)
        self.progress.update(self.task, description=stage, completed=done, total=total)
        if edge:  # a stage's start and end drawn now, not at the next tick (short stages)
            self.progress.refresh()


# --- the store ------------------------------------------------------------------------

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="Store URL or path (default: $MTCOMPARE_DB or results/mtcompare.sqlite)."
    ),
]


def open_store(db: str | None) -> Store:
    from mtcompare.store import Store  # sqlalchemy: only for commands that use the store

    return Store(db)


def accepted_variants(store: Store | None) -> frozenset[tuple[str, str, str]]:
    """The keys of the variants ``store``'s project accepted (none without a store)."""
    if store is None:
        return frozenset()
    from mtcompare.store import reviews

    return frozenset(v.key for v in reviews.variants(store))


# --- shared option declarations -------------------------------------------------------

DEFAULT_METRICS_SPEC = ",".join(DEFAULT_METRICS)

HypsArg = Annotated[
    list[Path],
    typer.Argument(
        help="MT versions (text, HTML, DOCX, XLIFF, TMX; '-': stdin).", show_default=False
    ),
]
OptionalHypsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="MT versions with --ref, or one saved RESULT.json.", show_default=False),
]
_REF_HELP = "Reference translation ('-': stdin); repeat for several (the first drives alignment)."
RefOpt = Annotated[list[Path], typer.Option("--ref", "-r", help=_REF_HELP, show_default=False)]
OptionalRefOpt = Annotated[
    list[Path] | None, typer.Option("--ref", "-r", help=_REF_HELP, show_default=False)
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here ('-': stdout).")]
RawOpt = Annotated[
    bool,
    typer.Option("--raw", help="TSV/CSV: write cells as they are (no quote before =, +, -, @)."),
]
SegmentsOpt = Annotated[
    bool | None,
    typer.Option(
        "--segments/--no-segments",
        help="Table format: list aligned segments (default: yes unless --lines).",
    ),
]
MinSeverityOpt = Annotated[
    str,
    typer.Option(
        "--min-severity",
        help="Show flags of this severity or surer: check (all) or error (confident only).",
    ),
]
ShowAcceptedOpt = Annotated[
    bool,
    typer.Option(
        "--show-accepted", help="Also show flags of variants the project accepted (marked)."
    ),
]
ExcelOpt = Annotated[
    bool,
    typer.Option(
        "--excel", help="CSV/TSV: start with a UTF-8 byte order mark, so Excel reads UTF-8."
    ),
]
ErrorsOnlyOpt = Annotated[
    bool, typer.Option("--errors-only", help="Table format: list only flagged segments.")
]


def references(refs: Sequence[Path]) -> list[Path]:
    """The ``--ref`` files: at least one; several give multi-reference scores."""
    if not refs:
        raise InputError("Missing option '--ref'")
    return list(refs)


def single_ref(refs: Sequence[Path]) -> Path:
    """The one ``--ref``: a second one is refused, not silently dropped."""
    if len(refs) != 1:
        raise InputError(
            f"got {len(refs)} --ref files; mtcompare scores against one reference "
            "(several references are not supported yet)"
        )
    return refs[0]


class Group(str):
    """Marks a ScoringArgs option with the commands' option group it belongs to."""


INPUT, COMET, SIGNIFICANCE = Group("input"), Group("comet"), Group("significance")
_Opt = typer.Option


@dataclass
class ScoringArgs:
    """The options of every command that scores, as the user gave them (None: not given).

    Each field is declared once, with its typer option and group, in its annotation.
    """

    name: Annotated[
        list[str] | None, _Opt("--name", "-n", help="System name, once per MT file."), INPUT
    ] = None
    lines: Annotated[
        bool, _Opt("--lines", help="Files are line-aligned: no segmentation/alignment."), INPUT
    ] = False
    docids: Annotated[
        Path | None, _Opt("--docids", help="With --lines: one document id per line."), INPUT
    ] = None
    lang: Annotated[
        str | None,
        _Opt("--lang", help="Language of the reference and MT (default en): splitting, "
             "BLEU tokenizer, checks."),
        INPUT,
    ] = None  # fmt: skip
    format_in: Annotated[
        str | None,
        _Opt("--format-in", help="Input format of every file: text, html, docx, xliff, tmx "
             "(default: from the extension, checked against the content)."),
        INPUT,
    ] = None  # fmt: skip
    keep_boilerplate: Annotated[
        bool,
        _Opt("--keep-boilerplate", help="HTML: read all visible text, not only the article."),
        INPUT,
    ] = False
    src_from_file: Annotated[
        bool,
        _Opt("--src-from-file", help="Source from the XLIFF/TMX input's source segments "
             "(used anyway without --src)."),
        INPUT,
    ] = False  # fmt: skip
    metrics: Annotated[
        str, _Opt("--metrics", "-m", help=f"Comma-separated: {','.join(known_metrics())}."), INPUT
    ] = DEFAULT_METRICS_SPEC
    no_errors: Annotated[
        bool, _Opt("--no-errors", help="Skip error flagging (faster; no error flags)."), INPUT
    ] = False
    quiet: Annotated[bool, _Opt("--quiet", "-q", help="No progress bar."), INPUT] = False
    src: Annotated[
        Path | None,
        _Opt(
            "--src",
            help="Source text (line-aligned with --lines, else aligned; score --ref DIR: "
            "a directory).",
        ),
        COMET,
    ] = None
    comet_model: Annotated[
        str | None,
        _Opt("--comet-model", help="COMET model name (local HF cache) or checkpoint path."),
        COMET,
    ] = None
    allow_download: Annotated[
        bool, _Opt("--allow-download", help="COMET: download a model not cached."), COMET
    ] = False
    comet_src_from_ref: Annotated[
        bool, _Opt("--comet-src-from-ref", help="COMET without --src: use the reference."), COMET
    ] = False
    gpus: Annotated[
        int | None, _Opt("--gpus", help="COMET: GPUs (default: 1 if CUDA, else CPU)."), COMET
    ] = None
    batch_size: Annotated[
        int | None, _Opt("--batch-size", help="COMET: segments per forward pass."), COMET
    ] = None
    significance: Annotated[
        str | None,
        _Opt("--significance", help="Paired test: none (default), bootstrap or ar."),
        SIGNIFICANCE,
    ] = None
    resamples: Annotated[
        int | None,
        _Opt("--resamples", help="Bootstrap resamples / AR trials (1000 / 10000)."),
        SIGNIFICANCE,
    ] = None
    seed: Annotated[
        int | None, _Opt("--seed", help="Random seed of the tests (default: sacrebleu's)."),
        SIGNIFICANCE,
    ] = None  # fmt: skip
    baseline: Annotated[
        str | None, _Opt("--baseline", help="System compared with (default: first)."),
        SIGNIFICANCE,
    ] = None  # fmt: skip
    bootstrap_unit: Annotated[
        str | None,
        _Opt("--bootstrap-unit", help="Resampled unit: segment (default), or document (--docids)."),
        SIGNIFICANCE,
    ] = None

    def given(self) -> list[str]:
        """The options set to something other than their default (for error messages)."""
        blank = ScoringArgs()
        return [
            _declared(name)[0].param_decls[0]
            for name in _FIELDS
            if name != "quiet" and getattr(self, name) != getattr(blank, name)
        ]

    def score_options(self, progress: Callable[[str, int, int], None] | None) -> ScoreOptions:
        """The one mapping of the CLI options onto the pipeline's ScoreOptions."""
        from mtcompare.analysis.significance import SignificanceConfig
        from mtcompare.pipeline import ScoreOptions  # the scoring stack: loaded only to score

        significance = SignificanceConfig(
            **_given(
                method=self.significance,
                resamples=self.resamples,
                seed=self.seed,
                baseline=self.baseline,
                unit=self.bootstrap_unit,
            )
        )
        return ScoreOptions(
            **_given(
                metrics=self.metrics,
                lines=self.lines,
                names=self.name,
                docids=self.docids,
                language=self.lang,
                format_in=self.format_in,
                keep_boilerplate=self.keep_boilerplate or None,
                src_from_file=self.src_from_file or None,
                src=self.src,
                comet_model=self.comet_model,
                comet_src_from_ref=self.comet_src_from_ref,
                allow_download=self.allow_download,
                gpus=self.gpus,
                batch_size=self.batch_size,
            ),
            progress=progress,
            warn=warn,
            significance=significance,
            errors=not self.no_errors,
        )


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def score_run(
    ref: Path | Sequence[Path],
    hyps: Sequence[Path],
    args: ScoringArgs,
    accepted: frozenset = frozenset(),
) -> RunResult:
    """Score with a progress bar; the only way a command runs the pipeline. ``accepted``:
    the store's accepted variants (see ScoreOptions.accepted_variants)."""
    from mtcompare.pipeline import score

    with ProgressBar(args.quiet) as bar:
        opts = dataclasses.replace(args.score_options(bar), accepted_variants=accepted)
        return score(ref, hyps, opts)


def score_batch_run(
    batch: Batch,
    args: ScoringArgs,
    jobs: int | None,
    skip_bad: bool,
    scheduler: str | None,
    accepted: frozenset = frozenset(),
) -> RunResult:
    """Score a batch of articles (mtcompare.batch) with a progress bar over the articles."""
    from mtcompare.batch import score_batch

    with ProgressBar(args.quiet) as bar:
        opts = dataclasses.replace(
            args.score_options(bar),
            jobs=jobs,
            skip_bad=skip_bad,
            scheduler=scheduler,
            accepted_variants=accepted,
        )
        return score_batch(batch, opts)


def _declared(name: str) -> tuple[Any, Group, Any]:
    """The typer option, group and value type of ScoringArgs field ``name``."""
    hint = _HINTS[name]
    value_type, *extras = typing.get_args(hint)
    option = next(x for x in extras if not isinstance(x, Group))
    group = next(x for x in extras if isinstance(x, Group))
    return option, group, value_type


_HINTS = typing.get_type_hints(ScoringArgs, include_extras=True)
_FIELDS = [f.name for f in dataclasses.fields(ScoringArgs)]


def scoring_options(*groups: Group) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command the ScoringArgs options of ``groups`` (INPUT, COMET, SIGNIFICANCE);
    the command receives them as one ``scoring: ScoringArgs``."""
    chosen = [name for name in _FIELDS if _declared(name)[1] in groups]
    defaults = ScoringArgs()

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        own = [p for p in inspect.signature(func).parameters.values() if p.name != "scoring"]
        added = [
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=getattr(defaults, name),
                annotation=Annotated[_declared(name)[2], _declared(name)[0]],
            )
            for name in chosen
        ]

        @functools.wraps(func)
        def command(**kwargs: Any) -> Any:
            scoring = ScoringArgs(**{name: kwargs.pop(name) for name in chosen})
            return func(scoring=scoring, **kwargs)

        del command.__wrapped__  # typer must see the signature below, not func's
        own_hints = typing.get_type_hints(func, include_extras=True)
        params = [  # all keyword-only: typer calls with keywords, and order is free
            p.replace(
                kind=inspect.Parameter.KEYWORD_ONLY,
                annotation=own_hints.get(p.name, p.annotation),
            )
            for p in own
        ]
        at = next((k + 1 for k, p in enumerate(params) if p.name == "ref"), len(params))
        params[at:at] = added  # in --help right after --ref, where a user looks for them
        signature = inspect.Signature(params)
        command.__signature__ = signature  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
        return command

    return decorate
