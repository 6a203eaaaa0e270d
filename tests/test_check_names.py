"""The names check on real WMT22 de-en sentences: what the source decides, what is a
localised form, what is no name at all, and the figures on the labelled development set."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mtcompare.checks import detect_pair_errors
from mtcompare.checks._names_translit import romanised_words
from mtcompare.checks._text import Words
from mtcompare.checks.names import detect
from mtcompare.checks.source import Source
from mtcompare.core.model import REFERENCE_NOTE

DATA = Path(__file__).parent / "data"


def names(ref: str, hyp: str, src: str | None = None) -> list[tuple[str, str, str, str]]:
    """(category, severity, ref span, hyp span) of the names check's flags."""
    found = detect(Words.of(ref), Words.of(hyp), Source(src) if src else None).flags
    return [(f.category, f.severity, f.ref, f.hyp) for f in found]


# --- the source decides --------------------------------------------------------------------

HOLETSCHEK = (
    "Holetschek: Länder beraten über Wegfall der Testpflicht für dreifach Geimpfte",
    "Holetschek: States Consult on Dropping Testing Requirement for Triple Vaccinated",
    "Holeschek: Countries advise on the abolition of the test obligation for triple vaccinated",
)


def test_a_garbled_name_the_source_shows_is_an_error_only_with_the_source():
    src, ref, hyp = HOLETSCHEK
    assert names(ref, hyp, src) == [("names", "error", "Holetschek", "Holeschek")]
    assert names(ref, hyp) == [("names", "check", "Holetschek", "Holeschek")]


def test_the_detail_quotes_the_source_evidence():
    src, ref, hyp = HOLETSCHEK
    (flag,) = detect(Words.of(ref), Words.of(hyp), Source(src)).flags
    assert flag.detail == "name 'Holetschek' vs 'Holeschek' (source: Holetschek)"


def test_a_dropped_name_the_source_shows_is_an_error():
    src = "Etappen in der Karriere des neuen Weltmeisters Verstappen"
    ref = "Stages in the carrier of the new world champion Verstappen"
    hyp = "Stages in the career of the new World Cup Steps"
    assert ("names", "error", "Verstappen", "") in names(ref, hyp, src)


def test_a_reference_naming_someone_else_is_a_note_on_the_reference():
    src = "Am Sonntag gewann Riiber das Rennen in Otepää."
    ref = "On Sunday Rießle won the race in Otepää."
    hyp = "On Sunday Riiber won the race in Otepää."
    assert names(ref, hyp, src) == [(REFERENCE_NOTE, "check", "Rießle", "Riiber")]
    assert names(ref, hyp) == [("names", "check", "Rießle", "Riiber")]


def test_a_name_the_mt_keeps_and_the_reference_drops_is_a_note_not_an_mt_error():
    src = "Zum Abschied waren auch seine Ehefrau Minttu und die beiden Kinder in die Vereinigten Arabischen Emirate gereist."  # noqa: E501
    ref = "His wife and both children also travelled to the United Arab Emirates for the farewell."
    hyp = "His wife Minttu and the two children had also travelled to the United Arab Emirates to say goodbye."  # noqa: E501
    assert names(ref, hyp, src) == [(REFERENCE_NOTE, "check", "", "Minttu")]
    assert names(ref, hyp) == [("names", "check", "", "Minttu")]


def test_an_abbreviation_the_mt_keeps_stays_a_check_not_a_note():
    src = "Der erste Versuch führte direkt zur erfolgreichen Schwangerschaft und Geburt und wurde mit der PKV abgerechnet."  # noqa: E501
    ref = "The first attempt led directly to a successful pregnancy and birth and was billed to the private insurance."  # noqa: E501
    hyp = "The first attempt led directly to a successful pregnancy and birth and was billed to the PKV."  # noqa: E501
    assert names(ref, hyp, src) == [("names", "check", "", "PKV")]


