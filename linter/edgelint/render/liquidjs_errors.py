"""The text liquidjs 9.17 gives for a template it cannot parse: what the Controller stores.

The ioFog Controller 3.0.4 does not reject a template liquidjs fails on: `rvaluesVarSubstition`
(src/helpers/template-helper.js) stores `e.toString()` as the field's value. That text is
liquidjs's, not python-liquid's, so it is rebuilt here from liquidjs's own steps
(dist/liquid.node.cjs.js of liquidjs 9.17.0, the version the Controller vendors, with its default
`new Liquid()` options):

* the Tokenizer's top-level pass (readTopLevelToken): `{%`/`{{` up to the first `%}`/`}}` (quotes
  are not looked at), raw blocks (readEndrawOrRawContent), the tag name (TagToken: `illegal tag
  syntax`), and its three TokenizationErrors `tag|output|raw "<snapshot>" not closed`;
* the Parser: `tag "<name>" not found` (TagMap.get, a plain object, so `{% constructor %}` is a
  tag that does nothing), each tag's parse (argument checks, block tags that never meet their end
  tag: `tag <text> not closed`), and the Value of an output (readValue/readFilters, through the
  scanner of syntax.py). A ParseError raised while a block tag parses its body is wrapped again
  at the block's token, so nested errors carry one `, line:L, col:C` per enclosing block;
* a few errors liquidjs only meets while rendering but certainly meets: the value of an `assign`,
  the first condition of an `if`/`unless`/`case`, and every tag's hash arguments are read when the
  tag renders, so a template whose first such tag is bad (after nothing that could fail first)
  stores a RenderError.

`include`, `render` and `layout` parse without their file: liquidjs reads it when the tag renders,
from the Controller's working directory (ENOENT, or whatever file is there), and `block` renders
its body. edgelint has none of the four; where python-liquid rejects a template for them and
liquidjs parses it, liquidjs_error says None rather than guess.

Positions are liquidjs's Token.getPosition() of the token's begin: lines counted by `\\n`, columns
in UTF-16 code units, both from 1. `e.toString()` is `${name}: ${message}`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from edgelint import javascript
from edgelint.render.syntax import (
    _BLANK,
    _IDENTIFIER,
    ExpressionError,
    _Scanner,
    snapshot,
)

# String.prototype.trim: WhiteSpace and LineTerminator.
_JS_TRIM = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)

_TAG_LEFT, _TAG_RIGHT = "{%", "%}"
_OUTPUT_LEFT, _OUTPUT_RIGHT = "{{", "}}"

# liquidjs 9.17's tags (src/builtin/tags/index.ts), and the names a plain object also answers:
# TagMap.get reads `this.impls[name]`, so Object.prototype's properties are tags without parse or
# render.
LIQUIDJS_TAG_NAMES = frozenset(
    {
        "assign",
        "for",
        "capture",
        "case",
        "comment",
        "include",
        "render",
        "decrement",
        "increment",
        "cycle",
        "if",
        "layout",
        "block",
        "raw",
        "tablerow",
        "unless",
        "break",
        "continue",
    }
)
_OBJECT_PROTOTYPE = frozenset(
    {
        "constructor",
        "__proto__",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toString",
        "valueOf",
        "toLocaleString",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    }
)


class LiquidjsError(Exception):
    """A liquidjs error: `name` and its positioned message; `text` is its `toString()`."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message

    @property
    def text(self) -> str:
        return f"{self.name}: {self.message}"


class _Assertion(Exception):
    """liquidjs's AssertionError (or a plain Error) before a ParseError wraps it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def position(source: str, offset: int) -> tuple[int, int]:
    """liquidjs's Token.getPosition() for a token beginning at ``offset`` (a Python index)."""
    line = source.count("\n", 0, offset) + 1
    start = source.rfind("\n", 0, offset) + 1
    col = 1 + javascript.utf16_length(source[start:offset])
    return line, col


def positioned(message: str, source: str, offset: int) -> str:
    """liquidjs's mkMessage: `msg, line:L, col:C` (no file: templates are strings)."""
    line, col = position(source, offset)
    return f"{message}, line:{line}, col:{col}"


def _js_trim(text: str) -> str:
    return text.strip(_JS_TRIM)


