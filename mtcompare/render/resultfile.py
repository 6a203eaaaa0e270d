"""Reading a run saved with ``score --format json`` (for ``report`` and ``diff RESULT.json``).

The file may come from anywhere, so everything the views read is checked first: JSON
itself (no ``NaN``/``Infinity``, which are not JSON, no integer too long to convert, no
nesting deep enough to exhaust the parser), text (no lone surrogate, which cannot be
written out as UTF-8), and the shape and types of every field a view uses (sentence ids
within the reference, finite scores). Any problem is one InputError line naming the file
and the field; nothing past this point meets data it cannot render.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mtcompare.core.errors import InputError
from mtcompare.core.model import RunResult
from mtcompare.core.textio import read_text

#: Deeper than any run the tool writes (about 6 levels): more is not a result file.
MAX_DEPTH = 64
#: Sentence counts above this are not an article or a test set (a memory guard).
MAX_SENTENCES = 10_000_000


class _Bad(Exception):
    """A field of the wrong shape: ``where`` it is and what was expected."""


def load_result(path: str | Path) -> RunResult:
    """A run saved with ``--format json``; any other file is a one-line input error."""
    text = read_text(path, "result file").text
    data = parse_json(text, path)
    try:
        check_run_data(data)
        return RunResult.from_dict(data)
    except _Bad as exc:
        raise InputError(f"result file is not an mtcompare score result ({exc}): {path}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"result file is not an mtcompare score result (bad or missing {exc}): {path}"
        ) from None


def _no_constant(name: str) -> Any:
    raise InputError(f"{name} is not JSON")


def parse_json(text: str, path: str | Path) -> Any:
    """Strict JSON: NaN/Infinity, overlong integers and runaway nesting are InputErrors."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"result file is not JSON ({exc.msg}, line {exc.lineno}): {path}"
        ) from None
    except InputError as exc:
        raise InputError(f"result file is not valid JSON ({exc}): {path}") from None
    except RecursionError:
        raise InputError(f"result file is nested too deeply to be a result: {path}") from None
    except ValueError as exc:  # e.g. an integer literal past Python's digit limit
        raise InputError(f"result file has an unreadable value ({exc}): {path}") from None
    problem = _scan(data)
    if problem:
        raise InputError(f"result file {problem}: {path}")
    return data


