"""A credential in a checked file never reaches an output, on any path: a second run served from
the cache, `fix` (which caches what it found), `fix --diff`, a file that does not load, the
second value of a duplicate key, `render`. And masking hides the value only: a one-letter
password does not garble every message of the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import repo, run

from test_secrets import SECRET  # `{{` draws EL411, whose unsafe fix quotes the value

FORMATS = ["text", "json", "sarif", "github", "junit", "html"]
REGISTRY = f"""\
apiVersion: iofog.org/v3
kind: Registry
metadata:
  name: private
spec:
  url: registry.example.com
  username: ci
  password: "{SECRET}"
  email: ci@example.com
  token: tok-9f8e7d6c5b4a
""".encode()
SECRETS = (SECRET, "Tr0ub4dor", "tok-9f8e7d6c5b4a")


def _output(result: object) -> str:
    return result.stdout.decode() + result.stderr.decode()  # type: ignore[attr-defined]


def _hides(output: str, secrets: tuple[str, ...] = SECRETS) -> None:
    for secret in secrets:
        assert secret not in output, secret


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_run_from_the_cache_hides_them_too(tmp_path: Path, output_format: str) -> None:
    """The cached run used to show the password in every snippet (text, SARIF, HTML)."""
    checkout = repo(tmp_path / "checkout", {"registry.yaml": REGISTRY})
    home = tmp_path / "home"
    first = run("lint", "--format", output_format, "registry.yaml", cwd=checkout, home=home)
    second = run("lint", "--format", output_format, "registry.yaml", cwd=checkout, home=home)
    assert first.returncode == second.returncode == 1
    assert "EL504" in _output(second)
    _hides(_output(first))
    _hides(_output(second))
    if output_format == "text":
        assert second.stdout == first.stdout
        assert '  8 |   password: "*******************"' not in second.stdout.decode()
        assert " 8 |   password: *********************" in second.stdout.decode()
    # Nor are they in the cache on disk.
    for table in (checkout / ".edgelint_cache").glob("v*/*.json"):
        _hides(table.read_text())


def test_fix_caches_what_it_found_masked(tmp_path: Path) -> None:
    """`fix` stored unmasked fix edits (EL411's raw-wrap holds the value), which a later
    `lint --format json` printed from the cache."""
    checkout = repo(tmp_path / "checkout", {"registry.yaml": REGISTRY})
    home = tmp_path / "home"
    fixed = run("fix", "registry.yaml", cwd=checkout, home=home)
    _hides(_output(fixed))
    later = run("lint", "--format", "json", "registry.yaml", cwd=checkout, home=home)
    assert b'"EL411"' in later.stdout
    _hides(_output(later))
    for table in (checkout / ".edgelint_cache").glob("v*/*.json"):
        _hides(table.read_text())


def test_fix_diff_shows_stars_for_a_changed_credential_line(tmp_path: Path) -> None:
    """A misspelt key (`Password`: EL201, renamed by the unsafe fix) is no credential in the
    tree, but its line is one: the diff shows `***` and says so on stderr."""
    text = REGISTRY.replace(b"  password:", b"  Password:")
    checkout = repo(tmp_path / "checkout", {"registry.yaml": text})
    result = run("fix", "--unsafe-fixes", "--diff", "registry.yaml", cwd=checkout)
    assert result.returncode == 1
    diff = result.stdout.decode()
    assert "-  Password: ***\n" in diff
    assert "+  password: ***\n" in diff
    assert "edgelint: note: registry.yaml: 2 changed lines hold a credential, shown as ***" in (
        result.stderr.decode()
    )
    _hides(_output(result))
    assert (checkout / "registry.yaml").read_bytes() == text  # --diff writes nothing


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_file_that_does_not_load_shows_no_password(tmp_path: Path, output_format: str) -> None:
    """No tree, so the masker finds the value by its key on the raw line (EL001's snippet and
    the HTML report's context line show it)."""
    broken = b"""\
apiVersion: iofog.org/v3
kind: Registry
spec:
  url: registry.example.com
  password: s3cr3t-value
  token: 'tok-abc'   # a comment
  email: [unclosed
"""
    checkout = repo(tmp_path / "checkout", {"broken.yaml": broken})
    result = run("lint", "--format", output_format, "broken.yaml", cwd=checkout)
    assert result.returncode == 1 and "EL001" in _output(result)
    _hides(_output(result), ("s3cr3t-value", "tok-abc"))
    if output_format == "html":
        assert "token: *********   # a comment" in result.stdout.decode()  # the line before


def test_the_second_value_of_a_duplicate_key_is_masked(tmp_path: Path) -> None:
    duplicate = b"""\
apiVersion: iofog.org/v3
kind: Registry
spec:
  url: registry.example.com
  username: ci
  password: first-secret
  password: second-secret
  email: ci@example.com
"""
    checkout = repo(tmp_path / "checkout", {"dup.yaml": duplicate})
    for output_format in FORMATS:
        result = run("lint", "--format", output_format, "dup.yaml", cwd=checkout)
        assert "EL002" in _output(result)
        _hides(_output(result), ("first-secret", "second-secret"))
    text = run("lint", "dup.yaml", cwd=checkout).stdout.decode()
    assert " 7 |   password: *************\n" in text


def test_render_masks_them_unless_asked(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout", {"registry.yaml": REGISTRY.replace(b"  token:", b"#")})
    masked = run("render", "registry.yaml", cwd=checkout)
    assert masked.returncode == 0, masked.stderr
    assert "  password: '***'\n" in masked.stdout.decode()
    assert "edgelint: note: 1 credential shown as `***`" in masked.stderr.decode()
    _hides(_output(masked))
    shown = run("render", "--show-secrets", "registry.yaml", cwd=checkout)
    assert shown.returncode == 0
    assert SECRET in shown.stdout.decode()
    assert "shown as" not in shown.stderr.decode()


def test_masking_covers_the_value_only(tmp_path: Path) -> None:
    """`password: e` used to turn every `e` of every message into `****`; `password: registry`
    showed itself through the words that went missing."""
    for value in ("e", "registry"):
        text = f"""\
apiVersion: iofog.org/v3
kind: Registry
spec:
  url: registry.example.com
  username: ci
  password: {value}
  email: ci@example.com
  tokn: 1
""".encode()
        checkout = repo(tmp_path / value, {"r.yaml": text})
        output = run("lint", "r.yaml", cwd=checkout).stdout.decode()
        assert "registry password written in the file" in output
        assert "unknown key `tokn` in `spec`: the CLI decodes this strictly" in output
        assert "****" not in output.replace(" 6 |   password: " + "*" * len(value), "")
        assert f" 6 |   password: {'*' * len(value)}\n" in output
