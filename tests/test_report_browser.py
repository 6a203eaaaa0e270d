"""The HTML report driven in Debian's chromium with Playwright: filters, search, sort,
keyboard navigation, pagination, and that hostile MT text stays text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the module is skipped below
    expect = None

from devtools.browser import have_browser, launched
from mtcompare.checks.base import category_info
from mtcompare.cli.app import main
from mtcompare.core.model import ErrorFlag, RunResult, SegmentPair, SystemResult
from mtcompare.render.html import write_report

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=1">'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not have_browser(), reason="needs Debian chromium and playwright"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as b:
        yield b


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory, seed_ref: Path, seed_hyp: Path) -> Path:
    """Seeds 000 (as MT) and a hostile copy with script/img payloads in two sentences."""
    tmp = tmp_path_factory.mktemp("report")
    hostile = tmp / "hostile.txt"
    text = seed_hyp.read_text("utf-8").replace("Lepen", f"Lepen {SCRIPT}", 1)
    hostile.write_text(f"{text}\nThe editor wrote {IMG} and {SCRIPT} here.\n", "utf-8")
    out = tmp / "report.html"
    argv = ["score", "--ref", str(seed_ref), str(seed_hyp), str(hostile), "-q", "--no-save"]
    assert main([*argv, "-f", "json", "-o", str(tmp / "run.json"), "--html", str(out)]) == 0
    return out


class Page:
    """A loaded report page that records dialogs and script errors."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=15_000)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def rows(self) -> Any:
        return self.page.locator("#rows tr[data-pos]")

    def row_texts(self) -> list[str]:
        return self.rows().all_inner_texts()

    def count_text(self) -> str:
        return self.page.locator("#count").inner_text()


@pytest.fixture
def page(browser: Any, seed_report: Path) -> Iterator[Page]:
    p = Page(browser, seed_report)
    assert p.rows().count() == 50  # paginated by default
    p.page.select_option("#f-pagesize", "250")  # the seed run (57 pairs) on one page
    yield p
    assert p.dialogs == [], "a dialog fired: injected script ran"
    assert p.errors == []
    p.page.close()


def test_rows_render_with_diff_and_badges(page: Page, tmp_path: Path) -> None:
    texts = page.row_texts()
    assert len(texts) == int(re.search(r"of (\d+)", page.count_text()).group(1))
    assert len(texts) > 40  # two systems x ~29 pairs
    assert page.page.locator("#rows .missing.omitted").count() >= 3
    assert page.page.locator("#rows .missing.added").count() >= 1
    assert page.page.locator("#rows .del").count() > 10
    assert page.page.locator("#rows .ins").count() > 10
    badge = page.page.locator("#rows .err.check .badge.names").first  # no source: a check
    assert badge.inner_text() == "names?"
    assert "vs" in badge.locator("xpath=following-sibling::span").inner_text()
    assert page.page.locator("table.systems tbody tr").count() == 2
    labels = {c.name: c.label for c in category_info()}  # the categories' own definitions
    assert page.page.inner_text("#f-cats button[data-cat='names']").startswith(labels["names"])
    assert labels["omission"] in page.page.inner_text("table.systems thead")
    assert page.page.locator("svg.chart").count() == 2
    shot = tmp_path / "report.png"
    page.page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000


def test_hostile_text_is_shown_not_run(page: Page, tmp_path: Path) -> None:
    assert page.page.evaluate("typeof window.__pwned") == "undefined"
    assert page.page.locator("#rows img, #rows script, body > img").count() == 0
    page.page.fill("#f-search", "alert(1)")
    expect(page.page.locator("#count")).to_contain_text("filtered")
    texts = page.row_texts()
    assert len(texts) == 2
    assert all(SCRIPT in t for t in texts)
    assert any(IMG in t for t in texts)
    added = page.page.locator("#rows tr.added")
    assert added.count() == 1 and "added in MT" in added.inner_text()
    page.page.screenshot(path=str(tmp_path / "hostile.png"))
    assert page.page.evaluate("typeof window.__pwned") == "undefined"


