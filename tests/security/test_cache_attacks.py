"""A repository that plants things in `.edgelint_cache` cannot make edgelint delete, create or
write outside a cache folder of its own, cannot make it hang or crash, and cannot mark a file
clean. Each test plants the attack, runs the real CLI with the cache on, and checks both the
report and every byte around the planted entries."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hostile import FAILING, NOBODY, repo, run, tree_of

from conftest import table_text
from edgelint.run.cache import FORMAT

CACHE = ".edgelint_cache"
BUILDS = f"v{FORMAT}-*"  # this build's folder, and no other
WARNING = b"edgelint: warning: not using the result cache: .edgelint_cache "


def _victim(base: Path) -> Path:
    """What an attacker points a link at: folders named as edgelint's builds, and a file."""
    victim = base / "victim"
    (victim / "v1-0.1.0-cf5e93b32e14").mkdir(parents=True)
    (victim / "v1-0.1.0-cf5e93b32e14" / "important").write_text("keep me")
    (victim / "v2-0.1.0-aaaaaaaaaaaa").mkdir()
    (victim / "v2-0.1.0-aaaaaaaaaaaa" / "0123456789abcdef01234567.json").write_text("{}")
    (victim / "notes.txt").write_text("keep me too")
    return victim


def _lints_without_cache(result: object, code: int = 1) -> None:
    assert result.returncode == code, result.stderr  # type: ignore[attr-defined]
    assert b"EL303" in result.stdout  # type: ignore[attr-defined]
    assert result.stderr.count(WARNING) == 1, result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("target", ["../victim", "."])
def test_a_cache_that_is_a_symlink_is_refused(tmp_path: Path, target: str) -> None:
    """`_prune` used to rmtree every `v*` folder in the link's target: `../victim` or the
    repository itself (`.`), whose own `v*` folders are someone's work."""
    victim = _victim(tmp_path)
    checkout = repo(tmp_path / "checkout")
    for name in ("v1-0.1.0-cf5e93b32e14", "v3-keep-000000000000"):
        (checkout / name).mkdir()
        (checkout / name / "work.txt").write_text("mine")
    (checkout / CACHE).symlink_to(target)
    before_victim, before_checkout = tree_of(victim), tree_of(checkout)
    for _ in range(2):
        result = run("lint", "app.yaml", cwd=checkout, home=tmp_path / "home")
        _lints_without_cache(result)
        assert b"is a symlink; remove it or pass --no-cache" in result.stderr
    assert tree_of(victim) == before_victim
    assert tree_of(checkout) == before_checkout


def test_links_inside_the_cache_are_never_followed(tmp_path: Path) -> None:
    """A dangling `.gitignore` link used to create a file at its target; a build folder that is a
    link is refused; a table that is a link is neither read nor written through."""
    victim = _victim(tmp_path)
    outside = tmp_path / "outside.json"
    outside.write_text('{"planted": true}')
    checkout = repo(tmp_path / "checkout")
    cache = checkout / CACHE
    cache.mkdir()
    (cache / ".gitignore").symlink_to(tmp_path / "created-by-edgelint")
    (cache / "CACHEDIR.TAG").symlink_to(tmp_path / "tag-created-by-edgelint")
    (cache / "v1-0.1.0-cf5e93b32e14").symlink_to(victim / "v1-0.1.0-cf5e93b32e14")
    (cache / "v2-0.1.0-bbbbbbbbbbbb").symlink_to(victim)
    home = tmp_path / "home"
    first = run("lint", "app.yaml", cwd=checkout, home=home)
    assert first.returncode == 1 and b"EL303" in first.stdout
    assert not (tmp_path / "created-by-edgelint").exists()
    assert not (tmp_path / "tag-created-by-edgelint").exists()
    assert tree_of(victim)["v1-0.1.0-cf5e93b32e14/important"] == b"keep me"
    assert "v2-0.1.0-aaaaaaaaaaaa/0123456789abcdef01234567.json" in tree_of(victim)
    # Now the table of this build is a link to a file outside: not read, not written through.
    (table,) = [p for p in cache.glob(f"{BUILDS}/*.json") if not p.parent.is_symlink()]
    table.unlink()
    table.symlink_to(outside)
    again = run("lint", "app.yaml", cwd=checkout, home=home)
    assert again.returncode == 1 and b"EL303" in again.stdout
    assert outside.read_text() == '{"planted": true}'
    assert not table.is_symlink()  # the link itself was replaced, inside the cache


