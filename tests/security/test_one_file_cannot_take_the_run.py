"""One file cannot take the run hostage: its templates share one budget (300 values, each
under the per-template limits, took 175 s), numbers past Python's 4,300-digit conversion limit
are diagnostics, and an internal error in one file is reported for that file — with a crash
log that names it, also from worker processes — while every other file is still checked and
fixed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import ALIAS, FAILING, repo, run

FIXED = ALIAS.replace(b"registry: remote", b"registry: 1")
LOOP = "{% for i in (1..9999) %}{{ i }}{% endfor %}"


def _heavy(values: int) -> bytes:
    lines = [
        "apiVersion: iofog.org/v3",
        "kind: Application",
        "metadata:",
        "  name: slow",
        "spec:",
        "  microservices:",
        "    - name: m",
        "      agent: {name: edge-1}",
        "      images: {x86: nginx, registry: 1}",
        "      container:",
        "        env:",
    ]
    lines += [f'          - {{key: K{i}, value: "{LOOP}"}}' for i in range(values)]
    return ("\n".join(lines) + "\n").encode()


def test_the_templates_of_a_file_share_one_budget(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout", {"slow.yaml": _heavy(300), "app.yaml": FAILING})
    result = run("lint", "slow.yaml", "app.yaml", cwd=checkout, timeout=120)
    text = result.stdout.decode()
    assert result.returncode == 1
    budget = [line for line in text.splitlines() if " EL409 " in line]
    assert budget == [
        "slow.yaml:22:31: error EL409 template not rendered: the file's templates together exceed "
        "edgelint's budget of 100,000 loop iterations; neither is any template after it in this "
        "file (split the file, or simplify its loops)"
    ]
    assert "app.yaml:12:19: error EL303" in text  # the other file is checked as usual


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0x" + "f" * 4000, "`0xffffffffffffffffffffffffffffffffffffff… (4,002 characters)`"),
        ("0b" + "1" * 20000, "`0b11111111111111111111111111111111111111… (20,002 characters)`"),
        ("0o" + "7" * 6000, "`0o77777777777777777777777777777777777777… (6,002 characters)`"),
        ("9" * 5000, "`9999999999999999999999999999999999999999… (5,000 characters)`"),
    ],
)
def test_numbers_past_the_conversion_limit_are_diagnostics(
    tmp_path: Path, value: str, shown: str
) -> None:
    """`registry: 0x` + 4,000 hex digits was an internal error that aborted the run."""
    text = FAILING.replace(b"registry: 7", f"registry: {value}".encode())
    checkout = repo(tmp_path / "checkout", {"big.yaml": text, "app.yaml": FAILING})
    result = run("lint", "big.yaml", "app.yaml", cwd=checkout)
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    out = result.stdout.decode()
    assert (
        f"big.yaml:12:19: error EL304 registry {shown} cannot be resolved: the Controller " in out
    )
    assert "reads Infinity, not an integer ID" in out
    assert "app.yaml:12:19: error EL303" in out


def test_sexagesimal_past_the_limit_is_a_diagnostic(tmp_path: Path) -> None:
    """YAML 1.1 (`%YAML 1.1`) reads `1:2:3` in base 60: 3,000 places is no number we keep."""
    text = b"%YAML 1.1\n---\n" + FAILING.replace(
        b"registry: 7", b"registry: " + b"1:" * 3000 + b"1"
    )
    checkout = repo(tmp_path / "checkout", {"sexagesimal.yaml": text})
    result = run("lint", "sexagesimal.yaml", cwd=checkout)
    assert result.returncode == 1 and result.stderr == b""
    assert b"sexagesimal.yaml:14:19: error EL305" in result.stdout


PROVOKE = """\
import sys, edgelint.run.lint
real = edgelint.run.lint.lint_bytes
def lint_bytes(path, raw, settings):
    if path.endswith("crash.yaml"):
        raise RuntimeError("provoked for the test")
    return real(path, raw, settings)
