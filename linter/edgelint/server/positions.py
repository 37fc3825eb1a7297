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
