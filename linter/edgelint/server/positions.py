"""edgelint's positions (1-based lines, columns in characters) as LSP's: 0-based lines and
columns in the code units the client and server agreed on at initialize (LSP 3.17
`PositionEncodingKind`: UTF-16 unless the client offers UTF-8 or UTF-32). A line with `é` or an
emoji before the finding is where a character count and a code-unit count part: `é` is one
character, one UTF-16 unit and two UTF-8 bytes; `😀` is one character, two UTF-16 units and four
UTF-8 bytes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from edgelint.javascript import utf16_length

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line ends


def _utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


_UNITS: dict[str, Callable[[str], int]] = {
    "utf-8": _utf8_length,
    "utf-16": utf16_length,
    "utf-32": len,
}


def units_counter(encoding: str | None) -> Callable[[str], int]:
    """How many code units a text is in the negotiated encoding (UTF-16 when none was)."""
    return _UNITS.get(str(encoding or "utf-16"), utf16_length)


def lines_of(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


class Offsets:
    """Character offsets into a text (where edgelint's positions and edits point) as LSP
    positions, and back."""

    def __init__(self, text: str, encoding: str | None = None) -> None:
        self.text = text
        self.units = units_counter(encoding)
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, self.units(self.text[self.starts[line] : offset])

    def line_end(self, line: int) -> int:
        """The offset where a 0-based line's text ends, before its line break."""
        if line + 1 < len(self.starts):
            found = _LINE_BREAK.search(self.text, self.starts[line])
            return found.start() if found is not None else len(self.text)
        return len(self.text)

    def offset(self, line: int, character: int) -> int:
        """The character offset of an LSP position; a position past a line's end is its end,
        as LSP says."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.line_end(line)
        count = 0
        for index in range(start, end):
            if count >= character:
                return index
            count += self.units(self.text[index])
        return end

    def edgelint_position(self, line: int, column: int) -> tuple[int, int]:
        """(line, character) in LSP terms for edgelint's 1-based line and character column."""
        index = min(max(line - 1, 0), len(self.starts) - 1)
        start, end = self.starts[index], self.line_end(index)
        return index, self.units(self.text[start : min(start + max(column - 1, 0), end)])
