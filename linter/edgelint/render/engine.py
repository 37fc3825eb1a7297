"""The Controller's Liquid engine on python-liquid: liquidjs 9.17 tags, filters and output rules.

What differs from a stock python-liquid environment, and why (each is a Controller behaviour
measured on a real Controller 3.0.4, tests/corpus/controller-3.0.4-template-probes.jsonl):

* Output keeps its type when a template is a single output (`"{{ 5000 | plus: 1 }}"` is 5001), and
  otherwise joins values with JavaScript's `+` (`{{ 40 }}{{ 2 }}` is 42, undefined in text is
  "undefined", an object is "[object Object]"): the JSEmitter below is the Controller's patched
  liquidjs Emitter.
* Filters are liquidjs's, not Shopify's (see filters.py), plus the Controller's seven; unknown
  filters are ignored, as the Controller's `strictFilters: false` ignores them.
* Properties are read the JavaScript way (`a.size`, `a.first`, strings and arrays by index).
* `increment`/`decrement` count in the document-wide scope (liquidjs keeps them in the
  context's environments, which the Controller shares across every field of a document).
* Limits the Controller does not have: loops, output size and nesting are bounded (EL409), per
  template and, through a Budget, summed over all templates of a file (300 values each just
  under the per-template limits would otherwise take minutes), and `include`/`render` (file
  access) are gone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from liquid import Environment
from liquid.ast import BlockNode, ConditionalBlockNode, Node
from liquid.builtin.content import ContentNode
from liquid.builtin.expressions import FilteredExpression, Identifier, tokenize
from liquid.builtin.output import Output, OutputNode
from liquid.builtin.tags.assign_tag import AssignNode, AssignTag
from liquid.builtin.tags.capture_tag import CaptureNode, CaptureTag
from liquid.builtin.tags.case_tag import MultiExpressionBlockNode
from liquid.builtin.tags.tablerow_tag import TablerowNode, TablerowTag
from liquid.context import RenderContext
from liquid.exceptions import (
    LiquidError,
    LiquidSyntaxError,
    OutputStreamLimitError,
    ResourceLimitError,
)
from liquid.stream import TokenStream
from liquid.template import BoundTemplate
from liquid.token import TOKEN_CONTENT, TOKEN_EXPRESSION, TOKEN_OUTPUT, TOKEN_TAG, Token

from edgelint import javascript
from edgelint.render import jsvalues
from edgelint.render.budget import Budget, BudgetSpent
from edgelint.render.detect import is_template
from edgelint.render.filters import STANDARD_FILTERS
from edgelint.render.filters.base import JSError, get_from_scope, read_property
from edgelint.render.jsvalues import UNDEFINED, JSUndefined
from edgelint.render.liquidjs_errors import liquidjs_error, positioned, token_at
from edgelint.render.syntax import (
    DROP_NAMES,
    ExpressionError,
    normalize_filtered,
    split_assign,
)

DROP_GLOBALS = {name: jsvalues.DROPS[literal] for literal, name in DROP_NAMES.items()}

# The tags liquidjs 9.17 has, less include, render and layout (they read files when they render)
# and block (which only means something under layout; alone, liquidjs renders its body).
LIQUIDJS_TAGS = frozenset(
    {
        "assign",
        "for",
        "break",
        "continue",
        "capture",
        "case",
        "comment",
        "cycle",
        "decrement",
        "increment",
        "if",
        "unless",
        "raw",
        "tablerow",
    }
)
_PSEUDO_TAGS = frozenset({"content", "output", "illegal"})

MAX_TEMPLATE_LENGTH = 16_384  # characters per value: EL409 above this
MAX_OUTPUT = 100_000  # characters one template may produce
MAX_LOOP_ITERATIONS = 10_000


def passes_through(source: str) -> bool:
    """Text liquidjs outputs as it is (one content token, within the length edgelint renders):
    no need to render it, nor to record that it was."""
    return len(source) <= MAX_TEMPLATE_LENGTH and not is_template(source)


class JSEmitter:
    """liquidjs's Emitter as the Controller patched it (keepOutputType)."""

    def __init__(self, limit: int = MAX_OUTPUT) -> None:
        self.html: Any = ""
        self.limit = limit
        self.size = 0

    def write(self, value: Any) -> int:
        value = jsvalues.normalize(value)
        if not isinstance(value, str) and isinstance(self.html, str) and self.html == "":
            self.html = value
        else:
            self.html = jsvalues.add(self.html, value)
            if isinstance(self.html, str):
                self.size = len(self.html)
                if self.size > self.limit:
                    raise OutputStreamLimitError("output stream limit reached", token=None)
        return 0

    def getvalue(self) -> Any:
        return self.html


