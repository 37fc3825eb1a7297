"""`edgelint schema` in a real editor's YAML server: yaml-language-server (npm) with the README's
modeline shows the errors `edgelint lint` finds from the schema — a wrong type, an apiVersion the
CLI refuses, a name the Controller refuses, a header key the CLI refuses — and no error where
lint only warns (a key the Controller ignores, EL202) unless `--strict` asks for it.

yaml-language-server reports every schema problem as an error, so agreement means: no editor
diagnostic where lint has no error. That is checked over every corpus and fixture file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conformance.editor import EditorDiagnostic, diagnostics, server_command
from conftest import REPO, npm_harness, run_cli
from edgelint.platform.editor_schema import editor_schema
from edgelint.platform.targets import TARGETS

FIXTURE = REPO / "tests" / "fixtures" / "editor" / "app.yaml"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
# The CLI targets read the file with yaml.v2 (YAML 1.1); the README tells editors to do the same.
YAML_1_1 = {"validate": True, "yamlVersion": "1.1"}


@pytest.fixture(scope="module")
def server() -> list[str]:
    return server_command(npm_harness("yaml-language-server"))


def _schema(directory: Path, *args: str) -> Path:
    result = run_cli("schema", *args)
    assert result.returncode == 0, result.stderr
    path = directory / "iofog.schema.json"
    path.write_bytes(result.stdout)
    return path


def _seen(found: list[EditorDiagnostic]) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in found]


EXPECTED = [
    (2, 13, 'Value is not accepted. Valid values: "iofog.org/v3".'),
    (
        5,
        9,
        "Application names: lower-case letters, digits, '-' and '.', starting and ending with "
        "a letter or digit (EL104).",
    ),
    (6, 3, "Property labels is not allowed."),
    (16, 25, 'Incorrect type. Expected "boolean".'),
]


@pytest.mark.slow
def test_the_readme_modeline_shows_lints_errors_and_not_its_warnings(
    server: list[str], tmp_path: Path
) -> None:
    _schema(tmp_path, "--target", "iofog-3")
    document = tmp_path / "app.yaml"
    shutil.copy(FIXTURE, document)
    found = diagnostics(server, {document: document.read_text()}, YAML_1_1)[document]
    assert _seen(found) == EXPECTED  # `colour` (EL202) is not an error; the template is fine
    assert {d.severity for d in found} == {"error"}

    lint = json.loads(run_cli("lint", "--no-cache", "--format", "json", document).stdout)
    errors = [(d["line"], d["column"], d["code"]) for d in lint["diagnostics"]]
    assert [e for e in errors] == [
        (2, 13, "EL102"),
        (5, 9, "EL104"),
        (6, 3, "EL103"),
        (16, 25, "EL201"),
        (17, 7, "EL202"),
    ]
    assert [d["severity"] for d in lint["diagnostics"]][-1] == "warning"


@pytest.mark.slow
def test_strict_schema_refuses_every_unknown_key(server: list[str], tmp_path: Path) -> None:
    _schema(tmp_path, "--target", "iofog-3", "--strict")
    document = tmp_path / "app.yaml"
    shutil.copy(FIXTURE, document)
    found = diagnostics(server, {document: document.read_text()}, YAML_1_1)[document]
    assert _seen(found) == [*EXPECTED, (17, 7, "Property colour is not allowed.")]


def _target_of(text: str) -> str:
    if "datasance.com/" in text:
        return "datasance"
    if "iofog.org/v2" in text and "iofog.org/v3" not in text:
        return "iofog-2"
    return "iofog-3"


def _lint_errors(paths: list[Path], target: str) -> dict[str, list[dict[str, object]]]:
    result = run_cli(
        "lint", "--no-cache", "--no-respect-gitignore", "--show-skipped", "--format", "json",
        "--target", target, *paths,
    )  # fmt: skip
    found: dict[str, list[dict[str, object]]] = {}
    for item in json.loads(result.stdout)["diagnostics"]:
        found.setdefault(str(item["path"]), []).append(item)
    return found


def _block_end(lines: list[str], line: int) -> int:
    """The last line of the mapping a key on `line` (1-based) opens: yaml-language-server
    reports a missing key at its parent's key, lint inside the mapping."""
    indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    end = line
    for number in range(line + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and len(text) - len(text.lstrip()) <= indent:
            break
        end = number
    return end


def _agrees(editor: EditorDiagnostic, errors: list[dict[str, object]], lines: list[str]) -> bool:
    last = _block_end(lines, editor.line) if editor.message.startswith("Missing property") else 0
    return any(
        e["line"] == editor.line or editor.line <= int(str(e["line"])) <= last for e in errors
    )


def _files() -> list[Path]:
    roots = [
        REPO / "tests" / "fixtures",
        REPO / "tests" / "corpus",
        REPO / "examples",
        SHARED_CORPUS,
    ]
    return sorted(
        p
        for root in roots
        if root.is_dir()
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml") and "snapshots" not in p.parts
    )


@pytest.mark.slow
def test_the_editor_shows_no_error_where_lint_has_none(server: list[str], tmp_path: Path) -> None:
    """Every corpus, fixture and example file under its target's schema: each schema
    diagnostic the editor shows sits where lint reports an error. Files the server cannot
    parse (its YAML parser's own errors), non-ioFog files and files with suppression comments
    are left out; under YAML 1.1, as the README configures the editor for the CLI targets."""
    by_target: dict[str, list[Path]] = {}
    for path in _files():
        by_target.setdefault(_target_of(path.read_text(errors="replace")), []).append(path)
    settings: dict[str, object] = {**YAML_1_1, "schemas": {}}
    lint: dict[str, list[dict[str, object]]] = {}
    for target, paths in by_target.items():
        schema = tmp_path / f"{target}.schema.json"
        schema.write_bytes(run_cli("schema", "--target", target).stdout)
        settings["schemas"][schema.as_uri()] = [str(p.resolve()) for p in paths]  # type: ignore[index]
        lint.update(_lint_errors(paths, target))
    documents = {p: p.read_text(errors="replace") for ps in by_target.values() for p in ps}
    published = diagnostics(server, documents, settings)
    checked = 0
    disagree = []
    for path, found in published.items():
        findings = lint.get(str(path), [])
        if any(d["code"] in ("EL001", "EL004", "EL005", "EL006") for d in findings):
            continue
        if "edgelint: disable" in documents[path] or not all(d.from_schema for d in found):
            continue
        checked += 1
        errors = [d for d in findings if d["severity"] == "error"]
        lines = documents[path].splitlines()
        disagree += [(path.name, d) for d in found if not _agrees(d, errors, lines)]
    assert disagree == []
    assert checked > 120  # the comparison really covered the files


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("strict", [False, True])
def test_editor_schema_is_valid_and_checks_apiversion(target: str, strict: bool) -> None:
    platform = TARGETS[target]
    document = editor_schema(platform, strict=strict)
    Draft202012Validator.check_schema(document)
    validator = Draft202012Validator(document)
    kind = "Application" if "Application" in platform.kinds else sorted(platform.kinds)[0]
    good = {"apiVersion": platform.api_versions[0], "kind": kind, "metadata": {"name": "app"}}
    wrong = {**good, "apiVersion": "iofog.org/v1"}
    errors = {e.validator for e in validator.iter_errors(wrong)}
    assert ("enum" in errors) is platform.checks_api_version


@pytest.mark.parametrize(
    ("document", "errors"),
    [
        ({"apiVersion": "iofog.org/v3", "kind": "Secret"}, ["enum"]),  # EL101: potctl's kind
        ({"apiVersion": "apps/v1", "kind": "Deployment", "spec": 1}, []),  # EL005: not ioFog's
        ({"apiVersion": "iofog.org/v3", "kind": "Microservice",
          "metadata": {"name": "app/msvc"}, "spec": {}}, []),
        ({"apiVersion": "iofog.org/v3", "kind": "Microservice",
          "metadata": {"name": "msvc"}, "spec": {}}, ["pattern"]),  # EL105: no application
        ({"apiVersion": "iofog.org/v3", "kind": "Microservice",
          "metadata": {"name": "ap/msvc"}, "spec": {}}, ["pattern"]),  # EL104: 2 characters
        ({"apiVersion": "iofog.org/v3", "kind": "Volume", "metadata": {"name": "ab"},
          "spec": {}}, ["pattern"]),  # EL104: iofogctl's 3 characters
        ({"kind": "Registry", "spec": {}}, ["required"]),  # EL102: no apiVersion
    ],
)  # fmt: skip
def test_editor_schema_kinds_and_names(document: dict[str, object], errors: list[str]) -> None:
    validator = Draft202012Validator(editor_schema(TARGETS["iofog-3"]))
    found = [e for e in validator.iter_errors(document) if e.validator in ("enum", "pattern")]
    found += [
        e
        for e in validator.iter_errors(document)
        if e.validator == "required" and "apiVersion" in str(e.message)
    ]
    assert [e.validator for e in found] == errors
