"""The result cache: unchanged files come from it, any change to bytes or settings checks again,
and a damaged or missing cache only costs time."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FAILING, REPO, run_cli, settings, table_text
from edgelint.config.settings import Settings
from edgelint.run.cache import CACHE_DIR, ResultCache
from edgelint.run.inputs import Input, discover
from edgelint.run.runner import PARALLEL_MIN_FILES, lint_inputs

APP = (REPO / "examples" / "heart-rate.yaml").read_bytes()
CACHED = {"EDGELINT_NO_CACHE": ""}


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "deploy"
    tree.mkdir()
    for index in range(3):
        (tree / f"app-{index}.yaml").write_bytes(APP)
    return tree


def _entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / ".edgelint_cache").glob("v*/*.json"))


def _mark(tmp_path: Path) -> None:
    """Rewrite every cached message, so that output from the cache can be told apart."""
    for path in _entries(tmp_path):
        table = json.loads(path.read_text())
        for _, records, *_ in table.values():
            for record in records:
                record[2] = "FROM-THE-CACHE " + record[2]
        path.write_text(table_text(table))


def test_unchanged_files_come_from_the_cache(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    first = run_cli("lint", tree, cwd=tmp_path, env=CACHED)
    assert first.returncode == 0
    assert len(_entries(tmp_path)) == 1
    assert (tmp_path / ".edgelint_cache" / ".gitignore").read_text().endswith("*\n")
    _mark(tmp_path)
    second = run_cli("lint", tree, cwd=tmp_path, env=CACHED)
    assert second.stdout.count(b"FROM-THE-CACHE") == 9  # 3 findings in each of 3 files
    assert second.stdout.replace(b"FROM-THE-CACHE ", b"") == first.stdout
    # A changed file is checked again; the others still come from the cache.
    (tree / "app-1.yaml").write_bytes(APP.replace(b"registry: remote", b"registry: 1"))
    third = run_cli("lint", tree, cwd=tmp_path, env=CACHED)
    assert third.stdout.count(b"FROM-THE-CACHE") == 6
    # --no-cache, and other settings (another target), never read it.
    fresh = run_cli("lint", "--no-cache", tree, cwd=tmp_path, env=CACHED)
    assert b"FROM-THE-CACHE" not in fresh.stdout
    other = run_cli("lint", "--target", "edgeworx-cloud", tree, cwd=tmp_path, env=CACHED)
    assert b"FROM-THE-CACHE" not in other.stdout


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    first = run_cli("lint", tree, cwd=tmp_path, env=CACHED)
    for path in _entries(tmp_path):
        path.write_text('{"deploy/app-0.yaml": ["x", [[1, 2]]], "oops": ')
    again = run_cli("lint", tree, cwd=tmp_path, env=CACHED)
    assert again.returncode == first.returncode
    assert again.stdout == first.stdout
    assert b"Traceback" not in again.stderr


def test_fix_uses_the_cache_only_for_files_with_nothing_to_fix(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    run_cli("lint", tree, cwd=tmp_path, env=CACHED)
    fixed = run_cli("fix", tree, cwd=tmp_path, env=CACHED)
    assert fixed.returncode == 0
    assert all(b"registry: 1" in p.read_bytes() for p in tree.iterdir())
    assert b"Fixed 6 issues in 3 files." in fixed.stdout


def test_workers_report_exactly_what_one_process_reports(tmp_path: Path) -> None:
    """Enough files for worker processes: same diagnostics, same order, same exit code."""
    corpus = sorted((REPO / "tests" / "corpus").glob("*.y*ml"))
    tree = tmp_path / "many"
    tree.mkdir()
    for index, path in enumerate(corpus):
        (tree / f"{index:03d}-{path.name}").write_bytes(path.read_bytes())
    serial = run_cli("lint", "--jobs", "1", "--format", "json", tree)
    parallel = run_cli("lint", "--jobs", "2", "--format", "json", tree)
    assert serial.returncode == parallel.returncode == 1
    assert json.loads(parallel.stdout) == json.loads(serial.stdout)
    assert len(json.loads(serial.stdout)["diagnostics"]) > 100


def test_fix_workers_fix_and_report_exactly_what_one_process_does(tmp_path: Path) -> None:
    """`fix --jobs 2` on enough files for workers: the same bytes written, the same report,
    the same exit code as `--jobs 1`; and the cache it fills is lint's (fixed files again)."""
    corpus = sorted((REPO / "tests" / "corpus").glob("*.y*ml"))
    trees = []
    for name in ("serial", "parallel"):
        tree = tmp_path / name / "many"
        tree.mkdir(parents=True)
        for index, path in enumerate(corpus):
            (tree / f"{index:03d}-{path.name}").write_bytes(path.read_bytes())
        trees.append(tree)
    serial = run_cli("fix", "--jobs", "1", "many", cwd=trees[0].parent, env=CACHED)
    parallel = run_cli("fix", "--jobs", "2", "many", cwd=trees[1].parent, env=CACHED)
    assert serial.returncode == parallel.returncode == 1
    assert parallel.stdout == serial.stdout
    assert b" fixed EL301 " in serial.stdout
    written = [{p.name: p.read_bytes() for p in tree.iterdir()} for tree in trees]
    assert written[0] == written[1]
    assert written[0] != {f"{i:03d}-{p.name}": p.read_bytes() for i, p in enumerate(corpus)}
    for tree in trees:
        again = run_cli("lint", "--format", "json", "many", cwd=tree.parent, env=CACHED)
        fresh = run_cli("lint", "--no-cache", "--format", "json", "many", cwd=tree.parent)
        assert json.loads(again.stdout) == json.loads(fresh.stdout)