def test_category_filter_changes_visible_rows(page: Page) -> None:
    before = page.row_texts()
    page.page.click("#f-cats button[data-cat='omission']")
    assert page.page.get_attribute("#f-cats button[data-cat='omission']", "aria-pressed") == "true"
    after = page.row_texts()
    assert 0 < len(after) < len(before)
    assert page.rows().count() == page.page.locator("#rows tr:has(.badge.omission)").count()
    page.page.click("#f-cats button[data-cat='numbers']")  # either category
    both = page.row_texts()
    assert len(both) > len(after)
    page.page.click("#f-cats button[data-cat='omission']")
    page.page.click("#f-cats button[data-cat='numbers']")
    assert len(page.row_texts()) == len(before)


def test_system_filter_and_search(page: Page) -> None:
    page.page.select_option("#f-system", label="hostile")
    assert {t.split("\n")[0] for t in page.row_texts()} == {"hostile"}
    all_hostile = page.rows().count()
    page.page.fill("#f-search", "macron")
    without = page.page.locator("#rows tr[data-pos]", has_not_text=re.compile("macron", re.I))
    expect(without).to_have_count(0)  # waits for the debounced search
    texts = page.row_texts()
    assert 0 < len(texts) < all_hostile
    assert texts and all("macron" in t.lower() for t in texts)
    page.page.fill("#f-search", "no such words anywhere")
    page.page.wait_for_selector("#rows tr.empty")


def _scores(page: Page, label: str) -> list[float]:
    values = []
    for text in page.row_texts():
        m = re.search(rf"^{label}\s+([\d.]+)$", text, re.M)
        assert m, text
        values.append(float(m.group(1)))
    return values


def test_sort_by_score(page: Page) -> None:
    page.page.select_option("#f-sort", label="chrF: worst first")
    worst = _scores(page, "chrF")
    assert worst == sorted(worst) and worst[0] < worst[-1]
    page.page.select_option("#f-sort", label="TER: worst first")
    ter = _scores(page, "TER")
    assert ter == sorted(ter, reverse=True)
    page.page.select_option("#f-sort", label="chrF: best first")
    best = _scores(page, "chrF")
    assert best == sorted(best, reverse=True)


def test_keyboard_moves_between_flagged_rows(page: Page) -> None:
    current = "#rows tr.current"
    assert page.page.locator(current).count() == 0
    page.page.keyboard.press("j")
    first = page.page.locator(current)
    assert first.count() == 1 and first.locator(".badge").count() >= 1
    pos1 = int(first.get_attribute("data-pos"))
    page.page.keyboard.press("n")
    pos2 = int(page.page.locator(current).get_attribute("data-pos"))
    assert pos2 > pos1
    skipped = page.page.locator(f"#rows tr[data-pos='{pos1 + 1}']")
    if pos2 > pos1 + 1:  # a clean row in between was skipped
        assert skipped.locator(".badge").count() == 0
    page.page.keyboard.press("k")
    assert int(page.page.locator(current).get_attribute("data-pos")) == pos1
    page.page.keyboard.press("/")
    assert page.page.evaluate("document.activeElement.id") == "f-search"
    page.page.keyboard.press("j")  # typing in the search box does not navigate
    assert int(page.page.locator(current).get_attribute("data-pos")) == pos1


def _big_run(n_systems: int, n_lines: int) -> RunResult:
    systems = []
    for k in range(n_systems):
        segs = [
            SegmentPair(
                [i],
                [i],
                f"Sentence {i} says 12,000 people came.",
                f"Sentence {i} says {1200 if i % 7 == 0 else '12,000'} people came.",
                {"chrf": float((i * 37 + k) % 100)},
                [ErrorFlag("numbers", "12,000", "1200", "number 12,000 vs 1,200")]
                if i % 7 == 0
                else [],
            )
            for i in range(n_lines)
        ]
        systems.append(SystemResult(f"sys{k}", "p", {"chrf": 50.0}, {}, segs))
    return RunResult({"path": "ref.txt", "sentences": n_lines}, systems, "lines", ["chrf"])