def test_a_build_folder_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    checkout = repo(tmp_path / "checkout")
    home = tmp_path / "home"
    run("lint", "app.yaml", cwd=checkout, home=home)
    (build,) = (checkout / CACHE).glob(BUILDS)
    for entry in build.iterdir():
        entry.unlink()
    build.rmdir()
    build.symlink_to(victim)
    before = tree_of(victim)
    result = run("lint", "app.yaml", cwd=checkout, home=home)
    _lints_without_cache(result)
    assert f"holds a symlink ({CACHE}/{build.name})".encode() in result.stderr
    assert tree_of(victim) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_cache_of_another_user_is_refused(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout")
    (checkout / CACHE).mkdir()
    os.chown(checkout / CACHE, NOBODY, NOBODY)
    result = run("lint", "app.yaml", cwd=checkout, home=tmp_path / "home")
    _lints_without_cache(result)
    assert b"belongs to another user" in result.stderr
    assert list((checkout / CACHE).iterdir()) == []


def test_a_cache_that_is_a_file_is_refused(tmp_path: Path) -> None:
    checkout = repo(tmp_path / "checkout")
    (checkout / CACHE).write_text("not a folder")
    result = run("lint", "app.yaml", cwd=checkout, home=tmp_path / "home")
    _lints_without_cache(result)
    assert b"is not a directory" in result.stderr
    assert (checkout / CACHE).read_text() == "not a folder"


def test_only_the_names_edgelint_writes_are_pruned(tmp_path: Path) -> None:
    """An older build's folder loses its tables and temporary files; anything else in it, and
    anything in the cache that is not edgelint's, stays."""
    checkout = repo(tmp_path / "checkout")
    cache = checkout / CACHE
    old = cache / "v1-0.0.9-0123456789ab"
    old.mkdir(parents=True)
    (old / "0123456789abcdef01234567.json").write_text("{}")
    (old / ".tmp-0123456789abcdef").write_text("")
    (old / "someone-elses.txt").write_text("keep")
    gone = cache / "v1-0.0.8-ba9876543210"
    gone.mkdir()
    (gone / "fedcba9876543210fedcba98.json").write_text("{}")
    (cache / "vacation-photos").mkdir()
    (cache / "vacation-photos" / "beach.jpg").write_text("keep")
    result = run("lint", "app.yaml", cwd=checkout, home=tmp_path / "home")
    assert result.returncode == 1 and result.stderr == b""
    assert sorted(p.name for p in old.iterdir()) == ["someone-elses.txt"]
    assert not gone.exists()
    assert (cache / "vacation-photos" / "beach.jpg").read_text() == "keep"


def _table(checkout: Path) -> Path:
    (table,) = (checkout / CACHE).glob(f"{BUILDS}/*.json")
    return table


def _clean_entry(table: Path) -> None:
    """Forge what an attacker commits: every file's entry says "no findings"."""
    entries = json.loads(table.read_text())
    for entry in entries.values():
        entry[1] = []
    table.write_text(table_text(entries))


def test_a_committed_cache_cannot_mark_a_file_clean(tmp_path: Path) -> None:
    """Entries are keyed with a secret of the user that wrote them, kept outside the checkout:
    a cache made on the attacker's machine (another key), or forged with plain digests of the
    file, is a miss on ours. (The same checkout path for both, so that the settings
    fingerprint, which names the table, is the same: only the key differs.)"""
    checkout = repo(tmp_path / "checkout")
    attacker, ours = tmp_path / "attacker-home", tmp_path / "our-home"
    run("lint", "app.yaml", cwd=checkout, home=attacker)
    _clean_entry(_table(checkout))
    # On the attacker's own machine the forged entry works: that is what a cache is for.
    fooled = run("lint", "app.yaml", cwd=checkout, home=attacker)
    assert fooled.returncode == 0, fooled.stdout
    # Committed and checked out on ours, it is never a hit.
    result = run("lint", "app.yaml", cwd=checkout, home=ours)
    assert result.returncode == 1 and b"EL303" in result.stdout
    # Nor with the digest a cache without a key would have used.
    from edgelint.run.cache import content_hash

    table = _table(checkout)
    entries = json.loads(table.read_text())
    for entry in entries.values():
        entry[0], entry[1] = content_hash(FAILING), []
    table.write_text(table_text(entries))
    again = run("lint", "app.yaml", cwd=checkout, home=ours)
    assert again.returncode == 1 and b"EL303" in again.stdout


# Each as a table of edgelint's layout (one entry a line), so that its entry is read and refused,
# and as one line of JSON, which is no table at all.
_ENTRIES = {
    "truncated": b'["0011", [["EL30',
    "not json": b"\x00\xff garbage",
    "huge": b'"' + b"a" * (65 << 20) + b'"',
    "deep": b"[" * 200_000 + b"]" * 200_000,
    "infinity": b"[Infinity, [], []]",
    "huge number": b"[" + b"9" * 5000 + b", [], []]",
    "wrong shapes": b'["d", [["EL303", "error", "m", [1, 1, 1, 2], [0, 1], '
    b'null, 0, [], "yes"]], [[1]]]',
}
DAMAGED = {
    **{f"{kind}, a line": b'{\n"app.yaml":' + entry + b"\n}\n" for kind, entry in _ENTRIES.items()},
    **{f"{kind}, one line": b'{"app.yaml": ' + entry + b"}" for kind, entry in _ENTRIES.items()},
    "cut short": b'{\n"app.yaml":["0011",[]',
}


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_damaged_tables_are_misses(tmp_path: Path, kind: str) -> None:
    checkout = repo(tmp_path / "checkout")
    home = tmp_path / "home"
    first = run("lint", "app.yaml", cwd=checkout, home=home)
    table = _table(checkout)
    table.write_bytes(DAMAGED[kind])
    result = run("lint", "app.yaml", cwd=checkout, home=home, timeout=30)
    assert result.returncode == 1
    assert result.stdout == first.stdout
    assert result.stderr == b""


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_special_files_as_tables_are_never_opened(tmp_path: Path, kind: str) -> None:
    """A FIFO would block a reader forever; /dev/zero (linked) would fill memory."""
    checkout = repo(tmp_path / "checkout")
    home = tmp_path / "home"
    first = run("lint", "app.yaml", cwd=checkout, home=home)
    table = _table(checkout)
    table.unlink()
    if kind == "fifo":
        os.mkfifo(table)
    else:
        table.symlink_to("/dev/zero")
    result = run("lint", "app.yaml", cwd=checkout, home=home, timeout=30)
    assert result.returncode == 1 and result.stdout == first.stdout
    if kind == "fifo":
        assert not stat.S_ISFIFO(os.lstat(table).st_mode)  # replaced by a table, inside
