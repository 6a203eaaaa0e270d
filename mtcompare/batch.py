"""Many articles x many engines in one run: discovery, pairing on all cores, one RunResult.

A batch is a set of articles, each with one reference file and at most one file per
system (``--ref REF_DIR ENGINE_DIR ...``, paired by file stem, or a ``--manifest``).
The run is the single-article run over the concatenation of the articles: reference
sentence ids are offset so that they are unique across articles, every segment carries
its article as ``doc_id`` (so ``doc_scores`` and ``--bootstrap-unit document`` work as
with ``--docids``), and an article a system lacks counts as omitted for it, every
reference sentence a 1-0 bead, so corpus scores of all systems cover the same text.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from mtcompare.alignment.monolingual import AlignConfig
from mtcompare.alignment.source import SourceAlignment, SourceBead, SourceSide, source_side
from mtcompare.core.errors import InputError
from mtcompare.core.model import RunResult, SegmentPair, SystemResult
from mtcompare.core.parallel import split_map
from mtcompare.core.textio import TextFile, read_text
from mtcompare.pipeline import (
    Document,
    Inputs,
    Plan,
    Reading,
    ScoreOptions,
    assemble,
    check_unique,
    coverage_warning,
    flag_errors,
    give_source,
    load_document,
    paired_tests,
    plan_run,
    read_and_pair,
    score_metrics,
)

#: The system names of the reference and of the source in a manifest.
REF = "ref"
SRC = "src"


@dataclass
class Article:
    """One article: its reference file and each system's file (None: the system lacks it)."""

    name: str
    ref: Path
    hyps: list[Path | None]
    #: The article's source text (``--src DIR`` or manifest system ``src``), if any.
    src: Path | None = None


@dataclass
class Batch:
    """What a batch run reads: system names, articles in order, and what discovery noticed."""

    names: list[str]
    articles: list[Article]
    #: Where the reference came from (a directory or a manifest), for the run's header.
    origin: str
    #: Each system's input as the run records it: its directory, or the manifest.
    paths: list[str]
    #: One-line warnings: missing articles, MT files without a reference.
    notes: list[str] = dataclasses.field(default_factory=list)
    #: Where the sources came from (a directory or the manifest); None: no source given.
    src_origin: str | None = None


# -- discovery -------------------------------------------------------------------------------


def _files_by_stem(folder: Path, what: str) -> dict[str, Path]:
    """Regular, non-hidden files of ``folder`` by stem; two files with one stem are refused."""
    if not folder.is_dir():
        raise InputError(f"{what} is not a directory: {folder} (with --ref DIR, MT inputs are too)")
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.stem in found:
            raise InputError(
                f"two files for article {path.stem!r} in {folder}: {found[path.stem].name}, "
                f"{path.name}"
            )
        found[path.stem] = path
    return found


def _pair(
    origin: str,
    names: list[str],
    refs: dict[str, Path],
    hyps: list[dict[str, Path]],
    paths: list[str],
) -> Batch:
    """Articles in reference order; warnings for missing articles and MT without reference."""
    if not refs:
        raise InputError(f"no reference article found in {origin}")
    articles = [Article(a, path, [h.get(a) for h in hyps]) for a, path in sorted(refs.items())]
    notes = []
    for name, files in zip(names, hyps, strict=True):
        missing = [a for a in refs if a not in files]
        if missing:
            notes.append(
                f"{name} has no file for {len(missing)} article(s), counted as omitted: "
                + ", ".join(sorted(missing))
            )
        extra = sorted(a for a in files if a not in refs)
        if extra:
            notes.append(f"{name}: no reference for {', '.join(extra)}; ignored")
    return Batch(names, articles, origin, paths, notes)


def discover(
    ref_dir: str | Path, hyp_dirs: Sequence[str | Path], names: Sequence[str] | None
) -> Batch:
    """A batch from one reference directory and one directory per system."""
    if not hyp_dirs:
        raise InputError("no MT directory given")
    if names and len(names) != len(hyp_dirs):
        raise InputError(f"got {len(names)} --name values for {len(hyp_dirs)} MT directories")
    systems = list(names) if names else [Path(d).resolve().name for d in hyp_dirs]
    check_unique(systems)
    refs = _files_by_stem(Path(ref_dir), "reference")
    hyps = [_files_by_stem(Path(d), "MT input") for d in hyp_dirs]
    return _pair(str(ref_dir), systems, refs, hyps, [str(d) for d in hyp_dirs])


