"""Whether a document needs the template engine at all: the check that keeps Liquid unimported.

python-liquid costs about 120 ms to import; most application files have no template, and only
strings containing `{{` or `{%` are templates to liquidjs.
"""

from __future__ import annotations

from typing import Any

RENDERED_KINDS = frozenset({"Application", "Microservice", "ApplicationTemplate"})


def is_template(text: str) -> bool:
    """Whether liquidjs reads the text as more than one content token."""
    return "{{" in text or "{%" in text


def may_have_templates(text: str) -> bool:
    """Whether any string the file's text decodes to can hold `{{` or `{%`: only if the text
    does, or through an escape (`"{\\x7b"`, a line break escaped between the two braces). YAML's
    line folding joins lines with a space, never with nothing. A search of the text runs in C;
    the walk below visits every value in Python."""
    return "{{" in text or "{%" in text or "\\" in text


def has_templates(value: Any) -> bool:
    """Whether any string (config keys included: they are rendered too) holds `{{` or `{%`."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if is_template(item):
                return True
        elif isinstance(item, (dict, list)):
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, dict):
                stack.extend(k for k in item if isinstance(k, str))
                stack.extend(item.values())
            else:
                stack.extend(item)
    return False
