"""edgelint's positions (1-based lines, columns in characters) as LSP's: 0-based lines and
columns in UTF-16 code units, the encoding LSP positions use unless a client negotiates
another (LSP 3.17 `PositionEncodingKind`). A line with `é` or an emoji before the finding is
where a character count and a UTF-16 count part."""

from __future__ import annotations

import re

from edgelint.javascript import utf16_length

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line ends


def lines_of(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def lsp_position(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """(line, character) in LSP terms for edgelint's 1-based line and character column."""
    index = min(max(line - 1, 0), len(lines) - 1)
    text = lines[index] if lines else ""
    return index, utf16_length(text[: max(column - 1, 0)])


class Offsets:
    """Character offsets into a text (where edgelint's edits point) as LSP positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        import bisect

        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, utf16_length(self.text[self.starts[line] : offset])