@dataclass(repr=False, eq=False)
class Token:
    """A liquidjs top-level token: html, tag or output, `begin`..`end` in the template."""

    kind: str
    begin: int
    end: int
    text: str
    content: str = ""  # tags and outputs: inside the delimiters, less `-`, trimmed
    name: str = ""  # tags
    args: str = ""  # tags: what follows the name


def _read_identifier(text: str, p: int) -> tuple[int, int]:
    while p < len(text) and text[p] in _BLANK:
        p += 1
    begin = p
    while p < len(text) and text[p] in _IDENTIFIER:
        p += 1
    return begin, p


class _Tokenizer:
    """liquidjs's Tokenizer, the top-level part (readTopLevelTokens)."""

    def __init__(self, source: str) -> None:
        self.s = source
        self.p = 0
        self.n = len(source)
        self.raw_begin = -1

    def match(self, word: str) -> bool:
        return self.s.startswith(word, self.p)

    def rmatch(self, pattern: str) -> bool:
        return self.p >= len(pattern) and self.s[self.p - len(pattern) : self.p] == pattern

    def read_to(self, end: str) -> int:
        while self.p < self.n:
            self.p += 1
            if self.rmatch(end):
                return self.p
        return -1

    def error(self, message: str, begin: int) -> LiquidjsError:
        return LiquidjsError("TokenizationError", positioned(message, self.s, begin))

    def tokens(self) -> list[Token]:
        found = []
        while self.p < self.n:
            found.append(self.read_top_level())
        return found

    def read_top_level(self) -> Token:
        if self.raw_begin > -1:
            return self.read_endraw_or_raw_content()
        if self.match(_TAG_LEFT):
            return self.read_tag()
        if self.match(_OUTPUT_LEFT):
            return self.read_output()
        begin = self.p
        while self.p < self.n and not self.match(_TAG_LEFT) and not self.match(_OUTPUT_LEFT):
            self.p += 1
        return Token("html", begin, self.p, self.s[begin : self.p])

    def delimited(self, kind: str, begin: int, end: int) -> Token:
        value = self.s[begin + 2 : end - 2]
        trim_left = value[:1] == "-"
        trim_right = value[-1:] == "-"
        content = _js_trim(value[1 if trim_left else 0 : len(value) - 1 if trim_right else None])
        return Token(kind, begin, end, self.s[begin:end], content)

    def tag(self, begin: int, end: int) -> Token:
        token = self.delimited("tag", begin, end)
        start, stop = _read_identifier(token.content, 0)
        token.name = token.content[start:stop]
        if not token.name:
            raise LiquidjsError(
                "TokenizationError", positioned("illegal tag syntax", self.s, begin)
            )
        rest = stop
        while rest < len(token.content) and token.content[rest] in _BLANK:
            rest += 1
        token.args = token.content[rest:]
        return token

    def read_tag(self) -> Token:
        begin = self.p
        if self.read_to(_TAG_RIGHT) == -1:
            raise self.error(f"tag {snapshot(self.s, begin)} not closed", begin)
        token = self.tag(begin, self.p)
        if token.name == "raw":
            self.raw_begin = begin
        return token

    def read_output(self) -> Token:
        begin = self.p
        if self.read_to(_OUTPUT_RIGHT) == -1:
            raise self.error(f"output {snapshot(self.s, begin)} not closed", begin)
        return self.delimited("output", begin, self.p)

    def read_endraw_or_raw_content(self) -> Token:
        begin = self.p
        left = self.read_to(_TAG_LEFT) - len(_TAG_LEFT)
        while self.p < self.n:
            start, stop = _read_identifier(self.s, self.p)
            self.p = stop
            if self.s[start:stop] != "endraw":
                left = self.read_to(_TAG_LEFT) - len(_TAG_LEFT)
                continue
            while self.p <= self.n:
                if self.rmatch(_TAG_RIGHT):
                    end = self.p
                    if begin == left:
                        self.raw_begin = -1
                        return self.tag(begin, end)
                    self.p = left
                    return Token("html", begin, left, self.s[begin:left])
                if self.rmatch(_TAG_LEFT):
                    break
                self.p += 1
        raise self.error(f"raw {snapshot(self.s, self.raw_begin)} not closed", begin)


