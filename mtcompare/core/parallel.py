"""Split a CPU-bound per-item computation between this process and forked workers.

Forking (not spawning) lets the workers read large in-memory state, such as a metric's
cached reference n-grams, without pickling it; only the small per-item results travel
back through a pipe. Items are dealt round-robin so that slow items (long sentences
for TER) spread evenly. Falls back to a plain loop where fork is unavailable, on one
core, or for small inputs.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: With progress, each process maps its share in about this many pieces and reports each.
PROGRESS_PIECES = 50


def _chunked(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    report: Callable[[int], None] | None,
) -> list[R]:
    """``func(items)``, in pieces reported as done when ``report`` is given."""
    if report is None:
        return func(items)
    size = max(1, len(items) // PROGRESS_PIECES)
    out: list[R] = []
    for k in range(0, len(items), size):
        piece = items[k : k + size]
        out += func(piece)
        report(len(piece))
    return out


def _child(
    conn: mp.connection.Connection,
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    report: bool,
) -> None:
    try:
        tell = (lambda k: conn.send_bytes(pickle.dumps(("progress", k)))) if report else None
        conn.send_bytes(pickle.dumps(("ok", _chunked(func, items, tell))))
    except BaseException as exc:  # report, never hang the parent
        conn.send_bytes(pickle.dumps(("error", repr(exc))))
    finally:
        conn.close()


class _Children:
    """The parent's side of the workers' pipes: progress messages counted, results kept."""

    def __init__(
        self, pipes: list[mp.connection.Connection], progress: Callable[[int], None] | None
    ):
        self.pipes, self.progress, self.done = pipes, progress, 0
        self.results: dict[int, tuple[str, object]] = {}

    def tally(self, k: int) -> None:
        self.done += k
        if self.progress is not None:
            self.progress(self.done)

    def drain(self, block: bool = False) -> None:
        """Read what the workers sent (all of it, waiting, when ``block``)."""
        for i, conn in enumerate(self.pipes):
            while i not in self.results and (block or conn.poll()):
                status, value = pickle.loads(conn.recv_bytes())
                if status == "progress":
                    self.tally(value)
                else:
                    self.results[i] = (status, value)


def split_map(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int | None = None,
    min_items: int = 200,
    progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``func(items)`` computed on ``workers`` processes (default: all cores), same order.

    ``func`` maps a list of items to a list of results, one per item, and must be
    deterministic: the result is identical to ``func(items)``. ``progress(items done)``:
    the items are then mapped in pieces, each reported when done (workers included).
    """
    n = workers or available_cores()
    n = min(n, max(1, len(items) // max(1, min_items)))
    if n <= 1 or "fork" not in mp.get_all_start_methods():
        return _chunked(func, items, progress)
    ctx = mp.get_context("fork")
    shares = [list(items[k::n]) for k in range(n)]
    procs, pipes = [], []
    for share in shares[1:]:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_child, args=(send, func, share, progress is not None), daemon=True
        )
        proc.start()
        send.close()
        procs.append(proc)
        pipes.append(recv)
    children = _Children(pipes, progress)

    def own(k: int) -> None:
        children.tally(k)
        children.drain()

    results = [_chunked(func, shares[0], own if progress is not None else None)]
    children.drain(block=True)
    for i, proc in enumerate(procs):
        proc.join()
        status, value = children.results[i]
        if status != "ok":
            raise RuntimeError(f"worker process failed: {value}")
        results.append(value)  # type: ignore[arg-type]
    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    for k, part in enumerate(results):
        merged[k::n] = part
    return merged


def pool_map(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``[func(x) for x in items]`` on ``workers`` forked processes that live for the whole
    map, so what a process builds once (a loaded model, cached in a module) serves all its
    items; results in order, ``progress(done)`` after each. Items and results are pickled:
    for small per-item work on large shared state, :func:`split_map` is cheaper."""
    done: list[R] = []
    if workers <= 1 or len(items) <= 1 or "fork" not in mp.get_all_start_methods():
        for item in items:
            done.append(func(item))
            if progress is not None:
                progress(len(done))
        return done
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork")
    with ProcessPoolExecutor(min(workers, len(items)), mp_context=ctx) as pool:
        for result in pool.map(func, items):
            done.append(result)
            if progress is not None:
                progress(len(done))
    return done
