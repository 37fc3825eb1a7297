"""edgelint: lint and fix ioFog / Edgeworx Cloud application YAML before the Controller sees it."""

from edgelint.deferred import deferring

__version__ = "0.2.0"

# dataclasses imports inspect for one use: a docstring for a dataclass that has none. Every
# dataclass of edgelint's has one (tests/test_layout.py), so inspect runs only when something
# else uses it (deferred.py).
with deferring(frozenset({"inspect"})):
    import dataclasses  # noqa: F401