def test_a_capitalised_word_the_source_has_no_trace_of_is_dropped_with_the_source():
    src = 'Diese Zahlen werden nun mitten im so wichtigen Weihnachtsgeschäft sicher fallen", sagte Vorstandschef Wilhelm Wellner der "Wirtschaftswoche".'  # noqa: E501
    ref = "These numbers are now sure to fall in the middle of the all-important Christmas business,” said Chief Executive Wilhelm Wellner to “Wirtschaftswoche”."  # noqa: E501
    hyp = 'These figures will now certainly fall in the middle of the important Christmas business," said CEO Wilhelm Wellner of "Wirtschaftswoche".'  # noqa: E501
    assert names(ref, hyp, src) == []


def test_a_chinese_source_cannot_show_a_name_was_translated():
    ref = "The contract was signed by Airbus and Siemens in Beijing on Monday."
    hyp = "The contract was signed by Boeing and Siemens in Beijing on Monday."
    src = "空客和西门子周一在北京签署了合同。"
    flagged = names(ref, hyp, src)
    assert flagged and all(category == "names" for category, *_ in flagged)


# --- localised forms, generic parts and equivalents ------------------------------------------


def test_exonyms_and_transliterations_of_the_source_name_are_not_flagged():
    pairs = [
        ("Thüringen overtakes Saxony as the state with the highest incidence",
         "Thuringia overtakes Saxony as the state with the highest incidence"),
        ("We were not concentrated enough after the win in Teneriffa, said John Patrick.",
         "We were not concentrated enough after the win at Tenerife, said John Patrick."),
        ("The EU accuses Alexander Lukaschenko of luring them.",
         "The EU accuses Alexander Lukashenko of luring them."),
        ("Hotel ships on the Rhein and Mosel keep the rescuers busy.",
         "Hotel ships on the Rhine and Moselle keep the rescuers busy."),
        ("According to data from Statistik Austria, ten million pallets were made.",
         "According to data from Statistics Austria, ten million pallets were made."),
    ]  # fmt: skip
    for ref, hyp in pairs:
        assert names(ref, hyp) == [], (ref, hyp)


def test_slips_that_look_like_endings_are_still_flagged():
    pairs = [
        ("Foreign Minister Annalena Baerbock arrived in Kyiv on Tuesday.",
         "Foreign Minister Annalena Baerbok arrived in Kyiv on Tuesday."),
        ("Novak Djokovic beat Carlos Alcaraz in the final.",
         "Novak Djokovic beat Carlos Alcaras in the final."),
        ("A Krogmann who completely lacks empathy.", "A Krogman who completely lacks empathy."),
        ("In spite of that, the announcer Olivier Zwartyes was good.",
         "Nevertheless, the commentator Olivier Zwarties was good."),
        ("Emily Bölk said after the game.", "Emily Böl said after the game."),
    ]  # fmt: skip
    for ref, hyp in pairs:
        assert names(ref, hyp), (ref, hyp)


def test_the_mt_keeping_the_german_spelling_is_flagged_the_other_way_round_is_not():
    ref, hyp = (
        "1,239 additional Omicron cases were registered.",
        "1239 more Omikron cases were recorded.",
    )
    assert names(ref, hyp) == [("names", "check", "Omicron", "Omikron")]


def test_saint_and_st_are_one_generic_part():
    ref = "The custom of Saint Nicholas is older than the Christ Child."
    hyp = "The custom of St. Nicholas is older than the Christ Child."
    assert names(ref, hyp) == []


def test_demonyms_reach_names_on_the_other_side():
    ref = "Max Verstappen from the Netherlands is the new world champion."
    hyp = "The Dutchman Max Verstappen is the new world champion."
    assert names(ref, hyp) == []


def test_a_lost_surname_is_flagged_a_dropped_first_name_is_not():
    src = "Aber da gefällt mir ernsthaft sogar Heiko Wasser von RTL besser."
    ref = "But even Heiko Wasser from RTL does it better in my honest opinion."
    assert names(ref, "But there I really like Heiko water from RTL better.", src) == [
        ("names", "error", "Heiko Wasser", "")
    ]
    assert names(ref, "But even Wasser from RTL does it better in my honest opinion.", src) == []


def test_partly_matched_names_whose_other_words_were_translated_are_not_flagged():
    ref = "Derby debacle, MHP Ludwigsburg Giants at Merlins Crailsheim"
    hyp = "Derby debacle of the MHP Riesen Ludwigsburg at the Merlins Crailsheim"
    assert names(ref, hyp) == []


