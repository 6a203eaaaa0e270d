"""The cyclic garbage collector paused while a batch of beads is flagged (speed).

Flagging makes many small short-lived objects (tokens, memos, mentions) and keeps every
reference's analysis for the whole batch, so the collector's full passes, which walk the
whole heap, came back again and again: 13% of the CPU time on the 11,503-sentence
article pair of ``benchmarks/bench_long.py``. The checks make no reference cycles worth
collecting meanwhile (what they drop is freed by reference counting), and the collector
is switched back on, if it was on, when the batch is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; the previous state after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
