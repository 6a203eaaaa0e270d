"""TMX (extra ``[xliff]``, translate-toolkit): each ``<tu>``'s target (its second
``<tuv>``, the first being the header's source language) is the version, in file order;
the first ``<tuv>`` is the source segment. Inline markup (``<bpt>``, ``<ept>``, ``<ph>``,
``<it>``, ``<ut>``: the original file's formatting codes) is dropped, its text kept out.
"""

from __future__ import annotations

from typing import Any

from mtcompare.core.errors import InputError
from mtcompare.readers import Content
from mtcompare.readers._units import need_translate_toolkit, units_content

_CODES = ("bpt", "ept", "ph", "it", "ut")


def read(data: bytes, path: str, what: str, keep_boilerplate: bool = False) -> Content:
    need_translate_toolkit(path, what, "TMX")
    try:
        from translate.storage.tmx import tmxfile

        store = tmxfile.parsestring(data)
        pairs = [_texts(unit.xmlelement) for unit in store.units]
    except InputError:
        raise
    except Exception as exc:  # lxml and translate-toolkit errors alike
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"{what} {path} is not a readable TMX file: {first}") from None
    return units_content(path, what, "TMX", pairs)


def _texts(tu: Any) -> tuple[str, str]:
    """(source, target) text of a ``<tu>``: its first and second ``<tuv>``'s ``<seg>``."""
    segs = [tuv.find("seg") for tuv in tu.iterchildren("tuv")]
    texts = [_seg_text(seg) if seg is not None else "" for seg in segs]
    return (texts[0] if texts else "", texts[1] if len(texts) > 1 else "")


def _seg_text(seg: Any) -> str:
    parts = [seg.text or ""]
    for child in seg.iterchildren():
        if child.tag not in _CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
