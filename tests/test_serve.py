"""The review server in-process (Starlette's test client): every route and refusal,
decisions kept in the store, variants, review stats and export through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient

from mtcompare.cli.app import main
from mtcompare.pipeline import ScoreOptions, score
from mtcompare.review.model import iter_flags
from mtcompare.serve.app import create_app
from mtcompare.serve.guard import Access
from mtcompare.store import Store, reviews

ORIGIN = "http://127.0.0.1:8321"
HOSTILE = "The minister <script>alert(1)</script> said <img src=x onerror=alert(2)> 155 euros."


@pytest.fixture(scope="module")
def seed_run(seed_ref: Path, seed_hyp: Path):
    return score(seed_ref, [seed_hyp], ScoreOptions(names=["mt_000"]))


@pytest.fixture
def db(db_url: str, seed_run) -> tuple[str, str]:
    """A store (SQLite, and PostgreSQL when a server can be started) with the seeds' run."""
    url = db_url
    with Store(url) as store:
        run_id = store.save(seed_run, label="seeds")
    return url, run_id


def client(url: str, token: str | None = None, host: str = "127.0.0.1") -> TestClient:
    app = create_app(Store(url), Access(host, 8321, token))
    return TestClient(app, base_url=f"http://{host}:8321")


def post(c: TestClient, path: str, body: object, origin: str | None = ORIGIN, **kw):
    headers = {"Content-Type": "application/json", **kw.pop("headers", {})}
    if origin is not None:
        headers["Origin"] = origin
    return c.post(path, content=json.dumps(body), headers=headers, **kw)


def first_flag(run) -> str:
    return next(iter_flags(run)).flag_id


def test_runs_api_and_pages(db, seed_run) -> None:
    url, run_id = db
    c = client(url)
    runs = c.get("/api/runs").json()
    assert [r["id"] for r in runs] == [run_id] and runs[0]["label"] == "seeds"
    one = c.get(f"/api/runs/{run_id[:4]}").json()
    assert one["id"] == run_id and one["decisions"] == []
    assert one["run"]["systems"][0]["error_counts"] == seed_run.systems[0].error_counts
    page = c.get("/")
    assert page.status_code == 200 and f'href="/runs/{run_id}"' in page.text
    report = c.get(f"/runs/{run_id}")
    assert report.status_code == 200 and 'id="report-data"' in report.text
    csp = report.headers["content-security-policy"]
    assert "connect-src 'self'" in csp and "default-src 'none'" in csp
    assert report.headers["x-frame-options"] == "DENY"


def test_decision_is_kept_and_shown(db, seed_run) -> None:
    url, run_id = db
    c = client(url)
    fid = first_flag(seed_run)
    body = {"decision": "false_alarm", "note": "same person", "reviewer": "Ana"}
    r = post(c, f"/api/runs/{run_id}/flags/{fid}/decision", body)
    assert r.status_code == 201, r.text
    assert r.json()["decision"]["flag_id"] == fid
    second = {"decision": "confirmed", "reviewer": "Ben"}
    assert post(c, f"/api/runs/{run_id}/flags/{fid}/decision", second).status_code == 201
    kept = c.get(f"/api/runs/{run_id}/decisions").json()
    assert [(d["reviewer"], d["decision"]) for d in kept] == [
        ("Ana", "false_alarm"),
        ("Ben", "confirmed"),
    ]
    flag = next(iter_flags(seed_run))
    assert kept[0]["category"] == flag.flag.category and kept[0]["hyp"] == flag.segment.hyp
    review = page_json(c.get(f"/runs/{run_id}").text, "review-data")
    assert review["decisions"][fid][:2] == ["confirmed", "Ben"]  # the newest shows
    # a fresh server on the same store still has them
    assert len(client(url).get(f"/api/runs/{run_id}").json()["decisions"]) == 2


def page_json(page: str, block: str = "report-data") -> dict:
    """The JSON of one ``<script type="application/json" id=BLOCK>`` of a page."""
    start = page.index(f'id="{block}">') + len(f'id="{block}">')
    return json.loads(page[start : page.index("</script>", start)])


