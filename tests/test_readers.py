"""Input formats (mtcompare.readers): web pages, Word, XLIFF 1.2/2.0, TMX, PDF refused,
the format checked against the content; every file here is built by the test."""

from __future__ import annotations

import html
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from devtools.web_page import web_page
from mtcompare.core.errors import InputError
from mtcompare.pipeline import ScoreOptions, score
from mtcompare.readers import content_format, read_input

REPO = Path(__file__).resolve().parents[1]
JUNK = (
    "We use cookies to give you the best experience",
    "Accept all cookies",
    "Home",
    "Ten things you did not know about Paris",
    "All rights reserved",
    "Privacy policy",
    "dataLayer",
)


def _paragraphs(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _beads(run) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def]
    return [(g.ref, g.hyp, g.scores) for g in run.systems[0].segments]


# -- HTML ----------------------------------------------------------------------------------


def test_seed_pages_give_the_article_paragraphs_and_no_page_junk(
    seeds_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("trafilatura")
    for seed in sorted(seeds_dir.glob("*.txt")):
        page = tmp_path / f"{seed.stem}.html"
        page.write_text(web_page(seed.read_text(encoding="utf-8")), encoding="utf-8")
        read = read_input(page, "MT file")
        assert read.format == "html"
        assert read.file.text.splitlines() == _paragraphs(seed), seed.name
        assert not any(junk in read.file.text for junk in JUNK)
        everything = read_input(page, "MT file", keep_boilerplate=True).file.text
        assert all(p in everything.splitlines() for p in _paragraphs(seed))
        assert "Accept all cookies" in everything and "All rights reserved." in everything
        assert "dataLayer" not in everything and "font:" not in everything  # not visible


def test_seed_pages_align_as_the_plain_files(
    seed_ref: Path, seed_hyp: Path, tmp_path: Path
) -> None:
    pytest.importorskip("trafilatura")
    pages = []
    for seed in (seed_ref, seed_hyp):
        pages.append(tmp_path / f"{seed.stem}.htm")
        pages[-1].write_text(web_page(seed.read_text(encoding="utf-8")), encoding="utf-8")
    plain = score(seed_ref, [seed_hyp], ScoreOptions())
    web = score(pages[0], [pages[1]], ScoreOptions())
    assert _beads(web) == _beads(plain)
    assert web.systems[0].corpus == plain.systems[0].corpus
    assert web.systems[0].error_counts == plain.systems[0].error_counts
    junk_only = score(pages[0], [pages[1]], ScoreOptions(keep_boilerplate=True))
    added = [g.hyp for g in junk_only.systems[0].segments if not g.ref_ids]
    assert not any("cookies" in a for a in added)  # the same junk on both sides is matched


def test_html_content_is_found_whatever_the_extension(seed_ref: Path, tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    misnamed = tmp_path / "article.txt"
    misnamed.write_text(web_page(seed_ref.read_text(encoding="utf-8")), encoding="utf-8")
    assert read_input(misnamed).format == "html"
    raw = read_input(misnamed, fmt="text")  # --format-in text: the markup as it is
    assert raw.format == "text" and "<article>" in raw.file.text


# -- DOCX ----------------------------------------------------------------------------------


def _docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Bridge vote passes", level=1)
    document.add_paragraph("The council approved the bridge on Monday.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Cost"
    table.cell(0, 1).text = "1.2 billion euros"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Opening in 2031"
    document.add_heading("Reactions", level=2)
    document.add_paragraph("The mayor said he was pleased.")
    path = tmp_path / "article.docx"
    document.save(str(path))
    return path


def test_docx_paragraphs_headings_and_tables_in_reading_order(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    read = read_input(_docx(tmp_path), "MT file")
    assert read.format == "docx"
    assert read.file.text.splitlines() == [
        "Bridge vote passes",
        "The council approved the bridge on Monday.",
        "Cost",
        "1.2 billion euros",
        "Opening in 2031",  # a merged cell once
        "Reactions",
        "The mayor said he was pleased.",
    ]


def _run(text: str, tag: str = "w:t") -> Any:
    from docx.oxml import OxmlElement

    r, t = OxmlElement("w:r"), OxmlElement(tag)
    t.text = text
    r.append(t)
    return r


def _wrapped(tag: str, *children: Any) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    if tag in ("w:ins", "w:del", "w:moveFrom", "w:moveTo"):
        for key, value in (
            ("w:id", "1"),
            ("w:author", "Editor"),
            ("w:date", "2022-05-01T00:00:00Z"),
        ):
            el.set(qn(key), value)
    for child in children:
        el.append(child)
    return el


def _post_edited(tmp_path: Path) -> Path:
    """A post-edited Word file: tracked insertions, deletions and a move, a field with its
    code, a hyperlink, a line break, and a paragraph inside a block content control."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    p = document.add_paragraph("The minister said ")._p
    p.append(_wrapped("w:ins", _run("no ")))
    p.append(_wrapped("w:del", _run("several ", "w:delText")))
    p.append(_run("changes were made."))
    p = document.add_paragraph("Read more on page ")._p
    p.append(_run(" PAGE \\* MERGEFORMAT ", "w:instrText"))
    p.append(_run("4"))  # the field's result
    p.append(_wrapped("w:hyperlink", _run(" of the report.")))
    p = document.add_paragraph("Talks resume")._p
    p.append(_wrapped("w:r", OxmlElement("w:br")))
    p.append(_wrapped("w:moveFrom", _run("tomorrow ")))
    p.append(_run("in Geneva "))
    p.append(_wrapped("w:moveTo", _run("tomorrow.")))
    inner = OxmlElement("w:p")
    inner.append(_run("A paragraph in a content control."))
    sdt = _wrapped("w:sdt", _wrapped("w:sdtContent", inner))
    document.element.body.insert(len(document.element.body) - 1, sdt)  # before sectPr
    path = tmp_path / "post-edited.docx"
    document.save(str(path))
    return path


def test_docx_is_read_with_tracked_changes_accepted(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    read = read_input(_post_edited(tmp_path), "MT file")
    assert read.file.text.splitlines() == [
        "The minister said no changes were made.",  # the inserted "no" is kept
        "Read more on page 4 of the report.",  # the field's result, not its code
        "Talks resume in Geneva tomorrow.",  # moved text once, where it now stands
        "A paragraph in a content control.",
    ]


# -- XLIFF and TMX -------------------------------------------------------------------------


def _wmt(wmt22_dir: Path, n: int = 60) -> tuple[list[str], list[str], list[str]]:
    pair = wmt22_dir / "de-en"

    def lines(name: str) -> list[str]:
        return (pair / name).read_text(encoding="utf-8").split("\n")[:n]

    return (
        lines("generaltest2022.de-en.src.de"),
        lines("generaltest2022.de-en.hyp.Online-B.en"),
        lines("generaltest2022.de-en.ref.A.en"),
    )


def xliff12(src: list[str], tgt: list[str]) -> str:
    units = "".join(
        f'<trans-unit id="{i}"><source>{html.escape(s)}</source>'
        f"<target>{html.escape(t)}</target></trans-unit>\n"
        for i, (s, t) in enumerate(zip(src, tgt, strict=True))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
        'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="news" '
        'source-language="de" target-language="en" datatype="plaintext"><body>\n'
        f"{units}</body></file></xliff>\n"
    )


def xliff20(src: list[str], tgt: list[str]) -> str:
    """Every unit's text as two segments where it has two sentences' worth of words."""
    units = []
    for i, (s, t) in enumerate(zip(src, tgt, strict=True)):
        s1, _, s2 = s.partition(". ")
        t1, _, t2 = t.partition(". ")
        segs = [(s, t)] if not (s2 and t2) else [(s1 + ".", t1 + "."), (s2, t2)]
        body = "".join(
            f'<segment id="s{k}"><source>{html.escape(a)}</source>'
            f"<target>{html.escape(b)}</target></segment>"
            for k, (a, b) in enumerate(segs)
        )
        units.append(f'<unit id="u{i}">{body}</unit>\n')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:'
        'document:2.0" version="2.0" srcLang="de" trgLang="en"><file id="f1">\n'
        f"{''.join(units)}</file></xliff>\n"
    )


def tmx(src: list[str], tgt: list[str]) -> str:
    tus = "".join(
        f'<tu><tuv xml:lang="de"><seg>{html.escape(s)}</seg></tuv>'
        f'<tuv xml:lang="en"><seg><bpt i="1">&lt;b&gt;</bpt>{html.escape(t)}'
        f'<ept i="1">&lt;/b&gt;</ept></seg></tuv></tu>\n'
        for s, t in zip(src, tgt, strict=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="de" '
        'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="test" '
        f'creationtoolversion="1" o-tmf="none"/><body>\n{tus}</body></tmx>\n'
    )


@pytest.mark.parametrize(
    ("build", "suffix"), [(xliff12, ".xlf"), (xliff20, ".xliff"), (tmx, ".tmx")]
)
def test_bilingual_files_score_as_the_plain_mt_and_give_the_source(
    wmt22_dir: Path,
    tmp_path: Path,
    build,
    suffix: str,  # type: ignore[no-untyped-def]
) -> None:
    pytest.importorskip("translate.storage")
    src, hyp, ref = _wmt(wmt22_dir)
    (tmp_path / "ref.en").write_text("\n".join(ref) + "\n", encoding="utf-8")
    (tmp_path / "mt.en").write_text("\n".join(hyp) + "\n", encoding="utf-8")
    (tmp_path / "src.de").write_text("\n".join(src) + "\n", encoding="utf-8")
    bilingual = tmp_path / f"Online-B{suffix}"
    bilingual.write_text(build(src, hyp), encoding="utf-8")
    read = read_input(bilingual, "MT file")
    assert read.content.units == hyp and read.content.sources == src
    opts = ScoreOptions(lines=True)
    plain = score(
        tmp_path / "ref.en", [tmp_path / "mt.en"], ScoreOptions(lines=True, src=tmp_path / "src.de")
    )
    unit = score(tmp_path / "ref.en", [bilingual], opts)
    assert unit.systems[0].corpus == plain.systems[0].corpus
    assert unit.source is not None and unit.source["kind"] == "file"
    assert unit.source["path"] == str(bilingual)
    assert [g.src for g in unit.systems[0].segments] == src
    assert [g.errors for g in unit.systems[0].segments] == [
        g.errors for g in plain.systems[0].segments
    ]


def test_untranslated_units_keep_their_line(tmp_path: Path) -> None:
    pytest.importorskip("translate.storage")
    path = tmp_path / "partial.xlf"
    text = xliff12(["Eins.", "Zwei.", "Drei."], ["One.", "", "Three."])
    path.write_text(text.replace("<target></target>", ""), encoding="utf-8")
    read = read_input(path)
    assert read.content.units == ["One.", "", "Three."]
    assert read.content.sources == ["Eins.", "Zwei.", "Drei."]


def test_src_from_file_needs_a_bilingual_input(tmp_path: Path) -> None:
    ref = REPO / "references" / "example.en.txt"
    with pytest.raises(InputError, match="--src-from-file: no input has source segments"):
        score(ref, [REPO / "examples" / "mt_a.txt"], ScoreOptions(src_from_file=True))


# -- refusals and bad files ----------------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w") as z:
        z.writestr("word/document.xml", "<w:document")
    broken_xliff = b'<?xml version="1.0"?><xliff version="1.2"><file><body><trans-unit'
    files = {
        "pdf": ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
                "is a PDF, which is not read: convert it"),
        "pdf in .txt": ("report.txt", b"%PDF-1.4\n...", "is a PDF, which is not read"),
        "docx not zip": ("a.docx", b"just some words\n",
                         "has the extension .docx but its content is plain text"),
        "zip not docx": ("b.docx", b"PK\x03\x04 nothing",
                         "content is a ZIP archive but no Word document"),
        "broken docx": ("c.docx", good.getvalue(), "is not a readable DOCX file"),
        "bad xliff": ("d.xlf", broken_xliff, "is not a readable XLIFF file"),
        "empty xliff": ("e.xlf", xliff12([], []).encode(), "has no translation units (XLIFF 1.2)"),
        "bad tmx": ("f.tmx", b"<tmx version='1.4'><body><tu><tuv>", "is not a readable TMX file"),
        "html no tags": ("g.html", b"plain words only\n",
                         "has the extension .html but its content is plain text"),
        "html no article": ("h.html", b"<html><body><script>x()</script></body></html>",
                            "no article text found"),
    }  # fmt: skip
    out = {}
    for key, (name, data, message) in files.items():
        (tmp_path / name).write_bytes(data)
        out[key] = (tmp_path / name, message)
    return out


def test_bad_files_of_each_format_are_one_line_errors_naming_the_file(tmp_path: Path) -> None:
    for module in ("trafilatura", "docx", "translate.storage"):
        pytest.importorskip(module)
    ref = REPO / "references" / "example.en.txt"
    for key, (path, message) in _bad_files(tmp_path).items():
        done = subprocess.run(
            [sys.executable, "-m", "mtcompare", "score", "--no-save", "-q",
             "-r", str(ref), str(path)],
            capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        err = done.stderr
        assert done.returncode == 2 and done.stdout == "" and err.count("\n") == 1, (key, err)
        assert message in err and str(path) in err, (key, err)


def test_format_in_is_checked_and_overrides(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("<p>Hello <b>world</b>.</p>\n", encoding="utf-8")
    assert content_format(page.read_bytes()) == "html"
    assert read_input(page, fmt="text").file.text.startswith("<p>Hello")
    with pytest.raises(InputError, match="unknown --format-in value 'rtf'"):
        read_input(page, fmt="rtf")


def test_heavy_libraries_are_imported_only_for_their_format(tmp_path: Path) -> None:
    code = (
        "import sys; from mtcompare.pipeline import score, ScoreOptions; "
        f"score({str(REPO / 'references' / 'example.en.txt')!r}, "
        f"[{str(REPO / 'examples' / 'mt_a.txt')!r}], ScoreOptions(errors=False)); "
        "print(sorted(m for m in ('trafilatura', 'docx', 'translate') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "MTCOMPARE_DB": f"sqlite:///{tmp_path}/r.db"},
    )  # fmt: skip
    assert json.loads(done.stdout.replace("'", '"')) == []


def test_a_web_page_on_stdin_is_read_as_html(seed_ref: Path, tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    page = web_page(seed_ref.read_text(encoding="utf-8")).encode("utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mtcompare", "score", "--no-save", "-q", "-r", str(seed_ref),
         "-", "-f", "json"],
        input=page, capture_output=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    system = json.loads(done.stdout)["systems"][0]
    assert system["corpus"]["bleu"] == pytest.approx(100.0) and system["sentences"] > 20


@pytest.mark.parametrize(
    ("module", "name", "data", "kind", "extra", "missing"),
    [
        ("docx", "a.docx", b"PK", "a Word document", "docx", "docx"),
        ("trafilatura", "a.html", b"<p>x</p>", "HTML", "html", "trafilatura"),
        ("translate.storage", "a.xlf", b"<xliff/>", "XLIFF", "xliff", "translate-toolkit"),
    ],
)
def test_a_missing_extra_is_one_line_naming_it(
    monkeypatch, module: str, name: str, data: bytes, kind: str, extra: str, missing: str
) -> None:
    from mtcompare.readers import docx, html, xliff

    monkeypatch.setitem(sys.modules, module, None)  # as if the package were not installed
    reader = {"docx": docx, "html": html, "xlf": xliff}[name.rsplit(".", 1)[1]]
    with pytest.raises(InputError) as err:
        reader.read(data, name, "MT file")
    assert str(err.value) == (
        f"MT file {name} is {kind}: reading it needs the [{extra}] extra "
        f"(pip install 'mtcompare[{extra}]'; {missing} is missing)"
    )
