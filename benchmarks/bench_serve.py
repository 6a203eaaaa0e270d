"""Review server on a WMT-scale run: start-up, time to first rows in chromium, decisions.

The run: WMT22 de-en, all 9 systems against reference A, ``--lines`` (9 x 2,037 pairs),
stored in a throwaway SQLite store. Prints: server start to first answer; page load to
the first rows drawn (``body[data-ready]``), first (right after start: the server
builds the newest run's page in the background at start-up) and again (cached); 100
decisions posted one by one (each a transaction) and how the API time grows with the
number of decisions stored.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from devtools.browser import have_browser, launched  # noqa: E402
from mtcompare.pipeline import ScoreOptions, score  # noqa: E402
from mtcompare.review.model import iter_flags  # noqa: E402
from mtcompare.store import Store  # noqa: E402

WMT = REPO.parent / "shared" / "data" / "wmt22" / "de-en"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str) -> None:
    for _ in range(400):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.025)
    raise SystemExit(f"server did not answer {url}")


def _post(url: str, origin: str, body: dict) -> None:
    headers = {"Content-Type": "application/json", "Origin": origin}
    data = json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="POST", headers=headers)
    urllib.request.urlopen(req).read()


def _page_load(base: str, run_id: str) -> tuple[float, float, int]:
    with launched() as browser:
        times = []
        for _ in range(2):
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(f"{base}/runs/{run_id}")
            page.wait_for_selector("body[data-ready='1']", timeout=120_000)
            times.append(time.perf_counter() - start)
            rows = page.locator("#rows tr[data-pos]").count()
            page.close()
    return times[0], times[1], rows


def main() -> None:
    hyps = sorted(WMT.glob("*.hyp.*.en"))
    run = score(
        WMT / "generaltest2022.de-en.ref.A.en",
        hyps,
        ScoreOptions(metrics=["bleu", "chrf"], lines=True),
    )
    pairs = sum(len(s.segments) for s in run.systems)
    flags = list(iter_flags(run))
    tmp = Path(tempfile.mkdtemp(prefix="mtcompare-bench-serve-"))
    url = f"sqlite:///{tmp / 'runs.sqlite'}"
    with Store(url) as store:
        run_id = store.save(run)
    print(f"run: {len(run.systems)} systems, {pairs} pairs, {len(flags)} flags")
    port = _port()
    base = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mtcompare", "serve", "--db", url,
                             "--port", str(port)], stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        _wait(base + "/api/runs")
        print(f"server start to first answer: {time.perf_counter() - start:.2f} s")
        if have_browser():
            cold, warm, rows = _page_load(base, run_id)
            print(f"run page to first {rows} rows drawn: first {cold:.2f} s, again {warm:.2f} s")
        else:
            print("(no chromium or playwright: page load not measured)")
        target = base + f"/api/runs/{run_id}/flags/{{}}/decision"
        for batch in range(3):
            start = time.perf_counter()
            for f in flags[batch * 100 : (batch + 1) * 100]:
                _post(target.format(f.flag_id), base, {"decision": "confirmed", "reviewer": "b"})
            took = time.perf_counter() - start
            print(f"100 decisions (after {batch * 100} stored): {took:.2f} s, "
                  f"{1000 * took / 100:.1f} ms each")  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
