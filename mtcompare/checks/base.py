"""The error categories and their detectors, declared once; per-language word lists.

Import-light on purpose (standard library only): renderers read ``category_info()`` for
labels and colours without loading the detectors, whose modules are imported on first
use by ``mtcompare.checks``.

Adding a category: write ``mtcompare/checks/<detector>.py`` with a module-level
``detect`` (the ``Detector`` protocol), put its word lists under ``data/<language>/``,
and add one ``Category`` line to ``_REGISTRY`` below (plus the detector's name to
``MASKING_ORDER`` if it is a new module; an unlisted detector fails at import).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple, Protocol

from mtcompare.core.errors import InputError

if TYPE_CHECKING:
    from mtcompare.checks._text import Words
    from mtcompare.checks.source import Source
    from mtcompare.core.model import ErrorFlag


@dataclass(frozen=True)
class Category:
    """One error category: what the JSON calls it and how a report shows it."""

    name: str  # the key in ErrorFlag.category and the JSON (a contract: never renamed)
    label: str  # display label
    colour: str  # CSS colour of its badges and bars in the HTML report
    description: str  # one line, for legends and help texts
    detector: str  # module under mtcompare.checks whose ``detect`` raises it in a pair


#: Every category, in display order (``mtcompare.core.model.CATEGORIES`` is this order).
#: Omission and addition are also raised per bead, for a sentence with no counterpart.
_REGISTRY: tuple[Category, ...] = (
    Category("names", "Names", "#8250df", "A name spelled differently, substituted, missing or added.", "names"),  # noqa: E501
    Category("numbers", "Numbers", "#0969da", "A quantity, date or qualifier ('more than') that differs.", "numbers"),  # noqa: E501
    Category("negation", "Negation", "#cf222e", "A negation added or dropped, or a word turned into its opposite.", "negation"),  # noqa: E501
    Category("omission", "Omission", "#bc4c00", "A reference sentence or clause with no counterpart in the MT.", "clauses"),  # noqa: E501
    Category("addition", "Addition", "#1a7f37", "An MT sentence or clause with no counterpart in the reference.", "clauses"),  # noqa: E501
)  # fmt: skip

#: The order the detectors run in, stated here only. Each one sees both texts as masked
#: by those before it: the clause detector blanks a dropped or added clause, so the names,
#: numbers and negations inside it are not flagged again. Flags are listed in this order.
MASKING_ORDER: tuple[str, ...] = ("clauses", "names", "numbers", "negation")

if {c.detector for c in _REGISTRY} != set(MASKING_ORDER):  # pragma: no cover - a coding slip
    raise RuntimeError("every registered detector must appear once in MASKING_ORDER")


def category_info() -> tuple[Category, ...]:
    """Every category in display order, with its label, colour and description."""
    return _REGISTRY


class Detection(NamedTuple):
    """What a detector found in a pair, and the two texts for the detectors after it."""

    flags: list[ErrorFlag]
    ref: Words  # the reference, with the spans this detector reported blanked if it masks
    hyp: Words


class Detector(Protocol):
    """A module-level ``detect(ref, hyp, src)`` of one detector module.

    Both sides are non-empty ``Words`` of the same language (``Words.language``); ``src``
    is the pair's source sentence when the user gave one (see ``checks.source``), else
    None. Every flag says its severity (``mtcompare.core.model.SEVERITIES``); a detector
    may return notes on the reference (category ``REFERENCE_NOTE``) where the source
    sides with the MT. The function must be pure. A detector that does not mask returns
    ``ref`` and ``hyp``.
    """

    def __call__(self, ref: Words, hyp: Words, src: Source | None) -> Detection: ...


# --- languages and word lists -----------------------------------------------------------


@lru_cache(maxsize=1)
def supported_languages() -> tuple[str, ...]:
    """Languages with a word-list folder under ``mtcompare/checks/data``."""
    data = resources.files("mtcompare.checks").joinpath("data")
    return tuple(sorted(p.name for p in data.iterdir() if p.is_dir() and p.name.isalpha()))


def check_language(language: str) -> str:
    """``language`` itself, or an InputError naming the supported languages."""
    if language not in supported_languages():
        raise InputError(
            f"unsupported language {language!r} (supported: {', '.join(supported_languages())})"
        )
    return language


def _lines(language: str, filename: str) -> list[str]:
    """Non-empty lines of a data file, without ``#`` comments."""
    check_language(language)
    path = resources.files("mtcompare.checks").joinpath("data", language, filename)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line.strip(" "))
    return out


@cache
def word_list(language: str, name: str) -> tuple[str, ...]:
    """Items of ``data/<language>/<name>.txt``, one per line, in file order."""
    return tuple(_lines(language, f"{name}.txt"))


@cache
def table(language: str, name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``data/<language>/<name>.tsv``: tab-separated fields, in file order."""
    return tuple(
        tuple(f.strip() for f in line.split("\t")) for line in _lines(language, f"{name}.tsv")
    )


def number(field: str) -> int | float:
    """A numeric table field: an int where it is one (values are only compared as floats)."""
    try:
        return int(field)
    except ValueError:
        return float(field)
