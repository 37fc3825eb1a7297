"""Imports deferred until their module is used: created now, run on first use.

Some modules edgelint imports pull in others at module level for a feature edgelint never uses:
dataclasses imports inspect (with ast, dis and tokenize, ~8 ms on 2 cores) only to write a
docstring for a dataclass that has none, and python-liquid imports asyncio, babel and more for
loaders and filters a Controller render never runs (render/liquid_import.py). A pre-commit hook
pays every import on every commit. Inside `deferring(names)`, a module of `names` that the block
imports for the first time is created by its real loader, but its code runs only when something
first reads an attribute it does not have yet — then it runs unchanged, in the same module
object, and from then on it is the ordinary module.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from importlib.machinery import ModuleSpec, SourceFileLoader
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from importlib.abc import Loader

_STATE = "__edgelint_deferred__"


def find_after(finder: object, name: str, path: Sequence[str] | None) -> ModuleSpec | None:
    """The spec the other finders on sys.meta_path give `name`, in their order."""
    for other in list(sys.meta_path):
        find_spec = getattr(other, "find_spec", None)
        if other is not finder and find_spec is not None:
            spec: ModuleSpec | None = find_spec(name, path, None)
            if spec is not None:
                return spec
    return None


class _Pending:
    """What a deferred module needs to run: its loader, its held-back `__path__`, and a lock so
    that a second thread waits for the first to finish running it."""

    def __init__(self, loader: Loader, path: Any) -> None:
        import _thread  # a lock for each deferred module, without threading's import

        self.loader = loader
        self.path = path
        self.lock = _thread.RLock()
        self.running = False


class Deferred(ModuleType):
    """A module created by its real loader whose code runs on the first attribute it lacks.

    Its `__path__` is held back as well, so that no submodule of a deferred package can be
    imported before the package itself has run. While it runs, its own code sees it as any
    module being imported is seen (a name not yet set is missing); another thread waits. If it
    fails, it leaves sys.modules, as a failed import does.
    """

    def __getattr__(self, name: str) -> Any:
        pending = self.__dict__.get(_STATE)
        if isinstance(pending, _Pending):
            with pending.lock:
                if not pending.running and _STATE in self.__dict__:
                    self._run(pending)
        if type(self) is Deferred:  # still running it, in this thread
            raise AttributeError(f"partially initialized module {self.__name__!r} has no {name!r}")
        return getattr(self, name)

    def _run(self, pending: _Pending) -> None:
        pending.running = True
        if pending.path is not None:
            self.__path__ = pending.path
        try:
            pending.loader.exec_module(self)
        except BaseException:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            raise
        finally:
            del self.__dict__[_STATE]
            self.__class__ = ModuleType  # type: ignore[assignment]


class Wrapping:
    """A loader around the real one: the module it makes names the real loader as its own."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def adopt(self, module: ModuleType) -> None:
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        module.__loader__ = self.loader


class _DeferringLoader(Wrapping):
    def exec_module(self, module: ModuleType) -> None:
        self.adopt(module)
        module.__dict__[_STATE] = _Pending(self.loader, module.__dict__.pop("__path__", None))
        module.__class__ = Deferred


class Deferring:
    """A meta path finder that defers the packages it names (and their submodules)."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name.partition(".")[0] not in self.names:
            return None
        spec = find_after(self, name, path)
        if spec is not None and isinstance(spec.loader, SourceFileLoader):
            spec.loader = _DeferringLoader(spec.loader)  # type: ignore[assignment]
        return spec


@contextmanager
def deferring(names: frozenset[str]) -> Iterator[None]:
    """Defer what the imports made inside the block import of `names`, if not imported yet."""
    finder = Deferring(names)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