# --- words that are no names ------------------------------------------------------------------


def test_common_words_codes_and_units_are_not_names():
    pairs = [
        ("The next away game is at 6:30 PM.", "The next away game is at 18:30."),
        ("Just over 1,000 Euro is a bit much.", "Just over 1,000 euros is a bit much."),
        ("The E95 02 was set up as a replacement.", "The E 95 02 was installed as a replacement."),
        ("It is not as if he should change the second child's diaper.",
         "It's not like he's supposed to wrap K2."),
        ("(Laughter) Now that is a story.", "(Laughter) Well, that is a story."),
        ("I had already ordered the same armchair in November.",
         "I had already ordered the same armchair in Nov. and received it."),
        ("We'll see what happens tomorrow.", "Let us see what happens tomorrow."),
        ("Hello, I just saw that the cabinet #NAME# is sold out.",
         "Hello, I just saw that the showcase #NAME# is sold out."),
        ("Whatever antisemitic message he spreads.", "Any anti-Semitic messages he spreads."),
        ("The internet is even slower than before (~45 Mbit).",
         "The internet is even slower than before (~45 MBit)."),
    ]  # fmt: skip
    for ref, hyp in pairs:
        assert names(ref, hyp) == [], (ref, hyp)


def test_sentence_initial_look_alikes_are_not_names():
    assert names("Return of order number 12", "Returning order number 12") == []
    assert names("Note: I have no oven.", "Notice: I do not have an oven.") == []


def test_a_name_substituted_at_the_start_of_a_sentence_is_found_by_the_source():
    ref = "Madagascar is one of the poorest countries in the world."
    hyp = "Boston is one of the poorest countries in the world."
    src = "Madagaskar ist eines der ärmsten Länder der Welt."
    assert names(ref, hyp, src) == [("names", "error", "Madagascar", "")]
    assert names(ref, hyp) == []  # without the source a capitalised opener proves nothing


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([*HOLETSCHEK[1].split(), "Madagascar", "the", "PM", "(Laughter)"]),
        min_size=1,
        max_size=12,
    )
)
def test_a_text_against_itself_is_never_flagged(words: list[str]):
    text = " ".join(words)
    assert names(text, text) == []
    assert names(text, text, HOLETSCHEK[0]) == []


# --- the labelled development set -------------------------------------------------------------


def _rows(pattern: str) -> list[dict]:
    return [
        json.loads(line) for p in sorted(DATA.glob(pattern)) for line in p.open() if line.strip()
    ]


def test_confident_name_flags_on_the_labelled_dev_set_are_mostly_real():
    """Confident (severity error) names flags with the source, judged by every labelling
    round; a regression guard well under the measured 0.81."""
    labelled = [r for r in _rows("flags_dev_de-en*.jsonl") if r["category"] == "names"]
    by_flag = {(r["system"], r["line"], r["flag_ref"], r["flag_hyp"]): r["label"] for r in labelled}
    pairs = {(r["system"], r["line"]): r for r in labelled}
    verdicts = []
    for (system, line), r in pairs.items():
        for f in detect_pair_errors(r["ref"], r["hyp"], src=r["src"]):
            if f.category == "names" and f.severity == "error":
                verdicts.append(by_flag.get((system, line, f.ref, f.hyp)))
    judged = [v for v in verdicts if v is not None]
    assert len(judged) >= 30
    assert sum(v == "real" for v in judged) / len(judged) >= 0.7


def test_recall_of_the_real_name_errors_found_by_reading():
    """The recall set was labelled before these rules: most of its name errors are flagged."""
    items = [r for r in _rows("recall_dev_de-en.jsonl") if r["category"] == "names"]
    hit = 0
    for r in items:
        spans = {
            w.strip(".,;:!?()\"'“”’®").lower()
            for w in (r["ref_span"] + " " + r["hyp_span"]).split()
        }
        for f in detect_pair_errors(r["ref"], r["hyp"], src=r["src"]):
            if f.category == "names" and spans & {w.lower() for w in (f.ref + " " + f.hyp).split()}:
                hit += 1
                break
    assert hit / len(items) >= 0.7


