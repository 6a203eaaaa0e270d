"""Text from MT output, file names and labels made harmless for a terminal.

MT text is untrusted: an escape sequence in it would reach the terminal through every
view (OSC 52 sets the clipboard, OSC 8 fakes a link, ``ESC[2J`` clears the screen) and a
bidi override reorders what the reader sees. Every terminal view passes such text
through :func:`visible`, which writes each control character as a visible escape
(``\\x1b``, ``\\u202e``), and builds rich ``Text`` from it (never markup, so ``[link=...]``
in a system name stays text).
"""

from __future__ import annotations

from rich.text import Text

#: Layout characters a multi-line cell may keep.
LAYOUT = "\n\t"
CONTROLS = [
    *range(0x00, 0x20),  # C0
    0x7F,  # DEL
    *range(0x80, 0xA0),  # C1 (0x9b is a one-byte CSI for some terminals)
    *range(0x202A, 0x202F),  # LRE, RLE, PDF, LRO, RLO
    *range(0x2066, 0x206A),  # LRI, RLI, FSI, PDI
]


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


_TABLES = {keep: {c: _escape(c) for c in CONTROLS if chr(c) not in keep} for keep in (LAYOUT, "")}


def visible(text: str, keep: str = LAYOUT) -> str:
    """``text`` with every control character other than those in ``keep`` escaped.

    ``keep`` is ``"\\n\\t"`` (a table cell may wrap) or ``""`` (a one-line message).
    """
    table = _TABLES.get(keep)
    if table is None:
        table = {c: _escape(c) for c in CONTROLS if chr(c) not in keep}
    return text.translate(table)


def safe_text(value: object, style: str = "") -> Text:
    """A rich ``Text`` of untrusted ``value``: escaped, never parsed as markup."""
    return Text(visible(str(value)), style=style)
