"""General-English polarity lexicon: pairs of opposite word groups.

Each entry is (positive pole, negative pole). A pair is "flipped" when the reference
uses only one pole and the MT only the other. Groups hold ordinary news vocabulary for
the same concept, so that a synonym swap inside one pole ("rose"/"climbed") never counts.
Multi-word members are matched on adjacent words ("vote for"). Words are stemmed with
``_text.stem`` at import, so list base forms only.
"""

from __future__ import annotations

from mtcompare.checks._text import stem

_RAW: tuple[tuple[str, str], ...] = (
    (
        "approve accept adopt endorse ratify uphold pass grant",
        "reject veto overturn refuse",
    ),
    (
        "increase rise grow raise climb jump soar surge expand boost hike mount intensify gain",
        "decrease fall drop decline reduce cut lower shrink slump plunge sink ease slide tumble"
        " dip diminish",
    ),
    ("high higher highest", "low lower lowest"),
    ("win victory beat gain", "lose loss"),
    ("ahead lead surpass outpace outstrip", "behind trail lag"),
    ("confirm acknowledge admit", "deny"),
    (
        "support favor favour endorse vote_for in_favor in_favour",
        "oppose against vote_against object",
    ),
    ("allow permit authorize authorise legalize legalise", "ban forbid prohibit block outlaw"),
    ("lift", "impose"),
    ("open reopen", "close shut"),
    ("succeed success successful manage_to", "fail failure"),
    ("strong strengthen", "weak weaken"),
    ("good improve", "bad worsen deteriorate"),
    ("guilty convict", "innocent acquit"),
    ("include", "exclude"),
    ("buy purchase acquire", "sell"),
    ("import", "export"),
    ("before prior_to", "after"),
    ("ally friend", "enemy foe"),
    ("majority", "minority"),
    ("maximum", "minimum"),
    ("true", "false"),
    ("positive", "negative"),
    ("praise welcome applaud hail", "criticize criticise condemn denounce slam"),
    ("join", "leave quit exit"),
    ("rich wealthy", "poor"),
    ("expensive costly", "cheap inexpensive"),
    ("start begin resume restart", "stop halt suspend cease"),
    ("present attend", "absent"),
    ("arrest detain jail", "release"),
    ("survive", "die kill"),
    ("easy simple", "difficult hard"),
    ("early earlier", "late later"),
    ("safe", "dangerous"),
    ("profit", "loss"),
)


def _pole(words: str) -> frozenset[str]:
    return frozenset(" ".join(stem(p) for p in w.split("_")) for w in words.split())


#: (positive pole, negative pole) as sets of stems or stem bigrams.
ANTONYM_PAIRS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (_pole(a), _pole(b)) for a, b in _RAW
)

#: Prefixes that negate a word (likely/unlikely, legal/illegal, agree/disagree).
NEG_PREFIXES: tuple[str, ...] = ("un", "in", "im", "il", "ir", "dis", "non")

#: Words that look like prefix + word but are not its negation.
PREFIX_FALSE_FRIENDS = frozenset(
    stem(w)
    for w in [
        "inform",
        "increase",
        "intend",
        "income",
        "insight",
        "inside",
        "invest",
        "involve",
        "index",
        "indicate",
        "discover",
        "disclose",
        "display",
        "dispatch",
        "dismiss",
        "dispute",
        "distance",
        "district",
        "impress",
        "impose",
        "import",
        "imply",
        "improve",
        "include",
        "install",
        "intense",
        "interest",
        "internal",
        "interview",
        "introduce",
        "invite",
        "invade",
        "until",
        "under",
        "union",
        "unit",
        "universe",
        "unite",
        "irony",
        "island",
        "illustrate",
        "disarm",
        "discount",
        "discharge",
        "dissolve",
        "disband",
        "immigrant",
        "impact",
        "impair",
        "implement",
        "inflation",
        "instead",
        "insist",
        "inspect",
        "inherit",
        "inject",
        "injure",
        "insult",
        "intern",
        "innovate",
    ]
)