def test_every_flag_has_its_id_in_the_page(db, seed_run) -> None:
    url, run_id = db
    data = page_json(client(url).get(f"/runs/{run_id}").text)
    ids = [e[5] for row in data["rows"] for e in row[5]]
    assert ids == [f.flag_id for f in iter_flags(seed_run)] and len(set(ids)) == len(ids) > 0


@pytest.mark.parametrize(
    "origin",
    [None, "http://evil.example", "http://127.0.0.1:9999", "https://127.0.0.1:8321", "null"],
)
def test_cross_origin_write_is_refused(db, seed_run, origin) -> None:
    url, run_id = db
    c = client(url)
    r = post(c, f"/api/runs/{run_id}/flags/{first_flag(seed_run)}/decision",
             {"decision": "confirmed"}, origin=origin)  # fmt: skip
    assert r.status_code == 403 and r.json() == {"error": "cross-origin request refused"}
    assert c.get(f"/api/runs/{run_id}/decisions").json() == []


def test_write_must_be_json(db, seed_run) -> None:
    url, run_id = db
    c = client(url)
    path = f"/api/runs/{run_id}/flags/{first_flag(seed_run)}/decision"
    form = c.post(path, data={"decision": "confirmed"}, headers={"Origin": ORIGIN})
    assert form.status_code == 415
    bad = post(c, path, {"decision": "maybe"})
    assert bad.status_code == 400 and "decision must be one of" in bad.json()["error"]
    assert post(c, path, ["confirmed"]).status_code == 400
    missing = post(c, f"/api/runs/{run_id}/flags/999.0.0/decision", {"decision": "unsure"})
    assert missing.status_code == 404 and missing.json()["error"].startswith("no flag")
    assert c.get("/api/runs/ffffffff").status_code == 404
    assert c.get(f"/api/runs/{run_id}/decisions").json() == []


def test_unknown_host_is_refused(db) -> None:
    """DNS rebinding: a hostile name resolving to loopback sends its own Host header."""
    url, _ = db
    c = client(url)
    r = c.get("/api/runs", headers={"Host": "evil.example:8321"})
    assert r.status_code == 400 and "unknown host" in r.json()["error"]
    assert c.get("/api/runs", headers={"Host": "localhost:8321"}).status_code == 200


