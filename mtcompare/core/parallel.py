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


def _child(
    conn: mp.connection.Connection, func: Callable[[Sequence[T]], list[R]], items: Sequence[T]
) -> None:
    try:
        conn.send_bytes(pickle.dumps(("ok", func(items))))
    except BaseException as exc:  # report, never hang the parent
        conn.send_bytes(pickle.dumps(("error", repr(exc))))
    finally:
        conn.close()


def split_map(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int | None = None,
    min_items: int = 200,
) -> list[R]:
    """``func(items)`` computed on ``workers`` processes (default: all cores), same order.

    ``func`` maps a list of items to a list of results, one per item, and must be
    deterministic: the result is identical to ``func(items)``.
    """
    n = workers or available_cores()
    n = min(n, max(1, len(items) // max(1, min_items)))
    if n <= 1 or "fork" not in mp.get_all_start_methods():
        return func(items)
    ctx = mp.get_context("fork")
    shares = [list(items[k::n]) for k in range(n)]
    children = []
    for share in shares[1:]:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(send, func, share), daemon=True)
        proc.start()
        send.close()
        children.append((proc, recv))
    results = [func(shares[0])]
    for proc, recv in children:
        status, value = pickle.loads(recv.recv_bytes())
        proc.join()
        if status != "ok":
            raise RuntimeError(f"worker process failed: {value}")
        results.append(value)
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
