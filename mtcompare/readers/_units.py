"""What the bilingual readers (XLIFF, TMX) share: units to Content, the library check."""

from __future__ import annotations

from collections.abc import Sequence

from mtcompare.core.errors import InputError
from mtcompare.readers import Content, import_extra


def need_translate_toolkit(path: str, what: str, kind: str) -> None:
    import_extra("translate.storage", "xliff", path, what, kind, package="translate-toolkit")


def units_content(path: str, what: str, kind: str, pairs: Sequence[tuple[str, str]]) -> Content:
    """Content of (source, target) units in file order: the targets are the version (an
    untranslated unit is an empty line), each unit one line (inner line breaks spaces)."""
    if not pairs:
        raise InputError(f"{what} {path} has no translation units ({kind})")
    sources = [" ".join(s.split()) for s, _ in pairs]
    targets = [" ".join(t.split()) for _, t in pairs]
    if not any(targets):
        raise InputError(f"{what} {path} has no target text in its {len(pairs)} units ({kind})")
    return Content("\n".join(targets) + "\n", targets, sources)