def tokenize(source: str) -> list[Token]:
    """liquidjs's top-level tokens of ``source``; raises LiquidjsError (TokenizationError)."""
    return _Tokenizer(source).tokens()


@dataclass(repr=False, eq=False)
class _Template:
    """A token liquidjs parses as a template, and whether it may fail when it renders."""

    token: Token
    filters: bool = False  # an output with filters: it may fail when it renders


def _string_literal_is_empty(text: str) -> bool:
    """Whether liquidjs's parseStringLiteral of a quoted token gives ''.

    Each character between the quotes adds one, an escape included; only a `\\u` that runs off
    the end throws (hexVal(undefined), as liquidjs reads it: /[\\da-fA-F]/ matches "undefined").
    """
    i = 1
    while i < len(text) - 1:
        if text[i] == "\\" and text[i + 1] == "u":
            j = i + 2
            while j <= i + 5:
                if j >= len(text):
                    raise _Assertion("Cannot read properties of undefined (reading 'charCodeAt')")
                if text[j] not in "0123456789abcdefABCDEF":
                    break
                j += 1
            i = j
        elif text[i] == "\\" and text[i + 1] in "01234567":
            j = i + 1
            while j <= i + 3 and j < len(text) and text[j] in "01234567":
                j += 1
            i = j
        else:
            i += 2 if text[i] == "\\" else 1
    return len(text) <= 2


def _hash(markup: str) -> None:
    """liquidjs's Hash constructor: `name: value` pairs; only a bad range value throws."""
    scanner = _Scanner(markup)
    while True:
        scanner.skip_blank()
        if scanner.peek() == ",":
            scanner.p += 1
        begin, end = scanner.read_identifier()
        if begin == end:
            return
        scanner.skip_blank()
        if scanner.peek() == ":":
            scanner.p += 1
            scanner.read_value()


_OPERATORS = ("==", "!=", ">=", "<=", ">", "<")
_WORD_OPERATORS = ("contains", "and", "or")


def _operator_end(text: str, p: int) -> int:
    """liquidjs's matchOperator over its trie (a word operator needs an even char code after)."""
    for op in _OPERATORS:
        if text.startswith(op, p):
            return p + len(op)
    for op in _WORD_OPERATORS:
        if text.startswith(op, p):
            after = p + len(op)
            if after < len(text):
                code = ord(text[after])
                if code > 0xFFFF:
                    code = 0xD800 + ((code - 0x10000) >> 10)
                if code & 1:  # `str.charCodeAt(i) & IDENTIFIER`, as liquidjs writes it
                    return -1
            return after
    return -1


def _expression(text: str) -> None:
    """liquidjs's Expression constructor (readExpression): only a bad range value throws."""
    scanner = _Scanner(text)
    if scanner.read_value() is None:
        return
    while scanner.p < scanner.n:
        scanner.skip_blank()
        end = _operator_end(scanner.s, scanner.p)
        if end == -1:
            return
        scanner.p = end
        if scanner.read_value() is None:
            return


def _value(text: str) -> bool:
    """liquidjs's Value constructor (readValue, readFilters); True when it has filters."""
    scanner = _Scanner(text)
    scanner.read_value()
    return bool(scanner.read_filters())


@contextmanager
def _reading() -> Iterator[None]:
    """Where liquidjs's Tokenizer reads arguments: its assertion (value expected, unexpected
    token) is a plain AssertionError, which the Parser or the Render wraps."""
    try:
        yield
    except ExpressionError as exc:
        raise _Assertion(exc.liquidjs) from None