def test_fix_caches_the_detected_target_and_skipped_documents(tmp_path: Path) -> None:
    """A file fix leaves alone is cached with what lint's summary says of it."""
    (tmp_path / "potctl.yaml").write_bytes(
        b"apiVersion: datasance.com/v3\nkind: Registry\nspec:\n  url: r.example.com\n"
        b"  username: u\n  email: e@example.com\n---\nname: ci\non: push\n"
    )
    fresh = run_cli("lint", "--no-cache", "potctl.yaml", cwd=tmp_path)
    assert b"1 file checked as target datasance" in fresh.stdout
    assert b"1 non-ioFog document skipped" in fresh.stdout
    run_cli("fix", "potctl.yaml", cwd=tmp_path, env=CACHED)
    cached = run_cli("lint", "potctl.yaml", cwd=tmp_path, env=CACHED)
    assert cached.stdout == fresh.stdout


def test_the_table_is_written_as_files_are_checked_and_replaced_at_the_end(tmp_path: Path) -> None:
    """A second run over more files keeps the first run's entries and adds its own; nothing
    temporary is left behind."""
    tree = _tree(tmp_path)
    run_cli("lint", "deploy", cwd=tmp_path, env=CACHED)
    (tree / "app-3.yaml").write_bytes(APP)
    run_cli("lint", "deploy", "--jobs", "1", cwd=tmp_path, env=CACHED)
    (table,) = _entries(tmp_path)
    assert sorted(json.loads(table.read_text())) == [f"deploy/app-{i}.yaml" for i in range(4)]
    assert not list((tmp_path / ".edgelint_cache").glob("v*/.tmp-*"))
    _mark(tmp_path)
    third = run_cli("lint", "deploy", cwd=tmp_path, env=CACHED).stdout.decode()
    assert third.count("FROM-THE-CACHE") == 4 * 3  # 3 findings in each of 4 files


def test_a_killed_run_leaves_a_temporary_table_that_a_later_run_removes(tmp_path: Path) -> None:
    import os
    import time

    _tree(tmp_path)
    run_cli("lint", "deploy", cwd=tmp_path, env=CACHED)
    (folder,) = (tmp_path / ".edgelint_cache").glob("v*/")
    stale, fresh = folder / ".tmp-00112233aabbccdd", folder / ".tmp-ffeeddccbbaa9988"
    stale.write_text('{"deploy/app-0.yaml":')  # what a SIGKILL mid-run leaves
    fresh.write_text("{")  # another run, still writing
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    (tmp_path / "deploy" / "app-9.yaml").write_bytes(APP)  # a miss: this run writes a table
    run_cli("lint", "deploy", cwd=tmp_path, env=CACHED)
    assert not stale.exists()
    assert fresh.exists()