# Outputs that evaluated to undefined during the current render: (offset, expression).
_UNDEFINED_OUTPUTS: ContextVar[list[tuple[int, str]] | None] = ContextVar(
    "edgelint_undefined_outputs", default=None
)


class JSOutputNode(OutputNode):
    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        value = jsvalues.value_of(jsvalues.normalize(self.expression.evaluate(context)))
        seen = _UNDEFINED_OUTPUTS.get()
        if seen is not None and jsvalues.is_undefined(value):
            seen.append((self.token.start_index, str(self.expression)))
        if isinstance(buffer, JSEmitter):
            return buffer.write(value)
        return int(buffer.write(jsvalues.to_string(value)))


def _liquidjs_expression(env: Environment, expr_token: Token, text: str) -> FilteredExpression:
    """Parse what liquidjs would evaluate of ``text`` (see syntax.py) with python-liquid."""
    try:
        normalized = normalize_filtered(text)
    except ExpressionError as exc:
        raise LiquidSyntaxError(
            str(exc),
            token=Token(
                expr_token.kind,
                text[exc.offset :] or text,
                start_index=expr_token.start_index + exc.offset,
                source=expr_token.source,
            ),
        ) from None
    lead = len(text) - len(text.lstrip())  # the value starts at the first non-blank
    shadow = Token(
        expr_token.kind,
        normalized,
        start_index=expr_token.start_index + lead,
        source=expr_token.source,
    )
    parsed = FilteredExpression.parse(env, TokenStream(tokenize(normalized, shadow)))
    assert isinstance(parsed, FilteredExpression)
    return parsed


class JSOutput(Output):
    node_class = JSOutputNode

    def parse(self, stream: TokenStream) -> OutputNode:
        token = stream.eat(TOKEN_OUTPUT)
        expr_token = stream.expect(TOKEN_EXPRESSION)
        return self.node_class(token, _liquidjs_expression(self.env, expr_token, expr_token.value))


class JSAssign(AssignTag):
    def parse(self, stream: TokenStream) -> AssignNode:
        token = stream.eat(TOKEN_TAG)
        expr_token = stream.current
        if expr_token.kind != TOKEN_EXPRESSION:
            raise LiquidSyntaxError("missing expression", token=token)
        try:
            name, value = split_assign(expr_token.value)
        except ExpressionError as exc:
            raise LiquidSyntaxError(str(exc), token=expr_token) from None
        if not name:
            raise LiquidSyntaxError("illegal tag syntax", token=expr_token)
        identifier = Identifier(name, token=expr_token)
        offset = len(expr_token.value) - len(value)
        value_token = Token(
            expr_token.kind,
            value,
            start_index=expr_token.start_index + offset,
            source=expr_token.source,
        )
        return self.node_class(
            token, name=identifier, expression=_liquidjs_expression(self.env, value_token, value)
        )


class JSContentNode(ContentNode):
    pass


class JSCaptureNode(CaptureNode):
    """liquidjs captures into a fresh keep-type emitter: `{{ 1 }}` alone captures a number."""

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        emitter = JSEmitter()
        self.block.render(context, emitter)  # type: ignore[arg-type]
        context.assign(self.name, emitter.getvalue())
        return False


class JSCapture(CaptureTag):
    node_class = JSCaptureNode


class JSTablerowNode(TablerowNode):
    """liquidjs's table rows: no line breaks between the tags."""

    def render_to_output(self, context: RenderContext, buffer: Any) -> int:
        name = self.expression.identifier
        loop_iter, length = self.expression.evaluate(context)
        items = list(loop_iter)
        cols = length
        if self.expression.cols:
            cols = int(jsvalues.to_number(self.expression.cols.evaluate(context))) or length
        context.raise_for_loop_limit(length)
        for index, item in enumerate(items):
            row, col0 = index // cols + 1, index % cols
            if col0 == 0:
                if row != 1:
                    buffer.write("</tr>")
                buffer.write(f'<tr class="row{row}">')
            buffer.write(f'<td class="col{col0 + 1}">')
            with context.extend({name: item}):
                self.block.render(context, buffer)
            buffer.write("</td>")
        if items:
            buffer.write("</tr>")
        return True


class JSTablerow(TablerowTag):
    node_class = JSTablerowNode


class JSContext(RenderContext):
    budget: Budget | None = None  # the file's, set per render

    def raise_for_loop_limit(self, length: int = 1) -> None:
        super().raise_for_loop_limit(length)
        if self.budget is not None:
            self.budget.loop(length)

    def get_item(self, obj: Any, key: Any) -> Any:
        return read_property(obj, key)

    def _counter(self, name: str, step: int) -> int:
        scope: Any = self.globals
        value = scope.get(name)
        current: int = value if javascript.is_number(value) else 0
        scope[name] = current + step
        return current

    def increment(self, name: str) -> int:
        return self._counter(name, 1)

    def decrement(self, name: str) -> int:
        return self._counter(name, -1) - 1


