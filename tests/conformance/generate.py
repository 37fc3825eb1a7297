"""Seeded templates for the liquidjs comparison: the constructs ioFog files use, combined.

The building blocks are the Liquid the ioFog and Edgeworx docs show (lookups, `self` paths,
`toNumber` ports, `assign` then output), every filter liquidjs 9.17 has with plausible and
implausible arguments, every tag, and the lenient corners of liquidjs's parser (a trailing pipe,
junk after a filter argument). error_templates() adds the ones liquidjs fails on, so that the
error text the Controller stores is compared word for word. The same seed gives the same templates
on every machine.
"""

from __future__ import annotations

import random
from collections.abc import Callable

VALUES = [
    "self.name", "self.microservices[0].name", "self.microservices.first.agentName",
    "self.microservices[0].env", "self.microservices[0].ports", "self.microservices[0].images",
    "self.microservices", "self.microservices.size", "self.isActivated",
    "self.microservices[0].registryId", "self.microservices[0].images[0].containerImage",
    "self.microservices[0].env[0].key", "self.name.size", "self.name.first",
    "nothing_here", "agent-name", "x.y.z", "1e3",
    "7", "0", "-3", "3.0", "2.5", "10", "'42'", "'abc'", "\"a,b,c\"", "''", "' padded '",
    "'2020-01-02'", "'{\"a\":1}'", "'[1,2]'", "'true'", "'Hello World'", "'a-b-c'",
    "true", "false", "nil", "empty", "(1..3)", "(2..0)",
    "'edge-1'", "'edge-2'", "'nobody'", "''",
]  # fmt: skip

FILTERS = [
    "upcase", "downcase", "capitalize", "strip", "lstrip", "rstrip", "size", "first", "last",
    "reverse", "uniq", "sort", "sort_natural", "json", "escape", "escape_once", "url_encode",
    "url_decode", "strip_html", "strip_newlines", "newline_to_br", "abs", "ceil", "floor",
    "toNumber", "toBoolean", "toString", "findAgent", "findApplication", "compact", "nosuch",
    "append: '-x'", "append: 1", "prepend: 'p-'", "plus: 1", "plus: '2'", "minus: 10",
    "times: 3", "times: 0.5", "divided_by: 4", "divided_by: 4.0", "divided_by: 0",
    "modulo: 3", "modulo: -3", "round", "round: 2", "at_least: 5", "at_most: 5",
    "default: 'fb'", "default: 0", "split: ','", "split: ''", "join: ','", "join",
    "map: 'name'", "map: 'host'", "where: 'name', 'probe'", "where: 'fogTypeId', 2",
    "where: 'name'", "slice: 1", "slice: 1, 2", "slice: -2, 5", "truncate: 5",
    "truncate: 8, '~'", "truncatewords: 1", "replace: '-', '_'", "replace: 'a'",
    "replace_first: 'a', 'A'", "remove: 'a'", "remove_first: 'b'", "concat: 'z'",
    "findEdgeResource", "sort: 'name'",
    "map: 'name' | join: ','", "first | map: 'name'",
]  # fmt: skip

TEXT = ["", "x", " ", "port=", "[", "]", "-", "a b", "\n", "http://"]

# `date` parses its input with JavaScript's Date: V8 reads almost any string as some date
# ("edge-2" is 1 February 2001). edgelint reads ISO dates and epoch seconds; the comparison
# sticks to those.
DATES = ["'2020-01-02'", "'2021-06-30T10:20:30Z'", "'2024-02-29T23:59:59+02:00'", "0",
         "1700000000", "'1700000000'", "'not a date'", "nil", "self.name"]  # fmt: skip
DATE_FORMATS = ["'%Y-%m-%d'", "'%b %e, %y'", "'%A %j %U %W'", "'%H:%M:%S %p %s'", "'%-d/%-m'",
                "'%^B %q %%'", "'%C %u %w %L'"]  # fmt: skip


def _output(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return "{{ " + f"{rng.choice(DATES)} | date: {rng.choice(DATE_FORMATS)}" + " }}"
    value = rng.choice(VALUES)
    filters = [rng.choice(FILTERS) for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))]
    spacing = rng.choice([" | ", "|", " |", "| "])
    body = value + "".join(spacing + f for f in filters)
    if rng.random() < 0.04:
        body += " |"  # liquidjs: an empty filter name ends the list
    if rng.random() < 0.03 and filters:
        body += " junk"  # liquidjs: a parse error unless it follows an argument
    return "{{ " + body + " }}"


def _block(rng: random.Random, depth: int) -> str:
    """One tag; the draws happen in the same order for every kind, so that a seed gives the
    same templates it always gave (the recorded probes depend on it)."""
    choice = rng.randrange(len(_BLOCKS))
    inner = _template(rng, depth + 1) if depth < 2 else _output(rng)
    value = rng.choice(VALUES)
    return _BLOCKS[choice](rng, value, inner)


def _compared(rng: random.Random, value: str, inner: str) -> str:
    # python-liquid compares a literal range as a range, liquidjs as an array: `empty ==
    # (2..0)` is true only in liquidjs. Ranges stay out of comparisons (a known divergence).
    other = rng.choice([v for v in VALUES if not v.startswith("(")])
    return f"{{% if {value} == {other} %}}eq{{% endif %}}"


