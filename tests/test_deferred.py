"""Deferred imports (edgelint/deferred.py): a module runs on the first attribute it lacks, once,
before any submodule of it, while another thread waits; a failure is a failed import."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from edgelint.deferred import deferring


@pytest.fixture
def modules(tmp_path: Path) -> Iterator[Path]:
    """A folder on sys.path for this test's own modules, removed again with them."""
    before = set(sys.modules)
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in set(sys.modules) - before:
            del sys.modules[name]


RECORD = "import deferred_log\ndeferred_log.ran.append({name!r})\n"


def _ran() -> list[str]:
    return sys.modules["deferred_log"].ran  # type: ignore[no-any-return]


def _log(folder: Path) -> None:
    """A module each test module appends its name to when its code runs."""
    (folder / "deferred_log.py").write_text("ran = []\n")
    __import__("deferred_log")


def test_a_module_runs_on_first_use_once_and_is_then_ordinary(modules: Path) -> None:
    _log(modules)
    (modules / "late.py").write_text(
        "import deferred_log\ndeferred_log.ran.append('late')\nA = 1\n"
    )
    (modules / "early.py").write_text(RECORD.format(name="early"))
    with deferring(frozenset({"late"})):
        import early  # noqa: F401
        import late
    assert _ran() == ["early"]
    assert type(late).__name__ == "Deferred"
    assert late.A == 1 and late.A == 1
    assert _ran() == ["early", "late"]
    assert type(late) is ModuleType
    with pytest.raises(AttributeError, match="no attribute 'B'"):
        late.B  # noqa: B018


def test_a_package_runs_before_any_submodule(modules: Path) -> None:
    _log(modules)
    package = modules / "lazy_package"
    package.mkdir()
    (package / "__init__.py").write_text(RECORD.format(name="pkg"))
    (package / "sub.py").write_text(RECORD.format(name="sub"))
    with deferring(frozenset({"lazy_package"})):
        import lazy_package
    assert _ran() == []
    import lazy_package.sub  # noqa: F401

    assert _ran() == ["pkg", "sub"]


def test_a_second_thread_waits_for_the_first_to_finish_running_it(modules: Path) -> None:
    (modules / "slow.py").write_text("import time\nA = 1\ntime.sleep(0.3)\nB = 2\n")
    with deferring(frozenset({"slow"})):
        import slow
    seen: list[int] = []
    first = threading.Thread(target=lambda: seen.append(slow.B))
    second = threading.Thread(target=lambda: (time.sleep(0.05), seen.append(slow.B)))
    first.start()
    second.start()
    first.join()
    second.join()
    assert seen == [2, 2]


def test_a_module_that_fails_to_run_is_a_failed_import(modules: Path) -> None:
    (modules / "broken.py").write_text("X = 1\nraise RuntimeError('broken on purpose')\n")
    with deferring(frozenset({"broken"})):
        import broken
    with pytest.raises(RuntimeError, match="broken on purpose"):
        broken.X  # noqa: B018
    assert "broken" not in sys.modules
    with pytest.raises(RuntimeError, match="broken on purpose"):
        import broken  # imported again, the ordinary way
