"""A real ``mtcompare serve`` on a free loopback port, driven by Playwright in Debian's
chromium: a decision survives a reload, a page of another origin cannot post one, and
hostile MT text is shown as text."""

from __future__ import annotations

import http.server
import importlib.util
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.browser import have_browser, launched
from mtcompare.pipeline import ScoreOptions, score
from mtcompare.store import Store

HOSTILE = (
    'The minister <img src=x onerror="window.__pwned=1"> said <script>window.__pwned=2</script> so.'
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_browser(), reason="needs Debian chromium and playwright"),
    pytest.mark.skipif(importlib.util.find_spec("uvicorn") is None, reason="needs [serve]"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_ref: Path, seed_hyp: Path) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("serve")
    hostile = tmp / "hostile.txt"
    hostile.write_text(seed_hyp.read_text("utf-8") + "\n" + HOSTILE + "\n", "utf-8")
    url = f"sqlite:///{tmp / 'runs.sqlite'}"
    with Store(url) as store:
        run_id = store.save(score(seed_ref, [hostile], ScoreOptions(names=["mt_000"])))
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtcompare", "serve", "--db", url, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    line = proc.stdout.readline() if proc.stdout else ""
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):  # the URL is printed before uvicorn binds: wait for it
        try:
            urllib.request.urlopen(base + "/api/runs", timeout=1).read()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield {"base": base, "run": run_id, "line": line, "url": url}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as b:
        yield b


def test_prints_its_url(server) -> None:
    """(How fast it starts is measured in benchmarks/bench_serve.py.)"""
    assert (
        server["line"].startswith("mtcompare: serving ") and server["base"] + "/" in server["line"]
    )


def test_a_false_alarm_survives_a_reload(server, browser) -> None:
    page = browser.new_page()
    page.goto(f"{server['base']}/runs/{server['run']}")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#f-reviewer", "Ana")
    page.dispatch_event("#f-reviewer", "change")
    flag = page.locator("[data-flag-id]").first
    fid = flag.get_attribute("data-flag-id")
    flag.locator("input.note").fill("same place, other spelling")
    flag.locator("button[data-decision='false_alarm']").click()
    page.wait_for_selector(f"[data-flag-id='{fid}'][data-decided='false_alarm']")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    kept = page.locator(f"[data-flag-id='{fid}']")
    assert kept.get_attribute("data-decided") == "false_alarm"
    assert "Ana" in kept.locator(".decided").inner_text()
    assert page.input_value("#f-reviewer") == "Ana"  # remembered in the browser
    kept.locator("button.accept").click()  # a false alarm can become an accepted variant
    page.wait_for_selector(f"[data-flag-id='{fid}'][data-variant]")
    variants = json.loads(urllib.request.urlopen(f"{server['base']}/api/variants").read())
    assert [v["reviewer"] for v in variants] == ["Ana"]
    data = json.loads(urllib.request.urlopen(f"{server['base']}/api/runs/{server['run']}").read())
    assert [(d["flag_id"], d["decision"], d["reviewer"], d["note"]) for d in data["decisions"]] == [
        (fid, "false_alarm", "Ana", "same place, other spelling")
    ]
    page.close()


class _Evil(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        body = (
            "<!DOCTYPE html><script>"
            f"fetch({json.dumps(self.target)}, {{method: 'POST', mode: 'no-cors',"
            " headers: {'Content-Type': 'text/plain'}, body: '{\"decision\": \"confirmed\"}'})"
            ".finally(function () { document.title = 'sent'; });"
            f"fetch({json.dumps(self.target)}, {{method: 'POST',"
            " headers: {'Content-Type': 'application/json'},"
            ' body: \'{"decision": "confirmed"}\'})'
            ".catch(function () { document.body.dataset.blocked = '1'; });"
            "</script>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_page_of_another_origin_cannot_post(server, browser) -> None:
    before = json.loads(urllib.request.urlopen(f"{server['base']}/api/runs/{server['run']}").read())
    fid = "0.0.0"
    _Evil.target = f"{server['base']}/api/runs/{server['run']}/flags/{fid}/decision"
    evil = http.server.HTTPServer(("127.0.0.1", 0), _Evil)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{evil.server_port}/")
        page.wait_for_function("document.title === 'sent' && document.body.dataset.blocked === '1'")
        page.close()
    finally:
        evil.shutdown()
    after = json.loads(urllib.request.urlopen(f"{server['base']}/api/runs/{server['run']}").read())
    assert len(after["decisions"]) == len(before["decisions"])
    req = urllib.request.Request(_Evil.target, data=b'{"decision": "confirmed"}', method="POST",
                                 headers={"Content-Type": "application/json",
                                          "Origin": "http://evil.example"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req)
    assert refused.value.code == 403


def test_hostile_text_is_shown_as_text(server, browser) -> None:
    page = browser.new_page()
    page.goto(f"{server['base']}/runs/{server['run']}")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#f-search", "minister")
    page.wait_for_function("document.querySelectorAll('#rows tr[data-pos]').length >= 1")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#rows img").count() == 0
    assert "<img src=x" in page.locator("#rows").inner_text()
    page.close()


def test_static_report_of_a_stored_run_shows_decisions_read_only(server, browser, tmp_path) -> None:
    from mtcompare.cli.app import main

    fid = "0.0.0"
    req = urllib.request.Request(
        f"{server['base']}/api/runs/{server['run']}/flags/{fid}/decision",
        data=b'{"decision": "confirmed", "reviewer": "Ben"}', method="POST",
        headers={"Content-Type": "application/json", "Origin": server["base"]},
    )  # fmt: skip
    urllib.request.urlopen(req).read()
    out = tmp_path / "report.html"
    assert main(["report", server["run"], "--db", server["url"], "-o", str(out)]) == 0
    page = browser.new_page()
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    flag = page.locator(f"[data-flag-id='{fid}']")
    assert flag.get_attribute("data-decided") == "confirmed"
    assert "Ben" in flag.locator(".decided").inner_text()
    assert page.locator("button[data-decision]").count() == 0
    page.close()
