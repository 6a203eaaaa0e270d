"""``mtcompare diff``: aligned pairs with word-level differences, for a translator's review.

The run comes from scoring (``--ref`` and MT files, with the options of ``score``), from
the store (``--run ID``) or from a saved ``score -f json`` file; the view is the
registry's ``diff`` renderer (``--format text``) or its flag export (``tsv``, ``csv``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mtcompare.cli.common import (
    COMET,
    INPUT,
    DbOpt,
    MinSeverityOpt,
    OptionalHypsArg,
    OptionalRefOpt,
    OutputOpt,
    RawOpt,
    ScoringArgs,
    check_choice,
    check_outputs,
    emit_run,
    open_store,
    references,
    score_run,
    scoring_options,
)
from mtcompare.core.errors import InputError
from mtcompare.core.model import CATEGORIES
from mtcompare.render.options import RenderOptions
from mtcompare.render.resultfile import load_result
from mtcompare.render.review import DEFAULT_BY, Review

if TYPE_CHECKING:
    from mtcompare.core.model import RunResult

#: ``--format`` value -> renderer.
DIFF_FORMATS = {"text": "diff", "tsv": "flags-tsv", "csv": "flags-csv"}


@scoring_options(INPUT, COMET)
def diff_cmd(
    scoring: ScoringArgs,
    hyps: OptionalHypsArg = None,
    ref: OptionalRefOpt = None,
    run: Annotated[
        str | None,
        typer.Option("--run", help="A stored run instead of scoring (id, prefix, latest~N)."),
    ] = None,
    db: DbOpt = None,
    category: Annotated[
        list[str] | None,
        typer.Option("--category", "-c", help=f"Only pairs flagged: {', '.join(CATEGORIES)}."),
    ] = None,
    worst: Annotated[
        int | None, typer.Option("--worst", help="Only the N pairs with the worst scores.")
    ] = None,
    by: Annotated[
        str, typer.Option("--by", help=f"Metric for --worst (default {DEFAULT_BY}).")
    ] = DEFAULT_BY,
    system: Annotated[
        list[str] | None, typer.Option("--system", "-s", help="Only this system (repeatable).")
    ] = None,
    against: Annotated[
        str | None,
        typer.Option("--against", help="Diff the systems against this system, not the reference."),
    ] = None,
    article: Annotated[
        list[str] | None,
        typer.Option(
            "--article", "-a", help="Only this article (batch runs, --docids; repeatable)."
        ),
    ] = None,
    by_reference: Annotated[
        bool,
        typer.Option(
            "--by-reference",
            help="Per reference sentence, every system's version, best first (by --by).",
        ),
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, or tsv/csv: one row per error flag.")
    ] = "text",
    output: OutputOpt = None,
    raw: RawOpt = False,
    min_severity: MinSeverityOpt = "check",
) -> None:
    """Show aligned pairs with word-level differences, error badges and sentence scores."""
    check_choice(fmt, tuple(DIFF_FORMATS), "--format")
    review = Review(
        tuple(category or ()),
        worst,
        by,
        tuple(system or ()),
        against,
        tuple(article or ()),
        by_reference,
    ).check()
    for given, name in ((against is not None, "--against"), (by_reference, "--by-reference")):
        if given and fmt != "text":
            raise InputError(f"{name} shows a diff; it cannot be exported with --format tsv/csv")
    check_outputs(output=output)
    result = _source(scoring, hyps or [], ref or [], run, db)
    emit_run(
        DIFF_FORMATS[fmt],
        result,
        RenderOptions(raw=raw, review=review, min_severity=min_severity),
        output,
    )


def _source(
    scoring: ScoringArgs, hyps: list[Path], refs: list[Path], run: str | None, db: str | None
) -> RunResult:
    """The run to review: scored now, stored (``--run``), or saved as JSON."""
    if refs:
        if run is not None:
            raise InputError("--run shows a stored run; it cannot be combined with --ref")
        if not hyps:
            raise InputError("no MT file given")
        return score_run(references(refs), hyps, scoring)
    given = scoring.given()
    if given:
        raise InputError(f"{given[0]} needs --ref and MT files (a saved run is shown as scored)")
    if run is not None:
        if hyps:
            raise InputError("--run shows a stored run; give no MT files with it")
        with open_store(db) as store:
            return store.load(run)
    if len(hyps) == 1:
        return load_result(hyps[0])
    raise InputError("diff needs --ref REFERENCE and MT files, one saved RESULT.json, or --run ID")
