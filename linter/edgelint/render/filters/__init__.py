"""liquidjs 9.17's standard filters, with JavaScript semantics.

python-liquid's own filters follow Shopify (Ruby): `10 | divided_by: 4` is 2, `'abc' | first` is
"a", `'a-b' | replace: '-'` is an error. The Controller runs liquidjs, where they are 2.5, "" and
"a,b". Each filter is the liquidjs 9.17.0 filter of the same name, rewritten over the
JavaScript value model of `jsvalues`, one module a family (html, math, arrays, dates, objects,
strings) on base.py; where JavaScript would throw, JSError is raised and becomes
the error the Controller stores as the value.
"""

from __future__ import annotations

from edgelint.render.filters import arrays, dates, html, math, objects, strings
from edgelint.render.filters.base import FilterFunction

STANDARD_FILTERS: dict[str, FilterFunction] = {
    "escape": html.escape,
    "escape_once": html.escape_once,
    "newline_to_br": html.newline_to_br,
    "strip_html": html.strip_html,
    "abs": math.abs_,
    "at_least": math.at_least,
    "at_most": math.at_most,
    "ceil": math.ceil,
    "divided_by": math.divided_by,
    "floor": math.floor,
    "minus": math.minus,
    "modulo": math.modulo,
    "times": math.times,
    "round": math.round_,
    "plus": math.plus,
    "sort_natural": arrays.sort_natural,
    "url_decode": strings.url_decode,
    "url_encode": strings.url_encode,
    "join": arrays.join,
    "last": arrays.last,
    "first": arrays.first,
    "reverse": arrays.reverse,
    "sort": arrays.sort,
    "size": arrays.size,
    "map": arrays.map_,
    "concat": arrays.concat,
    "slice": arrays.slice_,
    "where": arrays.where,
    "uniq": arrays.uniq,
    "date": dates.date,
    "default": objects.default,
    "json": objects.json,
    "append": strings.append,
    "prepend": strings.prepend,
    "lstrip": strings.lstrip,
    "downcase": strings.downcase,
    "upcase": strings.upcase,
    "remove": strings.remove,
    "remove_first": strings.remove_first,
    "rstrip": strings.rstrip,
    "split": strings.split,
    "strip": strings.strip,
    "strip_newlines": strings.strip_newlines,
    "capitalize": strings.capitalize,
    "replace": strings.replace,
    "replace_first": strings.replace_first,
    "truncate": strings.truncate,
    "truncatewords": strings.truncatewords,
}