def _scan(data: Any) -> str | None:
    """Depth and text check of the whole document, without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"is nested more than {MAX_DEPTH} levels deep"
        if isinstance(value, dict):
            stack.extend((k, depth) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "has text with a lone surrogate (\\ud800-\\udfff), which is not Unicode"
    return None


# --- shape ------------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "null" if value is None else "a number"
    )


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{where}: expected an object, got {_type_name(value)}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(f"{where}: expected an array, got {_type_name(value)}")
    return value


def _str(value: Any, where: str, optional: bool = False) -> None:
    if not (isinstance(value, str) or (optional and value is None)):
        raise _Bad(f"{where}: expected a string, got {_type_name(value)}")


def _int(value: Any, where: str, below: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < below:
        raise _Bad(f"{where}: expected an integer from 0 to {below - 1}, got {value!r:.40}")
    return value


def _number(value: Any, where: str) -> None:
    """A finite number or null (a score that could not be computed)."""
    if value is None:
        return
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    try:
        ok = ok and math.isfinite(float(value))
    except OverflowError:
        ok = False
    if not ok:
        raise _Bad(f"{where}: expected a finite number, got {value!r:.40}")


def _scalar(value: Any, where: str) -> None:
    if isinstance(value, dict | list):
        raise _Bad(f"{where}: expected a string or number, got {_type_name(value)}")


def _map(value: Any, where: str, check: Callable[[Any, str], object]) -> None:
    for key, item in _dict(value, where).items():
        check(item, f"{where}.{key}")


def check_run_data(data: Any) -> None:
    """Raise ``_Bad`` naming the first field a view could not use."""
    top = _dict(data, "the document")
    ref = _dict(top.get("reference"), "reference")
    _str(ref.get("path", ""), "reference.path")
    n_ref = _int(ref.get("sentences"), "reference.sentences", MAX_SENTENCES + 1)
    _str(top.get("mode", ""), "mode")
    for k, m in enumerate(_list(top.get("metrics", []), "metrics")):
        _str(m, f"metrics[{k}]")
    for k, c in enumerate(_list(top.get("comparisons", []), "comparisons")):
        where = f"comparisons[{k}]"
        for key in ("baseline", "system", "metric"):
            _str(_dict(c, where).get(key), f"{where}.{key}")
        for key in ("delta", "p_value"):
            _number(c.get(key), f"{where}.{key}")
    _check_meta(_dict(top.get("meta", {}), "meta"))
    if top.get("source") is not None:
        _dict(top["source"], "source")
    for k, s in enumerate(_list(top.get("systems"), "systems")):
        _check_system(_dict(s, f"systems[{k}]"), f"systems[{k}]", n_ref)


def _check_meta(meta: dict[str, Any]) -> None:
    for key in ("created", "tool", "version", "docids", "errors"):
        _scalar(meta.get(key), f"meta.{key}")
    sig = meta.get("significance")
    if sig is None:
        return
    sig = _dict(sig, "meta.significance")
    for key in ("method", "resamples", "seed", "unit", "units", "baseline"):
        _scalar(sig.get(key), f"meta.significance.{key}")
    _number(sig.get("alpha"), "meta.significance.alpha")
    _map(
        sig.get("clusters", {}),
        "meta.significance.clusters",
        lambda v, w: _map(v, w, lambda n, w2: _int(n, w2, MAX_SENTENCES)),
    )


def _check_system(s: dict[str, Any], where: str, n_ref: int) -> None:
    _str(s.get("name"), f"{where}.name")
    _str(s.get("path"), f"{where}.path")
    _str(s.get("sha256", ""), f"{where}.sha256")
    n_hyp = _int(s.get("sentences", 0), f"{where}.sentences", MAX_SENTENCES + 1)
    _map(s.get("corpus"), f"{where}.corpus", _number)
    _map(s.get("signatures", {}), f"{where}.signatures", _str)
    _map(s.get("error_counts", {}), f"{where}.error_counts", lambda v, w: _int(v, w, 1 << 31))
    _map(s.get("corpus_ci", {}), f"{where}.corpus_ci", _check_interval)
    _map(s.get("doc_scores", {}), f"{where}.doc_scores", lambda v, w: _map(v, w, _number))
    for k, seg in enumerate(_list(s.get("segments"), f"{where}.segments")):
        _check_segment(_dict(seg, f"{where}.segments[{k}]"), f"{where}.segments[{k}]", n_ref, n_hyp)


def _check_interval(value: Any, where: str) -> None:
    pair = _list(value, where)
    if len(pair) != 2:
        raise _Bad(f"{where}: expected [low, high], got {len(pair)} values")
    for k, v in enumerate(pair):
        _number(v, f"{where}[{k}]")


def _check_segment(seg: dict[str, Any], where: str, n_ref: int, n_hyp: int) -> None:
    for k, i in enumerate(_list(seg.get("ref_ids"), f"{where}.ref_ids")):
        _int(i, f"{where}.ref_ids[{k}]", n_ref)
    hyp_limit = n_hyp if n_hyp else MAX_SENTENCES  # 0: a file without the count
    for k, i in enumerate(_list(seg.get("hyp_ids"), f"{where}.hyp_ids")):
        _int(i, f"{where}.hyp_ids[{k}]", hyp_limit)
    _str(seg.get("ref"), f"{where}.ref")
    _str(seg.get("hyp"), f"{where}.hyp")
    _str(seg.get("src"), f"{where}.src", optional=True)
    _str(seg.get("doc_id"), f"{where}.doc_id", optional=True)
    _map(seg.get("scores", {}), f"{where}.scores", _number)
    for k, e in enumerate(_list(seg.get("errors", []), f"{where}.errors")):
        flag = _dict(e, f"{where}.errors[{k}]")
        for key in ("category", "ref", "hyp", "detail"):
            _str(flag.get(key), f"{where}.errors[{k}].{key}")
