"""Batch input reads each file as single-article ``score`` reads it: the extension's
format, ``--format-in`` and ``--keep-boilerplate`` apply to every file of the batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.web_page import web_page
from mtcompare.batch import discover, score_batch
from mtcompare.cli.app import main
from mtcompare.pipeline import ScoreOptions, score


def _pages(seed_ref: Path, seed_hyp: Path, root: Path, suffix: str) -> tuple[Path, Path]:
    """The two seed versions as web pages named ``story<suffix>`` in ref/ and engine/."""
    for folder, seed in (("ref", seed_ref), ("engine", seed_hyp)):
        (root / folder).mkdir()
        page = web_page(seed.read_text(encoding="utf-8"))
        (root / folder / f"story{suffix}").write_text(page, encoding="utf-8")
    return root / "ref", root / "engine"


def _beads(run) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(g.ref, g.hyp) for g in run.systems[0].segments]


@pytest.mark.parametrize("keep", [False, True])
def test_batch_pages_read_as_single_article_pages(seed_ref, seed_hyp, tmp_path, keep):
    pytest.importorskip("trafilatura")
    ref_dir, eng_dir = _pages(seed_ref, seed_hyp, tmp_path, ".html")
    opts = ScoreOptions(metrics=["chrf"], keep_boilerplate=keep)
    batch = score_batch(discover(ref_dir, [eng_dir], None), opts)
    single = score(ref_dir / "story.html", [eng_dir / "story.html"], opts)
    assert _beads(batch) == _beads(single)
    hyps = " ".join(h for _, h in _beads(batch))
    assert ("Accept all cookies" in hyps) is keep  # the cookie banner only when kept


def test_batch_format_in_text_reads_the_markup(seed_ref, seed_hyp, tmp_path, capsys):
    pytest.importorskip("trafilatura")
    ref_dir, eng_dir = _pages(seed_ref, seed_hyp, tmp_path, ".txt")
    args = ["score", "--ref", ref_dir, eng_dir, "-m", "chrf", "--no-save", "-f", "json", "-q"]
    assert main([*map(str, args)]) == 0  # HTML content is found whatever the extension
    found = capsys.readouterr().out
    assert main([*map(str, args), "--format-in", "text"]) == 0
    raw = capsys.readouterr().out
    assert "<article>" not in found and "<article>" in raw