def read_manifest(path: str | Path) -> Batch:
    """A batch from a TSV/CSV with the columns ``article``, ``system``, ``path`` (a header
    row; relative paths are relative to the manifest; the reference is system ``ref``)."""
    from mtcompare.core.textio import read_text

    manifest = Path(path)
    text = read_text(manifest, "manifest").text
    delimiter = "," if manifest.suffix.lower() == ".csv" else "\t"
    rows = list(csv.DictReader(text.splitlines(), delimiter=delimiter))
    need = {"article", "system", "path"}
    if not rows or not need <= set(rows[0]):
        raise InputError(
            f"manifest {manifest} needs a header with the columns article, system, path "
            f"({'comma' if delimiter == ',' else 'tab'}-separated)"
        )
    names: list[str] = []
    table: dict[str, dict[str, Path]] = {}
    for line, row in enumerate(rows, 2):
        article, system, file = ((row.get(k) or "").strip() for k in ("article", "system", "path"))
        if not (article and system and file):
            raise InputError(f"manifest {manifest}, line {line}: article, system and path needed")
        files = table.setdefault(system, {})
        if article in files:
            raise InputError(f"manifest {manifest}, line {line}: {system}/{article} given twice")
        files[article] = manifest.parent / file
        if system not in (REF, SRC) and system not in names:
            names.append(system)
    if REF not in table:
        raise InputError(f"manifest {manifest} has no reference rows (system {REF!r})")
    if not names:
        raise InputError(f"manifest {manifest} has no MT rows (a system other than {REF!r})")
    hyps = [table[n] for n in names]
    batch = _pair(str(manifest), names, table[REF], hyps, [str(manifest)] * len(names))
    if SRC in table:
        _attach_sources(batch, table[SRC], str(manifest))
    return batch


def with_sources(batch: Batch, src_dir: str | Path) -> Batch:
    """``batch`` with each article's source from ``src_dir``, paired by file stem."""
    _attach_sources(batch, _files_by_stem(Path(src_dir), "source"), str(src_dir))
    return batch


def _attach_sources(batch: Batch, files: dict[str, Path], origin: str) -> None:
    """Each article's source; a source with no reference article is listed and ignored
    (a missing one is reported by :func:`score_batch`, which knows if COMET needs it)."""
    for article in batch.articles:
        article.src = files.get(article.name)
    known = {a.name for a in batch.articles}
    extra = sorted(a for a in files if a not in known)
    if extra:
        batch.notes.append(f"source: no reference for {', '.join(extra)}; ignored")
    batch.src_origin = origin


# -- loading, with --skip-bad ------------------------------------------------------------------


#: One article as loaded: its reference (or the message of a bad reference file) and its
#: source side (None: no source; a message: a bad source file).
Loaded = tuple[Document | str, SourceSide | str | None]


def _load_articles(items: Sequence[Article], reading: Reading, from_ref: bool) -> list[Loaded]:
    """Read and segment each reference, and read and align its source as single-article
    ``--src`` does (line by line, or aligned to the reference sentences); with
    ``from_ref`` and no source file, the reference stands in (``--comet-src-from-ref``)."""
    out: list[Loaded] = []
    for a in items:
        try:
            doc = load_document(a.ref, "reference", reading)
        except InputError as exc:
            out.append((str(exc), None))
            continue
        side: SourceSide | str | None = None
        try:
            if a.src is not None:
                side = source_side(read_text(a.src, "source file"), doc.units, reading.mode)
            elif from_ref:
                side = source_side(None, doc.units, reading.mode)
        except InputError as exc:
            side = str(exc)
        out.append((doc, side))
    return out


def _load_refs(
    plan: Plan, batch: Batch, skip: Callable[[str], None] | None
) -> tuple[list[Document], list[SourceSide | None]]:
    """Each reference article read and segmented once (with its source), on all cores; a
    bad reference fails the run, or with ``skip`` drops the article; a bad source fails
    the run, or with ``skip`` leaves the article without source."""
    opts = plan.opts
    from_ref = any(m.needs_source for m in plan.metrics) and batch.src_origin is None
    work = partial(_load_articles, reading=plan.reading, from_ref=from_ref)
    total = len(batch.articles)
    loaded = split_map(
        work,
        batch.articles,
        opts.jobs,
        min_items=20,
        progress=lambda done: plan.report("reading references", done, total),
    )
    kept, docs, sources = [], [], []
    for article, (doc, side) in zip(batch.articles, loaded, strict=True):
        if isinstance(doc, str):
            if skip is None:
                raise InputError(doc)
            skip(f"{doc} (article {article.name} left out)")
            continue
        if isinstance(side, str):
            if skip is None:
                raise InputError(side)
            skip(f"{side} (article {article.name} has no source)")
            article.src, side = None, None
        kept.append(article)
        docs.append(doc)
        sources.append(side)
    if not kept:
        raise InputError("every reference article was skipped: nothing to score")
    batch.articles = kept
    return docs, sources


