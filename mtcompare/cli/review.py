"""``mtcompare review ...``: what reviewers decided, and the variants a project accepts."""

from __future__ import annotations

from typing import Annotated

import typer

from mtcompare.cli.common import DbOpt, OutputOpt, check_choice, emit, emit_console, open_store

review_app = typer.Typer(
    help="Review decisions on flags (recorded in mtcompare serve) and accepted variants.",
    no_args_is_help=True,
)
variants_app = typer.Typer(help="Variants the project accepts.", no_args_is_help=True)
review_app.add_typer(variants_app, name="variants")

STATS_FORMATS = ("table", "json")
EXPORT_FORMATS = ("csv", "tsv", "json")


@review_app.command("stats")
def stats_cmd(
    runs: Annotated[list[str] | None, typer.Argument(help="Runs (default: all).")] = None,
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Per category, severity and system: confirmed, false alarms, unsure, precision."""
    from mtcompare.render import review_views as views
    from mtcompare.review.stats import review_stats
    from mtcompare.store import reviews

    check_choice(fmt, STATS_FORMATS, "--format")
    with open_store(db) as store:
        rows = review_stats(reviews.decisions(store, runs or None))
    if fmt == "json":
        emit(views.stats_json(rows), None)
    else:
        emit_console(lambda console: views.draw_stats(console, rows))


@review_app.command("export")
def export_cmd(
    run: Annotated[str, typer.Argument(help="The run.")],
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, tsv or json.")] = "csv",
    output: OutputOpt = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="CSV/TSV with a UTF-8 BOM, for spreadsheets.")
    ] = False,
) -> None:
    """Every decision on RUN with the flag and both texts, for CAT tools and spreadsheets."""
    from mtcompare.render import review_views as views
    from mtcompare.store import reviews

    check_choice(fmt, EXPORT_FORMATS, "--format")
    with open_store(db) as store:
        found = reviews.decisions(store, [run])
    text = views.decisions_json(found) if fmt == "json" else views.decisions_sheet(found, fmt)
    emit(("\ufeff" if excel and fmt != "json" else "") + text, output)


@variants_app.command("list")
def variants_list_cmd(
    db: DbOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Accepted variants: flags matching them are shown as accepted and not counted."""
    from mtcompare.render import review_views as views
    from mtcompare.store import reviews

    check_choice(fmt, STATS_FORMATS, "--format")
    with open_store(db) as store:
        found = reviews.variants(store)
    if fmt == "json":
        emit(views.variants_json(found), None)
    else:
        emit_console(lambda console: views.draw_variants(console, found))


@variants_app.command("add")
def variants_add_cmd(
    category: Annotated[str, typer.Option("--category", "-c", help="names, numbers, ...")],
    ref: Annotated[str, typer.Option("--ref", help="The reference's wording.")],
    hyp: Annotated[str, typer.Option("--hyp", help="The MT's wording it equals.")],
    note: Annotated[str, typer.Option("--note", help="Why (kept with it).")] = "",
    db: DbOpt = None,
) -> None:
    """Accept that the MT's HYP is as good as the reference's REF for CATEGORY."""
    from datetime import UTC, datetime

    from mtcompare.review.model import checked_note, checked_variant
    from mtcompare.store import reviews

    category, ref, hyp = checked_variant(category, ref, hyp)
    note, _ = checked_note(note, "")
    with open_store(db) as store:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        variant = reviews.add_variant(store, category, ref, hyp, note, "", created)
    emit(f"accepted variant #{variant.id}: {category} {ref!r} = {hyp!r}\n", None)


@variants_app.command("remove")
def variants_remove_cmd(
    variant: Annotated[int, typer.Argument(help="The variant's number (see list).")],
    db: DbOpt = None,
) -> None:
    """Stop accepting a variant: later runs flag it again."""
    from mtcompare.store import reviews

    with open_store(db) as store:
        reviews.remove_variant(store, variant)
    emit(f"removed variant #{variant}\n", None)