# --- a source in another script, read romanised (sentences written for these tests) ---------

CHINESE_SRC = "习近平在杭州会见了客人。"


def test_a_chinese_source_read_romanised_corroborates_the_mt_against_the_reference():
    ref = "Xi Jinping met the guests in Shanghai."
    hyp = "Xi Jinping met the guests in Hangzhou."
    assert names(ref, hyp, CHINESE_SRC) == [(REFERENCE_NOTE, "check", "Shanghai", "Hangzhou")]
    assert names(ref, hyp) == [("names", "check", "Shanghai", "Hangzhou")]


def test_a_romanised_source_corroborates_the_reference_but_never_convicts_the_mt():
    ref = "Xi Jinping met the guests in Hangzhou."
    hyp = "Xi Jinping met the guests in Shanghai."
    assert names(ref, hyp, CHINESE_SRC) == [("names", "check", "Hangzhou", "Shanghai")]
    ref, hyp = "Navalny said the talks would go on.", "Nawalny said the talks would go on."
    src = "Навальный заявил, что переговоры продолжатся."
    assert names(ref, hyp, src) == [("names", "check", "Navalny", "Nawalny")]


def test_a_romanised_name_spaced_otherwise_is_one_name_with_a_chinese_source():
    ref = "Xi Jinping met the guests in Hangzhou."
    hyp = "Xi Jin Ping met the guests in Hangzhou."
    assert names(ref, hyp, CHINESE_SRC) == []
    assert names(ref, hyp) == [("names", "check", "Xi Jinping", "Xi Jin Ping")]
    # in Latin script the spacing is the name's own
    assert names("She met Marine Le Pen.", "She met Marine Lepen.", "Sie traf Marine Le Pen.")


def test_a_one_sided_name_a_non_latin_source_does_not_show_is_dropped():
    ref = "On Monday he said the talks would continue."
    hyp = "On Monday Smith said the talks would continue."
    assert names(ref, hyp, "他周一表示，谈判将继续。") == []
    assert names(ref, hyp) == [("names", "check", "", "Smith")]
    # a Latin-script source would spell the name: one it lacks may be invented
    assert names(ref, hyp, "Am Montag sagte er, die Gespräche gingen weiter.") == [
        ("names", "check", "", "Smith")
    ]
    ref, hyp = "On Monday Biden said the talks would continue.", ref
    assert names(ref, hyp, "拜登周一表示，谈判将继续。") == []
    assert names(ref, hyp) == [("names", "check", "Biden", "")]


def test_a_whole_multi_word_name_missing_stays_a_check_with_a_non_latin_source():
    ref = "On Monday the talks in Kuala Lumpur went on."
    hyp = "On Monday the talks went on."
    assert names(ref, hyp, "周一，谈判继续进行。") == [("names", "check", "Kuala Lumpur", "")]


def test_an_acronym_the_mt_adds_stays_a_check_with_a_non_latin_source():
    ref = "On Monday the organisation said the talks would continue."
    hyp = "On Monday the WTO said the talks would continue."
    assert names(ref, hyp, "该组织周一表示，谈判将继续。") == [("names", "check", "", "WTO")]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs"))))
def test_romanised_words_are_plain_lower_case_letters(text: str):
    words = romanised_words(text)
    assert all(w and w.isascii() and w.isalpha() and w.islower() for w in words)
    latin_only = "".join(c for c in text if c.isascii())
    assert romanised_words(latin_only) == frozenset()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="习近平杭州会见客人北京", min_size=1, max_size=12))
def test_a_han_run_gives_every_join_of_up_to_four_adjacent_syllables(run: str):
    syllables = [romanised_words(c) for c in run]
    assert all(len(s) == 1 for s in syllables)  # one character, one syllable
    flat = [next(iter(s)) for s in syllables]
    expected = {
        "".join(flat[i:j])
        for i in range(len(flat))
        for j in range(i + 1, min(i + 4, len(flat)) + 1)
    }
    assert romanised_words(run) == expected


def test_romanised_words_of_scripts_with_and_without_spaces():
    assert {"xi", "jinping", "xijinping", "hangzhou"} <= romanised_words(CHINESE_SRC)
    assert "navalnyy" in romanised_words("Навальный заявил")
    assert "athina" in romanised_words("Στην Αθήνα")


