"""The error text the Controller stores when liquidjs fails: render/liquidjs_errors.py and Engine.

The first table is what a real Controller 3.0.4 stored (the template being the whole string
value; tests/corpus/controller-3.0.4-template-probes.jsonl).
The second pins liquidjs 9.17.0's own behaviour on corners the first does not reach (checked
against the npm package; tests/test_conformance.py compares thousands more with node).
"""

from __future__ import annotations

from typing import Any

import pytest

from edgelint.render.cluster import ClusterSnapshot
from edgelint.render.engine import Engine
from edgelint.render.liquidjs_errors import liquidjs_error, position, tokenize
from edgelint.render.lookups import Lookups
from edgelint.render.syntax import snapshot

RECORDED = [
    (
        "{{ .Values.image.tag }}",
        'ParseError: unexpected token at ".Values.image...", line:1, col:1',
    ),
    ("{{ .Time }}", 'ParseError: unexpected token at ".Time", line:1, col:1'),
    ("{% raw %}{% a", 'TokenizationError: raw "{% raw %}{% a" not closed, line:1, col:10'),
    ("{% nosuchtag %}", 'ParseError: tag "nosuchtag" not found, line:1, col:1'),
    ("{{ x", 'TokenizationError: output "{{ x" not closed, line:1, col:1'),
    (
        "{% assign a = 'nobody' | findAgent %}{{ a.name }}",
        "RenderError: Invalid ioFog UUID 'undefined', line:1, col:1",
    ),
]

LIQUIDJS = [
    # unclosed: the snapshot is the rest of the template, 13 UTF-16 units and "..." past 16
    ("{% if", 'TokenizationError: tag "{% if" not closed, line:1, col:1'),
    (
        "a\n\tb{{ x | upcase: 'long text'",
        'TokenizationError: output "{{ x | upcase..." not closed, line:2, col:3',
    ),
    ("{% raw %}x", 'TokenizationError: raw "{% raw %}x" not closed, line:1, col:10'),
    ("{%-%}", "TokenizationError: illegal tag syntax, line:1, col:1"),
    # liquidjs looks for the first `}}`, quotes or not
    ('{{ "}}" }} {{ .a }}', 'ParseError: unexpected token at ".a", line:1, col:12'),
    # blocks that never meet their end tag, and stray tags
    ("{% if true %}x", "ParseError: tag {% if true %} not closed, line:1, col:1"),
    ("x {%- for i in y -%}", "ParseError: tag {%- for i in y -%} not closed, line:1, col:3"),
    ("{% endif %}", 'ParseError: tag "endif" not found, line:1, col:1'),
    ("{% else %}", 'ParseError: tag "else" not found, line:1, col:1'),
    # a ParseError inside a block is positioned again at each enclosing block
    (
        "{% if x %}{% nosuchtag %}{% endif %}",
        'ParseError: tag "nosuchtag" not found, line:1, col:11, line:1, col:1',
    ),
    (
        "{% if a %}{% for x in y %}{% endif %}",
        'ParseError: tag "endif" not found, line:1, col:27, line:1, col:11, line:1, col:1',
    ),
    # tag arguments
    ("{% for i %}{% endfor %}", "ParseError: illegal tag: {% for i %}, line:1, col:1"),
    ("{% assign x 5 %}", "ParseError: illegal token {% assign x 5 %}, line:1, col:1"),
    ("{% capture %}{% endcapture %}", "ParseError:  not valid identifier, line:1, col:1"),
    ("{% cycle %}", "ParseError: empty candidates: {% cycle %}, line:1, col:1"),
    ("{% include %}", 'ParseError: illegal argument "", line:1, col:1'),
    # expressions: columns count UTF-16 code units, lines "\n" only
    ("😀😀{{ (1.. }}", 'ParseError: unexpected token "", value expected, line:1, col:5'),
    ("{{ x }}\r\n{{ .y }}", 'ParseError: unexpected token at ".y", line:2, col:1'),
    ("{{- if .Values.on }}", 'ParseError: unexpected token at ".Values.on", line:1, col:1'),
    # errors liquidjs only meets when the tag renders, first thing in the template
    ("{% assign x = 1 junk %}", 'RenderError: unexpected token at "junk", line:1, col:1'),
    ("{{ x }}{% assign y = 1 junk %}", 'RenderError: unexpected token at "junk", line:1, col:8'),
    ("{% if (1.. %}{% endif %}", 'RenderError: unexpected token "", value expected, line:1, col:1'),
]

# liquidjs parses these: what it stores comes from rendering (a file, or nothing at all).
PARSED_BY_LIQUIDJS = [
    "{% include 'x' %}",  # ENOENT, or a file of the Controller's working directory
    "{% block a %}hi{% endblock %}",
    "{% constructor %}ok",  # TagMap is a plain object: Object.prototype's names are tags
    "{{ x | upcase }}{% assign y = 1 junk %}",  # a filter could fail first
]


def _engine() -> tuple[Engine, dict[str, Any]]:
    lookups = Lookups(ClusterSnapshot(origin="test", agents=[], applications=[], edge_resources=[]))
    lookups.begin_document()
    return Engine(lookups.filters()), Lookups.scope({})


@pytest.mark.parametrize(("template", "stored"), RECORDED, ids=[t for t, _ in RECORDED])
def test_what_the_controller_stored(template: str, stored: str) -> None:
    engine, scope = _engine()
    rendered = engine.render(template, scope)
    assert rendered.value == stored
    assert rendered.failure is not None
    if not stored.startswith("RenderError:"):
        assert liquidjs_error(template) == stored


@pytest.mark.parametrize(("template", "stored"), LIQUIDJS, ids=[t for t, _ in LIQUIDJS])
def test_liquidjs_wording(template: str, stored: str) -> None:
    assert liquidjs_error(template) == stored
    engine, scope = _engine()
    assert engine.render(template, scope).value == stored


@pytest.mark.parametrize("template", PARSED_BY_LIQUIDJS)
def test_parsed_by_liquidjs(template: str) -> None:
    assert liquidjs_error(template) is None


def test_render_error_positions_the_innermost_template() -> None:
    engine, scope = _engine()
    template = "a\n{% if true %}\n  {{ 'nobody' | findAgent }}{% endif %}"
    rendered = engine.render(template, scope)
    assert rendered.value == "RenderError: Invalid ioFog UUID 'undefined', line:3, col:3"
    assert rendered.failure is not None
    assert rendered.failure.message == "Invalid ioFog UUID 'undefined'"


def test_positions_and_snapshots() -> None:
    assert position("ab\ncd", 4) == (2, 2)
    assert position("😀x", 2) == (1, 4)
    assert snapshot('{{ "a\\b" }}', 0) == '"{{ \\"a\\\\b\\" }}"'
    assert snapshot("😀" * 9, 0) == '"' + "😀" * 6 + '\\ud83d..."'  # cut inside a pair
    kinds = [(t.kind, t.begin, t.end) for t in tokenize("a{{ x }}{% raw %}{{{% endraw %}")]
    assert kinds == [
        ("html", 0, 1),
        ("output", 1, 8),
        ("tag", 8, 17),
        ("html", 17, 19),
        ("tag", 19, 31),
    ]
