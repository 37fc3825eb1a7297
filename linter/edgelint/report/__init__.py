"""Reporters: each turns a run's results into one output format, and does nothing else.

Every format is one module with one entry point, `report(run, view) -> str`, found through
REPORTERS, one table; a module is imported only when its format is asked for (jinja2 for html,
xml for junit), so that a text run pays for none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edgelint.report.view import Reporter


def _text() -> Reporter:
    from edgelint.report.text import report

    return report


def _json() -> Reporter:
    from edgelint.report.json import report

    return report


def _sarif() -> Reporter:
    from edgelint.report.sarif import report

    return report


def _github() -> Reporter:
    from edgelint.report.github import report

    return report


def _junit() -> Reporter:
    from edgelint.report.junit import report

    return report


def _html() -> Reporter:
    from edgelint.report.html import report

    return report


REPORTERS: Mapping[str, Callable[[], Reporter]] = MappingProxyType(
    {
        "text": _text,
        "json": _json,
        "sarif": _sarif,
        "github": _github,
        "junit": _junit,
        "html": _html,
    }
)
