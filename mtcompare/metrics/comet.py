"""COMET scores through the real ``unbabel-comet`` package, offline-first.

COMET is optional (``pip install 'mtcompare[comet]'``, or ``pip install -e '.[comet]'``
in a source checkout): nothing here imports numpy, torch or comet until a
:class:`CometMetric` actually scores, so the registry and the core stay light.

As a metric (:class:`mtcompare.metrics.base.Metric`) COMET is like the others: its
statistics are ``[score, 1]`` per bead it scores and ``[0, 0]`` per bead it cannot
(an MT addition has no reference), so the corpus score, a document's score and every
resample are the mean over the scored beads, COMET's ``system_score``.

Why the extra machinery around ``comet``:

* **Offline-first.** A model *name* is looked up in the local Hugging Face cache only
  (``HF_HUB_OFFLINE=1``, ``local_files_only``) unless downloads are allowed, so a machine
  without network fails fast with an actionable message instead of hanging on retries or
  raising COMET's misleading ``KeyError: Model ... not supported``.
* **Efficiency.** All systems' segments go through one inference pass: identical
  (src, mt, ref) triples are scored once, triples are sorted by length so batches carry
  little padding, and torch uses one thread per process on CPU (on a loaded 2-core
  machine two threads fell from ~115 to 3 segments/s).
* **Quiet.** COMET sets the root logger to INFO on import and Lightning re-enables its
  loggers; we restore the root logger, silence those libraries and show one rich
  progress bar of our own on stderr.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import math
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mtcompare.core.errors import InputError
from mtcompare.metrics.base import MeanScorer, Metric, ProgressHook, VectorScorer, Where

if TYPE_CHECKING:
    import numpy as np

    from mtcompare.core.model import SegmentPair

DEFAULT_MODEL = "Unbabel/wmt22-comet-da"
#: Loggers of the libraries COMET pulls in; set to ERROR so only real problems surface.
_NOISY_LOGGERS = (
    "comet",
    "pytorch_lightning",
    "lightning",
    "lightning.pytorch",
    "lightning_fabric",
    "lightning.fabric",
    "transformers",
    "huggingface_hub",
    "torch",
)


class Triple(NamedTuple):
    """One COMET input: source, machine translation, reference."""

    src: str
    mt: str
    ref: str


@dataclass
class CometScores:
    """Scores for one group of triples (usually one system), in input order.

    ``system`` is the mean of ``segments``: that is how COMET defines ``system_score``.
    """

    segments: list[float]
    system: float


def _silence_loggers() -> None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    # Lightning's rank-zero "GPU available"/tip messages go through these children.
    for name in ("pytorch_lightning.utilities.rank_zero", "lightning.pytorch.utilities.rank_zero"):
        logging.getLogger(name).setLevel(logging.ERROR)


@contextlib.contextmanager
def _quiet_import() -> Iterator[None]:
    """Undo the global logging changes COMET makes on import, and hide import warnings."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    with warnings.catch_warnings():
        # torchmetrics 0.10 imports pkg_resources (deprecated), Lightning warns on pytree.
        warnings.simplefilter("ignore")
        try:
            yield
        finally:
            for handler in list(root.handlers):
                if handler not in handlers:
                    root.removeHandler(handler)
            root.setLevel(level)
            _silence_loggers()


def install_hint() -> str:
    """How to add the extra, matching how mtcompare itself was installed: a source
    checkout (an editable install) needs the extra of the checkout, not of PyPI."""
    if _from_source():
        return "pip install -e '.[comet]' (in the mtcompare source checkout)"
    return "pip install 'mtcompare[comet]'"


def _from_source() -> bool:
    """True for an editable install, or none (the package imported from a checkout)."""
    from importlib import metadata

    try:
        return is_editable(metadata.distribution("mtcompare").read_text("direct_url.json"))
    except metadata.PackageNotFoundError:
        return True


def is_editable(direct_url: str | None) -> bool:
    """PEP 610: ``pip install -e`` records ``{"dir_info": {"editable": true}, ...}`` in the
    distribution's ``direct_url.json``; an install from an index records no such file."""
    try:
        info = json.loads(direct_url or "{}")
    except ValueError:
        return False
    dir_info = info.get("dir_info") if isinstance(info, dict) else None
    return isinstance(dir_info, dict) and dir_info.get("editable") is True