class ControllerTemplate(BoundTemplate):
    context_class = JSContext


class ControllerEnvironment(Environment):
    template_class = ControllerTemplate
    suppress_blank_control_flow_blocks = False
    ternary_expressions = False
    loop_iteration_limit = MAX_LOOP_ITERATIONS
    output_stream_limit = MAX_OUTPUT
    local_namespace_limit = 1_000_000
    context_depth_limit = 30

    def __init__(self, extra_filters: Mapping[str, Callable[..., Any]]) -> None:
        super().__init__(strict_filters=False, undefined=JSUndefined)
        self.filters.update(extra_filters)

    def tokenizer(self) -> Callable[[str], Iterator[Token]]:
        """python-liquid's lexer, plus the empty text tokens liquidjs keeps.

        `{{- x -}} ` trims the space after the output to nothing; python-liquid then drops the
        text, liquidjs keeps an empty HTML token and writes '' — which turns a kept-type value
        into a string (`x + ''`). The empty token is put back where liquidjs has it.
        """
        base = super().tokenizer()

        def tokenize(source: str) -> Iterator[Token]:
            empties = _emptied_text(source)
            index = 0
            for token in base(source):
                while index < len(empties) and empties[index] <= token.start_index:
                    yield Token(TOKEN_CONTENT, "", start_index=empties[index], source=source)
                    index += 1
                yield token
            for offset in empties[index:]:
                yield Token(TOKEN_CONTENT, "", start_index=offset, source=source)

        return tokenize

    def setup_tags_and_filters(self, *, extra: bool = False) -> None:
        super().setup_tags_and_filters(extra=False)
        for name in list(self.tags):
            if name not in LIQUIDJS_TAGS and name not in _PSEUDO_TAGS:
                del self.tags[name]
        self.add_tag(JSOutput)
        self.add_tag(JSAssign)
        self.add_tag(JSCapture)
        self.add_tag(JSTablerow)
        self.filters.clear()
        self.filters.update(STANDARD_FILTERS)


_MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)


def _emptied_text(source: str) -> list[int]:
    """Offsets of text that whitespace control trims to nothing (liquidjs keeps it, empty)."""
    if "-}}" not in source and "-%}" not in source and "{{-" not in source and "{%-" not in source:
        return []
    raw = [m.span() for m in _RAW_BLOCK.finditer(source)]
    found = []
    previous_end = 0
    previous_trims = False
    for match in _MARKUP.finditer(source):
        text = source[previous_end : match.start()]
        inside_raw = any(a < match.start() < b for a, b in raw)
        trims_left = match.group()[2:3] == "-"
        if text and not text.strip() and (previous_trims or trims_left) and not inside_raw:
            found.append(previous_end)
        previous_end = match.end()
        previous_trims = match.group()[-3:-2] == "-"
    tail = source[previous_end:]
    if tail and not tail.strip() and previous_trims:
        found.append(previous_end)
    return found


@dataclass(frozen=True)
class RenderFailure:
    """Why a template did not render: what the Controller stores instead is error text."""

    kind: str  # syntax | render | lookup | limit | budget
    message: str
    offset: int | None  # character offset in the template, when the engine knows it


@dataclass(frozen=True)
class Rendered:
    """What one template rendered to, the Controller's way: the value stored, or why it failed."""

    value: Any  # the JavaScript value the Controller stores; UNDEFINED removes the field
    failure: RenderFailure | None = None
    undefined: tuple[tuple[int, str], ...] = ()  # outputs that were undefined: (offset, text)