class _Parser:
    """liquidjs's Parser and the parse() of each of its tags."""

    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.s = source
        self.tokens = deque(tokens)

    def parse(self) -> list[_Template]:
        templates = []
        while self.tokens:
            templates.append(self.parse_token(self.tokens.popleft()))
        return templates

    def parse_token(self, token: Token) -> _Template:
        """Parser.parseToken: whatever throws becomes a ParseError at this token (again, when it
        already is one: a block parses its body from inside its own parse)."""
        try:
            if token.kind == "tag":
                return self.tag(token)
            if token.kind == "output":
                with _reading():
                    return _Template(token, filters=_value(token.content))
            return _Template(token)
        except (_Assertion, LiquidjsError) as exc:
            message = positioned(exc.message, self.s, token.begin)
            raise LiquidjsError("ParseError", message) from None

    def stream(
        self, opening: Token, handled: frozenset[str], stop: str, *, skip: bool = False
    ) -> list[_Template]:
        """ParseStream: parse tokens until the `stop` tag; `skip` ignores them (comment, raw)."""
        templates: list[_Template] = []
        while self.tokens:
            token = self.tokens.popleft()
            if token.kind == "tag" and token.name == stop:
                return templates
            if skip or (token.kind == "tag" and token.name in handled):
                continue
            templates.append(self.parse_token(token))
        raise _Assertion(f"tag {opening.text} not closed")

    def tag(self, token: Token) -> _Template:
        name = token.name
        if name not in LIQUIDJS_TAG_NAMES:
            if name in _OBJECT_PROTOTYPE:
                return _Template(token)
            raise _Assertion(f'tag "{name}" not found')
        parse: Callable[[Token], object] | None = getattr(self, f"tag_{name}", None)
        if parse is not None:  # the tag's parse(); a block's body is parsed and left
            parse(token)
        return _Template(token)

    def tag_assign(self, token: Token) -> None:
        scanner = _Scanner(token.args)
        scanner.read_identifier()
        scanner.skip_blank()
        if scanner.peek() != "=":
            raise _Assertion(f"illegal token {token.text}")

    def tag_for(self, token: Token) -> list[_Template]:
        scanner = _Scanner(token.args)
        with _reading():
            variable = scanner.read_identifier()
            start, stop = scanner.read_identifier()
            collection = scanner.read_value()
            if variable[0] == variable[1] or token.args[start:stop] != "in" or collection is None:
                raise _Assertion(f"illegal tag: {token.text}")
            _hash(scanner.s[scanner.p :])
        return self.stream(token, frozenset({"else"}), "endfor")

    def tag_capture(self, token: Token) -> list[_Template]:
        scanner = _Scanner(token.args)
        begin, end = scanner.read_identifier()
        if begin == end:
            quoted = scanner.read_quoted()
            if quoted is None or _string_literal_is_empty(token.args[quoted[0] : quoted[1]]):
                raise _Assertion(f"{token.args} not valid identifier")
        return self.stream(token, frozenset(), "endcapture")

    def tag_case(self, token: Token) -> list[_Template]:
        return self.stream(token, frozenset({"when", "else"}), "endcase")

    def tag_comment(self, token: Token) -> list[_Template]:
        return self.stream(token, frozenset(), "endcomment", skip=True)

    def tag_raw(self, token: Token) -> list[_Template]:
        return self.stream(token, frozenset(), "endraw", skip=True)

    def tag_include(self, token: Token) -> None:
        scanner = _Scanner(token.args)
        with _reading():
            if scanner.read_value() is None:
                raise _Assertion(f'illegal argument "{token.args}"')
            begin = scanner.p
            start, stop = scanner.read_identifier()
            if scanner.s[start:stop] == "with":
                scanner.skip_blank()
                if scanner.peek() != ":":
                    scanner.read_value()
                else:
                    scanner.p = begin
            else:
                scanner.p = begin
            _hash(scanner.s[scanner.p :])

    def tag_render(self, token: Token) -> None:
        scanner = _Scanner(token.args)
        with _reading():
            if scanner.read_value() is None:
                raise _Assertion(f'illegal argument "{token.args}"')
            while scanner.p < scanner.n:
                scanner.skip_blank()
                begin = scanner.p
                start, stop = scanner.read_identifier()
                if scanner.s[start:stop] in ("with", "for"):
                    scanner.skip_blank()
                    if scanner.peek() != ":" and scanner.read_value() is not None:
                        before_as = scanner.p
                        start, stop = scanner.read_identifier()
                        if scanner.s[start:stop] == "as":
                            scanner.read_identifier()
                        else:
                            scanner.p = before_as
                        scanner.skip_blank()
                        if scanner.peek() == ",":
                            scanner.p += 1
                        continue
                scanner.p = begin
                break
            _hash(scanner.s[scanner.p :])

    def tag_cycle(self, token: Token) -> None:
        scanner = _Scanner(token.args)
        candidates = 0
        with _reading():
            group = scanner.read_value()
            scanner.skip_blank()
            if group is not None:
                if scanner.peek() == ":":
                    scanner.p += 1
                else:
                    candidates += 1
            while scanner.p < scanner.n:
                if scanner.read_value() is not None:
                    candidates += 1
                scanner.read_to(",")
        if not candidates:
            raise _Assertion(f"empty candidates: {token.text}")

    def tag_if(self, token: Token) -> list[_Template]:
        return self.stream(token, frozenset({"elsif", "else"}), "endif")

    def tag_unless(self, token: Token) -> list[_Template]:
        return self.stream(token, frozenset({"elsif", "else"}), "endunless")

    def tag_layout(self, token: Token) -> list[_Template]:
        scanner = _Scanner(token.args)
        with _reading():
            if scanner.read_value() is None:
                raise _Assertion(f'illegal argument "{token.args}"')
            _hash(scanner.s[scanner.p :])
        return self.parse()  # the rest of the template

    def tag_block(self, token: Token) -> list[_Template]:
        return self.stream(token, frozenset(), "endblock")

    def tag_tablerow(self, token: Token) -> list[_Template]:
        scanner = _Scanner(token.args)
        with _reading():
            scanner.read_identifier()
            scanner.skip_blank()
            start, stop = scanner.read_identifier()
            if scanner.s[start:stop] != "in":
                raise _Assertion(f"illegal tag: {token.text}")
            scanner.read_value()
            _hash(scanner.s[scanner.p :])
        return self.stream(token, frozenset(), "endtablerow")


