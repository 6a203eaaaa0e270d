"""Property tests of what the review views are built from.

The word diff must lose nothing: both sentences come back from its output (spacing
normalised, which is all the views show). The HTML report must carry its data intact
for any text, including ``</script>``, ``<!--`` and U+2028: the JSON block parses back
to the run's texts, scores, flags and names.
"""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mtcompare.alignment.worddiff import diff_words
from mtcompare.core.model import ErrorFlag, RunResult, SegmentPair, SystemResult
from mtcompare.render.html import build_report
from mtcompare.render.sheet import sheet_cell
from mtcompare.render.terminal import visible

DATA_BLOCK = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)
HOSTILE = st.sampled_from(
    ["</script>", "<!--", "-->", "<script>", "\u2028", "\u2029", "&amp;", "\\", '"', "'", "\x00"]
)
TEXT = st.lists(
    st.one_of(HOSTILE, st.text(max_size=12), st.sampled_from(["12,000", "Le Pen", " ", "\t"])),
    max_size=8,
).map("".join)


def normalised(text: str) -> str:
    return " ".join(text.split())


@given(TEXT, TEXT)
def test_word_diff_rebuilds_both_sides(ref: str, hyp: str) -> None:
    ops = diff_words(ref, hyp)
    assert "".join(op.ref_text for op in ops) == normalised(ref)
    assert "".join(op.hyp_text for op in ops) == normalised(hyp)
    assert all(op.tag != "equal" or op.ref == op.hyp for op in ops)
    assert all(op.tag == "equal" or op.ref != op.hyp for op in ops)


def sides(ops: list[str | list[str]]) -> tuple[str, str]:
    """The page script's rebuild of both texts from the compact diff (report.js sides())."""
    ref = hyp = ""
    for op in ops:
        if isinstance(op, str):
            ref, hyp = ref + op, hyp + op
        else:
            ref, hyp = ref + op[0], hyp + op[1]
    return ref, hyp


SEGMENT = st.builds(
    SegmentPair,
    ref_ids=st.lists(st.integers(0, 50), max_size=2),
    hyp_ids=st.lists(st.integers(0, 50), max_size=2),
    ref=TEXT,
    hyp=TEXT,
    scores=st.fixed_dictionaries({"chrf": st.floats(0, 100), "ter": st.floats(0, 300) | st.none()}),
    errors=st.lists(st.builds(ErrorFlag, st.just("names"), TEXT, TEXT, TEXT), max_size=2),
)
SYSTEM = st.builds(
    SystemResult,
    name=TEXT,
    path=TEXT,
    corpus=st.just({"chrf": 50.0, "ter": 40.0}),
    signatures=st.just({}),
    segments=st.lists(SEGMENT, min_size=1, max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(SYSTEM, min_size=1, max_size=3), TEXT)
def test_report_data_round_trips(systems: list[SystemResult], ref_path: str) -> None:
    run = RunResult({"path": ref_path, "sentences": 51}, systems, metrics=["chrf", "ter"])
    page = build_report(run)
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1  # no text closed the block early or opened another
    data = json.loads(blocks[0])
    assert data["systems"] == [s.name for s in systems]
    rows = iter(data["rows"])
    for k, system in enumerate(systems):
        for gi, seg in enumerate(system.segments):
            sys_index, ref_ids, hyp_ids, ops, scores, errors, article = next(rows)
            assert (sys_index, ref_ids, hyp_ids) == (k, seg.ref_ids, seg.hyp_ids)
            assert sides(ops) == (normalised(seg.ref), normalised(seg.hyp))
            assert scores == [seg.scores["chrf"], seg.scores["ter"]]
            assert errors == [
                [e.category, e.ref, e.hyp, e.detail, e.severity, f"{k}.{gi}.{fi}", e.accepted]
                for fi, e in enumerate(seg.errors)
            ]
            assert article == (data["articles"].index(seg.doc_id) if seg.doc_id else -1)
    assert next(rows, None) is None


@given(st.text())
def test_visible_leaves_no_control_character(text: str) -> None:
    shown = visible(text, keep="")
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    assert visible(text) == text or any(not c.isprintable() for c in text)


@given(st.text())
def test_sheet_cell_never_starts_a_formula(text: str) -> None:
    cell = sheet_cell(text)
    plain_number = re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or plain_number or cell == "-"
    assert cell in (text, "'" + text)