def _agent(rng: random.Random, value: str, inner: str) -> str:
    return f'{{% assign a = "{rng.choice(["edge-1", "edge-2", "nobody", ""])}" | findAgent %}}'


_BLOCKS: tuple[Callable[[random.Random, str, str], str], ...] = (
    lambda rng, value, inner: f"{{% assign v = {value} %}}{{{{ v }}}}",
    lambda rng, value, inner: f"{{% if {value} %}}{inner}{{% else %}}no{{% endif %}}",
    _compared,
    lambda rng, value, inner: f"{{% for i in {value} %}}{{{{ i }}}};{{% endfor %}}",
    lambda rng, value, inner: (
        f"{{% for i in (1..{rng.randint(0, 4)}) reversed %}}{{{{ i }}}}{{% endfor %}}"
    ),
    lambda rng, value, inner: f"{{% capture c %}}{inner}{{% endcapture %}}{{{{ c }}}}",
    lambda rng, value, inner: f"{{% unless {value} %}}u{{% endunless %}}",
    lambda rng, value, inner: (
        f"{{% case {value} %}}{{% when 7 %}}seven{{% else %}}other{{% endcase %}}"
    ),
    lambda rng, value, inner: "{% raw %}" + _output(rng) + "{% endraw %}",
    lambda rng, value, inner: "{% increment n %}{% increment n %}",
    lambda rng, value, inner: "{% comment %}hidden " + _output(rng) + "{% endcomment %}",
    _agent,
    lambda rng, value, inner: "{%- assign t = " + value + " -%} {{ t }}",
    lambda rng, value, inner: "{{- " + value + " -}} ",
)


def _template(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        roll = rng.random()
        if roll < 0.55:
            parts.append(_output(rng))
        elif roll < 0.8:
            parts.append(_block(rng, depth))
        else:
            parts.append(rng.choice(TEXT))
    return "".join(parts)


def templates(count: int, seed: int = 20261128) -> list[str]:
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        template = _template(rng)
        if "{{" in template or "{%" in template:
            seen.setdefault(template)
    return list(seen)


# Templates liquidjs 9.17 fails on, for the exact comparison of the error text the Controller
# stores: what ioFog files borrow from other template languages (Helm/Go, GitHub Actions),
# unclosed tags, outputs and raw blocks, unknown and stray tags, blocks without their end tag,
# malformed tag arguments and expressions; placed after text, outputs and line breaks (liquidjs
# counts lines by "\n" and columns in UTF-16 code units), with and without whitespace control.
BROKEN = [
    "{{ .Values.image.tag }}", "{{ .Time }}", "{{- if .Values.enabled }}", "{{ end }}",
    "{{ range .Items }}", "{{ .Values.x | default \"a\" }}", "{{ include \"chart.name\" . }}",
    "{{- .Release.Name -}}", "{{ template \"x\" . }}", "${{ secrets.TOKEN }}",
    "${{ github.event.inputs.x }}", "{{ x", "{{- x }", "{{ 'abc'", "{% if", "{% raw %}{% a",
    "{% raw %}x", "{% raw %}{{ x }}{% endraw", "{% nosuchtag %}", "{% include_relative x %}",
    "{% if true %}", "{% if x %}a{% else %}b", "{% unless x %}", "{% for i in x %}",
    "{% case x %}{% when 1 %}", "{% capture c %}", "{% comment %}", "{% tablerow i in x %}",
    "{% endif %}", "{% endfor %}", "{% else %}", "{% elsif x %}", "{% when 1 %}",
    "{% endraw %}", "{% for i %}{% endfor %}", "{% for i of x %}{% endfor %}",
    "{% for %}{% endfor %}", "{% assign x %}", "{% assign x 5 %}", "{% assign %}",
    "{% capture %}{% endcapture %}", "{% cycle %}", "{% tablerow i x %}{% endtablerow %}",
    "{%%}", "{%-%}", "{% %}", "{% 'x' %}", "{{ (1.. }}", "{{ x | f: (1.. }}",
    "{{ x junk }}", "{{ 'a' 'b' }}", "{{ x | }} {{ y z }}", "{% for i in (1.. %}{% endfor %}",
    "{% if x %}{% nosuchtag %}{% endif %}", "{% for i in x %}{% if y %}{% endfor %}",
    "{% if x %}{% for i in y %}{{ .z }}{% endfor %}{% endif %}",
    "{% capture c %}{% else %}{% endcapture %}", "{% case x %}{% elsif y %}{% endcase %}",
    "{%- if x -%}", "{%- nosuchtag -%}", "{{ \"}}\" }} {{ .a }}", "{% assign s = \"%}\" %}{% x %}",
]  # fmt: skip
PREFIXES = ["", "x", "port: ", "{{ 1 }}", "a\nb ", "line\n\n  ", "😀", "é😀\n😀 ", "\t",
            "{% assign v = 1 %}", "{% if true %}y{% endif %}",
            "{% raw %}{%{% endraw %}"]  # fmt: skip
SUFFIXES = ["", " tail", "\n", "{{ 2 }}", "{% endif %}", "{{ x"]  # fmt: skip


def error_templates(seed: int = 20261129) -> list[str]:
    """Each broken construct alone, and twice placed between a random prefix and suffix."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    for broken in BROKEN:
        seen.setdefault(broken)
        for _ in range(2):
            seen.setdefault(rng.choice(PREFIXES) + broken + rng.choice(SUFFIXES))
    return list(seen)
