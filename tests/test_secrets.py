"""A registry credential is EL504, and no output format ever shows its value: snippets,
messages and fixes are masked, and the result cache on disk does not hold it either."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

SECRET = "Tr0ub4dor-Xq9-{{x}}"  # a literal `{{` also draws EL411, whose fix quotes the value
REGISTRY = f"""\
apiVersion: iofog.org/v3
kind: Registry
spec:
  url: registry.example.com
  username: ci
  password: "{SECRET}"
  email: ci@example.com
  token: tok-9f8e7d6c5b4a
---
apiVersion: iofog.org/v3
kind: Registry
spec:
  url: registry.example.com
  username: ci
  password: {SECRET.replace("-{{x}}", "")}
  email: ci@example.com
"""
SECRETS = (SECRET, SECRET.replace("-{{x}}", ""), "tok-9f8e7d6c5b4a", "Tr0ub4dor")


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "registry.yaml"
    path.write_text(REGISTRY)
    return path


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit", "html"])
def test_no_format_shows_a_credential(registry: Path, output_format: str) -> None:
    result = run_cli("lint", "--format", output_format, registry, env={"NO_COLOR": "1"})
    assert result.returncode == 1  # the token is an unknown key of the strict Registry spec
    output = result.stdout.decode() + result.stderr.decode()
    assert "EL504" in output
    for secret in SECRETS:
        assert secret not in output, (output_format, secret)


def test_snippets_are_masked_in_place(registry: Path) -> None:
    text = run_cli("lint", registry, env={"NO_COLOR": "1"}).stdout.decode()
    assert " 6 |   password: *********************\n" in text  # quotes too; columns kept
    assert "registry password written in the file (19 characters, not shown)" in text
    assert "credential `token`" in text


def test_fix_diff_and_cache_keep_the_file_and_hide_nothing_else(registry: Path) -> None:
    """Masking is for reports: `fix` still sees and keeps the real value."""
    fixed = run_cli("fix", "--unsafe-fixes", registry)
    assert SECRET.split("-{{")[0] in registry.read_text()
    for secret in SECRETS:
        assert secret.encode() not in fixed.stdout
    cached = run_cli("lint", registry, cwd=registry.parent, env={"EDGELINT_NO_CACHE": ""})
    assert cached.returncode == 1
    for entry in (registry.parent / ".edgelint_cache").glob("v*/*.json"):
        for secret in SECRETS:
            assert secret not in entry.read_text()