#: One (article, system) pairing: its beads with article-local ids, MT sentences, sha256,
#: or the error message of a bad MT file.
Paired = tuple[list[SegmentPair], int, str] | str


def _pair_items(
    items: Sequence[tuple[int, int, Path]],
    refs: Sequence[Document],
    reading: Reading,
    config: AlignConfig,
) -> list[Paired]:
    """Read and pair each (article, system, path); a bad file gives its message, not a
    failed worker. Module-level with plain arguments, so a Dask worker can run it."""
    out: list[Paired] = []
    for a, _s, path in items:
        try:
            segs, hyp = read_and_pair(refs[a], path, reading, config)
        except InputError as exc:
            out.append(str(exc))
            continue
        out.append((segs, len(hyp.units), hyp.file.sha256))
    return out


def _pair_all(plan: Plan, batch: Batch, refs: Sequence[Document]) -> list[list[Paired | None]]:
    """Every (article, system) pair read and aligned, split over the cores."""
    opts = plan.opts
    tasks = [
        (a, s, path)
        for a, article in enumerate(batch.articles)
        for s, path in enumerate(article.hyps)
        if path is not None
    ]

    work = partial(_pair_items, refs=refs, reading=plan.reading, config=opts.align_config)
    n = len(batch.articles)

    def progress(done: int) -> None:  # pairs done, shown as articles
        stage = "reading" if plan.mode == "lines" else "aligning"
        plan.report(stage, done * n // max(1, len(tasks)), n)

    if opts.scheduler:
        from mtcompare.core.cluster import cluster_map

        results = cluster_map(work, tasks, opts.scheduler, progress=progress)
    else:
        results = split_map(work, tasks, opts.jobs, min_items=4, progress=progress)
    grid: list[list[Paired | None]] = [[None] * len(batch.names) for _ in batch.articles]
    for (a, s, _path), result in zip(tasks, results, strict=True):
        grid[a][s] = result
    return grid


# -- the run ---------------------------------------------------------------------------------


def score_batch(batch: Batch, options: ScoreOptions | None = None) -> RunResult:
    """Score every article of ``batch`` for every system in one run (see the module doc).

    ``options.src`` is a directory of source articles paired by file stem (unless the
    batch has its sources already, from a manifest)."""
    opts = options or ScoreOptions()
    if opts.docids:
        raise InputError("--docids does not apply to batch input (each file is an article)")
    if opts.src is not None and batch.src_origin is None:
        batch = with_sources(batch, opts.src)
    if batch.src_origin is not None:
        opts = dataclasses.replace(opts, src=batch.src_origin)
    warn = opts.warn or _no_warn
    skip = (lambda msg: warn(f"skipped: {msg}")) if opts.skip_bad else None
    plan = plan_run(batch.names, dataclasses.replace(opts, names=batch.names), articles=True)
    for note in batch.notes:
        warn(note)
    plan.report("reading references", 0, len(batch.articles))
    refs, sources = _load_refs(plan, batch, skip)
    _check_sources(plan, batch, warn)
    plan.report("reading" if plan.mode == "lines" else "aligning", 0, len(batch.articles))
    grid = _pair_all(plan, batch, refs)
    systems = _systems(plan, batch, refs, sources, grid, skip)
    inputs = _inputs(plan, batch, refs, sources)
    scored = score_metrics(plan, systems)
    if opts.errors:
        flag_errors(plan, inputs, systems)
    tested = (
        paired_tests(plan, inputs, systems, scored) if opts.significance.method != "none" else None
    )
    plan.report("done", len(systems), len(systems))
    run = assemble(plan, inputs, batch.origin, systems, tested)
    run.meta["articles"] = [a.name for a in batch.articles]
    return run


def _check_sources(plan: Plan, batch: Batch, warn: Callable[[str], None]) -> None:
    """Articles without a source: a warning, or an error where COMET needs the source."""
    if batch.src_origin is None:
        return
    missing = [a.name for a in batch.articles if a.src is None]
    if not missing:
        return
    listed = f"no source for {len(missing)} article(s) in {batch.src_origin}: {', '.join(missing)}"
    needing = [m.label for m in plan.metrics if m.needs_source]
    if needing:
        raise InputError(f"{listed} ({', '.join(needing)} needs the source of every article)")
    warn(f"{listed}; their error checks go without source")


def _no_warn(msg: str) -> None:
    import warnings

    warnings.warn(msg, stacklevel=3)


def _inputs(
    plan: Plan, batch: Batch, refs: Sequence[Document], sources: Sequence[SourceSide | None]
) -> Inputs:
    """The reference as one document (articles in order), each sentence's article, and
    the run's source (the articles' sources end to end)."""
    units = [u for doc in refs for u in doc.units]
    docids = [a.name for a, doc in zip(batch.articles, refs, strict=True) for _ in doc.units]
    file = TextFile(
        batch.origin,
        "",
        _digest((a.name, d.file.sha256) for a, d in zip(batch.articles, refs, strict=True)),
    )
    source = _joined_source(plan, batch, refs, sources)
    if source is not None:
        give_source(plan, source)
    return Inputs(Document(file, units), docids, source)


def _joined_source(
    plan: Plan, batch: Batch, refs: Sequence[Document], sources: Sequence[SourceSide | None]
) -> SourceSide | None:
    """One SourceSide over all articles, for the run's record and the metrics; each bead's
    own ``src`` comes from its article's source (:func:`_systems`)."""
    if batch.src_origin is None:
        needs = any(m.needs_source for m in plan.metrics)  # COMET with --comet-src-from-ref
        return SourceSide("reference") if needs else None
    hashes = [
        (a.name, side.file.sha256)
        for a, side in zip(batch.articles, sources, strict=True)
        if side is not None and side.file is not None
    ]
    file = TextFile(batch.src_origin, "", _digest(hashes))
    if plan.mode == "lines":
        lines: list[str] = []
        for doc, side in zip(refs, sources, strict=True):
            ok = side is not None and side.per_ref_unit is not None
            lines += side.per_ref_unit if ok else [""] * len(doc.units)  # type: ignore[union-attr]
        return SourceSide("file", per_ref_unit=lines, file=file)
    joined = SourceAlignment([], [], 0)
    for doc, side in zip(refs, sources, strict=True):
        part = side.alignment if side is not None else None
        if part is not None:
            at, n_ref, joined.joiner = len(joined.src_sentences), joined.n_ref, part.joiner
            joined.src_sentences += part.src_sentences
            joined.beads += [
                SourceBead([r + n_ref for r in b.ref_ids], [i + at for i in b.src_ids], b.cost)
                for b in part.beads
            ]
        joined.n_ref += len(doc.units)
    return SourceSide("file", alignment=joined, file=file)


def _digest(parts: Iterable[tuple[str, str]]) -> str:
    """One sha256 for a set of files: over their articles' names and own hashes."""
    h = hashlib.sha256()
    for name, sha in parts:
        h.update(f"{name}\t{sha}\n".encode())
    return h.hexdigest()


def _systems(
    plan: Plan,
    batch: Batch,
    refs: Sequence[Document],
    sources: Sequence[SourceSide | None],
    grid: list[list[Paired | None]],
    skip: Callable[[str], None] | None,
) -> list[SystemResult]:
    """Each system's beads over all articles, ids offset to be unique across articles;
    each bead's ``src`` from its article's source, as a single-article run sets it."""
    systems = []
    for s, name in enumerate(batch.names):
        segments: list[SegmentPair] = []
        ref_at = hyp_at = 0
        hashes = []
        for a, article in enumerate(batch.articles):
            ref, result = refs[a], grid[a][s]
            if isinstance(result, str):
                if skip is None:
                    raise InputError(result)
                skip(f"{result} (article {article.name} counted as omitted for {name})")
                result = None
            if result is None:
                local, n_hyp = _omitted(ref), 0
            else:
                local, n_hyp, sha = result
                hashes.append((article.name, sha))
                if plan.mode != "lines" and (
                    warning := coverage_warning(local, len(ref.units), str(article.hyps[s]))
                ):
                    (plan.opts.warn or _no_warn)(warning)
            for seg in local:
                if sources[a] is not None and seg.ref_ids:
                    seg.src = sources[a].for_segment(seg.ref_ids, seg.ref)  # type: ignore[union-attr]
                seg.ref_ids = [i + ref_at for i in seg.ref_ids]
                seg.hyp_ids = [j + hyp_at for j in seg.hyp_ids]
                seg.doc_id = article.name
            segments += local
            ref_at += len(ref.units)
            hyp_at += n_hyp
        systems.append(
            SystemResult(
                name=name,
                path=batch.paths[s],
                corpus={},
                signatures={},
                segments=segments,
                sentences=hyp_at,
                sha256=_digest(hashes),
            )
        )
    return systems


def _omitted(ref: Document) -> list[SegmentPair]:
    """An article a system lacks: every reference sentence an omission (a 1-0 bead)."""
    return [SegmentPair([i], [], unit, "") for i, unit in enumerate(ref.units)]
