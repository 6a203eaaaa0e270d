"""Reading input files: bounded chunked reading against one ``read_bytes``, and the cost
of refusing endless input.

Run:  python benchmarks/bench_textio.py [--wmt DIR] [--mb 5] [--repeat 20]

Builds a file of about ``--mb`` MB from the WMT22 de-en references (the repository's
example reference when the shared data is absent), then times ``read_text`` (chunks of
1 MiB, size limit, UTF-8/16/32 detection) against the plain whole-file read it replaced,
the same file re-encoded as UTF-16, and ``/dev/zero`` refused at the 64 MiB limit. Peak
memory is measured with tracemalloc.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from mtcompare.core.errors import InputError
from mtcompare.core.textio import TextFile, read_text

REPO = Path(__file__).resolve().parents[1]
WMT = REPO.parent / "shared" / "data" / "wmt22" / "de-en"


def plain_read(path: Path) -> TextFile:
    """What read_text did before (its checks, less the error messages): the whole file
    at once, no limit, UTF-8 only."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise InputError("binary")
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    if not text.strip():
        raise InputError("empty")
    return TextFile(str(path), text, hashlib.sha256(data).hexdigest())


def measure(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(median seconds, peak traced MiB) of ``fn()``; an InputError counts as done."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        with contextlib.suppress(InputError):
            fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    with contextlib.suppress(InputError):
        fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / (1 << 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wmt", type=Path, default=WMT)
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sources = sorted(args.wmt.glob("generaltest2022.de-en.ref.*.en")) or [
        REPO / "references" / "example.en.txt"
    ]
    seed = b"".join(p.read_bytes() for p in sources)
    body = seed * max(1, int(args.mb * 1e6 / len(seed)))
    with tempfile.TemporaryDirectory() as tmp:
        utf8 = Path(tmp) / "big.utf8.txt"
        utf8.write_bytes(body)
        utf16 = Path(tmp) / "big.utf16.txt"
        utf16.write_bytes(body.decode("utf-8").encode("utf-16"))
        print(f"input: {len(body) / 1e6:.1f} MB of {', '.join(p.name for p in sources)}")
        rows = [
            ("whole-file read (before)", lambda: plain_read(utf8)),
            ("read_text, UTF-8", lambda: read_text(utf8)),
            (f"read_text, UTF-16 ({utf16.stat().st_size / 1e6:.1f} MB)", lambda: read_text(utf16)),
            ("read_text, /dev/zero refused", lambda: read_text("/dev/zero")),
        ]
        for name, fn in rows:
            seconds, peak = measure(fn, args.repeat)
            print(f"  {name:34s} {seconds * 1000:8.1f} ms   peak {peak:7.1f} MiB")


if __name__ == "__main__":
    main()
