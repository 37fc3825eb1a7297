"""Every file edgelint reads is bounded like a checked file: `--registries`, `--cluster` and
configuration files, also when a nested `.edgelint.yaml` names them. A FIFO, /dev/zero or
/dev/urandom, a file over the size limit, nesting past 100 levels (a 50,000-deep JSON cluster
file crashed the C loader with SIGSEGV), deep TOML, an alias bomb (it ran for minutes): each is
exit code 2 with a message that names the file, quickly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile import FAILING, repo, run

DEEP_JSON = "[" * 50_000 + "]" * 50_000
DEEP_YAML = "agents:\n" + "  - " * 1 + "[" * 50_000 + "]" * 50_000 + "\n"
ALIAS_BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    + ["agents: [{name: n, extra: *a8}]", ""]
)


def _special(tmp_path: Path, kind: str) -> Path:
    if kind == "fifo":
        path = tmp_path / "snapshot.fifo"
        os.mkfifo(path)
        return path
    return Path(kind)


def _refused(result: object, names: str, problem: str) -> None:
    assert result.returncode == 2, result.stdout  # type: ignore[attr-defined]
    err = result.stderr.decode()  # type: ignore[attr-defined]
    assert err.startswith("edgelint: error: "), err
    assert names in err and problem in err, err
    assert "Traceback" not in err and "internal error" not in err
    assert len(err.splitlines()) == 1, err


@pytest.mark.parametrize("option", ["--registries", "--cluster"])
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom"])
def test_special_files_as_snapshots(tmp_path: Path, option: str, kind: str) -> None:
    path = _special(tmp_path, kind)
    checkout = repo(tmp_path / "checkout")
    result = run("lint", option, path, "app.yaml", cwd=checkout, timeout=30)
    _refused(result, f"{option} {path}", "cannot read it: not a regular file")


@pytest.mark.parametrize(
    ("option", "name", "text", "problem"),
    [
        ("--cluster", "deep.json", DEEP_JSON, "nesting deeper than 100 levels"),
        ("--cluster", "deep.yaml", DEEP_YAML, "nesting deeper than 100 levels"),
        ("--cluster", "bomb.yaml", ALIAS_BOMB, "aliases expand this document to more than"),
        ("--registries", "deep.json", DEEP_JSON, "nesting deeper than 100 levels at line 1"),
        ("--registries", "nan.json", '[{"id": NaN, "url": "x"}]', "NaN is not a JSON number"),
        ("--registries", "big.json", '[{"id": ' + "9" * 5000 + "}]", "not usable JSON"),
    ],
)
def test_hostile_snapshot_contents(
    tmp_path: Path, option: str, name: str, text: str, problem: str
) -> None:
    checkout = repo(tmp_path / "checkout")
    (checkout / name).write_text(text)
    result = run("lint", option, name, "app.yaml", cwd=checkout, timeout=30)
    _refused(result, f"{option} {name}", problem)


def test_oversized_snapshots_are_not_read(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout")
    with (checkout / "cluster.yaml").open("w") as handle:
        handle.write("agents: []\n# " + "x" * (6 << 20) + "\n")
    result = run("lint", "--cluster", "cluster.yaml", "app.yaml", cwd=checkout)
    _refused(result, "--cluster cluster.yaml", "over the 5,242,880-byte limit (--max-file-size)")
    # The limit is the one files are checked with: raised, the snapshot is read.
    bigger = run("lint", "--max-file-size", "8MB", "--cluster", "cluster.yaml", "app.yaml",
                 cwd=checkout)  # fmt: skip
    assert bigger.returncode == 1 and b"EL303" in bigger.stdout


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        (".edgelint.yaml", "select: " + "[" * 50_000 + "]" * 50_000, "nesting deeper than 100"),
        (".edgelint.yaml", ALIAS_BOMB.replace("agents:", "select:"), "aliases expand"),
        ("pyproject.toml", "[tool.edgelint]\nselect = " + "[" * 5000 + "]" * 5000, "too deeply"),
        ("pyproject.toml", "[tool.edgelint]\nx = " + "9" * 5000, "not usable TOML"),
    ],
)
def test_hostile_configuration_files(tmp_path: Path, name: str, text: str, problem: str) -> None:
    checkout = repo(tmp_path / "checkout")
    (checkout / name).write_text(text)
    result = run("lint", "app.yaml", cwd=checkout, timeout=30)
    _refused(result, name, problem)


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_configuration_file_that_is_no_regular_file(tmp_path: Path, kind: str) -> None:
    checkout = repo(tmp_path / "checkout")
    if kind == "fifo":
        os.mkfifo(checkout / ".edgelint.yaml")
    else:
        (checkout / ".edgelint.yaml").symlink_to(kind)
    result = run("lint", "app.yaml", cwd=checkout, timeout=30)
    _refused(result, ".edgelint.yaml", "not a regular file")


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom"])
def test_snapshots_named_by_a_nested_configuration(tmp_path: Path, kind: str) -> None:
    """A pull request adds `deploy/.edgelint.yaml` naming a snapshot that never ends."""
    checkout = repo(tmp_path / "checkout", {"deploy/app.yaml": FAILING})
    target = _special(checkout / "deploy", kind)
    (checkout / "deploy" / ".edgelint.yaml").write_text(f"cluster: {target}\n")
    result = run("lint", "deploy", cwd=checkout, timeout=30)
    _refused(result, "deploy/.edgelint.yaml: `cluster`", "not a regular file")
