"""A loaded file: its exact bytes, its text, and the arithmetic from offsets to clickable positions.

Offsets everywhere in edgelint are character offsets into ``SourceFile.text`` (the decoded file with
any UTF-8 byte-order mark removed). Lines are counted the way editors count them (LF, CRLF, CR), so
the line and column a diagnostic prints are the ones a person clicks on.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Protocol

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


@dataclass(repr=False, eq=False)
class SourceFile:
    """A file's bytes and text, with the line starts every position is computed from (made once,
    on first use)."""

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
            text = self.text
            if "\r" in text:
                starts = [0]
                starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
            else:  # the common case, at C speed: each line's length and its break
                starts = [0, *accumulate(map((1).__add__, map(len, text.split("\n"))))]
                starts.pop()  # the length of the text plus one, where no line starts
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

    @property
    def length(self) -> int:
        return len(self.text)

    def span_text(self, start: Position, end: Position) -> str:
        return self.text[self.offset(start) : self.offset(end)]

    def excerpt(self, lines: Iterable[int], masks: Iterable[tuple[int, int]] = ()) -> Excerpt:
        return Excerpt(self, lines, masks)

    def line_end(self, offset: int) -> int:
        """The offset of the line break that ends the line holding ``offset``."""
        match = _LINE_BREAK.search(self.text, offset)
        return len(self.text) if match is None else match.start()

    def encode(self, text: str) -> bytes:
        """Bytes for new text, with the byte-order mark the file came with."""
        return ((BOM if self.bom else "") + text).encode("utf-8")

    def with_text(self, text: str) -> SourceFile:
        return SourceFile(path=self.path, raw=self.encode(text), text=text, bom=self.bom)


class SourceView(Protocol):
    """What reporters read of a checked file: a whole SourceFile, or an Excerpt of it."""

    path: str

    @property
    def line_starts(self) -> Sequence[int]: ...

    @property
    def length(self) -> int: ...

    def position(self, offset: int) -> Position: ...

    def offset(self, position: Position) -> int: ...

    def line_text(self, line: int) -> str: ...

    def span_text(self, start: Position, end: Position) -> str: ...


class Excerpt:
    """The lines of a checked file that its diagnostics show, and its line arithmetic.

    A run over thousands of files keeps one of these per file with findings instead of the
    whole text, so memory does not grow with the size of the tree.
    """

    __slots__ = ("_length", "_lines", "_starts", "path")

    def __init__(
        self,
        source: SourceFile,
        lines: Iterable[int],
        masks: Iterable[tuple[int, int]] = (),
    ) -> None:
        starts = source.line_starts
        self.path = source.path
        self._starts = array("q", starts)
        self._length = len(source.text)
        text = source.text
        if masks:  # same length, so that every column stays where it was
            from edgelint.run.secrets import masked

            text = masked(text, masks)
        kept: dict[int, str] = {}
        for line in lines:
            if 1 <= line <= len(starts) and line not in kept:
                end = starts[line] if line < len(starts) else len(text)
                kept[line] = text[starts[line - 1] : end]
        self._lines = kept

    @property
    def line_starts(self) -> Sequence[int]:
        return self._starts

    @property
    def length(self) -> int:
        return self._length

    def position(self, offset: int) -> Position:
        index = bisect.bisect_right(self._starts, offset) - 1
        return Position(index + 1, offset - self._starts[index] + 1)

    def offset(self, position: Position) -> int:
        return self._starts[position.line - 1] + position.column - 1

    def line_text(self, line: int) -> str:
        return self._lines.get(line, "").rstrip("\r\n")

    def span_text(self, start: Position, end: Position) -> str:
        text = "".join(self._lines.get(n, "") for n in range(start.line, end.line + 1))
        first = self._starts[start.line - 1]
        return text[self.offset(start) - first : self.offset(end) - first]


def _byte_position(raw: bytes, index: int) -> tuple[int, int]:
    """Line and column of a byte offset in bytes that may not decode; columns count characters."""
    line_start = max(raw.rfind(b"\n", 0, index), raw.rfind(b"\r", 0, index)) + 1
    line = raw.count(b"\n", 0, line_start) + raw.count(b"\r", 0, line_start)
    line -= raw.count(b"\r\n", 0, line_start)
    prefix = raw[line_start:index].decode("utf-8", errors="replace")
    if line == 0 and prefix.startswith(BOM):
        prefix = prefix[1:]
    return line + 1, len(prefix) + 1
