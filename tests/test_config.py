"""Configuration from pyproject.toml or .edgelint.yaml, found upward from each file, under the
command line's options; and what a configuration that cannot be used does (exit 2, named key)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, run_cli

APP = """\
apiVersion: iofog.org/v3
kind: Application
metadata:
  name: configured
spec:
  microservices:
    - name: web
      agent:
        name: edge-1
      images:
        x86: ghcr.io/team/web:1.0
        registry: remote
      container:
        roothostaccess: true
    - name: cache
      agent:
        name: edge-1
      images:
        x86: redis:7
        registry: 3
"""


def _codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    report = json.loads(result.stdout)
    return [
        f"{d['path'].split('/')[-1]}:{d['code']}:{d['severity']}" for d in report["diagnostics"]
    ]


def _project(tmp_path: Path, config: str, name: str = "pyproject.toml") -> Path:
    (tmp_path / name).write_text(config)
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "app.yaml").write_text(APP)
    return deploy


def test_without_configuration(tmp_path: Path) -> None:
    deploy = _project(tmp_path, "[project]\nname = 'unrelated'\n")
    result = run_cli("lint", "--format", "json", deploy / "app.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert _codes(result) == [
        "app.yaml:EL306:info",  # a public image on registry 1, no registry for its host
        "app.yaml:EL301:warning",
        "app.yaml:EL202:warning",
        "app.yaml:EL303:error",
    ]


def test_a_repository_configured_only_through_pyproject(tmp_path: Path) -> None:
    registries = FIXTURES / "registries" / "controller-3.0.4.json"
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "registries.json").write_bytes(registries.read_bytes())
    deploy = _project(
        tmp_path,
        """\
[project]
name = "fleet"

[tool.edgelint]
ignore = ["EL306"]
severity = { EL202 = "error", EL3 = "info" }
registries = "snapshots/registries.json"
target = "iofog-3"
per-file-ignores = { "deploy/legacy-*.yaml" = ["EL2"] }
exclude = ["deploy/generated"]
""",
    )
    (deploy / "legacy-app.yaml").write_text(APP)
    (deploy / "generated").mkdir()
    (deploy / "generated" / "broken.yaml").write_text("kind: [unclosed\n")
    # Run from elsewhere: the configuration is found from the files, not from the cwd.
    result = run_cli("lint", "--format", "json", deploy, cwd=tmp_path.parent)
    assert _codes(result) == [
        "app.yaml:EL301:info",
        "app.yaml:EL202:error",
        "legacy-app.yaml:EL301:info",
    ]
    assert result.returncode == 1  # EL202 made an error; registry 3 is in the snapshot
    # Excluded also when named one by one, as pre-commit names staged files.
    named = run_cli("lint", deploy / "generated" / "broken.yaml")
    assert named.returncode == 0
    assert b"0 files checked" in named.stdout
    # The command line wins over the configuration: its --select starts over (as ruff's does,
    # so EL306 is back), the configured severities still apply.
    cli = run_cli(
        "lint", "--format", "json", "--select", "EL3", "--registries",
        FIXTURES / "registries" / "without-cache.json", deploy / "app.yaml",
    )  # fmt: skip
    assert _codes(cli) == ["app.yaml:EL306:info", "app.yaml:EL301:info", "app.yaml:EL303:info"]
    assert cli.returncode == 0


def test_nearest_configuration_wins_and_edgelint_yaml_works(tmp_path: Path) -> None:
    deploy = _project(tmp_path, "[tool.edgelint]\nselect = ['EL303']\n")
    (deploy / ".edgelint.yaml").write_text("select: [EL301]\n")
    result = run_cli("lint", "--format", "json", deploy / "app.yaml")
    assert _codes(result) == ["app.yaml:EL301:warning"]
    explicit = run_cli(
        "lint", "--format", "json", "--config", tmp_path / "pyproject.toml", deploy / "app.yaml"
    )
    assert _codes(explicit) == ["app.yaml:EL303:error"]


def test_fix_obeys_the_selection(tmp_path: Path) -> None:
    deploy = _project(tmp_path, "[tool.edgelint]\nignore = ['EL301']\n")
    result = run_cli("fix", deploy / "app.yaml")
    assert (deploy / "app.yaml").read_text() == APP  # the ignored alias stays
    assert result.returncode == 1  # EL303 remains


def test_configuration_problems_are_usage_errors_that_name_the_key(tmp_path: Path) -> None:
    cases = {
        "[tool.edgelint]\nselct = ['EL3']\n": "unknown key `selct`; did you mean `select`?",
        "[tool.edgelint]\nignore = ['EL9']\n": "`ignore`: 'EL9' is not a rule code or prefix",
        "[tool.edgelint]\nseverity = { EL301 = 'fatal' }\n": (
            "`severity.EL301` must be error, warning or info, not 'fatal'"
        ),
        "[tool.edgelint]\ntarget = 'iofog-4'\n": "`target` must be one of iofog-3",
        "[tool.edgelint]\nregistries = 'missing.json'\n": "`registries`",
        "[tool.edgelint\n": "not valid TOML",
    }
    for index, (config, expected) in enumerate(cases.items()):
        root = tmp_path / str(index)
        root.mkdir()
        deploy = _project(root, config)
        result = run_cli("lint", deploy)
        assert result.returncode == 2, config
        assert expected in result.stderr.decode(), (config, result.stderr)
        assert "pyproject.toml" in result.stderr.decode()
        assert result.stdout == b""
    bad_cli = run_cli("lint", "--ignore", "EL9", tmp_path)
    assert bad_cli.returncode == 2
    assert b"`--ignore`: 'EL9' is not a rule code or prefix" in bad_cli.stderr
