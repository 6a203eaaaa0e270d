"""Reading an input version (MT file, reference, source) in the format it comes in.

One interface for every format: a reader module ``mtcompare.readers.<format>`` has
``read(data, path, what, keep_boilerplate) -> Content`` over the file's bytes, imports
its library (trafilatura, python-docx, translate-toolkit) inside ``read`` only, and turns
a file it cannot read into an InputError naming it. This module picks the format: from
the extension, checked against the content (a ``.docx`` that is no ZIP archive is an
error, a ``.txt`` holding a web page is read as one), or from ``--format-in``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Protocol

from mtcompare.core.errors import InputError
from mtcompare.core.textio import TextFile, is_stdin, read_bytes

#: Every readable format, and the extensions that name it. ``pdf`` is refused with a hint.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "text": (".txt", ".text", ".md"),
    "html": (".html", ".htm", ".xhtml"),
    "docx": (".docx",),
    "xliff": (".xlf", ".xliff", ".xlf2"),
    "tmx": (".tmx",),
    "pdf": (".pdf",),
}
FORMATS: tuple[str, ...] = tuple(EXTENSIONS)
#: Formats with a source segment per unit (usable as ``--src``).
BILINGUAL = ("xliff", "tmx")


@dataclass(frozen=True)
class Content:
    """What a reader found: the text (a paragraph, heading or unit per line) and, for
    formats made of units, one unit per line for ``--lines`` and their source segments."""

    text: str
    units: list[str] | None = None
    sources: list[str] | None = None


def import_extra(
    module: str, extra: str, path: str, what: str, kind: str, package: str | None = None
) -> ModuleType:
    """``module`` of an optional extra, or the one-line error saying which extra to
    install (``package``: the missing distribution's name, else the module's)."""
    try:
        return import_module(module)
    except ImportError as exc:
        raise InputError(
            f"{what} {path} is {kind}: reading it needs the [{extra}] extra "
            f"(pip install 'mtcompare[{extra}]'; {package or exc.name} is missing)"
        ) from None


class Reader(Protocol):
    """A format's module-level ``read``: the file's bytes to Content, or an InputError
    that names ``path`` (``what`` says which input it is: "MT file", "reference")."""

    def __call__(self, data: bytes, path: str, what: str, keep_boilerplate: bool) -> Content: ...


@dataclass(frozen=True)
class Read:
    """An input read: ``file.text`` is :attr:`Content.text`, ``file.sha256`` the bytes'."""

    file: TextFile
    content: Content
    format: str


def extension_format(path: str | Path) -> str | None:
    """The format an extension names; None for stdin and unknown extensions (text)."""
    if is_stdin(path):
        return None
    suffix = Path(path).suffix.lower()
    return next((f for f, exts in EXTENSIONS.items() if suffix in exts), None)


_XML_ROOT = re.compile(rb"<(?:[\w.-]+:)?(xliff|tmx|html)\b", re.IGNORECASE)
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|p|div|h[1-6]|br)\b", re.I)


def content_format(data: bytes) -> str | None:
    """The format the bytes show (a PDF or ZIP signature, an XML or HTML root element in
    the first 4 KiB), or None for anything else (plain text, or a binary file)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/document.xml" in data else "zip"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    root = _XML_ROOT.search(head)
    if root is not None:
        return root.group(1).decode().lower()
    return "html" if _HTML_TAG.search(head) else None


def choose_format(path: str | Path, data: bytes, fmt: str | None) -> str:
    """``fmt`` if given; else the extension's format when the content agrees with it, the
    content's when the extension names none (or text); an InputError when they disagree."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError(
                f"unknown --format-in value {fmt!r} (choose from: {', '.join(FORMATS)})"
            )
        return fmt
    named, shown = extension_format(path), content_format(data)
    if named in (None, "text"):
        return shown if shown in FORMATS else "text"
    if named == shown or shown == "pdf":
        return shown  # type: ignore[return-value]
    found = {"zip": "a ZIP archive but no Word document", None: "plain text"}.get(shown, shown)
    raise InputError(
        f"{path} has the extension {Path(path).suffix} but its content is {found}, not "
        f"{named}; give --format-in FORMAT ({', '.join(FORMATS[:-1])}) to choose the reader"
    )


def read_input(
    path: str | Path, what: str = "file", fmt: str | None = None, keep_boilerplate: bool = False
) -> Read:
    """Read ``path`` (``-``: stdin) in its format; a file that cannot be read is one
    InputError naming it."""
    data = read_bytes(path, what)
    chosen = choose_format(path, data, fmt)
    if chosen == "text":
        from mtcompare.core.textio import decode_text

        file = decode_text(data, path, what)
        return Read(file, Content(file.text), chosen)
    reader: Reader = import_module(f"mtcompare.readers.{chosen}").read
    content = reader(data, str(path), what, keep_boilerplate)
    if not content.text.strip() and not content.units:
        raise InputError(f"{what} has no text ({chosen}): {path}")
    import hashlib

    file = TextFile(str(path), content.text, hashlib.sha256(data).hexdigest())
    return Read(file, content, chosen)
