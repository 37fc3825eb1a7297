"""What a rule sees while it checks one document, and how it turns a data path into a diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Diagnostic, Fix
from edgelint.yamlnodes import MappingNode, Node, PathPart, ScalarNode, SequenceNode, locate

if TYPE_CHECKING:
    from edgelint.loader import Document
    from edgelint.render.budget import Budget
    from edgelint.render.document import DocumentRender
    from edgelint.rules.base import Rule
    from edgelint.settings import Settings
    from edgelint.source import SourceFile


@dataclass
class DocumentContext:
    source: SourceFile
    document: Document
    settings: Settings
    kind: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # What the rules check: the document as written, or as the Controller renders it.
    rendered_data: Any = None
    render: DocumentRender | None = None
    skip_paths: set[tuple[PathPart, ...]] = field(default_factory=set)
    # ApplicationTemplate documents of the same file, by name: what `spec.template` deploys.
    file_templates: dict[str, Any] = field(default_factory=dict)
    # Application names of the same file with their microservices: what a Route refers to.
    file_applications: dict[str, set[str]] = field(default_factory=dict)
    # (agent, external port) → who published it, across the file's documents.
    file_ports: dict[tuple[str, int], str] = field(default_factory=dict)
    # What all templates of the file may still cost (render/engine.py); one per file.
    budget: Budget | None = None

    @property
    def data(self) -> Any:
        return self.document.data if self.rendered_data is None else self.rendered_data

    @data.setter
    def data(self, value: Any) -> None:
        self.rendered_data = value

    def locate(self, path: tuple[PathPart, ...]) -> tuple[Node, Node | None]:
        assert self.document.root is not None
        return locate(self.document.root, path)

    def span(self, path: tuple[PathPart, ...]) -> tuple[int, int]:
        """The characters to underline for the value at ``path``.

        An empty value (``spec:`` with nothing after it) has no characters of its own, so its key
        is underlined instead; a block collection is underlined on its first line only.
        """
        node, key = self.locate(path)
        if isinstance(node, ScalarNode) and node.start == node.end and key is not None:
            return key.start, key.end
        if isinstance(node, (MappingNode, SequenceNode)) and not node.flow:
            end = min(node.end, self.source.line_end(node.start))
            return node.start, max(end, node.start + 1)
        return node.start, node.end

    def report(
        self,
        rule: Rule,
        path: tuple[PathPart, ...],
        message: str,
        *,
        span: tuple[int, int] | None = None,
        fix: Fix | None = None,
        stored_anyway: bool = False,
    ) -> Diagnostic:
        start, end = span if span is not None else self.span(path)
        diagnostic = rule.at(
            self.source,
            start,
            end,
            message,
            fix=fix,
            document=self.document.index,
            data_path=path,
            stored_anyway=stored_anyway,
        )
        self.diagnostics.append(diagnostic)
        return diagnostic
