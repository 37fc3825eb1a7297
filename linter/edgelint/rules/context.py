"""What a rule sees while it checks one document, and how it turns a data path into a diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from edgelint.diagnostics import Diagnostic, Fix, Severity
from edgelint.load.nodes import MappingNode, Node, PathPart, ScalarNode, SequenceNode, locate

if TYPE_CHECKING:
    from edgelint.config.settings import Settings
    from edgelint.load.loader import Document
    from edgelint.load.source import SourceFile
    from edgelint.render.budget import Budget
    from edgelint.render.deployed import Deployed, Deployment
    from edgelint.render.document import DocumentRender
    from edgelint.rules.base import Rule


@dataclass(repr=False, eq=False)
class DocumentContext:
    """One document as every rule sees it, and where they put what they find."""

    source: SourceFile
    document: Document
    settings: Settings
    kind: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # What the Controller will hold (render/deployed.py): built before any rule runs, read-only.
    deployed: Deployed | None = None
    # ApplicationTemplate documents of the same file, by name: what `spec.template` deploys.
    file_templates: dict[str, Any] = field(default_factory=dict)
    # Application names of the same file with their microservices: what a Route refers to.
    file_applications: dict[str, set[str]] = field(default_factory=dict)
    # (agent, external port) → who published it, across the file's documents.
    file_ports: dict[tuple[str, int], str] = field(default_factory=dict)
    # Application name → the line of the first document that defines it.
    file_application_lines: dict[str, int] = field(default_factory=dict)
    # What all templates of the file may still cost (render/engine.py); one per file.
    budget: Budget | None = None

    @property
    def data(self) -> Any:
        """What the rules check: the document as the Controller holds it (templates rendered)."""
        return self.document.data if self.deployed is None else self.deployed.data

    @property
    def render(self) -> DocumentRender | None:
        return None if self.deployed is None else self.deployed.render

    @property
    def skip_paths(self) -> frozenset[tuple[PathPart, ...]]:
        """Values nothing can be said about (an unquoted template, a lookup on stand-ins)."""
        return frozenset() if self.deployed is None else self.deployed.skip_paths

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

    def reported(self, code: str, path: tuple[PathPart, ...]) -> bool:
        """Whether a family already said `code` about this value."""
        return any(d.code == code and d.data_path == path for d in self.diagnostics)

    def report(
        self,
        rule: Rule,
        path: tuple[PathPart, ...],
        message: str,
        *,
        span: tuple[int, int] | None = None,
        fix: Fix | None = None,
        stored_anyway: bool = False,
        severity: Severity | None = None,
    ) -> Diagnostic | None:
        """`severity`: this finding's, where the rule's own is too strong for the case."""
        start, end = span if span is not None else self.span(path)
        severity = severity or rule.severity
        in_body = self.kind == "ApplicationTemplate" and path[:2] == TEMPLATE_BODY
        if in_body and severity is Severity.ERROR:
            # Stored as written (the body is checked only when something deploys it): what
            # fails then is a warning here, an error at the deployment.
            severity = Severity.WARNING
            message += TEMPLATE_NOTE
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
        if severity is not rule.severity:
            diagnostic = replace(diagnostic, severity=severity)
        self.diagnostics.append(diagnostic)
        return diagnostic


TEMPLATE_BODY = ("spec", "application")
TEMPLATE_NOTE = (
    " (the Controller stores the template as it is and checks its application only when it is "
    "deployed: deployed with its declared defaults, this fails)"
)


@dataclass(repr=False, eq=False)
class DeploymentContext(DocumentContext):
    """The application an Application's `spec.template` deploys, checked by every family as if
    it were written there. Findings are reported at the deploying `spec.template`, naming the
    template line they come from; only errors (what is written in the template, warnings
    included, is said on the template itself), never with a fix (the template is where one
    would go), and nothing about the header, which the deploying document has already had."""

    parent: DocumentContext | None = None
    deployment: Deployment | None = None
    _said: list[tuple[str, tuple[PathPart, ...], str]] = field(default_factory=list)

    @property
    def anchor(self) -> tuple[PathPart, ...]:
        data = self.parent.document.data if self.parent is not None else None
        template = data.get("spec", {}).get("template") if isinstance(data, dict) else None
        named = isinstance(template, dict) and "name" in template
        return ("spec", "template", "name") if named else ("spec", "template")

    def locate(self, path: tuple[PathPart, ...]) -> tuple[Node, Node | None]:
        assert self.parent is not None and self.deployment is not None
        root = self.deployment.template_root
        if root is not None:
            return locate(root, self.deployment.template_path(path))
        return self.parent.locate(self.anchor)

    def reported(self, code: str, path: tuple[PathPart, ...]) -> bool:
        return any(c == code and p == path for c, p, _ in self._said)

    def report(
        self,
        rule: Rule,
        path: tuple[PathPart, ...],
        message: str,
        *,
        span: tuple[int, int] | None = None,
        fix: Fix | None = None,
        stored_anyway: bool = False,
        severity: Severity | None = None,
    ) -> Diagnostic | None:
        assert self.parent is not None and self.deployment is not None
        if (severity or rule.severity) is not Severity.ERROR or path[:1] in (
            ("metadata",),
            ("apiVersion",),
        ):
            return None
        if (rule.code, path, message) in self._said:
            return None  # the same finding reached twice (volumes are rendered twice)
        self._said.append((rule.code, path, message))
        where = self.deployment.describe(path, lambda offset: self.source.position(offset).line)
        return super().report(
            rule,
            self.anchor,
            f"deployed from {where}: {message}",
            span=self.parent.span(self.anchor),
            stored_anyway=stored_anyway,
        )
