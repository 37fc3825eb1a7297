"""python-liquid's import, without the parts a Controller render never runs.

`import liquid` executes all of python-liquid: its file-system and package loaders (which import
asyncio and importlib_resources), its message catalogs and non-standard filters (babel, pytz),
the non-standard tags of `liquid.extra`, and the `date` filter's parser (dateutil). The
Controller's environment (engine.py) uses none of them: it replaces every filter, removes the
tags that read files and never loads a template from anywhere. On 2 cores they were about half of
python-liquid's import, and that import was the largest cost of a pre-commit run over a commit
with one templated file.

So the first `import liquid` after this package is imported goes through `_LeanLiquid`:

* `liquid.messages` and `liquid.extra` are not executed. python-liquid's package and environment
  import four names from them; those names resolve to the real objects the first time they are
  used (`liquid.MessageTuple`, or the environment's `extra=True`).
* Nor are Shopify's filters (`liquid.builtin.filters.*`) and the HTML parser of `strip_html`.
  python-liquid registers them in every environment it makes; the Controller's drops them all
  for liquidjs's own (engine.py). Those skipped saved 4% of a commit with one templated file.
  An environment of python-liquid's own still gets the real filters, at their first use.
* The packages in `DEFERRED` are deferred (edgelint/deferred.py): created, but run only when
  something first reads an attribute they do not have yet.

Everything else of python-liquid is imported as it is. Nothing is replaced: what is used later
is the real object, imported then. The finder removes itself when it has served its one import,
and a process that imported python-liquid before this package gets the ordinary import.

One regular expression is compiled ahead, cheaply: python-liquid's property-name pattern
(`RE_PROPERTY`, in `liquid.context` and two other modules) spells its class with the range
U+0080 to U+FFFF, and the `re` module's compiler marks a range one code point at a time in
Python, 65,408 of them, twice: about 20 ms, a tenth of a cold pre-commit run, for a pattern a
render only uses on dotted paths of odd names. The same class, written as its complement, has no
wide range to walk; the finder puts that pattern in `re`'s cache under python-liquid's spelling,
so `re.compile` of that spelling returns it. It matches the same strings (a test compares them
over every code point); only its `.pattern` text differs.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from edgelint.deferred import Wrapping, deferring, find_after

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from importlib.machinery import ModuleSpec

# What python-liquid 2.3 imports at module level only for loaders, i18n, babel's filters and the
# `date` filter.
DEFERRED = frozenset({"asyncio", "babel", "dateutil", "importlib_resources", "pytz"})

# python-liquid's own modules that a Controller render never needs (package → why).
SKIPPED = {
    "liquid.messages": "translation message extraction (babel)",
    "liquid.extra": "non-standard tags and filters (babel, macros, template inheritance)",
    # Shopify's filters: the Controller's environment replaces every one with liquidjs's
    # (engine.py, render/filters), so python-liquid registers them and they are dropped unread.
    "liquid.builtin.filters.array": "Shopify's array filters",
    "liquid.builtin.filters.extra": "Shopify's escapejs and safe filters",
    "liquid.builtin.filters.math": "Shopify's math filters",
    "liquid.builtin.filters.misc": "Shopify's date, default and size filters",
    "liquid.builtin.filters.string": "Shopify's string filters (and the html package)",
    "liquid.utils.html": "strip_html's HTML parser (html.parser)",
}


class _Later:
    """A name imported from a skipped module: the real object is imported when it is used,
    called or asked for an attribute (python-liquid reads a filter's `with_environment`
    before it calls it)."""

    __slots__ = ("module", "name", "real")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self.real: Any = None

    def resolve(self) -> Any:
        if self.real is None:
            import importlib

            self.real = getattr(importlib.import_module(self.module), self.name)
        return self.real

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # what an import or a wrapper looks for: this is no object yet
            raise AttributeError(name)
        return getattr(self.resolve(), name)


class _Skipped(ModuleType):
    """Stands in for a skipped module during python-liquid's import, and only then."""

    def __getattr__(self, name: str) -> _Later:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Later(self.__name__, name)


def _resolver(later: dict[str, _Later], module: ModuleType) -> Callable[[str], Any]:
    """The package's module `__getattr__` (PEP 562): a name bound to a skipped module's object,
    imported for real the first time it is read, then kept."""

    def __getattr__(name: str) -> Any:
        if name not in later:
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
        value = later.pop(name).resolve()
        setattr(module, name, value)
        return value

    return __getattr__


class _LeanLoader(Wrapping):
    def exec_module(self, module: ModuleType) -> None:
        self.adopt(module)
        skipped = {name: _Skipped(name) for name in SKIPPED if name not in sys.modules}
        sys.modules.update(skipped)
        try:
            with deferring(DEFERRED):
                self.loader.exec_module(module)
        finally:
            for name, stand_in in skipped.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
        later = {name: value for name, value in vars(module).items() if isinstance(value, _Later)}
        for name in later:
            delattr(module, name)
        if later and "__getattr__" not in vars(module):
            module.__getattr__ = _resolver(later, module)  # type: ignore[method-assign]


class _LeanLiquid:
    """A meta path finder for `liquid` alone, that removes itself when it is asked."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "liquid":
            return None
        _seed_property_pattern()  # only now: a run whose files have no templates never pays it
        spec = find_after(self, name, path)
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _LeanLoader(spec.loader)  # type: ignore[assignment]
        return spec


# python-liquid 2.3's RE_PROPERTY, and the same class as a complement: every code point but
# \x00-\x40, [\]^, `, {|}~\x7f and the planes beyond the first (after the first character, 0-9
# and - too). Nothing in it is a range the compiler walks one code point at a time.
PROPERTY = r"[\u0080-\uFFFFa-zA-Z_][\u0080-\uFFFFa-zA-Z0-9_-]*"
PROPERTY_COMPLEMENT = (
    r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f\U00010000-\U0010ffff]"
    r"[^\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f\U00010000-\U0010ffff]*"
)


def _seed_property_pattern() -> None:
    """`re.compile(PROPERTY)` returns PROPERTY_COMPLEMENT's compiled pattern from here on: the
    same key `re` itself caches under (CPython 3.7-3.13); without that cache, nothing changes."""
    import re

    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        cache.setdefault((str, PROPERTY, 0), re.compile(PROPERTY_COMPLEMENT))


def install() -> None:
    """Make the next `import liquid` lean, unless python-liquid is already imported."""
    if "liquid" in sys.modules:
        return
    if not any(isinstance(finder, _LeanLiquid) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LeanLiquid())
