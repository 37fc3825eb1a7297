"""Reporters: each turns a run's results into one output format, and does nothing else.

Every format has one entry point, `reporter(view) -> Reporter` (report/view.py: fed a file at a
time, then the run), found through REPORTERS, one table; a module is imported only when its
format is asked for (jinja2 for html, xml for junit), so that a text run pays for none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edgelint.report.view import Reporter, View


def _text(view: View) -> Reporter:
    from edgelint.report.text import reporter

    return reporter(view)


def _json(view: View) -> Reporter:
    from edgelint.report.json import reporter

    return reporter(view)


def _sarif(view: View) -> Reporter:
    from edgelint.report.sarif import reporter

    return reporter(view)


def _github(view: View) -> Reporter:
    from edgelint.report.github import reporter

    return reporter(view)


def _junit(view: View) -> Reporter:
    from edgelint.report.junit import reporter

    return reporter(view)


def _json_lines(view: View) -> Reporter:
    from edgelint.report.json import lines_reporter

    return lines_reporter(view)


def _html(view: View) -> Reporter:
    from edgelint.report.html import reporter

    return reporter(view)


REPORTERS: Mapping[str, Callable[[View], Reporter]] = MappingProxyType(
    {
        "text": _text,
        "json": _json,
        "json-lines": _json_lines,
        "sarif": _sarif,
        "github": _github,
        "junit": _junit,
        "html": _html,
    }
)
