"""Work split over a Dask cluster (``--scheduler``), for runs bigger than one machine.

The same contract as :func:`mtcompare.core.parallel.split_map`: ``func`` maps a list of
items to a list of results and is deterministic, so the merged result is identical to
``func(items)`` and to the local run. ``distributed`` (extra ``[dask]``) is imported only
here, only when a scheduler is named.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from mtcompare.core.errors import InputError

T = TypeVar("T")
R = TypeVar("R")

#: Environment variable naming the scheduler when ``--scheduler`` is not given.
SCHEDULER_ENV = "MTCOMPARE_SCHEDULER"
#: Seconds to wait for the scheduler before giving up with a one-line error.
CONNECT_TIMEOUT = 10
#: Pieces per worker: enough to balance uneven articles, few enough to keep overhead low.
PIECES_PER_WORKER = 4


def scheduler_address(given: str | None) -> str | None:
    """``--scheduler``, else ``$MTCOMPARE_SCHEDULER``, else None (run locally)."""
    return given or os.environ.get(SCHEDULER_ENV) or None


def _client(address: str, timeout: float):  # type: ignore[no-untyped-def]
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "--scheduler needs the Dask extra: pip install -e '.[dask]' "
            "(or pip install 'mtcompare[dask]')"
        ) from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def cluster_map(
    func: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    address: str,
    timeout: float = CONNECT_TIMEOUT,
    pieces_per_worker: int = PIECES_PER_WORKER,
    progress: Callable[[int], None] | None = None,
) -> list[R]:
    """``func(items)`` computed on the workers of the Dask scheduler at ``address``, in
    ``pieces_per_worker`` pieces per worker; ``progress(items done)`` as pieces finish."""
    if not items:
        return []
    with _client(address, timeout) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        n = min(len(items), workers * pieces_per_worker)
        shares = [list(items[k::n]) for k in range(n)]
        futures = client.map(func, shares, pure=False)
        if progress is not None:
            from distributed import as_completed

            sizes, done = {f.key: len(s) for f, s in zip(futures, shares, strict=True)}, 0
            for future in as_completed(futures, loop=client.loop):
                done += sizes[future.key]
                progress(done)
        parts = client.gather(futures)
    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    for k, part in enumerate(parts):
        merged[k::n] = part
    return merged
