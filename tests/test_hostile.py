"""Hostile input is bounded, each case with its diagnostic and exit code, never a traceback or a
hang: alias bombs, deep nesting, huge files, huge and looping templates, binary and non-UTF-8
files, files that vanish mid-run, FIFOs, symlink loops, and an unexpected internal error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, run_cli, settings
from edgelint.run.inputs import Input, discover, parse_size
from edgelint.run.runner import lint_inputs

APP = (REPO / "examples" / "heart-rate.yaml").read_bytes()


def _lint(*args: object) -> tuple[int, str]:
    result = run_cli("lint", *args, env={"NO_COLOR": "1"})
    text = result.stdout.decode() + result.stderr.decode()
    assert "Traceback" not in text and "internal error" not in text
    return result.returncode, text


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("EL004/alias-bomb.yaml", "error EL004 aliases expand this document"),
        ("EL004/deep-nesting.yaml", "error EL004 nesting deeper than 100 levels"),
        ("EL409/limits.yaml", "EL409"),
        ("EL006/binary.yaml", "error EL006 binary file"),
        ("EL006/utf-16.yaml", "error EL006 the file is UTF-16"),
        ("EL006/latin-1.yaml", "error EL006 not UTF-8 text"),
    ],
)
def test_bounded_inputs_get_their_diagnostic(fixture: str, expected: str) -> None:
    code, text = _lint(FIXTURES / "rules" / fixture)
    assert code == 1
    assert expected in text


def test_huge_files_are_refused_before_being_read(tmp_path: Path) -> None:
    big = tmp_path / "generated.yaml"
    with big.open("wb") as handle:  # 6 MiB, over the 5 MiB default
        handle.write(APP)
        handle.write(b"\n# " + b"#" * 6 * 1024 * 1024 + b"\n")
    code, text = _lint(big)
    assert code == 1
    assert "1:1: error EL004 the file is 6.0 MiB, over the 5.0 MiB limit" in text
    code, text = _lint("--max-file-size", "1KB", REPO / "examples" / "heart-rate.yaml")
    assert code == 1 and "over the 1.0 KiB limit" in text
    (tmp_path / "pyproject.toml").write_text('[tool.edgelint]\nmax-file-size = "7MB"\n')
    code, text = _lint(big)
    assert code == 0 and "EL004" not in text
    stdin = run_cli("lint", "--max-file-size", "100", "-", input=APP)
    assert stdin.returncode == 1 and b"over the 100 bytes limit" in stdin.stdout
    assert run_cli("lint", "--max-file-size", "lots", big).returncode == 2


def test_sizes_parse_as_people_write_them() -> None:
    assert parse_size("5MB") == parse_size("5 MiB") == 5 * 1024 * 1024
    assert parse_size("512k") == 512 * 1024
    assert parse_size(1000) == 1000
    for bad in ("0", "-1", "five", "5 TB"):
        with pytest.raises(ValueError):
            parse_size(bad)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_that_vanishes_mid_run_is_an_io_error_and_the_run_goes_on(
    tmp_path: Path, jobs: int
) -> None:
    for index in range(30):
        (tmp_path / f"app-{index:02d}.yaml").write_bytes(APP)
    inputs = discover([str(tmp_path)])
    (tmp_path / "app-07.yaml").unlink()  # after the walk, before the read
    run = lint_inputs(inputs, lambda _: settings(), jobs=jobs)
    assert len(run.files) == 29
    gone = tmp_path / "app-07.yaml"
    assert run.io_errors == [f"{gone}: cannot read: No such file or directory"]


def test_a_fifo_named_like_yaml_does_not_hang_the_run(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_bytes(APP)
    os.mkfifo(tmp_path / "pipe.yaml")
    code, text = _lint(tmp_path)
    assert code == 2
    assert "pipe.yaml: cannot read: not a regular file (a FIFO, device or socket)" in text
    assert "app.yaml" in text  # the rest was checked


def test_a_read_that_comes_back_short_is_read_on_to_the_end() -> None:
    """One read(2) may return less than asked (a pipe, a slow file system): the file is read on
    until it has what it asked for, or its end."""
    import threading

    from edgelint.run.inputs import _read_up_to

    reader, writer = os.pipe()
    os.write(writer, b"abc")
    later = threading.Timer(0.05, lambda: (os.write(writer, b"def"), os.close(writer)))
    later.start()
    try:
        assert _read_up_to(reader, 10) == b"abcdef"  # two reads, then the end
    finally:
        later.join()
        os.close(reader)
    reader, writer = os.pipe()
    os.write(writer, b"abcdef")
    assert _read_up_to(reader, 4) == b"abcd"  # never more than asked
    os.close(writer)
    assert _read_up_to(reader, 4) == b"ef"
    os.close(reader)


def test_symlink_loops_in_a_walk_end(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "nested").mkdir(parents=True)
    (tree / "nested" / "app.yaml").write_bytes(APP)
    (tree / "nested" / "loop").symlink_to(tree, target_is_directory=True)
    (tree / "self").symlink_to(tree / "self")  # a link to itself
    inputs = discover([str(tree)])
    assert [i.display for i in inputs] == [str(tree / "nested" / "app.yaml")]
    code, text = _lint(tree)
    assert code == 0 and "1 file checked" in text


def test_read_only_file_under_fix_is_a_clear_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "app.yaml"
    path.write_bytes(APP)
    path.chmod(0o444)
    result = run_cli("fix", path)
    assert result.returncode == 2
    assert b"the file is read-only; nothing was changed" in result.stderr
    assert path.read_bytes() == APP


@pytest.mark.parametrize("argv", [["lint", "{path}"], ["lint", "--jobs", "1", "{path}"]])
def test_an_internal_error_is_one_line_a_log_and_exit_2(tmp_path: Path, argv: list[str]) -> None:
    """Provoked by replacing the checker with one that raises, in the real entry point."""
    path = tmp_path / "app.yaml"
    path.write_bytes(APP)
    args = [a.format(path=path) for a in argv]
    code = (
        "import sys, edgelint.run.lint\n"
        "def broken(*a, **k):\n    raise RuntimeError('provoked for the test')\n"
        "edgelint.run.lint.lint_bytes = broken\n"
        f"sys.argv = ['edgelint', *{args!r}]\n"
        "from edgelint.cli.entry import main\nmain()\n"
    )
    env = {**os.environ, "EDGELINT_NO_CACHE": "1", "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        f"edgelint: internal error while processing {path}: RuntimeError: provoked for the test."
    )
    assert "This is a bug in edgelint: please report it with the traceback" in lines[0]
    assert "https://" not in lines[0]  # no tracker the project does not have
    log = Path(lines[0].rsplit("the traceback, which is in ", 1)[1])
    assert log.parent == tmp_path / f"edgelint-{os.geteuid()}"  # a folder of the user's own
    assert log.stat().st_mode & 0o777 == 0o600
    assert "RuntimeError: provoked for the test" in log.read_text()
    assert "Traceback" in log.read_text()


def test_inputs_are_what_discover_says(tmp_path: Path) -> None:
    """The in-process runs above see the same inputs the CLI does."""
    (tmp_path / "a.yaml").write_bytes(APP)
    found = Input(str(tmp_path / "a.yaml"), str(tmp_path / "a.yaml"), str(tmp_path.resolve()))
    assert discover([str(tmp_path)]) == [found]


def test_a_file_named_twice_or_also_walked_is_checked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two names for one file (the same name twice, `./` before it, a link to it, its folder
    as well) are one input, the first; a folder alone keeps no set of what it found."""
    from edgelint.run.inputs import discover_all

    tree = tmp_path / "deploy"
    tree.mkdir()
    (tree / "a.yaml").write_bytes(APP)
    (tree / "b.yaml").write_bytes(APP)
    (tmp_path / "link.yaml").symlink_to(tree / "a.yaml")
    a, b = str(tree / "a.yaml"), str(tree / "b.yaml")
    real = str(tree.resolve())
    named = discover_all([a, a, str(tree) + "/./a.yaml", str(tmp_path / "link.yaml"), b])
    assert [i.display for i in named.inputs] == [a, b]
    walked_too = discover_all([a, str(tree)])
    assert walked_too.inputs == [Input(a, a), Input(b, b, real)]
    alone = discover_all([str(tree)])
    assert alone.inputs == [Input(a, a, real), Input(b, b, real)]
    assert discover_all([str(tree), str(tree)]).empty == []  # found, if only once
    # Through a linked folder, and by a bare name in the working folder, it is the same file.
    (tmp_path / "alias").symlink_to(tree, target_is_directory=True)
    through = discover_all([str(tmp_path / "alias" / "b.yaml"), b, a])
    assert [i.display for i in through.inputs] == [str(tmp_path / "alias" / "b.yaml"), a]
    monkeypatch.chdir(tree)
    assert [i.display for i in discover_all(["a.yaml", a, "./b.yaml", b]).inputs] == [
        "a.yaml",
        "b.yaml",
    ]


@pytest.mark.parametrize("given", [".", "./", "deploy/", "./deploy", "deploy//nested/..", "ABS"])
def test_a_walk_names_files_as_pathlib_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    """A folder's files are named as `str(Path(folder, ...))` would name them (`./a` is `a`),
    though the walk makes no Path per file."""
    deploy = tmp_path / "deploy"
    (deploy / "nested" / "deeper").mkdir(parents=True)
    for folder in (deploy, deploy / "nested", deploy / "nested" / "deeper"):
        (folder / "a.yaml").write_bytes(APP)
    monkeypatch.chdir(tmp_path)
    root = str(deploy) if given == "ABS" else given
    expected = sorted(
        str(Path(directory, name))
        for directory, _, names in os.walk(root)
        for name in names
        if name.endswith(".yaml")
    )
    assert sorted(i.display for i in discover([root])) == expected
    assert len(expected) == 3
