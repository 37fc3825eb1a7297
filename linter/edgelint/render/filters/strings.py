"""liquidjs 9.17's string filters, with JavaScript's whitespace, `split` and `replace`."""

from __future__ import annotations

import math
import re
import urllib.parse
from typing import Any

from edgelint.javascript import WHITESPACE, utf16_length, utf16_slice
from edgelint.render import jsvalues
from edgelint.render.filters.base import (
    LEADING_SPACE,
    SPACE_RUN,
    TRAILING_SPACE,
    JSError,
    arg,
    integer,
    js_filter,
    js_length,
    js_slice,
    less_or_equal,
    raw,
    require_string,
)


@js_filter
def url_decode(ctx: Any, v: Any, *args: Any) -> str:
    text = require_string(v, "split", "x")
    try:
        return " ".join(_decode_uri_component(part) for part in text.split("+"))
    except ValueError:
        raise JSError("URIError: URI malformed") from None


def _decode_uri_component(text: str) -> str:
    if re.search(r"%(?![0-9a-fA-F]{2})", text):
        raise ValueError(text)
    return urllib.parse.unquote(text, errors="strict")


@js_filter
def url_encode(ctx: Any, v: Any, *args: Any) -> str:
    text = require_string(v, "split", "x")
    return "+".join(urllib.parse.quote(part, safe="-_.!~*'()") for part in text.split(" "))


@js_filter
def append(ctx: Any, v: Any, *args: Any) -> str:
    arg = raw(args, 0)
    if jsvalues.is_undefined(arg):
        raise JSError("AssertionError: append expect 2 arguments")
    return jsvalues.stringify(v) + jsvalues.stringify(arg)


@js_filter
def prepend(ctx: Any, v: Any, *args: Any) -> str:
    arg = raw(args, 0)
    if jsvalues.is_undefined(arg):
        raise JSError("AssertionError: prepend expect 2 arguments")
    return jsvalues.stringify(arg) + jsvalues.stringify(v)


@js_filter
def lstrip(ctx: Any, v: Any, *args: Any) -> str:
    return LEADING_SPACE.sub("", jsvalues.stringify(v))


@js_filter
def rstrip(ctx: Any, v: Any, *args: Any) -> str:
    return TRAILING_SPACE.sub("", jsvalues.stringify(v))


@js_filter
def strip(ctx: Any, v: Any, *args: Any) -> str:
    return jsvalues.stringify(v).strip(WHITESPACE)


@js_filter
def downcase(ctx: Any, v: Any, *args: Any) -> str:
    return jsvalues.stringify(v).lower()


@js_filter
def upcase(ctx: Any, v: Any, *args: Any) -> str:
    return jsvalues.stringify(v).upper()


def js_split(text: str, separator: str) -> list[str]:
    if separator == "":
        return [utf16_slice(text, i, i + 1) for i in range(utf16_length(text))]
    return text.split(separator)


@js_filter
def remove(ctx: Any, v: Any, *args: Any) -> str:
    return "".join(js_split(jsvalues.stringify(v), jsvalues.to_string(raw(args, 0))))


def _substitution(replacement: str, matched: str, before: str, after: str) -> str:
    """GetSubstitution for a string pattern: $$, $&, $` and $'."""
    return re.sub(
        r"\$([$&`'])",
        lambda m: {"$": "$", "&": matched, "`": before, "'": after}[m.group(1)],
        replacement,
    )


def js_replace_first(text: str, pattern: str, replacement: Any) -> str:
    index = text.find(pattern)
    if index < 0:
        return text
    before, after = text[:index], text[index + len(pattern) :]
    return before + _substitution(jsvalues.to_string(replacement), pattern, before, after) + after


@js_filter
def remove_first(ctx: Any, v: Any, *args: Any) -> str:
    return js_replace_first(jsvalues.stringify(v), jsvalues.to_string(raw(args, 0)), "")


@js_filter
def split(ctx: Any, v: Any, *args: Any) -> list[str]:
    return js_split(jsvalues.stringify(v), jsvalues.to_string(raw(args, 0)))


@js_filter
def strip_newlines(ctx: Any, v: Any, *args: Any) -> str:
    return jsvalues.stringify(v).replace("\n", "")


@js_filter
def capitalize(ctx: Any, v: Any, *args: Any) -> str:
    text = jsvalues.stringify(v)
    if not text:
        return text
    head = utf16_slice(text, 0, 1)
    return head.upper() + utf16_slice(text, 1, utf16_length(text))


@js_filter
def replace(ctx: Any, v: Any, *args: Any) -> str:
    pieces = js_split(jsvalues.stringify(v), jsvalues.to_string(raw(args, 0)))
    replacement = raw(args, 1)
    return (
        ",".join if jsvalues.is_undefined(replacement) else jsvalues.to_string(replacement).join
    )(pieces)


@js_filter
def replace_first(ctx: Any, v: Any, *args: Any) -> str:
    return js_replace_first(jsvalues.stringify(v), jsvalues.to_string(raw(args, 0)), raw(args, 1))


@js_filter
def truncate(ctx: Any, v: Any, *args: Any) -> str:
    text = jsvalues.stringify(v)
    limit = arg(args, 0, 50)
    ellipsis = arg(args, 1, "...")
    if less_or_equal(utf16_length(text), limit):
        return text
    end = jsvalues.to_number(limit) - jsvalues.to_number(js_length(ellipsis))
    cut = utf16_slice(text, 0, max(int(integer(end)), 0)) if not math.isnan(end) else ""
    return jsvalues.add(cut, ellipsis)  # type: ignore[no-any-return]


@js_filter
def truncatewords(ctx: Any, v: Any, *args: Any) -> str:
    text = require_string(v, "split")
    limit = arg(args, 0, 15)
    ellipsis = arg(args, 1, "...")
    words = SPACE_RUN.split(text)
    result = " ".join(js_slice(words, 0, limit))
    if less_or_equal(limit, len(words)):
        result = jsvalues.add(result, ellipsis)
    return result
