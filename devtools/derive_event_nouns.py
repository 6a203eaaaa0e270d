"""Derive the nouns that count acts or events (three wins, two breaches) from WordNet 3.0.

The numbers check reads "won three times" and "three wins" as the same claim: a count of
acts is a count of times. A count of people or things ("three vaccinated people") is not.
This script reads WordNet's noun index and synsets (Debian package ``wordnet-base``) and
writes every one-word noun whose first or second sense is in the lexicographer files
``noun.act`` or ``noun.event`` to ``mtcompare/checks/data/en/event_nouns.txt``, with
WordNet's licence, so the package needs neither WordNet nor a download at run time.
Plural forms are not listed: the check strips English plural endings before looking up.

Run:  python devtools/derive_event_nouns.py [--wordnet /usr/share/wordnet]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from derive_antonyms import HEADER

OUT = Path(__file__).resolve().parents[1] / "mtcompare/checks/data/en/event_nouns.txt"
#: WordNet lexicographer file numbers: 04 noun.act, 11 noun.event.
EVENT_FILES = {4, 11}
SENSES = 2  # the first two senses (WordNet orders senses by tagged frequency)


def _lex_files(data: Path) -> dict[str, int]:
    """synset offset -> lexicographer file number, for every noun synset."""
    out = {}
    for line in data.read_text(encoding="latin-1").splitlines():
        if not line.startswith("  "):  # the licence header of the file
            fields = line.split(maxsplit=2)
            out[fields[0]] = int(fields[1])
    return out


def event_nouns(wordnet: Path) -> list[str]:
    """One-word noun lemmas with an act or event sense among their first senses."""
    lex = _lex_files(wordnet / "data.noun")
    out = []
    for line in (wordnet / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split()
        lemma, n_pointers = fields[0], int(fields[3])
        offsets = fields[6 + n_pointers :]
        if lemma.isalpha() and any(lex[o] in EVENT_FILES for o in offsets[:SENSES]):
            out.append(lemma)
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = parser.parse_args()
    header = HEADER.replace(
        "# Antonyms (direct, lexical) from WordNet 3.0; derived by devtools/derive_antonyms.py.\n"
        "# Columns: lemma<TAB>antonym<TAB>part of speech (n, v, a, r). Each pair once, sorted.\n",
        "# Nouns whose first or second WordNet 3.0 sense is an act or an event (noun.act,\n"
        "# noun.event): a count of them is a count of times. devtools/derive_event_nouns.py.\n",
    )
    words = event_nouns(args.wordnet)
    OUT.write_text(header + "".join(w + "\n" for w in words), encoding="utf-8")
    print(f"{len(words)} nouns -> {OUT}")


if __name__ == "__main__":
    main()
