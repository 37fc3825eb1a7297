"""liquidjs's reading of `value | filter: arg, ...`, to feed python-liquid the same expression.

liquidjs 9.17 reads output and assign expressions leniently: `{{ 'abc' | }}` is 'abc' (an empty
filter name ends the filter list), anything between a filter argument and the next `,` or `|` is
skipped, a missing value is undefined. python-liquid rejects all of these. Rather than fork its
parser, the expression is read here exactly as liquidjs's Tokenizer reads it (readValue,
readFilters, readFilterArg) and re-written in the form python-liquid parses to the same meaning.
Whatever liquidjs itself rejects raises ExpressionError, which carries liquidjs's own message
(`liquidjs`) and the offset where its Tokenizer stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edgelint import javascript

# liquidjs util/character.ts: the IDENTIFIER and BLANK classes.
_IDENTIFIER = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-?")
_BLANK = frozenset(
    "\t\n\v\f\r \u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
UNDEFINED_NAME = "__edgelint_undefined__"  # a variable no template defines: undefined
# liquidjs evaluates these literals to Drop objects, which filters see as objects.
DROP_NAMES = {literal: f"__edgelint_{literal}__" for literal in ("nil", "null", "empty", "blank")}


class ExpressionError(ValueError):
    def __init__(self, message: str, offset: int, liquidjs: str | None = None) -> None:
        super().__init__(message)
        self.offset = offset
        self.liquidjs = liquidjs if liquidjs is not None else message  # liquidjs's wording


# `{% raw %}…{% endraw %}`: what liquidjs leaves as written (group 1 is the text inside).
RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)


def js_string_literal(text: str) -> str:
    """JSON.stringify of a JavaScript string (``text`` may hold lone surrogates)."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char in _JSON_ESCAPES:
            out.append(_JSON_ESCAPES[char])
        elif code < 0x20 or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


_JSON_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def snapshot(text: str, begin: int) -> str:
    """liquidjs's Tokenizer.snapshot: JSON.stringify(ellipsis(input.slice(begin), 16)).

    ellipsis counts UTF-16 code units (`str.length`, `substr(0, 13)`), so an astral character
    may be cut in half; JSON.stringify then writes the lone surrogate as an escape.
    """
    rest = text[begin:]
    if javascript.utf16_length(rest) > 16:
        rest = javascript.utf16_slice(rest, 0, 13) + "..."
    return js_string_literal(rest)


@dataclass(repr=False, eq=False)
class _Filter:
    """A filter of an output as liquidjs reads it: its name, its arguments, where it starts."""

    name: str
    args: list[str | tuple[str, str | None]]
    offset: int = 0