def import_comet(allow_download: bool = False) -> Any:
    """Import ``comet`` quietly, or raise :class:`InputError` saying how to install it.

    ``HF_HUB_OFFLINE`` must be set before huggingface_hub is first imported (it reads the
    variable once), hence here and not at model-load time.
    """
    if not allow_download:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        spec = importlib.util.find_spec("comet")
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise InputError(f"COMET is not installed: run {install_hint()}")
    try:
        with _quiet_import():
            import comet
            import comet.models
    except (ImportError, OSError) as exc:  # OSError: a broken torch shared library
        raise InputError(
            f"COMET is installed but cannot be imported ({exc}): reinstall with {install_hint()}"
        ) from None
    return comet


# ---------------------------------------------------------------------------------------
# Model resolution


def _checkpoint_in(path: Path) -> Path | None:
    """The ``model.ckpt`` a user-given path designates: the file, its model dir or checkpoints/."""
    if path.is_file():
        return path
    for candidate in (path / "checkpoints" / "model.ckpt", path / "model.ckpt"):
        if candidate.is_file():
            return candidate
    return None


def _hf_cache_dir() -> str:
    try:
        from huggingface_hub import constants

        return str(constants.HF_HUB_CACHE)
    except ImportError:  # pragma: no cover - huggingface_hub comes with comet
        return str(Path.home() / ".cache" / "huggingface" / "hub")


def _legacy_cache_dir() -> Path:
    """Where COMET keeps its pre-Hub models (wmt20-comet-da, ...)."""
    return Path.home() / ".cache" / "torch" / "unbabel_comet"


def resolve_checkpoint(model: str, allow_download: bool = False) -> Path:
    """Return the ``model.ckpt`` for a checkpoint path or a model name.

    A name is looked up in the local Hugging Face cache (and COMET's legacy cache) only,
    unless ``allow_download``; no network is touched otherwise.
    """
    expanded = Path(model).expanduser()
    # Hub names are "org/name" (or a bare legacy name): anything else is a path.
    is_path = model.endswith(".ckpt") or model.startswith(("/", ".", "~")) or model.count("/") > 1
    if expanded.exists() or is_path:
        if not expanded.exists():
            raise InputError(f"COMET checkpoint not found: {model}")
        ckpt = _checkpoint_in(expanded)
        if ckpt is None:
            raise InputError(
                f"{model}: not a COMET model: expected checkpoints/model.ckpt inside the folder"
            )
        return ckpt.resolve()

    comet = import_comet(allow_download)
    from huggingface_hub import snapshot_download

    cache = _hf_cache_dir()
    legacy = _legacy_cache_dir() / model / "checkpoints" / "model.ckpt"
    if not allow_download:
        if legacy.is_file():
            return legacy
        try:
            snapshot = snapshot_download(repo_id=model, local_files_only=True)
        except Exception:  # LocalEntryNotFoundError, HFValidationError, OSError
            snapshot = None
        if snapshot is not None:
            ckpt = Path(snapshot) / "checkpoints" / "model.ckpt"
            if ckpt.is_file():
                return ckpt
        raise InputError(
            f"COMET model {model!r} is not in the local Hugging Face cache ({cache}) "
            f"nor in {_legacy_cache_dir()}: rerun with --allow-download to fetch it once, "
            "or pass --comet-model PATH to a COMET checkpoint (.../checkpoints/model.ckpt)"
        )
    try:
        with _quiet_import():
            path = comet.download_model(model)
    except KeyError:
        # COMET's own message ("not supported by COMET") hides the real cause.
        raise InputError(
            f"could not download COMET model {model!r}: no such model on the Hugging Face Hub, "
            "the network is unreachable (or HF_HUB_OFFLINE is set), or the model is gated "
            "(accept its licence and run `huggingface-cli login`); "
            "alternatively pass a checkpoint path"
        ) from None
    return Path(path)


# ---------------------------------------------------------------------------------------
# Checkpoint hash (signatures)

