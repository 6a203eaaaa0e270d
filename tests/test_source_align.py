"""Cross-lingual source alignment on real WMT22 articles (de-en, zh-en) and small cases."""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby, pairwise
from pathlib import Path

import pytest

from mtcompare.alignment.source import (
    align_source,
    align_source_text,
    is_cjk,
    split_source_sentences,
)

_END = tuple(".!?。！？\"”'»…)")


def _article(lines: list[str], docs: list[str], cjk: bool) -> str:
    """Join line-aligned segments into an article: one paragraph per document.

    Within a document a line that ends a sentence is followed by the next on the same
    line (prose); a line without final punctuation (headline, list item) ends its
    paragraph, as it would in a published article.
    """
    joiner = "" if cjk else " "
    paragraphs = []
    for _, group in groupby(zip(docs, lines, strict=True), key=lambda x: x[0]):
        items = [line for _, line in group]
        text = items[0]
        for prev, cur in pairwise(items):
            text += (joiner if prev.rstrip().endswith(_END) else "\n") + cur
        paragraphs.append(text)
    return "\n".join(paragraphs)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _wmt_window(wmt22_dir: Path, pair: str, start: int, count: int = 100):
    lang = pair.split("-")[0]
    base = wmt22_dir / pair / f"generaltest2022.{pair}"
    src = Path(f"{base}.src.{lang}").read_text(encoding="utf-8").split("\n")[start : start + count]
    ref = Path(f"{base}.ref.A.en").read_text(encoding="utf-8").split("\n")[start : start + count]
    docs = Path(f"{base}.docids").read_text(encoding="utf-8").split("\n")[start : start + count]
    return src, ref, docs


@pytest.mark.parametrize(
    ("pair", "start", "minimum"),
    [
        ("de-en", 0, 0.95),
        ("de-en", 600, 0.93),
        ("de-en", 1500, 0.95),
        ("zh-en", 0, 0.95),
        ("zh-en", 300, 0.9),
        ("zh-en", 900, 0.85),  # chat turns without punctuation, long Party prose
    ],
)
def test_wmt22_reference_lines_get_their_true_source_line(
    wmt22_dir: Path, pair: str, start: int, minimum: float
) -> None:
    src, ref, docs = _wmt_window(wmt22_dir, pair, start)
    article = _article(src, docs, cjk=pair.startswith("zh"))
    alignment = align_source_text(article, ref)
    assert len(alignment.src_sentences) >= 90
    exact = sum(_norm(alignment.source_for([k])) == _norm(src[k]) for k in range(len(ref)))
    assert exact / len(ref) >= minimum, f"{exact}/{len(ref)} reference lines got their source"


def test_source_junk_aligns_to_nothing(wmt22_dir: Path) -> None:
    """Page junk in the source and a reference sentence missing from it stay unaligned."""
    src, ref, _ = _wmt_window(wmt22_dir, "de-en", 1550, 20)
    junk = "Ersatzinhalt, während die Aktionen des Artikels geladen werden."
    sentences = [*src[:8], junk, *src[8:]]
    alignment = align_source(sentences, ref)
    assert all(8 not in bead.src_ids or not bead.ref_ids for bead in alignment.beads)
    spans = alignment.spans()
    assert spans[:8] == [[k] for k in range(8)]
    assert spans[8:] == [[k + 1] for k in range(8, 20)]


def test_numbers_and_names_decide_where_lengths_cannot() -> None:
    ref = [
        "Merkel met Macron in Paris on 3 May.",
        "The talks lasted 45 minutes.",
        "Both leaders spoke of progress.",
    ]
    # Two similar-length candidate splits; only the anchors tell them apart.
    src = [
        "Merkel traf Macron am 3. Mai in Paris.",
        "Die Gespräche dauerten 45 Minuten.",
        "Beide sprachen von Fortschritten.",
    ]
    alignment = align_source(src, ref)
    assert alignment.spans() == [[0], [1], [2]]
    # Merged source sentence: the two references share it (a 2-1 bead).
    merged = align_source([src[0] + " " + src[1], src[2]], ref)
    assert merged.spans() == [[0], [0], [1]]
    assert merged.source_for([0, 1]) == src[0] + " " + src[1]


def test_cjk_sentence_splitting() -> None:
    text = "浙大学术年会上学生唱主角 研究成果让人脑洞大开\n他说：“你只需要轻轻呼一口气 。 ”"
    text += "可以吗？好的！谢谢"
    assert is_cjk(text)
    assert split_source_sentences(text) == [
        "浙大学术年会上学生唱主角",
        "研究成果让人脑洞大开",
        "他说：“你只需要轻轻呼一口气 。 ”",
        "可以吗？",
        "好的！",
        "谢谢",
    ]


def test_german_source_is_split_finely() -> None:
    text = 'Die beste Nachricht ist, dass sie stabil sind", sagte er. Schäden in Millionenhöhe!'
    pieces = split_source_sentences(text)
    assert pieces[-1] == "Schäden in Millionenhöhe!"
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_empty_sides() -> None:
    assert align_source([], ["A sentence."]).spans() == [[]]
    alignment = align_source(["Ein Satz."], [])
    assert alignment.spans() == []
    assert [b.src_ids for b in alignment.beads] == [[0]]
