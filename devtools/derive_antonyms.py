"""Derive the antonym table of the negation check from WordNet 3.0.

WordNet's lexical antonym pointers (``!``) link word senses such as able/unable or
buy/sell. This script reads them from the WordNet database files (Debian package
``wordnet-base``: ``apt-get install wordnet-base``) and writes one pair of lemmas per
line, with their part of speech, to ``mtcompare/checks/data/en/antonyms_wordnet.tsv``
together with WordNet's licence, so the package needs neither WordNet nor a download at
run time. Only direct antonyms are taken: no synonyms, hypernyms or similar-to
satellites, which are not opposites. Multi-word lemmas keep their words
(``go_up`` -> ``go up``).

Run:  python devtools/derive_antonyms.py [--wordnet /usr/share/wordnet]
"""

from __future__ import annotations

import argparse
from pathlib import Path

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
OUT = Path(__file__).resolve().parents[1] / "mtcompare/checks/data/en/antonyms_wordnet.tsv"
HEADER = """\
# Antonyms (direct, lexical) from WordNet 3.0; derived by devtools/derive_antonyms.py.
# Columns: lemma<TAB>antonym<TAB>part of speech (n, v, a, r). Each pair once, sorted.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Licence (WordNet 3.0): permission to use, copy, modify and distribute this software and
# database and its documentation for any purpose and without fee or royalty is hereby
# granted, provided that you agree to comply with the following copyright notice and
# statements, including the disclaimer, and that the same appear on ALL copies of the
# software, database and documentation, including modifications that you make for
# internal use or for distribution.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT
# LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF
# MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED
# SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS,
# COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
# The name of Princeton University or Princeton may not be used in advertising or
# publicity pertaining to distribution of the software and/or database. Title to
# copyright in this software, database and any associated documentation shall at all
# times remain with Princeton University and LICENSEE agrees to preserve same.
"""


def _lemma(word: str) -> str:
    """``go_up`` -> ``go up``; adjective markers such as ``(a)`` dropped."""
    return word.split("(")[0].replace("_", " ").lower()


def _synsets(path: Path) -> dict[str, tuple[list[str], list[tuple[str, str, int, int]]]]:
    """offset -> (words, antonym pointers (offset, pos, source word, target word))."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):  # the licence header of the file
            continue
        fields = line.split(" | ")[0].split()
        offset, n_words = fields[0], int(fields[3], 16)
        words = [_lemma(fields[4 + 2 * k]) for k in range(n_words)]
        at = 4 + 2 * n_words
        pointers = []
        for k in range(int(fields[at])):
            symbol, target, pos, st = fields[at + 1 + 4 * k : at + 5 + 4 * k]
            if symbol == "!":
                pointers.append((target, pos, int(st[:2], 16), int(st[2:], 16)))
        out[offset] = (words, pointers)
    return out


def antonym_pairs(wordnet: Path) -> list[tuple[str, str, str]]:
    """Every direct antonym pair as (lemma, antonym, pos), each unordered pair once."""
    by_pos = {p: _synsets(wordnet / f"data.{name}") for p, name in POS_FILES.items()}
    pairs = set()
    for pos, synsets in by_pos.items():
        for words, pointers in synsets.values():
            for target, tpos, source, dest in pointers:
                tpos = "a" if tpos == "s" else tpos
                a, b = words[source - 1], by_pos[tpos][target][0][dest - 1]
                if a != b:
                    pairs.add((*sorted((a, b)), pos))
    return sorted(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    pairs = antonym_pairs(args.wordnet)
    body = "".join(f"{a}\t{b}\t{pos}\n" for a, b, pos in pairs)
    args.out.write_text(HEADER + body, encoding="utf-8")
    print(f"{len(pairs)} antonym pairs written to {args.out}")


if __name__ == "__main__":
    main()
