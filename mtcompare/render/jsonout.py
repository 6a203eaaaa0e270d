"""JSON as the tool writes it: strict JSON that every reader parses.

Python's ``json`` writes a non-finite float as ``NaN`` or ``Infinity``, which is not JSON:
``JSON.parse`` in the HTML report would fail and leave the page blank, and strict readers
refuse the file. Such a value is written as ``null`` (a score that could not be
computed). Characters a terminal could act on (DEL, C1, bidi overrides) are written as
``\\u`` escapes, so printing the JSON is as safe as the views; the data is unchanged.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from mtcompare.render.terminal import CONTROLS

#: The terminal views' control characters (render.terminal.CONTROLS) that JSON does not
#: escape itself: C0 it always escapes.
_TERMINAL_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in CONTROLS if c >= 0x7F) + "]")


def finite(data: Any) -> Any:
    """``data`` with every NaN or infinite float replaced by None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite(v) for v in data]
    return data


def dumps(data: Any, indent: int | None = 2, compact: bool = False) -> str:
    """Strict JSON text of ``data`` (see the module docstring), no trailing newline."""
    separators = (",", ":") if compact else None
    try:
        text = json.dumps(
            data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False
        )
    except ValueError:  # a NaN or infinity somewhere: rare, so only then the copy
        text = json.dumps(finite(data), ensure_ascii=False, indent=indent, separators=separators)
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
