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


def _lazy(module: str, name: str = "reporter") -> Callable[[View], Reporter]:
    """The entry point `name` of report/<module>.py, imported at the first call."""

    def make(view: View) -> Reporter:
        from importlib import import_module

        entry: Callable[[View], Reporter] = getattr(
            import_module(f"edgelint.report.{module}"), name
        )
        return entry(view)

    return make


REPORTERS: Mapping[str, Callable[[View], Reporter]] = MappingProxyType(
    {
        "text": _lazy("text"),
        "json": _lazy("json"),
        "json-lines": _lazy("json", "lines_reporter"),
        "sarif": _lazy("sarif"),
        "github": _lazy("github"),
        "junit": _lazy("junit"),
        "html": _lazy("html"),
    }
)
