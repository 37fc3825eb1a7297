"""What a rule is: its code, name, default severity, fixability and documentation, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from edgelint.diagnostics import Applicability, Diagnostic, Fix, Severity, span_diagnostic
from edgelint.load.source import SourceFile

if TYPE_CHECKING:
    from edgelint.load.nodes import PathPart
    from edgelint.render.document import DocumentRender


@dataclass(frozen=True)
class Rule:
    """A rule's code, name, severity and docs, beside the check that reports it."""

    code: str
    name: str
    severity: Severity
    summary: str
    docs: str  # Markdown: what it finds, why it matters on the platform, an example, the fix
    fix: Applicability | None = None  # the applicability of the fix this rule can offer

    @property
    def explanation(self) -> str:
        import textwrap  # only the docs and hover read it

        return textwrap.dedent(self.docs).strip()

    def at(
        self,
        source: SourceFile,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        document: int | None = None,
        data_path: tuple[str | int, ...] = (),
        stored_anyway: bool = False,
    ) -> Diagnostic:
        return span_diagnostic(
            source,
            self.code,
            self.severity,
            message,
            start,
            end,
            fix=fix,
            document=document,
            data_path=data_path,
            stored_anyway=stored_anyway,
        )


def suggest_name(name: str, known: list[str]) -> str:
    """ "; did you mean …" for a name the Controller looks up (agents, templates, variables).

    Names are case-sensitive there: a case-only difference is named first; a short list is
    shown whole rather than guessed from (`edge-9` is not a typo of `edge-2`)."""
    import difflib

    folded = [k for k in known if k.lower() == name.lower()]
    if folded:
        return f"; names are case-sensitive: did you mean `{folded[0]}`?"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.85)
    if close:
        return f"; did you mean `{close[0]}`?"
    if known and len(known) <= 6:
        return "; it has " + ", ".join(f"`{k}`" for k in known)
    return ""


def shortened(text: str, width: int = 60) -> str:
    """A value as a message quotes it: on one line, at most ``width`` characters."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 3] + "..."


def double_quoted(text: str) -> str:
    """A one-line value as a YAML double-quoted scalar (what a quoting fix writes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Usable(NamedTuple):
    """A text value to check: not a template left unrendered, not a deployer's stand-in."""

    render: DocumentRender | None

    def __call__(self, value: object) -> TypeGuard[str]:
        if not isinstance(value, str) or "{{" in value or "{%" in value:
            return False
        return self.render is None or not self.render.holds_stand_in(value)


class Finding(NamedTuple):
    """One finding of the schema's validation, in words: which rule, where, how to repair it
    (the schema family reports it; the rule's own module may word it: rules/names.py)."""

    rule: Rule
    path: tuple[PathPart, ...]
    message: str
    on_key: bool = False  # underline the key, not its value
    rename: str | None = None  # an unknown key's one close match


def dotted(path: tuple[PathPart, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, str):
        return f'the string `"{value}"`' if len(value) <= 60 else "a string"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
