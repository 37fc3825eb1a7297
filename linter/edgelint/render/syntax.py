"""liquidjs's reading of `value | filter: arg, ...`, to feed python-liquid the same expression.

liquidjs 9.17 reads output and assign expressions leniently: `{{ 'abc' | }}` is 'abc' (an empty
filter name ends the filter list), anything between a filter argument and the next `,` or `|` is
skipped, a missing value is undefined. python-liquid rejects all of these. Rather than fork its
parser, the expression is read here exactly as liquidjs's Tokenizer reads it (readValue,
readFilters, readFilterArg) and re-written in the form python-liquid parses to the same meaning.
Whatever liquidjs itself rejects raises ExpressionError.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class _Filter:
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
        if self.read_value() is None:
            raise ExpressionError("unexpected token, value expected", self.p)
        self.p += 2
        if self.read_value() is None:
            raise ExpressionError("unexpected token, value expected", self.p)
        self.p += 1
        return begin, self.p

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
                raise ExpressionError(f'unexpected token at "{snippet}"', self.p)
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