edgelint.run.lint.lint_bytes = lint_bytes
sys.argv = ["edgelint", *{argv!r}]
from edgelint.cli.entry import main
main()
"""


def _provoked(argv: list[str], cwd: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point, with a bug put into the checker for one file name."""
    env = {**os.environ, "EDGELINT_NO_CACHE": "1", "TMPDIR": str(tmp), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", PROVOKE.format(argv=argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_internal_error_in_one_file_spares_the_others(tmp_path: Path, jobs: str) -> None:
    """With --jobs 2 and enough files, workers check them: the crash is still reported for the
    file that crashed (the module global that named it used to name the wrong file, or none)."""
    files = {f"ok-{i:02d}.yaml": FAILING for i in range(30)}
    files["crash.yaml"] = FAILING
    checkout = repo(tmp_path / "checkout", files)
    logs = tmp_path / "tmp"
    logs.mkdir()
    result = _provoked(["lint", "--jobs", jobs, "."], checkout, logs)
    assert result.returncode == 2
    assert result.stdout.count("error EL303") == 30  # every other file was checked
    (line,) = [line for line in result.stderr.splitlines() if "internal error" in line]
    assert line.startswith(
        "edgelint: internal error while processing crash.yaml: RuntimeError: provoked for the "
        "test. This is a bug in edgelint"
    )
    log = Path(line.rsplit("the traceback, which is in ", 1)[1])
    assert log.parent == logs / f"edgelint-{os.geteuid()}"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "while processing: 'crash.yaml'" in log.read_text()


def test_fix_goes_on_after_an_internal_error(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout", {"a.yaml": ALIAS, "crash.yaml": ALIAS, "z.yaml": ALIAS})
    logs = tmp_path / "tmp"
    logs.mkdir()
    code = PROVOKE.replace("edgelint.run.lint.lint_bytes = lint_bytes", "")
    code = code.replace(
        "import sys, edgelint.run.lint", "import sys, edgelint.fix.splice, edgelint.run.lint"
    )
    code = code.replace(
        "real = edgelint.run.lint.lint_bytes\ndef lint_bytes(path, raw, settings):",
        "real = edgelint.fix.splice.fix_source\ndef fix_source(source, settings, **kw):",
    )
    code = code.replace('path.endswith("crash.yaml")', 'source.path.endswith("crash.yaml")')
    code = code.replace("return real(path, raw, settings)", "return real(source, settings, **kw)")
    code = code.replace("sys.argv", "edgelint.fix.splice.fix_source = fix_source\nsys.argv", 1)
    result = subprocess.run(
        [sys.executable, "-c", code.format(argv=["fix", "."])],
        cwd=checkout,
        capture_output=True,
        text=True,
        env={**os.environ, "EDGELINT_NO_CACHE": "1", "TMPDIR": str(logs)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "edgelint: internal error while processing crash.yaml" in result.stderr
    assert (checkout / "a.yaml").read_bytes() == FIXED
    assert (checkout / "z.yaml").read_bytes() == FIXED
    assert (checkout / "crash.yaml").read_bytes() == ALIAS


def test_the_crash_log_never_follows_a_planted_link(tmp_path: Path) -> None:
    """Someone else on the machine plants `edgelint-<uid>` in the temporary directory: as a
    link to a folder of theirs, as a file, or as a folder others may write. No log is written
    through it; the line says the traceback could not be saved."""
    checkout = repo(tmp_path / "checkout", {"crash.yaml": FAILING})
    attacker = tmp_path / "attacker"
    attacker.mkdir()
    for plant in ("link", "file", "open folder"):
        logs = tmp_path / f"tmp-{plant.replace(' ', '-')}"
        logs.mkdir()
        mine = logs / f"edgelint-{os.geteuid()}"
        if plant == "link":
            mine.symlink_to(attacker)
        elif plant == "file":
            mine.write_text("")
        else:
            mine.mkdir()
            mine.chmod(0o777)
        result = _provoked(["lint", "crash.yaml"], checkout, logs)
        assert result.returncode == 2
        assert "the traceback could not be saved" in result.stderr, (plant, result.stderr)
        assert list(attacker.iterdir()) == []
        if plant == "open folder":
            assert list(mine.iterdir()) == []
