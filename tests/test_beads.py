"""The one bead grouping shared by significance units, ``diff --against`` and ``runs compare``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mtcompare.alignment.beads import group_beads, group_segments
from mtcompare.analysis.runs_compare import compare_runs
from mtcompare.core.model import ErrorFlag, RunResult, SegmentPair, SystemResult


def test_merges_join_groups_and_additions_join_the_bead_before() -> None:
    a = [[0], [1, 2], [3], [], [4]]  # 2-1 bead over 1-2, an addition after 3
    b = [[], [0, 1], [2], [3], [4]]  # an addition first, a 2-1 bead over 0-1
    groups = group_beads([a, b], 5)
    assert groups.count == 3  # {0,1,2} {3} {4}
    assert groups.ref_start.tolist() == [0, 3, 4] and groups.ref_end.tolist() == [3, 4, 5]
    assert groups.assignment[0].tolist() == [0, 0, 1, 1, 2]
    assert groups.assignment[1].tolist() == [0, 0, 0, 1, 2]
    assert groups.members(1) == [[0, 1, 2], [3], [4]]


def test_base_units_are_never_split() -> None:
    groups = group_beads([[[0], [1], [2], [3]]], 4, unit_of_ref=[0, 0, 1, 1])
    assert groups.assignment[0].tolist() == [0, 0, 1, 1]


@st.composite
def alignments(draw: st.DrawFn) -> tuple[int, list[list[list[int]]]]:
    """Random monotone alignments of one reference: runs of 0-3 reference sentences, with
    additions (empty beads) anywhere; every reference sentence in exactly one bead."""
    n_ref = draw(st.integers(1, 30))
    result = []
    for _ in range(draw(st.integers(1, 4))):
        beads, i = [], 0
        while i < n_ref:
            if draw(st.booleans()) and draw(st.booleans()):
                beads.append([])
            k = draw(st.integers(1, 3))
            beads.append(list(range(i, min(i + k, n_ref))))
            i += k
        if draw(st.booleans()):
            beads.append([])
        result.append(beads)
    return n_ref, result


@given(alignments())
def test_every_sentence_and_bead_in_exactly_one_group(case) -> None:
    n_ref, aligns = case
    groups = group_beads(aligns, n_ref)
    covered = [
        i for s, e in zip(groups.ref_start, groups.ref_end, strict=True) for i in range(s, e)
    ]
    assert covered == list(range(n_ref))  # each reference sentence in exactly one group
    for a, beads in enumerate(aligns):
        members = groups.members(a)
        assert sorted(b for m in members for b in m) == list(range(len(beads)))
        for g, m in enumerate(members):
            assert m, "every alignment has a bead in every group"
            for b in m:  # a bead lies inside its group's reference range
                assert all(groups.ref_start[g] <= i < groups.ref_end[g] for i in beads[b])
    # groups are minimal: a boundary is kept unless some bead of some alignment crosses it
    for s in groups.ref_start[1:]:
        assert not any(min(ids) < s <= max(ids) for beads in aligns for ids in beads if ids)


def _system(name: str, segments: list[SegmentPair]) -> SystemResult:
    return SystemResult(name, f"{name}.txt", {"chrf": 50.0}, {}, segments, len(segments))


def _run(segments: list[SegmentPair]) -> RunResult:
    ref = {"path": "ref.txt", "sentences": 3, "sha256": "abc"}
    return RunResult(ref, [_system("mt", segments)], metrics=["chrf"])


def test_runs_compare_pairs_a_merge_against_its_two_beads_once() -> None:
    """An old 2-1 bead against two new 1-1 beads is one change, its flag fixed once."""
    flag = ErrorFlag("names", "Anna", "Ana", "name Anna vs Ana")
    old = _run(
        [
            SegmentPair([0, 1], [0], "A. B.", "AB", {"chrf": 40.0}, [flag]),
            SegmentPair([2], [1], "C.", "C.", {"chrf": 100.0}),
        ]
    )
    new = _run(
        [
            SegmentPair([0], [0], "A.", "A.", {"chrf": 60.0}),
            SegmentPair([1], [1], "B.", "B.", {"chrf": 80.0}),
            SegmentPair([2], [2], "C.", "C.", {"chrf": 100.0}),
        ]
    )
    result = compare_runs(old, new)
    assert len(result.changes) == 1
    change = result.changes[0]
    assert change.ref_ids == [0, 1]
    assert change.old_score == 40.0 and change.new_score == 70.0 and change.delta == 30.0
    assert change.errors_removed == ["names: name Anna vs Ana"] and change.errors_added == []
    assert change.old_hyp == "AB" and change.new_hyp == "A. B."


def test_group_segments_reads_reference_ids() -> None:
    segs = [SegmentPair([0, 1], [0], "r", "h"), SegmentPair([], [1], "", "h")]
    assert group_segments([segs], 2).assignment[0].tolist() == [0, 0]