# Tags whose render cannot throw once their hash arguments are read.
_INERT_TAGS = frozenset({"comment", "raw", "increment", "decrement"}) | _OBJECT_PROTOTYPE


def _first_render_error(token: Token) -> tuple[str | None, bool]:
    """What this top-level tag throws while liquidjs reads its arguments to render it (Tag.render
    reads `new Hash(args)` first), and whether rendering can go on past it without knowing more."""
    try:
        with _reading():
            _hash(token.args)
            if token.name == "assign":  # assign.render: liquid._evalValue(value)
                scanner = _Scanner(token.args)
                scanner.read_identifier()
                scanner.skip_blank()
                return None, not _value(token.args[scanner.p + 1 :])  # a filter may throw
            if token.name in ("if", "unless", "case"):  # the first condition's Expression
                _expression(token.args)
                return None, False
    except _Assertion as exc:
        return exc.message, False
    return None, token.name in _INERT_TAGS


def _render_error(source: str, templates: list[_Template]) -> LiquidjsError | None:
    """The RenderError liquidjs certainly meets first, if the first template that can fail at
    render is a tag whose arguments liquidjs only reads then; None when it cannot say."""
    for template in templates:
        token = template.token
        if token.kind == "html":
            continue
        if token.kind == "output":
            if template.filters:
                return None
            continue
        message, goes_on = _first_render_error(token)
        if message is not None:
            return LiquidjsError("RenderError", positioned(message, source, token.begin))
        if not goes_on:
            return None
    return None


def liquidjs_error(source: str) -> str | None:
    """What liquidjs 9.17 (and so the Controller) stores for ``source`` when it fails to parse:
    `e.toString()`, e.g. `ParseError: tag "x" not found, line:1, col:1`; None when liquidjs
    parses it and what it stores is not known without rendering."""
    try:
        parser = _Parser(source, tokenize(source))
        templates = parser.parse()
    except LiquidjsError as exc:
        return exc.text
    except RecursionError:
        return None
    found = _render_error(source, templates)
    return found.text if found is not None else None


def token_at(source: str, offset: int) -> Token | None:
    """The liquidjs top-level token holding ``offset``, when liquidjs can tokenize ``source``."""
    try:
        tokens = tokenize(source)
    except LiquidjsError:
        return None
    for token in tokens:
        if token.begin <= offset < token.end:
            return token
    return None


__all__ = [
    "LIQUIDJS_TAG_NAMES",
    "LiquidjsError",
    "Token",
    "liquidjs_error",
    "position",
    "positioned",
    "token_at",
    "tokenize",
]