class Engine:
    """One environment per snapshot; templates parsed once and reused (python-liquid 2 has no
    template cache of its own: an lru over `from_string`)."""

    def __init__(self, extra_filters: Mapping[str, Callable[..., Any]]) -> None:
        self.env = ControllerEnvironment(extra_filters)
        self._parse = lru_cache(maxsize=4096)(self._parse_uncached)
        self._liquidjs_error = lru_cache(maxsize=4096)(liquidjs_error)

    def _parse_uncached(self, source: str) -> BoundTemplate | RenderFailure:
        try:
            return self.env.from_string(source)
        except ResourceLimitError as exc:
            return RenderFailure("limit", _message(exc), _offset(exc))
        except LiquidError as exc:
            return RenderFailure("syntax", _message(exc), _offset(exc))
        except RecursionError:
            return RenderFailure("limit", "the template is nested too deeply", None)

    def render(self, source: str, scope: dict[str, Any], budget: Budget | None = None) -> Rendered:
        """Render like `parseAndRender(source, scope, {keepOutputType: true})`; with a budget,
        only while the file's templates have not spent it (otherwise the text stays as it is).

        Text without `{{` or `{%` is one content token, which liquidjs outputs as it is: it
        never enters python-liquid (most values of a templated file are such text)."""
        if passes_through(source):
            if budget is not None:
                budget.wrote(source)
            return Rendered(source)
        if budget is not None:
            budget.start()
            try:
                budget.check()
            except BudgetSpent as exc:
                budget.skipped += 1
                return Rendered(source, RenderFailure("budget", str(exc), None))
        rendered = self._render(source, scope, budget)
        if budget is not None:
            budget.wrote(rendered.value)
            if rendered.failure is not None and rendered.failure.kind == "budget":
                return Rendered(source, rendered.failure)
        return rendered

    def _render(self, source: str, scope: dict[str, Any], budget: Budget | None) -> Rendered:
        if len(source) > MAX_TEMPLATE_LENGTH:
            return Rendered(
                source,
                RenderFailure(
                    "limit",
                    f"the template is {len(source):,} characters long; edgelint renders at "
                    f"most {MAX_TEMPLATE_LENGTH:,} per value",
                    None,
                ),
            )
        template = self._parse(source)
        if isinstance(template, RenderFailure):
            # What liquidjs says (its TokenizationError/ParseError, or the RenderError it meets
            # first); python-liquid's words only when that cannot be told without rendering.
            stored = self._liquidjs_error(source) if template.kind == "syntax" else None
            return Rendered(stored or f"ParseError: {template.message}", template)
        emitter = JSEmitter()
        for name, drop in DROP_GLOBALS.items():
            scope.setdefault(name, drop)
        context = JSContext(template, globals=scope)
        context.budget = budget
        seen: list[tuple[int, str]] = []
        token = _UNDEFINED_OUTPUTS.set(seen)
        try:
            template.render_with_context(context, emitter)  # type: ignore[arg-type]
        except BudgetSpent as exc:
            return Rendered(source, RenderFailure("budget", str(exc), None))
        except ResourceLimitError as exc:
            failure = RenderFailure("limit", _message(exc), _offset(exc))
            return Rendered(f"RenderError: {failure.message}", failure)
        except LiquidError as exc:
            kind = "lookup" if isinstance(exc, LookupMiss) else "render"
            failure = RenderFailure(kind, _message(exc), _offset(exc))
            return Rendered(_render_error_text(source, exc, failure.message), failure)
        except RecursionError:
            failure = RenderFailure("limit", "the template recursed too deeply", None)
            return Rendered(f"RenderError: {failure.message}", failure)
        finally:
            _UNDEFINED_OUTPUTS.reset(token)
        return Rendered(emitter.getvalue(), None, tuple(seen))


class LookupMiss(LiquidError):
    """A find* filter matched nothing in the cluster snapshot (the Controller stores the error)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, token=None)


# Nodes that are no liquidjs template (a Tag, an Output, HTML) of their own: a block's body, an
# `elsif`/`else`/`when` branch. liquidjs's Render wraps an error at the template that threw.
_NOT_TEMPLATES = (BlockNode, ConditionalBlockNode, MultiExpressionBlockNode)
_JS_ERROR_NAME = re.compile(r"^(?:TypeError|RangeError|URIError|SyntaxError|AssertionError): ")


def _failed_node(exc: BaseException) -> Node | None:
    """The innermost node whose render raised ``exc`` (or the error it was raised from)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for error in reversed(chain):  # the innermost error's frames are the deepest
        found = None
        tb = error.__traceback__
        while tb is not None:
            frame = tb.tb_frame
            node = frame.f_locals.get("self") if frame.f_code is Node.render.__code__ else None
            if isinstance(node, Node) and not isinstance(node, _NOT_TEMPLATES):
                found = node
            tb = tb.tb_next
        if found is not None:
            return found
    return None


def _render_error_text(source: str, exc: LiquidError, message: str) -> str:
    """liquidjs's RenderError as the Controller stores it: `RenderError: <the thrown error's
    message>, line:L, col:C`, the position of the output or tag that failed (liquidjs's Render
    wraps the error at the innermost template). A JavaScript error's message has no name."""
    if isinstance(exc, JSError):
        message = _JS_ERROR_NAME.sub("", message)
    text = f"RenderError: {message}"
    node = _failed_node(exc)
    token = token_at(source, node.token.start_index) if node is not None else None
    if token is None or token.kind == "html":
        return text
    return positioned(text, source, token.begin)


def _message(exc: LiquidError) -> str:
    message = getattr(exc, "message", None) or (exc.args[0] if exc.args else str(exc))
    return str(message).splitlines()[0]


def _offset(exc: LiquidError) -> int | None:
    token = exc.token
    if token is None or token.start_index < 0:
        return None
    return int(token.start_index)


__all__ = [
    "UNDEFINED",
    "Budget",
    "Engine",
    "JSEmitter",
    "LookupMiss",
    "RenderFailure",
    "Rendered",
    "get_from_scope",
]
