"""Default system names drop what every MT file name shares (issue 15 item 7)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from mtcompare.cli.app import main
from mtcompare.core.names import short_names

WMT = "generaltest2022.de-en.hyp.{}.en"


def test_wmt_file_names_become_the_system_names() -> None:
    paths = [f"/data/{WMT.format(s)}" for s in ("JDExploreAcademy", "LT22", "Online-B")]
    assert short_names(paths) == ["JDExploreAcademy", "LT22", "Online-B"]


def test_names_without_shared_dotted_parts_stay_stems() -> None:
    assert short_names(["examples/mt_a.txt", "examples/mt_b.txt"]) == ["mt_a", "mt_b"]
    assert short_names(["Online-A.txt", "Online-B.txt"]) == ["Online-A", "Online-B"]
    assert short_names(["only.one.file.txt"]) == ["only.one.file"]


def test_every_name_keeps_a_part_when_one_name_contains_another() -> None:
    # all of "a.en" is shared with "a.b.en": each keeps at least one part
    names = short_names(["a.en", "a.b.en"])
    assert all(names) and len(set(names)) == 2


def test_same_file_name_twice_gives_the_stems() -> None:
    assert short_names(["x/hyp.txt", "y/hyp.txt"]) == ["hyp", "hyp"]


_part = st.text(alphabet="abcAB01-_", min_size=0, max_size=4)
_name = st.lists(_part, min_size=1, max_size=5).map(".".join).filter(lambda n: n not in ("", "."))


@given(st.lists(_name, min_size=1, max_size=6, unique=True))
def test_short_names_are_unique_and_non_empty(names: list[str]) -> None:
    """Distinct file names give distinct, non-empty names (or the stems, as before)."""
    from pathlib import Path

    short = short_names(names)
    assert len(short) == len(names)
    stems = [Path(n).stem for n in names]
    if short != stems:
        assert all(short) and len(set(short)) == len(short)
        for s, n in zip(short, names, strict=True):
            assert s in n  # a contiguous piece of the file name


def _head(path, n: int = 20) -> str:
    return "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:n])


def test_cli_uses_short_names_and_name_still_wins(wmt22_dir, tmp_path, capsys) -> None:
    d = wmt22_dir / "de-en"
    ref = tmp_path / "ref.en"
    ref.write_text(_head(d / "generaltest2022.de-en.ref.A.en"), encoding="utf-8")
    hyps = []
    for s in ("LT22", "PROMT"):
        h = tmp_path / WMT.format(s)
        h.write_text(_head(d / WMT.format(s)), encoding="utf-8")
        hyps.append(str(h))
    args = ["score", "--no-save", "--lines", "--no-errors", "-f", "json", "--ref", str(ref)]
    assert main([*args, *hyps]) == 0
    assert [s["name"] for s in json.loads(capsys.readouterr().out)["systems"]] == ["LT22", "PROMT"]
    assert main([*args, *hyps, "--name", "old", "--name", "new"]) == 0
    assert [s["name"] for s in json.loads(capsys.readouterr().out)["systems"]] == ["old", "new"]