_HASH_MEMO: dict[tuple[str, int, int], str] = {}


def _hash_cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mtcompare" / "ckpt_sha256.json"


def checkpoint_sha256(path: Path) -> str:
    """SHA-256 of a checkpoint file, cached by (path, size, mtime).

    Real COMET checkpoints are gigabytes; hashing one takes seconds, so the digest is
    memoised in-process and in a small JSON file under ``~/.cache/mtcompare``.
    """
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key in _HASH_MEMO:
        return _HASH_MEMO[key]
    cache_file = _hash_cache_file()
    disk_key = "|".join(map(str, key))
    try:
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    digest = stored.get(disk_key) if isinstance(stored, dict) else None
    if not isinstance(digest, str):
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
        if not isinstance(stored, dict):
            stored = {}
        stored[disk_key] = digest
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(stored, indent=0), encoding="utf-8")
            tmp.replace(cache_file)
        except OSError:
            pass  # a read-only home only costs a re-hash next time
    _HASH_MEMO[key] = digest
    return digest


# ---------------------------------------------------------------------------------------
# Loading

_MODEL_CACHE: dict[tuple[str, int, int], Any] = {}


def _load_model(ckpt: Path, allow_download: bool) -> Any:
    """Load (once per process) a COMET model, turning every failure into an InputError."""
    comet = import_comet(allow_download)
    st = ckpt.stat()
    key = (str(ckpt), st.st_size, st.st_mtime_ns)
    if key in _MODEL_CACHE:
        return _MODEL_CACHE[key]
    if not (ckpt.parents[1] / "hparams.yaml").is_file():
        raise InputError(
            f"{ckpt}: not a COMET checkpoint: {ckpt.parents[1] / 'hparams.yaml'} is missing"
        )
    try:
        with _quiet_import():
            model = comet.load_from_checkpoint(str(ckpt), local_files_only=not allow_download)
    except OSError as exc:
        # transformers cannot find the encoder's tokenizer/config (e.g. xlm-roberta-large).
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"cannot load COMET model {ckpt}: its encoder is not available locally ({first}); "
            "rerun with --allow-download once to cache it"
        ) from None
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{ckpt}: not a valid COMET checkpoint ({first[:200]})") from None
    model.eval()
    _MODEL_CACHE[key] = model
    return model


@contextlib.contextmanager
def _torch_threads(n: int | None) -> Iterator[None]:
    import torch

    if n is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(max(1, n))
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _to_device(batch: Any, device: Any) -> Any:
    if hasattr(batch, "to") and callable(batch.to):
        return batch.to(device)
    if isinstance(batch, dict):
        return type(batch)({k: _to_device(v, device) for k, v in batch.items()})
    if isinstance(batch, (list, tuple)):
        return type(batch)(_to_device(v, device) for v in batch)
    return batch


@dataclass(frozen=True)
class _Runner:
    """What a process needs to score batches. Plain and picklable, so a forked or Dask
    worker process loads the model once (:data:`_MODEL_CACHE`) for all its batches."""

    ckpt: str
    allow_download: bool
    #: ``cpu``, ``cuda``, or ``auto`` (a cluster worker: CUDA if it has it).
    device: str
    threads: int | None


def _score_batch(batch: list[dict[str, str]], runner: _Runner) -> list[float]:
    """One forward pass; a batch's scores do not depend on where it runs (same batch,
    same numbers), which keeps local, multi-process and cluster runs identical."""
    import torch

    if not Path(runner.ckpt).is_file():  # a cluster worker without the model at that path
        import socket

        raise InputError(
            f"COMET checkpoint {runner.ckpt} is not readable on {socket.gethostname()}: "
            "every Dask worker needs the model at the same path"
        )
    model = _load_model(Path(runner.ckpt), runner.allow_download)
    kind = runner.device
    if kind == "auto":
        kind = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(kind)
    model.to(device)
    with _torch_threads(runner.threads if kind == "cpu" else None), torch.inference_mode():
        pred = model.predict_step(_to_device(model.prepare_for_inference(batch), device))
    return [float(s) for s in pred["scores"].view(-1).tolist()]


