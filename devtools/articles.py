"""WMT22 documents written as articles: one file per document, one paragraph per line.

Test and benchmark data for batch input (``mtcompare score --ref DIR ENGINE_DIR ...``):
the line-aligned WMT22 test set grouped by its ``.docids``, so that each document of the
reference and of each system becomes one article file named after the document id.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

#: Folder name -> WMT22 file suffix (after ``generaltest2022.de-en.``).
DE_EN = {"ref": "ref.A.en", "Online-A": "hyp.Online-A.en", "Online-B": "hyp.Online-B.en",
         "PROMT": "hyp.PROMT.en"}  # fmt: skip


def document_order(pair_dir: Path, pair: str = "de-en") -> tuple[list[str], list[str]]:
    """Each line's document id, and the documents in order of first appearance."""
    ids = (pair_dir / f"generaltest2022.{pair}.docids").read_text(encoding="utf-8").splitlines()
    return ids, list(dict.fromkeys(ids))


def write_articles(
    pair_dir: Path,
    out: Path,
    n: int,
    folders: dict[str, str] = DE_EN,
    pair: str = "de-en",
    skip: Sequence[str] = (),
) -> list[str]:
    """Write the first ``n`` documents of every folder's file under ``out/<folder>/``;
    returns the document ids written (``skip``: those left out of every folder)."""
    ids, docs = document_order(pair_dir, pair)
    chosen = [d for d in docs if d not in skip][:n]
    wanted = set(chosen)
    for folder, suffix in folders.items():
        lines = (pair_dir / f"generaltest2022.{pair}.{suffix}").read_text(encoding="utf-8")
        by_doc: dict[str, list[str]] = {}
        for line, doc in zip(lines.splitlines(), ids, strict=True):
            if doc in wanted:
                by_doc.setdefault(doc, []).append(line)
        target = out / folder
        target.mkdir(parents=True, exist_ok=True)
        for doc in chosen:
            (target / f"{doc}.txt").write_text("\n".join(by_doc[doc]) + "\n", encoding="utf-8")
    return chosen