class _Scanner:
    def __init__(self, text: str) -> None:
        self.s = text
        self.p = 0
        self.n = len(text)

    def peek(self, k: int = 0) -> str:
        i = self.p + k
        return self.s[i] if 0 <= i < self.n else ""

    def skip_blank(self) -> None:
        while self.p < self.n and self.s[self.p] in _BLANK:
            self.p += 1

    def read_identifier(self) -> tuple[int, int]:
        self.skip_blank()
        begin = self.p
        while self.p < self.n and self.s[self.p] in _IDENTIFIER:
            self.p += 1
        return begin, self.p

    def read_to(self, end: str) -> int:
        while self.p < self.n:
            self.p += 1
            if self.s[self.p - len(end) : self.p] == end:
                return self.p
        return -1

    def read_quoted(self) -> tuple[int, int] | None:
        self.skip_blank()
        begin = self.p
        if self.peek() not in ('"', "'"):
            return None
        quote = self.s[begin]
        self.p += 1
        escaped = False
        while self.p < self.n:
            self.p += 1
            char = self.s[self.p - 1]
            if char == quote and not escaped:
                break
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
        return begin, self.p

    def read_range(self) -> tuple[int, int] | None:
        self.skip_blank()
        begin = self.p
        if self.peek() != "(":
            return None
        self.p += 1
        self.read_value_or_throw()
        self.p += 2
        self.read_value_or_throw()
        self.p += 1
        return begin, self.p

    def read_value_or_throw(self) -> tuple[int, int]:
        found = self.read_value()
        if found is None:
            raise ExpressionError(
                "unexpected token, value expected",
                self.p,
                f"unexpected token {snapshot(self.s, self.p)}, value expected",
            )
        return found

    def read_value(self) -> tuple[int, int] | None:
        found = self.read_quoted() or self.read_range()
        if found is not None:
            return found
        if self.peek() == "[":
            begin = self.p
            self.p += 1
            if self.read_quoted() is None or self.peek() != "]":
                return None
            self.p += 1
            return begin, self.p
        begin, end = self.read_identifier()
        if begin == end:
            return None
        while True:
            if self.peek() == "[":
                self.p += 1
                self.read_value()
                self.read_to("]")
            elif self.peek() == "." and self.peek(1) != ".":
                self.p += 1
                start, stop = self.read_identifier()
                if start == stop:
                    break
            else:
                break
        return begin, self.p

    def text(self, span: tuple[int, int] | None) -> str | None:
        return None if span is None else self.s[span[0] : span[1]]

    def read_filters(self) -> list[_Filter]:
        filters: list[_Filter] = []
        while True:
            self.skip_blank()
            if self.p >= self.n:
                return filters
            if self.peek() != "|":
                snippet = self.s[self.p : self.p + 16]
                raise ExpressionError(
                    f'unexpected token at "{snippet}"',
                    self.p,
                    f"unexpected token at {snapshot(self.s, self.p)}",
                )
            self.p += 1
            begin, end = self.read_identifier()
            if begin == end:
                return filters
            args: list[str | tuple[str, str | None]] = []
            self.skip_blank()
            if self.peek() == ":":
                while True:
                    self.p += 1
                    arg = self.read_filter_arg()
                    if arg is not None:
                        args.append(arg)
                    while self.p < self.n and self.peek() not in (",", "|"):
                        self.p += 1
                    if self.peek() != ",":
                        break
            filters.append(_Filter(self.s[begin:end], args, begin))

    def read_filter_arg(self) -> str | tuple[str, str | None] | None:
        key = self.read_value()
        if key is None:
            return None
        self.skip_blank()
        if self.peek() != ":":
            return self.text(key)
        self.p += 1
        value = self.read_value()
        return (self.text(key) or "", self.text(value))


def normalize_filtered(expression: str) -> str:
    """The expression liquidjs evaluates, in a form python-liquid parses the same way."""
    scanner = _Scanner(expression)
    value = scanner.text(scanner.read_value()) or UNDEFINED_NAME
    parts = [DROP_NAMES.get(value, value)]
    for item in scanner.read_filters():
        rendered = []
        for arg in item.args:
            if isinstance(arg, tuple):
                given = arg[1] or UNDEFINED_NAME
                rendered.append(f"{arg[0]}: {DROP_NAMES.get(given, given)}")
            else:
                rendered.append(DROP_NAMES.get(arg, arg))
        parts.append(item.name + (": " + ", ".join(rendered) if rendered else ""))
    return " | ".join(parts)


def filter_spans(expression: str) -> list[tuple[str, int]]:
    """Each filter liquidjs would apply, with the offset of its name in ``expression``."""
    scanner = _Scanner(expression)
    scanner.read_value()
    return [(item.name, item.offset) for item in scanner.read_filters()]


def split_assign(arguments: str) -> tuple[str, str]:
    """`name = value | filters` as liquidjs's assign tag reads it."""
    scanner = _Scanner(arguments)
    begin, end = scanner.read_identifier()
    scanner.skip_blank()
    if scanner.peek() != "=":
        raise ExpressionError(f"illegal token {arguments}", scanner.p)
    return arguments[begin:end], arguments[scanner.p + 1 :]
