"""Reading back what the store holds, checked: a damaged value becomes a Damage that says
in words what is wrong, which the repository turns into a one-line error naming the run.

SQLite keeps any value in any column (a REAL column keeps ``'abc'``), and a disk or an
editor can damage a JSON header or a zlib blob; nothing read here is trusted to fit.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from mtcompare.core.model import RunResult

#: Column kinds: a name for the message and the Python types a sound value has.
Kind = tuple[str, frozenset[type]]
TEXT: Kind = ("text", frozenset({str}))
OPT_TEXT: Kind = ("text", frozenset({str, type(None)}))
OPT_INT: Kind = ("an integer", frozenset({int, type(None)}))
OPT_NUMBER: Kind = ("a number", frozenset({int, float, type(None)}))
#: A result row's columns: its key -> (table.column, kind).
Columns = Mapping[str, tuple[str, Kind]]


def _in(table: str, **kinds: Kind) -> dict[str, tuple[str, Kind]]:
    return {key: (f"{table}.{key}", kind) for key, kind in kinds.items()}


RUN_COLUMNS: Columns = _in(
    "runs",
    run_id=TEXT,
    created=TEXT,
    label=OPT_TEXT,
    tool_version=OPT_TEXT,
    mode=OPT_TEXT,
    metrics=OPT_TEXT,
    comet_model=OPT_TEXT,
    reference_path=OPT_TEXT,
    reference_sha256=OPT_TEXT,
    reference_sentences=OPT_INT,
)
SCORE_COLUMNS: Columns = {
    **_in("systems", name=TEXT, path=OPT_TEXT, sha256=OPT_TEXT),
    **_in("scores", metric=OPT_TEXT, value=OPT_NUMBER, ci_low=OPT_NUMBER, ci_high=OPT_NUMBER),
}
POINT_COLUMNS: Columns = {
    **_in(
        "runs",
        run_id=TEXT,
        created=TEXT,
        label=OPT_TEXT,
        tool_version=OPT_TEXT,
        reference_path=OPT_TEXT,
        reference_sha256=OPT_TEXT,
    ),
    **SCORE_COLUMNS,
    **_in("scores", metric=TEXT, signature=OPT_TEXT),
}
_JSON_NAMES = {dict: "object", list: "array", str: "string", int: "number", float: "number"}


class Damage(ValueError):
    """What is wrong with one stored value, e.g. "segment list of system mt_a is not zlib
    data (incorrect header check)"."""


def first_damage(
    rows: Sequence[Sequence[Any]], keys: Sequence[str], columns: Columns
) -> tuple[int, str] | None:
    """(row index, what is wrong) for the first value not of its column's kind, or None.

    Exact types (drivers return plain str, int, float, None), collected per column at C
    speed with map(); a Python loop runs only to find the damaged row.
    """
    for key, (name, (kind, types)) in columns.items():
        pos = keys.index(key)
        if set(map(type, map(itemgetter(pos), rows))) <= types:
            continue
        for i, row in enumerate(rows):
            if type(row[pos]) not in types:
                shown = repr(row[pos])
                shown = shown if len(shown) <= 40 else shown[:37] + "..."
                return i, f"column {name} holds {shown}, not {kind}"
    return None


def json_value(raw: Any, what: str, expect: type) -> Any:
    """``raw`` (stored JSON text) decoded, and of type ``expect`` (dict or list)."""
    if not isinstance(raw, str):
        raise Damage(f"{what} is {type(raw).__name__}, not JSON text")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise Damage(f"{what} is not JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(value, expect):
        found = _JSON_NAMES.get(type(value), "null")
        raise Damage(f"{what} is a JSON {found}, not a JSON {_JSON_NAMES[expect]}")
    return value


def segments(blob: Any, what: str) -> list[Any]:
    """A system's segments: a zlib-compressed UTF-8 JSON list."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise Damage(f"{what} is {type(blob).__name__}, not a blob")
    try:
        text = zlib.decompress(blob).decode("utf-8")
    except zlib.error as exc:  # "Error -3 while decompressing data: incorrect header check"
        raise Damage(f"{what} is not zlib data ({str(exc).rsplit(': ', 1)[-1]})") from None
    except UnicodeDecodeError as exc:
        raise Damage(f"{what} is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    return json_value(text, what, list)


def run_json(header: Any, systems: Iterable[tuple[Any, Any]]) -> dict[str, Any]:
    """A run's JSON from its header and its systems' (header, segments blob) rows."""
    data = json_value(header, "run header", dict)
    data["systems"] = []
    for k, (system_json, blob) in enumerate(systems, 1):
        system = json_value(system_json, f"header of system {k}", dict)
        name = system.get("name")
        system["segments"] = segments(blob, f"segment list of system {name or k}")
        data["systems"].append(system)
    return data


def run_result(data: dict[str, Any]) -> RunResult:
    """``RunResult.from_dict``, its errors on a JSON of the wrong shape as Damage."""
    try:
        return RunResult.from_dict(data)
    except KeyError as exc:
        raise Damage(f"its JSON lacks the key {exc}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise Damage(f"its JSON does not have the shape of a run ({exc})") from None
