"""`edgelint fix`: byte-exact splices, verified before writing, written atomically."""

from __future__ import annotations

import difflib
import stat
from pathlib import Path

import pytest

from conftest import CONTROLLER_REGISTRIES, FIXTURES, run_cli, settings
from edgelint.diagnostics import Diagnostic, Edit, Fix, Severity
from edgelint.fix.atomic import WriteError, replace_file
from edgelint.fix.splice import FixVerificationError, fix_source, verify
from edgelint.load.source import Position, SourceFile

THREE = FIXTURES / "fix" / "three-values.yaml"


def test_three_values_change_and_not_one_other_byte(tmp_path: Path) -> None:
    """The issue's acceptance file: `registry: remote  # comment`, a flow map with `local`, and
    `registry: "3"` with 3 in the snapshot — through the installed command."""
    target = tmp_path / "app.yaml"
    original = THREE.read_bytes()
    target.write_bytes(original)
    result = run_cli("fix", target, "--registries", CONTROLLER_REGISTRIES)
    assert result.returncode == 0, result.stderr
    fixed = target.read_bytes()
    assert fixed == (FIXTURES / "fix" / "three-values.fixed.yaml").read_bytes()
    changes = [
        (original[i1:i2], fixed[j1:j2])
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, original, fixed, autojunk=False
        ).get_opcodes()
        if tag != "equal"
    ]
    # Exactly three places changed, each inside one of the three values.
    assert changes == [(b"remote", b"1"), (b"local", b"2"), (b'"', b""), (b'"', b"")]
    assert b"Fixed 3 issues in 1 file." in result.stdout
    second = run_cli("fix", target, "--registries", CONTROLLER_REGISTRIES)
    assert second.returncode == 0
    assert target.read_bytes() == fixed
    assert b"Nothing to fix." in second.stdout


def test_check_and_diff_write_nothing_and_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "app.yaml"
    target.write_bytes(THREE.read_bytes())
    check = run_cli("fix", "--check", target, "--registries", CONTROLLER_REGISTRIES)
    assert check.returncode == 1
    assert b"Would fix 3 issues in 1 file." in check.stdout
    diff = run_cli("fix", "--diff", target, "--registries", CONTROLLER_REGISTRIES)
    assert diff.returncode == 1
    assert b"-        registry: remote  # comment\n+        registry: 1  # comment\n" in diff.stdout
    assert b'-      registry: "3"\n+      registry: 3\n' in diff.stdout
    assert target.read_bytes() == THREE.read_bytes()
    clean = tmp_path / "clean.yaml"
    clean.write_bytes((FIXTURES / "fix" / "three-values.fixed.yaml").read_bytes())
    assert run_cli("fix", "--check", clean, "--registries", CONTROLLER_REGISTRIES).returncode == 0


def test_crlf_and_bom_survive(tmp_path: Path) -> None:
    case = FIXTURES / "rules" / "EL301" / "crlf-bom.yaml"
    target = tmp_path / "crlf.yaml"
    target.write_bytes(case.read_bytes())
    assert run_cli("fix", target).returncode == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == case.read_bytes().count(b"\r\n")
    assert b"registry: 1\r\n" in data


def test_file_mode_and_symlink_are_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(THREE.read_bytes())
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert run_cli("fix", link, "--registries", CONTROLLER_REGISTRIES).returncode == 0
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert b"registry: 1  # comment" in real.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".edgelint")] == []


def test_read_only_file_is_refused_and_untouched(tmp_path: Path) -> None:
    target = tmp_path / "locked.yaml"
    target.write_bytes(THREE.read_bytes())
    target.chmod(0o444)
    result = run_cli("fix", target, "--registries", CONTROLLER_REGISTRIES)
    assert result.returncode == 2
    assert b"read-only" in result.stderr
    assert target.read_bytes() == THREE.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["locked.yaml"]
    with pytest.raises(WriteError):
        replace_file(str(target), b"a: 2\n")
    assert target.read_bytes() == THREE.read_bytes()


def test_fix_from_stdin_prints_the_fixed_text() -> None:
    original = THREE.read_bytes()
    result = run_cli(
        "fix", "-", "--registries", CONTROLLER_REGISTRIES, input=original, env={"NO_COLOR": "1"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (FIXTURES / "fix" / "three-values.fixed.yaml").read_bytes()
    assert b"Fixed 3 issues" in result.stderr


def test_nothing_is_fixed_in_a_file_that_does_not_parse(tmp_path: Path) -> None:
    case = FIXTURES / "rules" / "EL001" / "second-document.yaml"
    target = tmp_path / "broken.yaml"
    target.write_bytes(case.read_bytes())
    result = run_cli("fix", target)
    assert result.returncode == 1
    assert target.read_bytes() == case.read_bytes()


def test_verify_rejects_an_edit_outside_the_fixed_value() -> None:
    """The re-parse guard: a fix that would change another value is refused before writing."""
    before = SourceFile.from_bytes("a.yaml", b"images:\n  x86: nginx\n  registry: remote\n")
    stray = Edit(before.text.index("nginx"), before.text.index("nginx") + 5, "httpd")
    diagnostic = Diagnostic(
        "EL301",
        Severity.WARNING,
        "alias",
        "a.yaml",
        Position(3, 13),
        Position(3, 19),
        fix=Fix("replace", (stray,)),
        document=0,
        data_path=("images", "registry"),
    )
    after = before.with_text(before.text.replace("nginx", "httpd"))
    with pytest.raises(FixVerificationError, match="images/x86"):
        verify(before, after, [diagnostic])


def test_fix_is_verified_to_load(tmp_path: Path) -> None:
    before = SourceFile.from_bytes("a.yaml", b"a: [1, 2]\n")
    after = before.with_text("a: [1, 2\n")
    with pytest.raises(FixVerificationError):
        verify(before, after, [])


def test_unsafe_fixes_only_when_asked() -> None:
    case = FIXTURES / "rules" / "EL304" / "unresolvable.yaml"
    source = SourceFile.from_bytes(case.name, case.read_bytes())
    assert not fix_source(source, settings()).changed
    unsafe = fix_source(source, settings(), unsafe=True)
    assert unsafe.changed
    assert {d.code for d in unsafe.applied} == {"EL304"}


def test_ruff_like_summary_counts_hidden_unsafe_fixes(tmp_path: Path) -> None:
    case = FIXTURES / "rules" / "EL305" / "urls.yaml"
    result = run_cli("lint", case, "--registries", CONTROLLER_REGISTRIES)
    assert result.returncode == 1
    assert (
        b"[*] 3 fixable with `edgelint fix` (1 more with `edgelint fix --unsafe-fixes`)."
        in result.stdout
    )
    copy = tmp_path / case.name
    copy.write_bytes(case.read_bytes())
    fixed = run_cli("fix", copy, "--registries", CONTROLLER_REGISTRIES)
    assert fixed.stdout.decode().splitlines()[-2:] == [
        "Fixed 3 issues in 1 file.",
        # The other errors: two unresolvable URLs and five microservices without an agent.
        "3 fixed, 7 remaining (7 errors, 0 warnings), 1 more with --unsafe-fixes.",
    ]
    unsafe = run_cli("fix", "--unsafe-fixes", copy, "--registries", CONTROLLER_REGISTRIES)
    assert unsafe.stdout.decode().splitlines()[-1] == "1 fixed, 6 remaining (6 errors, 0 warnings)."