# --- what the source shows of a German name, and what an MT's rendering of it is ----------------


def test_an_inflected_or_lower_case_source_word_does_not_make_an_opening_word_a_name():
    src, ref, hyp = (
        "Die Kisten danach zum Hof bringen.",
        "Bring the boxes to the yard afterwards.",
        "Afterwards take the boxes to the yard.",
    )
    assert names(ref, hyp, src) == []
    assert names("Begin with the frame.", "Start with the frame.", "Beginne mit dem Rahmen.") == []


def test_an_adapted_or_translated_source_name_is_a_check_not_an_error():
    cases = [
        ("Die Messe in Hannover beginnt am Montag.", "The fair in Hannover starts on Monday.",
         "The fair in Hanover starts on Monday.", ("names", "check", "Hannover", "Hanover")),
        ("Modell in OVP, sehr selten.", "Model in OVP, very rare.",
         "Model in original packaging, very rare.", ("names", "check", "OVP", "")),
        ("Er sprach mit dem Pressedienst Nord.", "He spoke to Pressedienst Nord.",
         "He spoke to the Press Service North.",
         ("names", "check", "Pressedienst Nord", "Press Service North")),
    ]  # fmt: skip
    for src, ref, hyp, flag in cases:
        assert names(ref, hyp, src) == [flag], hyp


def test_a_source_word_the_mt_translates_by_its_cognate_is_a_check_one_it_drops_an_error():
    src = "Er hat sein Konto bei der Direktbank in Trier."
    ref = "He has his account with Direktbank in Trier."
    translated = "He has his account with the direct bank in Trier."
    assert names(ref, translated, src) == [("names", "check", "Direktbank", "")]
    dropped = "He has his account with a bank in Trier."
    assert names(ref, dropped, src) == [("names", "error", "Direktbank", "")]


def test_a_garbled_name_near_its_source_spelling_is_still_an_error():
    src = "Gold ging an Walanka aus Oberhof."
    ref, hyp = "Gold went to Walanka from Oberhof.", "Gold went to Malanka from Oberhof."
    assert names(ref, hyp, src) == [("names", "error", "Walanka", "Malanka")]
    src = "Die Messe in Ingolstadt beginnt am Montag."
    ref, hyp = (
        "The fair in Ingolstadt starts on Monday.",
        "The fair in Ingoldstadt starts on Monday.",
    )
    assert names(ref, hyp, src) == [("names", "error", "Ingolstadt", "Ingoldstadt")]


def test_a_name_hyphenated_or_not_is_one_name():
    ref = "It fits cameras such as the Fujifilm X-A series."
    hyp = "It fits cameras such as the Fujifilm XA series."
    assert names(ref, hyp, "Sie passt zu Kameras wie der Fujifilm X-A-Serie.") == []
    assert names("They moved to Rhineland-Palatinate.", "They moved to Rhineland Palatinate.") == []


def test_a_russian_source_shows_a_name_in_its_case_forms():
    src = "Переговоры с Зеленским продолжатся в Киеве."  # instrumental: Zelenskim
    ref, hyp = "The talks with Zelensky will go on in Kyiv.", "The talks will go on in Kyiv."
    assert names(ref, hyp, src) == [("names", "check", "Zelensky", "")]  # shown: kept
    assert names(hyp, ref, src) == [(REFERENCE_NOTE, "check", "", "Zelensky")]
    assert names(hyp, "The talks with Smith will go on in Kyiv.", src) == []  # not shown


def test_an_umlaut_written_out_is_a_notation_an_umlaut_for_oe_a_misspelling():
    src = "Trainer Jürgen Müller war zufrieden."
    ref = "Coach Jürgen Müller was pleased."
    assert names(ref, "Coach Juergen Mueller was pleased.", src) == []
    src = "Trainer Henk Groener war zufrieden."
    ref, hyp = "Coach Henk Groener was pleased.", "Coach Henk Gröner was pleased."
    assert names(ref, hyp, src) == [("names", "error", "Henk Groener", "Henk Gröner")]