def test_large_report_is_paginated_and_navigable(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    write_report(_big_run(3, 500), path)
    page = Page(browser, path)
    assert page.rows().count() == 50
    assert "1–50 of 1500" in page.count_text()
    page.page.click("#next")
    assert page.rows().first.get_attribute("data-pos") == "50"
    page.page.keyboard.press("j")  # from the top of page 2: every 7th row is flagged
    assert page.page.locator("#rows tr.current").get_attribute("data-pos") == "56"
    for _ in range(7):  # 63, 70, ..., 105: onto page 3
        page.page.keyboard.press("j")
    assert page.page.locator("#rows tr.current").get_attribute("data-pos") == "105"
    assert page.rows().first.get_attribute("data-pos") == "100"
    assert "Page 3 of 30" in page.page.locator("#pageinfo").inner_text()
    page.page.select_option("#f-pagesize", "250")
    assert page.rows().count() == 250
    assert page.dialogs == [] and page.errors == []
    page.page.close()


def test_article_selector_of_a_batch_run(browser: Any, tmp_path: Path, wmt22_dir: Path) -> None:
    """A batch run's report offers its articles; choosing one shows only its pairs. A
    single-article report has no selector."""
    from devtools.articles import write_articles

    docs = write_articles(wmt22_dir / "de-en", tmp_path, 4)
    out, saved = tmp_path / "batch.html", tmp_path / "batch.json"
    argv = ["score", "--ref", str(tmp_path / "ref"), str(tmp_path / "Online-A")]
    assert main([*argv, "-q", "--no-save", "-f", "json", "-o", str(saved), "--html", str(out)]) == 0
    import json

    segments = json.loads(saved.read_text("utf-8"))["systems"][0]["segments"]
    p = Page(browser, out)
    assert p.page.locator("#f-article-box").is_visible()
    options = p.page.locator("#f-article option").all_inner_texts()
    assert options == ["all articles", *sorted(docs)]
    p.page.select_option("#f-pagesize", "250")
    doc = sorted(docs)[2]
    p.page.select_option("#f-article", label=doc)
    expected = sum(1 for g in segments if g["doc_id"] == doc)
    assert p.rows().count() == expected > 0
    assert re.search(rf"of {expected} \(filtered from {len(segments)}\)", p.count_text())
    assert not p.errors
    p.page.close()


def test_no_article_selector_for_one_article(page: Page) -> None:
    assert not page.page.locator("#f-article-box").is_visible()


# --- verdict, significance, flagged spans, by-reference view, per-article, any screen ----

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def sig_run(tmp_path_factory: pytest.TempPathFactory, seed_ref: Path, seed_hyp: Path) -> Path:
    """Seeds 001 (reference) and 000 (mt_a) with its two misspelt names fixed (mt_b),
    scored with a paired bootstrap; returns the saved JSON beside its report.html."""
    tmp = tmp_path_factory.mktemp("sig")
    text = seed_hyp.read_text("utf-8").replace("Lepen", "Le Pen").replace("Emanuel", "Emmanuel")
    (tmp / "mt_b.txt").write_text(text, "utf-8")
    argv = ["score", "--ref", str(seed_ref), str(seed_hyp), str(tmp / "mt_b.txt"), "-q"]
    argv += ["-n", "mt_a", "-n", "mt_b", "--no-save", "--significance", "bootstrap"]
    assert main([*argv, "-f", "json", "-o", str(tmp / "run.json")]) == 0
    assert main(["report", str(tmp / "run.json"), "-o", str(tmp / "report.html")]) == 0
    return tmp / "run.json"


def _open(browser: Any, path: Path, viewport: dict[str, int] | None = None) -> Page:
    p = Page(browser, path)
    if viewport:
        p.page.set_viewport_size(viewport)
    return p


def _closed(p: Page) -> None:
    assert p.dialogs == [] and p.errors == []
    p.page.close()


def test_verdict_and_best_scores(browser: Any, sig_run: Path) -> None:
    from mtcompare.analysis.verdict import verdict

    run = RunResult.from_dict(__import__("json").loads(sig_run.read_text("utf-8")))
    p = _open(browser, sig_run.with_name("report.html"))
    box = p.page.locator("[data-verdict]")
    assert box.count() == 1 and box.is_visible()
    text = box.inner_text()
    assert " ".join(text.split()) == " ".join(verdict(run).text.split())
    assert text.startswith("mt_b is better than mt_a on chrF") and "p = " in text
    # The best corpus score of each metric is highlighted, in the row of the system with it.
    for m in run.metrics:
        best = max if m != "ter" else min
        winner = best(run.systems, key=lambda s: s.corpus[m]).name
        col = run.metrics.index(m) + 3  # System, Pairs, then the metrics
        cell = p.page.locator(
            f"table.systems tbody tr:has(th:text-is('{winner}')) td:nth-child({col})"
        )
        assert cell.locator("strong.best").count() == 1
    assert p.page.locator("table.systems strong.best").count() == len(run.metrics)
    _closed(p)


def test_untested_run_says_so_and_has_no_significance_block(page: Page) -> None:
    assert "untested" in page.page.inner_text("[data-verdict]")
    assert page.page.locator("[data-significance]").count() == 0


def test_significance_block_has_ci_delta_p_and_cluster(browser: Any, sig_run: Path) -> None:
    import json

    data = json.loads(sig_run.read_text("utf-8"))
    p = _open(browser, sig_run.with_name("report.html"))
    block = p.page.locator("[data-significance]")
    assert block.is_visible() and "paired bootstrap, 1000 resamples" in block.inner_text()
    tables = block.locator("table.ranking")
    assert tables.count() == len(data["metrics"])
    for comparison in data["comparisons"]:
        table = block.locator(f"table.ranking[data-metric='{comparison['metric']}']")
        cells = table.locator(f"tbody tr:has(td:text-is('{comparison['system']}')) td")
        texts = cells.all_inner_texts()
        system = next(s for s in data["systems"] if s["name"] == comparison["system"])
        low, high = system["corpus_ci"][comparison["metric"]]
        assert texts[3] == f"{low:.2f}–{high:.2f}"
        assert texts[4] == f"{comparison['delta']:+.2f}"
        assert texts[5].startswith(f"{comparison['p_value']:.4f}")
        assert texts[5].endswith("*") == (comparison["p_value"] < 0.05)
        assert texts[0] == str(
            data["meta"]["significance"]["clusters"][comparison["metric"]][comparison["system"]]
        )
    _closed(p)


def test_flagged_spans_stand_apart_from_edits(page: Page) -> None:
    spans = page.page.locator("#rows [data-flag-span]")
    assert spans.count() >= 10
    lepen = page.page.locator(
        "#rows td.txt [data-flag-span='names']", has_text=re.compile("^Lepen$")
    )
    assert lepen.count() >= 1
    first = lepen.first
    assert first.get_attribute("title") == "Names (to check): name 'Le Pen' vs 'Lepen'"
    row = first.locator("xpath=ancestor::tr[1]")
    assert (
        row.locator("td.txt [data-flag-span='names']", has_text=re.compile("^Le Pen$")).count() == 1
    )
    numbers = page.page.locator("#rows [data-flag-span='numbers']", has_text="less than four").first
    assert numbers.locator(".del").inner_text() == "less than"  # the edit inside the span
    style = (
        "el => getComputedStyle(el).textDecorationLine + '|' + getComputedStyle(el).outlineStyle"
    )
    assert "underline" in first.evaluate(style)
    plain_edit = page.page.locator("#rows td.txt > .side > .ins").first  # not in a flag
    assert "underline" not in plain_edit.evaluate(style) and "none" in plain_edit.evaluate(style)
    # Every marked span belongs to a flag badge of its own row.
    for k in range(spans.count()):
        span = spans.nth(k)
        badges = span.locator("xpath=ancestor::tr[1]").locator(".badge").all_inner_texts()
        assert span.get_attribute("data-flag-span") in {b.rstrip("?") for b in badges}


def test_by_reference_view_ranks_every_version(browser: Any, sig_run: Path) -> None:
    p = _open(browser, sig_run.with_name("report.html"))
    container = p.page.locator("[data-view='by-reference']")
    assert not container.is_visible()
    p.page.click("#v-byref")
    assert container.is_visible() and not p.page.locator("#pairs").is_visible()
    assert p.page.get_attribute("#v-byref", "aria-pressed") == "true"
    cards = container.locator("article.group")
    assert cards.count() == 28 and "Reference groups 1–28 of 28" in p.count_text()
    for k in range(cards.count()):
        versions = cards.nth(k).locator("li.version")
        assert sorted(versions.evaluate_all("vs => vs.map(v => v.dataset.system)")) == [
            "mt_a",
            "mt_b",
        ]
        chrf = [
            float(re.search(r"chrF\s+([\d.]+)", t).group(1)) for t in versions.all_inner_texts()
        ]
        assert chrf == sorted(chrf, reverse=True)  # best first
    lepen = cards.filter(has=p.page.locator("[data-flag-span='names']", has_text="Lepen")).first
    assert lepen.locator("li.version").first.get_attribute("data-system") == "mt_b"
    p.page.select_option("#f-system", label="mt_a")  # the filter keeps only its versions
    assert container.locator("li.version[data-system='mt_b']").count() == 0
    p.page.click("#v-pairs")
    assert p.page.locator("#pairs").is_visible() and not container.is_visible()
    _closed(p)


@pytest.fixture(scope="module")
def wmt_report(tmp_path_factory: pytest.TempPathFactory, wmt22_dir: Path) -> Path:
    """The first 300 lines of WMT22 de-en, two systems, with --src and --docids."""
    d, tmp = wmt22_dir / "de-en", tmp_path_factory.mktemp("wmt")
    names = ["src.de", "ref.A.en", "hyp.Online-A.en", "hyp.LT22.en", "docids"]
    for name in names:
        lines = (d / f"generaltest2022.de-en.{name}").read_text("utf-8").splitlines()[:300]
        (tmp / name).write_text("\n".join(lines) + "\n", "utf-8")
    argv = ["score", "--lines", "--ref", str(tmp / "ref.A.en"), str(tmp / "hyp.Online-A.en")]
    argv += [
        str(tmp / "hyp.LT22.en"),
        "--src",
        str(tmp / "src.de"),
        "--docids",
        str(tmp / "docids"),
    ]
    out = tmp / "report.html"
    assert (
        main(
            [
                *argv,
                "-q",
                "--no-save",
                "-f",
                "json",
                "-o",
                str(tmp / "run.json"),
                "--html",
                str(out),
            ]
        )
        == 0
    )
    return out


def test_per_article_scores_sort_worst_first(browser: Any, wmt_report: Path) -> None:
    import json

    data = json.loads(wmt_report.with_name("run.json").read_text("utf-8"))
    expected = sorted(
        (scores["chrf"], doc, s["name"])
        for s in data["systems"]
        for doc, scores in s["doc_scores"].items()
    )
    p = _open(browser, wmt_report)
    assert p.page.locator("[data-docs]").is_visible()
    rows = p.page.locator("#docs-rows tr")
    assert rows.count() == 25 and f"Show all {len(expected)} rows" in p.page.inner_text(
        "#docs-more"
    )
    col = data["metrics"].index("chrf") + 3

    def chrf_column() -> list[float]:
        return [
            float(t) for t in p.page.locator(f"#docs-rows td:nth-child({col})").all_inner_texts()
        ]

    assert chrf_column() == [round(v, 2) for v, _, _ in expected[:25]]
    first = rows.first.locator("td").all_inner_texts()
    assert (first[0], first[1]) == (expected[0][1], expected[0][2])
    p.page.click("#docs-head button:text('chrF')")  # again: best first
    assert chrf_column() == [round(v, 2) for v, _, _ in expected[::-1][:25]]
    ter = data["metrics"].index("ter")
    p.page.click(f"#docs-head button[data-k='{ter}']")  # TER: worst is highest
    ters = [
        float(t) for t in p.page.locator(f"#docs-rows td:nth-child({ter + 3})").all_inner_texts()
    ]
    assert ters == sorted(ters, reverse=True)
    p.page.click("#docs-more")
    assert rows.count() == len(expected)
    _closed(p)


def test_source_is_shown_with_each_pair(browser: Any, wmt_report: Path) -> None:
    src = wmt_report.with_name("src.de").read_text("utf-8").splitlines()
    p = _open(browser, wmt_report)
    first = p.rows().first.locator(".src").inner_text()
    assert first.startswith("SRC") and first.endswith(src[0].strip())
    assert p.page.locator("#rows .src").count() == p.rows().count() == 50
    p.page.click("#v-byref")
    assert (
        p.page.locator("#view-byref article.group")
        .first.locator(".gsrc")
        .inner_text()
        .endswith(src[0])
    )
    _closed(p)


@pytest.mark.parametrize("which", ["seeds", "significance", "wmt"])
def test_phone_width_has_no_horizontal_page_scroll(
    browser: Any, which: str, seed_report: Path, sig_run: Path, wmt_report: Path, tmp_path: Path
) -> None:
    path = {
        "seeds": seed_report,
        "significance": sig_run.with_name("report.html"),
        "wmt": wmt_report,
    }[which]
    p = _open(browser, path, PHONE)
    width = "document.documentElement.scrollWidth"
    assert p.page.evaluate(width) <= 400
    assert (
        p.page.locator("#rows tr").first.evaluate("el => getComputedStyle(el).display") == "block"
    )
    if p.page.locator("#f-pagesize").count():
        p.page.select_option("#f-pagesize", "250")
        assert p.page.evaluate(width) <= 400
    p.page.click("#v-byref")
    assert p.page.evaluate(width) <= 400
    for table in p.page.locator(".scroll").all():  # wide tables scroll in their own box
        assert table.evaluate("el => el.getBoundingClientRect().right") <= 390
    p.page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
    p.page.set_viewport_size(DESKTOP)  # and the same page works at 1920 px
    p.page.click("#v-pairs")
    assert p.page.evaluate(width) <= 1920
    assert (
        p.page.locator("#rows tr").first.evaluate("el => getComputedStyle(el).display")
        == "table-row"
    )
    _closed(p)


def test_hostile_system_name_stays_text_in_verdict_significance_and_views(
    browser: Any, tmp_path: Path, seed_ref: Path, seed_hyp: Path
) -> None:
    out = tmp_path / "hostile.html"
    argv = ["score", "--ref", str(seed_ref), str(seed_hyp), str(seed_ref), "-q", "--no-save"]
    argv += ["-n", IMG, "-n", SCRIPT, "--significance", "bootstrap", "--html", str(out)]
    assert main(argv) == 0
    p = _open(browser, out)
    assert SCRIPT in p.page.inner_text("[data-verdict]")
    assert IMG in p.page.inner_text("[data-significance]")
    p.page.click("#v-byref")
    assert IMG in p.page.inner_text("#view-byref")
    assert p.page.locator("img, main script, [data-verdict] *:not(span)").count() == 0
    assert p.page.evaluate("typeof window.__pwned") == "undefined"
    _closed(p)