def test_token_is_required_everywhere(db, seed_run) -> None:
    url, run_id = db
    c = client(url, token="s3cret", host="10.1.2.3")
    assert c.get("/api/runs").status_code == 401
    assert c.get("/").status_code == 401
    assert c.get("/api/runs", headers={"X-MTCompare-Token": "wrong"}).status_code == 401
    assert c.get("/api/runs", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    link = c.get("/?token=s3cret", follow_redirects=False)
    assert link.status_code == 303 and link.headers["location"] == "/"
    assert "httponly" in link.headers["set-cookie"].lower()
    assert c.get("/api/runs").status_code == 200  # the cookie the link set
    origin = "http://10.1.2.3:8321"
    fid = first_flag(seed_run)
    ok = post(c, f"/api/runs/{run_id}/flags/{fid}/decision", {"decision": "unsure"}, origin)
    assert ok.status_code == 201
    c.cookies.clear()
    no = post(
        c, f"/api/runs/{run_id}/flags/{fid}/decision?token=s3cret", {"decision": "unsure"}, origin
    )
    assert no.status_code == 401  # a token in a POST's URL is no credential


def test_hostile_text_is_data_not_markup(tmp_path: Path) -> None:
    ref, hyp = tmp_path / "ref.txt", tmp_path / "hyp.txt"
    ref.write_text("The minister said 155 euros.\n", encoding="utf-8")
    hyp.write_text(HOSTILE + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    with Store(url) as store:
        run_id = store.save(score(ref, [hyp], ScoreOptions(names=["<b>x</b>"])), label="<i>l</i>")
    c = client(url)
    for path in ("/", f"/runs/{run_id}"):
        text = c.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>x</b>" not in text
    assert "&lt;i&gt;l&lt;/i&gt;" in c.get("/").text


def test_a_crash_is_one_line(db, monkeypatch) -> None:
    url, run_id = db
    app = create_app(Store(url), Access("127.0.0.1", 8321))

    def boom(*a, **k):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(app.state.runs, "get", boom)
    c = TestClient(app, base_url=ORIGIN, raise_server_exceptions=False)
    r = c.get(f"/api/runs/{run_id}")
    assert r.status_code == 500 and "secret" not in r.text and "Traceback" not in r.text
    assert r.json() == {"error": "internal error (see the server's log)"}


def test_variants_api_and_cli(db, seed_run, capsys) -> None:
    url, run_id = db
    c = client(url)
    fid = first_flag(seed_run)
    r = post(c, "/api/variants", {"run": run_id, "flag_id": fid, "note": "same entity"})
    assert r.status_code == 201
    flag = next(iter_flags(seed_run)).flag
    assert r.json()["variant"]["ref"] == flag.ref.strip()
    again = post(c, "/api/variants", {"run": run_id, "flag_id": fid})
    assert again.status_code == 400 and "already" in again.json()["error"]
    assert main(["review", "variants", "add", "--db", url, "-c", "names", "--ref", "Thüringen",
                 "--hyp", "Thuringia"]) == 0  # fmt: skip
    assert main(["review", "variants", "list", "--db", url, "-f", "json"]) == 0
    listed = json.loads(_json_tail(capsys))
    assert [v["hyp"] for v in listed][-1] == "Thuringia"
    assert main(["review", "variants", "remove", "--db", url, str(listed[-1]["id"])]) == 0
    assert main(["review", "variants", "remove", "--db", url, "9999"]) == 2
    assert main(["review", "variants", "add", "--db", url, "-c", "bogus", "--ref", "a",
                 "--hyp", "b"]) == 2  # fmt: skip


def _json_tail(capsys) -> str:
    out = capsys.readouterr().out
    return out[out.index("[") :]


def test_review_stats_and_export(db, seed_run, capsys, tmp_path: Path) -> None:
    url, run_id = db
    c = client(url)
    flags = list(iter_flags(seed_run))[:3]
    assert len(flags) == 3
    for f, (decision, who) in zip(
        flags, [("confirmed", "Ana"), ("false_alarm", "Ana"), ("confirmed", "Ana")], strict=False
    ):
        post(
            c,
            f"/api/runs/{run_id}/flags/{f.flag_id}/decision",
            {"decision": decision, "reviewer": who},
        )
    # Ana changes her mind on the first flag: she counts once, with the newer decision
    post(
        c,
        f"/api/runs/{run_id}/flags/{flags[0].flag_id}/decision",
        {"decision": "false_alarm", "reviewer": "Ana"},
    )
    capsys.readouterr()
    assert main(["review", "stats", "--db", url, "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    total = {k: sum(r[k] for r in rows) for k in ("confirmed", "false_alarm", "unsure")}
    assert total == {"confirmed": 1, "false_alarm": 2, "unsure": 0}
    out = tmp_path / "decisions.csv"
    assert (
        main(["review", "export", run_id, "--db", url, "-f", "csv", "-o", str(out), "--excel"]) == 0
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("run_id,flag_id,system,category") and len(lines) == 1 + 4


def test_runs_show_json_has_decisions_and_delete_removes_them(db, seed_run, capsys) -> None:
    url, run_id = db
    c = client(url)
    post(c, f"/api/runs/{run_id}/flags/{first_flag(seed_run)}/decision", {"decision": "unsure"})
    capsys.readouterr()
    assert main(["runs", "show", run_id, "--db", url, "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["decision"] for d in data["decisions"]] == ["unsure"]
    assert main(["runs", "delete", run_id, "--db", url]) == 0
    with Store(url) as store:
        assert reviews.decisions(store) == []


def test_serve_refuses_public_host_without_token(capsys) -> None:
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "give --token" in capsys.readouterr().err


def test_a_version_2_store_gains_the_review_tables(tmp_path: Path, seed_run) -> None:
    """Schema 3 adds decisions and variants; the runs of a version-2 store are kept."""
    import sqlalchemy as sa

    from mtcompare.store import repository as repo
    from mtcompare.store import schema as S
    from mtcompare.store.engine import create_engine
    from mtcompare.store.engine import resolve_url as url_of

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url_of(url))
    with engine.connect() as conn:
        conn = conn.execution_options(mtcompare_write=True)
        with conn.begin():
            assert S.migrate(conn, url, target=2) == (0, 2)
            data = seed_run.to_dict()
            seq, old_id = repo._insert_run(conn, data, "v2")
            repo._insert_system(conn, seq, 0, data["systems"][0])
    engine.dispose()
    with Store(url) as store:
        assert store.version() == 3 and store.backup is not None
        assert [r.run_id for r in store.list_runs()] == [old_id]
    c = client(url)
    fid = first_flag(seed_run)
    assert (
        post(c, f"/api/runs/{old_id}/flags/{fid}/decision", {"decision": "confirmed"}).status_code
        == 201
    )
    with sa.create_engine(url).connect() as conn:
        assert conn.execute(sa.text("select count(*) from decisions")).scalar_one() == 1


def test_an_accepted_variant_is_not_counted_in_later_runs(tmp_path: Path, capsys) -> None:
    """A false alarm accepted as a variant: the next run against that store marks the
    flag accepted, leaves it out of the counts and shows it only with --show-accepted."""
    ref, hyp = tmp_path / "ref.txt", tmp_path / "hyp.txt"
    ref.write_text("The agency Xinhua reported it on Monday.\nXinhua is state-run.\n", "utf-8")
    hyp.write_text("The agency Xinhuanet reported it on Monday.\nXinhua is state-run.\n", "utf-8")
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    args = ["score", "--ref", str(ref), str(hyp), "--db", url, "-f", "json", "--lines"]

    def run_json(*extra: str) -> dict:
        capsys.readouterr()
        assert main([*args, *extra]) == 0
        return json.loads(capsys.readouterr().out)

    first = run_json()
    flags = [e for g in first["systems"][0]["segments"] for e in g["errors"]]
    names = [e for e in flags if e["category"] == "names"]
    assert names and not any(e["accepted"] for e in flags)
    counted = (
        first["systems"][0]["error_counts"]["names"] + first["systems"][0]["check_counts"]["names"]
    )
    assert counted == len(names)
    flag = names[0]
    assert main(["review", "variants", "add", "--db", url, "-c", "names",
                 "--ref", flag["ref"], "--hyp", flag["hyp"]]) == 0  # fmt: skip
    again = run_json()
    system = again["systems"][0]
    shown = [e for g in system["segments"] for e in g["errors"] if e["category"] == "names"]
    assert shown == []  # hidden by default
    assert system["error_counts"]["names"] + system["check_counts"]["names"] == counted - 1
    visible = run_json("--show-accepted")
    marked = [e for g in visible["systems"][0]["segments"] for e in g["errors"] if e["accepted"]]
    assert [(e["ref"], e["hyp"]) for e in marked] == [(flag["ref"], flag["hyp"])]


def test_compare_and_trend_pages(db, seed_run) -> None:
    url, run_id = db
    with Store(url) as store:
        second = store.save(seed_run, label="again")
    c = client(url)
    page = c.get(f"/compare?old={run_id}&new={second}")
    assert page.status_code == 200 and f"Run {run_id} → {second}" in page.text
    assert "mt_000" in page.text
    assert c.get("/compare?old=ffffffff&new=latest").status_code == 404
    trend = c.get("/trend?system=mt_000&metric=chrf")
    assert (
        trend.status_code == 200 and 'src="/trend.svg?system=mt_000&amp;metric=chrf"' in trend.text
    )
    svg = c.get("/trend.svg?system=mt_000&metric=chrf")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    assert c.get("/trend.svg?system=nobody&metric=chrf").status_code == 400


def test_report_of_a_stored_run_shows_its_decisions(db, seed_run, tmp_path: Path) -> None:
    """``mtcompare report RUN``: the static page shows the decisions, with no buttons and
    a policy that allows no connection."""
    url, run_id = db
    fid = first_flag(seed_run)
    post(client(url), f"/api/runs/{run_id}/flags/{fid}/decision",
         {"decision": "false_alarm", "reviewer": "Ana", "note": "exonym"})  # fmt: skip
    out = tmp_path / "r.html"
    assert main(["report", run_id, "--db", url, "-o", str(out)]) == 0
    page = out.read_text("utf-8")
    review = page_json(page, "review-data")
    assert review["canDecide"] is False and review["decisions"][fid] == [
        "false_alarm",
        "Ana",
        "exonym",
    ]
    assert "connect-src" not in page
