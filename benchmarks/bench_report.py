"""HTML report at WMT scale: file size, generation time, opening time in headless chromium.

Run:  python benchmarks/bench_report.py [--wmt DIR] [--out report.html] [--repeat 3]

Scores WMT22 de-en (reference A against every ``hyp.*.en``, ``--lines --docids``: 9
systems x 1,984 pairs, per-article scores), then times ``build_report`` (word diffs +
JSON + SVG) and reports the file size, and opens the file from disk in Debian's
chromium (Playwright), timing from navigation start to the first page of rows in the
DOM (the page script's own ``performance.now()`` stamp and the wall-clock time seen by
the driver), then a category filter, a search, a sort over all 17,856 rows and the
switch to the by-reference view, and the page width at 390 px.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from devtools.browser import have_browser, launched  # noqa: E402
from mtcompare.pipeline import ScoreOptions, score  # noqa: E402
from mtcompare.render.html import build_report  # noqa: E402

WMT = REPO.parent / "shared" / "data" / "wmt22" / "de-en"


def open_times(path: Path, repeat: int) -> None:
    from playwright.sync_api import expect

    with launched() as browser:
        walls, ready = [], []
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_selector("#rows tr[data-pos]", timeout=60_000)
            walls.append(time.perf_counter() - t0)
            ready.append(page.evaluate("window.__reportReady") / 1000)
            rows = page.locator("#rows tr[data-pos]").count()
            page.close()
        print(f"  open to first rows:  {statistics.median(walls):.2f} s wall (median of {repeat})")
        print(f"  page script ready:   {statistics.median(ready):.2f} s after navigation start")
        print(f"  rows in the DOM:     {rows} (one page)")

        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        body, count = page.locator("body"), page.locator("#count")
        for label, action in (
            ("sort chrF worst", lambda: page.select_option("#f-sort", label="chrF: worst first")),
            ("filter 'numbers'", lambda: page.click("#f-cats button[data-cat='numbers']")),
            ("search 'percent'", lambda: page.fill("#f-search", "percent")),
        ):
            before = body.get_attribute("data-renders")
            t0 = time.perf_counter()
            action()
            expect(body).not_to_have_attribute("data-renders", before, timeout=30_000)
            print(f"  {label:<18}   {time.perf_counter() - t0:.2f} s -> {count.inner_text()}")
        page.close()
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        before = page.locator("body").get_attribute("data-renders")
        t0 = time.perf_counter()
        page.click("#v-byref")  # all 1,984 reference groups, 9 versions each, one page shown
        expect(page.locator("body")).not_to_have_attribute("data-renders", before, timeout=30_000)
        took = time.perf_counter() - t0
        print(f"  by-reference view    {took:.2f} s -> {page.locator('#count').inner_text()}")
        page.close()
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        width = page.evaluate("document.documentElement.scrollWidth")
        print(f"  page width at 390 px: {width} px (no horizontal page scroll if <= 400)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wmt", type=Path, default=WMT)
    ap.add_argument("--out", type=Path, default=None, help="keep the report here")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    ref = args.wmt / "generaltest2022.de-en.ref.A.en"
    hyps = sorted(args.wmt.glob("generaltest2022.de-en.hyp.*.en"))
    names = [h.name.split(".hyp.")[1].removesuffix(".en") for h in hyps]
    t0 = time.perf_counter()
    docids = args.wmt / "generaltest2022.de-en.docids"
    run = score(ref, hyps, ScoreOptions(lines=True, names=names, docids=docids))
    pairs = sum(len(s.segments) for s in run.systems)
    print(f"WMT22 de-en: {len(hyps)} systems x {run.reference['sentences']} lines = {pairs} pairs")
    print(f"  score (for context): {time.perf_counter() - t0:.1f} s")

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        page = build_report(run)
        times.append(time.perf_counter() - t0)
    size = len(page.encode("utf-8"))
    print(f"  build_report:        {statistics.median(times):.2f} s (median of {args.repeat})")
    print(f"  report size:         {size / 1e6:.2f} MB ({size / pairs:.0f} bytes per pair)")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.out or Path(tmp) / "report.html"
        path.write_text(page, "utf-8")
        if not have_browser():
            print("  (no chromium or playwright: opening time not measured)")
            return
        open_times(path.resolve(), args.repeat)


if __name__ == "__main__":
    main()
