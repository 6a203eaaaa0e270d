"""``mtcompare report``: the HTML review page of a run saved with ``score -f json``, or
of a stored run given by its id."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mtcompare.cli.common import DbOpt, check_outputs, emit_run, is_stdout, open_store
from mtcompare.render.options import RenderOptions
from mtcompare.render.resultfile import load_result

if TYPE_CHECKING:
    from mtcompare.core.model import RunResult

#: What a run id looks like (an id, a prefix, ``latest``, ``latest~N``): anything else
#: that is not an existing file is read as a result file, so a typo in a file name is a
#: file error and never creates a run store.
_RUN_ID = re.compile(r"^(?:[0-9a-f]{1,16}|(?:latest|last)(?:~\d+)?)$", re.IGNORECASE)


def report_cmd(
    result: Annotated[
        str,
        typer.Argument(
            help="A run saved with: score --format json, or a stored run's id (latest, latest~1)."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="HTML file (default: RESULT.html, or run-ID.html for a run id; '-': stdout).",
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Write the self-contained HTML review report of a saved JSON result or a stored run,
    and say where on stderr."""
    path = Path(result)
    by_id = not path.exists() and bool(_RUN_ID.match(result))
    options = RenderOptions()
    if not by_id:
        target = output or path.with_suffix(".html")
        check_outputs(html=target)
        run = load_result(path)
    else:
        run_id, run, decided = _stored(db, result)
        target = output or Path(f"run-{run_id}.html")
        check_outputs(html=target)
        options = RenderOptions(decisions=decided)
    emit_run("html", run, options, target)
    if not is_stdout(target):
        print(f"mtcompare: report written to {target}", file=sys.stderr)


def _stored(db: str | None, ref: str) -> tuple[str, RunResult, dict[str, list[str]]]:
    """A stored run and its reviewers' newest decision on each flag (shown read-only)."""
    from mtcompare.review.model import shown
    from mtcompare.store import reviews

    with open_store(db) as store:
        run_id = store.resolve(ref)
        return run_id, store.load(run_id), shown(reviews.decisions(store, [run_id]))
