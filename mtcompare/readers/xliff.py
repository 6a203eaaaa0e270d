"""XLIFF 1.2 and 2.0 (extra ``[xliff]``, translate-toolkit): the target of each unit, in
file order; the source segments can serve as the run's source (``--src-from-file``).

An XLIFF 2.0 unit with several segments is one unit (its segments' targets joined), so
``--lines`` gives one line per ``<unit>`` as in 1.2 one per ``<trans-unit>``.
"""

from __future__ import annotations

from mtcompare.core.errors import InputError
from mtcompare.readers import Content
from mtcompare.readers._units import need_translate_toolkit, units_content

_XLIFF2 = (b"urn:oasis:names:tc:xliff:document:2", b'version="2.', b"version='2.")


def read(data: bytes, path: str, what: str, keep_boilerplate: bool = False) -> Content:
    need_translate_toolkit(path, what, "XLIFF")
    version2 = any(mark in data[:4096] for mark in _XLIFF2)
    try:
        if version2:
            from translate.storage.xliff2 import Xliff2File

            store = Xliff2File.parsestring(data)
        else:
            from translate.storage.xliff import xlifffile

            store = xlifffile.parsestring(data)
        units: dict[str, list[tuple[str, str]]] = {}
        for unit in store.units:
            if unit.isheader():
                continue
            key = unit.getid().split("::", 1)[0] if version2 else f"{len(units)}"
            units.setdefault(key, []).append((str(unit.source or ""), str(unit.target or "")))
    except InputError:
        raise
    except Exception as exc:  # lxml and translate-toolkit errors alike
        raise InputError(
            f"{what} {path} is not a readable XLIFF file: {_first_line(exc)}"
        ) from None
    pairs = [
        (" ".join(s for s, _ in segs), " ".join(t for _, t in segs if t)) for segs in units.values()
    ]
    return units_content(path, what, f"XLIFF {'2.0' if version2 else '1.2'}", pairs)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
