"""Paths are files, never escapes: directory walks leave symlinks out, `fix` does not write
through a link to a file outside the tree, keeps what a file is besides its text (inode and
hard links, owner, group, mode), does not overwrite a file that changed since it was read,
reports a folder it cannot write and goes on, leaves no temporary file when interrupted, and
refuses a fix that would take a file over the size limit."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from hostile import ALIAS, FAILING, repo, run

from conftest import edgelint_command
from edgelint.fix.atomic import Seen, WriteError, replace_file
from edgelint.run.inputs import read_file

FIXED = ALIAS.replace(b"registry: remote", b"registry: 1")


def test_walks_leave_symlinks_out_and_named_links_are_checked(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_bytes(FAILING)
    checkout = repo(tmp_path / "checkout", {"deploy/app.yaml": ALIAS})
    (checkout / "deploy" / "linked.yaml").symlink_to(outside / "secret.yaml")
    (checkout / "deploy" / "linked-dir").symlink_to(outside)
    walked = run("lint", "deploy", cwd=checkout)
    assert walked.returncode == 0, walked.stdout  # only app.yaml (a warning): no EL303
    assert b"1 file checked" in walked.stdout
    assert b"secret" not in walked.stdout and b"linked" not in walked.stdout
    named = run("lint", "deploy/linked.yaml", cwd=checkout)
    assert named.returncode == 1 and b"deploy/linked.yaml:12:19: error EL303" in named.stdout


def test_fix_never_writes_through_a_link_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(ALIAS)
    checkout = repo(tmp_path / "checkout", {"inside.yaml": ALIAS, "deploy/app.yaml": ALIAS})
    (checkout / "deploy" / "out.yaml").symlink_to(outside)
    (checkout / "deploy" / "in.yaml").symlink_to(checkout / "inside.yaml")
    result = run("fix", "deploy/out.yaml", "deploy/in.yaml", "deploy/app.yaml", cwd=checkout)
    assert result.returncode == 2
    expected = (
        f"edgelint: error: cannot write deploy/out.yaml: it is a symlink to {outside}, outside "
        "the tree being checked; nothing was changed"
    )
    assert expected.encode() in result.stderr
    assert outside.read_bytes() == ALIAS
    assert (checkout / "inside.yaml").read_bytes() == FIXED  # a link inside the tree: fixed
    assert (checkout / "deploy" / "app.yaml").read_bytes() == FIXED  # the run went on
    assert (checkout / "deploy" / "out.yaml").is_symlink()
    assert (checkout / "deploy" / "in.yaml").is_symlink()


def test_fix_keeps_hard_links_inode_owner_group_and_mode(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout", {"linked.yaml": ALIAS, "owned.yaml": ALIAS})
    os.link(checkout / "linked.yaml", checkout / "other-name.yaml")
    inode = os.stat(checkout / "linked.yaml").st_ino
    (checkout / "owned.yaml").chmod(0o640)
    owner = (4321, 4321) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        os.chown(checkout / "owned.yaml", *owner)
    result = run("fix", "linked.yaml", "owned.yaml", cwd=checkout)
    assert result.returncode == 0, result.stderr
    assert (checkout / "other-name.yaml").read_bytes() == FIXED  # the other name sees the fix
    assert os.stat(checkout / "linked.yaml").st_ino == inode
    info = os.stat(checkout / "owned.yaml")
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (*owner, 0o640)
    assert (checkout / "owned.yaml").read_bytes() == FIXED
    assert sorted(p.name for p in checkout.iterdir()) == [
        "linked.yaml",
        "other-name.yaml",
        "owned.yaml",
    ]


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    """Between edgelint's read and its write an editor saved the file: the writer compares what
    it read (inode, size, modification time, bytes) and refuses."""
    path = tmp_path / "app.yaml"
    path.write_bytes(ALIAS)
    raw, info = read_file(path, 1 << 20)
    path.write_bytes(ALIAS + b"# saved by an editor meanwhile\n")
    with pytest.raises(WriteError, match="changed on disk while edgelint was fixing it"):
        replace_file(str(path), FIXED, seen=Seen.of(info), original=raw)
    assert path.read_bytes() == ALIAS + b"# saved by an editor meanwhile\n"
    # Same size and bytes, another inode (renamed over by a tool): refused too.
    raw, info = read_file(path, 1 << 20)
    (tmp_path / "new").write_bytes(raw)
    os.replace(tmp_path / "new", path)
    with pytest.raises(WriteError, match="changed on disk"):
        replace_file(str(path), FIXED, seen=Seen.of(info), original=raw)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.yaml"]


def test_a_folder_that_cannot_be_written_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout", {"locked/app.yaml": ALIAS, "open/app.yaml": ALIAS})
    (checkout / "locked").chmod(0o555)
    try:
        result = run("fix", "locked/app.yaml", "open/app.yaml", cwd=checkout, unprivileged=True)
    finally:
        (checkout / "locked").chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr
    assert (
        b"edgelint: error: cannot write locked/app.yaml: cannot create a file in " in result.stderr
    )
    assert b"Permission denied; nothing was changed" in result.stderr
    assert (checkout / "locked" / "app.yaml").read_bytes() == ALIAS
    assert (checkout / "open" / "app.yaml").read_bytes() == FIXED


def test_a_fix_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """EL405's fix quotes `{{ }}` (two characters more): at the limit, the file is not grown."""
    text = ALIAS.replace(b"registry: remote", b"registry: 1").replace(
        b"    - name: monitor\n", b"    - name: monitor\n      rootHostAccess: {{ x }}\n"
    )
    checkout = repo(tmp_path / "checkout", {"app.yaml": text})
    limit = str(len(text) + 1)
    result = run("fix", "--max-file-size", limit, "app.yaml", cwd=checkout)
    assert result.returncode == 2
    assert (
        f"edgelint: error: cannot write app.yaml: fixed, it would be {len(text) + 2:,} bytes, "
        f"over the {len(text) + 1:,}-byte limit (max-file-size); nothing was changed"
    ).encode() in result.stderr
    assert (checkout / "app.yaml").read_bytes() == text
    unlimited = run("fix", "app.yaml", cwd=checkout)
    assert unlimited.returncode == 0
    assert len((checkout / "app.yaml").read_bytes()) == len(text) + 2  # quoted, without a limit


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_fixes_leave_no_temporary_files(tmp_path: Path, signum: int) -> None:
    """Signals sent at random moments into `fix` over many files: every file is old or new,
    and no `.<name>.*.edgelint` temporary file is left (the signal waits for the write)."""
    tree = tmp_path / "tree"
    tree.mkdir()
    rng = random.Random(20261201 + signum)
    env = {**os.environ, "EDGELINT_NO_CACHE": "1"}

    def files() -> None:
        for index in range(40):
            (tree / f"app-{index:02d}.yaml").write_bytes(ALIAS)

    # How long a whole run takes here: the signals land across its second half, where the
    # files are written (on this machine, under this load: no time is asserted).
    files()
    started = time.monotonic()
    subprocess.run(
        [edgelint_command(), "fix", str(tree)], env=env, capture_output=True, check=False
    )
    whole = time.monotonic() - started
    seen_partial = False
    for round_ in range(16):
        files()
        process = subprocess.Popen(
            [edgelint_command(), "fix", str(tree)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(whole * (0.4 + rng.random() * 0.6))
        process.send_signal(signum)
        process.wait(timeout=60)
        names = sorted(p.name for p in tree.iterdir())
        assert names == [f"app-{i:02d}.yaml" for i in range(40)], (round_, names)
        contents = {(tree / n).read_bytes() for n in names}
        assert contents <= {ALIAS, FIXED}
        seen_partial = seen_partial or len(contents) == 2
    assert seen_partial, "no signal arrived while files were being written: adjust the delays"


def test_after_a_double_dash_every_argument_is_a_file(tmp_path: Path) -> None:
    """What the pre-commit hooks run (tests/test_precommit.py runs them for real): the fast
    path that skips typer and typer itself both take `--output=app.yaml` for a file name."""
    checkout = repo(tmp_path / "checkout", {"app.yaml": FAILING, "--output=app.yaml": ALIAS})
    for argv in (["lint", "--"], ["lint", "--color", "never", "--"], ["fix", "--check", "--"]):
        result = run(*argv, "--output=app.yaml", "app.yaml", cwd=checkout)
        assert result.returncode == 1, (argv, result.stderr)
        assert (checkout / "app.yaml").read_bytes() == FAILING
        assert (checkout / "--output=app.yaml").read_bytes() == ALIAS
    missing = run("lint", "--", "--target", "datasance", "app.yaml", cwd=checkout)
    assert missing.returncode == 2
    assert missing.stderr.decode().startswith(
        "edgelint: error: --target: no such file or directory (after `--` every argument is a "
        "file; the pre-commit hooks end their options with `--`, so give options in the hook's "
        "`entry:` or in .edgelint.yaml)"
    )