def _score_batches(batches: Sequence[list[dict[str, str]]], runner: _Runner) -> list[list[float]]:
    return [_score_batch(batch, runner) for batch in batches]


#: COMET batches per Dask worker and map: small pieces keep GPUs busy and the bar moving.
CLUSTER_PIECES_PER_WORKER = 16


class CometMetric(Metric):
    """One COMET model, scoring (src, mt, ref) triples.

    Args:
        model: COMET model name (looked up in the local Hugging Face cache) or a path to
            ``.../checkpoints/model.ckpt`` or to the model folder that holds it.
        allow_download: fetch a named model from the Hugging Face Hub if it is not cached.
        batch_size: segments per forward pass.
        gpus: number of GPUs; ``None`` means one if CUDA is available, else CPU.
        progress: show a rich progress bar on stderr while scoring.
        threads: torch CPU threads during scoring (``None`` leaves torch's default).
        workers: processes scoring batches on the CPU, each loading the model once (a
            run's ``--jobs`` when given: the default of all cores could exhaust memory).
        scheduler: a Dask scheduler whose workers score the batches (``tcp://...``).
    """

    name = "comet"
    label = "COMET"
    digits = 4
    sentence_digits = 6
    chart_scale = (0.0, 1.0)
    needs_source = True

    @classmethod
    def from_options(cls, options: Any) -> CometMetric:
        """From a run's ``ScoreOptions``; the run's progress callback shows the batches."""
        return cls(
            options.comet_model,
            allow_download=options.allow_download,
            batch_size=options.batch_size,
            gpus=options.gpus,
            progress=False,
            workers=options.jobs or 1,  # only when asked: each process loads the model
            scheduler=options.scheduler,
        )

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        allow_download: bool = False,
        batch_size: int = 16,
        gpus: int | None = None,
        progress: bool = True,
        threads: int | None = 1,
        workers: int = 1,
        scheduler: str | None = None,
    ) -> None:
        if batch_size < 1:
            raise InputError(f"--batch-size must be at least 1, got {batch_size}")
        if gpus is not None and gpus < 0:
            raise InputError(f"--gpus must be 0 or more, got {gpus}")
        self.model_name = model
        self.allow_download = allow_download
        self.batch_size = batch_size
        self.gpus = gpus
        self.progress = progress
        self.threads = threads
        self.workers = workers
        self.scheduler = scheduler
        self._ckpt: Path | None = None
        self._model: Any = None

    # -- resolution and metadata ------------------------------------------------------

    @property
    def checkpoint(self) -> Path:
        """The resolved ``model.ckpt`` (resolving does not load the model)."""
        if self._ckpt is None:
            self._ckpt = resolve_checkpoint(self.model_name, self.allow_download)
        return self._ckpt

    def load(self) -> Any:
        """Resolve and load the model (cached per process); returns the COMET model."""
        if self._model is None:
            self._model = _load_model(self.checkpoint, self.allow_download)
        return self._model

    def signature(self, source: str | None = None) -> str:
        """``comet|model:NAME|ckpt:sha256-HASH16|version:X[|src:SOURCE]``.

        ``source`` records where the COMET source side came from (``file``, ``ref``...);
        by default the kind of the run's source (:meth:`use_source`), if any.
        """
        if source is None and self.source is not None:
            source = self.source.kind
        comet = import_comet(self.allow_download)
        digest = checkpoint_sha256(self.checkpoint)[:16]
        parts = [
            "comet",
            f"model:{self.display_name}",
            f"ckpt:sha256-{digest}",
            f"version:{getattr(comet, '__version__', '?')}",
        ]
        if source:
            parts.append(f"src:{source}")
        return "|".join(parts)

    def meta(self) -> dict[str, Any] | None:
        """What the run records about COMET: model, checkpoint hash, version, source."""
        comet = import_comet(self.allow_download)
        return {
            "model": self.display_name,
            "model_arg": self.model_name,
            "checkpoint": str(self.checkpoint),
            "checkpoint_sha256": checkpoint_sha256(self.checkpoint),
            "comet_version": getattr(comet, "__version__", "?"),
            "batch_size": self.batch_size,
            **({"source": self.source.describe()} if self.source is not None else {}),
        }

    @property
    def display_name(self) -> str:
        """The model name, or for a path the folder name holding ``checkpoints/``."""
        p = Path(self.model_name).expanduser()
        if p.exists():
            ckpt = self.checkpoint
            return ckpt.parents[1].name if ckpt.parent.name == "checkpoints" else ckpt.stem
        return self.model_name

    def _gpus(self) -> int:
        """GPUs to use; asking for more than CUDA has is an InputError, not a torch crash
        (on a cluster the workers' GPUs count, not this machine's)."""
        import torch

        if self.scheduler is not None and self.gpus is not None:
            return self.gpus
        available = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if self.gpus is None:
            return min(1, available)
        if self.gpus > available:
            raise InputError(
                f"--gpus {self.gpus} but {available} CUDA GPU(s) available "
                "(use --gpus 0 to run COMET on the CPU)"
            )
        return self.gpus

    def prepare(self) -> None:
        """The extra, the model and ``--gpus``, resolved before any file is aligned."""
        import_comet(self.allow_download)
        self.checkpoint  # noqa: B018 - resolve now: a missing model fails before alignment
        self._gpus()

    # -- statistics (mtcompare.metrics.base.Metric) ------------------------------------

    @staticmethod
    def stats_from_scores(scores: Sequence[float | None]) -> np.ndarray:
        """``[score, 1]`` per scored bead, ``[0, 0]`` where ``score`` is None."""
        import numpy as np

        rows = [[0.0, 0.0] if v is None else [float(v), 1.0] for v in scores]
        return np.asarray(rows, dtype=np.float64).reshape(-1, 2)

    def run_stats(
        self,
        systems: Sequence[Sequence[SegmentPair]],
        where: Where | None = None,
        progress: ProgressHook | None = None,
    ) -> list[np.ndarray]:
        """Every system's beads in one inference pass (see :meth:`score_groups`).

        Beads without reference sentences (MT additions, 0-1) get no COMET score: COMET
        needs a reference. Omissions (1-0) are scored with an empty translation. The
        source of a bead is its ``src`` (set by the pipeline from the run's source).
        """
        groups = [
            [Triple(self._source_of(s), s.hyp, s.ref) for s in segments if s.ref_ids]
            for segments in systems
        ]
        results = self.score_groups(groups, on_batch=progress)
        out = []
        for segments, result in zip(systems, results, strict=True):
            values = iter(result.segments)
            out.append(
                self.stats_from_scores([next(values) if s.ref_ids else None for s in segments])
            )
        return out

    def _source_of(self, seg: SegmentPair) -> str:
        if seg.src is not None:
            return seg.src
        if self.source is None:
            raise ValueError("COMET needs the beads' source (seg.src) or use_source()")
        return self.source.for_segment(seg.ref_ids, seg.ref)

    def stored_stats(self, segments: Sequence[SegmentPair]) -> np.ndarray:
        """From the stored (rounded) sentence scores; beads without one count nothing."""
        return self.stats_from_scores([s.scores.get(self.name) for s in segments])

    def corpus_score(self, stats: np.ndarray) -> float:
        """Mean over the scored beads (exactly summed): COMET's ``system_score``."""
        count = math.fsum(stats[:, 1]) if len(stats) else 0.0
        return math.fsum(stats[:, 0]) / count if count else float("nan")

    def sentence_scores(self, stats: np.ndarray) -> np.ndarray:
        return self.scorer().scores(stats)

    def scorer(self, exact: bool = True) -> VectorScorer:
        return MeanScorer(self.name, self.higher_is_better)

    # -- scoring ----------------------------------------------------------------------

    def score(
        self, triples: Sequence[tuple[str, str, str]], on_batch: ProgressHook | None = None
    ) -> CometScores:
        """Score one system's triples; see :meth:`score_groups`."""
        return self.score_groups([triples], on_batch=on_batch)[0]

    def score_groups(
        self,
        groups: Sequence[Sequence[tuple[str, str, str]]],
        on_batch: ProgressHook | None = None,
    ) -> list[CometScores]:
        """Score several systems' triples in one inference pass.

        Identical triples (across and within groups) are scored once; results come back
        per group in input order. ``on_batch(done, total)`` replaces our progress bar when
        the caller already shows one.
        """
        unique: dict[Triple, int] = {}
        index: list[list[int]] = []
        for group in groups:
            ids = []
            for t in group:
                triple = Triple(str(t[0]), str(t[1]), str(t[2]))
                ids.append(unique.setdefault(triple, len(unique)))
            index.append(ids)
        flat = self._predict(list(unique), on_batch)
        out = []
        for ids in index:
            seg = [flat[i] for i in ids]
            out.append(CometScores(seg, math.fsum(seg) / len(seg) if seg else float("nan")))
        return out

    def _predict(self, triples: list[Triple], on_batch: ProgressHook | None) -> list[float]:
        if not triples:
            return []
        gpus = self._gpus()
        samples = [{"src": t.src, "mt": t.mt, "ref": t.ref} for t in triples]
        if gpus > 1 and self.scheduler is None:
            # Multi-GPU needs Lightning's DDP machinery; COMET's predict handles it.
            with _quiet_import():
                pred = self.load().predict(
                    samples, batch_size=self.batch_size, gpus=gpus, progress_bar=False
                )
            return [float(s) for s in pred.scores]
        # Longest first: padding stays small, and memory trouble shows at the start.
        order = sorted(
            range(len(samples)),
            key=lambda i: -(len(triples[i].src) + len(triples[i].mt) + len(triples[i].ref)),
        )
        ids = [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        batches = [[samples[i] for i in group] for group in ids]
        scores: list[float] = [0.0] * len(samples)
        for group, result in zip(ids, self._run_batches(batches, gpus, on_batch), strict=True):
            for i, value in zip(group, result, strict=True):
                scores[i] = value
        return scores

    def _run_batches(
        self, batches: list[list[dict[str, str]]], gpus: int, on_batch: ProgressHook | None
    ) -> list[list[float]]:
        """Every batch scored: here, on ``workers`` CPU processes, or on the cluster."""
        device = "cuda" if gpus >= 1 else "cpu"
        sizes = [len(b) for b in batches]
        with self._progress(sum(sizes), on_batch) as advance:
            seen = 0

            def step(done: int) -> None:  # batches done -> segments advanced
                nonlocal seen
                advance(sum(sizes[seen:done]))
                seen = done

            if self.scheduler is not None:
                from mtcompare.core.cluster import cluster_map

                where = "auto" if self.gpus is None else device
                runner = _Runner(str(self.checkpoint), self.allow_download, where, self.threads)
                work = partial(_score_batches, runner=runner)
                return cluster_map(
                    work, batches, self.scheduler, pieces_per_worker=CLUSTER_PIECES_PER_WORKER,
                    progress=step,
                )  # fmt: skip
            from mtcompare.core.parallel import pool_map

            workers = self.workers if device == "cpu" else 1  # one GPU: one process
            if workers <= 1:
                self.load()  # here, once (and a load error is raised here)
            runner = _Runner(str(self.checkpoint), self.allow_download, device, self.threads)
            from concurrent.futures.process import BrokenProcessPool

            try:
                return pool_map(partial(_score_batch, runner=runner), batches, workers, step)
            except BrokenProcessPool:
                raise InputError(
                    f"a COMET scoring process died (out of memory? each of the {workers} "
                    "loads the model): rerun with fewer --jobs"
                ) from None

    @contextlib.contextmanager
    def _progress(
        self, total: int, on_batch: ProgressHook | None
    ) -> Iterator[Callable[[int], None]]:
        done = 0
        if on_batch is not None:

            def hook(n: int) -> None:
                nonlocal done
                done += n
                on_batch(done, total)

            yield hook
            return
        if not self.progress or total <= self.batch_size:
            yield lambda n: None
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn("COMET"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        try:
            progress.start()
        except Exception:  # another live display is active: stay silent
            yield lambda n: None
            return
        task = progress.add_task("comet", total=total)
        try:
            yield lambda n: progress.advance(task, n)
        finally:
            progress.stop()
