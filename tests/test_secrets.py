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


NUMERIC_SECRETS = b"""\
apiVersion: iofog.org/v3
kind: Registry
spec:
  url: registry.example.com
  username: ci
  password: 0777123
  email: ci@example.com
---
apiVersion: datasance.com/v3
kind: Secret
metadata:
  name: creds
spec:
  type: basic-auth
  data:
    user: 4242
"""


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "junit", "html"])
def test_a_credential_read_apart_is_not_told_in_the_message(
    tmp_path: Path, output_format: str
) -> None:
    """EL003 on a credential (`password: 0777123`, a Secret's `user: 4242`) says how the CLI
    reads it without the value or what it becomes (0777123 as an octal number is 261203)."""
    path = tmp_path / "numeric.yaml"
    path.write_bytes(NUMERIC_SECRETS)
    for target in ("iofog-3", "datasance"):
        result = run_cli("lint", "--no-cache", "--target", target, "--format", output_format, path)
        output = result.stdout + result.stderr
        for value in (b"0777123", b"777123", b"261203", b"4242"):
            assert value not in output, (target, output.decode())
    text = run_cli("lint", "--no-cache", "--target", "datasance", path).stdout
    assert b"this credential as a string, while YAML 1.2 editors" in text


@pytest.mark.parametrize(
    "line",
    [
        "PassWord: hunter2-abc",  # ASCII: found by the lowered text
        "api_KEY: hunter2-abc",
        "paſſword: hunter2-abc",  # a long s: the regex's case folding, not str.lower()
        "prıvate_key: hunter2-abc",  # a dotless i
        "toKen: hunter2-abc",  # the Kelvin sign
    ],
)
def test_credentials_on_raw_lines_are_found_in_any_case(line: str) -> None:
    from edgelint.run.secrets import raw_spans

    text = f"# notes\n{line}\nname: x\n"
    start = text.index("hunter2")
    assert raw_spans(text) == [(start, start + len("hunter2-abc"))]


def test_raw_lines_without_a_credential_key_have_no_spans() -> None:
    from edgelint.run.secrets import raw_spans

    assert raw_spans("name: pass\nimage: tok\nkey: API\n") == []
