"""Shared paths: the read-only data beside the repository (``../shared``)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
WMT22 = SHARED / "data" / "wmt22"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not found: {path}")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def seed_ref() -> Path:
    """001: the better MT version of the Washington Post article, used as reference."""
    return next(_need(SEEDS).glob("001_*.txt"))


@pytest.fixture(scope="session")
def seed_hyp() -> Path:
    """000: the worse MT version of the same article (names, numbers, meaning errors)."""
    return next(_need(SEEDS).glob("000_*.txt"))


@pytest.fixture(scope="session")
def wmt22_dir() -> Path:
    return _need(WMT22)


@pytest.fixture(autouse=True)
def _private_run_store(tmp_path_factory, monkeypatch):
    """Runs that tests save go to a throw-away store, never the repository's results/."""
    store = tmp_path_factory.mktemp("store") / "runs.sqlite"
    monkeypatch.setenv("MTCOMPARE_DB", f"sqlite:///{store}")
