"""A loaded file: its exact bytes, its text, and the arithmetic from offsets to clickable positions.

Offsets everywhere in edgelint are character offsets into ``SourceFile.text`` (the decoded file with
any UTF-8 byte-order mark removed). Lines are counted the way editors count them (LF, CRLF, CR), so
the line and column a diagnostic prints are the ones a person clicks on.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

BOM = "\ufeff"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, order=True)
class Position:
    """1-based line and column; the column counts characters, not bytes."""

    line: int
    column: int


class DecodeError(Exception):
    """The bytes are not UTF-8 text: binary, another encoding, or cut mid-character."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


@dataclass
class SourceFile:
    path: str
    raw: bytes
    text: str
    bom: bool = False
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def from_bytes(cls, path: str, raw: bytes) -> SourceFile:
        """Decode strictly: a linter that guesses an encoding would fix the wrong bytes."""
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise DecodeError(
                "the file is UTF-16; edgelint reads UTF-8 only (save it as UTF-8)",
                1,
                1,
            )
        nul = raw.find(b"\x00")
        if nul != -1:
            line, column = _byte_position(raw, nul)
            raise DecodeError("binary file (it contains NUL bytes), not YAML text", line, column)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _byte_position(raw, exc.start)
            raise DecodeError(
                f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot start or continue a "
                "UTF-8 character (save the file as UTF-8)",
                line,
                column,
            ) from None
        bom = text.startswith(BOM)
        if bom:
            text = text[1:]
        return cls(path=path, raw=raw, text=text, bom=bom)

    @property
    def line_starts(self) -> list[int]:
        if not self._line_starts:
            starts = [0]
            starts.extend(m.end() for m in _LINE_BREAK.finditer(self.text))
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> Position:
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return Position(index + 1, offset - starts[index] + 1)

    def offset(self, position: Position) -> int:
        return self.line_starts[position.line - 1] + position.column - 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_end(self, offset: int) -> int:
        """The offset of the line break that ends the line holding ``offset``."""
        match = _LINE_BREAK.search(self.text, offset)
        return len(self.text) if match is None else match.start()

    def encode(self, text: str) -> bytes:
        """Bytes for new text, with the byte-order mark the file came with."""
        return ((BOM if self.bom else "") + text).encode("utf-8")

    def with_text(self, text: str) -> SourceFile:
        return SourceFile(path=self.path, raw=self.encode(text), text=text, bom=self.bom)


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    """Line and column of a byte offset in bytes that may not decode; columns count characters."""
    line_start = max(raw.rfind(b"\n", 0, index), raw.rfind(b"\r", 0, index)) + 1
    line = raw.count(b"\n", 0, line_start) + raw.count(b"\r", 0, line_start)
    line -= raw.count(b"\r\n", 0, line_start)
    prefix = raw[line_start:index].decode("utf-8", errors="replace")
    if line == 0 and prefix.startswith(BOM):
        prefix = prefix[1:]
    return line + 1, len(prefix) + 1
