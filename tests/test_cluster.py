"""Batch runs on a real Dask cluster (scheduler and two worker processes on 127.0.0.1)
give the local run's result; an unreachable scheduler is one line, exit 2."""

from __future__ import annotations

import json
import socket

import pytest

from devtools.articles import DE_EN, write_articles
from mtcompare.cli.app import main

distributed = pytest.importorskip("distributed", reason="needs the [dask] extra")
pytestmark = pytest.mark.dask


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def articles(tmp_path_factory, wmt22_dir):
    root = tmp_path_factory.mktemp("cluster")
    write_articles(wmt22_dir / "de-en", root, 6, {**DE_EN, "src": "src.de"})
    return root


def _score(capsys, root, out, *extra: str) -> dict:
    args = ["score", "--ref", root / "ref", root / "Online-A", root / "Online-B"]
    code = main([*map(str, args), "-f", "json", "-o", str(out), "--no-save", "-q", *extra])
    _, err = capsys.readouterr()
    assert code == 0, err
    run = json.loads(out.read_text(encoding="utf-8"))
    run["meta"].pop("created")
    return run


def test_cluster_run_equals_the_local_run(cluster, articles, capsys, tmp_path):
    local = _score(capsys, articles, tmp_path / "local.json", "--jobs", "1")
    remote = _score(capsys, articles, tmp_path / "remote.json", "--scheduler", cluster)
    assert remote == local  # same scores, flags, order
    assert len(remote["meta"]["articles"]) == 6


def test_scheduler_from_the_environment(cluster, articles, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("MTCOMPARE_SCHEDULER", cluster)
    local = _score(capsys, articles, tmp_path / "local.json", "--jobs", "1")
    monkeypatch.setenv("MTCOMPARE_SCHEDULER", "tcp://127.0.0.1:9")  # discard port: nobody
    with pytest.raises(AssertionError):  # the environment is really read
        _score(capsys, articles, tmp_path / "bad.json")
    monkeypatch.setenv("MTCOMPARE_SCHEDULER", cluster)
    assert _score(capsys, articles, tmp_path / "env.json") == local


#: Run on each worker (``client.run(exec, ...)``): count COMET model loads there.
_COUNT_LOADS = """
import comet
_real = comet.load_from_checkpoint
def _counting(*args, **kwargs):
    comet.mtcompare_test_loads = getattr(comet, "mtcompare_test_loads", 0) + 1
    return _real(*args, **kwargs)
comet.load_from_checkpoint = _counting
"""


def test_comet_on_the_workers_equals_the_local_run(cluster, articles, capsys, tmp_path):
    """COMET batches scored on the workers (each loading the model once for all its
    batches) give the local run's scores, in the same order."""
    pytest.importorskip("comet", reason="needs the [comet] extra")
    from test_comet import build_comet_checkpoint

    model = build_comet_checkpoint(tmp_path / "tiny")
    comet = ["-m", "bleu,comet", "--comet-model", str(model), "--src", str(articles / "src")]
    comet += ["--batch-size", "4", "--no-errors"]
    local = _score(capsys, articles, tmp_path / "local.json", "--jobs", "1", *comet)
    with distributed.Client(cluster, set_as_default=False) as client:
        client.run(exec, _COUNT_LOADS, {})
        remote = _score(capsys, articles, tmp_path / "remote.json", "--scheduler", cluster, *comet)
        loads = client.run(eval, "getattr(__import__('comet'), 'mtcompare_test_loads', 0)")
    assert remote == local
    assert len(loads) == 2 and sum(loads.values()) >= 1 and max(loads.values()) == 1
    scored = [g for g in remote["systems"][0]["segments"] if "comet" in g["scores"]]
    assert len(scored) > 4 * 2 * 2  # batches of 4: several per worker, one load each


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_is_one_line(articles, capsys, monkeypatch):
    import mtcompare.core.cluster as cluster_module

    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 2)
    address = f"tcp://127.0.0.1:{_free_port()}"
    args = ["score", "--ref", articles / "ref", articles / "Online-A", "--no-save", "-q"]
    code = main([*map(str, args), "--scheduler", address])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"mtcompare: error: cannot reach the Dask scheduler at {address}")


def test_scheduler_needs_batch_input(capsys, tmp_path):
    ref = tmp_path / "r.txt"
    ref.write_text("One sentence.\n", encoding="utf-8")
    code = main(["score", "--ref", str(ref), str(ref), "--scheduler", "tcp://127.0.0.1:9"])
    _, err = capsys.readouterr()
    assert code == 2 and "--scheduler are for batch input" in err
