"""The rule catalog: one table of the rule families, in the order their checks run.

A family is one module that declares its rules (code, name, severity, docs) and checks them.
Three families report without a document check of their own: the YAML rules from the loader,
the document rules from the classifier that runs before the checks, EL007 from suppression.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edgelint.rules.base import Rule
    from edgelint.rules.context import DocumentContext

Check = Callable[["DocumentContext"], None]


@dataclass(frozen=True, repr=False, eq=False)
class Family:
    """Rules that one check finds together, in one pass over a document."""

    name: str
    rules: tuple[Rule, ...]
    check: Check | None  # None: reported where the loader, classifier or suppression sees it


@cache
def families() -> tuple[Family, ...]:
    from edgelint.config import suppression
    from edgelint.rules import (
        documents,
        fields,
        markup,
        names,
        readers,
        references,
        registry,
        schema,
        semantics,
        templates,
        yaml,
    )

    return (
        Family("yaml", yaml.RULES, None),
        Family("documents", documents.RULES, None),
        Family("readers", readers.RULES, readers.check),
        Family("markup", markup.RULES, markup.check),
        # Templates before the schema: the schema family leaves a field a template produced
        # to the template family's EL408 when it already reported there.
        Family("templates", templates.RULES, templates.check),
        Family("schema", schema.RULES, schema.check),
        Family("names", names.RULES, names.check),
        Family("semantics", semantics.RULES, semantics.check),
        Family("references", references.RULES, references.check),
        Family("fields", fields.RULES, fields.check),
        Family("registry", registry.RULES, registry.check),
        Family("suppression", suppression.RULES, None),
    )


@cache
def checks() -> tuple[Check, ...]:
    """Each family's document check, in order."""
    return tuple(family.check for family in families() if family.check is not None)


@cache
def codes() -> frozenset[str]:
    """Every rule code: what suppression comments may name (asked once per file)."""
    return frozenset(rule.code for family in families() for rule in family.rules)


def all_rules() -> dict[str, Rule]:
    catalog = {rule.code: rule for family in families() for rule in family.rules}
    return dict(sorted(catalog.items()))