def test_a_table_is_indexed_and_its_entries_read_when_asked(tmp_path: Path) -> None:
    """A warm run holds where each entry is, not the entries: each is read from the file, and
    checked, when its file asks for it; the ones it did not replace are copied as written."""
    _tree(tmp_path)
    run_cli("lint", "deploy", cwd=tmp_path, env=CACHED)
    (table,) = _entries(tmp_path)
    text = table.read_text()
    assert text.startswith('{\n"deploy/app-0.yaml":[') and text.endswith("]\n}\n")
    assert len(text.splitlines()) == 3 + 2
    written = json.loads(text)

    import os

    from edgelint.run.cache import _read_table

    folder = os.open(table.parent, os.O_RDONLY)
    try:
        old = _read_table(folder, table.name)
        assert sorted(old.places) == sorted(written)
        assert all(isinstance(place, int) for place in old.places.values())
        entry = written["deploy/app-1.yaml"]
        assert old.get("deploy/app-1.yaml", entry[0]) == entry
        # The entry of other bytes than these (the file was edited) is not even parsed.
        assert old.get("deploy/app-1.yaml", "0" * len(entry[0])) is None
        assert old.get("deploy/elsewhere.yaml", entry[0]) is None
        assert [json.loads(entry) for _, entry in old.entries()] == list(written.values())
        old.close()
    finally:
        os.close(folder)


def test_a_table_not_in_edgelints_layout_is_no_table(tmp_path: Path) -> None:
    import os

    from edgelint.run.cache import _read_table

    entry = json.dumps(["d", [], [], None, 0])
    layouts = {
        "one line (json.dumps)": f'{{"a.yaml": {entry}}}',
        "no closing line": f'{{\n"a.yaml":{entry}\n',
        "not ASCII": f'{{\n"\u00e4.yaml":{entry}\n}}\n',
        "no colon": f'{{\n"a.yaml"{entry}\n}}\n',
        "a key that is no string": f"{{\n7:{entry}\n}}\n",
        "an unterminated key": f'{{\n"a.yaml:{entry}\n}}\n',
        "empty": "",
    }
    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        for why, text in layouts.items():
            (tmp_path / "t.json").write_text(text, encoding="utf-8")
            assert not _read_table(folder, "t.json"), why
        (tmp_path / "t.json").write_text(f'{{\n"a.yaml":{entry}\n}}\n')
        assert _read_table(folder, "t.json").get("a.yaml", "d") == json.loads(entry)
        # An entry that is not JSON is a miss for its file alone.
        (tmp_path / "t.json").write_text('{\n"a.yaml":["d",1,\n"b.yaml":["d",NaN]\n}\n')
        table = _read_table(folder, "t.json")
        assert sorted(table.places) == ["a.yaml", "b.yaml"]
        assert table.get("a.yaml", "d") is None and table.get("b.yaml", "d") is None
    finally:
        os.close(folder)


@pytest.mark.parametrize("jobs", [1, 2])
def test_findings_are_cached_under_the_bytes_they_were_found_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """A file that changes after the run looked it up in the cache and before it was checked:
    its findings are those of the new bytes, and are cached under the new bytes' digest. Cached
    under the digest taken at the look-up, the old bytes would come back from the next run
    with the new bytes' findings."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    clean = APP.replace(b"registry: remote", b"registry: 1")
    tree = tmp_path / "deploy"
    tree.mkdir()
    names = [tree / f"app-{index:02d}.yaml" for index in range(PARALLEL_MIN_FILES)]
    for name in names:
        name.write_bytes(clean)
    inputs = discover([str(tree)])
    built = settings()
    changed = names[0]

    def settings_for(input_: Input) -> Settings:
        if input_.path == str(names[1]):  # the first file has been looked up, not checked
            changed.write_bytes(FAILING)
        return built

    def run(settings_for: Callable[[Input], Settings]) -> list[list[str]]:
        cache = ResultCache(tmp_path / CACHE_DIR)
        got = lint_inputs(inputs, settings_for, cache=cache, jobs=jobs)
        cache.close()
        return [[d.code for d in result.diagnostics] for result in got.files]

    first = run(settings_for)  # no cache yet: every file is looked up, missed and checked
    assert "EL303" in first[0]  # the new bytes were checked
    changed.write_bytes(clean)  # back to the bytes of the look-up
    again = run(lambda _: built)
    assert "EL303" not in again[0]
    assert again[0] == first[1]  # as the files that did not change
    changed.write_bytes(FAILING)
    assert run(lambda _: built)[0] == first[0]
