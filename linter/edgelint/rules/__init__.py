"""The rule catalog: one module per rule family; code, name, severity and docs in one place.

Families are imported on demand so that loading one (the loader needs the YAML rules) does not
import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from edgelint.rules.base import Rule

FAMILIES = (
    "edgelint.rules.yaml",
    "edgelint.rules.readers",
    "edgelint.rules.documents",
    "edgelint.rules.schema",
    "edgelint.rules.semantics",
    "edgelint.rules.references",
    "edgelint.rules.fields",
    "edgelint.rules.registry",
    "edgelint.rules.templates",
    "edgelint.config.suppression",  # EL007: suppression comments that do nothing
)


def all_rules() -> dict[str, Rule]:
    import importlib

    catalog: dict[str, Rule] = {}
    for name in FAMILIES:
        module = importlib.import_module(name)
        for rule in module.RULES:
            catalog[rule.code] = rule
    return dict(sorted(catalog.items()))
