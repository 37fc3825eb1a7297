"""Where each character of a scalar's value sits in the file: through quotes, escapes and folding.

A template error at offset 23 of `"{% raw %}\\n{% assign agent = \\"\\" ... %}"` is not at offset 23
of the line: quotes, `\\"` escapes and folded line breaks stand between them. `scalar_map`
re-reads the scalar's source the way YAML does and records, for every character of the value,
the offset it came from. The result is checked against the parser's value; when they differ (a
construct this reader does not know), callers fall back to the scalar's own position.
"""

from __future__ import annotations

import re

_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX = {"x": 2, "u": 4, "U": 8}
_BREAK = re.compile(r"\r\n|\r|\n")


def scalar_map(text: str, start: int, end: int, style: str | None, value: str) -> list[int] | None:
    """Offsets into ``text`` for each character of ``value``, or None if they cannot be traced.

    ``start``/``end`` are the node's span (including quotes, indicators, tags and anchors).
    """
    source = text[start:end]
    body_start = _skip_properties(source)
    try:
        if style == '"':
            mapped = _double(source, body_start)
        elif style == "'":
            mapped = _single(source, body_start)
        elif style in ("|", ">"):
            mapped = _block(source, body_start, folded=style == ">")
        else:
            mapped = _plain(source, body_start)
    except (IndexError, ValueError):
        return None
    if mapped is None:
        return None
    decoded, offsets = mapped
    if decoded != value:
        return None
    return [start + o for o in offsets]


def _skip_properties(source: str) -> int:
    """Skip a leading `!tag` and `&anchor` (the node span starts at them)."""
    i = 0
    while i < len(source) and source[i] in "!&":
        while i < len(source) and source[i] not in " \t\r\n":
            i += 1
        while i < len(source) and source[i] in " \t":
            i += 1
    return i


def _fold(source: str, i: int, out: list[str], offsets: list[int], quoted: bool) -> int:
    """A line break inside a flow scalar: trailing spaces were already dropped by the caller."""
    match = _BREAK.match(source, i)
    assert match is not None
    at = i
    i = match.end()
    empty = 0
    while True:
        j = i
        while j < len(source) and source[j] in " \t":
            j += 1
        following = _BREAK.match(source, j)
        if following is None:
            i = j
            break
        empty += 1
        i = following.end()
    if empty:
        out.extend("\n" * empty)
        offsets.extend([at] * empty)
    else:
        out.append(" ")
        offsets.append(at)
    return i


def _trim_trailing(out: list[str], offsets: list[int], floor: int) -> None:
    while len(out) > floor and out[-1] in " \t":
        out.pop()
        offsets.pop()


def _double(source: str, i: int) -> tuple[str, list[int]] | None:
    if source[i] != '"':
        return None
    i += 1
    out: list[str] = []
    offsets: list[int] = []
    floor = 0  # characters before this index came from escapes and are never trimmed
    while i < len(source):
        char = source[i]
        if char == '"':
            return "".join(out), offsets
        if char == "\\":
            nxt = source[i + 1]
            if nxt in "\r\n":
                match = _BREAK.match(source, i + 1)
                assert match is not None
                i = match.end()
                while i < len(source) and source[i] in " \t":
                    i += 1
                floor = len(out)
                continue
            if nxt in _HEX:
                width = _HEX[nxt]
                out.append(chr(int(source[i + 2 : i + 2 + width], 16)))
                offsets.append(i)
                i += 2 + width
            else:
                out.append(_ESCAPES[nxt])
                offsets.append(i)
                i += 2
            floor = len(out)
            continue
        if char in "\r\n":
            _trim_trailing(out, offsets, floor)
            i = _fold(source, i, out, offsets, quoted=True)
            floor = len(out)
            continue
        out.append(char)
        offsets.append(i)
        i += 1
    return None


def _single(source: str, i: int) -> tuple[str, list[int]] | None:
    if source[i] != "'":
        return None
    i += 1
    out: list[str] = []
    offsets: list[int] = []
    floor = 0
    while i < len(source):
        char = source[i]
        if char == "'":
            if source[i + 1 : i + 2] == "'":
                out.append("'")
                offsets.append(i)
                i += 2
                continue
            return "".join(out), offsets
        if char in "\r\n":
            _trim_trailing(out, offsets, floor)
            i = _fold(source, i, out, offsets, quoted=True)
            floor = len(out)
            continue
        out.append(char)
        offsets.append(i)
        i += 1
    return None


def _plain(source: str, i: int) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    while i < len(source):
        char = source[i]
        if char in "\r\n":
            _trim_trailing(out, offsets, 0)
            i = _fold(source, i, out, offsets, quoted=False)
            continue
        out.append(char)
        offsets.append(i)
        i += 1
    _trim_trailing(out, offsets, 0)
    return "".join(out), offsets


def _block(source: str, i: int, *, folded: bool) -> tuple[str, list[int]] | None:
    header = _BREAK.search(source, i)
    if header is None:
        return None
    indicators = source[i + 1 : header.start()].split("#")[0].strip()
    chomp = "+" if "+" in indicators else "-" if "-" in indicators else ""
    digits = [c for c in indicators if c.isdigit()]
    lines = _lines(source, header.end())
    if digits:
        indent = int(digits[0]) + _parent_indent(source)
    else:
        indent = next((len(t) - len(t.lstrip(" ")) for _, t in lines if t.strip()), 0)
    out: list[str] = []
    offsets: list[int] = []
    previous_normal = False
    pending_breaks: list[int] = []
    for offset, line in lines:
        if not line.strip() and len(line) <= indent:
            pending_breaks.append(offset + len(line))
            continue
        content = line[indent:]
        more_indented = content[:1] in (" ", "\t")
        if out or pending_breaks:
            if folded and previous_normal and not more_indented and len(pending_breaks) == 1:
                out.append(" ")
                offsets.append(pending_breaks[0])
            elif folded and previous_normal and not more_indented:
                for at in pending_breaks[1:]:
                    out.append("\n")
                    offsets.append(at)
            else:
                for at in pending_breaks:
                    out.append("\n")
                    offsets.append(at)
        pending_breaks = []
        out.extend(content)
        offsets.extend(range(offset + indent, offset + indent + len(content)))
        previous_normal = not more_indented
        pending_breaks.append(offset + len(line))
    for at in _kept_breaks(pending_breaks, chomp, bool(out)):
        out.append("\n")
        offsets.append(at)
    return "".join(out), offsets


def _lines(source: str, pos: int) -> list[tuple[int, str]]:
    """A block scalar's lines from `pos`: (offset of the line's first character, its text)."""
    lines: list[tuple[int, str]] = []
    while pos <= len(source):
        match = _BREAK.search(source, pos)
        stop = match.start() if match else len(source)
        lines.append((pos, source[pos:stop]))
        if match is None:
            break
        pos = match.end()
    return lines


def _kept_breaks(breaks: list[int], chomp: str, content: bool) -> list[int]:
    """The final line breaks the chomping indicator keeps: none (`-`), one (clip), all (`+`)."""
    if chomp == "-" or not content:
        return []
    return breaks[:1] if chomp == "" else breaks


def _parent_indent(source: str) -> int:
    return 0
