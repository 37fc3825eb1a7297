"""liquidjs 9.17's HTML filters: escape, escape_once, newline_to_br, strip_html."""

from __future__ import annotations

import re
from typing import Any

from edgelint.render import jsvalues
from edgelint.render.filters.base import js_filter, require_string

_NOT_LINE_BREAK = "[^\n\r\u2028\u2029]"
_HTML_TAGS = re.compile(
    f"<script{_NOT_LINE_BREAK}*?</script>|<!--{_NOT_LINE_BREAK}*?-->"
    f"|<style{_NOT_LINE_BREAK}*?</style>|<{_NOT_LINE_BREAK}*?>"
)
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}


@js_filter
def escape(ctx: Any, v: Any, *args: Any) -> str:
    return re.sub(r"[&<>\"']", lambda m: _ESCAPES[m.group()], jsvalues.stringify(v))


def _unescape(v: Any) -> str:
    return re.sub(r"&(amp|lt|gt|#34|#39);", lambda m: _UNESCAPES[m.group()], jsvalues.to_string(v))


@js_filter
def escape_once(ctx: Any, v: Any, *args: Any) -> str:
    return re.sub(r"[&<>\"']", lambda m: _ESCAPES[m.group()], _unescape(v))


@js_filter
def newline_to_br(ctx: Any, v: Any, *args: Any) -> str:
    return require_string(v, "replace").replace("\n", "<br/>")


@js_filter
def strip_html(ctx: Any, v: Any, *args: Any) -> str:
    return _HTML_TAGS.sub("", require_string(v, "replace"))
