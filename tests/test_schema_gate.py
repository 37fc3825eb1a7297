"""jsonschema-rs only says whether a document is valid; jsonschema words every error of one that
is not. So the two must agree on validity for every document edgelint checks: here each
document of the corpus, the fixtures and the examples, as each target's lint builds it (rendered,
read as the CLI reads it), and thousands of mutations of them — a value of another type, a
missing or unknown key, a name with a final line break (both read patterns as ECMA-262, where
`$` does not match before it), big and fractional numbers, the undefined marker a template
leaves.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, FIXTURES, REPO, settings
from edgelint.platform.schemas import _plain, gate_for, validator_for
from edgelint.platform.targets import TARGETS
from edgelint.render.jsvalues import UNDEFINED
from edgelint.run.lint import lint_bytes

Checked = tuple[str, str, Any]  # (schema name, kind, data)
REPLACEMENTS: tuple[Any, ...] = (
    None, "", "x", "abc\n", "UPPER", "a" * 300, 0, -1, 1.5, 2.0, 2**70, True, False, "1",
    [], {}, ["x"], {"k": "v"}, UNDEFINED, float("nan"), {1: "int key"},
)  # fmt: skip
MUTATIONS_PER_DOCUMENT = 12


@cache
def checked() -> list[Checked]:
    """Every document lint validates, under every target, with the data it validates."""
    paths = sorted(
        p
        for root in (CORPUS, FIXTURES, REPO / "examples")
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml")
    )
    found: list[Checked] = []
    for target in sorted(TARGETS):
        for path in paths:
            result = lint_bytes(path.name, path.read_bytes(), settings(target=target))
            for ctx in result.contexts:
                if ctx.kind is not None and ctx.data is not None:
                    found.append((ctx.settings.target.schema_name, ctx.kind, ctx.data))
    return found


def _places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _places(value, (*path, index))


def _mutated(data: Any, rng: random.Random) -> Any:
    mutated = copy.deepcopy(data)
    places = [p for p in _places(mutated) if p]
    if not places:
        return rng.choice(REPLACEMENTS)
    path = rng.choice(places)
    parent = mutated
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = rng.random()
    if action < 0.15 and isinstance(parent, dict):
        del parent[last]
    elif action < 0.25 and isinstance(parent, dict):
        parent[rng.choice(("unknownKey", "Name", "x-extra"))] = rng.choice(REPLACEMENTS)
    else:
        parent[last] = copy.deepcopy(rng.choice(REPLACEMENTS))
    return mutated


def _agree(schema: str, kind: str, data: Any) -> str | None:
    gate = gate_for(schema, kind)
    validator = validator_for(schema, kind)
    if gate is None or validator is None:
        return None
    valid = next(iter(validator.iter_errors(data)), None) is None
    said = gate(data)
    if said == valid or (not said and not _plain(data)):
        return None  # agreed, or left to jsonschema: it decides what jsonschema-rs cannot read
    return f"{schema} {kind}: jsonschema says valid={valid}, the gate {said}"


def test_the_documents_are_many_and_of_every_target() -> None:
    documents = checked()
    assert len(documents) > 500
    assert {schema for schema, _, _ in documents} >= {"iofog-3", "datasance", "iofog-2"}
    assert len(documents) * (1 + MUTATIONS_PER_DOCUMENT) > 1644


def test_the_compiled_gate_agrees_on_every_document_as_checked() -> None:
    disagreements = [d for d in (_agree(*c) for c in checked()) if d is not None]
    assert disagreements == []
    # Both answers occur: the corpus has valid and invalid documents.
    answers = {gate_for(s, k)(data) for s, k, data in checked() if gate_for(s, k)}  # type: ignore[misc]
    assert answers == {True, False}


@pytest.mark.slow
def test_the_compiled_gate_agrees_on_mutated_documents() -> None:
    rng = random.Random(17)
    disagreements = []
    for schema, kind, data in checked():
        for _ in range(MUTATIONS_PER_DOCUMENT):
            mutated = _mutated(data, rng)
            said = _agree(schema, kind, mutated)
            if said is not None:
                disagreements.append((said, mutated))
    assert disagreements[:3] == []


def test_data_that_is_not_plain_json_is_left_to_jsonschema() -> None:
    """The gate says invalid (jsonschema decides) for what jsonschema-rs would convert its own
    way: the undefined marker, a non-string key, NaN, an integer past 64 bits."""
    gate = gate_for("iofog-3", "Application")
    assert gate is not None
    base = {"metadata": {"name": "app"}, "spec": {"microservices": []}}
    assert gate({"apiVersion": "iofog.org/v3", "kind": "Application", **base})
    for odd in (UNDEFINED, float("nan"), 2**64, {1: "x"}):
        assert not gate({"apiVersion": "iofog.org/v3", "kind": "Application", **base, "x": odd})


def test_without_jsonschema_rs_jsonschema_decides_and_finds_the_same(tmp_path: Path) -> None:
    """Where jsonschema-rs cannot be imported (no wheel for the platform), every document goes
    to jsonschema: the same findings, no crash."""
    from conftest import run_cli, run_main

    files = [str(p) for p in sorted(CORPUS.glob("*.yaml"))[:12]]
    without = run_main(
        "sys.modules['jsonschema_rs'] = None\nfrom edgelint.cli.entry import main",
        ["lint", "--no-cache", "--format", "json", *files],
        cwd=tmp_path,
    )
    with_it = run_cli("lint", "--no-cache", "--format", "json", *files, cwd=tmp_path)
    assert without.code == with_it.returncode == 1, without.stderr
    assert without.stdout == with_it.stdout


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^[a-z]+$", "abc", True),
        (r"^[a-z]+$", "abc\n", False),  # ECMA-262's `$` is the end of the text
        (r"\d{3}", "123", True),
        (r"\d{3}", "١٢٣", False),  # Arabic-Indic digits: `\d` is ASCII there
        (r"^[\d.]+$", "1.2", True),
        (r"^a\$b$", "a$b", True),  # an escaped `$` stays a dollar sign
        (r"^[$]$", "$", True),  # so does one in a class
    ],
)
def test_patterns_are_read_as_ecma_262(pattern: str, text: str, matches: bool) -> None:
    from edgelint.platform.schemas import ecma_regex

    assert (ecma_regex(pattern).search(text) is not None) is matches
