"""Template offsets → file offsets for one scalar, so that a finding inside a template points
at its column in the file, through quotes, escapes and folding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from edgelint.load.nodes import ScalarNode, walk_path

if TYPE_CHECKING:
    from edgelint.diagnostics import Fix
    from edgelint.render.controller import Render
    from edgelint.rules.base import Rule
    from edgelint.rules.context import DocumentContext


class Located:
    """Template offsets → file offsets for one scalar (through quotes, escapes, folding)."""

    def __init__(self, ctx: DocumentContext, render: Render) -> None:
        from edgelint.load.sourcemap import scalar_map
        from edgelint.render.controller import CONFIG

        self.ctx = ctx
        self.template = render.template
        path = render.path or ()
        self.config = bool(path) and path[-1] == CONFIG
        node = None
        if ctx.document.root is not None:
            node = walk_path(ctx.document.root, (*path[:-1], "config") if self.config else path)
        self.path = (*path[:-1], "config") if self.config else path
        self.node = node
        self.map: list[int] | None = None
        if isinstance(node, ScalarNode) and not self.config and not node.shared:
            self.map = scalar_map(ctx.source.text, node.start, node.end, node.style, node.value)

    def span(self, offset: int | None, length: int = 1) -> tuple[int, int] | None:
        if self.map is None or offset is None or not self.map:
            return None
        offset = max(0, min(offset, len(self.map) - 1))
        last = max(offset, min(offset + max(length, 1), len(self.map)) - 1)
        return self.map[offset], self.map[last] + 1

    def report(self, rule: Rule, message: str, offset: int | None = None, length: int = 1,
               fix: Fix | None = None, stored_anyway: bool = False) -> None:  # fmt: skip
        span = self.span(offset, length)
        self.ctx.report(rule, self.path, message, span=span, fix=fix, stored_anyway=stored_anyway)
