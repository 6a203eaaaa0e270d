"""The ``mtcompare`` command line: the commands of :mod:`mtcompare.cli` wired together.

Every user error (bad file, bad option value, unavailable model, unusable output path)
is one line on stderr and exit code 2, never a traceback. A reader that closes stdout
early (``| head``) ends the command quietly with exit code 0, after the run was stored
and the files written.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from typing import Annotated

import typer

from mtcompare.cli.common import StdoutClosed, print_error, write_stdout
from mtcompare.cli.diff import diff_cmd
from mtcompare.cli.report import report_cmd
from mtcompare.cli.review import review_app
from mtcompare.cli.runs import runs_app
from mtcompare.cli.score import score_cmd
from mtcompare.cli.serve import serve_cmd
from mtcompare.core.errors import InputError
from mtcompare.core.version import __version__

app = typer.Typer(
    name="mtcompare",
    help="Compare machine translations of news articles against a reference.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        write_stdout(f"mtcompare {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Compare machine translations of news articles against a reference."""


app.command("score")(score_cmd)
app.command("diff")(diff_cmd)
app.command("report")(report_cmd)
app.add_typer(runs_app, name="runs")
app.command("serve")(serve_cmd)
app.add_typer(review_app, name="review")


def main(argv: list[str] | None = None) -> int:
    """Console entry point: one-line errors, exit code 2 for any usage or input error."""
    if hasattr(signal, "SIGXFSZ"):  # a file-size limit: an error line, not a core dump
        with contextlib.suppress(ValueError):  # not the main thread: leave it as it is
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        code = app(args=argv, standalone_mode=False)  # typer.Exit(n): n (a --fail-on gate)
    except InputError as exc:
        print_error(exc)
        return 2
    except StdoutClosed:
        return 0
    except typer.Abort:
        print("mtcompare: aborted", file=sys.stderr)
        return 130
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # usage errors: bad or missing options
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if message.strip():  # empty for "no arguments": the help was already shown
            print_error(" ".join(message.split()))
        return 2
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    raise SystemExit(main())
